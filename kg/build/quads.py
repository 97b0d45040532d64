"""Turn loaded articles into RDF quads, deterministically.

Every node has a stable IRI derived from the data (no blank nodes), so the same input always gives the
same sorted N-Triples, byte for byte. Each article's own triples go to its own named graph; what articles
share (sources by DOI or URL, people, organisations, venues, concepts) is described once in ``graph/shared``
(see SHARED_GRAPH_IRI); the ontology and the SKOS schemes go to ``graph/ontology``. The CiTO subproperty closure is materialised: every specific
citation triple (``cito:citesAsDataSource``) is accompanied by ``cito:cites``, so plain engines without
RDFS inference find every citation.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
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
)

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]

ONTOLOGY_GRAPH = GRAPH.ontology
#: What articles share (sources, people, organisations, venues, concepts, the curators) is described once, in
#: this graph; each article's graph holds the triples about its own nodes (the article, its claims, quotes,
#: statistics, reference entries, appraisals, attributions). A triple goes to the graph of its subject, so the
#: union of all graphs holds every triple once: Oxigraph's union default graph is a multiset, and the same
#: source's title stated in 60 articles' graphs made a query with ten OPTIONALs on it return 60^10 rows.
SHARED_GRAPH_IRI = str(GRAPH.shared)
ARTICLE_OWN = tuple(str(ID) + kind for kind in ("article/", "claim/", "reference/", "appraisal/", "statistic/"))
ONTOLOGY_FILES = ("evidence-kg.ttl", "schemes.ttl")
CLINICAL_STUDY_DESIGNS = {"systematic-review", "rct", "cohort", "case-control", "cross-sectional", "case-series"}
CURATORS_IRI = ID["agent/evidence-kg-curators"]


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated: ``Steven Goostree`` -> ``steven-goostree``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def expand_page_end(start: str, end: str) -> str:
    """The last page as a number, where NLM and AMA print it abbreviated: "1123-9" is 1123 to 1129, "210-15"
    210 to 215 (the end keeps only the digits that change). Anything else is returned as printed."""
    if start.isdigit() and end.isdigit() and len(end) < len(start) and int(start[-len(end):]) < int(end):
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
        self.shared = URIRef(SHARED_GRAPH_IRI)
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

    tests/test_scale_build.py proves it gives byte-identical lines to the rdflib term path.
    """

    def __init__(self, graph: str) -> None:
        self.own = f"<{graph}> .\n"
        self.shared = f"<{SHARED_GRAPH_IRI}> .\n"
        self.lines: list[str] = []

    def _g(self, s: str) -> str:
        return self.own if s.startswith(ARTICLE_OWN) else self.shared

    def iri(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}> {self._g(s)}")

    def text(self, s: str, p: str, value: str | None) -> None:
        if value is not None and value != "":
            self.lines.append(f'<{s}> <{p}> "{value.translate(_ESCAPES)}" {self._g(s)}')

    def string(self, s: str, p: str, value: str) -> None:
        self.lines.append(f'<{s}> <{p}> "{value.translate(_ESCAPES)}" {self._g(s)}')

    def typed(self, s: str, p: str, lexical: str, datatype: str) -> None:
        self.lines.append(f'<{s}> <{p}> "{lexical.translate(_ESCAPES)}"^^<{datatype}> {self._g(s)}')

    def integer(self, s: str, p: str, value: int) -> None:
        self.lines.append(f'<{s}> <{p}> "{int(value)}"^^<{_XSD_INTEGER}> {self._g(s)}')

    def boolean(self, s: str, p: str, value: bool) -> None:
        self.lines.append(f'<{s}> <{p}> "{"true" if value else "false"}"^^<{_XSD_BOOLEAN}> {self._g(s)}')

    def number(self, s: str, p: str, value: float | int) -> None:
        if isinstance(value, int) or float(value).is_integer():
            self.integer(s, p, int(value))
        else:
            self.lines.append(f'<{s}> <{p}> "{_decimal_lexical(value)}"^^<{_XSD_DECIMAL}> {self._g(s)}')


