"""Turn loaded articles into RDF quads, deterministically.

Every node has a stable IRI derived from the data (no blank nodes), so the same input always gives the
same sorted N-Triples, byte for byte. Each article's own triples go to its own named graph; what articles
share (sources by DOI or URL, people, organisations, venues, concepts) is described once in ``graph/shared``
(see SHARED_GRAPH); the ontology and the SKOS schemes go to ``graph/ontology``. The CiTO subproperty closure is materialised: every specific
citation triple (``cito:citesAsDataSource``) is accompanied by ``cito:cites``, so plain engines without
RDFS inference find every citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from importlib.resources import files
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.dataset import vocab
from kg.dataset.model import Article, Claim, Reference, Reviews, Statistic
from kg.iris import SHARED_GRAPH
from kg.iris.namespaces import (
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
)
from kg.sparql.terms import lexical_value
from kg.util.text import slugify

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]

ONTOLOGY_GRAPH = GRAPH.ontology
#: What articles share (sources, people, organisations, venues, concepts, the curators) is described once, in
#: this graph; each article's graph holds the triples about its own nodes (the article, its claims, quotes,
#: statistics, reference entries, appraisals, attributions). A triple goes to the graph of its subject, so the
#: union of all graphs holds every triple once: Oxigraph's union default graph is a multiset, and the same
#: source's title stated in 60 articles' graphs made a query with ten OPTIONALs on it return 60^10 rows.
ARTICLE_OWN = tuple(str(ID) + kind for kind in ("article/", "claim/", "reference/", "appraisal/", "statistic/"))
ONTOLOGY_FILES = ("evidence-kg.ttl", "schemes.ttl")
CLINICAL_STUDY_DESIGNS = {"systematic-review", "rct", "cohort", "case-control", "cross-sectional", "case-series"}
CURATORS_IRI = ID["agent/evidence-kg-curators"]


def expand_page_end(start: str, end: str) -> str:
    """The last page as a number, where NLM and AMA print it abbreviated: "1123-9" is 1123 to 1129, "210-15"
    210 to 215 (the end keeps only the digits that change). Anything else is returned as printed."""
    if start.isdigit() and end.isdigit() and len(end) < len(start) and int(start[-len(end) :]) < int(end):
        return start[: len(start) - len(end)] + end
    return end


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


class _Plain:
    """A namespace's terms as plain strings, each resolved once through its DefinedNamespace (so a misspelt
    term still fails) and then read as a plain attribute: the builder writes millions of triples."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = str(getattr(self._namespace, name))
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return str(self._namespace[name])


rdf, rdfs, schema, dcterms, prov, ekg, cito, oa, fabio, bibo, mp = (
    _Plain(ns) for ns in (RDF, RDFS, SCHEMA, DCTERMS, PROV, EKG, CITO, OA, FABIO, BIBO, MP)
)
_ID = str(ID)
_CURATORS = str(CURATORS_IRI)
_XSD_INTEGER, _XSD_DECIMAL, _XSD_BOOLEAN = str(XSD.integer), str(XSD.decimal), str(XSD.boolean)
_XSD_DATE, _XSD_GYEAR, _XSD_ANYURI = str(XSD.date), str(XSD.gYear), str(XSD.anyURI)


def _decimal_lexical(value: float) -> str:
    """The lexical form rdflib gives ``Decimal(str(value))`` as an xsd:decimal (kept identical on both paths)."""
    return str(Literal(Decimal(str(value)), datatype=XSD.decimal))


