"""Reference lists as real pages lay them out and cues as real pages print them, read by `kg.ingest` from small
files of real text (tests/fixtures/ingest/layouts/README.md says where each comes from)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.ingest.markup import convert
from kg.ingest.pipeline import draft_article
from kg.ingest.segment import segment

LAYOUTS = Path(__file__).parent / "fixtures" / "ingest" / "layouts"


def _draft(name: str):
    return draft_article(LAYOUTS / name)


def _links(draft) -> list[tuple[str, str, str]]:
    """(cue, the cited entry's first name (to its first comma or full stop), rule) of every attached citation."""
    by_key = {r.key: r for r in draft.references}
    return [(c.link.cue, re.split(r"[,.]", by_key[c.link.key].verbatim)[0], c.link.rule) for claim in draft.claims for c in claim.citations]


def test_every_author_date_cue_of_a_real_page_links_to_the_entries_its_markup_names():
    """The page's own markup (pandoc's data-cites on each cue) is the oracle: every one of its 40 cues."""
    from selectolax.lexbor import LexborHTMLParser

    path = LAYOUTS / "flu-forecasting-author-date.html"
    tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
    entry_text = {div.attributes["id"].removeprefix("ref-"): " ".join(div.text().split()) for div in tree.css("#refs > div")}
    cues = [(" ".join(n.text().split()), n.attributes["data-cites"].split()) for n in tree.css("span.citation")]
    draft = draft_article(path, published="2020-09-01")
    assert sorted(r.verbatim for r in draft.references) == sorted(entry_text.values())  # every entry, none twice
    verbatim = {r.key: r.verbatim for r in draft.references}
    linked: dict[str, list[set[str]]] = {}
    for claim in draft.claims:
        for cue in {c.link.cue for c in claim.citations}:
            linked.setdefault(cue, []).append({verbatim[c.link.key] for c in claim.citations if c.link.cue == cue})
    assert len(cues) == 40
    for cue, ids in cues:
        assert {entry_text[i] for i in ids} in linked.get(cue, []), cue


def test_a_plain_text_author_year_list_hard_wrapped_keeps_each_entry_whole():
    text = (LAYOUTS / "flu-author-date-wrapped.txt").read_text(encoding="utf-8")
    lines = segment(text, None).reference_lines()
    assert [line.split(",")[0] for line in lines] == ["Bush", "Koel", "Luksza", "Shih"]
    assert lines[1].endswith("evolution.” Science 342 (6161): 976–79. https://doi.org/10.1126/science.1244730.")
    assert [(cue, first) for cue, first, _ in _links(_draft("flu-author-date-wrapped.txt"))] == [
        ("(Bush et al. 1999)", "Bush"), ("(Shih et al. 2007)", "Shih"), ("(Koel et al. 2013)", "Koel"),
        ("(Luksza and Lässig 2014)", "Luksza"), ("(Shih et al. 2007)", "Shih"),
    ]


def test_a_numbered_list_wrapped_with_a_hanging_indent_keeps_each_entry_whole_and_stops_before_the_disclaimer():
    draft = _draft("stroke-wrapped.txt")
    assert [(r.number, r.doi or r.url) for r in draft.references] == [
        (1, "10.1161/cir.0000000000000757"), (2, "https://www.dhs.wisconsin.gov/coverdell/data.htm"), (3, "10.3389/fneur.2019.00437")]
    assert draft.references[0].verbatim.startswith("Virani SS, Alonso A") and "report from the American Heart Association" in draft.references[0].verbatim
    assert [(cue, rule) for cue, _, rule in _links(draft)] == [("(1)", "marker-parenthesis"), ("(2)", "marker-parenthesis"), ("(3)", "marker-parenthesis")]


def test_a_list_in_an_indented_code_block_and_digits_left_where_superscripts_were():
    draft = _draft("stroke-code-block.md")
    assert [r.number for r in draft.references] == [1, 2, 3, 4, 5, 6]
    assert draft.references[2].journal == "Front Neurol" and draft.references[2].year == 2019
    assert [(cue, first) for cue, first, _ in _links(draft)] == [
        ("1", "Virani SS"), ("2", "Wisconsin Department of Health Services"), ("3", "Schlemm L"), ("6", "American Heart Association"),
    ]
    # "7 of them started in 2019": a count, not a marker (and the list has no 7)
    assert all(cue != "7" for cue, _, _ in _links(draft))


def test_a_source_line_in_the_body_is_a_reference_and_ends_nothing():
    draft = _draft("stroke-source-line.html")
    assert [(r.authors[:2], r.year, r.journal) for r in draft.references] == [(["Schlemm, L.", "Schlemm, E."], 2019, "Front Neurol")]
    assert any("11,000 hospitalizations" in claim.quote for claim in draft.claims)  # the text after the line is read
    assert not any(claim.quote.startswith("Source:") for claim in draft.claims)


def test_a_citation_printed_as_a_link_to_its_record_is_a_reference_with_that_identifier():
    converted = convert((LAYOUTS / "stroke-citation-link.md").read_text(encoding="utf-8"), "markdown")
    assert "Front Neurol. 2019;10:437 https://doi.org/10.3389/fneur.2019.00437" in converted.text
    assert "[Stroke transfer maps]" not in converted.text and "/posts/" not in converted.text  # other links stay text
    draft = _draft("stroke-citation-link.md")
    assert [(r.doi, r.year, r.authors[0]) for r in draft.references] == [("10.3389/fneur.2019.00437", 2019, "Schlemm, L.")]


@pytest.mark.parametrize("heading", ["Sources", "Citations", "Further reading", "Notes and references", "References cited", "Endnotes"])
def test_headings_other_than_references_open_the_list(heading):
    text = ("Stroke Facts\n\nStroke is the fifth leading cause of death in the US (1).\n\n"
            f"{heading}\n\n1. Schlemm L, Schlemm E, Nolte CH, Endres M. Pre-hospital triage of acute ischemic stroke patients. Front Neurol. 2019;10:437.\n")
    doc = segment(text, None)
    assert doc.reference_lines() == ["1. Schlemm L, Schlemm E, Nolte CH, Endres M. Pre-hospital triage of acute ischemic stroke patients. Front Neurol. 2019;10:437."]
