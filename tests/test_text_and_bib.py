"""Article text clean-up and reference lists (bibtexparser 2), on the real seed files."""

from __future__ import annotations

from pathlib import Path

import bibtexparser

from kg.dataset.bib import normalise_doi, parse_bibtex, write_bibtex
from kg.dataset.paths import bundled_data_dir
from kg.util.text import drop_repeated_blocks

SEED = bundled_data_dir() / "articles" / "lower-back-pain-after-running"
RAW = bundled_data_dir() / "raw" / "lower-back-pain-after-running.txt"


def test_seed_text_is_the_scrape_with_its_title_block_kept_once():
    raw = RAW.read_text(encoding="utf-8")
    cleaned, removed = drop_repeated_blocks(raw)
    assert cleaned == (SEED / "article.txt").read_text(encoding="utf-8")
    assert raw.count("Published Date: Feb 2, 2023") == 4
    assert cleaned.count("Published Date: Feb 2, 2023") == 1
    assert cleaned.count("Lower Back Pain After Running: How to Treat it") == 1


def test_short_repeats_are_kept():
    text = "Yes.\nYes.\nA long enough paragraph that repeats itself exactly.\nA long enough paragraph that repeats itself exactly.\n"
    cleaned, removed = drop_repeated_blocks(text)
    assert cleaned == "Yes.\nYes.\nA long enough paragraph that repeats itself exactly.\n"
    assert [(r.start_line, r.line_count) for r in removed] == [(4, 1)]


def test_doi_normalisation():
    assert normalise_doi("doi:10.1155/2021/ABC") == "10.1155/2021/abc"
    assert normalise_doi("https://doi.org/10.1016/J.JBIOMECH.2017.11.037") == "10.1016/j.jbiomech.2017.11.037"
    assert normalise_doi("http://dx.doi.org/10.1186/s12891-020-03357-4") == "10.1186/s12891-020-03357-4"


def test_seed_references_keep_their_verbatim_entries():
    refs = parse_bibtex(SEED / "references.bib")
    text = (SEED / "article.txt").read_text(encoding="utf-8")
    assert [r.number for r in refs.values()] == list(range(1, 9))
    for ref in refs.values():
        assert ref.verbatim and ref.verbatim in text
    assert refs["wu2021"].doi == "10.1155/2021/6660304"
    assert refs["wu2021"].iri == "https://doi.org/10.1155/2021/6660304"
    assert refs["ace2009"].iri == "https://www.acefitness.org/resources/everyone/blog/6675/healthy-hydration/"


def test_bibtex_round_trip(tmp_path: Path):
    refs = parse_bibtex(SEED / "references.bib")
    out = tmp_path / "refs.bib"
    write_bibtex(list(refs.values()), out)
    again = parse_bibtex(out)
    assert {k: (r.fields, r.entry_type) for k, r in again.items()} == {
        k: (r.fields, r.entry_type) for k, r in refs.items()
    }
    assert not bibtexparser.parse_file(str(out)).failed_blocks


def test_atomic_writes_follow_the_umask(tmp_path):
    import os
    import stat

    from kg.util.fsutil import atomic_write_text

    target = tmp_path / "out.txt"
    atomic_write_text(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert list(tmp_path.iterdir()) == [target]