class _TermEmitter:
    """Collects an article's quads as rdflib terms: for exports and checks that want rdflib objects."""

    def __init__(self, graph: str) -> None:
        self.graph = URIRef(graph)
        self.shared = URIRef(SHARED_GRAPH)
        self.quads: list[Quad] = []

    def _add(self, s: str, p: str, o) -> None:
        graph = self.graph if s.startswith(ARTICLE_OWN) else self.shared
        self.quads.append((URIRef(s), URIRef(p), o, graph))

    def iri(self, s: str, p: str, o: str) -> None:
        self._add(s, p, URIRef(o))

    def text(self, s: str, p: str, value: str | None) -> None:
        if value is not None and value != "":
            self._add(s, p, Literal(value))

    def string(self, s: str, p: str, value: str) -> None:
        self._add(s, p, Literal(value))

    def typed(self, s: str, p: str, lexical: str, datatype: str) -> None:
        self._add(s, p, Literal(lexical, datatype=URIRef(datatype)))

    def integer(self, s: str, p: str, value: int) -> None:
        self._add(s, p, Literal(value, datatype=XSD.integer))

    def boolean(self, s: str, p: str, value: bool) -> None:
        self._add(s, p, Literal(bool(value)))

    def number(self, s: str, p: str, value: float | int) -> None:
        self._add(s, p, number(value))


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class _LineEmitter:
    """Writes an article's quads straight to N-Quads lines: the build's fast path, no rdflib term per triple.
    Beside each line it keeps the quad as (subject, predicate, value), the value as a parser of the line gives
    it (``kg.sparql.terms.python_value``): what the build groups for the audit (kg.build.rows).

    tests/test_scale_build.py proves it gives byte-identical lines to the rdflib term path.
    """

    def __init__(self, graph: str) -> None:
        self.own = f"<{graph}> .\n"
        self.shared = f"<{SHARED_GRAPH}> .\n"
        self.lines: list[str] = []
        self.rows: list[tuple[str, str, Any]] = []

    def _g(self, s: str) -> str:
        return self.own if s.startswith(ARTICLE_OWN) else self.shared

    def iri(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}> {self._g(s)}")
        self.rows.append((s, p, o))

    def text(self, s: str, p: str, value: str | None) -> None:
        if value is not None and value != "":
            self.string(s, p, value)

    def string(self, s: str, p: str, value: str) -> None:
        self.lines.append(f'<{s}> <{p}> "{value.translate(_ESCAPES)}" {self._g(s)}')
        self.rows.append((s, p, value))

    def typed(self, s: str, p: str, lexical: str, datatype: str) -> None:
        self.lines.append(f'<{s}> <{p}> "{lexical.translate(_ESCAPES)}"^^<{datatype}> {self._g(s)}')
        self.rows.append((s, p, lexical_value(lexical, datatype)))

    def integer(self, s: str, p: str, value: int) -> None:
        self.lines.append(f'<{s}> <{p}> "{int(value)}"^^<{_XSD_INTEGER}> {self._g(s)}')
        self.rows.append((s, p, int(value)))

    def boolean(self, s: str, p: str, value: bool) -> None:
        self.lines.append(f'<{s}> <{p}> "{"true" if value else "false"}"^^<{_XSD_BOOLEAN}> {self._g(s)}')
        self.rows.append((s, p, bool(value)))

    def number(self, s: str, p: str, value: float | int) -> None:
        if isinstance(value, int) or float(value).is_integer():
            self.integer(s, p, int(value))
        else:
            lexical = _decimal_lexical(value)
            self.lines.append(f'<{s}> <{p}> "{lexical}"^^<{_XSD_DECIMAL}> {self._g(s)}')
            self.rows.append((s, p, lexical_value(lexical, _XSD_DECIMAL)))


def article_quads(article: Article) -> list[Quad]:
    """All quads of one article, in its own named graph, as rdflib terms."""
    out = _TermEmitter(str(graph_iri(article.slug)))
    _emit_article(out, article)
    return out.quads


def article_nquads(article: Article) -> list[str]:
    """All quads of one article as N-Quads lines (the same quads as ``article_quads``, much faster)."""
    return article_rows(article)[0]


def article_rows(article: Article) -> tuple[list[str], list[tuple[str, str, Any]]]:
    """``article_nquads``, and beside each line its quad as (subject, predicate, value), with the value a parser
    of the line gives (``kg.sparql.terms.python_value``): what the build groups for the audit (kg.build.rows)."""
    out = _LineEmitter(str(graph_iri(article.slug)))
    _emit_article(out, article)
    return out.lines, out.rows


