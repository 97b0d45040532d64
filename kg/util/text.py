"""Article text utilities: repeated-block removal, quote location, context.

Offsets are counted in Unicode code points (Python ``str`` indices), as the
W3C Web Annotation TextPositionSelector requires.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

#: A repeated run must hold at least this many non-blank characters to be
#: treated as a scraping artefact rather than a legitimately repeated phrase.
MIN_REPEAT_CHARS = 40


@dataclass(frozen=True)
class RemovedBlock:
    """A copy of a block that appeared again right after itself."""

    start_line: int  # 1-based line number in the input of the removed copy
    line_count: int
    text: str


#: A repeated block is looked for up to this many lines long (a scraped header, a box, a duplicated short
#: article); longer copies are left alone. With ``MAX_CANDIDATES`` this keeps the work near-linear in the lines.
MAX_BLOCK_LINES = 1000
#: Where a block would hold more than ``_LEAD`` non-blank lines, only later lines that open the same
#: ``_LEAD + 1`` non-blank lines are tried as the start of its copy, the farthest ``MAX_CANDIDATES`` of them.
MAX_CANDIDATES = 64
_LEAD = 4

_HASH_MOD = (1 << 61) - 1
_HASH_BASE = 1_000_003


def drop_repeated_blocks(text: str) -> tuple[str, list[RemovedBlock]]:
    """Remove runs of lines that repeat immediately after themselves.

    Scraped pages often repeat a header block (the seed article repeats its title block four times). A block of
    lines that is followed directly by an identical copy of itself (blank lines may stand between them) is kept
    once; at each line the longest such block is taken first, and the line is tried again until nothing
    repeats after it. Short repeats (under ``MIN_REPEAT_CHARS`` of non-blank text) are left alone: a repeated
    short line may be meaningful. Returns the cleaned text and what was removed.

    Near-linear in the number of lines: lines are interned and hashed, so a candidate block is compared in
    constant time, and a copy is looked for only where the block's opening lines stand again (blocks of at most
    ``MAX_BLOCK_LINES`` lines; see ``MAX_CANDIDATES``).
    """
    lines = text.split("\n")
    n = len(lines)
    interned: dict[str, int] = {}
    blank: list[bool] = []
    chars = [0]  # chars[k]: non-blank characters of lines[:k]
    last_nonblank: list[int] = []  # last_nonblank[j]: the last non-blank line before j, or -1
    hashes = [0]
    powers = [1]
    previous = -1
    for index, line in enumerate(lines):
        ident = interned.setdefault(line, len(interned))
        stripped = len(line.strip())
        blank.append(not stripped)
        chars.append(chars[-1] + stripped)
        last_nonblank.append(previous)
        if stripped:
            previous = index
        hashes.append((hashes[-1] * _HASH_BASE + ident + 1) % _HASH_MOD)
        powers.append(powers[-1] * _HASH_BASE % _HASH_MOD)
    next_nonblank = [n] * (n + 2)  # next_nonblank[x]: the first non-blank line at or after x, or n
    for index in range(n - 1, -1, -1):
        next_nonblank[index] = next_nonblank[index + 1] if blank[index] else index

    def digest(start: int, length: int) -> int:
        return (hashes[start + length] - hashes[start] * powers[length]) % _HASH_MOD

    after = [next_nonblank[j + 1] for j in range(n)] + [n]  # the next non-blank line after j
    # lines grouped by their opening: the line, the next _LEAD non-blank lines and the blank lines between
    openings: dict[int, list[int]] = {}
    lead_end: list[int] = [n] * n
    for j in range(n):
        if not blank[j]:
            end = j
            for _ in range(_LEAD):
                end = after[end]
            if end < n:
                lead_end[j] = end
                openings.setdefault(digest(j, end - j + 1), []).append(j)

    # The lines still to read are, as text, always lines[pos:]: dropping the copy of a block leaves the block
    # followed by what followed its copy, which reads exactly as the copy did. Only their line numbers differ:
    # ``renumbered[skip:]`` holds the numbers of the first few of them (the kept block's), the rest are pos + k + 1.
    kept: list[str] = []
    removed: list[RemovedBlock] = []
    renumbered: list[int] = []
    skip = 0

    def number(k: int) -> int:
        return renumbered[skip + k] if skip + k < len(renumbered) else pos + k + 1

    def copy_at(candidates) -> tuple[int, int] | Literal[False] | None:
        """The farthest candidate start j of a copy of lines[pos : last_nonblank[j] + 1]; False: none can be."""
        for j in candidates:
            period = last_nonblank[j] + 1 - pos
            if period > MAX_BLOCK_LINES or j + period > n:
                continue
            if chars[pos + period] - chars[pos] < MIN_REPEAT_CHARS:
                return False  # nearer copies make shorter blocks: shorter still
            if digest(pos, period) == digest(j, period) and lines[pos : pos + period] == lines[j : j + period]:
                return j, period
        return None

    pos = 0
    while pos < n:
        found = None
        if not blank[pos]:
            near = [after[pos]]
            while len(near) < _LEAD and near[-1] < n:
                near.append(after[near[-1]])
            near = [j for j in near if j < n]
            if lead_end[pos] < n:
                # blocks of more than _LEAD non-blank lines: copies open like lines[pos:], after near[-1]
                group = openings[digest(pos, lead_end[pos] - pos + 1)]
                highest = bisect_right(group, next_nonblank[min(n, pos + MAX_BLOCK_LINES)]) - 1
                highest = min(highest, bisect_right(group, n + pos - 1, key=lambda j: j + last_nonblank[j]) - 1)
                lowest = bisect_right(group, near[-1])  # nearer copies make blocks of at most _LEAD lines
                found = copy_at(group[i] for i in range(highest, max(lowest, highest - MAX_CANDIDATES + 1) - 1, -1))
            if found is None:
                found = copy_at(reversed(near))
        if not found:
            kept.append(lines[pos])
            pos += 1
            skip += 1
            continue
        j, period = found
        gap = j - pos
        removed.append(RemovedBlock(number(gap), period, "\n".join(lines[pos : pos + period])))
        renumbered = [number(k) for k in range(period)] + renumbered[skip + period + gap :]
        skip = 0
        pos = j
    return "\n".join(kept), removed


def find_all(text: str, needle: str) -> list[int]:
    """Every start offset of ``needle`` in ``text`` (overlapping allowed)."""
    if not needle:
        return []
    found = []
    start = text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


#: ``find_many`` looks a needle up by the ``_KEY`` characters from its first word start after its first character
_KEY = 12
_WORD_START = re.compile(r"(?<!\w)\w")


def find_many(text: str, needles) -> dict[str, list[int]]:
    """``find_all`` for many needles at once, in one pass over the text's word starts, not one pass over the
    whole text per needle (which grows with the square of the page: every claim's quote is looked for).

    Where a needle has a word start at j >= 1 (a word character after a non-word one), every occurrence of it
    at p has a word start of the text at p + j, followed by the needle's next ``_KEY`` characters: only those
    places are compared. Needles without one are looked for with ``find_all``.
    """
    found: dict[str, list[int]] = {}
    by_key: dict[str, list[tuple[str, int]]] = {}
    for needle in needles:
        if needle in found:
            continue
        inner = _WORD_START.search(needle, 1)
        if inner is None or len(needle) - inner.start() < _KEY:
            found[needle] = find_all(text, needle)
            continue
        found[needle] = []
        j = inner.start()
        by_key.setdefault(needle[j : j + _KEY], []).append((needle, j))
    if by_key:
        get = by_key.get
        for word in _WORD_START.finditer(text):
            w = word.start()
            group = get(text[w : w + _KEY])
            if group:
                for needle, j in group:
                    if w >= j and text.startswith(needle, w - j):
                        found[needle].append(w - j)
    return found


class TextIndex:
    """``find_all`` over one text, answered from ``find_many`` for the needles named up front."""

    def __init__(self, text: str, needles=()) -> None:
        self.text = text
        self.found = find_many(text, needles)

    def find_all(self, needle: str) -> list[int]:
        if needle not in self.found:
            self.found[needle] = find_all(self.text, needle)
        return self.found[needle]


def line_of(text: str, offset: int) -> int:
    """1-based line number of a code-point offset."""
    return text.count("\n", 0, offset) + 1


def context(text: str, start: int, end: int, width: int = 40) -> tuple[str, str]:
    """The prefix and suffix around ``text[start:end]``, at most ``width`` each.

    Used for TextQuoteSelector prefix/suffix, which let annotation tools
    re-anchor a quote after the page changes.
    """
    return text[max(0, start - width) : start], text[end : end + width]


#: words a work's fingerprint skips: they say nothing about which work it is
_FINGERPRINT_STOP = frozenset(
    "a an the of and or in on at to for with by from as is are was were be its their our your this that these "
    "those vs versus et al de la le du der die das van von".split()
)


def fingerprint_words(text: str, limit: int) -> list[str]:
    """The first ``limit`` significant words of ``text``, folded to lower-case ASCII letters and digits
    ("Épidémiologie of the knee" -> ["epidemiologie", "knee"] for 2)."""
    import re
    import unicodedata

    folded = unicodedata.normalize("NFKD", text[:2000]).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", folded) if w not in _FINGERPRINT_STOP]
    return words[:limit]


#: the page of an article a publisher's web address names after its DOI (Frontiers' "…/10.3389/….902673/full",
#: Wiley's and Taylor & Francis' "…/abstract", "…/epdf"): not part of the DOI
VIEW_AFTER_DOI = re.compile(
    r"/(?:full|abstract|fulltext|full-text|pdf|epdf|html|summary|references|figures|meta)/?$", re.IGNORECASE
)


#: the citation of a statute or a regulation, where an entry starts with it: title number, code and section
#: ("29 U.S.C. § 781(a)(10)", "42 CFR 441.301", "Pub. L. 101-336"). The reference reader takes it as the entry's
#: title, and the audit does not check such an entry as a work's (no author, year or title of its own).
STATUTE = re.compile(
    r"\s{0,3}(?:\d{1,3}\s{1,3})?(?:U\.\s?S\.\s?C\.?|USC|C\.\s?F\.\s?R\.?|CFR|Pub\.\s?L\.?|Stat\.)\s{0,3}(?:§|\d)"
)


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated: ``Steven Goostree`` -> ``steven-goostree``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"
