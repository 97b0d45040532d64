"""Turn loaded articles into RDF quads, deterministically.

Every node has a stable IRI derived from the data (no blank nodes), so the same input always gives the
same sorted N-Triples, byte for byte. Each article's triples go to its own named graph; the ontology and
the SKOS schemes go to ``graph/ontology``. The CiTO subproperty closure is materialised: every specific
citation triple (``cito:citesAsDataSource``) is accompanied by ``cito:cites``, so plain engines without
RDFS inference find every citation.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from importlib.resources import files
from typing import Iterable, Iterator

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg import vocab
from kg.model import Article, Claim, Reference, Statistic
from kg.namespaces import (
    BIBO,
    CITO,
    DCTERMS,
    EKG,
    FABIO,
    GRAPH,
    ID,
    MP,
    OA,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
)

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]

ONTOLOGY_GRAPH = GRAPH.ontology
ONTOLOGY_FILES = ("evidence-kg.ttl", "schemes.ttl")
CLINICAL_STUDY_DESIGNS = {"systematic-review", "rct", "cohort", "case-control", "cross-sectional", "case-series"}
CURATORS_IRI = ID["agent/evidence-kg-curators"]


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated: ``Steven Goostree`` -> ``steven-goostree``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def article_iri(slug: str) -> URIRef:
    return ID[f"article/{slug}"]


def claim_iri(slug: str, claim_id: str) -> URIRef:
    return ID[f"claim/{slug}/{claim_id}"]


def graph_iri(slug: str) -> URIRef:
    return GRAPH[slug]


def person_iri(name: str) -> URIRef:
    return ID[f"person/{slugify(name)}"]


def organisation_iri(name: str) -> URIRef:
    return ID[f"organisation/{slugify(name)}"]


def concept_iri(concept_id: str) -> URIRef:
    return ID[f"concept/{concept_id}"]


def number(value: float | int) -> Literal:
    """Numbers as xsd:integer or xsd:decimal (never binary floats, so 2.6 stays 2.6)."""
    if isinstance(value, int) or float(value).is_integer():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def ontology_graph() -> Graph:
    """The ontology and the SKOS schemes, parsed from the package's Turtle files."""
    graph = Graph()
    base = files("kg.ontology")
    for name in ONTOLOGY_FILES:
        graph.parse(data=(base / name).read_text(encoding="utf-8"), format="turtle")
    return graph


class _Emitter:
    """Collects the quads of one article's graph."""

    def __init__(self, graph: URIRef) -> None:
        self.graph = graph
        self.quads: list[Quad] = []

    def add(self, s, p, o) -> None:
        if o is None:
            return
        if not isinstance(o, (URIRef, Literal)):
            o = Literal(o)
        self.quads.append((s, p, o, self.graph))

    def text(self, s, p, value: str | None) -> None:
        if value is not None and value != "":
            self.quads.append((s, p, Literal(value), self.graph))


