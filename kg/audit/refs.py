"""Reading a reference-list entry as printed: its brackets, DOIs, years, and the names in it.

Pure string functions, so each check is easy to test on a line of text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.util.text import STATUTE, VIEW_AFTER_DOI

URL = re.compile(r"https?://\S+")
DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")
DOI_MARKER = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|(?<![\w/.])doi\s*:\s*|(?<![\w/.])doi\s+(?=\d))", re.IGNORECASE)
VALID_DOI = re.compile(r"^10\.\d{4,9}/[^\s\"<>]+$")
YEAR = re.compile(r"(?<![0-9])(1[6-9]\d{2}|20\d{2})(?![0-9])")
_TRAILING = ".,;:)]}>"
_PAIRS = {")": "(", "]": "["}


def strip_identifiers(text: str) -> str:
    """The entry without URLs and DOIs (which may legitimately hold brackets and years), same length:
    the removed spans become spaces so offsets still point into the original."""

    def blank(match: re.Match) -> str:
        return " " * len(match.group(0))

    text = URL.sub(blank, text)
    return DOI_IN_TEXT.sub(blank, text)


def clean_doi(raw: str) -> str:
    """A DOI as found in running text, without the sentence's closing punctuation."""
    doi = raw
    while doi and doi[-1] in _TRAILING:
        if doi[-1] == ")" and doi.count("(") >= doi.count(")"):
            break
        doi = doi[:-1]
    return doi.lower()


def dois_in(text: str) -> list[str]:
    """The DOIs an entry prints; one in a publisher's address ("https://www.frontiersin.org/…/10.3389/….902673/full")
    without the page the address names after it."""
    publishers = [m.span() for m in URL.finditer(text) if "doi.org/" not in m.group().lower()]
    found = []
    for m in DOI_IN_TEXT.finditer(text):
        doi = clean_doi(m.group(0))
        if any(start < m.start() < end for start, end in publishers):
            doi = VIEW_AFTER_DOI.sub("", doi)
        found.append(doi)
    return found


def malformed_doi_mentions(text: str) -> list[str]:
    """What follows a DOI marker ("doi:", "https://doi.org/") when it is not a well-formed DOI."""
    bad = []
    for match in DOI_MARKER.finditer(text):
        rest = text[match.end() :].lstrip()
        token = rest.split()[0] if rest else ""
        doi = clean_doi(token)
        if not VALID_DOI.match(doi) or doi.endswith("/"):
            bad.append((match.group(0) + " ".join(rest.split()[:2]))[:60].strip())
    return bad


def unbalanced_brackets(text: str) -> list[tuple[int, str]]:
    """Positions of brackets with no partner: ``[(offset, char)]`` (URLs and DOIs ignored)."""
    stripped = strip_identifiers(text)
    stack: list[tuple[int, str]] = []
    lonely: list[tuple[int, str]] = []
    for i, ch in enumerate(stripped):
        if ch in "([":
            stack.append((i, ch))
        elif ch in ")]":
            if stack and stack[-1][1] == _PAIRS[ch]:
                stack.pop()
            else:
                lonely.append((i, ch))
    return sorted(lonely + stack)


def clause_around(text: str, offset: int) -> str:
    """The stretch of an entry around ``offset``, between the sentence breaks (". ") on either side."""
    start = text.rfind(". ", 0, offset)
    start = 0 if start < 0 else start + 2
    end = text.find(". ", offset)
    end = len(text) if end < 0 else end + 1
    return text[start:end].strip()


def years_in(text: str) -> list[int]:
    return [int(y) for y in YEAR.findall(strip_identifiers(text))]


def delimited_years(identifier: str) -> list[int]:
    """Years standing alone between delimiters in a DOI or a URL path: ``j.jbiomech.2017.11.037`` -> [2017]."""
    return [int(m.group(1)) for m in re.finditer(r"(?:^|[./_\-])(19\d{2}|20\d{2})(?=$|[./_\-])", identifier)]


def url_path(url: str) -> str:
    """A URL's path, without scheme, host, query or fragment (where years are about the page, not the site)."""
    url = url.split("#", 1)[0].split("?", 1)[0]
    match = re.match(r"^[a-z]+://[^/]+(/.*)?$", url, re.IGNORECASE)
    return (match.group(1) or "") if match else url


def normalise_url(url: str) -> str:
    url = url.split("#", 1)[0].strip().lower()
    url = re.sub(r"^https?://(www\.)?", "", url)
    return url.rstrip("/")


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_THE = re.compile(r"^the ")


@lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """Lower-case, ASCII-folded, '&' as 'and', punctuation as spaces, spaces collapsed: for comparing names.
    Remembered: the rules fold the same journal and organisation names again and again (355,000 calls in an
    audit of 1,000 articles)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("&", " and ").lower()
    text = _NOT_ALNUM.sub(" ", text)
    return _THE.sub("", text.strip())


def acronym(name: str) -> str:
    """'Centers for Disease Control and Prevention' -> 'CDCP' (capitalised words only)."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w[0].isupper())