def _emit_article(out, article: Article) -> None:
    a = _ID + f"article/{article.slug}"
    orgs = {oid: str(organisation_iri(o.name)) for oid, o in article.organisations.items()}
    people = {pid: str(person_iri(p.name)) for pid, p in article.people.items()}
    agents = {**orgs, **people, vocab.CURATORS: _CURATORS}
    type_ = rdf.type

    out.iri(a, type_, schema.MedicalWebPage)
    out.text(a, dcterms.title, article.title)
    out.text(a, schema.name, article.title)
    out.text(a, schema.description, article.description)
    out.iri(a, schema.publisher, orgs[article.publisher])
    if article.published:
        out.typed(a, schema.datePublished, article.published.isoformat(), _XSD_DATE)
    if article.modified:
        out.typed(a, schema.dateModified, article.modified.isoformat(), _XSD_DATE)
    out.text(a, schema.inLanguage, article.language)
    out.text(a, schema.text, article.text)
    out.text(a, dcterms.identifier, article.slug)
    if article.url:
        out.typed(a, schema.url, article.url, _XSD_ANYURI)
    for note in article.notes:
        out.text(a, ekg.curationNote, note)

    out.iri(_CURATORS, type_, prov.Organization)
    out.iri(_CURATORS, type_, schema.Organization)
    out.text(_CURATORS, schema.name, "evidence-kg curators")

    for oid, org in article.organisations.items():
        o = orgs[oid]
        # in the article's own graph: the organisations it declares (their descriptions are shared)
        out.iri(a, schema.mentions, o)
        out.iri(o, type_, schema.Organization)
        out.iri(o, type_, prov.Organization)
        out.text(o, schema.name, org.name)

    for pid, person in article.people.items():
        p = people[pid]
        out.iri(p, type_, schema.Person)
        out.iri(p, type_, prov.Person)
        out.text(p, schema.name, person.name)
        out.text(p, schema.honorificSuffix, person.credentials)
        out.text(p, schema.jobTitle, person.job_title)
        out.text(p, schema.description, person.bio)
        if person.affiliation:
            out.iri(p, schema.affiliation, orgs[person.affiliation])
        for alias in person.aliases:
            out.text(p, schema.alternateName, alias)
        for role in person.roles:
            attribution = _ID + f"article/{article.slug}/attribution/{pid}-{role}"
            out.iri(a, prov.qualifiedAttribution, attribution)
            out.iri(attribution, type_, prov.Attribution)
            out.iri(attribution, prov.agent, p)
            out.iri(attribution, prov.hadRole, vocab.ROLES[role])
            if role in vocab.REVIEWER_ROLES:
                out.iri(a, schema.reviewedBy, p)
            elif role == "author":
                out.iri(a, schema.author, p)

    for section in article.sections:
        s = _ID + f"article/{article.slug}/section/{section.id}"
        out.iri(a, schema.hasPart, s)
        out.iri(s, type_, ekg.Section)
        out.iri(s, dcterms.isPartOf, a)
        out.text(s, rdfs.label, section.title)
        out.integer(s, ekg.startOffset, section.start)
        out.integer(s, ekg.endOffset, section.end)
        out.boolean(s, ekg.hasHeading, section.heading)

    for concept in article.concepts.values():
        c = _ID + f"concept/{concept.id}"
        out.iri(c, type_, vocab.CONCEPT_KINDS[concept.kind])
        out.text(c, rdfs.label, concept.label)

    for ref in article.references.values():
        _reference(out, article, ref, agents)

    for claim in article.claims:
        _claim(out, article, claim, agents)

    if article.reviews:
        _reviews(out, article, article.reviews, agents)


