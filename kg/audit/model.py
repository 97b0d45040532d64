"""The audit's plain result objects: a finding, the options of a run, the severities and their order."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: SEVERITY_RANK: lower is worse; used to sort findings worst first and to compare with --fail-on. Defined in
#: kg.provenance.findings, which ekg why reads without importing this package.
from kg.provenance.findings import SEVERITIES, SEVERITY_RANK  # noqa: F401

#: Sources older than this many years at the article's date are reported as stale. Five years is the
#: horizon most health-content policies use, and it matches how fast evidence dates: Shojania et al.
#: (Ann Intern Med 2007;147:224) found systematic reviews' conclusions had a median survival of 5.5
#: years, with a quarter out of date within two. A year-only date counts as the end of that year, so a
#: source is never called stale on a guess.
DEFAULT_STALE_YEARS = 5


@dataclass(frozen=True)
class Subject:
    """What a finding is about: a claim, a reference-list entry or a source."""

    iri: str
    kind: str  # claim | reference | source
    id: str  # the claim id, "ref 6 (raabe2018)", or the DOI/URL
    article: str | None = None  # the article slug (None for a source outside any article)

    def to_json(self) -> dict:
        return {"iri": self.iri, "kind": self.kind, "id": self.id, "article": self.article}


@dataclass
class Finding:
    rule: str
    severity: str
    subject: Subject
    message: str
    evidence: str
    fix: str
    related: list[Subject] = field(default_factory=list)  # the reference/source a claim finding also concerns
    highlight: str | None = None  # the part of the evidence the finding points at
    order: int = 0  # position in its article (quote offset, or reference number), for a stable sort
    #: a reviewer's decision on it (reviewed.yaml, read from the graph): {"decision": accepted|dismissed, "reason",
    #: "by", "date"}; None while it is open
    review: dict | None = None

    @property
    def article(self) -> str | None:
        return self.subject.article

    @property
    def id(self) -> str:
        """A short stable id: a hash of the rule, what the finding concerns, the evidence it quotes and the part of it
        the finding points at (one entry can have two defects of one rule: an unbalanced bracket and a misspelt
        organisation). A reviewer's decision is kept by this id, so it lapses when the claim or reference it
        concerns changes."""
        return finding_id(self.rule, self.subject.iri, self.evidence, self.highlight)

    @property
    def dismissed(self) -> bool:
        return bool(self.review and self.review.get("decision") == "dismissed")

    def sort_key(self, rule_order: dict[str, int]) -> tuple:
        return (
            SEVERITY_RANK[self.severity],
            rule_order.get(self.rule, len(rule_order)),
            self.article or "",
            self.order,
            self.subject.id,
            self.message,
        )

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.review["decision"] if self.review else "open",
            "review": self.review,
            "rule": self.rule,
            "severity": self.severity,
            "article": self.article,
            "concerns": self.subject.to_json(),
            "related": [s.to_json() for s in self.related],
            "message": self.message,
            "evidence": self.evidence,
            "highlight": self.highlight,
            "fix": self.fix,
        }


def finding_id(rule: str, subject_iri: str, evidence: str, highlight: str | None = None) -> str:
    """See ``Finding.id``: 10 hex digits of a SHA-256."""
    import hashlib

    parts = [rule, subject_iri, " ".join(evidence.split())] + ([" ".join(highlight.split())] if highlight else [])
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:10]


@dataclass
class AuditOptions:
    articles: list[str] | None = None  # slugs; None: every article
    stale_years: int = DEFAULT_STALE_YEARS
    retractions: Path | None = None
    rules: list[str] | None = None  # rule ids; None: every rule

    def describe(self) -> str:
        """A stable one-line description, recorded with a stored audit run."""
        parts = [f"stale-years={self.stale_years}"]
        if self.articles:
            parts.append("articles=" + ",".join(sorted(self.articles)))
        if self.rules:
            parts.append("rules=" + ",".join(sorted(self.rules)))
        if self.retractions:
            parts.append(f"retractions={Path(self.retractions).name}")
        return "; ".join(parts)
