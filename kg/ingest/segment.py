"""Cut an article's plain text into blocks, headings, sections and sentences, and find its reference list.

Everything is an offset into the final text (the future article.txt), in code points, so that quotes and
cues can be checked against it exactly as the loader will.

Rules (all generic; none names a particular article):
- a block is one non-blank line; a line that starts with "•", "-", "*" or "–" is a list item, one that
  starts with "1." / "1)" / "[1]" a numbered item;
- in plain text a heading is a short line (≤ 14 words, ≤ 100 characters) in Title Case (three quarters of
  its words other than short function words are capitalised) or ending in "?", without a final full stop,
  comma or colon, that is not a list item, a date line or a person's name with credentials; in HTML and
  Markdown the markup says which lines are headings;
- sentences end at ".", "!" or "?" (with any closing quotes, brackets and citation markers that follow)
  before a space and a capital, digit, quote or bracket, unless the word before the full stop is a known
  abbreviation ("Dr.", "e.g.", "et al.") or an initial; a line end always ends a sentence;
- the reference list is everything after a "References" / "Sources" / "Citations" / "Further reading" /
  "Notes" (… ) heading that reads as a list entry: a numbered or bulleted item, a line that looks like a
  reference (a year and a DOI, a URL, "et al." or an author list) or a dated line of a few words; else the run
  of blocks at the end of the text that look like references;
- an entry broken over lines is one entry: under the heading, a line that is not numbered or bulleted continues
  the entry above it when that list is numbered, when the entry above does not end in "." or ")", or when the
  line starts in lower case, with an identifier ("doi", "https:", "PMID", "Available from") or has no year;
- wherever it stands, a line that names itself a source ("Source: Dunbar RIM, … 2016.", "Source: CDC WONDER,
  2019": a label, a name, and a year or an address) or is one whole
  citation (authors, a year and a volume, issue or pages: "Larsson SC, Orsini N, Wolk A. Am J Clin Nutr.
  2012 Feb;95(2):362-6") is an entry too, one of its own; it ends nothing (the article goes on after it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kg.ingest.names import PERSON_LINE
from kg.util.text import RemovedBlock

ITEM = re.compile(r"^(?P<indent>\s*)(?P<mark>[•·▪◦\-*–]\s+)(?=\S)")
#: a numbered line: "1. ", "(2) ", "[3] ", and a footnote that points to its source with an arrow, the arrow part
#: of the number ("[4] => https://…", "[48]=>https://…")
NUMBERED = re.compile(
    r"^(?P<indent>\s*)(?P<mark>(?:\[(?P<n1>\d{1,3})\]|\(?(?P<n2>\d{1,3})[.)])(?:[ \t]*(?:=>|->|→)[ \t]*|\s+))(?=\S)"
)
SMALL_WORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "to",
    "of",
    "in",
    "on",
    "for",
    "at",
    "by",
    "with",
    "from",
    "as",
    "is",
    "it",
    "vs",
    "vs.",
    "into",
    "up",
    "via",
    "per",
    "its",
    "your",
    "you",
    "after",
    "over",
}
REFERENCE_HEADING = re.compile(
    r"^\s*(?:(?:selected |key |additional |cited |study )?(?:references?|sources?|citations?)(?: cited| used| list)?|bibliography|"
    r"works cited|literature(?: cited)?|cited (?:works|sources|studies)|further reading|(?:end|foot)?notes|(?:related )?publications|"
    r"(?:notes|sources|citations) and (?:references|further reading|sources)|references and (?:notes|further reading|sources|resources))"
    r"(?:\s*:)?\s*$",
    re.IGNORECASE,
)
#: headings that open a reference list only where an entry under them reads as a reference
WEAK_HEADING = re.compile(
    r"^\s*(?:(?:end|foot)?notes|literature|further reading|(?:related )?publications)(?:\s*:)?\s*$", re.IGNORECASE
)
#: a record's field label on a line of its own ("Responsible Party:", "Last Update Posted:"): after a reference
#: list it ends the list, as a heading does, unless a reference follows it
FIELD_LABEL = re.compile(r"^\s*[A-Z][\w.’'/()-]{0,30}(?:\s+[\w.’'/()-]{1,30}){0,4}\s*:\s*$")
#: a line that names itself a reference: "Source: Dunbar RIM, Teasdale B … 2016."
INLINE_LABEL = re.compile(
    r"^\s*(?:sources?|references?|citations?|study|original (?:study|article|research)|journal reference)\s*:\s+(?=\S)",
    re.IGNORECASE,
)
#: what a line continuing a reference-list entry starts with, also after a blank line
CONTINUATION_START = re.compile(
    r"^(?:[a-z(\[]|(?i:doi\b|https?:|www\.|PMID|PMCID|available (?:from|at)|accessed|retrieved)|\d+\s*[(:;])"
    # PubMed's notes on an entry: "Retraction in: …", "Erratum in: …", "Comment on: …"
    r"|^(?:Erratum|Retraction|Comment|Update|Republished|Corrected and republished) (?:in|of|on|from):"
)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
#: a line of the page's footer, never part of a reference list
FOOTER = re.compile(r"\s*(?:©|\(c\)\s|copyright\b|all rights reserved)", re.IGNORECASE)
#: how an entry of an author-year list opens: "Koel, Björn F, …", "Luksza, Marta, and …"
AUTHOR_START = re.compile(r"^(?:(?:van|von|de|der|del|la|le|di|da)\s+){0,3}[A-Z][\w'’-]{1,40},\s+[A-Z]")
BOILERPLATE_LINES = re.compile(
    r"^\s*(?:table of contents|contents|share( this)?( article)?|print|advertisement|skip to (?:main )?content)\s*$",
    re.IGNORECASE,
)
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
DATE = re.compile(
    rf"\b(?:(?P<mon>{MONTHS})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d{{2}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<mon2>{MONTHS})\.?,?\s+(?P<year2>(?:19|20)\d{{2}})"
    rf"|(?P<iso>(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}))\b"
)
#: (never two \s* side by side: they split a run of spaces in every way, in time that grows faster than the run)
DATE_LINE = re.compile(
    rf"^\s*(?:(?:published|posted|updated|last updated|date|reviewed|last reviewed)(?:\s+date)?(?:\s*on)?(?:\s*:)?\s*)?(?:{DATE.pattern})\s*$",
    re.IGNORECASE,
)
PUBLISHED_LINE = re.compile(r"\b(?:published|posted)\b(?:\s+date)?(?:\s*on)?(?:\s*:)?\s*", re.IGNORECASE)
ABBREVIATIONS = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "mx",
    "prof",
    "st",
    "vs",
    "v",
    "e.g",
    "i.e",
    "al",
    "fig",
    "figs",
    "no",
    "nos",
    "vol",
    "inc",
    "ltd",
    "co",
    "jr",
    "sr",
    "approx",
    "dept",
    "univ",
    "est",
    "mt",
    "pp",
    "ca",
    "cf",
    "ed",
    "eds",
    "u.s",
    "u.k",
    "ph.d",
    "m.d",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "ref",
    "refs",
    "eq",
    "sec",
}
_CLOSERS = "\"”’')]"
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: a bracketed or superscript citation marker: "[3]", "[3,4]", "[3–5]", "¹²"; a run of bracketed ones joined by
#: commas or dashes ("[2],[3]", "[4]–[6]") is one marker: a page that sets each number of "<sup>2,3</sup>" as its
#: own linked superscript (PMC, Highwire and most journal HTML) reads so once the superscripts are bracketed
_BRACKETED = r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]"
_MARKED = rf"{_BRACKETED}(?:\s?[,–-]\s?{_BRACKETED}){{0,20}}|[{_SUPERSCRIPT}]+(?:[,⁻–-][{_SUPERSCRIPT}]+)*"
#: a citation marker right after a sentence's final punctuation: "[3]", "[3,4]", "¹²", "17,18"
TRAILING_MARKER = re.compile(rf"(?:{_MARKED}|\d{{1,3}}(?:[,–-]\d{{1,3}})*(?=\s|$))")
SENTENCE_START = re.compile(r"\s+(?=[A-Z0-9“\"‘'(\[$•¿¡À-Ý])")


#: a DOI ("doi:10.…", "https://doi.org/10.…", or bare) and a web address, in a reference or in the text
DOI = re.compile(
    r"(?:\bdoi:?\s*|https?://(?:dx\.)?doi\.org/)(?P<doi>10\.\d{4,9}/\S+)|\b(?P<bare>10\.\d{4,9}/[^\s,;]+)",
    re.IGNORECASE,
)
URL = re.compile(r"https?://\S+")


def looks_like_reference(text: str) -> bool:
    """A line of a reference list: a year and a DOI, a URL, "et al." or an author list, first or after the title."""
    body = NUMBERED.sub("", text).strip()
    if len(body) < 25 or not re.search(r"\b(?:19|20)\d{2}\b", body):
        return False
    if DOI.search(body) or URL.search(body) or re.search(r"\bet al\.", body):
        return True
    return bool(
        re.match(r"^[A-Z][\w'’-]+,\s+[A-Z]\.", body)
        or re.match(r"^[A-Z][\w'’-]+\s+[A-Z]{1,3}[,.;]", body)
        or title_first(body)
    )


#: PubMed's summary layout, title first: "Random research. Moye LA. Circulation 2001: 103(25); 3150-3." (the title,
#: a sentence; then the NLM author list, each surname with its initials, ended by a full stop; then the source)
TITLE_FIRST = re.compile(
    r"^(?P<title>[^\n]{3,300}?[.?!])\s+(?:[A-Z][\w'’-]{1,40}\s[A-Z]{1,3},\s){0,30}[A-Z][\w'’-]{1,40}\s[A-Z]{1,3}\.\s"
)


def title_first(text: str) -> bool:
    """Whether ``text`` is a citation in PubMed's title-first layout: a title, the NLM author list, and a source
    with its year and volume, issue or pages."""
    if CITATION_AUTHORS.match(text.strip()):
        return False  # authors first ("Block K, Kardana A. Title. FASEB J. 2000;14:1101-8": "FASEB J." is no author)
    found = TITLE_FIRST.match(text.strip())
    rest = text.strip()[found.end() :] if found else ""
    return bool(
        found and re.search(r"\b(?:19|20)\d{2}\b", rest) and (CITATION_LOCATOR.search(rest) or _NLM_SOURCE.search(rest))
    )


#: an author list as a citation opens it: "Larsson SC, Orsini N" (NLM; "Larsson SC; Orsini N" where the names are
#: separated by semicolons, as ABNT and some journals print them) or "Larsson, S. C.," (APA)
CITATION_AUTHORS = re.compile(
    r"^(?:[A-Z][\w'’-]{1,40}\s[A-Z]{1,3}(?:[,;]\s|\.\s|\s(?:et al|and)\b)|[A-Z][\w'’-]{1,40},\s(?:[A-Z]\.\s?){1,3}[,&(]?)"
)
#: where a journal article is found: "95(2):362-6", "2012;95:362", "32(1), 12–20", "vol. 3, pp. 1-9"
CITATION_LOCATOR = re.compile(
    r"\b\d{1,4}\s?\(\d{1,4}\)\s?[:,]\s?\d|;\s?\d{1,4}(?:\(\d{1,4}\))?:\s?\d|\b(?:vol\.|pp?\.)\s?\d", re.IGNORECASE
)
#: a journal's year, volume, issue and pages as some lists print them: "2001: 103(25); 3150-3"
_NLM_SOURCE = re.compile(r"\b(?:19|20)\d{2}\s?[:;]\s?\d{1,4}\s?\(\d{1,4}\)\s?[;:,]\s?\d")


def looks_like_citation(text: str) -> bool:
    """One whole citation standing alone in the body: an author list first, a year, and a volume, issue or pages
    (stricter than ``looks_like_reference``, which reads lines already known to be in a reference list)."""
    body = text.strip()
    return 25 <= len(body) <= 600 and bool(
        CITATION_AUTHORS.match(body) and re.search(r"\b(?:19|20)\d{2}\b", body) and CITATION_LOCATOR.search(body)
    )


@dataclass
class Block:
    """One line of the text: its content (after any bullet or number) and what kind of line it is."""

    index: int
    line_start: int  # offset of the line
    start: int  # offset of the content
    end: int
    text: str  # the content
    kind: str  # heading | paragraph | item | numbered
    number: int | None = None


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    block: int  # index of its block


@dataclass
class SectionDraft:
    id: str
    title: str
    starts_at: str
    heading: bool
    start: int


@dataclass
class Document:
    text: str
    blocks: list[Block]
    removed: list[RemovedBlock] = field(default_factory=list)
    reference_blocks: list[int] = field(default_factory=list)  # indices of every block of the reference entries
    reference_heading: int | None = None
    sections: list[SectionDraft] = field(default_factory=list)
    #: each entry: its block indices, the first and then the lines that continue it
    reference_entries: list[list[int]] = field(default_factory=list)
    #: the blocks set apart as a block quotation in the markup (Markdown "> ", HTML <blockquote>)
    quoted: set[int] = field(default_factory=set)
    list_start: int | None = None  # the block that opens the reference list (its heading or first entry)

    @property
    def body_end(self) -> int:
        """Where the article body ends (the reference list's heading or first entry); a lone "Source: …" line
        in the body ends nothing."""
        return self.blocks[self.list_start].line_start if self.list_start is not None else len(self.text)

    def reference_lines(self) -> list[str]:
        """Each entry's text as one line: its first line (with its number or label) and its continuations; a line
        that holds several unnumbered entries run together (a scrape that lost the list's line breaks) is each."""
        lines = []
        for entry in self.reference_entries:
            first = self.blocks[entry[0]]
            parts = [self.text[first.line_start : first.end].strip()] + [self.blocks[i].text.strip() for i in entry[1:]]
            line = " ".join(parts)
            lines += split_run_together(line) if first.kind == "paragraph" else [line]
        if self._numbers_lost(lines):
            return [f"{n}. {line}" for n, line in enumerate(lines, 1)]
        return lines

    def _numbers_lost(self, lines: list[str]) -> bool:
        """Whether a list printed without numbers is cited by number all the same (a scrape that lost an
        <ol>'s numbers: "… Reports (1,2) and …" over "References CDC. …"): three entries or more under a
        heading, none numbered, and the body's numbered cues ("(1,2)", "[4–6]") never past the last entry and
        naming half of them or more. Its entries are then numbered in their order, as the page numbered them."""
        if self.reference_heading is None or len(lines) < 3 or any(NUMBERED.match(line) for line in lines):
            return False
        cited: set[int] = set()
        for cue in BODY_CUE.finditer(self.text, 0, self.body_end):
            for part in re.split(r"\s?,\s?", cue.group(1)):
                ends = [int(n) for n in re.split(r"\s?[–-]\s?", part)]
                cited.update(range(ends[0], ends[-1] + 1) if len(ends) == 2 and 0 < ends[1] - ends[0] <= 50 else ends)
        return bool(cited) and max(cited) <= len(lines) and 0 not in cited and 2 * len(cited) >= len(lines)


#: a numbered cue in the body: "(1,2)", "(3)", "[4–6]"
BODY_CUE = re.compile(r"[(\[](\d{1,3}(?:\s?[,–-]\s?\d{1,3}){0,20})[)\]]")
#: the label of a link to a cited work's record, scraped into the text with the icon after it ("… 17–22 .
#: CrossRefexternal icon Murphy TV, …"), and a "Top" link after the last: no part of the entry
SCRAPED_LINK_LABEL = re.compile(
    r"[ \t]*\b(?:CrossRef|PubMed|Google Scholar|Full Text)?external icon\b|[ \t]+CrossRef(?=\s|$)"
)
_BACK_TO_TOP = re.compile(r"(?<=\.)[ \t]+Top$")
#: where the next entry of a run-together list begins: after an entry's closing "." or ")", a Vancouver author
#: list ("Frieden TR.", "Murphy TV, Denniston M, Hill HA, et al.", "Joseph DA, Redwood D, … Butler EL.")
_VANCOUVER_NAME = r"[A-Z][A-Za-z'’-]{1,30}(?: [A-Z][A-Za-z'’-]{1,30}){0,2} [A-Z]{1,3}"
NEXT_ENTRY = re.compile(rf"(?<=[.)])[ \t]+(?={_VANCOUVER_NAME}(?:, (?:{_VANCOUVER_NAME}|et al)){{0,30}}\.[ \t])")


def split_run_together(line: str) -> list[str]:
    """An unnumbered reference-list line as the entries it holds: one, or, where the scrape ran entries together,
    each of them (a new one begins where an author list follows an entry's end, and each part has a year)."""
    line = _BACK_TO_TOP.sub("", SCRAPED_LINK_LABEL.sub("", line))
    starts = [0] + [m.end() for m in NEXT_ENTRY.finditer(line)]
    parts, begin = [], 0
    for start, after in zip(starts[1:], starts[2:] + [len(line)]):
        if YEAR.search(line[begin:start]) and YEAR.search(line[start:after]):
            parts.append(line[begin:start].strip())
            begin = start
    return parts + [line[begin:].strip()]


def blocks_of(text: str, headings: set[str] | None) -> list[Block]:
    """Every non-blank line as a block; ``headings`` (from markup) names heading lines, else the rules decide."""
    blocks: list[Block] = []
    offset = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        content_start = line_start + (len(line) - len(line.lstrip()))
        kind, number = "paragraph", None
        numbered = NUMBERED.match(line)
        item = ITEM.match(line)
        if numbered:
            kind = "numbered"
            number = int(numbered.group("n1") or numbered.group("n2"))
            content_start = line_start + numbered.end()
        elif item:
            kind = "item"
            content_start = line_start + item.end()
        content = text[content_start : line_start + len(line.rstrip())]
        if kind == "paragraph":
            if headings is not None:
                if line in headings or line.strip() in headings:
                    kind = "heading"
            elif looks_like_heading(content):
                kind = "heading"
        cuts = _cuts(content) if headings is None and kind == "paragraph" else []
        if not cuts:
            blocks.append(
                Block(len(blocks), line_start, content_start, content_start + len(content), content, kind, number)
            )
            continue
        # a plain-text line that the scrape ran together: "References CDC. CDC health …" is the list's heading
        # and its first entry; "… 92–6 . TopSuggested citation for this article: …" ends the list
        for i, (cut, end) in enumerate(zip(cuts, cuts[1:] + [len(content)])):
            piece = content[cut:end].rstrip()
            start = content_start + cut
            piece_kind = "heading" if i == 0 and REFERENCE_HEADING.match(piece) else "paragraph"
            blocks.append(
                Block(len(blocks), line_start if i == 0 else start, start, start + len(piece), piece, piece_kind)
            )
    return blocks


#: a reference heading that opens a plain-text line, the list's first entry after it on the same line
#: ("References CDC. CDC health disparities and inequalities report—United States, 2011. MMWR 2011;60 …")
INLINE_HEADING = re.compile(r"^(?:References|Sources|Bibliography|Works cited|Literature cited)[ \t]+(?=[A-Z])")
#: how an entry opens: its authors ("Frieden TR.", "Larsson, S. C.,") or an organisation in capitals ("CDC.",
#: "Community Preventive Services Task Force.")
ENTRY_OPENING = re.compile(
    r"^(?:[A-Z][\w'’-]{1,40}\s[A-Z]{1,3}[,.]\s|[A-Z][\w'’-]{1,40},\s(?:[A-Z]\.\s?){1,3}|"
    r"[A-Z][\w&'’-]{0,40}(?:\s(?:[A-Z][\w&'’-]{0,40}|of|and|for|the|on)){0,8}\.\s)"
)
#: where the page's own citation line begins, after the list it ends ("TopSuggested citation for this article: …",
#: "Cite this article as: …")
CITE_THIS = re.compile(r"(?:Suggested citation|Cite this article|How to cite this article)(?: for this article| as)?:")


def _cuts(line: str) -> list[int]:
    """Where a plain-text line that the scrape ran together holds more than one block: its opening reference
    heading, the first entry after it, and the page's own citation line; [] for a line that is one block."""
    cuts: list[int] = []
    if heading := INLINE_HEADING.match(line):
        rest = line[heading.end() : heading.end() + 400]
        if looks_like_reference(rest) or (ENTRY_OPENING.match(rest) and YEAR.search(rest[:300])):
            cuts = [0, heading.end()]
    if (cite := CITE_THIS.search(line, cuts[-1] if cuts else 0)) and cite.start() > 0:
        cuts = (cuts or [0]) + [cite.start()]
    return cuts


def looks_like_heading(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > 100 or text[-1] in ".,;:" or DATE_LINE.match(text):
        return False
    words = text.split()
    if len(words) > 14 or (len(words) < 2 and not text.endswith("?")):
        return False
    if PERSON_LINE.match(text):
        return False
    if text.endswith("?"):
        return True
    significant = [w for w in words if w.lower().strip(":,") not in SMALL_WORDS and re.search(r"[A-Za-z]", w)]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w.lstrip("“\"'(")[:1].isupper())
    return capitalised / len(significant) >= 0.75


#: the same marker a few spaces after the stop, bracketed or superscript only (a bare number there opens the next
#: sentence): Markdown pages type "<sup>5</sup>" after a space at a paragraph's end, and ingest reads it as "[5]"
_SPACED_MARKER = re.compile(rf"[ \t\u00a0]{{1,3}}(?:{_MARKED})(?=\s|$)")


def split_sentences(text: str, start: int, end: int, block: int) -> list[Sentence]:
    """The sentences of ``text[start:end]`` (one block)."""
    chunk = text[start:end]
    cuts = [0]
    for match in re.finditer(r"[.!?]+", chunk):
        i = match.start()
        if match.group() == "." and _is_abbreviation(chunk, i) and not _ends_before_quotation(chunk, i):
            continue
        j = match.end()
        while j < len(chunk) and chunk[j] in _CLOSERS:
            j += 1
        marker = TRAILING_MARKER.match(chunk, j)
        spaced = _SPACED_MARKER.match(chunk, j)
        if spaced and not marker and not chunk[spaced.end() :].strip():
            # "conditions.  <sup>5</sup>" ending the paragraph: the marker a space after the stop is this sentence's.
            # Between two sentences ("common. [2] Most riders …") it could be either's: left to review, as before
            marker = spaced
        if marker and (
            marker.group()[0] in " \t\u00a0[" + _SUPERSCRIPT
            or chunk[i - 1 : i].isalpha()
            or chunk[i - 1 : i] in _CLOSERS + "%"
        ):
            j = marker.end()
            while j < len(chunk) and chunk[j] in _CLOSERS:
                j += 1
        if j >= len(chunk.rstrip()):
            continue
        if match.group()[-1] in "?!" and j > match.end() and QUOTE_TAG.match(chunk, j):
            continue  # '“… you know?’” Pluznick recalled.': the tag that closes a question or exclamation is its sentence's
        if SENTENCE_START.match(chunk, j):
            cuts.append(j)
    cuts.append(len(chunk))
    sentences = []
    for a, b in zip(cuts, cuts[1:]):
        piece = chunk[a:b]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            s = start + a + lead
            sentences.append(Sentence(s, s + len(piece), piece, block))
    return sentences


#: a speech tag closing a quotation that ends in "?" or "!" (news style sets no comma there): a capitalised name of
#: one to three words and one verb, then the sentence's end ('“…?” Pluznick recalled.', '“…!” Dr. Lee said,')
QUOTE_TAG = re.compile(r"[ \t]+(?:[A-Z][\w'’.-]{0,40}[ \t]+){1,3}[a-z]{3,15}[ \t]*[.,]")

#: a quotation that opens after a full stop: '… said Rick Rader, M.D. "In states …'
_QUOTATION_OPENS = re.compile(r"\s+[“\"][A-Z]")


def _ends_before_quotation(chunk: str, dot: int) -> bool:
    """Whether the full stop of a dotted credential or suffix ("M.D.", "Ph.D.", "Jr.") ends its sentence: a new
    quotation opens right after it, as when a speech tag that closes one quotation ends with the speaker's
    credentials and the next quotation follows."""
    if not _QUOTATION_OPENS.match(chunk, dot + 1):
        return False
    word = re.search(r"[\w.]{1,12}$", chunk[max(0, dot - 12) : dot])
    token = word.group() if word else ""
    return "." in token.strip(".") or token.lower() in ("jr", "sr", "inc", "ltd")


def _is_abbreviation(chunk: str, dot: int) -> bool:
    start = dot
    while start > 0 and dot - start <= 20 and (chunk[start - 1].isalnum() or chunk[start - 1] in "._"):
        start -= 1
    if start == dot or dot - start > 20:
        return False  # no word before the full stop, or one far longer than any abbreviation or initial
    token = chunk[start:dot].lower().strip(".")
    if token in ABBREVIATIONS:
        return True
    # an initial ("M. E. Raabe"): one capital letter standing alone
    return len(token) == 1 and chunk[dot - 1].isupper() and (dot < 2 or not chunk[dot - 2].isalnum())


#: a footnote that cites a law or repeats the note before it: "29 U.S.C. § 781(a)(10)", "42 C.F.R. 438", "Ibid.",
#: "Id., at 15." (no two-letter words, but an entry all the same)
LEGAL_NOTE = re.compile(r"§|\bU\.\s?S\.\s?C\.|\bC\.\s?F\.\s?R\.|\bStat\.|\b(?:[Ii]bid(?:em)?|[Ii]d)\.")


def _numbered_run(blocks: list[Block]) -> list[int]:
    """The footnotes or the reference list of a page without a heading over them: the last run of numbered blocks,
    numbered 1 to n in order, that half or more of read as references. It ends the page, or (three entries or
    more) figure captions and notes follow it. Every one is an entry, those that are a law ("29 U.S.C. § 781") or
    a note ("Ibid.") too: a footnote is never dropped."""
    runs: list[list[Block]] = []
    for block in blocks:
        if block.kind != "numbered":
            if runs and runs[-1]:
                runs.append([])
            continue
        previous = runs[-1][-1].number if runs and runs[-1] else None  # a numbered block always has its number
        if previous is None or block.number != previous + 1:
            runs.append([])
        runs[-1].append(block)
    last = blocks[-1].index if blocks else -1
    for run in reversed([r for r in runs if r]):
        if len(run) < (2 if run[-1].index == last else 3) or run[0].number != 1:
            continue
        if 2 * sum(1 for b in run if looks_like_reference(b.text)) >= len(run) or _cited_addresses(blocks, run):
            return [b.index for b in run]
    return []


def _cited_addresses(blocks: list[Block], run: list[Block]) -> bool:
    """A run of footnotes that are bare addresses ("[1] => https://news.gallup.com/poll/…", no year, so no
    entry reads as a reference): half or more of its entries hold a web address or a DOI, and the body above it
    cites half or more of its numbers with a bracketed cue ("… 35 million Americans annually [1].")."""
    if 2 * sum(1 for b in run if URL.search(b.text) or DOI.search(b.text)) < len(run):
        return False
    numbers = {b.number for b in run}
    cited: set[int] = set()
    for b in blocks[: run[0].index]:
        for cue in BODY_CUE.finditer(b.text):
            cited.update(int(n) for n in re.split(r"\s?[,–-]\s?", cue.group(1)))
    return 2 * len(numbers & cited) >= len(numbers)


def _is_entry(block: Block) -> bool:
    """A block that starts an entry of a list under a reference heading."""
    if block.kind in ("numbered", "item"):
        return len(re.findall(r"[^\W\d_]{2,}", block.text[:200])) >= 2 or bool(
            block.kind == "numbered" and LEGAL_NOTE.search(block.text[:200])
        )
    if FOOTER.match(block.text):
        return False
    return looks_like_reference(block.text) or (
        (bool(YEAR.search(block.text)) or bool(AUTHOR_START.match(block.text))) and len(block.text.split()) >= 4
    )


def _continues(text: str, entry: list[Block], block: Block, numbered_list: bool) -> bool:
    """Whether ``block`` continues ``entry`` (an entry broken over lines): it starts as only a continuation does
    ("doi:", "https:", lower case), or it is the very next line (no blank line between) and it is indented under
    a numbered entry, the entry has not ended (no final "." or ")" or identifier), or the line has no year and
    does not open as an author-year entry does ("Koel, Björn F, …"). A footer line ("© 2024 …") never does."""
    if block.kind in ("numbered", "item", "heading") or len(block.text) > 400 or FOOTER.match(block.text):
        return False
    line = block.text.strip()
    if CONTINUATION_START.match(line):
        return True
    if text.count("\n", entry[-1].end, block.line_start) != 1:
        return False
    previous = entry[-1].text.rstrip()
    ended = previous.endswith((".", ")")) or bool(re.search(r"(?:https?://|10\.\d{4,9}/)\S+$", previous))
    indented = numbered_list and block.start > block.line_start
    return indented or not ended or not (YEAR.search(line) or AUTHOR_START.match(line))


def _entries_after(blocks: list[Block], text: str, heading: int) -> list[list[int]]:
    """The entries under a reference-list heading, each with the lines that continue it, up to the next heading
    that no entry follows (the page's footer, an A–Z index)."""
    entries: list[list[int]] = []
    following = blocks[heading + 1 :]
    numbered_list = False
    for i, b in enumerate(following):
        if CITE_THIS.match(b.text):
            break  # the page's citation of itself: the list has ended
        if b.kind == "heading" and entries and (AUTHOR_START.match(b.text) or looks_like_reference(b.text)):
            entries.append([b.index])  # a plain-text entry line in Title Case, read as a heading
            continue
        if b.kind == "heading" or (b.kind == "paragraph" and entries and FIELD_LABEL.match(b.text)):
            after = next((n for n in following[i + 1 :] if n.kind != "heading"), None)
            if after is None or not looks_like_reference(after.text):
                break
            continue
        if (
            entries
            and b.index == entries[-1][-1] + 1
            and _continues(text, [blocks[j] for j in entries[-1]], b, numbered_list)
        ):
            entries[-1].append(b.index)
        elif numbered_list and b.kind == "item" and not looks_like_reference(b.text):
            continue  # a note among numbered entries ("* Entries marked … were updated"): no entry, and part of none
        elif _is_entry(b):
            numbered_list = numbered_list or b.kind == "numbered"
            entries.append([b.index])
    return entries


def _cited_in_place(blocks: list[Block]) -> list[int]:
    """Blocks of the body that are a reference by themselves: "Source: <entry>" or one whole citation."""
    found = []
    for b in blocks:
        label = INLINE_LABEL.match(b.text)
        if b.kind == "heading" and not label:
            continue  # ("Source: CDC WONDER, 2019" reads as a heading in plain text: its label says otherwise)
        rest = b.text[label.end() :] if label else ""
        # the label says it is a source: a name and a year or an address are enough ("Source: CDC WONDER, 2019")
        if (
            label
            and (
                looks_like_reference(rest)
                or (len(rest.split()) >= 2 and YEAR.search(rest))
                or re.match(r"https?://\S+$", rest)
            )
        ) or looks_like_citation(b.text):
            found.append(b.index)
    return found


def _closing_line(block: Block) -> bool:
    """A short line that may close a page after its unheaded reference list (a sign-off, a note on the page): no
    heading, no year, no reference cue, one or two sentences."""
    return (
        block.kind == "paragraph"
        and len(block.text) <= 200
        and not YEAR.search(block.text)
        and not BODY_CUE.search(block.text)
    )


def find_reference_list(blocks: list[Block], text: str) -> tuple[int | None, list[list[int]], list[int]]:
    """(heading block index or None, entries (each its block indices), the blocks of entries that stand alone in
    the body) of the article's references."""
    heading, entries = None, []
    for block in reversed(blocks):
        if block.kind in ("heading", "paragraph") and REFERENCE_HEADING.match(block.text):
            found = _entries_after(blocks, text, block.index)
            if (
                found
                and WEAK_HEADING.match(block.text)
                and not any(
                    looks_like_reference(blocks[entry[0]].text) or "://" in blocks[entry[0]].text for entry in found
                )
            ):
                continue  # "Notes" over "1. Take with food.": a list, but of no references
            if found:
                heading, entries = block.index, found
                break
    if heading is None and (footnotes := _numbered_run(blocks)):
        entries = [[i] for i in footnotes]
    elif heading is None:
        run: list[int] = []
        closing = 0  # the page's closing lines after the list ("You can find an earlier version of this page …")
        for block in reversed(blocks):
            if block.kind != "heading" and looks_like_reference(block.text):
                run.append(block.index)
            elif not run and closing < 2 and _closing_line(block):
                closing += 1
            else:
                break
        run.reverse()
        if len(run) >= 2 or (run and blocks[run[0]].kind == "numbered"):
            entries = [[i] for i in run]
    first = heading if heading is not None else (entries[0][0] if entries else len(blocks))
    alone = _cited_in_place(blocks[:first])
    return heading, entries, alone


def published_date(blocks: list[Block], limit: int = 25) -> tuple[str, str] | None:
    """(ISO date, the line it came from) from a "Published …" line near the top, else a date line there."""
    import datetime as dt

    candidates = []
    for block in blocks[:limit]:
        date = DATE.search(block.text)
        if not date or len(block.text) > 80:
            continue
        labelled = bool(PUBLISHED_LINE.search(block.text[: date.start()]))
        # a dateline: a short line that ends with its date ("GIS SNAPSHOTS — Volume 21 — July 18, 2024")
        dateline = not block.text[date.end() :].strip(" .") and not re.search(r"[.!?]\s", block.text[: date.start()])
        if labelled or DATE_LINE.match(block.text):
            candidates.append((0 if labelled else 1, date, block.text))
        elif dateline and block.kind != "heading":
            candidates.append((2, date, block.text))
    if not candidates:
        return None
    _, date, line = min(candidates, key=lambda c: c[0])
    if date.group("iso"):
        return date.group("iso"), line
    month, day, year = (
        (date.group("mon"), date.group("day"), date.group("year"))
        if date.group("mon")
        else (date.group("mon2"), date.group("day2"), date.group("year2"))
    )
    month_number = next(i for i, names in enumerate(_MONTH_NAMES, 1) if month.lower().rstrip(".")[:3] == names)
    try:
        return dt.date(int(year), month_number, int(day)).isoformat(), line
    except ValueError:
        return None


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def slugify(text: str, words: int = 6, fallback: str = "section") -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", ascii_text)[:words]
    return "-".join(parts) or fallback


def make_sections(doc: Document, title_block: int | None) -> list[SectionDraft]:
    """A section per heading (and one for the text before the first heading, and the reference list)."""
    sections: list[SectionDraft] = []
    used: set[str] = set()
    body_end = doc.body_end

    def add(sid: str, title: str, block: Block, heading: bool) -> None:
        base = sid
        n = 2
        while sid in used:
            sid = f"{base}-{n}"
            n += 1
        starts_at = doc.text[block.start : block.end].strip()
        if len(starts_at) > 60:  # a prefix is enough to find the section; keep whole words
            starts_at = starts_at[:60].rsplit(" ", 1)[0]
        # the loader finds starts_at from just after the previous section's start: it must land on this block
        cursor = sections[-1].start + 1 if sections else 0
        if doc.text.find(starts_at, cursor) != block.start:
            return
        used.add(sid)
        sections.append(SectionDraft(sid, title, starts_at, heading, block.start))

    body = [b for b in doc.blocks if b.start < body_end]
    if body and body[0].kind != "heading":
        add("introduction", "Introduction", body[0], False)
    for block in body:
        if block.kind == "heading" and not BOILERPLATE_LINES.match(block.text):
            sid = "title" if block.index == title_block else slugify(block.text)
            add(sid, block.text.strip(), block, True)
    if doc.list_start is not None:
        add("references", "References", doc.blocks[doc.list_start], doc.reference_heading is not None)
    return sections


def segment(text: str, headings: set[str] | None, removed: list[RemovedBlock] | None = None) -> Document:
    blocks = blocks_of(text, headings)
    doc = Document(text=text, blocks=blocks, removed=removed or [])
    heading, entries, alone = find_reference_list(blocks, text)
    doc.reference_heading = heading
    doc.reference_entries = [[i] for i in alone] + entries
    doc.reference_blocks = [i for entry in doc.reference_entries for i in entry]
    doc.list_start = heading if heading is not None else (entries[0][0] if entries else None)
    return doc


def mark_quoted(doc: Document, quoted: set[str]) -> None:
    """Note the blocks whose line the markup set inside a block quotation (``quoted``, as the markup wrote them)."""
    lines = {unicodedata.normalize("NFC", line).strip() for line in quoted}
    doc.quoted = {b.index for b in doc.blocks if doc.text[b.line_start : b.end].strip() in lines}


def sentences_of(doc: Document, block: Block) -> list[Sentence]:
    return split_sentences(doc.text, block.start, block.end, block.index)
