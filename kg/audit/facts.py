"""What the audit rules look at, read from the built graph by SPARQL into plain Python objects.

A handful of queries over the whole store, then plain Python: the rules never see a curated YAML file,
so they work on any graph built by ``ekg build`` (or loaded from another tool that uses the same terms).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.build.rows import RDF_TYPE
from kg.dataset.vocab import CLAIM_TYPE_BY_IRI, CUE_TYPE_BY_IRI, DESIGN, LEVEL
from kg.iris import EKG, ONTOLOGY_GRAPH, PREFIXES, SHARED_GRAPH
from kg.sparql.run import tuples
from kg.sparql.terms import values

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
    #: where ingest found the cue and its reference to disagree, though near enough to link (ekg:cueMismatch): one
    #: line each, opening with what differs ("year: the cue says 2020, the reference 2021")
    mismatch: list[str] = field(default_factory=list)


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
    publisher: str | None = None  # the publisher's name, as the page's metadata gives it
    url: str | None = None  # the page's own address, as its metadata gives it

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
        return iri[len(base) :]
    return None


def _order(value) -> tuple:
    return (str(value), type(value).__name__)


class _Reader:
    """The graph read one property (or one class) at a time, over the union of all graphs.

    Each read is one index range scan with no join; the joins are made here in Python with dicts. On Oxigraph a
    join step costs a seek per row and a scan row costs only the decoding of its terms, so reading every claim by
    one query with nested OPTIONALs is many times slower than reading the same by scans.
    Duplicates from the same triple in several graphs collapse; a subject's values are sorted, so that what is
    read does not depend on the order a store or a file gives them in (``FileReader`` reads the same from files).
    """

    def __init__(self, store, graphs: list[str] | None = None, context: _Reader | None = None) -> None:
        self.store = store
        #: None: the union of all graphs; else only these named graphs, plus what ``context`` reads
        self.graphs = graphs
        self.context = context
        self._maps: dict[str, dict[str, list]] = {}
        self._classes: dict[str, set[str]] = {}
        self._types: list[str] | None = None

    def _where(self, pattern: str) -> str:
        """The pattern over the union, or inside the reader's graphs (IRIs the store itself holds and validated)."""
        if self.graphs is None:
            return pattern
        return f"{values('g', self.graphs)} GRAPH ?g {{ {pattern} }}"

    # -- what each kind of reader reads for itself (its graphs only, not its context) --

    def _read_map(self, prop: str) -> dict[str, list]:
        found: dict[str, list] = {}
        for subject, value in tuples(self.store, f"SELECT ?s ?o WHERE {{ {self._where(f'?s <{prop}> ?o')} }}"):
            kept = found.setdefault(subject, [])
            if value not in kept:
                kept.append(value)
        return found

    def _read_members(self, cls: str) -> set[str]:
        return {row[0] for row in tuples(self.store, f"SELECT ?s WHERE {{ {self._where(f'?s a <{cls}>')} }}")}

    def types(self) -> list[str]:
        """Every class with a member (one pass over the type index, decoding only the distinct classes)."""
        if self.context is not None:
            return self.context.types()
        if self._types is None:
            self._types = [t for (t,) in tuples(self.store, "SELECT DISTINCT ?type WHERE { ?s a ?type }")]
        return self._types

    def mentions(self) -> list[tuple[str, str]]:
        """(graph, organisation) of each ``schema:mentions`` in the reader's own graphs."""
        pattern = "?article schema:mentions ?org"
        return tuples(
            self.store, _MENTIONS % (self._where(pattern) if self.graphs is not None else f"GRAPH ?g {{ {pattern} }}")
        )

    # -- the same for every reader --

    def map(self, prop: str) -> dict[str, list]:
        """subject -> the distinct values of ``prop``, sorted."""
        found = self._maps.get(prop)
        if found is None:
            found = self._read_map(prop)
            if self.context is not None:
                for subject, theirs in self.context.map(prop).items():
                    mine = found.setdefault(subject, [])
                    mine.extend(v for v in theirs if v not in mine)
            for kept in found.values():
                if len(kept) > 1:
                    kept.sort(key=_order)
            self._maps[prop] = found
        return found

    def one(self, prop: str, subject: str):
        """One value of ``prop`` on ``subject``, the same every time (the smallest), or None."""
        values = self.map(prop).get(subject)
        if not values:
            return None
        return values[0] if len(values) == 1 else min(values, key=str)

    def instances(self, cls: str) -> set[str]:
        found = self._classes.get(cls)
        if found is None:
            found = self._read_members(cls)
            if self.context is not None:
                found |= self.context.instances(cls)
            self._classes[cls] = found
        return found