def article_quads(article: Article) -> list[Quad]:
    """All quads of one article, in its own named graph."""
    out = _Emitter(graph_iri(article.slug))
    a = article_iri(article.slug)
    orgs = {oid: organisation_iri(o.name) for oid, o in article.organisations.items()}
    people = {pid: person_iri(p.name) for pid, p in article.people.items()}
    agents = {**orgs, **people, vocab.CURATORS: CURATORS_IRI}

    out.add(a, RDF.type, SCHEMA.MedicalWebPage)
    out.text(a, DCTERMS.title, article.title)
    out.text(a, SCHEMA.name, article.title)
    out.text(a, SCHEMA.description, article.description)
    out.add(a, SCHEMA.publisher, orgs[article.publisher])
    out.add(a, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date))
    out.text(a, SCHEMA.inLanguage, article.language)
    out.text(a, SCHEMA.text, article.text)
    out.text(a, DCTERMS.identifier, article.slug)
    if article.url:
        out.add(a, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI))
    for note in article.notes:
        out.text(a, EKG.curationNote, note)

    out.add(CURATORS_IRI, RDF.type, PROV.Organization)
    out.add(CURATORS_IRI, RDF.type, SCHEMA.Organization)
    out.text(CURATORS_IRI, SCHEMA.name, "evidence-kg curators")

    for oid, org in article.organisations.items():
        o = orgs[oid]
        out.add(o, RDF.type, SCHEMA.Organization)
        out.add(o, RDF.type, PROV.Organization)
        out.text(o, SCHEMA.name, org.name)

    for pid, person in article.people.items():
        p = people[pid]
        out.add(p, RDF.type, SCHEMA.Person)
        out.add(p, RDF.type, PROV.Person)
        out.text(p, SCHEMA.name, person.name)
        out.text(p, SCHEMA.honorificSuffix, person.credentials)
        out.text(p, SCHEMA.jobTitle, person.job_title)
        out.text(p, SCHEMA.description, person.bio)
        if person.affiliation:
            out.add(p, SCHEMA.affiliation, orgs[person.affiliation])
        for alias in person.aliases:
            out.text(p, SCHEMA.alternateName, alias)
        for role in person.roles:
            attribution = ID[f"article/{article.slug}/attribution/{pid}-{role}"]
            out.add(a, PROV.qualifiedAttribution, attribution)
            out.add(attribution, RDF.type, PROV.Attribution)
            out.add(attribution, PROV.agent, p)
            out.add(attribution, PROV.hadRole, URIRef(vocab.ROLES[role]))
            if role in vocab.REVIEWER_ROLES:
                out.add(a, SCHEMA.reviewedBy, p)
            elif role == "author":
                out.add(a, SCHEMA.author, p)

    for section in article.sections:
        s = ID[f"article/{article.slug}/section/{section.id}"]
        out.add(a, SCHEMA.hasPart, s)
        out.add(s, RDF.type, EKG.Section)
        out.add(s, DCTERMS.isPartOf, a)
        out.text(s, RDFS.label, section.title)
        out.add(s, EKG.startOffset, Literal(section.start, datatype=XSD.integer))
        out.add(s, EKG.endOffset, Literal(section.end, datatype=XSD.integer))
        out.add(s, EKG.hasHeading, Literal(section.heading))

    for concept in article.concepts.values():
        c = concept_iri(concept.id)
        out.add(c, RDF.type, URIRef(vocab.CONCEPT_KINDS[concept.kind]))
        out.text(c, RDFS.label, concept.label)

    for ref in article.references.values():
        _reference(out, article, ref, agents)

    for claim in article.claims:
        _claim(out, article, claim, agents)
    return out.quads


def _reference(out: _Emitter, article: Article, ref: Reference, agents) -> None:
    a = article_iri(article.slug)
    src = URIRef(ref.iri)
    entry = ID[f"reference/{article.slug}/{ref.key}"]
    out.add(a, EKG.hasReference, entry)
    out.add(a, CITO.cites, src)
    out.add(entry, RDF.type, EKG.ReferenceEntry)
    out.add(entry, DCTERMS.isPartOf, a)
    out.add(entry, EKG.refersTo, src)
    out.text(entry, EKG.citationKey, ref.key)
    out.text(entry, DCTERMS.bibliographicCitation, ref.verbatim)
    if ref.number is not None:
        out.add(entry, EKG.referenceNumber, Literal(ref.number, datatype=XSD.integer))

    out.add(src, RDF.type, EKG.Source)
    is_article = ref.entry_type == "article" or (ref.doi and "journal" in ref.fields)
    out.add(src, RDF.type, FABIO.JournalArticle if is_article else FABIO.WebPage)
    out.text(src, DCTERMS.title, ref.title)
    for author in ref.authors:
        out.text(src, DCTERMS.creator, author)
    if ref.authors:
        out.text(src, EKG.authorList, "; ".join(ref.authors))
    if ref.year is not None:
        out.add(src, FABIO.hasPublicationYear, Literal(str(ref.year), datatype=XSD.gYear))
    date = ref.fields.get("date")
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        out.add(src, DCTERMS.issued, Literal(date, datatype=XSD.date))
    if ref.doi:
        out.text(src, BIBO.doi, ref.doi)
    if ref.url:
        out.add(src, SCHEMA.url, Literal(ref.url, datatype=XSD.anyURI))
    journal = ref.fields.get("journal")
    if journal:
        venue = ID[f"venue/{slugify(journal)}"]
        out.add(src, DCTERMS.isPartOf, venue)
        out.add(venue, RDF.type, FABIO.Journal)
        out.text(venue, DCTERMS.title, journal)
    publisher = ref.fields.get("organization") or ref.fields.get("publisher")
    if publisher:
        org = organisation_iri(publisher)
        out.add(src, DCTERMS.publisher, org)
        out.add(org, RDF.type, SCHEMA.Organization)
        out.text(org, SCHEMA.name, publisher)
    out.text(src, BIBO.volume, ref.fields.get("volume"))
    out.text(src, BIBO.issue, ref.fields.get("number"))
    pages = ref.fields.get("pages")
    if pages:
        out.text(src, BIBO.pages, pages.replace("--", "–"))
        bounds = re.split(r"\s*(?:--|–|-)\s*", pages)
        if len(bounds) == 2:
            out.text(src, BIBO.pageStart, bounds[0])
            out.text(src, BIBO.pageEnd, bounds[1])

    appraisal = article.appraisals.get(ref.key)
    if appraisal:
        node = ID[f"appraisal/{article.slug}/{ref.key}"]
        design = URIRef(vocab.DESIGN + appraisal.design)
        level = URIRef(vocab.LEVEL + appraisal.evidence_level)
        out.add(src, EKG.appraisal, node)
        out.add(src, EKG.studyDesign, design)
        out.add(src, EKG.evidenceLevel, level)
        out.add(node, RDF.type, EKG.EvidenceAppraisal)
        out.add(node, EKG.studyDesign, design)
        out.add(node, EKG.evidenceLevel, level)
        out.add(node, PROV.wasAttributedTo, agents[appraisal.rated_by])
        out.add(node, EKG.appraisedIn, a)
        out.text(node, EKG.basis, appraisal.basis)
        for stat in appraisal.statistics:
            s = ID[f"statistic/{article.slug}/{ref.key}/{stat.id}"]
            out.add(src, EKG.reportsStatistic, s)
            _statistic(out, s, stat)
            out.add(s, PROV.wasAttributedTo, agents[stat.recorded_by])
            out.text(s, EKG.basis, stat.basis)