def _reviews(out, article: Article, reviews: Reviews, agents) -> None:
    """reviewed.yaml: each verdict a schema:Review of its claim, PROV-attributed to its reviewer (a schema:Person),
    rated on the verdict scale; each decision on an audit finding an ekg:FindingReview of the finding's id."""
    type_ = rdf.type
    who = dict(agents)
    for rid, reviewer in reviews.reviewers.items():
        p = who[rid] = str(person_iri(reviewer.name))
        out.iri(p, type_, schema.Person)
        out.iri(p, type_, prov.Person)
        out.text(p, schema.name, reviewer.name)
        out.text(p, schema.honorificSuffix, reviewer.credentials)
    for verdict in reviews.verdicts.values():
        c = _ID + f"claim/{article.slug}/{verdict.claim}"
        v = c + "/verdict"
        out.iri(v, type_, ekg.Verdict)
        out.iri(v, type_, prov.Entity)
        out.iri(v, type_, schema.Review)
        out.iri(v, schema.itemReviewed, c)
        out.iri(v, ekg.verdictRating, vocab.RATING + verdict.rating)
        out.text(v, schema.reviewBody, verdict.note)
        out.iri(v, prov.wasAttributedTo, who[verdict.by])
        out.typed(v, dcterms.created, verdict.date.isoformat(), _XSD_DATE)
        out.text(v, ekg.sourcePassage, verdict.passage)
        if verdict.source:
            out.iri(v, prov.wasDerivedFrom, article.references[verdict.source].iri)
        out.boolean(v, ekg.stale, bool(verdict.stale))
        for reason in verdict.stale:
            out.text(v, ekg.staleBecause, reason)
    for decision in reviews.findings.values():
        r = _ID + f"article/{article.slug}/finding-review/{decision.id}"
        out.iri(r, type_, ekg.FindingReview)
        out.iri(r, type_, prov.Entity)
        out.text(r, ekg.findingId, decision.id)
        out.text(r, ekg.decision, decision.decision)
        out.text(r, ekg.ruleId, decision.rule)
        out.text(r, schema.reviewBody, decision.reason)
        out.iri(r, prov.wasAttributedTo, who[decision.by])
        out.typed(r, dcterms.created, decision.date.isoformat(), _XSD_DATE)


def _reference(out, article: Article, ref: Reference, agents) -> None:
    a = _ID + f"article/{article.slug}"
    type_ = rdf.type
    src = ref.iri
    entry = _ID + f"reference/{article.slug}/{ref.key}"
    out.iri(a, ekg.hasReference, entry)
    out.iri(a, cito.cites, src)
    out.iri(entry, type_, ekg.ReferenceEntry)
    out.iri(entry, dcterms.isPartOf, a)
    out.iri(entry, ekg.refersTo, src)
    out.text(entry, ekg.citationKey, ref.key)
    out.text(entry, dcterms.bibliographicCitation, ref.verbatim)
    if ref.number is not None:
        out.integer(entry, ekg.referenceNumber, ref.number)

    out.iri(src, type_, ekg.Source)
    is_article = ref.entry_type == "article" or (ref.doi and "journal" in ref.fields)
    out.iri(src, type_, fabio.JournalArticle if is_article else fabio.WebPage)
    if ref.title:
        out.text(src, dcterms.title, ref.title)
    for author in ref.authors:
        out.text(src, dcterms.creator, author)
    if ref.authors:
        out.text(src, ekg.authorList, "; ".join(ref.authors))
    if ref.year is not None:
        out.typed(src, fabio.hasPublicationYear, str(ref.year), _XSD_GYEAR)
    date = ref.fields.get("date")
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        out.typed(src, dcterms.issued, date, _XSD_DATE)
    if ref.doi:
        out.text(src, bibo.doi, ref.doi)
    if ref.pmid:
        out.text(src, bibo.pmid, ref.pmid)
    if ref.pmcid:
        out.text(src, fabio.hasPubMedCentralId, ref.pmcid)
    if ref.isbn:
        out.text(src, bibo.isbn, ref.isbn)
    if ref.url:
        out.typed(src, schema.url, ref.url, _XSD_ANYURI)
    journal = ref.fields.get("journal")
    if journal:
        venue = _ID + f"venue/{slugify(journal)}"
        out.iri(src, dcterms.isPartOf, venue)
        out.iri(venue, type_, fabio.Journal)
        out.text(venue, dcterms.title, journal)
    publisher = ref.fields.get("organization") or ref.fields.get("publisher")
    if publisher:
        org = str(organisation_iri(publisher))
        out.iri(src, dcterms.publisher, org)
        out.iri(org, type_, schema.Organization)
        out.text(org, schema.name, publisher)
    out.text(src, bibo.volume, ref.fields.get("volume"))
    out.text(src, bibo.issue, ref.fields.get("number"))
    pages = ref.fields.get("pages")
    if pages:
        out.text(src, bibo.pages, pages.replace("--", "–"))
        bounds = re.split(r"\s*(?:--|–|-|‑)\s*", pages)
        if len(bounds) == 2:
            out.text(src, bibo.pageStart, bounds[0])
            out.text(src, bibo.pageEnd, expand_page_end(*bounds))

    appraisal = article.appraisals.get(ref.key)
    if appraisal:
        node = _ID + f"appraisal/{article.slug}/{ref.key}"
        design = vocab.DESIGN + appraisal.design
        level = vocab.LEVEL + appraisal.evidence_level
        out.iri(src, ekg.appraisal, node)
        out.iri(src, ekg.studyDesign, design)
        out.iri(src, ekg.evidenceLevel, level)
        out.iri(node, type_, ekg.EvidenceAppraisal)
        out.iri(node, ekg.studyDesign, design)
        out.iri(node, ekg.evidenceLevel, level)
        out.iri(node, prov.wasAttributedTo, agents[appraisal.rated_by])
        out.iri(node, ekg.appraisedIn, a)
        out.text(node, ekg.basis, appraisal.basis)
        for stat in appraisal.statistics:
            s = _ID + f"statistic/{article.slug}/{ref.key}/{stat.id}"
            out.iri(src, ekg.reportsStatistic, s)
            _statistic(out, s, stat)
            out.iri(s, prov.wasAttributedTo, agents[stat.recorded_by])
            out.text(s, ekg.basis, stat.basis)


