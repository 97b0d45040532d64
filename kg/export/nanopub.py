"""One nanopublication per claim, as TriG (http://nanopub.net/guidelines/working_draft/).

Each nanopublication ``id/nanopub/<slug>/<claim id>`` has four named graphs, ``#Head``, ``#assertion``,
``#provenance`` and ``#pubinfo``:

- the head types it ``np:Nanopublication`` and links the other three;
- the assertion is the claim: its types, statement, what it is about, its evidence type, its statistics and
  its citations (the CiTO links to the sources and the ``ekg:Citation`` nodes with their cues);
- the provenance says where the assertion comes from: the assertion graph ``prov:wasDerivedFrom`` the quote
  annotation (an ``oa:Annotation`` with its TextQuote and TextPosition selectors, included) and
  ``prov:hadPrimarySource`` the article (its title, publisher, date and URL, included); it is
  ``prov:wasAttributedTo`` whoever the article attributes the claim to, else the article's publisher. The
  claim's qualified attribution, its section, ambiguities and reviewer-recorded discrepancies are here too;
- the publication info says when (``dcterms:created``, ``prov:generatedAtTime``) and with what
  (``pav:createdWith`` evidence-kg and its version) it was generated. The time is ``$SOURCE_DATE_EPOCH`` when
  set, else the time of the export (see ``kg.export.common.generation_time``).

The nanopublications are not signed and their URIs are not trusty URIs: both need the publisher's key and
belong to publishing (``nanopub`` tools can sign and publish these files), not to an export of the graph.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.export.registry import exporter
from kg.iris import ID, ONTOLOGY_GRAPH, PREFIXES

NP = PREFIXES["np"]
PROV = PREFIXES["prov"]
EKG = PREFIXES["ekg"]
OA = PREFIXES["oa"]
CITO = PREFIXES["cito"]
SCHEMA = PREFIXES["schema"]
DCTERMS = PREFIXES["dcterms"]
RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
PAV = "http://purl.org/pav/"
XSD_DATETIME = PREFIXES["xsd"] + "dateTime"

GRAPHS = ("Head", "assertion", "provenance", "pubinfo")
#: Claim triples that say where the claim comes from rather than what it says: they go to the provenance.
PROVENANCE_OF_CLAIM = {
    PROV + "wasAttributedTo",
    PROV + "qualifiedAttribution",
    EKG + "discrepancy",
    EKG + "ambiguity",
    EKG + "inSection",
}
ARTICLE_PROPERTIES = {
    RDF_TYPE,
    DCTERMS + "title",
    SCHEMA + "publisher",
    SCHEMA + "datePublished",
    SCHEMA + "url",
    SCHEMA + "inLanguage",
}
AGENT_PROPERTIES = {RDF_TYPE, SCHEMA + "name", SCHEMA + "honorificSuffix", SCHEMA + "jobTitle"}


def nanopub_iri(slug: str, claim_id: str) -> str:
    return f"{ID}nanopub/{slug}/{claim_id}"


class _Triples:
    """Reads a node's triples from the store (any graph but the ontology's), deduplicated.

    The last nodes read are kept: every claim's nanopublication reads its article (with the article's whole text)
    and publisher again, which was most of the export's time before they were kept."""

    def __init__(self, store) -> None:
        import functools

        import pyoxigraph

        self.store = store
        self.ontology = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
        self._all = functools.lru_cache(maxsize=1024)(self._read)

    def _read(self, node) -> list:
        seen, out = set(), []
        for q in self.store.quads_for_pattern(node, None, None, None):
            if q.graph_name == self.ontology:
                continue
            key = (q.subject, q.predicate, q.object)
            if key not in seen:
                seen.add(key)
                out.append(key)
        return out

    def about(self, node, predicates: set[str] | None = None, exclude: set[str] | None = None) -> list:
        return [
            t
            for t in self._all(node)
            if (predicates is None or t[1].value in predicates) and not (exclude and t[1].value in exclude)
        ]

    def objects(self, node, predicate: str) -> list:
        return sorted({t[2] for t in self.about(node, {predicate})}, key=str)

    def subjects(self, predicate: str, obj) -> list:
        import pyoxigraph

        return sorted(
            {q.subject for q in self.store.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), obj, None)}, key=str
        )


