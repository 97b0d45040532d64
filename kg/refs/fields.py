"""From a labelled span's text to a field's value: names, dates, volume/issue/pages, identifiers.

Each function reads the text of one span as printed (the labeller decides which span is which) and is
written with bounded, non-backtracking patterns: an entry of any length is read in linear time.
"""

from __future__ import annotations

import re

from kg.refs.features import DASHES, PARTICLES, QUOTES, SUFFIXES

YEAR = re.compile(r"(?<![\d/.-])(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z])?(?![\d])")
MONTH_NAMES = (
    ("jan", "janv", "jän"),
    ("feb", "fév", "fev"),
    ("mar", "mär", "mars"),
    ("apr", "avr"),
    ("may", "mai"),
    ("jun", "juin"),
    ("jul", "juil"),
    ("aug", "aoû", "aou"),
    ("sep",),
    ("oct", "okt"),
    ("nov",),
    ("dec", "déc", "dez"),
)
MONTH = re.compile(r"\b(?P<name>[A-Za-zéûä]{3,10})\.?(?:\s+(?P<day>\d{1,2})\b)?")
DAY_FIRST = re.compile(r"\b(?P<day>\d{1,2})\s+(?P<name>[A-Za-zéûä]{3,10})\b")

DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]{1,300})")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]{1,2000}")
PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)
PMCID = re.compile(r"\b(PMC\d{4,9})\b")
ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*([\dXx][\d\sXx-]{8,20}[\dXx])")

_PAGE_WORDS = re.compile(r"^(?:pp?\.?|pages?|pgs?\.?|ss?\.|S\.|page)\s*", re.IGNORECASE)
#: a page, or an article's page with its e-page ("304.e1", Elsevier's numbering of online-only pages)
_PAGE = r"[A-Za-z]{0,2}\d{1,7}[A-Za-z]?(?:\.e\d{1,5})?"
_PAGES = re.compile(rf"(?P<first>{_PAGE})(?:\s*(?:-+|to)\s*(?P<last>{_PAGE}))?")
_ISSUE_WORD = re.compile(r"^(?:no\.?|nr\.?|n[°º.]|issue|iss\.|heft|#)\s*", re.IGNORECASE)
_VOL_WORDS = re.compile(r"^(?:vol(?:ume)?\.?|v\.|bd\.|jg\.|tome|t\.)\s*", re.IGNORECASE)
_ISSUE_WORDS = re.compile(r"(?:\bno\.?|\bnr\.?|\bn[°º.]|\bissue|\biss\.|\bheft|\bsuppl\.?|#)\s*", re.IGNORECASE)
_NUMBER = re.compile(r"[A-Za-z]?\d{1,6}(?:[-/]\d{1,6})?[A-Za-z]?|[IVXLCDM]{1,6}\b")

INITIAL_WORD = re.compile(r"(?:[A-Z]\.?){1,4}|(?:[A-Z]\.-?\s?)+[A-Z]?\.?|[A-Z]\.?-[A-Z]\.?|[A-Z][a-z]\.|Th\.?|Ch\.?")
NAME_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&|\bund\b|\bet\b(?!\s+al)|\be\b|\by\b)\s*")
ETAL = re.compile(r"[,;]?\s*(?:et\.?\s*al\.?|and others|u\.\s*a\.|et coll\.?|\[?…\]?)\s*[.,;:]?\s*$", re.IGNORECASE)
ETAL_WORDS = re.compile(r"et\.?\s*al\.?|and others", re.IGNORECASE)
ORG_WORDS = {
    "council",
    "association",
    "society",
    "college",
    "academy",
    "institute",
    "institutes",
    "clinic",
    "hospital",
    "university",
    "center",
    "centre",
    "centers",
    "foundation",
    "organization",
    "organisation",
    "agency",
    "department",
    "administration",
    "board",
    "federation",
    "network",
    "group",
    "alliance",
    "service",
    "services",
    "ministry",
    "office",
    "commission",
    "committee",
    "corporation",
    "inc",
    "company",
    "trust",
    "league",
    "coalition",
    "union",
    "collaboration",
    "consortium",
    "library",
    "national",
    "world",
    "investigators",
    "force",
    "team",
    "bureau",
    "authority",
    "programme",
    "program",
    "registry",
    "who",
    "cdc",
    "nih",
    "state",
    "government",
    "justice",
    "health",
}


