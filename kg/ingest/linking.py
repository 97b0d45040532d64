"""Link a sentence to the references its in-text cues point to, each link scored.

A cue links only the sentence it stands in: a marker after a sentence's full stop ("pain.[3]", "pain.¹")
belongs to that sentence, and a marker that opens a sentence (between two sentences) is sent for review,
never attached to either neighbour.

Rules (rule name: confidence):
- ``marker`` — "[3]", "[3, 4]", "[3–5]", a superscript ("¹²", or "<sup>3</sup>" in HTML): 0.95; "(3)" and
  "17,18" glued after punctuation: 0.85 (0.5 where "(1) … (2) …" reads as an enumeration); a number the
  numbered reference list does not have is not a link;
- ``author-year`` — "(Smith et al., 2019)", "(Smith & Jones, 2020; Lee, 2018)", "Smith and Jones (2020)":
  0.95 when the surnames and year match exactly one reference; several matches: 0.5 each. A cue that does not
  quite match its one reference still links, and says how (``mismatch``, in the graph ``ekg:cueMismatch``):
  "et al." for a one-author work, 0.85; a year one off (online one year, in print the next) or a surname
  spelt otherwise (rapidfuzz ratio ≥ 85: "Nehr" for "Neher"), 0.8; two of these, 0.6 (for review); the
  references with the fewest disagreements are the candidates;
- ``study-cue`` — "a 2021 study published in <journal>": the journal is compared with each reference's
  journal (or site) by rapidfuzz's ratio on lower-cased words without "the/of/and/in/for/on", so that
  "Pain Research Management" still matches "Pain Research and Management"; year and journal (≥ 90): 0.95,
  journal ≥ 80 with the year: 0.8 (a ``mismatch``); journal without year: 0.85; journal with a year one off:
  0.8 (a ``mismatch``); journal with a year further off: 0.5; the year (and study type) alone: 0.6 or less;
- ``organisation-cue`` — an organisation named as a speaker ("the American Council on Exercise advises",
  "according to the Cleveland Clinic") whose name matches a reference's organisation or author: the same name,
  0.9 if it has one reference, 0.6 each if several; a name close to it (ratio ≥ 90, or one opening the other
  with three words or more: "Centers for Disease Control" for "… and Prevention"), 0.85 and a ``mismatch``;
- ``organisation-named`` — in a list without numbers, a sentence with no other cue that names the
  organisation that authored a reference ("… the American Heart Association's registry …"): 0.8 if the
  organisation has one reference; if it has several, a review item;
- ``identifier`` — the reference's DOI or URL written in the sentence: 0.99;
- anaphora — "the same study", "these researchers", "this trial" in a sentence with no cue of its own: a review
  item naming what the last cited sentence cites, never a link;
- ``inline-link`` — a link in the sentence to a research record (``research_record``: a DOI, PubMed, PMC or
  Europe PMC record, 0.95; a preprint, a registry record or a journal's article page, 0.9; a report's PDF, 0.85),
  found in the page's markup and placed in the text by its words (``inline_links``), or an address written out in
  the sentence (``bare_links``): the linked work is a source (``inline_source``; the reference with the same DOI,
  PubMed ID, PMCID or URL, if the list has one); links to the page's own site are none;
- ``lead-in`` — an item of a list with no cue of its own shares the attached links of the sentence that leads
  into the list, the nearest one before it that ends with a colon ("… six key components (3):", or an item
  "With that said:3"), across items of the same list only: 0.8 (or the lead-in link's own, if lower);
- ``item-close`` — else, a bulleted item of two to four sentences whose only cues close its last one shares them
  with its other sentences (a paragraph-final citation covers its paragraph): 0.8 (or the cue's own, if lower).
Links below ``REVIEW_THRESHOLD`` are never attached to a claim: they are listed for review.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.ingest.references import ParsedReference, _initials, fold
from kg.ingest.segment import Block, Document, split_sentences

#: Links (and attributions) scored below this are listed for review instead of attached.
REVIEW_THRESHOLD = 0.8

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: what stands before a superscript that is an exponent, not a marker: a unit (m², km²) or a "/" (kg/m²)
EXPONENT_BEFORE = re.compile(r"(?:\b(?:m|cm|mm|km|ft|in|mi|yd)|/)$")
_SUP = str.maketrans(SUPERSCRIPTS + "⁻", "0123456789-")
MARKER_LIST = r"\d{1,3}(?:\s*[,–-]\s*\d{1,3})*"
BRACKET = re.compile(rf"\[(?P<n>{MARKER_LIST})\]")
SUPER = re.compile(rf"(?P<n>[{SUPERSCRIPTS}]+(?:[,⁻–-][{SUPERSCRIPTS}]+)*)")
PAREN = re.compile(rf"(?<=[\w.,;:”’\"%)])\s?\((?P<n>{MARKER_LIST})\)")
GLUED_AFTER_PUNCT = re.compile(r"(?<=[A-Za-z%][.,;:])(?P<n>\d{1,3}(?:[,–-]\d{1,3})*)(?=\s|$)")
GLUED_AFTER_QUOTE = re.compile(r"(?<=[”’\")])(?P<n>\d{1,3}(?:[,–-]\d{1,3})*)(?=\s|$|[.,;:])")
#: bounded repetitions, and a surname never starts inside a word: each pattern reads a sentence in linear time
SURNAME = r"(?<![\w'’-])(?:(?:van|von|de|der|del|la|le|di|da)\s+){0,3}[A-Z][\w'’-]{1,40}"
AY_ITEM = re.compile(
    rf"^(?:e\.g\.,?\s*|see\s+(?:also\s+)?|cf\.\s*)?(?P<a1>{SURNAME}(?:\s+[A-Z][\w'’-]{{1,40}}){{0,4}}?)(?:,\s+{SURNAME}){{0,20}}"
    rf"(?:,?\s+(?:and|&)\s+(?P<a2>{SURNAME})|\s+et\s+al\.?)?,?\s+(?P<year>(?:1[5-9]|20)\d{{2}})(?P<suf>[a-z])?$"
)
AY_PAREN = re.compile(r"\((?P<body>[^()]*?\b(?:1[5-9]|20)\d{2}[a-z]?)\)")
#: between the works of one bracket: APA's semicolon, or the comma many journals print after a year before the next
#: author ("(Cao-Lormeau et al. 2014, Ioos et al. 2014)"); not "(Smith, 2014)", whose comma comes before the year
AY_SEPARATOR = re.compile(r";|(?<=\d),\s{1,3}(?=[A-Z])|(?<=\d[a-z]),\s{1,3}(?=[A-Z])")
AY_NARRATIVE = re.compile(
    rf"(?P<a1>{SURNAME})(?:\s+(?:and|&)\s+(?P<a2>{SURNAME})|\s+(?P<etal>et\s+al\.?))?\s+\((?P<year>(?:1[5-9]|20)\d{{2}})(?P<suf>[a-z])?\)"
)
#: a narrative cue without brackets, as blogs print it: "In Huddleston et al. 2020, we …", "Smith and Jones 2019
#: showed …" (with "et al." or two authors only: "In June 2020" is no cue)
AY_BARE = re.compile(
    rf"(?P<a1>{SURNAME})(?:\s+(?:and|&)\s+(?P<a2>{SURNAME})|\s+(?P<etal>et\s+al\.?)),?\s+(?P<year>(?:1[5-9]|20)\d{{2}})(?P<suf>[a-z])?(?![\w)])"
)
VENUE = r"[A-Z][\w&'’-]{0,40}(?:\s+(?:(?:of|and|&|for|in|on|the)\s+){0,3}[A-Z][\w&'’-]{0,40}){0,9}"
KIND = r"(?:systematic review|meta-analysis|study|review|trial|survey|analysis|report|paper|article|guidelines?)"
STUDY_CUE = re.compile(
    rf"(?P<cue>(?:(?:[Aa]ccording to|[Ii]n)\s+)?\b(?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?:(?:new|recent|large|small|landmark|major|published|separate|similar|follow-up|randomi[sz]ed|controlled|clinical|cohort|observational|systematic)\s+){{0,4}}"
    rf"(?P<year>(?:19|20)\d{{2}})\s+(?:[a-z-]+\s+){{0,2}}?(?P<kind>{KIND})"
    rf"(?:\s+(?:(?:published|appearing|reported)\s+)?(?:in|by)\s+(?:the\s+)?(?:journal\s+)?(?P<venue>{VENUE}))?)"
)
STUDY_CUE_NO_YEAR = re.compile(
    rf"(?P<cue>\b(?:[Aa]n?|[Tt]he|[Oo]ne)\s+(?:[a-z-]+\s+){{0,2}}?(?P<kind>{KIND})(?:,\s+(?=published|appearing|reported)|\s+)(?:(?:published|appearing|reported)\s+)?(?:in\s+(?P<year>(?:19|20)\d{{2}})\s+)?in\s+(?:the\s+)?(?:journal\s+)?(?P<venue>{VENUE})"
    rf"(?:\s+in\s+(?P<year2>(?:19|20)\d{{2}}))?)"
)
STOP = {"the", "of", "and", "in", "for", "on", "a", "an"}
DOI_IN_TEXT = re.compile(r"\b10\.\d{4,9}/[^\s,;)\]]+")
URL_IN_TEXT = re.compile(r"https?://[^\s)\]]+")


#: a lead-in's links, shared by the items of the list after it, are at most this sure
LEAD_IN = 0.8
#: a block that leads into a list: it ends with a colon, before any citation marker ("said:3", "components (3):")
LEAD_IN_END = re.compile(
    rf"(?:[A-Za-z)\]”\"'’]:(?:\d{{1,3}}(?:[,–-]\d{{1,3}})*)?|:\s?(?:\[{MARKER_LIST}\]|\({MARKER_LIST}\)|[{SUPERSCRIPTS},⁻–-]{{1,20}}))$"
)


#: bracketed cues that end a sentence, after its full stop or before it: "cases [16] [18] .", "cases.[3]"
MARKERS_AT_END = re.compile(r"(?:\s?\[\d{1,3}(?:\s?[,–-]\s?\d{1,3}){0,10}\]){1,6}\s{0,3}[.;]?\s{0,3}$")


def _shared(links: list[Link], rule: str, basis: str) -> list[Link]:
    """The attached ``links`` of another sentence, shared under ``rule``: at most as sure as a lead-in's."""
    return [
        Link(
            link.key,
            link.cue,
            link.cue_type,
            link.start,
            link.end,
            min(link.confidence, LEAD_IN),
            rule,
            f"{basis} ({link.rule}: {link.basis})",
            link.mismatch,
        )
        for link in links
        if link.attached
    ]