def article_quads(article: Article) -> list[Quad]:
    """All quads of one article, in its own named graph, as rdflib terms."""
    out = _TermEmitter(str(graph_iri(article.slug)))
    _emit_article(out, article)
    return out.quads


def article_nquads(article: Article) -> list[str]:
    """All quads of one article as N-Quads lines (the same quads as ``article_quads``, much faster)."""
    out = _LineEmitter(str(graph_iri(article.slug)))
    _emit_article(out, article)
    return out.lines


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
        _reviews(out, article, agents)


def _reviews(out, article: Article, agents) -> None:
    """reviewed.yaml: each verdict a schema:Review of its claim, PROV-attributed to its reviewer (a schema:Person),
    rated on the verdict scale; each decision on an audit finding an ekg:FindingReview of the finding's id."""
    reviews = article.reviews
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
    return [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in ontology_graph()]


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
    from kg.namespaces import PREFIXES

    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri, override=True, replace=True)
    for s, p, o, g in quads:
        ds.graph(g).add((s, p, o))
    return ds


# ---------------------------------------------------------------------------- corpus builds

#: Below this many articles to load, a process pool costs more than it saves.
PARALLEL_THRESHOLD = 16


def part_key(version: str, name: str, inputs: Iterable[tuple[str, str]]) -> str:
    """The cache key of one article's N-Quads: the tool's version, the folder, and its inputs' hashes."""
    import hashlib

    digest = hashlib.sha256(f"{version}\0{name}\0".encode())
    for file, sha in inputs:
        digest.update(f"{file}\0{sha}\n".encode())
    return digest.hexdigest()[:32]


def _source_fields(article: Article) -> dict[str, dict[str, str]]:
    """What the article's reference list says about each source, for the cross-article consistency check."""
    out = {}
    for ref in article.references.values():
        fields = {"title": ref.title, "year": str(ref.year or ""), "authors": "; ".join(ref.authors)}
        for name in ("journal", "volume", "number", "pages"):
            if ref.fields.get(name):
                fields[name] = ref.fields[name]
        out[ref.iri] = fields
    return out


def build_part(task: tuple[Path, str, Path]) -> dict:
    """Load and check one article folder, and write its N-Quads (``<key>.nq``) and a summary (``<key>.json``)
    to the parts folder, each atomically. Returns the summary, or an ``error`` entry (exceptions from a worker
    process are returned, not raised, so the first bad article in folder order is the one reported)."""
    import json

    from kg.fsutil import atomic_write_bytes
    from kg.loader import load_article

    folder, key, parts_dir = task
    try:
        article = load_article(folder)
        shared_suffix = f"<{SHARED_GRAPH_IRI}> .\n"
        all_lines = dict.fromkeys(article_nquads(article))
        lines = [line for line in all_lines if not line.endswith(shared_suffix)]
        shared = [line for line in all_lines if line.endswith(shared_suffix)]
        # Parts are a cache: written atomically but not fsynced (an fsync per file was half the build time);
        # the summary, written last, records their sizes, and a part whose size differs is built again.
        files = {
            ".nq": "".join(lines).encode("utf-8"),
            ".shared.nq": "".join(shared).encode("utf-8"),
            ".search.json": json.dumps(search_rows(article)).encode("utf-8"),
        }
        meta = {"slug": article.slug, "claims": len(article.claims), "quads": len(lines), "sources": _source_fields(article),
                "fingerprints": {ref.iri: ref.fingerprint for ref in article.references.values()},
                "labels": {str(concept_iri(cid)): c.label for cid, c in article.concepts.items()},
                "sizes": {suffix: len(data) for suffix, data in files.items()}}
        for suffix, data in files.items():
            atomic_write_bytes(parts_dir / f"{key}{suffix}", data, durable=False)
        atomic_write_bytes(parts_dir / f"{key}.json", json.dumps(meta, sort_keys=True).encode("utf-8"), durable=False)
        return meta
    except Exception as exc:  # noqa: BLE001 - handed back to the parent, which re-raises it
        from kg.errors import DataError, EkgError

        if not isinstance(exc, (EkgError, OSError)):  # never a traceback: say which article, and that it is ours
            exc = DataError(folder, None, None, f"could not be built ({type(exc).__name__}: {exc})",
                            "if its files look right, this is a bug in evidence-kg: please report it with this article")
        attrs = _picklable(vars(exc))
        if isinstance(exc, OSError):  # a full disk: errno and file name are not in vars()
            attrs["_oserror"] = (exc.errno, exc.strerror, exc.filename)
        return {"error": (type(exc).__module__, type(exc).__qualname__, str(exc), attrs)}


