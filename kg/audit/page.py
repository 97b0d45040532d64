"""What the audit reads from an article's own text, beside the graph: page furniture a draft may hold as claims
(a related-story teaser, a menu item, a publication's name), and references the text prints that the draft did not
read. Pure string functions, bounded regexes (every repetition has a limit or runs over one line)."""

from __future__ import annotations

import re

#: the end of a teaser for another story: "… showed signs of consciousness. Read now"
_TEASER_END = re.compile(r"\b(?:read|see|watch)\s+(?:now|more|here|the\s+full\s+story)\s*[.!»›>]?\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]\s*(?:\d{1,3}\s*)?$")
_BULLET = re.compile(r"^\s{0,8}(?:[•·▪‣◦*+\-–]|\d{1,3}[.)])\s")
#: units that are proper names, so a capital says nothing ("37 degrees Celsius")
#: the plural of a nation's people: "Fijians", "Americans", "Europeans"
_DEMONYM = re.compile(r"[A-Z][a-z]{2,20}(?:ians|eans|ans)")
_PROPER_UNITS = {"celsius", "fahrenheit", "kelvin", "pascal", "newton", "joule", "watt", "hertz", "gray", "sievert"}


def line_at(text: str, offset: int | None) -> str:
    """The line of ``text`` that holds ``offset`` ("" without an offset)."""
    if not text or offset is None or not 0 <= offset <= len(text):
        return ""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:] if end < 0 else text[start:end]


def furniture(text: str, offset: int | None, quote: str, title: str = "") -> str | None:
    """Why the line at ``offset`` is page furniture rather than the article's prose, or None: a teaser for
    another story ("… Read now"), or a list item or a lone line without a sentence's closing punctuation (a menu
    entry, a related link, a publication's name). The article's own title is prose (its headline claims)."""
    line = line_at(text, offset).strip()
    if not line:
        return None
    if _TEASER_END.search(line):
        return "a teaser for another story"
    if title and " ".join(quote.split()).rstrip(". ") == " ".join(title.split()).rstrip(". "):
        return None
    bullet = _BULLET.match(line_at(text, offset))
    if (
        len(line) <= (160 if bullet else 90)
        and not _SENTENCE_END.search(line)
        and " ".join(quote.split()).rstrip(".") in " ".join(line.split())
    ):
        return (
            "a menu entry or link, not a sentence"
            if bullet
            else "a short line that is not a sentence (a heading, a link, a name)"
        )
    return None


def part_of_a_name(stated_as: str, quote: str) -> bool:
    """A figure printed with a capitalised word inside it is part of a title or a name, not an amount: "12 Years a
    Slave", "30 Days" in a headline, "Daily" in "Medical Daily". The first word of the sentence does not count."""
    at = quote.find(stated_as)
    for match in re.finditer(r"[A-Za-z][a-z]+", stated_as):
        word = match.group(0)
        if not word[0].isupper() or word.lower() in _PROPER_UNITS:
            continue
        if at == 0 and match.start() == 0:
            continue  # it opens the sentence
        if _DEMONYM.fullmatch(word) and re.search(r"\d\s{1,2}$", stated_as[: match.start()]):
            continue  # the people a count counts, by their nation: "some 27 000 Fijians", "2 million Americans"
        return True
    return False


#: a line that announces a reference list or a source: "References: 1. …", "Source: Dunbar RIM, …"
_LIST_LINE = re.compile(
    r"^\s{0,8}(?:#{1,6}\s{0,4})?(?:references?|sources?|bibliography|works\s+cited|literature\s+cited|citations?)\s{0,4}(?::|$)",
    re.IGNORECASE,
)
_OWN_CITATION = re.compile(
    r"^\s{0,8}(?:suggested\s+citation|cite\s+this|how\s+to\s+cite|citation\s+for\s+this)", re.IGNORECASE
)
#: an NLM/Vancouver locator: "2012 Feb;95(2):362-6", "2016;12:e1"
_NLM_LOCATOR = re.compile(
    r"\b(?:19|20)\d{2}(?:\s[A-Z][a-z]{2}(?:\s\d{1,2})?)?\s?;\s?\d{1,4}(?:\s?\([^()\n]{1,12}\))?\s?:\s?[A-Za-z]?\d{1,6}"
)
#: "Larsson SC, Orsini N, Wolk A." — Vancouver authors
_NLM_AUTHORS = re.compile(r"^\s{0,8}(?:[A-Z][A-Za-z'’\-]{1,30}\s[A-Z]{1,3},\s){1,12}")


def printed_references(text: str) -> list[str]:
    """Lines of the text that print a reference or announce a list of them (at most 20, of at most 2,000 chars)."""
    found: list[str] = []
    for line in text.splitlines():
        if len(found) >= 20:
            break
        if len(line) > 2000:
            continue
        if _OWN_CITATION.match(line):
            continue  # how to cite the article itself
        if (
            _LIST_LINE.match(line)
            or _NLM_LOCATOR.search(line)
            or (_NLM_AUTHORS.match(line) and re.search(r"\b(?:19|20)\d{2}\b", line))
        ):
            found.append(" ".join(line.split()))
    return found


def unread_references(text: str, verbatims: list[str]) -> list[str]:
    """The reference lines of ``text`` (``printed_references``) that no entry of the draft's list prints: what the
    draft did not read, so the citations of the claims near them could not be checked."""
    from rapidfuzz import fuzz

    from kg.audit.refs import fold

    entries = [fold(v) for v in verbatims if v]
    out = []
    for line in printed_references(text):
        head = fold(
            re.sub(
                r"^\s*(?:references?|sources?|bibliography|works cited|literature cited|citations?)\s*:?",
                "",
                line,
                flags=re.IGNORECASE,
            )
        )
        if not head:
            continue
        # read when an entry prints every word of it (the line may leave out the title the entry has), or the line holds an entry's opening
        if not any(fuzz.token_set_ratio(head, e) >= 90 or fuzz.partial_ratio(e[:120], head) >= 90 for e in entries):
            out.append(line)
    return out