def _statistic(out: _Emitter, s: URIRef, stat: Statistic) -> None:
    out.add(s, RDF.type, EKG.Statistic)
    out.add(s, RDF.type, SCHEMA.QuantitativeValue)
    stato = vocab.MEASURES[stat.measure]
    if stato:
        out.add(s, RDF.type, URIRef(stato))
    out.text(s, EKG.measure, stat.measure)
    out.text(s, EKG.statedAs, stat.stated_as)
    if stat.value is not None:
        out.add(s, SCHEMA.value, number(stat.value))
    if stat.min is not None:
        out.add(s, SCHEMA.minValue, number(stat.min))
    if stat.max is not None:
        out.add(s, SCHEMA.maxValue, number(stat.max))
    unit_text, unit_code = vocab.UNITS[stat.unit]
    out.text(s, SCHEMA.unitText, unit_text)
    out.text(s, SCHEMA.unitCode, unit_code)
    out.add(s, EKG.approximate, Literal(stat.approximate))
    out.text(s, EKG.qualifier, stat.qualifier)
    out.text(s, EKG.population, stat.population)
    out.text(s, EKG.comparator, stat.comparator)
    out.text(s, EKG.outcome, stat.outcome)


def evidence_type(article: Article, claim: Claim) -> str:
    """The ECO type of what a claim rests on (see DESIGN.md): a cited study, a traceable reference,
    an expert's word, or nothing."""
    if claim.citations:
        for citation in claim.citations:
            appraisal = article.appraisals.get(citation.source)
            if citation.cue_type != "implicit" and appraisal and appraisal.design in CLINICAL_STUDY_DESIGNS:
                return vocab.ECO_CLINICAL_STUDY
        return vocab.ECO_TRACEABLE
    if claim.attribution:
        return vocab.ECO_EXPERT
    return vocab.ECO_UNTRACEABLE