def nanopubs(store, when=None):
    """Each claim's nanopublication as its list of quads, sorted (graph, subject, predicate, object), one at a
    time, so that an export holds one claim's quads, not the corpus's."""
    import pyoxigraph as ox

    from kg.export.common import (
        SOFTWARE_IRI,
        claims,
        generation_time,
        iso,
        software_version,
    )

    when = when or generation_time()
    created = ox.Literal(iso(when), datatype=ox.NamedNode(XSD_DATETIME))
    read = _Triples(store)
    software = ox.NamedNode(SOFTWARE_IRI)
    for record in claims(store):
        out: list[tuple] = []
        np_iri = nanopub_iri(record.article.slug, record.id)
        head, assertion, provenance, pubinfo = (ox.NamedNode(f"{np_iri}#{g}") for g in GRAPHS)
        np_node = ox.NamedNode(np_iri)
        claim = ox.NamedNode(record.iri)
        article = ox.NamedNode(record.article.iri)
        annotation = ox.NamedNode(record.annotation)
        order = {head: 0, assertion: 1, provenance: 2, pubinfo: 3}

        def add(graph, triples) -> None:
            for s, p, o in triples:
                out.append((order[graph], ox.Quad(s, p, o, graph)))  # noqa: B023 - add() runs within this iteration only

        def iri(value: str):
            return ox.NamedNode(value)

        add(
            head,
            [
                (np_node, iri(RDF_TYPE), iri(NP + "Nanopublication")),
                (np_node, iri(NP + "hasAssertion"), assertion),
                (np_node, iri(NP + "hasProvenance"), provenance),
                (np_node, iri(NP + "hasPublicationInfo"), pubinfo),
            ],
        )

        # assertion: the claim, its statistics and its citations
        add(assertion, read.about(claim, exclude=PROVENANCE_OF_CLAIM))
        for statistic in read.objects(claim, EKG + "statistic"):
            add(assertion, read.about(statistic))
        for citation in read.subjects(CITO + "hasCitingEntity", claim):
            add(assertion, read.about(citation))

        # provenance: the quote it was read from, the article, who recorded it, and the claim's attribution
        add(
            provenance,
            [
                (assertion, iri(PROV + "wasDerivedFrom"), annotation),
                (assertion, iri(PROV + "hadPrimarySource"), article),
            ],
        )
        # who makes the claim: the person or body the article attributes it to, else the article's publisher
        speakers = read.objects(claim, PROV + "wasAttributedTo") or read.objects(article, SCHEMA + "publisher")
        add(provenance, [(assertion, iri(PROV + "wasAttributedTo"), agent) for agent in speakers])
        add(provenance, read.about(annotation))
        for target in read.objects(annotation, OA + "hasTarget"):
            add(provenance, read.about(target))
            for selector in read.objects(target, OA + "hasSelector"):
                add(provenance, read.about(selector))
        add(provenance, read.about(article, ARTICLE_PROPERTIES))
        for publisher in read.objects(article, SCHEMA + "publisher"):
            add(provenance, read.about(publisher, AGENT_PROPERTIES))
        add(provenance, read.about(claim, PROVENANCE_OF_CLAIM))
        for node in read.objects(claim, PROV + "qualifiedAttribution"):
            add(provenance, read.about(node))
        for agent in read.objects(claim, PROV + "wasAttributedTo"):
            add(provenance, read.about(agent, AGENT_PROPERTIES))
        for node in read.objects(claim, EKG + "discrepancy"):
            add(provenance, read.about(node))

        # publication info: when and with what this nanopublication was made
        label = f"Claim {record.id} of the article {record.article.slug}, as a nanopublication"
        add(
            pubinfo,
            [
                (np_node, iri(RDFS_LABEL), ox.Literal(label)),
                (np_node, iri(DCTERMS + "created"), created),
                (np_node, iri(PROV + "generatedAtTime"), created),
                (np_node, iri(PAV + "createdWith"), software),
                (np_node, iri(PROV + "wasDerivedFrom"), claim),
                (software, iri(RDF_TYPE), iri(PROV + "SoftwareAgent")),
                (software, iri(RDFS_LABEL), ox.Literal(f"evidence-kg {software_version()}")),
            ],
        )
        unique = {(g, str(q.subject), str(q.predicate), str(q.object)): q for g, q in out}
        yield [unique[k] for k in sorted(unique)]


@exporter("nanopub", ".trig", "Nanopublications (TriG): one per claim, with its quote and source as provenance")
def export_nanopub(store, include_ontology: bool = True) -> Iterator[str]:
    import pyoxigraph as ox

    from kg.export.rdf import _batches, _pieces

    prefixes = {**{k: v for k, v in PREFIXES.items() if k != "id"}, "pav": PAV}
    return _pieces(_batches(nanopubs(store)), ox.RdfFormat.TRIG, prefixes)  # a piece holds whole nanopublications