def _statistic(out, s: str, stat: Statistic) -> None:
    type_ = rdf.type
    out.iri(s, type_, ekg.Statistic)
    out.iri(s, type_, schema.QuantitativeValue)
    stato = vocab.MEASURES[stat.measure]
    if stato:
        out.iri(s, type_, stato)
    out.text(s, ekg.measure, stat.measure)
    out.text(s, ekg.statedAs, stat.stated_as)
    if stat.value is not None:
        out.number(s, schema.value, stat.value)
    if stat.min is not None:
        out.number(s, schema.minValue, stat.min)
    if stat.max is not None:
        out.number(s, schema.maxValue, stat.max)
    unit_text, unit_code = vocab.UNITS[stat.unit]
    out.text(s, schema.unitText, unit_text)
    out.text(s, schema.unitCode, unit_code)
    out.boolean(s, ekg.approximate, stat.approximate)
    out.text(s, ekg.qualifier, stat.qualifier)
    out.text(s, ekg.population, stat.population)
    out.text(s, ekg.comparator, stat.comparator)
    out.text(s, ekg.outcome, stat.outcome)


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


def _claim(out, article: Article, claim: Claim, agents) -> None:
    a = _ID + f"article/{article.slug}"
    c = _ID + f"claim/{article.slug}/{claim.id}"
    type_ = rdf.type
    out.iri(c, type_, ekg.Claim)
    out.iri(c, type_, mp.Claim)
    out.iri(c, type_, schema.Claim)
    # A claim that states a figure is a statistical claim by definition, whatever else it is.
    types = set(claim.types) | ({"statistical"} if claim.statistics else set())
    for t in sorted(types):
        out.iri(c, type_, vocab.CLAIM_TYPES[t])
    out.text(c, dcterms.identifier, claim.id)
    out.iri(c, dcterms.isPartOf, a)
    out.text(c, schema.text, claim.text)
    if claim.section:
        out.iri(c, ekg.inSection, _ID + f"article/{article.slug}/section/{claim.section}")
    for concept in claim.about:
        out.iri(c, schema.about, _ID + f"concept/{concept}")
    for note in claim.ambiguities:
        out.text(c, ekg.ambiguity, note)
    out.iri(c, ekg.evidenceType, evidence_type(article, claim))

    # The quote: a Web Annotation whose body is the claim and whose target is the article's span.
    anno, target = c + "/quote", c + "/quote/target"
    exact, position = c + "/quote/exact", c + "/quote/position"
    out.iri(anno, type_, oa.Annotation)
    out.iri(anno, oa.hasBody, c)
    out.iri(anno, oa.hasTarget, target)
    out.iri(anno, oa.motivatedBy, oa.identifying)
    out.iri(target, type_, oa.SpecificResource)
    out.iri(target, oa.hasSource, a)
    out.iri(target, oa.hasSelector, exact)
    out.iri(target, oa.hasSelector, position)
    prefix, suffix = article.text[max(0, claim.start - 32) : claim.start], article.text[claim.end : claim.end + 32]
    out.iri(exact, type_, oa.TextQuoteSelector)
    out.text(exact, oa.exact, claim.quote)
    out.string(exact, oa.prefix, prefix)
    out.string(exact, oa.suffix, suffix)
    out.iri(position, type_, oa.TextPositionSelector)
    out.integer(position, oa.start, claim.start)
    out.integer(position, oa.end, claim.end)

    for n, stat in enumerate(claim.statistics, 1):
        s = f"{c}/statistic/{n}"
        out.iri(c, ekg.statistic, s)
        _statistic(out, s, stat)
        if stat.source_statistic:
            key, sid = stat.source_statistic.split("/", 1)
            out.iri(s, prov.wasDerivedFrom, _ID + f"statistic/{article.slug}/{key}/{sid}")

    if claim.attribution:
        attr = claim.attribution
        agent = agents[attr.agent]
        node = c + "/attribution"
        is_person = attr.agent in article.people
        out.iri(c, prov.wasAttributedTo, agent)
        out.iri(c, prov.qualifiedAttribution, node)
        out.iri(node, type_, prov.Attribution)
        out.iri(node, prov.agent, agent)
        out.iri(node, prov.hadRole, ekg.QuotedExpert if is_person else ekg.EndorsingOrganisation)
        out.text(node, ekg.attributionMode, attr.mode)
        out.text(node, ekg.cue, attr.cue)

    for citation in claim.citations:
        ref = article.references[citation.source]
        src = ref.iri
        intent = cito[citation.intent]
        out.iri(c, intent, src)
        out.iri(c, cito.cites, src)
        node = f"{c}/citation/{citation.source}"
        out.iri(node, type_, ekg.Citation)
        out.iri(node, type_, cito.Citation)
        out.iri(node, cito.hasCitingEntity, c)
        out.iri(node, cito.hasCitedEntity, src)
        out.iri(node, cito.hasCitationCharacterization, intent)
        out.iri(node, ekg.cueType, vocab.CUE_TYPES[citation.cue_type])
        out.text(node, ekg.cue, citation.cue)
        out.number(node, ekg.confidence, citation.confidence)
        out.text(node, ekg.basis, citation.basis)
        for mismatch in citation.mismatch:
            out.text(node, ekg.cueMismatch, mismatch)
        out.iri(node, dcterms.references, _ID + f"reference/{article.slug}/{citation.source}")

    for n, d in enumerate(claim.discrepancies, 1):
        node = f"{c}/discrepancy/{n}"
        out.iri(c, ekg.discrepancy, node)
        out.iri(node, type_, ekg.Discrepancy)
        out.iri(node, ekg.source, article.references[d.source].iri)
        out.text(node, ekg.sourceSays, d.source_says)
        out.text(node, rdfs.comment, d.note)
        out.iri(node, prov.wasAttributedTo, agents[d.recorded_by])


def ontology_quads() -> list[Quad]:
    # rdflib types a triple as three Nodes; the ontology's Turtle files hold IRIs and literals only, no blank nodes
    return [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in ontology_graph()]  # type: ignore[misc]


def corpus_quads(articles: Iterable[Article]) -> Iterator[Quad]:
    yield from ontology_quads()
    for article in articles:
        yield from article_quads(article)


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
    from kg.iris.namespaces import PREFIXES

    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri, override=True, replace=True)
    for s, p, o, g in quads:
        ds.graph(g).add((s, p, o))
    return ds
