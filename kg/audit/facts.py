"""What the audit rules look at, read from the built graph by SPARQL into plain Python objects.

A handful of queries over the whole store, then plain Python: the rules never see a curated YAML file,
so they work on any graph built by ``ekg build`` (or loaded from another tool that uses the same terms).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from kg.iris import EKG, PREFIXES
from kg.sparql import select
from kg.vocab import CLAIM_TYPE_BY_IRI, CUE_TYPE_BY_IRI, DESIGN, LEVEL

STATO = PREFIXES["obo"] + "STATO_"
CITO = PREFIXES["cito"]


@dataclass
class StatFact:
    iri: str
    stated_as: str = ""
    measure: str | None = None
    value: float | None = None
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    stato: set[str] = field(default_factory=set)
    derived_from: set[str] = field(default_factory=set)


@dataclass
class CitationFact:
    source: str
    entry: str | None = None  # the reference-list entry the citation points to
    intent: str | None = None  # CiTO local name
    cue_type: str | None = None  # explicit | organisation | implicit | None (not recorded)
    cue: str | None = None
    confidence: float | None = None


@dataclass
class DiscrepancyFact:
    iri: str
    source: str
    source_says: str
    note: str | None = None


@dataclass
class AgentFact:
    iri: str
    name: str
    is_person: bool
    mode: str | None = None
    cue: str | None = None


@dataclass
class ClaimFact:
    iri: str
    id: str
    article: str  # slug
    text: str = ""
    quote: str = ""
    start: int | None = None
    end: int | None = None
    types: set[str] = field(default_factory=set)
    section: str | None = None
    evidence_type: str | None = None
    agents: list[AgentFact] = field(default_factory=list)
    statistics: list[StatFact] = field(default_factory=list)
    citations: list[CitationFact] = field(default_factory=list)
    discrepancies: list[DiscrepancyFact] = field(default_factory=list)


@dataclass
class SourceFact:
    iri: str
    title: str | None = None
    year: int | None = None
    issued: dt.date | None = None
    doi: str | None = None
    url: str | None = None
    journal: str | None = None
    publishers: set[str] = field(default_factory=set)
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    page_start: str | None = None
    page_end: str | None = None
    authors: list[str] = field(default_factory=list)
    is_journal_article: bool = False
    statistics: dict[str, StatFact] = field(default_factory=dict)

    def label(self) -> str:
        return self.doi or self.url or self.iri


@dataclass
class ReferenceFact:
    iri: str  # the reference-list entry
    article: str  # slug
    source: SourceFact
    key: str | None = None
    number: int | None = None
    verbatim: str | None = None
    design: str | None = None  # study-design key, as appraised for this article
    level: str | None = None  # evidence-level key

    def label(self) -> str:
        name = self.key or self.source.label()
        return f"ref {self.number} ({name})" if self.number is not None else name


@dataclass
class ArticleFact:
    iri: str
    slug: str
    title: str = ""
    published: dt.date | None = None
    text: str = ""
    claims: list[ClaimFact] = field(default_factory=list)
    references: list[ReferenceFact] = field(default_factory=list)
    organisations: dict[str, set[str]] = field(default_factory=dict)  # org IRI -> names in this article's graph
    curated_organisations: set[str] = field(default_factory=set)  # org IRIs the article itself declares

    def reference_for(self, source: str) -> ReferenceFact | None:
        return next((r for r in self.references if r.source.iri == source), None)


@dataclass
class Facts:
    articles: dict[str, ArticleFact]  # slug -> article, in slug order
    sources: dict[str, SourceFact]
    level_labels: dict[str, str]  # level key -> "Level 4"
    design_labels: dict[str, str]  # design key -> "cross-sectional study"


def _date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _year(value) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


def _first(values) -> str | None:
    """One value of a property, the same one every time (the smallest), or None."""
    return min((str(v) for v in values), default=None) if values else None


def _key(iri: str | None, base: str) -> str | None:
    if iri and iri.startswith(base):
        return iri[len(base):]
    return None


_ARTICLES = """
SELECT ?article ?slug ?title ?date ?text WHERE {
  ?article a schema:MedicalWebPage ; dcterms:identifier ?slug .
  OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article schema:datePublished ?date }
  OPTIONAL { ?article schema:text ?text }
}"""

_CLAIMS = """
SELECT ?claim ?article ?id ?text ?exact ?start ?end ?etype ?section WHERE {
  ?claim a ekg:Claim ; dcterms:isPartOf ?article ; dcterms:identifier ?id .
  OPTIONAL { ?claim schema:text ?text }
  OPTIONAL {
    ?anno oa:hasBody ?claim ; oa:hasTarget ?target .
    ?target oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?exact .
    OPTIONAL { ?target oa:hasSelector ?p . ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }
  }
  OPTIONAL { ?claim ekg:evidenceType ?etype }
  OPTIONAL { ?claim ekg:inSection ?s . ?s rdfs:label ?section }
}"""

_CLAIM_TYPES = """SELECT ?claim ?type WHERE { ?claim a ekg:Claim , ?type }"""

_AGENTS = """
SELECT ?claim ?agent ?mode ?cue WHERE {
  ?claim a ekg:Claim ; prov:qualifiedAttribution ?a . ?a prov:agent ?agent .
  OPTIONAL { ?a ekg:attributionMode ?mode }
  OPTIONAL { ?a ekg:cue ?cue }
}"""

_STATS = """
SELECT ?owner ?kind ?s ?statedAs ?measure ?value ?min ?max ?unit ?type ?derived WHERE {
  { ?owner ekg:statistic ?s BIND ("claim" AS ?kind) } UNION { ?owner ekg:reportsStatistic ?s BIND ("source" AS ?kind) }
  OPTIONAL { ?s ekg:statedAs ?statedAs }
  OPTIONAL { ?s ekg:measure ?measure }
  OPTIONAL { ?s schema:value ?value }
  OPTIONAL { ?s schema:minValue ?min }
  OPTIONAL { ?s schema:maxValue ?max }
  OPTIONAL { ?s schema:unitText ?unit }
  OPTIONAL { ?s a ?type FILTER (STRSTARTS(STR(?type), "%s")) }
  OPTIONAL { ?s prov:wasDerivedFrom ?derived }
}""" % STATO

_CITES = """SELECT ?claim ?source WHERE { ?claim a ekg:Claim ; cito:cites ?source }"""

_CITATIONS = """
SELECT ?claim ?source ?intent ?cueType ?cue ?confidence ?entry WHERE {
  ?c a ekg:Citation ; cito:hasCitingEntity ?claim ; cito:hasCitedEntity ?source .
  OPTIONAL { ?c cito:hasCitationCharacterization ?intent }
  OPTIONAL { ?c ekg:cueType ?cueType }
  OPTIONAL { ?c ekg:cue ?cue }
  OPTIONAL { ?c ekg:confidence ?confidence }
  OPTIONAL { ?c dcterms:references ?entry }
}"""

_DISCREPANCIES = """
SELECT ?claim ?d ?source ?says ?note WHERE {
  ?claim ekg:discrepancy ?d . ?d ekg:source ?source ; ekg:sourceSays ?says .
  OPTIONAL { ?d rdfs:comment ?note }
}"""

_REFERENCES = """
SELECT ?entry ?article ?source ?key ?number ?verbatim WHERE {
  ?article ekg:hasReference ?entry . ?entry ekg:refersTo ?source .
  OPTIONAL { ?entry ekg:citationKey ?key }
  OPTIONAL { ?entry ekg:referenceNumber ?number }
  OPTIONAL { ?entry dcterms:bibliographicCitation ?verbatim }
}"""

# Sources, people and organisations are shared between articles, and each article's graph repeats their
# triples; over the union of graphs a join through a shared node would multiply rows by the number of
# articles at every step. So shared nodes are read one property at a time (DISTINCT), and joined in Python.
_SOURCE_IRIS = """SELECT DISTINCT ?source WHERE { ?source a ekg:Source }"""

_SOURCE_FIELDS = """
SELECT DISTINCT ?source ?p ?o WHERE {
  ?source ?p ?o .
  FILTER (?p IN (dcterms:title, fabio:hasPublicationYear, dcterms:issued, bibo:doi, schema:url, bibo:volume, bibo:issue,
                 bibo:pages, bibo:pageStart, bibo:pageEnd, ekg:authorList, rdf:type, ekg:studyDesign, ekg:evidenceLevel,
                 dcterms:isPartOf, dcterms:publisher))
}"""

_NAMES = """
SELECT DISTINCT ?node ?name ?person WHERE {
  { ?node schema:name ?name } UNION { ?node a fabio:Journal ; dcterms:title ?name }
  BIND (EXISTS { ?node a schema:Person } AS ?person)
}"""

_APPRAISALS = """
SELECT ?source ?article ?design ?level WHERE {
  ?source ekg:appraisal ?a . ?a ekg:appraisedIn ?article .
  OPTIONAL { ?a ekg:studyDesign ?design }
  OPTIONAL { ?a ekg:evidenceLevel ?level }
}"""

# The organisations an article declares (article.yaml) are linked from its own graph by schema:mentions; their
# names live in graph/shared, where every article's spelling of a shared organisation stands side by side.
_ORGANISATIONS = """
SELECT DISTINCT ?g ?org ?name ?curated WHERE {
  GRAPH ?g { ?article schema:mentions ?org }
  ?org schema:name ?name .
  BIND (true AS ?curated)
}"""

_LABELS = """SELECT ?concept ?label WHERE { ?concept skos:prefLabel ?label }"""


def gather(store) -> Facts:
    """Everything the rules need, for every article in the store."""
    articles: dict[str, ArticleFact] = {}
    by_iri: dict[str, ArticleFact] = {}
    for row in select(store, _ARTICLES):
        article = ArticleFact(row["article"], row["slug"], row["title"] or "", _date(row["date"]), row["text"] or "")
        articles[article.slug] = article
        by_iri[article.iri] = article

    claims: dict[str, ClaimFact] = {}
    for row in select(store, _CLAIMS):
        article = by_iri.get(row["article"])
        if article is None or row["claim"] in claims:
            continue
        claim = ClaimFact(
            iri=row["claim"], id=row["id"], article=article.slug, text=row["text"] or "", quote=row["exact"] or "",
            start=row["start"], end=row["end"], section=row["section"], evidence_type=row["etype"],
        )
        claims[claim.iri] = claim
        article.claims.append(claim)
    for row in select(store, _CLAIM_TYPES):
        key = CLAIM_TYPE_BY_IRI.get(row["type"])
        if key and row["claim"] in claims:
            claims[row["claim"]].types.add(key)
    names: dict[str, list[str]] = defaultdict(list)
    persons: set[str] = set()
    for row in select(store, _NAMES):
        names[row["node"]].append(row["name"])
        if row["person"]:
            persons.add(row["node"])
    for row in select(store, _AGENTS):
        claim = claims.get(row["claim"])
        if claim:
            name = min(names.get(row["agent"], [row["agent"]]))
            claim.agents.append(AgentFact(row["agent"], name, row["agent"] in persons, row["mode"], row["cue"]))

    sources = {row["source"]: SourceFact(iri=row["source"]) for row in select(store, _SOURCE_IRIS)}
    fields: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in select(store, _SOURCE_FIELDS):
        if row["source"] in sources:
            fields[row["source"]][row["p"]].append(row["o"])
    P = PREFIXES
    for iri, src in sources.items():
        f = fields[iri]

        def one(prop: str):
            return _first(f.get(prop))

        src.title = one(P["dcterms"] + "title")
        src.year = _year(one(P["fabio"] + "hasPublicationYear"))
        src.issued = _date(one(P["dcterms"] + "issued"))
        src.doi, src.url = one(P["bibo"] + "doi"), one(P["schema"] + "url")
        src.volume, src.issue, src.pages = one(P["bibo"] + "volume"), one(P["bibo"] + "issue"), one(P["bibo"] + "pages")
        src.page_start, src.page_end = one(P["bibo"] + "pageStart"), one(P["bibo"] + "pageEnd")
        src.authors = [a for a in (one(EKG + "authorList") or "").split("; ") if a]
        src.is_journal_article = P["fabio"] + "JournalArticle" in f.get(P["rdf"] + "type", [])
        venues = [min(names[v]) for v in f.get(P["dcterms"] + "isPartOf", []) if names.get(v)]
        src.journal = min(venues) if venues else None
        src.publishers = {n for org in f.get(P["dcterms"] + "publisher", []) for n in names.get(org, [])}

    stats: dict[str, StatFact] = {}
    for row in select(store, _STATS):
        stat = stats.get(row["s"])
        if stat is None:
            stat = stats[row["s"]] = StatFact(
                iri=row["s"], stated_as=row["statedAs"] or "", measure=row["measure"], value=row["value"],
                min=row["min"], max=row["max"], unit=row["unit"],
            )
            if row["kind"] == "claim" and row["owner"] in claims:
                claims[row["owner"]].statistics.append(stat)
            elif row["kind"] == "source" and row["owner"] in sources:
                sources[row["owner"]].statistics[stat.iri] = stat
        if row["type"]:
            stat.stato.add(row["type"])
        if row["derived"]:
            stat.derived_from.add(row["derived"])

    citations: dict[tuple[str, str], CitationFact] = {}
    for row in select(store, _CITES):
        if row["claim"] in claims:
            citations[(row["claim"], row["source"])] = CitationFact(source=row["source"])
    for row in select(store, _CITATIONS):
        citation = citations.get((row["claim"], row["source"]))
        if citation is None:
            continue
        citation.entry = row["entry"]
        citation.intent = _key(row["intent"], CITO)
        citation.cue_type = CUE_TYPE_BY_IRI.get(row["cueType"])
        citation.cue = row["cue"]
        citation.confidence = row["confidence"]
    for (claim_iri, _), citation in sorted(citations.items()):
        claims[claim_iri].citations.append(citation)
    for row in select(store, _DISCREPANCIES):
        claim = claims.get(row["claim"])
        if claim:
            claim.discrepancies.append(DiscrepancyFact(row["d"], row["source"], row["says"], row["note"]))

    appraisals: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for row in select(store, _APPRAISALS):
        appraisals[(row["source"], row["article"])] = (_key(row["design"], DESIGN), _key(row["level"], LEVEL))
    direct = {iri: (_key(_first(fields[iri].get(EKG + "studyDesign")), DESIGN), _key(_first(fields[iri].get(EKG + "evidenceLevel")), LEVEL))
              for iri in sources}

    for row in select(store, _REFERENCES):
        article = by_iri.get(row["article"])
        source = sources.get(row["source"])
        if article is None or source is None:
            continue
        design, level = appraisals.get((source.iri, article.iri)) or direct.get(source.iri, (None, None))
        article.references.append(ReferenceFact(
            iri=row["entry"], article=article.slug, source=source, key=row["key"], number=row["number"],
            verbatim=row["verbatim"], design=design, level=level,
        ))

    graphs = {PREFIXES["id"] + "graph/" + slug: article for slug, article in articles.items()}
    for row in select(store, _ORGANISATIONS):
        article = graphs.get(row["g"])
        if article is None:
            continue
        article.organisations.setdefault(row["org"], set()).add(row["name"])
        if row["curated"]:
            article.curated_organisations.add(row["org"])

    level_labels: dict[str, str] = {}
    design_labels: dict[str, str] = {}
    for row in select(store, _LABELS):
        if (key := _key(row["concept"], LEVEL)) is not None:
            level_labels[key] = row["label"]
        elif (key := _key(row["concept"], DESIGN)) is not None:
            design_labels[key] = row["label"]

    for article in articles.values():
        article.claims.sort(key=lambda c: (c.start if c.start is not None else 1 << 30, c.id))
        article.references.sort(key=lambda r: (r.number if r.number is not None else 1 << 30, r.key or "", r.iri))
        for claim in article.claims:
            claim.statistics.sort(key=lambda s: s.iri)
            claim.agents.sort(key=lambda a: a.iri)
    ordered = dict(sorted(articles.items()))
    return Facts(ordered, sources, level_labels, design_labels)