def lead_in(doc: Document, block: Block, limit: int = 50) -> tuple[int, int] | None:
    """The span of the sentence that leads into the list ``block`` is an item of, or None."""
    if block.kind not in ("item", "numbered"):
        return None
    for j in range(block.index - 1, max(-1, block.index - 1 - limit), -1):
        before = doc.blocks[j]
        if before.kind == "heading":
            return None
        if LEAD_IN_END.search(before.text.rstrip()):
            last = split_sentences(doc.text, before.start, before.end, before.index)[-1]
            return last.start, last.end
        if before.kind != block.kind:
            return None
    return None


@dataclass
class Link:
    key: str
    cue: str
    cue_type: str  # explicit | organisation
    start: int  # the cue's offsets in the text
    end: int
    confidence: float
    rule: str
    basis: str
    #: where the cue and the reference disagree, each "what: the cue says …, the reference …" (ekg:cueMismatch)
    mismatch: list[str] = field(default_factory=list)

    @property
    def attached(self) -> bool:
        return self.confidence >= REVIEW_THRESHOLD


#: where a sentence joins a second independent clause, with its own subject: "; " or ", and a group of scientists
#: showed …" (", but", ", while", ", whereas", ", yet" too)
CLAUSE_JOIN = re.compile(
    r";\s|,\s(?:and|but|while|whereas|yet)\s(?=(?:a|an|the|this|these|that|those|they|he|she|we|it|its|their)\s|[A-Z])"
)


def in_later_clause(text: str, start: int, end: int, link: Link, figures: Sequence[tuple[int, int]]) -> bool:
    """Whether the inline link ``link`` of the sentence text[start:end] stands in an independent clause joined after
    every figure of the sentence ("Two groups of immune cells … detect cues from pathogens, and a group of Swiss
    scientists [showed that] rats use these same receptors"): a link's anchor names the source of its own clause,
    not of the figures of the clause before it."""
    if link.rule != "inline-link" or not figures:
        return False
    last = max(b for _, b in figures)
    return any(
        last <= m.start() and m.end() <= link.start for m in CLAUSE_JOIN.finditer(text, start, min(end, link.start + 1))
    )


