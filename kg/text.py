"""Article text utilities: repeated-block removal, quote location, context.

Offsets are counted in Unicode code points (Python ``str`` indices), as the
W3C Web Annotation TextPositionSelector requires.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A repeated run must hold at least this many non-blank characters to be
#: treated as a scraping artefact rather than a legitimately repeated phrase.
MIN_REPEAT_CHARS = 40


@dataclass(frozen=True)
class RemovedBlock:
    """A copy of a block that appeared again right after itself."""

    start_line: int  # 1-based line number in the input of the removed copy
    line_count: int
    text: str


def drop_repeated_blocks(text: str) -> tuple[str, list[RemovedBlock]]:
    """Remove runs of lines that repeat immediately after themselves.

    Scraped pages often repeat a header block (the seed article repeats its
    title block four times). A block of lines that is followed directly by an
    identical copy of itself is kept once. Short repeats (under
    ``MIN_REPEAT_CHARS`` of non-blank text) are left alone: a repeated short
    line may be meaningful. Returns the cleaned text and what was removed.
    """
    lines = text.split("\n")
    removed: list[RemovedBlock] = []
    # Track original line numbers so reports point at the input file.
    numbers = list(range(1, len(lines) + 1))
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        dropped = False
        for period in range((len(lines) - i) // 2, 0, -1):
            block = lines[i : i + period]
            if not block[-1].strip():
                continue
            if sum(len(line.strip()) for line in block) < MIN_REPEAT_CHARS:
                continue
            # The copy may be separated from the original by blank lines.
            gap = i + period
            while gap < len(lines) and not lines[gap].strip():
                gap += 1
            if lines[gap : gap + period] == block:
                removed.append(RemovedBlock(numbers[gap], period, "\n".join(block)))
                del lines[i + period : gap + period]
                del numbers[i + period : gap + period]
                dropped = True
                break
        if not dropped:
            i += 1
    return "\n".join(lines), removed


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
    "those vs versus et al de la le du der die das van von".split())


def fingerprint_words(text: str, limit: int) -> list[str]:
    """The first ``limit`` significant words of ``text``, folded to lower-case ASCII letters and digits
    ("Épidémiologie of the knee" -> ["epidemiologie", "knee"] for 2)."""
    import re
    import unicodedata

    folded = unicodedata.normalize("NFKD", text[:2000]).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", folded) if w not in _FINGERPRINT_STOP]
    return words[:limit]