class FileReader(_Reader):
    """What ``_Reader`` reads from a store, read from N-Quads files instead: the parts ``ekg build`` has just
    loaded into the new store (each article's graph, the shared graph, the ontology).

    The build's audit reads its facts this way: parsing the files is a few times faster than reading the same
    quads back out of the store (where every term is a lookup), and needs no store, so batches of articles are
    audited in parallel processes. Files and store give the same facts (tests/test_scale_build.py checks it).
    """

    def __init__(self, paths, context: _Reader | None = None) -> None:
        """``paths``: N-Quads files, or N-Quads data (bytes)."""
        super().__init__(None, None, context)
        self.paths = [item if isinstance(item, bytes) else str(item) for item in paths]
        self._parsed: tuple[dict, dict, list] | None = None

    def _parse(self) -> tuple[dict, dict, list]:
        if self._parsed is None:
            import itertools
            from pathlib import Path

            from kg.build import rows

            grouped = rows.empty()
            for path in self.paths:
                # a part's quads as the build grouped them beside it (kg.build.rows), else parsed
                part = None if isinstance(path, bytes) else rows.load(Path(path).with_suffix(".rows"))
                if part is not None:
                    rows.merge(part, grouped)
                else:
                    for graph, quads in itertools.groupby(_parsed_rows(path), key=lambda row: row[0]):
                        rows.group((quad for _, quad in quads), grouped, graph)
            maps, classes, mentions = grouped
            self._parsed = (maps, classes, list(mentions))
        return self._parsed

    def _read_map(self, prop: str) -> dict[str, list]:
        maps, classes, _ = self._parse()
        if prop == RDF_TYPE:
            found: dict[str, list] = {}
            for cls, members in classes.items():
                for subject in members:
                    found.setdefault(subject, []).append(cls)
            return found
        return maps.pop(prop, {})  # read once: map() keeps what it returns

    def _read_members(self, cls: str) -> set[str]:
        return set(self._parse()[1].get(cls, ()))

    def types(self) -> list[str]:
        if self._types is None:
            own = list(self._parse()[1])
            self._types = list(dict.fromkeys([*own, *(self.context.types() if self.context is not None else ())]))
        return self._types

    def mentions(self) -> list[tuple[str, str]]:
        return self._parse()[2]


def _parsed_rows(path: str | bytes):
    """The quads of an N-Quads file (or data), parsed by pyoxigraph, as (graph, (subject, predicate, value)): the
    graph None for the default graph, the value as ``python_value`` gives it."""
    import pyoxigraph

    from kg.sparql.terms import python_value

    iri = pyoxigraph.NamedNode
    data = {"input": path} if isinstance(path, bytes) else {"path": path}
    for quad in pyoxigraph.parse(**data, format=pyoxigraph.RdfFormat.N_QUADS):
        value, graph = quad.object, quad.graph_name
        yield (
            graph.value if type(graph) is iri else None,
            (quad.subject.value, quad.predicate.value, value.value if type(value) is iri else python_value(value)),
        )


def _iri(prefix: str, name: str) -> str:
    return PREFIXES[prefix] + name