def _norm(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", fold(name.replace("&", " and ")))
    return " ".join(w for w in words if w not in STOP)


#: words that point back to a source named before: a review item, never a link
ANAPHORA = re.compile(
    r"\b(?:[Tt]he same (?:study|trial|review|report|survey|paper|research|analysis|team|group|researchers|authors)|"
    r"[Tt]hese (?:researchers|authors|scientists|investigators|study authors)|[Tt]he (?:researchers|investigators|study(?:'s|’s)? authors)|"
    r"[Tt]h(?:is|at) (?:study|trial|review|meta-analysis|survey|paper))\b"
)
#: a reference found by its organisational author named in the sentence, no other cue there
ORG_NAMED = 0.8


#: a word of an organisation's name
WORD = re.compile(r"[\w&-]+")


#: how close (rapidfuzz's ratio) a surname the cue prints must be to the reference's to be read as a misspelling
NAME_CLOSE = 85


def _author_year_mismatch(
    ref: ParsedReference, a1: str, a2: str | None, etal: bool, year: int, suffix: str
) -> list[str] | None:
    """How an author-year cue and a reference disagree: [] if they agree, None if the cue is not this reference
    (another first author, a year two or more apart, another letter after the year)."""
    from rapidfuzz import fuzz

    if suffix and ref.year_suffix and suffix != ref.year_suffix:
        return None
    names = ref.surnames or ([_norm(ref.organisation)] if ref.organisation else [])
    if not names or ref.year is None or abs(ref.year - year) > 1:
        return None
    mismatch = []
    first = names[0]
    if fold(a1) != first and _norm(a1) != first:
        if fuzz.ratio(fold(a1), first) < NAME_CLOSE:
            return None
        mismatch.append(
            f"author: the cue names '{a1}', the reference's first author is '{ref.authors[0].split(',')[0] if ref.authors else ref.organisation}'"
        )
    if a2:
        close = [n for n in names[1:] if fuzz.ratio(fold(a2), n) >= NAME_CLOSE]
        if fold(a2) not in names[1:]:
            if not close:
                return None
            mismatch.append(f"author: the cue's second author '{a2}' is spelt otherwise in the reference")
    if ref.year != year:
        mismatch.append(f"year: the cue says {year}, the reference {ref.year}")
    if etal and ref.authors and len(ref.authors) < 2:
        mismatch.append("et al.: the cue says 'et al.', the reference has one author")
    return mismatch


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(_norm(a), _norm(b))


def _expand(numbers: str) -> list[int] | None:
    out: list[int] = []
    for part in re.split(r"\s*,\s*", numbers.translate(_SUP)):
        bounds = re.split(r"\s*[–-]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            a, b = int(bounds[0]), int(bounds[1])
            if not a < b <= a + 20:
                return None
            out.extend(range(a, b + 1))
        elif part.isdigit():
            out.append(int(part))
        else:
            return None
    return out


@dataclass
class Marker:
    start: int
    end: int
    numbers: list[int]
    rule: str
    confidence: float


def find_markers(text: str, start: int, end: int, numbered: set[int]) -> list[Marker]:
    """Citation markers in text[start:end] whose numbers are all in the numbered reference list."""
    sentence = text[start:end]
    found: list[Marker] = []
    taken: list[tuple[int, int]] = []
    enumeration = len(re.findall(r"\(\d\)", sentence)) >= 2 and "(1)" in sentence
    patterns = [
        (BRACKET, "bracket", 0.95),
        (SUPER, "superscript", 0.95),
        (PAREN, "parenthesis", 0.5 if enumeration else 0.85),
        (GLUED_AFTER_PUNCT, "glued", 0.85),
        (GLUED_AFTER_QUOTE, "glued", 0.85),
    ]
    for pattern, rule, confidence in patterns:
        for m in pattern.finditer(sentence):
            a, b = m.span()
            if any(x < b and a < y for x, y in taken):
                continue
            if (
                rule == "superscript"
                and a > 0
                and (sentence[a - 1].isdigit() or EXPONENT_BEFORE.search(sentence[max(0, a - 4) : a]))
            ):
                continue  # an exponent: m², 10⁶
            numbers = _expand(m.group("n"))
            if not numbers or not numbered or any(n not in numbered for n in numbers):
                continue
            taken.append((a, b))
            found.append(Marker(start + a, start + b, numbers, rule, confidence))
    return sorted(found, key=lambda m: m.start)


class Linker:
    """Scores the cues of each sentence against one article's reference list."""

    def __init__(self, refs: list[ParsedReference]) -> None:
        self.refs = refs
        self.by_number = {r.number: r for r in refs if r.number is not None}
        # indexes, so that a cue is compared with the references it can match, not with the whole list
        self.by_year: dict[int, list[ParsedReference]] = {}
        for ref in refs:
            if ref.year is not None:
                self.by_year.setdefault(ref.year, []).append(ref)
        self.containers = [(i, _norm(name)) for i, r in enumerate(refs) if (name := r.journal or r.organisation)]
        self.organisations = [(i, _norm(r.organisation)) for i, r in enumerate(refs) if r.organisation]
        self.organisations_by_index = dict(self.organisations)
        # year -> the first author's name (or organisation's) of each of that year's references, as by_year orders them
        self.first_names = {
            y: [(r.surnames or [_norm(r.organisation or "")])[0] for r in rs] for y, rs in self.by_year.items()
        }
        self.last_cited: list[str] = []  # keys the last sentence with an attached link cites (for anaphora notes)
        self.inline: list[
            tuple[InlineLink, str]
        ] = []  # links in the text to research records, in text order, each with its source's key
        self.inline_starts: list[int] = []
        # organisations that are a reference's author (no person is), found by name where the list has no numbers
        self.organisation_names: dict[tuple[str, ...], list[ParsedReference]] = {}  # the name's words -> its references
        for r in refs:
            if (
                r.organisation
                and not r.authors
                and (len(r.organisation) >= 4 or r.organisation.isupper())
                and not self.by_number
            ):
                words = tuple(w.lower() for w in WORD.findall(r.organisation))
                if 0 < len(words) <= 20:
                    self.organisation_names.setdefault(words, []).append(r)
        self.organisation_lengths = sorted({len(words) for words in self.organisation_names})
        self.organisation_openings: dict[tuple[str, ...], list[int]] = {}  # first three words -> organisations
        for i, name in self.organisations:
            self.organisation_openings.setdefault(tuple(name.split()[:3]), []).append(i)
        self.by_identifier: dict[str, list[int]] = {}  # DOI (lower case) or URL -> indices of its references
        self.odd_dois: list[tuple[int, str]] = []  # (index, DOI) of the DOIs that do not open with "10."
        for i, ref in enumerate(refs):
            if ref.doi:
                if ref.doi.startswith("10."):
                    self.by_identifier.setdefault(ref.doi, []).append(i)
                else:
                    self.odd_dois.append((i, ref.doi))
            if ref.url:
                self.by_identifier.setdefault(ref.url, []).append(i)

    def add_inline(self, links: Sequence[InlineLink], text: str) -> list[ParsedReference]:
        """Make each link to a research record the source of the sentence that holds it (rule ``inline-link``): the
        reference that has the address's DOI, PubMed ID, PMCID or URL, else a new source, appended to the list and
        returned."""
        from kg.dataset.bib import normalise_doi

        added: list[ParsedReference] = []
        used = {r.key for r in self.refs}
        for link in links:
            fresh = inline_source(link, text, used)
            same = next(
                (
                    r
                    for r in self.refs
                    if (fresh.doi and r.doi and normalise_doi(r.doi) == fresh.doi)
                    or (fresh.pmid and r.pmid == fresh.pmid)
                    or (fresh.pmcid and (r.pmcid or "").upper() == fresh.pmcid)
                    or (r.url and r.url.rstrip("/") == (fresh.url or "").rstrip("/"))
                ),
                None,
            )
            if same is None:
                same = fresh
                self.refs.append(fresh)
                added.append(fresh)
                if fresh.url:
                    self.by_identifier.setdefault(fresh.url, []).append(len(self.refs) - 1)
            self.inline.append((link, same.key))
        self.inline.sort(key=lambda pair: pair[0].start)
        self.inline_starts = [link.start for link, _ in self.inline]
        return added

    def _inline(self, start: int, end: int) -> list[Link]:
        from bisect import bisect_left

        if not self.inline:
            return []
        out = []
        for link, key in self.inline[bisect_left(self.inline_starts, start) :]:
            if link.start >= end:
                break
            out.append(
                Link(
                    key,
                    link.anchor,
                    "explicit",
                    link.start,
                    link.end,
                    link.confidence,
                    "inline-link",
                    f"the sentence links '{link.anchor}' to {link.kind} ({link.href})",
                )
            )
        return out

    def _close(self, name: str, names: list[tuple[int, str]], cutoff: float) -> dict[int, float]:
        """Reference index -> similarity (rapidfuzz's ratio, as ``similarity``) of those at least ``cutoff``."""
        from rapidfuzz import fuzz, process

        hits = process.extract(
            _norm(name), [n for _, n in names], scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=None
        )
        return {names[k][0]: score for _, score, k in hits}

    def link(
        self, text: str, start: int, end: int, organisations: Sequence[tuple[str, str, int, int]] = ()
    ) -> tuple[list[Link], list[str]]:
        """Links of the sentence text[start:end] and review notes. ``organisations``: (name, cue, cue start,
        cue end) of organisations the sentence names as speakers."""
        links: list[Link] = []
        review: list[str] = []
        sentence = text[start:end]
        for marker in find_markers(text, start, end, set(self.by_number)):
            cue = text[marker.start : marker.end]
            if not sentence[: marker.start - start].strip():
                review.append(f"marker '{cue}' opens the sentence: it may belong to the sentence before; not linked")
                continue
            for n in marker.numbers:
                ref = self.by_number[n]
                links.append(
                    Link(
                        ref.key,
                        cue.strip(),
                        "explicit",
                        marker.start,
                        marker.end,
                        marker.confidence,
                        f"marker-{marker.rule}",
                        f"in-text marker '{cue.strip()}' is number {n} of the reference list",
                    )
                )
        links += self._author_year(sentence, start, review)
        links += self._study_cues(sentence, start, review)
        for name, cue, a, b in organisations:
            links += self._organisation(name, cue, a, b, review)
        links += self._identifiers(sentence, start)
        links += self._inline(start, end)
        if not links:
            links += self._named_organisations(sentence, start, review)
        if not any(link.attached for link in links):
            for m in ANAPHORA.finditer(sentence):
                before = (
                    f" (the last sentence with a source cites {', '.join(self.last_cited)})" if self.last_cited else ""
                )
                review.append(
                    f"'{m.group()}' points back to a source named earlier{before}: which reference is meant is not said; link it by hand"
                )
        best: dict[str, Link] = {}
        for link in links:
            if link.key not in best or link.confidence > best[link.key].confidence:
                best[link.key] = link
        found = sorted(best.values(), key=lambda link: link.start)  # stable: a marker's numbers keep their order
        if any(link.attached for link in found):
            self.last_cited = [link.key for link in found if link.attached]
        return found, review

    def inherited(self, doc: Document, block: Block) -> list[Link]:
        """The links a list item shares with the sentence that leads into its list (rule ``lead-in``), else with
        the cues that close it (rule ``item-close``)."""
        span = lead_in(doc, block)
        if span is None:
            return self._item_close(doc, block)
        links, _ = self.link(doc.text, *span)
        end = doc.text[max(span[0], span[1] - 50) : span[1]]
        shared = _shared(links, "lead-in", f"an item of the list that '…{end}' leads into, which cites it")
        return shared or self._item_close(doc, block)

    def _item_close(self, doc: Document, block: Block) -> list[Link]:
        """A list item of a few sentences whose only cues close its last one ("• Flexible workflows: Clinics … saw
        a 14% drop in clinician burnout. This frees HCPs to focus on complex cases [16] [18]."): the cues are the
        item's, as a paragraph-final citation covers its paragraph, so its other sentences share them (rule
        ``item-close``, at most as sure as a lead-in's)."""
        if block.kind != "item":
            return []
        sentences = split_sentences(doc.text, block.start, block.end, block.index)
        if not 1 < len(sentences) <= 4:
            return []
        last = sentences[-1]
        if MARKERS_AT_END.search(doc.text, last.start, last.end) is None:
            return []
        if any(find_markers(doc.text, s.start, s.end, set(self.by_number)) for s in sentences[:-1]):
            return []
        links, _ = self.link(doc.text, last.start, last.end)
        explicit = [link for link in links if link.cue_type == "explicit"]
        return _shared(explicit, "item-close", "a list item whose only cues close it")

    # -- author-year --------------------------------------------------------------------------------------
    def _author_year(self, sentence: str, offset: int, review: list[str]) -> list[Link]:
        links = []
        cues: list[tuple[str, str | None, bool, int, str, int, int]] = []
        for m in AY_PAREN.finditer(sentence):
            for part in AY_SEPARATOR.split(m.group("body")):
                item = AY_ITEM.search(part.strip())
                if item:
                    etal = bool(re.search(r"et\s+al", part))
                    cues.append(
                        (
                            item.group("a1"),
                            item.group("a2"),
                            etal,
                            int(item.group("year")),
                            item.group("suf") or "",
                            offset + m.start(),
                            offset + m.end(),
                        )
                    )
        for m in (*AY_NARRATIVE.finditer(sentence), *AY_BARE.finditer(sentence)):
            if any(a <= offset + m.start() < b or offset + m.start() <= a < offset + m.end() for *_, a, b in cues):
                continue
            cues.append(
                (
                    m.group("a1"),
                    m.group("a2"),
                    bool(m.group("etal")),
                    int(m.group("year")),
                    m.group("suf") or "",
                    offset + m.start(),
                    offset + m.end(),
                )
            )
        for a1, a2, etal, year, suffix, a, b in cues:
            cue = sentence[a - offset : b - offset]
            scored = [
                (ref, mismatch)
                for ref in self._near_year(year, a1)
                for mismatch in [_author_year_mismatch(ref, a1, a2, etal, year, suffix)]
                if mismatch is not None
            ]
            if not scored:
                review.append(f"author-year cue '{cue}' matches no reference in the list")
                continue
            fewest = min(len(m) for _, m in scored)
            best = [(ref, m) for ref, m in scored if len(m) == fewest]
            for ref, mismatch in best:
                if len(best) > 1:
                    score, why = (
                        0.5,
                        f"'{cue}' matches {len(best)} references {'of that author and year' if not mismatch else 'equally nearly'}",
                    )
                elif not mismatch:
                    score, why = (
                        0.95,
                        f"'{cue}' matches the first author{' and second author' if a2 else ''} and year of exactly one reference",
                    )
                else:
                    score = 0.6 if len(mismatch) > 1 else (0.8 if mismatch[0].startswith(("year", "author")) else 0.85)
                    why = f"'{cue}' matches one reference but for its {' and '.join(m.split(':')[0] for m in mismatch)}"
                links.append(Link(ref.key, cue, "explicit", a, b, score, "author-year", why, mismatch))
        return links

    def _near_year(self, year: int, a1: str) -> list[ParsedReference]:
        """References of the year and the years either side (a work online one year and in print the next) whose
        first author's name is ``a1`` or close to it (one vectorised rapidfuzz pass per year, for long lists)."""
        from rapidfuzz import fuzz, process

        out = []
        names = {fold(a1), _norm(a1)}
        for y in (year, year - 1, year + 1):
            refs = self.by_year.get(y, [])
            firsts = self.first_names.get(y, [])
            exact = {i for i, name in enumerate(firsts) if name in names}
            close = {
                k
                for _, _, k in process.extract(
                    fold(a1), firsts, scorer=fuzz.ratio, processor=None, score_cutoff=NAME_CLOSE, limit=None
                )
            }
            out += [refs[i] for i in sorted(exact | close)]
        return out

    # -- "a 2021 study published in <journal>" ---------------------------------------------------------------
    def _study_cues(self, sentence: str, offset: int, review: list[str]) -> list[Link]:
        links = []
        seen: list[tuple[int, int]] = []
        for pattern in (STUDY_CUE, STUDY_CUE_NO_YEAR):
            for m in pattern.finditer(sentence):
                a, b = m.span("cue")
                if any(x < b and a < y for x, y in seen):
                    continue
                seen.append((a, b))
                year = m.group("year") or (m.groupdict().get("year2"))
                venue = (m.group("venue") or "").strip()
                cue = sentence[a:b]
                links += self._score_study(
                    cue, int(year) if year else None, venue, m.group("kind"), offset + a, offset + b, review
                )
        return links

    def _score_study(
        self, cue: str, year: int | None, venue: str, kind: str, a: int, b: int, review: list[str]
    ) -> list[Link]:
        scored: list[tuple[float, ParsedReference, str, list[str]]] = []
        if venue:  # only a journal at least 80/100 close can score
            close = self._close(venue, self.containers, 80)
            considered = [(self.refs[i], score) for i, score in sorted(close.items())]
        else:  # only the year can score
            considered = [(ref, 0.0) for ref in self.by_year.get(year, [])] if year is not None else []
        for ref, venue_score in considered:
            container = ref.journal or ref.organisation or ""
            same_year = year is not None and ref.year == year
            year_off = (
                [f"year: the cue says {year}, the reference {ref.year}"]
                if year is not None and ref.year is not None and abs(ref.year - year) == 1
                else []
            )
            journal_off = (
                [f"journal: the cue names '{venue}', the reference '{container}'"] if venue and venue_score < 90 else []
            )
            if venue_score >= 90 and same_year:
                scored.append(
                    (0.95, ref, f"the cue's year ({year}) and journal ('{venue}') match '{container}' ({ref.year})", [])
                )
            elif venue_score >= 80 and same_year:
                scored.append(
                    (
                        0.8,
                        ref,
                        f"the cue's year matches and its journal '{venue}' is close to '{container}' ({venue_score:.0f}/100)",
                        journal_off,
                    )
                )
            elif venue_score >= 90 and year is None:
                scored.append((0.85, ref, f"the cue's journal '{venue}' matches '{container}'; it gives no year", []))
            elif venue_score >= 90 and year_off:
                scored.append(
                    (
                        0.8,
                        ref,
                        f"the cue's journal matches '{container}' and its year {year} is one off the reference's {ref.year}",
                        year_off,
                    )
                )
            elif venue_score >= 90:
                scored.append(
                    (
                        0.5,
                        ref,
                        f"the cue's journal matches '{container}' but its year {year} is not the reference's {ref.year}",
                        [],
                    )
                )
            elif same_year and not venue:
                type_match = kind.split()[-1].rstrip("s") in (ref.title or "").lower()
                scored.append(
                    (
                        0.6 if type_match else 0.4,
                        ref,
                        f"only the year ({year}){' and the study type' if type_match else ''} match; the cue names no journal",
                        [],
                    )
                )
        if not scored:
            if venue or year:
                review.append(f"study cue '{cue}' matches no reference in the list")
            return []
        top = max(s for s, *_ in scored)
        best = [(s, r, why, off) for s, r, why, off in scored if s == top]
        if len(best) > 1:
            return [
                Link(
                    r.key,
                    cue,
                    "explicit",
                    a,
                    b,
                    min(s, 0.5),
                    "study-cue",
                    why + f"; {len(best)} references match equally",
                    off,
                )
                for s, r, why, off in best
            ]
        s, r, why, off = best[0]
        return [Link(r.key, cue, "explicit", a, b, s, "study-cue", why, off)]

    # -- organisations ----------------------------------------------------------------------------------------
    def _organisation(self, name: str, cue: str, a: int, b: int, review: list[str]) -> list[Link]:
        close = self._close(name, self.organisations, 90)
        wanted = _norm(name).split()
        # "Centers for Disease Control" for "… and Prevention": one name opens the other, in three words or more
        for i in self.organisation_openings.get(tuple(wanted[:3]), []) if len(wanted) >= 3 else []:
            words = self.organisations_by_index[i].split()
            shorter = min(len(words), len(wanted))
            if i not in close and shorter >= 3 and words[:shorter] == wanted[:shorter]:
                close[i] = 90.0
        matches = [(self.refs[i], close[i]) for i in sorted(close)]
        if not matches:
            return []
        if len(matches) == 1:
            ref, score = matches[0]
            if score >= 100:
                return [
                    Link(
                        ref.key,
                        cue,
                        "organisation",
                        a,
                        b,
                        0.9,
                        "organisation-cue",
                        f"the article names {name}, the organisation of exactly one reference ('{ref.title}')",
                    )
                ]
            mismatch = [f"organisation: the article names '{name}', the reference '{ref.organisation}'"]
            return [
                Link(
                    ref.key,
                    cue,
                    "organisation",
                    a,
                    b,
                    0.85,
                    "organisation-cue",
                    f"the article names {name}, close to the organisation of exactly one reference ('{ref.title}')",
                    mismatch,
                )
            ]
        return [
            Link(
                ref.key,
                cue,
                "organisation",
                a,
                b,
                0.6,
                "organisation-cue",
                f"{name} has {len(matches)} references in the list; which one is meant is not said",
            )
            for ref, _ in matches
        ]

    def _named_organisations(self, sentence: str, offset: int, review: list[str]) -> list[Link]:
        """An organisation that is the author of a reference named anywhere in the sentence (not as a speaker):
        each run of words of the sentence is looked up by its words, so that a long list costs no more."""
        found: dict[tuple[str, ...], list[tuple[ParsedReference, int, int]]] = {}
        if not self.organisation_names:
            return []
        words = list(WORD.finditer(sentence))
        lower = [w.group().lower() for w in words]
        longest = self.organisation_lengths[-1]
        for i in range(len(words)):
            key: tuple[str, ...] = ()
            for j in range(i, min(len(words), i + longest)):
                if j > i and not 1 <= words[j].start() - words[j - 1].end() <= 3:
                    break
                key += (lower[j],)
                if key in self.organisation_names and key not in found:
                    found[key] = [(ref, words[i].start(), words[j].end()) for ref in self.organisation_names[key]]
        links = []
        for (ref, a, b), *others in found.values():
            if others:
                review.append(
                    f"the sentence names {ref.organisation}, the author of {len(others) + 1} references; which one is meant is not said"
                )
                continue
            links.append(
                Link(
                    ref.key,
                    sentence[a:b],
                    "organisation",
                    offset + a,
                    offset + b,
                    ORG_NAMED,
                    "organisation-named",
                    f"the sentence names {ref.organisation}, the author of exactly one reference ('{ref.title}')",
                )
            )
        return links

    # -- DOIs and URLs in the text ----------------------------------------------------------------------------
    def _identifiers(self, sentence: str, offset: int) -> list[Link]:
        links = []
        for pattern in (DOI_IN_TEXT, URL_IN_TEXT):
            for m in pattern.finditer(sentence):
                value = m.group().rstrip(".")
                lower = value.lower()
                # the references whose DOI ends the value (every DOI opens with "10.") or whose URL is the value
                hits = {i for i in self.by_identifier.get(value, []) if self.refs[i].url == value}
                at = lower.find("10.")
                while at != -1:
                    hits.update(i for i in self.by_identifier.get(lower[at:], []) if self.refs[i].doi == lower[at:])
                    at = lower.find("10.", at + 1)
                hits.update(i for i, doi in self.odd_dois if lower.endswith(doi))
                for ref in (self.refs[i] for i in sorted(hits)):
                    links.append(
                        Link(
                            ref.key,
                            value,
                            "explicit",
                            offset + m.start(),
                            offset + m.start() + len(value),
                            0.99,
                            "identifier",
                            "the reference's DOI or URL is written in the sentence",
                        )
                    )
        return links


# -- inline links to research records ---------------------------------------------------------------------------
#: a link's address, its parts read with bounded patterns (a page's href is untrusted)
_HREF = re.compile(
    r"^https?://(?:www\.)?(?P<host>[a-z0-9.-]{1,200})(?::\d{1,5})?(?P<path>/[^\s]{0,2000})?$", re.IGNORECASE
)
#: what kind of record an address is, by its host and path: (kind, host pattern, path pattern, confidence)
RECORD_KINDS: list[tuple[str, re.Pattern[str], re.Pattern[str], float]] = [
    ("a DOI record", re.compile(r"^(?:dx\.)?doi\.org$"), re.compile(r"^/10\.\d{4,9}/\S"), 0.95),
    (
        "a PubMed record",
        re.compile(r"^(?:pubmed\.)?ncbi\.nlm\.nih\.gov$"),
        re.compile(r"^/(?:pubmed/)?\d{1,9}/?(?:[?#]|$)"),
        0.95,
    ),
    (
        "a PubMed Central record",
        re.compile(r"^(?:pmc\.)?ncbi\.nlm\.nih\.gov$"),
        re.compile(r"^/(?:pmc/)?articles/PMC\d{1,10}", re.I),
        0.95,
    ),
    (
        "a Europe PMC record",
        re.compile(r"^europepmc\.org$"),
        re.compile(r"^/(?:abstract|article)/(?:MED|PMC)/", re.I),
        0.95,
    ),
    (
        "a preprint",
        re.compile(
            r"^(?:arxiv\.org|(?:www\.)?(?:bio|med)rxiv\.org|papers\.ssrn\.com|ssrn\.com|researchsquare\.com|preprints\.org|osf\.io)$"
        ),
        re.compile(r"^/(?:abs|pdf|content|abstract|sol3|article|preprints|manuscript)/\S"),
        0.9,
    ),
    (
        "a trial registry record",
        re.compile(
            r"^(?:clinicaltrials\.gov|isrctn\.com|anzctr\.org\.au|trialsearch\.who\.int|clinicaltrialsregister\.eu|crd\.york\.ac\.uk)$"
        ),
        re.compile(r"(?:NCT\d{8}|ISRCTN\d{5,8}|ACTRN\d{14}|\d{4}-\d{6}-\d{2}|CRD\d{6,14}|TrialID=)", re.I),
        0.9,
    ),
    (
        "a journal's article page",
        re.compile(
            r"(?:^|\.)(?:nature\.com|thelancet\.com|nejm\.org|jamanetwork\.com|bmj\.com|sciencedirect\.com|springer\.com|wiley\.com|"
            r"oup\.com|plos\.org|frontiersin\.org|mdpi\.com|tandfonline\.com|cell\.com|science\.org|sciencemag\.org|pnas\.org|"
            r"ahajournals\.org|acpjournals\.org|annals\.org|elifesciences\.org|biomedcentral\.com|sagepub\.com|karger\.com|"
            r"thieme-connect\.com|cochranelibrary\.com|jstor\.org|journals\.lww\.com|aacrjournals\.org|ascopubs\.org|"
            r"atsjournals\.org|diabetesjournals\.org|jci\.org|jneurosci\.org|physiology\.org|cambridge\.org|liebertpub\.com|"
            r"hindawi\.com|peerj\.com|bmjopen\.bmj\.com|ajcn\.nutrition\.org|academic\.oup\.com|jamanetwork\.com)$"
        ),
        re.compile(
            r"^/(?:articles?|doi|content|journals?|science/article|fulltext|stable|cdsr|action/showAbstract|nclimate|[a-z]{2,12}/journal)/?\S",
            re.I,
        ),
        0.9,
    ),
    ("a journal's article page", re.compile(r"."), re.compile(r"/doi/(?:abs/|full/|pdf/)?10\.\d{4,9}/\S", re.I), 0.9),
    ("a report (PDF)", re.compile(r"."), re.compile(r"\.pdf(?:[?#]\S{0,200})?$", re.I), 0.85),
]
#: an anchor that names no work ("here", "findings", "the study"): the title is then the words around the link
GENERIC_ANCHOR = re.compile(
    r"^(?:\W|\b(?:the|a|an|this|that|here|study|studies|findings|results|report|research|paper|article|published|link|source|full text|pdf|more)\b)*$",
    re.I,
)


def site_of(url: str | None) -> str | None:
    found = _HREF.match((url or "").strip())
    return re.sub(r"^www\.", "", found.group("host").lower()) if found else None


#: a site's redirect to another address: "https://www.webmd.com/click?url=https://www.whitehouse.gov/….pdf"
_REDIRECT = re.compile(
    r"[?&](?:url|u|target|dest|destination|redirect|to)=(?P<to>https?(?::|%3A)[^&\s]{1,2000})", re.IGNORECASE
)


def unwrap(href: str) -> str:
    """The address a link leads to: a redirect's target (its ``url=`` parameter), else the address itself."""
    from urllib.parse import unquote

    found = _REDIRECT.search(href.strip())
    return unquote(found.group("to")) if found else href.strip()


def research_record(href: str, site: str | None = None) -> tuple[str, float] | None:
    """(what kind of research record the address is, how sure that is) or None: a DOI, PubMed, PMC or Europe PMC
    record, a preprint server's paper, a trial registry's record, a journal's article page, or a report's PDF. A
    link to the page's own site (``site``, its host) is none: a news site's other pages are not its sources."""
    found = _HREF.match(unwrap(href))
    if not found:
        return None
    host, path = found.group("host").lower().removeprefix("www."), found.group("path") or ""
    if site and (host == site or host.endswith("." + site)):
        return None
    for kind, hosts, paths, confidence in RECORD_KINDS:
        if hosts.search(host) and paths.search(path):
            return kind, confidence
    return None


@dataclass
class InlineLink:
    """A link in the text to a research record: the address, the words that carry it, and where they stand."""

    href: str
    anchor: str
    start: int
    end: int
    kind: str
    confidence: float


#: at most this many links of a page are looked at, and this many links to research records placed in its text (real
#: articles have a few dozen): each is placed by a search of the text, so a page made of links stays quick to read
MAX_LINKS_READ = 20_000
MAX_INLINE_LINKS = 300
#: elements whose text holds a link in context (a paragraph, an item, a cell, a caption): the words beside a link
#: are looked for inside the one that holds it
_CONTEXT = frozenset("p li td th dd dt blockquote figcaption h1 h2 h3 h4 h5 h6 div section article body".split())


def inline_links(html: str, text: str, site: str | None, spans: Sequence[tuple[int, int]] = ()) -> list[InlineLink]:
    """The links of a page (its HTML, or Markdown rendered to HTML) to research records, placed in the article's
    text: each link's words are looked for after the last one placed, with up to 30 characters of the words before
    them (then 10, then the words alone if they are 20 characters or more), so that "findings" is placed where the
    page links it. Links whose words are not in the text (dropped page furniture), or fall in ``spans`` (the
    reference list), are left out; so are addresses already written out in the text."""
    from selectolax.lexbor import LexborHTMLParser

    root = LexborHTMLParser(html).body
    if root is None:
        return []
    out: list[InlineLink] = []
    cursor = 0
    for a in root.css("a[href]")[:MAX_LINKS_READ]:
        href = unwrap(a.attributes.get("href") or "")
        anchor = " ".join((a.text() or "").split())[:300]
        record = research_record(href, site)
        # a citation number that is itself the link ("(<a href=…>1</a>)", "<sup><a href=…>4</a></sup>"): the page
        # prints no list, and whatever the link leads to (a retired NCBI page, a government report) is that
        # number's source
        numbered = record is None and bool(CUE_NUMBER.fullmatch(anchor)) and bool(_HREF.match(href))
        if numbered:
            record = ("a numbered link", 0.9)
        if record is None or not iri_problem_free(href):
            continue
        if not anchor or href in anchor:
            continue  # an address printed as it is: the reference list and the identifier rule read it
        if len(out) == MAX_INLINE_LINKS:
            break
        at = _place(text, _beside(a, "prev")[-30:], _beside(a, "next")[:10], anchor, cursor)
        if at is None or any(x <= at < y for x, y in spans):
            continue
        if numbered and not (_in_cue(text, at, at + len(anchor)) or (a.parent is not None and a.parent.tag == "sup")):
            continue  # a number that is no citation cue where it stands (a page number, a step of a list)
        cursor = at + len(anchor)
        out.append(InlineLink(href, anchor, at, at + len(anchor), *record))
    return out


#: a link's words that are a citation number alone ("1", "28")
CUE_NUMBER = re.compile(r"\d{1,3}")
#: a citation number standing in its brackets, alone or among others: "(1)", "(27, 28, 29)", "[4–6]"
_CUE_BEFORE = re.compile(r"(?:[(\[]|\d\s?[,;–-])\s?$")
_CUE_AFTER = re.compile(r"^\s?(?:[)\]]|[,;–-]\s?\d)")


def _in_cue(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (a number) stands as a citation cue: in brackets, alone or among other numbers."""
    return bool(_CUE_BEFORE.search(text[max(0, start - 4) : start]) and _CUE_AFTER.match(text[end : end + 4]))


def iri_problem_free(href: str) -> bool:
    """Whether an address is safe to keep as a source's URL (http(s), a host, no quotes, brackets or spaces)."""
    from kg.dataset.bib import iri_problem
    from kg.util.safe import url_problem

    return not (url_problem(href) or iri_problem(href))


def _beside(node, way: str, limit: int = 30) -> str:
    """Up to some ``limit`` characters of the words before (``way`` "prev") or after ("next") a link, inside the
    block that holds it, whitespace collapsed; at most 20 neighbours are read, so a page of huge siblings is quick."""
    pieces: list[str] = []
    size, steps, current = 0, 0, node
    while current is not None and current.tag not in _CONTEXT and size < limit and steps < 20:
        neighbour = getattr(current, way)
        while neighbour is not None and size < limit and steps < 20:
            steps += 1
            piece = (
                neighbour.text(deep=_inline_element(neighbour.tag)) or ""
                if neighbour.tag != "-text"
                else neighbour.text() or ""
            )
            pieces.append(piece)
            size += len(piece)
            neighbour = getattr(neighbour, way)
        current = current.parent
    joined = "".join(reversed(pieces)) if way == "prev" else "".join(pieces)
    collapsed = " ".join(joined.split())
    # keep the space that stands next to the link
    if way == "prev" and joined[-1:].isspace():
        collapsed += " "
    if way == "next" and joined[:1].isspace():
        collapsed = " " + collapsed
    return collapsed


#: elements inside a sentence, whose words are read whole
_INLINE = frozenset("a abbr b cite code em i mark q s small span strong sub sup time u".split())


def _inline_element(tag: str) -> bool:
    """Whether an element stands inside a sentence, its words read whole: a phrasing element, or a custom element
    (a web component; the HTML standard gives every one a hyphen in its name), which sites wrap around the links of a
    sentence ("<hl-trusted-source><a href=…>28</a></hl-trusted-source>", Healthline's numbered cues)."""
    return tag in _INLINE or ("-" in tag and tag != "-text")


def _place(text: str, before: str, after: str, anchor: str, cursor: int) -> int | None:
    """Where ``anchor`` stands in ``text`` at or after ``cursor``, placed by the words ``before`` it (30 characters,
    then 10), else by the 10 ``after`` it, else, if it is 20 characters or more, by itself."""
    for prefix, suffix in ((before, ""), (before[-10:], ""), ("", after)):
        if (prefix + suffix).strip():
            found = text.find(prefix + anchor + suffix, cursor)
            if found != -1:
                return found + len(prefix)
    if len(anchor) >= 20:
        found = text.find(anchor, cursor)
        return found if found != -1 else None
    return None


def bare_links(text: str, start: int, end: int, site: str | None) -> list[InlineLink]:
    """Addresses of research records written out in text[start:end] (a plain-text page's links), in a sentence:
    not on a line that only states an identifier ("DOI: http://dx.doi.org/10.7554/eLife.03683.001", the page's
    own or a figure's)."""
    out: list[InlineLink] = []
    words = re.sub(r"(?:https?://|doi:|DOI:?)\S*", " ", text[start:end])
    if len(re.findall(r"[^\W\d_]{2,}", words)) < 5:
        return out
    for m in URL_IN_TEXT.finditer(text, start, end):
        href = m.group().rstrip(".,;:")
        record = research_record(href, site)
        if re.search(r"\bdoi:?\s{0,3}$", text[max(start, m.start() - 8) : m.start()], re.IGNORECASE):
            continue  # "DOI: https://doi.org/…": a citation's identifier (the page's own, in its suggested citation)
        if record is not None and iri_problem_free(href):
            out.append(InlineLink(href, href, m.start(), m.start() + len(href), *record))
    return out


def inline_source(link: InlineLink, text: str, used: set[str]) -> ParsedReference:
    """A source for a link to a research record: its address and the identifiers the address holds (DOI, PubMed
    ID, PMCID), titled by the link's words, or by the words around them where the link says only "findings"."""
    from urllib.parse import unquote

    from kg.dataset.bib import is_valid_doi, pubmed_id_from_url

    href = link.href
    found = _DOI_IN_PATH.search(unquote(href)) if research_record(href) else None
    doi = found.group("doi").rstrip(".").lower() if found else None
    if doi is not None and _PREPRINT_DOI.match(doi):
        doi = re.sub(r"v\d{1,3}$", "", doi)  # bioRxiv's and medRxiv's addresses add the version to the DOI
    if doi is not None and not is_valid_doi(doi):
        doi = None  # (the address stays the source's URL)
    pmid = pubmed_id_from_url(href) or (
        found.group(1)
        if (found := re.match(r"^https?://(?:www\.)?ncbi\.nlm\.nih\.gov/pubmed/(\d{1,9})", href, re.I))
        else None
    )
    pmcid = found.group(1).upper() if (found := re.search(r"/(PMC\d{1,10})\b", href, re.I)) else None
    around = _words_around(text, link.start, link.end)
    generic = len(link.anchor.split()) < 4 or bool(GENERIC_ANCHOR.match(link.anchor))
    title: str | None = around if generic else link.anchor
    ident = doi or (f"pmid{pmid}" if pmid else None) or (pmcid or "") or href.rstrip("/").rsplit("/", 1)[-1]
    stem = "inline-" + (re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")[:40] or "link")
    key, n = stem, 2
    while key in used:
        key, n = f"{stem}-{n}", n + 1
    used.add(key)
    year, date = _inline_year(doi, text, link)
    anchor = " ".join(link.anchor.split())
    cited = AUTHOR_YEAR_ANCHOR.match(anchor)
    authors: list[str] = []
    if cited:  # "Lee K, Daniels MJ. 2007": the link's words are the work's authors and year, not its title
        authors = [f"{name}, {_initials(initials)}" for name, initials in _NAME_INITIALS.findall(cited.group("names"))]
        year, title = int(cited.group("year")), None
    return ParsedReference(
        year=year,
        date=date,
        authors=authors,
        # no reference list prints it (the note says where the text links it), save the authors and year it cites
        verbatim=anchor if cited else "",
        title=title,
        doi=doi,
        url=href,
        key=key,
        pmid=pmid,
        pmcid=pmcid,
        note=f"an inline link in the article's text ('{link.anchor}', {link.kind}), not an entry of a reference list; "
        + (
            "its words are its authors and year only: give its title and journal from the work"
            if cited
            else "its title is the sentence that links it: replace it with the work's own"
            if generic
            else "its title is the link's words: check it against the work"
        ),
    )


#: a link's words that cite a work by its authors in Vancouver style and its year: "Lee K, Daniels MJ. 2007",
#: "Pocock SJ et al. 2012"
_NAME_INITIALS = re.compile(r"([A-Z][A-Za-z'’-]{1,40}(?: [a-z]{1,3})?) ([A-Z]{1,3})\b")
AUTHOR_YEAR_ANCHOR = re.compile(
    r"^(?P<names>[A-Z][A-Za-z'’-]{1,40} [A-Z]{1,3}(?:, [A-Z][A-Za-z'’-]{1,40} [A-Z]{1,3}){0,5}(?:,? et al\.?)?)"
    r"\.?,? \(?(?P<year>(?:19|20)\d{2})\)?$"
)
#: a DOI in an address's path: doi.org/10.…, a publisher's /doi/10.…, Springer's /article/10.…, bioRxiv's /content/10.…
_DOI_IN_PATH = re.compile(
    r"^https?://[^/\s]{1,200}/(?:[^?#\s]{0,200}/)?(?P<doi>10\.\d{4,9}/[^?#\s]{1,300})", re.IGNORECASE
)
#: a bioRxiv or medRxiv DOI, which holds the day it was posted: 10.1101/2020.07.31.231100
_PREPRINT_DOI = re.compile(r"^10\.1101/(?P<y>(?:19|20)\d{2})\.(?P<m>\d{2})\.(?P<d>\d{2})\.\d{1,10}")
_YEAR_WORD = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _inline_year(doi: str | None, text: str, link: InlineLink) -> tuple[int | None, str | None]:
    """(year, ISO date) of a linked work where the address or the page says it: a preprint DOI's posting day, else
    the one year printed in the link's words or right before them ("a 2012 [study]", "Published October 27,
    2011 online in The Lancet, the [findings]"); else none (the audit reports a source without a year)."""
    import datetime as dt

    found = _PREPRINT_DOI.match(doi or "")
    if found:
        try:
            day = dt.date(int(found.group("y")), int(found.group("m")), int(found.group("d")))
            return day.year, day.isoformat()
        except ValueError:
            pass
    years = set(_YEAR_WORD.findall(text[max(0, link.start - 40) : link.end]))
    return (int(years.pop()), None) if len(years) == 1 else (None, None)


def _words_around(text: str, start: int, end: int) -> str:
    """The sentence that holds text[start:end] (as the segmenter cuts sentences, within 2,000 characters either side
    of the link), at most 300 characters of it."""
    a = text.rfind("\n", max(0, start - 2000), start) + 1 or max(0, start - 2000)
    b = text.find("\n", end, end + 2000)
    b = b if b != -1 else min(len(text), end + 2000)
    sentence = next((s for s in split_sentences(text, a, b, 0) if s.start <= start < s.end), None)
    words = " ".join(text[sentence.start : sentence.end].split()) if sentence else text[start:end]
    return (words if len(words) <= 300 else words[:300].rsplit(" ", 1)[0] + " …").strip(" ,;:")