def clean(text: str) -> str:
    """Spaces collapsed, dashes and quotes made plain, the span's surrounding punctuation and brackets removed."""
    text = " ".join(text.translate(DASHES).translate(QUOTES).split())
    text = text.strip(" ,;:")
    while text[:2] == ". ":
        text = text[2:].lstrip(" ,;:")  # "et al. . Pediatric emergency care": a stray full stop before the field
    while text and (text[0] in "\"'([{" or text[-1] in "\"')]}.,;:"):
        before = text
        if text[-1] in ")]}" and text.count(text[-1]) > text.count({")": "(", "]": "[", "}": "{"}[text[-1]]):
            text = text[:-1]
        elif text[-1] in "\"'.,;:":
            # a final "." closes an abbreviation ("Proc. Natl. Acad. Sci.") as often as a sentence: keep it
            # after a one- or two-letter word only when the text has other abbreviations
            text = text[:-1]
        elif text[0] in "([{" and text.count(text[0]) > text.count({"(": ")", "[": "]", "{": "}"}[text[0]]):
            text = text[1:]
        elif text[0] in "\"'" and _quotes(text, text[0]) % 2:
            text = text[1:]  # an unpaired opening quote ('"I am hesitant": a study' keeps its own)
        elif text[0] in "([{" and text[-1] in ")]}":
            text = text[1:-1]
        text = text.strip(" ,;:")
        if text == before:
            break
    return text


def _quotes(text: str, quote: str) -> int:
    """How many of ``quote`` the text has, not counting an apostrophe inside a word ("Children's")."""
    return sum(
        1
        for i, ch in enumerate(text)
        if ch == quote and not (0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha())
    )


def year(text: str) -> tuple[int, str] | None:
    """(year, suffix) from a date as printed: "(2011a)." -> (2011, "a"); "15 Feb. 1993:" -> (1993, "")."""
    match = YEAR.search(text)
    return (int(match.group("year")), match.group("suffix") or "") if match else None


def _month(name: str) -> int | None:
    lower = name.lower()
    for number, prefixes in enumerate(MONTH_NAMES, 1):
        if lower.startswith(prefixes):
            return number
    return None


def date_parts(text: str) -> list[int] | None:
    """CSL date-parts: [year], [year, month] or [year, month, day]."""
    found = year(text)
    if not found:
        return None
    parts = [found[0]]
    rest = YEAR.sub(" ", text)
    for pattern in (DAY_FIRST, MONTH):
        for match in pattern.finditer(rest):
            month = _month(match.group("name"))
            if month:
                parts.append(month)
                day = match.group("day")
                if day and 1 <= int(day) <= 31:
                    parts.append(int(day))
                return parts
    return parts


def pages(text: str) -> str | None:
    """Pages as printed, the words dropped and the dash made plain: "pp. 1123–9." -> "1123-9"."""
    text = _PAGE_WORDS.sub("", clean(text).translate(DASHES))
    match = _PAGES.search(text)
    if not match:
        return None
    return match.group("first") + (f"-{match.group('last')}" if match.group("last") else "")


def expand_pages(text: str | None) -> str | None:
    """An abbreviated range in full: "1123-9" -> "1123-1129"; anything else unchanged."""
    if not text or "-" not in text:
        return text
    first, last = text.split("-", 1)
    if first.isdigit() and last.isdigit() and len(last) < len(first) and int(first[-len(last) :]) < int(last):
        return f"{first}-{first[: len(first) - len(last)]}{last}"
    return text


_LEADING_YEAR = re.compile(r"\s*(?P<year>1[5-9]\d\d|20\d\d)[a-z]?(?:\s[A-Z][a-z]{2}\.?(?:\s\d{1,2})?)?\s?;\s*")


def leading_year(text: str) -> tuple[int | None, str]:
    """A Vancouver volume span that opens with its year, "2009;7:" or "2012 Jun;24(2):": (2009, "7:"); else (None, text)."""
    found = _LEADING_YEAR.match(text)
    return (int(found.group("year")), text[found.end() :]) if found else (None, text)


