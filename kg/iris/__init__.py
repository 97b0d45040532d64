"""IRI strings for the query path.

The query commands must start faster than importing rdflib's SPARQL engine, so they never import
rdflib: this module holds the same IRIs as ``kg.iris.namespaces`` as plain strings (a test keeps them equal).
"""

EKG = "https://w3id.org/evidence-kg/ontology#"
ID = "https://w3id.org/evidence-kg/id/"
GRAPH = ID + "graph/"
ONTOLOGY_GRAPH = GRAPH + "ontology"
#: what articles share (sources, people, organisations, venues, concepts, the curators), described once
SHARED_GRAPH = GRAPH + "shared"
#: the audit's findings, written by the build's post-build hook
AUDIT_GRAPH = GRAPH + "audit"

PREFIXES: dict[str, str] = {
    "ekg": EKG,
    "id": ID,
    "design": ID + "design/",
    "level": ID + "level/",
    "prov": "http://www.w3.org/ns/prov#",
    "cito": "http://purl.org/spar/cito/",
    "oa": "http://www.w3.org/ns/oa#",
    "bibo": "http://purl.org/ontology/bibo/",
    "fabio": "http://purl.org/spar/fabio/",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "mp": "http://purl.org/mp/",
    "obo": "http://purl.obolibrary.org/obo/",
    "np": "http://www.nanopub.org/nschema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}

OBO = PREFIXES["obo"]
#: ECO evidence types of a claim (kg.dataset.vocab labels them; kg.iris.namespaces has them as rdflib terms)
ECO_CLINICAL_STUDY = OBO + "ECO_0006016"  # statement supported by a referenced clinical study
ECO_TRACEABLE = OBO + "ECO_0000033"  # author statement supported by a traceable reference
ECO_UNTRACEABLE = OBO + "ECO_0000034"  # author statement without traceable support
ECO_EXPERT = OBO + "ECO_0006018"  # expert opinion


def sparql_prologue() -> str:
    """PREFIX lines for every project prefix, to prepend to a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def slug_iri(kind: str, *parts: str) -> str:
    """A deterministic instance IRI: ``id/<kind>/<part>/<part>``."""
    return ID + "/".join((kind, *parts))
