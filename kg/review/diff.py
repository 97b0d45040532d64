"""What changed between two versions of the same articles: claims, figures, citations, and where each old
quote now stands in the new text.

Each version is a data folder (built through its cache) or an exported graph (N-Quads, TriG, Turtle,
N-Triples or JSON-LD). Articles are matched by slug and claims by id. Every old claim's quote is re-anchored
in the new article text the way annotation tools re-attach a highlight after a page changes:

1. **exact**: the quote is found verbatim. Where the surrounding text is unchanged (its line, or its run of
   characters inside an edited paragraph, maps to the new text) and the quote sits where that mapping puts
   it, it is *unchanged*; found anywhere else it has *moved*. Among several occurrences the one whose
   prefix and suffix match wins (confidence 1), else one side (0.75), else the nearest (1/occurrences).
2. **context**: the quote is gone but its recorded prefix and suffix still stand, close together: the text
   between them is the *edited* quote; confidence is its similarity to the old quote.
3. **fuzzy**: the best approximate match of the quote (rapidfuzz's partial-ratio alignment); *edited* if at
   least ``FUZZY_THRESHOLD`` similar, else the quote is *gone*.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import DataError, MissingData
from kg.util.render import Table
from kg.util.text import find_all

FUZZY_THRESHOLD = 80.0  # rapidfuzz partial_ratio, 0-100
CONTEXT_MIN_SIMILARITY = 0.5
INNER_DIFF_LIMIT = 20_000  # characters: above this an edited block is not diffed character by character
RDF_FORMATS = {".nq": "N_QUADS", ".trig": "TRIG", ".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD"}


# ---------------------------------------------------------------------------------------------- snapshots


@dataclass
class Figure:
    stated_as: str
    value: float | None
    min: float | None
    max: float | None
    unit: str | None

    def amount(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.value is not None:
            return f"{self.value:g}{unit}"
        if self.min is not None and self.max is not None:
            return f"{self.min:g}–{self.max:g}{unit}"
        if self.max is not None:
            return f"≤{self.max:g}{unit}"
        return f"≥{self.min:g}{unit}"

    def label(self) -> str:
        amount = self.amount()
        return self.stated_as if self.stated_as == amount else f"{self.stated_as} ({amount})"


@dataclass
class ClaimSnapshot:
    id: str
    text: str
    types: list[str]
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    figures: list[Figure] = field(default_factory=list)
    citations: dict[str, str] = field(default_factory=dict)  # source IRI -> CiTO intent
    attribution: str | None = None


@dataclass
class ArticleSnapshot:
    slug: str
    text: str
    claims: dict[str, ClaimSnapshot]
    sources: dict[str, str]  # source IRI -> label (its BibTeX key, else the IRI)


# Each pattern in its own subquery: Oxigraph hashes subqueries, but looks a plain pattern's rows up one by one
# (`ekg diff` took more than twice as long the other way; tests/test_listings.py checks the rows).
_TEXTS = "SELECT ?article ?text WHERE { ?article a schema:MedicalWebPage ; schema:text ?text }"
_TYPES = """
SELECT ?claim ?type WHERE {
  { SELECT ?claim WHERE { ?claim a ekg:Claim } }
  { SELECT ?claim ?type WHERE { ?claim a ?type } }
}"""
_FIGURES = """
SELECT ?claim ?statistic ?statedAs ?value ?min ?max ?unit WHERE {
  { SELECT ?claim WHERE { ?claim a ekg:Claim } }
  { SELECT ?claim ?statistic WHERE { ?claim ekg:statistic ?statistic } }
  { SELECT ?statistic ?statedAs WHERE { ?statistic ekg:statedAs ?statedAs } }
  OPTIONAL { SELECT ?statistic ?value WHERE { ?statistic schema:value ?value } }
  OPTIONAL { SELECT ?statistic ?min WHERE { ?statistic schema:minValue ?min } }
  OPTIONAL { SELECT ?statistic ?max WHERE { ?statistic schema:maxValue ?max } }
  OPTIONAL { SELECT ?statistic ?unit WHERE { ?statistic schema:unitText ?unit } }
}"""
_CITATIONS = """
SELECT ?claim ?source ?intent WHERE {
  { SELECT ?citation WHERE { ?citation a ekg:Citation } }
  { SELECT ?citation ?claim WHERE { ?citation cito:hasCitingEntity ?claim } }
  { SELECT ?citation ?source WHERE { ?citation cito:hasCitedEntity ?source } }
  { SELECT ?citation ?intent WHERE { ?citation cito:hasCitationCharacterization ?intent } }
}"""
_SOURCES = """
SELECT ?article ?source ?key WHERE {
  { SELECT ?article ?entry WHERE { ?article ekg:hasReference ?entry } }
  { SELECT ?entry ?source WHERE { ?entry ekg:refersTo ?source } }
  OPTIONAL { SELECT ?entry ?key WHERE { ?entry ekg:citationKey ?key } }
}"""


def _statistic_order(iri: str) -> tuple:
    tail = iri.rsplit("/", 1)[-1]
    return (0, int(tail), iri) if tail.isdigit() else (1, 0, iri)


def snapshot(store, progress=None, phase: str = "Reading") -> dict[str, ArticleSnapshot]:
    """The articles of a built graph, as plain values to compare. ``progress(done, total, phase)`` is told of each
    of its six reads (on a large corpus they take seconds)."""
    from kg.dataset import vocab
    from kg.export.common import claims
    from kg.sparql.run import select

    def step(done: int) -> None:
        if progress:
            progress(done, 6, phase)

    step(0)
    texts = {r["article"]: r["text"] for r in select(store, _TEXTS)}
    step(1)
    records = claims(store)
    step(2)
    by_iri: dict[str, ClaimSnapshot] = {}
    articles: dict[str, ArticleSnapshot] = {}
    slugs: dict[str, str] = {}
    for record in records:
        article = record.article
        slugs[article.iri] = article.slug
        snap = articles.setdefault(article.slug, ArticleSnapshot(article.slug, texts.get(article.iri, ""), {}, {}))
        claim = ClaimSnapshot(
            record.id, record.text, [], record.quote, record.prefix, record.suffix, record.start, record.end
        )
        claim.attribution = record.agent_name or record.agent
        snap.claims[record.id] = claim
        by_iri[record.iri] = claim
    for row in select(store, _TYPES):
        key = vocab.CLAIM_TYPE_BY_IRI.get(row["type"])
        if key and row["claim"] in by_iri:
            by_iri[row["claim"]].types.append(key)
    for claim in by_iri.values():
        claim.types.sort()
    step(3)
    for row in sorted(select(store, _FIGURES), key=lambda r: _statistic_order(r["statistic"])):
        if row["claim"] in by_iri:
            by_iri[row["claim"]].figures.append(
                Figure(row["statedAs"], row["value"], row["min"], row["max"], row["unit"])
            )
    step(4)
    for row in select(store, _CITATIONS):
        if row["claim"] in by_iri:
            by_iri[row["claim"]].citations[row["source"]] = row["intent"].rsplit("/", 1)[-1]
    step(5)
    for row in sorted(select(store, _SOURCES), key=lambda r: (r["article"], r["source"], r["key"] or "")):
        slug = slugs.get(row["article"])
        if slug:
            articles[slug].sources.setdefault(row["source"], row["key"] or row["source"])
    step(6)
    return articles


def open_version(path: Path, progress=None):
    """A data folder's built graph (building it if needed), or an exported graph file loaded in memory."""
    path = Path(path)
    if path.is_dir():
        from kg.cache.store import Cache

        return Cache(path).open(progress=progress)
    if not path.is_file():
        raise MissingData(
            path, None, None, "not found", "pass a data folder (with articles/<slug>/) or an exported graph"
        )
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataError(
            path,
            None,
            None,
            f"cannot tell the RDF format from the suffix {path.suffix!r}",
            f"use a data folder, or a graph exported as {', '.join(sorted(RDF_FORMATS))}",
        )
    import pyoxigraph

    store = pyoxigraph.Store()
    try:
        store.bulk_load(path=str(path), format=getattr(pyoxigraph.RdfFormat, fmt))
    except SyntaxError as exc:
        raise DataError(
            path,
            getattr(exc, "lineno", None),
            None,
            f"not valid {fmt.replace('_', '-')}: {exc.msg if hasattr(exc, 'msg') else exc}",
            "export it again with ekg export",
        ) from exc
    return store