def volume_issue_pages(text: str) -> tuple[str | None, str | None, str | None]:
    """Volume, issue and pages from a volume span: "29(8):1898-1905." "Vol. 12, No. 3," "v.13 n.4" "No. 35."."""
    text = " ".join(text.translate(DASHES).split()).strip(" ,.;")
    if text.count("(") > text.count(")"):
        text = text.replace("(", " ", 1).strip()  # "(Vol. 3, Part A,"
    volume = issue = page = None
    if ":" in text:
        text, after = text.split(":", 1)
        page = pages(after)
    paren = re.search(r"\(([^()]{1,20})\)", text)
    if paren:
        issue = clean(paren.group(1))
        # "(No. 3)" is 3; a supplement keeps its word: "(5 Suppl 1)", "(No. Suppl 3)" is "Suppl 3"
        issue = _ISSUE_WORD.sub("", issue).strip() or None
        text = text[: paren.start()] + " " + text[paren.end() :]
    words = _ISSUE_WORDS.search(text)
    if words:
        if not issue:
            number = _NUMBER.search(text, words.end())
            issue = number.group() if number else None
        text = text[: words.start()]
    text = _VOL_WORDS.sub("", text.strip(" ,.;"))
    number = _NUMBER.match(text.strip())
    if number:
        volume = number.group()
        rest = text.strip()[number.end() :].strip(" ,.")
        if not issue and re.fullmatch(r"\d{1,4}(?:[-/]\d{1,4})?", rest):
            issue = rest  # "28, 3/4"
    elif text.strip():
        volume = text.strip(" ,.") or None
    return volume, issue, page


# -- names -------------------------------------------------------------------------------------------------------


def _is_initials(text: str) -> bool:
    return bool(INITIAL_WORD.fullmatch(text.strip(" ,.")) or INITIAL_WORD.fullmatch(text.strip(" ,")))


def _initials_only(chunk: str) -> bool:
    words = chunk.replace(".", ". ").replace("-", "- ").split()
    return bool(words) and all(_is_initials(w) or w in {"-"} for w in words)


def _is_given(chunk: str) -> bool:
    """A chunk that can be the given names of an inverted name: "Bonnie Lynn", "J.", "Anna"."""
    words = chunk.split()
    if not words or len(words) > 3:
        return False
    return all(w[:1].isupper() and w.lower().strip(".") not in ORG_WORDS for w in words)


def _literal(chunk: str) -> bool:
    words = [w.strip(".,") for w in chunk.split()]
    if any(w.lower() in ORG_WORDS for w in words):
        return True
    lower = [w for w in words if w and w[0].islower() and w not in PARTICLES and w not in {"y", "e"}]
    return len(words) > 4 or len(lower) > 1


def _direct(chunk: str) -> dict:
    """A name in reading order or Vancouver's: "S. E. Han", "David R. Cheriton", "de la Macorra JC", "Smith J"."""
    words = chunk.split()
    suffix = ""
    while len(words) > 1 and words[-1].lower().strip(",") in SUFFIXES:
        suffix = words.pop().strip(",")
    if len(words) == 1:
        return _name(words[0], "", suffix)
    if (
        _is_initials(words[-1])
        and not _is_initials(words[0])
        or words[-1].isupper()
        and len(words[-1]) <= 4
        and not words[0].isupper()
    ):
        # Vancouver: "Smith J", "de la Macorra JC" ("Hreljac A." closing a list: the dot is not the initial's)
        given = words[-1][:-1] if re.fullmatch(r"[A-Z]{1,4}\.", words[-1]) else words[-1]
        return _name(" ".join(words[:-1]), given, suffix)
    # reading order: given names, then the family name with its particles
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in PARTICLES:
        cut -= 1
    return _name(" ".join(words[cut:]), " ".join(words[:cut]), suffix)


def _name(family: str, given: str, suffix: str = "") -> dict:
    given = given.strip(" ,;:")
    out = {"family": family.strip(" ,;:").rstrip("."), "given": given}
    if not out["given"]:
        del out["given"]
    if suffix:
        out["suffix"] = suffix
    return out