@lru_cache(maxsize=4096)
def _loose(name: str) -> re.Pattern:
    """``name``'s letters and digits, each apart from the next by at most one space, hyphen or dot, in any case:
    compiled once per name (the rules look for the same organisations' names in every entry)."""
    letters = [re.escape(ch) for ch in name if ch.isalnum()]
    return re.compile(r"(?<![\w])" + r"[\s\-.]?".join(letters) + r"(?![\w])", re.IGNORECASE)


def find_variant(name: str, text: str) -> str | None:
    """A spelling of ``name`` in ``text`` that differs from it only in case, spacing or punctuation, or by a
    typo in a long name; None if ``name`` is there exactly or not at all."""
    if name in text:
        return None
    match = _loose(name).search(text)
    if match:
        return match.group(0)
    if len(name) >= 10:
        from rapidfuzz import fuzz

        words = [m.span() for m in re.finditer(r"[\w'’&-]+", text)]
        size = len(re.findall(r"[\w'’&-]+", name))
        best: tuple[float, str] | None = None
        for n in {max(1, size - 1), size, size + 1}:
            for i in range(len(words) - n + 1):
                candidate = text[words[i][0] : words[i + n - 1][1]]
                score = fuzz.ratio(name, candidate)
                if score >= 90 and candidate != name and (best is None or score > best[0]):
                    best = (score, candidate)
        if best:
            return best[1]
    return None


#: the locator part of a journal reference with nothing before it: "J Am Coll Surg 2013, 216:774-780", "PLoS Med
#: 2010, 7:e1000368" (journal, year, volume:pages; no author, no title)
_LOCATOR_ONLY = re.compile(
    r"\s{0,4}[A-Z][\w.&'’\- ]{0,80}?\s(?:1[6-9]|20)\d{2}\s?[,;]\s?\d{1,5}(?:\s?\([^()\n]{1,20}\))?\s?:\s?[A-Za-z]?\d"
)


def locator_only(text: str | None, authors: list[str] | None = None) -> bool:
    """Whether a list "entry" is only the locator of another entry (journal, year, volume:pages), a piece a reader
    split off the entry it belongs to (a BMC page prints it in a nested paragraph), not an entry of its own."""
    return bool(text and not authors and _LOCATOR_ONLY.match(text))


#: software or a manual, which owe no pages: "R: a language and environment for statistical computing. R
#: Foundation for Statistical Computing", "ArcGIS Pro (version 3.1)", "Stata Statistical Software: Release 17"
_SOFTWARE = re.compile(
    r"\b(?:language\s+and\s+environment\s+for\s+statistical\s+computing|statistical\s+software|software|"
    r"computer\s+program|R\s+package|python\s+package|(?:version|release)\s+\d|R\s+Core\s+Team|"
    r"R\s+Foundation\s+for\s+Statistical\s+Computing|user(?:'s|’s)?\s+(?:guide|manual))\b",
    re.IGNORECASE,
)


def software(text: str | None) -> bool:
    """Whether an entry names software or a manual (no journal article: it owes no pages)."""
    return bool(text and _SOFTWARE.search(text))


#: a legislature's record: a testimony, a hearing on a bill ("Hearing on H.B. No. 7015, Joint Committee on Judiciary"),
#: which a reader may take for a journal ("Hearing on H.B" as the container, "No. 7015" as its issue)
_LEGISLATIVE = re.compile(
    r"\b(?:testimony|testimonies|hearings?\s{1,3}(?:on|before)|(?:House|Senate|Assembly)\s{1,3}Bill|"
    r"[HS]\.\s?B\.\s{0,3}(?:No\.\s{0,3})?\d)",
    re.IGNORECASE,
)


def legislative(*names: str | None) -> bool:
    """Whether a work's title or container names a legislature's record (a testimony, a hearing on a bill): no
    journal article, so it owes no volume, issue or pages."""
    return any(name and _LEGISLATIVE.search(name) for name in names)


#: a note that points back at the note before it ("ibid.", "Id., at 15."); with a statute's or regulation's
#: citation (kg.util.text.STATUTE), an entry of a footnote list that is not a work with authors, years and titles, so
#: the checks of a work's entry do not apply to it
_BACK_REFERENCE = re.compile(r"\s{0,3}(?:ibid|ibidem|id)\b\.?(?:,|\s|$)", re.IGNORECASE)


def not_a_work(verbatim: str | None) -> str | None:
    """ "a note that refers to the one before it", "a statute", or None for an entry that should print a work."""
    if not verbatim:
        return None
    if _BACK_REFERENCE.match(verbatim):
        return "a note that refers to the one before it"
    if STATUTE.match(verbatim):
        return "a statute"
    return None