def _picklable(attrs: dict) -> dict:
    import pickle

    out = {}
    for name, value in attrs.items():
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001
            continue
        out[name] = value
    return out


def _reraise(error: tuple) -> None:
    """Raise, in this process, the exception a worker returned: same class, same message."""
    import importlib

    module, qualname, message, attrs = error
    if "_oserror" in attrs:
        raise OSError(*attrs["_oserror"])
    try:
        cls = importlib.import_module(module)
        for part in qualname.split("."):
            cls = getattr(cls, part)
        exc = cls.__new__(cls)
        Exception.__init__(exc, message)
        vars(exc).update(attrs)
    except Exception:  # noqa: BLE001 - an exception class we cannot rebuild: keep its message
        from kg.errors import EkgError

        exc = EkgError(message)
    raise exc


def worker_started() -> None:
    """Run first in each forked worker (the build's readers, the audit's): die quietly with the process that
    forked it. SIGTERM is put back to its default (the parent's handler raises), and on Linux the kernel sends it
    when the parent dies first; killed (SIGKILL) parents otherwise left workers printing BrokenPipeError tracebacks."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        pass


def build_workers() -> int:
    """Processes a build may use: EKG_BUILD_WORKERS, or every CPU this process may run on."""
    import os

    value = os.environ.get("EKG_BUILD_WORKERS", "").strip()
    if not value:
        return len(os.sched_getaffinity(0))
    try:
        return int(value)
    except ValueError:
        from kg.errors import EkgError

        raise EkgError(f"EKG_BUILD_WORKERS={value!r} is not a whole number (set how many processes a build may use, "
                       "e.g. EKG_BUILD_WORKERS=2, or unset it to use every CPU)") from None


def build_parts(folders: list[Path], keys: list[str], parts_dir: Path, force: bool = False, progress=None, workers: int | None = None,
                ready=None) -> tuple[list[dict], int]:
    """The summaries of every article's part, loading only articles whose part is missing (or all, if
    ``force``); returns them in folder order, and how many articles were loaded. ``ready(i, summary)`` is
    called in folder order, as soon as the parts of folders 0..i all exist."""
    import json
    import os

    metas: list[dict | None] = [None] * len(folders)
    todo = []
    for i, key in enumerate(keys):
        if not force:
            try:
                meta = json.loads((parts_dir / f"{key}.json").read_text(encoding="utf-8"))
                if all(os.stat(parts_dir / f"{key}{suffix}").st_size == size for suffix, size in meta["sizes"].items()):
                    metas[i] = meta
                    continue
            except (OSError, ValueError, KeyError):
                pass  # missing or damaged: build the part again
        todo.append(i)
    total = len(todo)
    if progress:
        progress(0, total, "Loading articles")
    tasks = [(folders[i], keys[i], parts_dir) for i in todo]
    if workers is None:
        workers = build_workers()
    if workers > 1 and total >= PARALLEL_THRESHOLD:
        import multiprocessing

        # fork: the workers inherit the loaded modules, and start in milliseconds
        with multiprocessing.get_context("fork").Pool(min(workers, total), worker_started) as pool:
            results = pool.imap(build_part, tasks, chunksize=max(1, min(16, total // (workers * 8))))
            _collect(results, todo, metas, progress, total, ready)
    else:
        _collect(map(build_part, tasks), todo, metas, progress, total, ready)
    return metas, total  # type: ignore[return-value]


def _collect(results, todo: list[int], metas: list, progress, total: int, ready=None) -> None:
    cursor = 0  # every part before this one has been handed to ready()

    def advance() -> None:
        nonlocal cursor
        while cursor < len(metas) and metas[cursor] is not None:
            ready(cursor, metas[cursor])
            cursor += 1

    if ready:
        advance()
    for done, (i, meta) in enumerate(zip(todo, results), 1):
        if "error" in meta:
            _reraise(meta["error"])
        metas[i] = meta
        if ready:
            advance()
        if progress:
            progress(done, total, "Loading articles")


def ontology_part(key: str, parts_dir: Path) -> Path:
    """The ontology graph's N-Quads, parsed once per ontology version and kept as a part."""
    from kg.fsutil import atomic_write_bytes

    path = parts_dir / f"ontology-{key}.nq"
    if not path.exists():
        atomic_write_bytes(path, "".join(dict.fromkeys(nquad_line(q) for q in ontology_quads())).encode("utf-8"))
    return path