def names(text: str) -> list[dict]:
    """CSL names from an author (or editor) span: [{family, given}] or [{literal}] for an organisation."""
    text = " ".join(text.translate(DASHES).translate(QUOTES).split())
    text = re.sub(
        r"^\((?:eds?|editors?)\.?\s+([^()]+)\)[.,;:]?$", r"\1", text, flags=re.IGNORECASE
    )  # "(Eds D Armitage, F Berkes)"
    text = re.sub(r"^(?:by|in:?|edited by|eds?\.?:?)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*\((?:eds?|hrsg|dir|coord|editors?|éds?)\.?\)\s*[.,:;]?\s*$", "", text, flags=re.IGNORECASE)
    text = re.sub(r",?\s*\b(?:eds?|editors?|hrsg)\.?\s*[.,:;]?\s*$", "", text, flags=re.IGNORECASE)
    text = ETAL.sub("", text).strip(" ,;:")
    text = text[:-1] if text.endswith(".") and not re.search(r"(?:^|[\s.,-])[A-Z][a-z]?\.$", text) else text
    if not text:
        return []
    if (
        "," not in text
        and ";" not in text
        and _literal(text)
        and not all(len(c.split()) <= 4 and not _literal(c) for c in NAME_SPLIT.split(text) if c.strip())
        or len(NAME_SPLIT.split(text)) == 1
        and _literal(text)
    ):
        return [{"literal": text.strip(" .")}]
    chunks = [
        c for c in NAME_SPLIT.split(text) if c and c.strip(" .") and not ETAL_WORDS.fullmatch(c.strip())
    ]  # "et al; XYZ Investigators"
    out: list[dict] = []
    i = 0
    inverted = None
    while i < len(chunks):
        chunk = chunks[i].strip()
        nxt = chunks[i + 1].strip() if i + 1 < len(chunks) else None
        words = chunk.split()
        if out and chunk.lower().strip(".") in {s.strip(".") for s in SUFFIXES}:
            out[-1]["suffix"] = chunk.strip(" ,")
            i += 1
            continue
        has_initial = any(_is_initials(w) for w in words)
        if (
            nxt is not None
            and not has_initial
            and (
                _initials_only(nxt)
                or inverted is not False
                and (inverted or i == 0)
                and _is_given(nxt)
                and sum(w.lower() not in PARTICLES for w in words) == 1
            )
        ):
            out.append(_name(chunk, nxt))
            inverted = True if inverted is None else inverted
            i += 2
            continue
        if _literal(chunk):
            out.append({"literal": chunk.strip(" .")})
        else:
            out.append(_direct(chunk))
            if inverted is None and len(words) > 1:
                inverted = False
        i += 1
    bare = [n["given"] for n in out if re.fullmatch(r"[A-Z]{1,4}", n.get("given", ""))]
    if bare and out and re.fullmatch(r"[A-Z]{1,4}\.", out[-1].get("given", "")):
        out[-1]["given"] = out[-1]["given"][:-1]  # Vancouver's "Jones AB." closes the list: the dot is not an initial's
    return out


def is_organisation(text: str) -> bool:
    """ "World Health Organization", "Centers for Disease Control and Prevention", "WHO"."""
    words = [w.strip(".,:;") for w in text.split()]
    if len(words) == 1:
        return bool(re.fullmatch(r"[A-Z]{2,6}", words[0]))
    small = {"of", "on", "for", "and", "the", "&", "in", "at", "de", "du", "des", "für", "und"}
    return (
        1 < len(words) <= 10
        and all(w[:1].isupper() or w.lower() in small for w in words if w)
        and any(w.lower() in ORG_WORDS for w in words)
    )


def identifiers(text: str) -> dict[str, str]:
    """DOI, PMID, PMCID, URL and ISBN found anywhere in the entry, by rule."""
    out: dict[str, str] = {}
    found = DOI.search(text)
    if found:
        doi = found.group(1).rstrip(".,;")
        if doi.count(")") > doi.count("("):
            doi = doi.rstrip(")")
        out["DOI"] = doi
    found = PMID.search(text)
    if found:
        out["PMID"] = found.group(1)
    found = PMCID.search(text)
    if found:
        out["PMCID"] = found.group(1)
    for found in URL.finditer(text):
        url = found.group().rstrip(".,;")
        if url.count(")") > url.count("("):
            url = url.rstrip(")")
        out["URL"] = url
        break
    found = ISBN.search(text)
    if found:
        out["ISBN"] = found.group(1)
    return out