# ---------------------------------------------------------------------------------------------- re-anchoring


def _lines(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for line in text.splitlines(keepends=True):
        out.append((start, line))
        start += len(line)
    return out


class OffsetMap:
    """Where unchanged stretches of the old text stand in the new one: equal lines, and equal runs of
    characters inside edited lines."""

    def __init__(self, old: str, new: str) -> None:
        self.runs: list[tuple[int, int, int]] = []  # (old start, old end, new start)
        old_lines, new_lines = _lines(old), _lines(new)
        matcher = difflib.SequenceMatcher(None, [t for _, t in old_lines], [t for _, t in new_lines], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    (o, text), (n, _) = old_lines[i1 + k], new_lines[j1 + k]
                    self.runs.append((o, o + len(text), n))
            elif tag == "replace":
                o_start, n_start = old_lines[i1][0], new_lines[j1][0]
                o_end = old_lines[i2 - 1][0] + len(old_lines[i2 - 1][1])
                n_end = new_lines[j2 - 1][0] + len(new_lines[j2 - 1][1])
                if o_end - o_start > INNER_DIFF_LIMIT or n_end - n_start > INNER_DIFF_LIMIT:
                    continue
                inner = difflib.SequenceMatcher(None, old[o_start:o_end], new[n_start:n_end], autojunk=False)
                for a, b, size in inner.get_matching_blocks():
                    if size:
                        self.runs.append((o_start + a, o_start + a + size, n_start + b))

    def map(self, start: int, end: int) -> int | None:
        """The new offset of ``old[start:end]`` if it lies within one unchanged run."""
        for o_start, o_end, n_start in self.runs:
            if o_start <= start and end <= o_end:
                return n_start + (start - o_start)
        return None


@dataclass
class Anchor:
    status: str  # unchanged | moved | edited | gone
    method: str  # exact | context | fuzzy | none
    confidence: float | None
    start: int | None
    end: int | None
    text: str | None


def _context_score(text: str, pos: int, quote: str, prefix: str, suffix: str) -> int:
    before = not prefix or text[max(0, pos - len(prefix)) : pos] == prefix
    after = not suffix or text[pos + len(quote) : pos + len(quote) + len(suffix)] == suffix
    return int(before) + int(after)


def reanchor(claim: ClaimSnapshot, new_text: str, offsets: OffsetMap) -> Anchor:
    """Where an old claim's quote stands in the new text, how it was found and how sure that is."""
    from rapidfuzz import fuzz

    quote, length = claim.quote, len(claim.quote)
    expected = offsets.map(claim.start, claim.end)
    if expected is not None and new_text[expected : expected + length] == quote:
        return Anchor("unchanged", "exact", 1.0, expected, expected + length, None)
    occurrences = find_all(new_text, quote)
    if occurrences:
        near = expected if expected is not None else claim.start
        scored = sorted(
            occurrences,
            key=lambda p: (-_context_score(new_text, p, quote, claim.prefix, claim.suffix), abs(p - near), p),
        )
        best = scored[0]
        score = _context_score(new_text, best, quote, claim.prefix, claim.suffix)
        if len(occurrences) == 1 or score == 2:
            confidence = 1.0
        elif score == 1:
            confidence = 0.75
        else:
            confidence = round(1 / len(occurrences), 2)
        return Anchor("moved", "exact", confidence, best, best + length, None)
    if claim.prefix and claim.suffix:
        candidates = []
        for p in find_all(new_text, claim.prefix):
            begin = p + len(claim.prefix)
            for s in find_all(new_text, claim.suffix):
                if begin <= s <= begin + 2 * length + 64:
                    candidates.append((abs((s - begin) - length), begin, s))
        if candidates:
            _, begin, stop = min(candidates)
            span = new_text[begin:stop]
            similarity = round(fuzz.ratio(quote, span) / 100, 2)
            if similarity >= CONTEXT_MIN_SIMILARITY:
                return Anchor("edited", "context", similarity, begin, stop, span)
    match = fuzz.partial_ratio_alignment(quote, new_text)
    if match is not None and match.score >= FUZZY_THRESHOLD:
        begin, stop = match.dest_start, match.dest_end
        while begin < stop and new_text[begin].isspace():  # the alignment may take in a neighbouring space
            begin += 1
        while stop > begin and new_text[stop - 1].isspace():
            stop -= 1
        return Anchor("edited", "fuzzy", round(match.score / 100, 2), begin, stop, new_text[begin:stop])
    return Anchor("gone", "none", None, None, None, None)


# ---------------------------------------------------------------------------------------------- the diff


@dataclass
class ClaimChange:
    article: str
    claim: str
    change: str  # added | removed | changed
    what: list[str]
    text: str


@dataclass
class FigureChange:
    article: str
    claim: str
    old: str | None
    new: str | None


@dataclass
class CitationChange:
    article: str
    claim: str | None  # None: the article's reference list
    change: str  # dropped | added | intent changed
    source: str
    source_iri: str
    old_intent: str | None
    new_intent: str | None


@dataclass
class QuoteChange:
    article: str
    claim: str
    status: str
    method: str
    confidence: float | None
    old_start: int
    old_end: int
    new_start: int | None
    new_end: int | None
    new_text: str | None


@dataclass
class DiffResult:
    old: str
    new: str
    articles_added: list[str] = field(default_factory=list)
    articles_removed: list[str] = field(default_factory=list)
    claims: list[ClaimChange] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    citations: list[CitationChange] = field(default_factory=list)
    quotes: list[QuoteChange] = field(default_factory=list)  # every old claim's re-anchored quote

    @property
    def changed(self) -> bool:
        moved = any(q.status != "unchanged" for q in self.quotes)
        return bool(
            self.articles_added or self.articles_removed or self.claims or self.figures or self.citations or moved
        )

    def counts(self) -> dict[str, int]:
        def count(items, attr, value):
            return sum(1 for i in items if getattr(i, attr) == value)

        return {
            "articles added": len(self.articles_added),
            "articles removed": len(self.articles_removed),
            "claims added": count(self.claims, "change", "added"),
            "claims removed": count(self.claims, "change", "removed"),
            "claims changed": count(self.claims, "change", "changed"),
            "figures changed": len(self.figures),
            "citations dropped": count(self.citations, "change", "dropped"),
            "citations added": count(self.citations, "change", "added"),
            "citation intents changed": count(self.citations, "change", "intent changed"),
            "quotes unchanged": count(self.quotes, "status", "unchanged"),
            "quotes moved": count(self.quotes, "status", "moved"),
            "quotes edited": count(self.quotes, "status", "edited"),
            "quotes gone": count(self.quotes, "status", "gone"),
        }

    def to_json(self) -> Any:
        return {
            "old": self.old,
            "new": self.new,
            "changed": self.changed,
            "summary": self.counts(),
            "articles": {"added": self.articles_added, "removed": self.articles_removed},
            "claims": [asdict(c) for c in self.claims],
            "figures": [asdict(f) for f in self.figures],
            "citations": [asdict(c) for c in self.citations],
            "quotes": [asdict(q) for q in self.quotes if q.status != "unchanged"],
        }

    def tables(self) -> list[Table]:
        def span(start, end):
            return f"{start}–{end}" if start is not None else ""

        summary = Table(
            ["what", "count"],
            [[k, v] for k, v in self.counts().items()],
            title=f"Changes from {self.old} to {self.new}",
        )
        tables = [summary]
        if self.articles_added or self.articles_removed:
            rows = [[slug, "added"] for slug in self.articles_added] + [
                [slug, "removed"] for slug in self.articles_removed
            ]
            tables.append(Table(["article", "change"], rows, title="Articles"))
        if self.claims:
            rows = [[c.article, c.claim, c.change, ", ".join(c.what), c.text] for c in self.claims]
            tables.append(Table(["article", "claim", "change", "what changed", "statement"], rows, title="Claims"))
        if self.figures:
            rows = [[f.article, f.claim, f.old or "", f.new or ""] for f in self.figures]
            tables.append(Table(["article", "claim", "old figure", "new figure"], rows, title="Figures"))
        if self.citations:
            rows = [
                [c.article, c.claim or "(reference list)", c.change, c.source, c.old_intent or "", c.new_intent or ""]
                for c in self.citations
            ]
            tables.append(
                Table(["article", "claim", "change", "source", "old intent", "new intent"], rows, title="Citations")
            )
        moved = [q for q in self.quotes if q.status != "unchanged"]
        if moved:
            rows = [
                [
                    q.article,
                    q.claim,
                    q.status,
                    q.method,
                    "" if q.confidence is None else f"{q.confidence:.2f}",
                    span(q.old_start, q.old_end),
                    span(q.new_start, q.new_end),
                    q.new_text or "",
                ]
                for q in moved
            ]
            tables.append(
                Table(
                    ["article", "claim", "quote", "found by", "confidence", "old span", "new span", "new text"],
                    rows,
                    title="Quotes re-anchored in the new text",
                )
            )
        return tables


def _claim_changes(slug: str, old: ClaimSnapshot, new: ClaimSnapshot) -> list[str]:
    what = []
    if old.text != new.text:
        what.append("text")
    if old.types != new.types:
        gained = [f"+{t}" for t in new.types if t not in old.types]
        lost = [f"-{t}" for t in old.types if t not in new.types]
        what.append("types " + " ".join(gained + lost))
    if old.quote != new.quote:
        what.append("quote")
    if [f.label() for f in old.figures] != [f.label() for f in new.figures]:
        what.append("figures")
    if old.citations != new.citations:
        what.append("citations")
    if old.attribution != new.attribution:
        what.append("attribution")
    return what


def compare(
    old: dict[str, ArticleSnapshot], new: dict[str, ArticleSnapshot], old_name: str, new_name: str, progress=None
) -> DiffResult:
    result = DiffResult(old_name, new_name)
    result.articles_added = sorted(set(new) - set(old))
    result.articles_removed = sorted(set(old) - set(new))
    both = sorted(set(old) & set(new))
    for done, slug in enumerate(both):
        if progress and done % 50 == 0:
            progress(done, len(both), "Comparing articles")
        a, b = old[slug], new[slug]
        order = {cid: (c.start, c.end, cid) for cid, c in {**b.claims, **a.claims}.items()}
        for cid in sorted(set(a.claims) | set(b.claims), key=lambda c: order[c]):
            before, after = a.claims.get(cid), b.claims.get(cid)
            if before is None:
                assert after is not None  # cid is a claim of a or of b
                result.claims.append(ClaimChange(slug, cid, "added", [], after.text))
                continue
            if after is None:
                result.claims.append(ClaimChange(slug, cid, "removed", [], before.text))
                continue
            what = _claim_changes(slug, before, after)
            if what:
                result.claims.append(ClaimChange(slug, cid, "changed", what, after.text))
            for i in range(max(len(before.figures), len(after.figures))):
                f_old = before.figures[i].label() if i < len(before.figures) else None
                f_new = after.figures[i].label() if i < len(after.figures) else None
                if f_old != f_new:
                    result.figures.append(FigureChange(slug, cid, f_old, f_new))
            for source in sorted(set(before.citations) | set(after.citations)):
                old_intent, new_intent = before.citations.get(source), after.citations.get(source)
                if old_intent == new_intent:
                    continue
                change = "added" if old_intent is None else "dropped" if new_intent is None else "intent changed"
                label = b.sources.get(source) or a.sources.get(source) or source
                result.citations.append(CitationChange(slug, cid, change, label, source, old_intent, new_intent))
        for source in sorted(set(a.sources) - set(b.sources)):
            result.citations.append(CitationChange(slug, None, "dropped", a.sources[source], source, None, None))
        for source in sorted(set(b.sources) - set(a.sources)):
            result.citations.append(CitationChange(slug, None, "added", b.sources[source], source, None, None))
        offsets = OffsetMap(a.text, b.text) if a.text != b.text else None
        for claim in sorted(a.claims.values(), key=lambda c: (c.start, c.end, c.id)):
            if offsets is None:
                anchor = Anchor("unchanged", "exact", 1.0, claim.start, claim.end, None)
            else:
                anchor = reanchor(claim, b.text, offsets)
            result.quotes.append(
                QuoteChange(
                    slug,
                    claim.id,
                    anchor.status,
                    anchor.method,
                    anchor.confidence,
                    claim.start,
                    claim.end,
                    anchor.start,
                    anchor.end,
                    anchor.text,
                )
            )
    if progress:
        progress(len(both), len(both), "Comparing articles")
    return result


def diff(old_path: Path, new_path: Path, progress=None) -> DiffResult:
    """Compare two versions (data folders or exported graphs) of the same articles."""
    old = snapshot(open_version(old_path, progress), progress, f"Reading {old_path}")
    new = snapshot(open_version(new_path, progress), progress, f"Reading {new_path}")
    return compare(old, new, str(old_path), str(new_path), progress)