_LIST_HEAD = re.compile(
    r"^\s{0,8}(?:#{1,6}\s{0,4})?(?:references?|sources?|bibliography|works\s+cited|literature\s+cited|citations?)\s{0,4}:?\s{0,4}",
    re.IGNORECASE,
)
_ITEM_NUMBER = re.compile(r"(?<!\S)(\d{1,3})\.\s(?=\S)")


def split_printed(line: str) -> list[tuple[int | None, str]]:
    """A printed reference line as entries: "References: 1. NCOA … 2. Chang et al. … 3. …" as numbered entries
    (the numbers must run 1, 2, 3 … for a split), anything else as one unnumbered entry."""
    body = _LIST_HEAD.sub("", line, count=1)
    cuts: list[tuple[int, int]] = []
    for match in _ITEM_NUMBER.finditer(body):
        if int(match.group(1)) == len(cuts) + 1:
            cuts.append((int(match.group(1)), match.start()))
    if len(cuts) < 2 or cuts[0][1] > 0:
        return [(None, body.strip())] if body.strip() else []
    ends = [start for _, start in cuts[1:]] + [len(body)]
    return [(n, re.sub(r"^\d{1,3}\.\s", "", body[start:end].strip())) for (n, start), end in zip(cuts, ends)]


#: a page that presents itself as the summary of one work: "Summary of journal article titled: “…”", "An abstract
#: of the study", "A summary of the paper"
_SUMMARY_OF = re.compile(
    r"\b(?:summary|synopsis|abstract|digest)\s{1,3}of\s{1,3}(?:(?:the|a|an|this)\s{1,3})?(?:journal\s{1,3})?"
    r"(?:article|study|paper|meta-?analysis|review|report|trial)\b(?:\s{1,3}(?:titled|entitled))?",
    re.IGNORECASE,
)


def summary_of(text: str) -> str | None:
    """The words by which a page says it is the summary of a work ("Summary of journal article titled"), read in
    its first 3,000 characters; None where it says nothing of the kind."""
    found = _SUMMARY_OF.search((text or "")[:3000])
    return found.group(0) if found else None


#: a callout's figure, alone on its line: "27%", "2.7x", "46-91%", "$3,728", "£672" (a unit or a currency, so that a
#: lone year, a list number or a page number is none)
_CALLOUT_FIGURE = re.compile(
    r"[ \t]{0,8}(?P<figure>[<>~≈]?(?:[$£€][ \t]?)?\d[\d,.]{0,12}(?:[ \t]?[-–][ \t]?\d[\d,.]{0,12})?"
    r"(?:[ \t]?(?:%|x|×|-fold)|(?<=\d)(?:[ \t]?(?:million|billion))?(?<![\d,.]))?)[ \t]*"
)
#: a callout's label: a short line of words, no sentence (no closing full stop), no figure of its own
_CALLOUT_LABEL = re.compile(r"[ \t]{0,8}(?P<label>[A-Za-z][^\n\d]{2,120}?)[ \t]*")


def callouts(text: str) -> list[tuple[int, str, str]]:
    """The callout boxes of a page as its text prints them: a figure alone on its line ("2.7x"), then, after at most
    two blank lines, a short label of words ("Higher insomnia rates in caregivers …"): (offset of the figure, the
    figure, the label). One pass over the lines."""
    lines = text.split("\n")
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    out = []
    for i, line in enumerate(lines):
        m = _CALLOUT_FIGURE.fullmatch(line)
        if not m or not re.search(r"[%x×$£€]|fold|million|billion", m["figure"]):
            continue
        following = [j for j in range(i + 1, min(i + 4, len(lines))) if lines[j].strip()]
        if not following:
            continue
        label = _CALLOUT_LABEL.fullmatch(lines[following[0]])
        if label and not label["label"].rstrip().endswith((".", "!", "?", ":")) and len(label["label"].split()) <= 15:
            out.append((offsets[i] + m.start("figure"), m["figure"], label["label"].strip()))
    return out


#: a line that prints one numbered entry of a list, opening with its number in brackets: "[41] => https://…",
#: "[3] Research by The Journal of …", "[12] - Smith J. …" (the footnotes block of a page a draft may not read)
_BRACKET_ENTRY = re.compile(r"^[ \t]{0,8}\[(\d{1,3})\][ \t]{0,4}(?:=>|[-–:])?[ \t]{0,4}(\S[^\n]{0,400})", re.MULTILINE)
#: what lets a reader follow an entry: an address, a DOI, a PubMed or PMC number
_FOLLOWABLE = re.compile(r"https?://|\bwww\.|\b10\.\d{4,9}/|\bPMC\d{3,9}\b|\bPMID:?\s{0,2}\d", re.IGNORECASE)


def bracket_entries(text: str) -> dict[int, str]:
    """The entries ``text`` prints as lines of their own opening with a bracketed number ("[41] => https://…"), by
    number, where there are three or more of them (a list, not a stray line): a printed list, read or not."""
    found = {int(m.group(1)): m.group(2) for m in _BRACKET_ENTRY.finditer(text)}
    return found if len(found) >= 3 else {}


def followable(entry: str) -> bool:
    """Whether a printed entry gives a reader something to follow (an address, a DOI, a PubMed or PMC number)."""
    return bool(_FOLLOWABLE.search(entry))