# The organisations an article declares (article.yaml) are linked from its own graph by schema:mentions; their
# names live in graph/shared, where every article's spelling of a shared organisation stands side by side.
_MENTIONS = """SELECT DISTINCT ?g ?org WHERE { %s }"""


#: where ekg build puts what articles share, and the ontology
CONTEXT_GRAPHS = (SHARED_GRAPH, ONTOLOGY_GRAPH)


def context_reader(store) -> _Reader:
    """A reader of what every article's audit needs besides its own graph (sources, people, organisations,
    venues, the evidence-level and design schemes): read once and kept while the articles are read in batches."""
    return _Reader(store, list(CONTEXT_GRAPHS))


def gather(store, graphs: list[str] | None = None, context: _Reader | None = None) -> Facts:
    """Everything the rules need: for every article in the store, or, with ``graphs``, for the articles whose
    graphs these are (with what ``context`` reads from the shared graphs), so that a corpus can be audited in
    batches of bounded memory. Both ways give the same facts for the same articles."""
    return read_facts(_Reader(store, graphs, context))


def read_facts(read: _Reader) -> Facts:
    """Everything the rules need, from a reader of the store (``gather``) or of files (``FileReader``)."""
    one = read.one
    dcterms, schema, oa, prov, cito, bibo, fabio = (
        lambda n, p=p: _iri(p, n) for p in ("dcterms", "schema", "oa", "prov", "cito", "bibo", "fabio")
    )
    ekg = EKG.__add__

    articles: dict[str, ArticleFact] = {}
    by_iri: dict[str, ArticleFact] = {}
    article: ArticleFact | None  # each loop below binds its own (some look one up, which may find none)
    claim: ClaimFact | None
    for iri in sorted(read.instances(schema("MedicalWebPage"))):
        slug = one(dcterms("identifier"), iri)
        if slug is None:
            continue
        article = ArticleFact(
            iri,
            slug,
            one(dcterms("title"), iri) or "",
            _date(one(schema("datePublished"), iri)),
            one(schema("text"), iri) or "",
        )
        articles[article.slug] = article
        by_iri[article.iri] = article

    # the quote and the position of each claim, through its annotation's target and selectors
    quote_of: dict[str, str] = {}
    span_of: dict[str, tuple] = {}
    targets = read.map(oa("hasTarget"))
    selectors = read.map(oa("hasSelector"))
    exact, starts, ends = read.map(oa("exact")), read.map(oa("start")), read.map(oa("end"))
    for anno, bodies in sorted(read.map(oa("hasBody")).items()):
        for target in targets.get(anno, ()):
            chosen = sorted(selectors.get(target, ()))
            quotes = [q for q in chosen if q in exact]
            if not quotes:
                continue
            spans = [p for p in chosen if p in starts and p in ends]
            for body in bodies:
                if body in quote_of:
                    continue
                quote_of[body] = one(oa("exact"), quotes[0])
                if spans:
                    span_of[body] = (one(oa("start"), spans[0]), one(oa("end"), spans[0]))
    claims: dict[str, ClaimFact] = {}
    part_of = read.map(dcterms("isPartOf"))
    for iri in sorted(read.instances(ekg("Claim"))):
        article = next((by_iri[a] for a in sorted(part_of.get(iri, ())) if a in by_iri), None)
        claim_id = one(dcterms("identifier"), iri)
        if article is None or claim_id is None:
            continue
        section = one(ekg("inSection"), iri)
        start, end = span_of.get(iri, (None, None))
        claim = ClaimFact(
            iri=iri,
            id=claim_id,
            article=article.slug,
            text=one(schema("text"), iri) or "",
            quote=quote_of.get(iri) or "",
            start=start,
            end=end,
            section=one(PREFIXES["rdfs"] + "label", section) if section else None,
            evidence_type=one(ekg("evidenceType"), iri),
        )
        claims[claim.iri] = claim
        article.claims.append(claim)
    for type_iri, key in CLAIM_TYPE_BY_IRI.items():
        for iri in read.instances(type_iri):
            if iri in claims:
                claims[iri].types.add(key)

    names: dict[str, list[str]] = {node: [str(n) for n in values] for node, values in read.map(schema("name")).items()}
    for journal in read.instances(fabio("Journal")):
        for title in read.map(dcterms("title")).get(journal, ()):
            names.setdefault(journal, []).append(str(title))
    for article in articles.values():
        publisher = one(schema("publisher"), article.iri)
        article.publisher = min(names[publisher]) if publisher in names else None
        url = one(schema("url"), article.iri)
        article.url = str(url) if url is not None else None
    persons = read.instances(schema("Person"))
    agents = read.map(prov("agent"))
    for claim_iri, attributions in read.map(prov("qualifiedAttribution")).items():
        claim = claims.get(claim_iri)
        if claim is None:
            continue
        for attribution in sorted(attributions):
            for agent in agents.get(attribution, ()):
                name = min(names.get(agent, [agent]))
                claim.agents.append(
                    AgentFact(
                        agent,
                        name,
                        agent in persons,
                        one(ekg("attributionMode"), attribution),
                        one(ekg("cue"), attribution),
                    )
                )

    sources = {iri: SourceFact(iri=iri) for iri in sorted(read.instances(ekg("Source")))}
    journal_articles = read.instances(fabio("JournalArticle"))
    for iri, src in sources.items():
        src.title = one(dcterms("title"), iri)
        src.year = _year(one(fabio("hasPublicationYear"), iri))
        src.issued = _date(one(dcterms("issued"), iri))
        src.doi, src.url = one(bibo("doi"), iri), one(schema("url"), iri)
        src.volume, src.issue, src.pages = one(bibo("volume"), iri), one(bibo("issue"), iri), one(bibo("pages"), iri)
        src.page_start, src.page_end = one(bibo("pageStart"), iri), one(bibo("pageEnd"), iri)
        src.authors = [a for a in (one(ekg("authorList"), iri) or "").split("; ") if a]
        src.is_journal_article = iri in journal_articles
        venues = [min(names[v]) for v in part_of.get(iri, ()) if names.get(v)]
        src.journal = min(venues) if venues else None
        src.publishers = {n for org in read.map(dcterms("publisher")).get(iri, ()) for n in names.get(org, [])}
    for src in sources.values():
        for name in ("title", "doi", "url", "volume", "issue", "pages", "page_start", "page_end"):
            if getattr(src, name) is not None:
                setattr(src, name, str(getattr(src, name)))

    stats: dict[str, StatFact] = {}

    def stat_fact(iri: str) -> StatFact:
        stat = stats.get(iri)
        if stat is None:
            stat = stats[iri] = StatFact(
                iri=iri,
                stated_as=one(ekg("statedAs"), iri) or "",
                measure=one(ekg("measure"), iri),
                value=one(schema("value"), iri),
                min=one(schema("minValue"), iri),
                max=one(schema("maxValue"), iri),
                unit=one(schema("unitText"), iri),
                derived_from=set(read.map(prov("wasDerivedFrom")).get(iri, ())),
            )
        return stat

    for owner, found in sorted(read.map(ekg("statistic")).items()):
        if owner in claims:
            claims[owner].statistics.extend(stat_fact(iri) for iri in found)
    for owner, found in sorted(read.map(ekg("reportsStatistic")).items()):
        if owner in sources:
            for iri in found:
                sources[owner].statistics[iri] = stat_fact(iri)
    # the STATO classes in use (one pass over the type index, decoding only the distinct classes), then their members
    for type_iri in read.types():
        if isinstance(type_iri, str) and type_iri.startswith(STATO):
            for iri in read.instances(type_iri):
                if iri in stats:
                    stats[iri].stato.add(type_iri)

    citations: dict[tuple[str, str], CitationFact] = {}
    for claim_iri, cited_iris in read.map(cito("cites")).items():
        if claim_iri in claims:
            for source in cited_iris:
                citations[(claim_iri, source)] = CitationFact(source=source)
    citing, cited = read.map(cito("hasCitingEntity")), read.map(cito("hasCitedEntity"))
    mismatches = read.map(ekg("cueMismatch"))
    for node in sorted(read.instances(ekg("Citation"))):
        for claim_iri in citing.get(node, ()):
            for source in cited.get(node, ()):
                citation = citations.get((claim_iri, source))
                if citation is None:
                    continue
                citation.entry = one(dcterms("references"), node)
                citation.intent = _key(one(cito("hasCitationCharacterization"), node), CITO)
                citation.cue_type = CUE_TYPE_BY_IRI.get(one(ekg("cueType"), node))
                citation.cue = one(ekg("cue"), node)
                citation.confidence = one(ekg("confidence"), node)
                citation.mismatch = [str(m) for m in mismatches.get(node, ())]
    for (claim_iri, _), citation in sorted(citations.items()):
        claims[claim_iri].citations.append(citation)
    for claim_iri, nodes in sorted(read.map(ekg("discrepancy")).items()):
        claim = claims.get(claim_iri)
        if claim is None:
            continue
        for node in sorted(nodes):
            source, says = one(ekg("source"), node), one(ekg("sourceSays"), node)
            if source is not None and says is not None:
                claim.discrepancies.append(DiscrepancyFact(node, source, says, one(PREFIXES["rdfs"] + "comment", node)))

    appraisals: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for source, nodes in read.map(ekg("appraisal")).items():
        for node in sorted(nodes):
            for appraised_in in read.map(ekg("appraisedIn")).get(node, ()):
                appraisals[(source, appraised_in)] = (
                    _key(one(ekg("studyDesign"), node), DESIGN),
                    _key(one(ekg("evidenceLevel"), node), LEVEL),
                )
    direct = {
        iri: (_key(one(ekg("studyDesign"), iri), DESIGN), _key(one(ekg("evidenceLevel"), iri), LEVEL))
        for iri in sources
    }

    refers_to = read.map(ekg("refersTo"))
    for article_iri, entries in sorted(read.map(ekg("hasReference")).items()):
        article = by_iri.get(article_iri)
        if article is None:
            continue
        for entry in sorted(entries):
            for source_iri in refers_to.get(entry, ()):
                source = sources.get(source_iri)
                if source is None:
                    continue
                design, level = appraisals.get((source.iri, article.iri)) or direct.get(source.iri, (None, None))
                article.references.append(
                    ReferenceFact(
                        iri=entry,
                        article=article.slug,
                        source=source,
                        key=one(ekg("citationKey"), entry),
                        number=one(ekg("referenceNumber"), entry),
                        verbatim=one(dcterms("bibliographicCitation"), entry),
                        design=design,
                        level=level,
                    )
                )

    by_graph = {PREFIXES["id"] + "graph/" + slug: article for slug, article in articles.items()}
    for graph, org in read.mentions():
        article = by_graph.get(graph)
        if article is None or not names.get(org):
            continue
        article.organisations.setdefault(org, set()).update(names[org])
        article.curated_organisations.add(org)

    level_labels: dict[str, str] = {}
    design_labels: dict[str, str] = {}
    for concept, labels in read.map(PREFIXES["skos"] + "prefLabel").items():
        label = min(labels, key=str)
        if (level_key := _key(concept, LEVEL)) is not None:
            level_labels[level_key] = label
        elif (design_key := _key(concept, DESIGN)) is not None:
            design_labels[design_key] = label

    for article in articles.values():
        article.claims.sort(key=lambda c: (c.start if c.start is not None else 1 << 30, c.id))
        article.references.sort(key=lambda r: (r.number if r.number is not None else 1 << 30, r.key or "", r.iri))
        for claim in article.claims:
            claim.statistics.sort(key=lambda s: s.iri)
            claim.agents.sort(key=lambda a: a.iri)
    ordered = dict(sorted(articles.items()))
    return Facts(ordered, sources, level_labels, design_labels)