def _claim(out: _Emitter, article: Article, claim: Claim, agents) -> None:
    a = article_iri(article.slug)
    c = claim_iri(article.slug, claim.id)
    out.add(c, RDF.type, EKG.Claim)
    out.add(c, RDF.type, MP.Claim)
    out.add(c, RDF.type, SCHEMA.Claim)
    # A claim that states a figure is a statistical claim by definition, whatever else it is.
    types = set(claim.types) | ({"statistical"} if claim.statistics else set())
    for t in sorted(types):
        out.add(c, RDF.type, URIRef(vocab.CLAIM_TYPES[t]))
    out.text(c, DCTERMS.identifier, claim.id)
    out.add(c, DCTERMS.isPartOf, a)
    out.text(c, SCHEMA.text, claim.text)
    if claim.section:
        out.add(c, EKG.inSection, ID[f"article/{article.slug}/section/{claim.section}"])
    for concept in claim.about:
        out.add(c, SCHEMA.about, concept_iri(concept))
    for note in claim.ambiguities:
        out.text(c, EKG.ambiguity, note)
    out.add(c, EKG.evidenceType, URIRef(evidence_type(article, claim)))

    # The quote: a Web Annotation whose body is the claim and whose target is the article's span.
    anno, target = URIRef(c + "/quote"), URIRef(c + "/quote/target")
    exact, position = URIRef(c + "/quote/exact"), URIRef(c + "/quote/position")
    out.add(anno, RDF.type, OA.Annotation)
    out.add(anno, OA.hasBody, c)
    out.add(anno, OA.hasTarget, target)
    out.add(anno, OA.motivatedBy, OA.identifying)
    out.add(target, RDF.type, OA.SpecificResource)
    out.add(target, OA.hasSource, a)
    out.add(target, OA.hasSelector, exact)
    out.add(target, OA.hasSelector, position)
    prefix, suffix = article.text[max(0, claim.start - 32) : claim.start], article.text[claim.end : claim.end + 32]
    out.add(exact, RDF.type, OA.TextQuoteSelector)
    out.text(exact, OA.exact, claim.quote)
    out.add(exact, OA.prefix, Literal(prefix))
    out.add(exact, OA.suffix, Literal(suffix))
    out.add(position, RDF.type, OA.TextPositionSelector)
    out.add(position, OA.start, Literal(claim.start, datatype=XSD.integer))
    out.add(position, OA.end, Literal(claim.end, datatype=XSD.integer))

    for n, stat in enumerate(claim.statistics, 1):
        s = URIRef(f"{c}/statistic/{n}")
        out.add(c, EKG.statistic, s)
        _statistic(out, s, stat)
        if stat.source_statistic:
            key, sid = stat.source_statistic.split("/", 1)
            out.add(s, PROV.wasDerivedFrom, ID[f"statistic/{article.slug}/{key}/{sid}"])

    if claim.attribution:
        attr = claim.attribution
        agent = agents[attr.agent]
        node = URIRef(c + "/attribution")
        is_person = attr.agent in article.people
        out.add(c, PROV.wasAttributedTo, agent)
        out.add(c, PROV.qualifiedAttribution, node)
        out.add(node, RDF.type, PROV.Attribution)
        out.add(node, PROV.agent, agent)
        out.add(node, PROV.hadRole, EKG.QuotedExpert if is_person else EKG.EndorsingOrganisation)
        out.text(node, EKG.attributionMode, attr.mode)
        out.text(node, EKG.cue, attr.cue)

    for citation in claim.citations:
        ref = article.references[citation.source]
        src = URIRef(ref.iri)
        out.add(c, CITO[citation.intent], src)
        out.add(c, CITO.cites, src)
        node = URIRef(f"{c}/citation/{citation.source}")
        out.add(node, RDF.type, EKG.Citation)
        out.add(node, RDF.type, CITO.Citation)
        out.add(node, CITO.hasCitingEntity, c)
        out.add(node, CITO.hasCitedEntity, src)
        out.add(node, CITO.hasCitationCharacterization, CITO[citation.intent])
        out.add(node, EKG.cueType, URIRef(vocab.CUE_TYPES[citation.cue_type]))
        out.text(node, EKG.cue, citation.cue)
        out.add(node, EKG.confidence, number(citation.confidence))
        out.text(node, EKG.basis, citation.basis)
        out.add(node, DCTERMS.references, ID[f"reference/{article.slug}/{citation.source}"])

    for n, d in enumerate(claim.discrepancies, 1):
        node = URIRef(f"{c}/discrepancy/{n}")
        out.add(c, EKG.discrepancy, node)
        out.add(node, RDF.type, EKG.Discrepancy)
        out.add(node, EKG.source, URIRef(article.references[d.source].iri))
        out.text(node, EKG.sourceSays, d.source_says)
        out.text(node, RDFS.comment, d.note)
        out.add(node, PROV.wasAttributedTo, agents[d.recorded_by])


def ontology_quads() -> list[Quad]:
    return [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in ontology_graph()]


def corpus_quads(articles: Iterable[Article]) -> Iterator[Quad]:
    yield from ontology_quads()
    for article in articles:
        yield from article_quads(article)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = str(XSD.string)


def nt_term(term) -> str:
    """One term in canonical N-Triples form (rdflib's ``n3()`` may emit Turtle-only long strings)."""
    if isinstance(term, Literal):
        body = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype and str(term.datatype) != _XSD_STRING:
            return f"{body}^^<{term.datatype}>"
        return body
    return f"<{term}>"


def nquad_line(quad: Quad) -> str:
    s, p, o, g = quad
    return f"<{s}> <{p}> {nt_term(o)} <{g}> .\n"


def ntriple_line(quad: Quad) -> str:
    s, p, o, _ = quad
    return f"<{s}> <{p}> {nt_term(o)} .\n"


def sorted_ntriples(quads: Iterable[Quad]) -> str:
    """The union of all graphs as sorted, de-duplicated N-Triples: the determinism check's currency."""
    return "".join(sorted({ntriple_line(q) for q in quads}))


def to_dataset(quads: Iterable[Quad]) -> Dataset:
    ds = Dataset(default_union=True)
    from kg.namespaces import PREFIXES

    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri, override=True, replace=True)
    for s, p, o, g in quads:
        ds.graph(g).add((s, p, o))
    return ds