def shared_part(keys: list[str], parts_dir: Path, out) -> int:
    """Write ``graph/shared``: the union of every article's statements about shared nodes, each once, sorted.
    Returns how many quads it holds."""
    lines: set[bytes] = set()
    for key in keys:
        with open(parts_dir / f"{key}.shared.nq", "rb") as handle:
            lines.update(handle.read().splitlines(keepends=True))
    out.write(b"".join(sorted(lines)))
    return len(lines)


def search_rows(article: Article) -> dict:
    """What kg.search indexes for this article's claims: per claim its text, quote, section label and id, and
    the concepts it is about (their labels are joined across the corpus, since articles share concepts)."""
    sections = {s.id: s.title for s in article.sections}
    claims = []
    figures = []
    for claim in article.claims:
        section = sections.get(claim.section, "") if claim.section else ""
        iri = str(claim_iri(article.slug, claim.id))
        claims.append([iri, claim.text, claim.quote, section, claim.id, [str(concept_iri(concept)) for concept in claim.about]])
        for stat in claim.statistics:  # as _statistic states them: numbers, and the unit's text
            figures.append([iri, stat.value, stat.min, stat.max, vocab.UNITS[stat.unit][0]])
    labels = {str(concept_iri(cid)): concept.label for cid, concept in article.concepts.items()}
    return {"claims": claims, "labels": labels, "figures": figures}


def search_index(metas: list[dict], keys: list[str], parts_dir: Path, path: Path, previous: Path | None = None,
                 stale: Iterable[str] = ()) -> bool:
    """Write the word index (kg.search). With ``previous`` (the last build's index) and ``stale`` (slugs of the
    articles that changed or went), copy and patch it when the concept labels are unchanged; otherwise write
    it whole. Returns whether it patched."""
    import json

    from kg.search import patch_index, write_index

    labels: dict[str, set[str]] = {}
    for meta in metas:
        for concept, label in meta["labels"].items():
            labels.setdefault(concept, set()).add(label)
    joined = {concept: "\n".join(sorted(values)) for concept, values in labels.items()}

    figures: list = []  # filled while rows() reads the parts, and written after them

    def rows(subset):
        figures.clear()
        for key in subset:
            part = json.loads((parts_dir / f"{key}.search.json").read_text(encoding="utf-8"))
            figures.extend(map(tuple, part["figures"]))
            for claim, text, quote, section, claim_id, about in part["claims"]:
                about_labels = "\n".join(sorted({label for concept in about for label in labels.get(concept, ())}))
                yield (claim, text, quote, about_labels, section, claim_id)

    if previous is not None and previous.is_file():
        stale = set(stale)
        fresh = [key for meta, key in zip(metas, keys) if meta["slug"] in stale]
        prefixes = [str(claim_iri(slug, "")) for slug in stale]
        if patch_index(previous, path, prefixes, rows(fresh), joined, figures):
            return True
    write_index(path, rows(keys), joined, figures)
    return False


