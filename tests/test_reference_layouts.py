"""Reference lists as the seen articles of round 2 lay them out (issue 19, item 3): entries that are blocks of
their own rather than list items, with a tab bar over them; a plain-text list whose numbers and line breaks the
scrape lost; a trial registry's "Publications:" field. Read by the real ingest code from the committed pages, or
from lines copied from them."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.markup import convert
from kg.ingest.pipeline import draft_article
from kg.ingest.segment import segment

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus"
ELIFE = CORPUS / "elife-tannic-acid-cftr" / "article.html"


def _entries(path: Path) -> list[str]:
    converted = convert(path.read_text(encoding="utf-8"), "html" if path.suffix == ".html" else "text")
    doc = segment(converted.text, converted.headings if path.suffix == ".html" else None)
    return doc.reference_lines()


def test_entries_laid_out_as_blocks_of_their_own_are_one_entry_each_read_from_their_fields():
    """eLife's old reader: each entry an <article id="ref-N"> whose number, title, authors and details are <div>s
    and <span>s named by class ("nlm-article-title", "elife-reflink-details-year"), under a "Sort by" tab bar
    of in-page links. Every one of the 29 is one entry, with its number and fields; the tabs are no entries."""
    lines = _entries(ELIFE)
    assert len(lines) == 29
    assert not any("original order" in line or "cited in paper" in line for line in lines)
    assert lines[0] == (
        "1. Afzelius BA. Section staining for electron microscopy using tannic acid as a mordant: a simple method "
        "for visualization of glycogen and collagen. Microscopy Research and Technique. 1992;21:65-72. "
        "doi: 10.1002/jemt.1070210110."
    )
    draft = draft_article(ELIFE)
    refs = {r.number: r for r in draft.references}
    assert sorted(refs) == list(range(1, 30))
    bian = refs[4]
    assert (bian.surnames[0], bian.year, bian.journal, bian.volume, bian.pages, bian.doi) == (
        "bian",
        2009,
        "Human Molecular Genetics",
        "18",
        "1229--1237",
        "10.1093/hmg/ddp023",
    )
    # a book: its publisher, no journal
    assert (refs[5].surnames[:2], refs[5].year, refs[5].title) == (
        ["bozzola", "russell"],
        1992,
        "Electron microscopy: principles and techniques for biologists",
    )
