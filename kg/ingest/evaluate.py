"""Measure a draft against a curated article: how many of the curator's statistics, cued citations,
attributions and people the ingester found, and how many of its own items the curator agrees with.

Matching is by place in the text, never by id:
- a curated statistic is *found* when a drafted statistic's wording overlaps it in the article text and
  shares a number with it (value, min or max); a drafted statistic is *correct* when it is found that way;
- a curated citation whose cue is explicit or an organisation's name is *linked* when a drafted claim that
  overlaps the curated claim cites the same source (same IRI: DOI or URL); a drafted citation is *wrong*
  when no curated claim it overlaps cites that source (every drafted citation is above the threshold);
- an attribution is found when an overlapping drafted claim is attributed to the same agent (by name).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.dataset.model import Article


@dataclass
class Score:
    """found of total (recall) and correct of drafted (precision)."""

    total: int = 0
    found: int = 0
    drafted: int = 0
    correct: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.drafted if self.drafted else 1.0

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "found": self.found,
            "recall": round(self.recall, 4),
            "drafted": self.drafted,
            "correct": self.correct,
            "precision": round(self.precision, 4),
            "missed": self.missed,
            "wrong": self.wrong,
        }


@dataclass
class Evaluation:
    quantities: Score
    values: Score  # of the found statistics: the same value/min/max and unit
    citations: Score
    attributions: Score
    people: Score
    review_links: int  # links below the threshold, listed for review
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {
            "quantities": self.quantities.to_json(),
            "values": self.values.to_json(),
            "citations": self.citations.to_json(),
            "attributions": self.attributions.to_json(),
            "people": self.people.to_json(),
            "review_links": self.review_links,
            "ingest_seconds": round(self.seconds, 3),
        }

    def tables(self):
        from kg.util.render import Table

        rows = []
        for label, score in (
            ("quantitative statements", self.quantities),
            ("  same value, range and unit", self.values),
            ("explicitly cued citations", self.citations),
            ("expert attributions", self.attributions),
            ("people (name, credentials, roles)", self.people),
        ):
            rows.append(
                [
                    label,
                    score.total,
                    score.found,
                    f"{score.recall:.1%}",
                    score.drafted,
                    score.correct,
                    f"{score.precision:.1%}",
                ]
            )
        footer = [f"Links below the review threshold (listed for review, not attached): {self.review_links}."]
        for label, score in (
            ("missed statistic", self.quantities),
            ("missed citation", self.citations),
            ("missed attribution", self.attributions),
        ):
            footer += [f"{label}: {m}" for m in score.missed]
        for label, score in (
            ("extra statistic", self.quantities),
            ("WRONG link", self.citations),
            ("extra attribution", self.attributions),
        ):
            footer += [f"{label}: {w}" for w in score.wrong]
        return [
            Table(
                ["item", "curated", "found", "recall", "drafted", "correct", "precision"],
                rows,
                "Draft against the curated seed",
                footer,
            )
        ]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Offsets:
    """Maps offsets of the curated text onto the draft's: identical texts one to one, otherwise line by line
    (lines that are equal in both, aligned with difflib; an offset on a changed line maps nowhere)."""

    def __init__(self, curated: str, draft: str) -> None:
        self.same = curated == draft
        if not self.same:
            import difflib

            a_lines, b_lines = curated.splitlines(keepends=True), draft.splitlines(keepends=True)
            a_starts = [0]
            for line in a_lines:
                a_starts.append(a_starts[-1] + len(line))
            b_starts = [0]
            for line in b_lines:
                b_starts.append(b_starts[-1] + len(line))
            self.spans = []  # (curated start, curated end, draft start)
            for i, j, size in difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False).get_matching_blocks():
                if size:
                    self.spans.append((a_starts[i], a_starts[i + size], b_starts[j]))

    def __call__(self, offset: int) -> int:
        if self.same:
            return offset
        for a, b, d in self.spans:
            if a <= offset < b:
                return d + offset - a
        return -1


def _stat_spans(article: Article):
    for claim in article.claims:
        for stat in claim.statistics:
            pos = claim.quote.find(stat.stated_as)
            yield claim, stat, (claim.start + pos, claim.start + pos + len(stat.stated_as))


def _numbers(stat) -> set[float]:
    return {round(float(n), 6) for n in (stat.value, stat.min, stat.max) if n is not None}


def _agent_name(article: Article, agent: str) -> str:
    if agent in article.people:
        return article.people[agent].name.lower()
    return article.organisations[agent].name.lower()


def evaluate(draft: Article, curated: Article) -> Evaluation:
    """Compare a loaded draft with a loaded curated article of the same text."""
    to_draft = _Offsets(curated.text, draft.text)

    def mapped(span: tuple[int, int]) -> tuple[int, int]:
        return to_draft(span[0]), to_draft(span[1] - 1) + 1

    # statistics
    quantities, values = Score(), Score()
    drafted = list(_stat_spans(draft))
    curated_stats = [(c, s, mapped(span)) for c, s, span in _stat_spans(curated)]
    quantities.total = len(curated_stats)
    quantities.drafted = len(drafted)
    for claim, stat, span in curated_stats:
        hits = [d for d in drafted if _overlap(d[2], span) and _numbers(d[1]) & _numbers(stat)]
        if hits:
            quantities.found += 1
            values.total += 1
            same = [
                d
                for d in hits
                if (d[1].value, d[1].min, d[1].max, d[1].unit) == (stat.value, stat.min, stat.max, stat.unit)
            ]
            values.found += bool(same)
            if not same:
                values.missed.append(
                    f"{stat.stated_as!r} ({claim.id}): drafted {hits[0][1].stated_as!r} as value={hits[0][1].value} min={hits[0][1].min} max={hits[0][1].max} {hits[0][1].unit}"
                )
        else:
            quantities.missed.append(f"{stat.stated_as!r} in {claim.id}")
    for claim, stat, span in drafted:
        if any(_overlap(span, c_span) and _numbers(stat) & _numbers(c_stat) for _, c_stat, c_span in curated_stats):
            quantities.correct += 1
        else:
            quantities.wrong.append(f"{stat.stated_as!r} in {claim.id}")
    values.drafted, values.correct = values.total, values.found

    # citations
    citations = Score()
    curated_claims = [(c, mapped((c.start, c.end))) for c in curated.claims]
    for claim, span in curated_claims:
        for citation in claim.citations:
            if citation.cue_type not in ("explicit", "organisation"):
                continue
            citations.total += 1
            iri = curated.references[citation.source].iri
            if any(
                _overlap((d.start, d.end), span) and any(draft.references[dc.source].iri == iri for dc in d.citations)
                for d in draft.claims
            ):
                citations.found += 1
            else:
                citations.missed.append(f"{claim.id} -> {citation.source} ({citation.cue!r})")
    review_links = 0
    for d in draft.claims:
        if d.draft:
            review_links += sum(1 for r in d.draft.review if r.startswith("possible source"))
        for dc in d.citations:
            citations.drafted += 1
            iri = draft.references[dc.source].iri
            if any(
                _overlap((d.start, d.end), span)
                and any(curated.references[c.source].iri == iri for c in claim.citations)
                for claim, span in curated_claims
            ):
                citations.correct += 1
            else:
                citations.wrong.append(f"{d.id} -> {dc.source} (cue {dc.cue!r}, confidence {dc.confidence})")

    # attributions
    attributions = Score()
    for claim, span in curated_claims:
        if claim.attribution is None:
            continue
        attributions.total += 1
        name = _agent_name(curated, claim.attribution.agent)
        if any(
            d.attribution and _overlap((d.start, d.end), span) and _agent_name(draft, d.attribution.agent) == name
            for d in draft.claims
        ):
            attributions.found += 1
        else:
            attributions.missed.append(f"{claim.id} -> {claim.attribution.agent} ({claim.attribution.cue!r})")
    for d in draft.claims:
        if d.attribution is None:
            continue
        attributions.drafted += 1
        name = _agent_name(draft, d.attribution.agent)
        if any(
            claim.attribution
            and _overlap((d.start, d.end), span)
            and _agent_name(curated, claim.attribution.agent) == name
            for claim, span in curated_claims
        ):
            attributions.correct += 1
        else:
            attributions.wrong.append(f"{d.id} -> {d.attribution.agent} ({d.attribution.cue!r})")

    # people
    people = Score(total=len(curated.people), drafted=len(draft.people))
    drafted_people = {p.name: p for p in draft.people.values()}
    for person in curated.people.values():
        other = drafted_people.get(person.name)
        if other and other.credentials == person.credentials and sorted(other.roles) == sorted(person.roles):
            people.found += 1
        else:
            people.missed.append(
                f"{person.name}, {person.credentials} {person.roles}"
                + (f": drafted {other.credentials} {other.roles}" if other else ": not found")
            )
    curated_names = {p.name for p in curated.people.values()}
    people.correct = sum(1 for p in draft.people.values() if p.name in curated_names)
    people.wrong = [p.name for p in draft.people.values() if p.name not in curated_names]
    return Evaluation(quantities, values, citations, attributions, people, review_links)


def evaluate_seed(raw: Path | None = None, curated_dir: Path | None = None, out: Path | None = None) -> Evaluation:
    """Ingest the seed's raw scrape and measure the draft against the curated seed. The draft is written to
    ``out`` (kept) or to a temporary folder (removed)."""
    from kg.dataset.loader import load_article
    from kg.dataset.paths import bundled_data_dir
    from kg.ingest import ingest

    data = bundled_data_dir()
    slug = "lower-back-pain-after-running"
    raw = Path(raw) if raw else data / "raw" / f"{slug}.txt"
    curated_dir = Path(curated_dir) if curated_dir else data / "articles" / slug
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        result = ingest(raw, Path(out) if out else Path(scratch), slug=slug)
        seconds = time.perf_counter() - started
        evaluation = evaluate(load_article(result.folder), load_article(curated_dir))
    evaluation.seconds = seconds
    return evaluation
