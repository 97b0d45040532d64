"""The curated data as plain, validated Python objects: what the loaders produce and the builder reads.

Every object keeps the file and line it came from, so later checks can still point at the source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kg.util.safe import home_page


@dataclass(frozen=True)
class Where:
    """A place in a data file."""

    path: Path
    line: int | None


@dataclass
class Organisation:
    id: str
    name: str
    where: Where


@dataclass
class Person:
    id: str
    name: str
    credentials: str | None
    job_title: str | None
    affiliation: str | None  # organisation id
    bio: str | None
    roles: list[str]
    aliases: list[str]
    where: Where


@dataclass
class Section:
    id: str
    title: str
    starts_at: str
    heading: bool
    start: int  # offset in the article text
    end: int  # exclusive; the next section's start, or the end of the text
    where: Where


@dataclass
class Concept:
    id: str
    label: str
    kind: str
    where: Where


@dataclass
class Statistic:
    stated_as: str
    measure: str
    unit: str
    value: float | None = None
    min: float | None = None
    max: float | None = None
    approximate: bool = False
    qualifier: str | None = None
    population: str | None = None
    comparator: str | None = None
    outcome: str | None = None
    source_statistic: str | None = None  # "<bibkey>/<statistic id>"
    id: str | None = None  # only for statistics a source reports
    recorded_by: str | None = None
    basis: str | None = None
    where: Where | None = None


@dataclass
class Appraisal:
    source_key: str
    design: str
    evidence_level: str
    rated_by: str
    basis: str | None
    statistics: list[Statistic]
    where: Where


@dataclass
class Reference:
    """One BibTeX entry of an article's reference list."""

    key: str
    entry_type: str
    fields: dict[str, str]
    title: str
    year: int | None
    doi: str | None  # normalised: lower-cased, no prefix
    url: str | None
    verbatim: str | None
    number: int | None
    authors: list[str]
    where: Where
    pmid: str | None = None  # digits
    pmcid: str | None = None  # "PMC" and digits
    isbn: str | None = None  # digits (and a final X), no hyphens

    @property
    def iri(self) -> str:
        """The source's IRI, by the first identifier it has: https://doi.org/<doi>, its PubMed record, its PMC
        record, urn:isbn:<isbn>, its URL (not a site's home page: it names no work), else an IRI minted from a fingerprint of the work (first author's
        surname, year, first significant title words), so that the same work printed without any identifier in
        two articles is one node. Characters a DOI may hold but an IRI may not (old SICI DOIs have ``<`` and
        ``>``, some have ``[`` and ``]``) are percent-encoded, as doi.org asks of links."""
        if self.doi:
            from urllib.parse import quote

            return "https://doi.org/" + quote(self.doi, safe="/:;()-._~!$&'*+,=@")
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        if self.pmcid:
            return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{self.pmcid}/"
        if self.isbn:
            return f"urn:isbn:{self.isbn}"
        if self.url and not home_page(self.url):  # a site's home page names no work (two posts of one site)
            return self.url
        from kg.iris import ID

        return f"{ID}source/{self.fingerprint}"

    @property
    def persistent(self) -> bool:
        """Whether the entry carries an identifier or a locator a reader can follow."""
        return bool(self.doi or self.pmid or self.pmcid or self.isbn or self.url)

    @property
    def fingerprint(self) -> str:
        """ "smith-2019-knee-pain-recreational": the first author's surname (or organisation), the year and the
        title's first three significant words (twelve where there is neither an author nor a year), folded to
        ASCII; the verbatim entry's words where there is no title. The same for the same work however the entry is punctuated."""
        from kg.util.text import fingerprint_words

        first = self.authors[0] if self.authors else (self.fields.get("organization") or "anon")
        surname = first.split(",")[0] if "," in first else first
        # with neither an author nor a year, three words cannot tell works apart ("29 U.S.C. § 781(a)(5)" and
        # "§ 781(a)(10)"): the title's first twelve significant words are taken
        weak = not self.authors and not self.fields.get("organization") and not self.year
        words = fingerprint_words(self.title or self.verbatim or "", 12 if weak else 3)
        return "-".join(p for p in (*fingerprint_words(surname, 2), str(self.year or "nd"), *words) if p) or "untitled"


@dataclass
class Attribution:
    agent: str  # person or organisation id
    mode: str
    cue: str | None
    where: Where


@dataclass
class Citation:
    source: str  # BibTeX key
    intent: str
    cue_type: str
    cue: str | None
    confidence: float
    basis: str | None
    where: Where
    #: where the cue and the source disagree ("year: the cue says 2019, the reference 2020"), ekg:cueMismatch
    mismatch: list[str] = field(default_factory=list)


@dataclass
class Discrepancy:
    source: str
    source_says: str
    note: str | None
    recorded_by: str
    where: Where


@dataclass
class DraftInfo:
    """What ``ekg ingest`` recorded about a drafted claim: its confidence, the rules that fired, what to review."""

    confidence: float
    rules: list[str]
    review: list[str]
    where: Where


@dataclass
class Claim:
    id: str
    types: list[str]
    quote: str
    text: str
    start: int
    end: int
    about: list[str] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    attribution: Attribution | None = None
    citations: list[Citation] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    ambiguities: list[str] = field(default_factory=list)
    section: str | None = None
    where: Where | None = None
    draft: DraftInfo | None = None  # only on claims drafted by ``ekg ingest`` and not yet reviewed


@dataclass
class Article:
    slug: str
    title: str
    description: str | None
    publisher: str  # organisation id
    published: dt.date | None  # None where the page gives no date: the audit says what it could not check
    url: str | None
    language: str
    text: str
    notes: list[str]
    organisations: dict[str, Organisation]
    people: dict[str, Person]
    sections: list[Section]
    concepts: dict[str, Concept]
    appraisals: dict[str, Appraisal]
    references: dict[str, Reference]
    claims: list[Claim]
    folder: Path
    files: list[Path]  # every input file, for the cache's fingerprint
    modified: dt.date | None = None  # the page's last update, where it gives one
    reviews: Reviews | None = None  # reviewed.yaml: reviewers' verdicts and finding decisions


@dataclass
class Corpus:
    articles: list[Article]
    root: Path


@dataclass
class Reviewer:
    """A person who judges claims, named in reviewed.yaml (a schema:Person in the graph)."""

    id: str
    name: str
    credentials: str | None
    where: Where


@dataclass
class Verdict:
    """A reviewer's judgement of one claim, anchored to what was judged (``judged``: the quote, the figures and
    the sources' IRIs at the time); ``stale`` says what changed since, empty while the verdict still applies."""

    claim: str
    rating: str  # a key of kg.dataset.vocab.RATINGS
    by: str  # a reviewer id, a person id of article.yaml, or evidence-kg-curators
    date: dt.date
    note: str
    judged: dict
    passage: str | None = None  # the source passage relied on
    source: str | None = None  # the BibTeX key of the source the passage is from
    stale: list[str] = field(default_factory=list)
    where: Where | None = None


@dataclass
class FindingReview:
    """An audit finding accepted or dismissed by a reviewer; keyed by the finding's id, which changes when what the
    finding concerns changes (so a dismissal lapses then)."""

    id: str
    decision: str  # accepted | dismissed
    reason: str | None
    by: str
    date: dt.date
    rule: str | None = None
    concerns: str | None = None
    where: Where | None = None


@dataclass
class Reviews:
    """The contents of an article's reviewed.yaml (empty when it has none)."""

    path: Path
    reviewers: dict[str, Reviewer] = field(default_factory=dict)
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    findings: dict[str, FindingReview] = field(default_factory=dict)
