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
    return [
        (c.link.cue, re.split(r"[,.]", by_key[c.link.key].verbatim)[0], c.link.rule)
        for claim in draft.claims
        for c in claim.citations
    ]


def test_every_author_date_cue_of_a_real_page_links_to_the_entries_its_markup_names():
    """The page's own markup (pandoc's data-cites on each cue) is the oracle: every one of its 40 cues."""
    from selectolax.lexbor import LexborHTMLParser

    path = LAYOUTS / "flu-forecasting-author-date.html"
    tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
    entry_text = {
        div.attributes["id"].removeprefix("ref-"): " ".join(div.text().split()) for div in tree.css("#refs > div")
    }
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
        ("(Bush et al. 1999)", "Bush"),
        ("(Shih et al. 2007)", "Shih"),
        ("(Koel et al. 2013)", "Koel"),
        ("(Luksza and Lässig 2014)", "Luksza"),
        ("(Shih et al. 2007)", "Shih"),
    ]


def test_a_numbered_list_wrapped_with_a_hanging_indent_keeps_each_entry_whole_and_stops_before_the_disclaimer():
    draft = _draft("stroke-wrapped.txt")
    assert [(r.number, r.doi or r.url) for r in draft.references] == [
        (1, "10.1161/cir.0000000000000757"),
        (2, "https://www.dhs.wisconsin.gov/coverdell/data.htm"),
        (3, "10.3389/fneur.2019.00437"),
    ]
    assert (
        draft.references[0].verbatim.startswith("Virani SS, Alonso A")
        and "report from the American Heart Association" in draft.references[0].verbatim
    )
    assert [(cue, rule) for cue, _, rule in _links(draft)] == [
        ("(1)", "marker-parenthesis"),
        ("(2)", "marker-parenthesis"),
        ("(3)", "marker-parenthesis"),
    ]


def test_a_list_in_an_indented_code_block_and_digits_left_where_superscripts_were():
    draft = _draft("stroke-code-block.md")
    assert [r.number for r in draft.references] == [1, 2, 3, 4, 5, 6]
    assert draft.references[2].journal == "Front Neurol" and draft.references[2].year == 2019
    assert [(cue, first) for cue, first, _ in _links(draft)] == [
        ("1", "Virani SS"),
        ("2", "Wisconsin Department of Health Services"),
        ("3", "Schlemm L"),
        ("6", "American Heart Association"),
    ]
    # "7 of them started in 2019": a count, not a marker (and the list has no 7)
    assert all(cue != "7" for cue, _, _ in _links(draft))


def test_a_source_line_in_the_body_is_a_reference_and_ends_nothing():
    draft = _draft("stroke-source-line.html")
    assert [(r.authors[:2], r.year, r.journal) for r in draft.references] == [
        (["Schlemm, L.", "Schlemm, E."], 2019, "Front Neurol")
    ]
    assert any("11,000 hospitalizations" in claim.quote for claim in draft.claims)  # the text after the line is read
    assert not any(claim.quote.startswith("Source:") for claim in draft.claims)


def test_a_citation_printed_as_a_link_to_its_record_is_a_reference_with_that_identifier():
    converted = convert((LAYOUTS / "stroke-citation-link.md").read_text(encoding="utf-8"), "markdown")
    assert "Front Neurol. 2019;10:437 https://doi.org/10.3389/fneur.2019.00437" in converted.text
    assert "[Stroke transfer maps]" not in converted.text and "/posts/" not in converted.text  # other links stay text
    draft = _draft("stroke-citation-link.md")
    assert [(r.doi, r.year, r.authors[0]) for r in draft.references] == [
        ("10.3389/fneur.2019.00437", 2019, "Schlemm, L.")
    ]


@pytest.mark.parametrize(
    "heading", ["Sources", "Citations", "Further reading", "Notes and references", "References cited", "Endnotes"]
)
def test_headings_other_than_references_open_the_list(heading):
    text = (
        "Stroke Facts\n\nStroke is the fifth leading cause of death in the US (1).\n\n"
        f"{heading}\n\n1. Schlemm L, Schlemm E, Nolte CH, Endres M. Pre-hospital triage of acute ischemic stroke patients. Front Neurol. 2019;10:437.\n"
    )
    doc = segment(text, None)
    assert doc.reference_lines() == [
        "1. Schlemm L, Schlemm E, Nolte CH, Endres M. Pre-hospital triage of acute ischemic stroke patients. Front Neurol. 2019;10:437."
    ]


def test_a_cue_that_does_not_quite_match_links_lower_and_says_how_in_the_graph(tmp_path):
    from kg.build.quads import article_quads
    from kg.dataset.loader import load_article
    from kg.ingest import ingest
    from kg.iris.namespaces import EKG

    draft = _draft("flu-author-date-mismatch.txt")
    links = [
        (c.link.cue, c.link.key, c.link.confidence, c.link.mismatch) for claim in draft.claims for c in claim.citations
    ]
    assert links == [
        ("(Bush et al. 1999)", "bush1999", 0.95, []),
        ("(Koel et al. 2014)", "koel2013", 0.8, ["year: the cue says 2014, the reference 2013"]),
        (
            "(Lukza and Lässig 2014)",
            "luksza2014",
            0.8,
            ["author: the cue names 'Lukza', the reference's first author is 'Luksza'"],
        ),
    ]
    review = [note for claim in draft.claims for note in claim.review]
    # two years off: not the same work
    assert "author-year cue '(Shih et al. 2009)' matches no reference in the list" in review
    assert (
        "'These researchers' points back to a source named earlier (the last sentence with a source cites luksza2014): "
        "which reference is meant is not said; link it by hand"
    ) in review

    folder = ingest(LAYOUTS / "flu-author-date-mismatch.txt", tmp_path / "out").folder
    quads = article_quads(load_article(folder))
    assert sorted(str(o) for _, p, o, _ in quads if p == EKG.cueMismatch) == [
        "author: the cue names 'Lukza', the reference's first author is 'Luksza'",
        "year: the cue says 2014, the reference 2013",
    ]


def test_an_implicit_link_cannot_carry_a_mismatch(tmp_path):
    import shutil

    from kg.dataset.loader import load_article
    from kg.errors import EkgError
    from kg.ingest import ingest

    folder = ingest(LAYOUTS / "flu-author-date-mismatch.txt", tmp_path / "out").folder
    claims = folder / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    written = "cue_type: explicit\n      cue: (Koel et al. 2014)"
    assert written in text
    claims.write_text(text.replace(written, written.replace("explicit", "implicit")), encoding="utf-8")
    with pytest.raises(EkgError) as error:
        load_article(folder)
    message = str(error.value)
    assert "claims.yaml" in message and "mismatch" in message and "\n" not in message
    shutil.rmtree(folder)


def test_superscript_markers_before_and_after_punctuation_lists_and_ranges_but_not_exponents():
    draft = _draft("stroke-superscripts.html")
    cited = [(claim.quote, [c.link.key for c in claim.citations]) for claim in draft.claims]
    assert cited == [
        ("Stroke is the fifth leading cause of death in the US.[1]", ["virani2020"]),
        ("In 2017, stroke accounted for more than 11,000 hospitalizations in Wisconsin[2].", ["wdhs2023"]),
        (
            "Minimizing the total time from onset of symptoms to delivery of treatment is critical to improving outcomes for "
            "stroke patients,[3,4] and interhospital travel time is also important.[3–5]",
            ["schlemm2019", "botelho2022", "cdcp2017"],
        ),
        (
            "In 2020, 24.6% of stroke patients in Wisconsin were transferred between hospitals to access advanced care or resources.[6]",
            ["aha2024"],
        ),
        ("Hospitals covered 65,000 km^2 of the state.", []),  # km², an exponent
    ]


def test_organisations_named_in_the_sentence_link_to_the_references_they_wrote():
    draft = _draft("stroke-organisations.md")
    got = [
        (c.link.key, c.link.confidence, c.link.rule, c.link.mismatch) for claim in draft.claims for c in claim.citations
    ]
    assert got == [
        ("aha2024", 0.8, "organisation-named", []),  # named, not a speaker, in a list without numbers
        (
            "cdcp2017",
            0.85,
            "organisation-cue",
            [
                "organisation: the article names 'Centers for Disease Control', the reference 'Centers for Disease Control and Prevention'"
            ],
        ),
    ]
    assert draft.claims[2].review == [
        "'The same study' points back to a source named earlier (the last sentence with a source cites cdcp2017): "
        "which reference is meant is not said; link it by hand"
    ]


def test_an_organisation_named_in_a_numbered_article_links_only_by_its_marker():
    """Where the list is numbered, a marker says what a sentence cites: a name alone would link wrongly."""
    text = (
        "Stroke Facts\n\nThe American Heart Association keeps a registry of 2,000 hospitals.\n\nIts registry is used in Wisconsin (1).\n\n"
        "References\n\n1. American Heart Association. Get with the guidelines — stroke registry tool. 2024.\n"
    )
    from kg.ingest.linking import Linker
    from kg.ingest.references import parse_reference_list

    doc = segment(text, None)
    linker = Linker(parse_reference_list(doc.reference_lines()))
    first = doc.blocks[1]
    assert linker.link(text, first.start, first.end) == ([], [])


def test_items_of_a_list_share_the_citation_of_the_sentence_that_leads_into_it():
    """MMWR's foreword (public domain, benchmarks/corpus): "As previously described (3), there are six key
    components …:" and six numbered items; the items cite (3) through their lead-in, nothing else does."""
    path = Path(__file__).parent.parent / "benchmarks" / "corpus" / "mmwr-foreword-winnable-battles" / "article.md"
    draft = draft_article(path)
    by_key = {r.key: r.number for r in draft.references}
    lead_ins = [
        (claim.quote[:40], [by_key[c.link.key] for c in claim.citations], c.link.confidence)
        for claim in draft.claims
        for c in claim.citations[:1]
        if c.link.rule == "lead-in"
    ]
    assert [number for _, number, _ in lead_ins] == [[3]] * len(lead_ins) and len(lead_ins) >= 6
    assert all(confidence == 0.8 for *_, confidence in lead_ins)
    assert any(quote.startswith("Supported by the other five elements") for quote, _, _ in lead_ins)


def test_an_organisation_that_wrote_several_references_is_a_review_item_not_several_links():
    from kg.ingest.linking import Linker
    from kg.ingest.references import parse_reference_list

    refs = parse_reference_list(
        [
            "Centers for Disease Control and Prevention. About the Paul Coverdell National Acute Stroke Program. Last reviewed September 5, 2017.",
            "Centers for Disease Control and Prevention. Stroke facts. Last reviewed May 4, 2023.",
        ]
    )
    text = "The Centers for Disease Control and Prevention counts 795,000 strokes a year."
    assert Linker(refs).link(text, 0, len(text)) == (
        [],
        [
            "the sentence names Centers for Disease Control and Prevention, the author of 2 references; which one is meant is not said"
        ],
    )


@pytest.mark.parametrize(
    "line, kept",
    [
        ("Source: Centers for Disease Control and Prevention. Stroke facts. 2023.", True),
        ("Source: CDC WONDER, 2019", True),
        ("Sources: https://www.dhs.wisconsin.gov/coverdell/data.htm", True),
        ("Source: interviews", False),  # a label and a word: not a reference
        ("The source of the data was CDC WONDER, 2019.", False),  # no label
    ],
)
def test_a_labelled_source_line_needs_a_name_and_a_year_or_an_address(line, kept):
    text = (
        f"Stroke Facts\n\nStroke is the fifth leading cause of death in the US.\n\n{line}\n\nMore text follows here.\n"
    )
    doc = segment(text, None)
    assert doc.reference_lines() == ([line] if kept else [])
    assert doc.body_end == len(text)  # the article goes on after it


def test_notes_mixed_with_references_keep_the_numbering_and_no_entry_is_lost():
    """An endnote list ("Notes and references") numbers its notes with its references: each is kept, verbatim,
    so that "(3)" is still reference 3; a note without a number between entries joins none of them."""
    text = (
        "Stroke Facts\n\nStroke is the fifth leading cause of death in the US (1). Rates are age-adjusted (2). "
        "Minimizing the total time to treatment is critical to improving outcomes (3).\n\n"
        "Notes and references\n\n"
        "1. Virani SS, Alonso A, Benjamin EJ, et al. Heart disease and stroke statistics — 2020 update. Circulation. 2020;141(9):e139–e596.\n"
        "2. Rates are age-adjusted to the 2000 US standard population.\n\n"
        "* Entries marked with an asterisk were updated after publication.\n\n"
        "3. Schlemm L, Schlemm E, Nolte CH, Endres M. Pre-hospital triage of acute ischemic stroke patients. Front Neurol. 2019;10:437.\n"
    )
    doc = segment(text, None)
    assert [line.split(" ")[0] for line in doc.reference_lines()] == ["1.", "2.", "3."]
    assert doc.reference_lines()[1] == "2. Rates are age-adjusted to the 2000 US standard population."
    draft = draft_article(_write(text))
    assert [(c.link.cue, c.link.key) for claim in draft.claims for c in claim.citations] == [
        ("(1)", "virani2020"),
        ("(2)", draft.references[1].key),
        ("(3)", "schlemm2019"),
    ]


def _write(text: str) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="layouts-")) / "article.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "cue, expected",
    [
        ("A 2019 study published in Front Neurol", ("schlemm2019", 0.95, [])),
        (
            "A 2020 study published in Front Neurol",
            ("schlemm2019", 0.8, ["year: the cue says 2020, the reference 2019"]),
        ),  # online one year, in print the next
        ("A 2021 study published in Front Neurol", ("schlemm2019", 0.5, [])),  # two years off: for review only
    ],
)
def test_a_study_cue_one_year_off_still_links_and_says_so(cue, expected):
    from kg.ingest.linking import Linker
    from kg.ingest.references import parse_reference_list

    refs = parse_reference_list(
        [
            "3. Schlemm L, Schlemm E, Nolte CH, Endres M. Pre-hospital triage of acute ischemic stroke patients — importance "
            "of considering more than two transport options. Front Neurol. 2019;10:437. doi:10.3389/fneur.2019.00437"
        ]
    )
    text = f"{cue} found that triage with more than two options reached the right hospital sooner."
    links, _ = Linker(refs).link(text, 0, len(text))
    assert [(link.key, link.confidence, link.mismatch) for link in links] == [expected]


def test_a_footer_line_right_under_the_last_entry_is_not_part_of_it():
    text = (
        "Stroke Facts\n\nStroke is the fifth leading cause of death in the US (1).\n\nReferences\n\n"
        "1. Schlemm L, Schlemm E, Nolte CH, Endres M. Pre-hospital triage of acute ischemic stroke patients. Front Neurol. 2019;10:437.\n"
        "© 2024 Wisconsin Coverdell Stroke Program. All rights reserved.\n"
        "Contact us for reprints of this page.\n"
    )
    assert segment(text, None).reference_lines() == [
        "1. Schlemm L, Schlemm E, Nolte CH, Endres M. Pre-hospital triage of acute ischemic stroke patients. Front Neurol. 2019;10:437."
    ]


def test_a_notes_heading_over_a_list_of_advice_is_not_a_reference_list():
    text = (
        "Stroke Recovery\n\nNotes\n\n1. Take the tablets with food.\n2. Avoid alcohol for 24 hours.\n\n"
        "Walking 30 minutes a day helps 4 in 5 patients recover.\n"
    )
    doc = segment(text, None)
    assert doc.reference_lines() == [] and doc.body_end == len(text)


def test_linked_superscripts_set_one_by_one_after_the_full_stop_stay_with_their_sentence():
    """JATS turned into HTML (PMC, most journal sites) sets "<sup>2,3</sup>" as one linked superscript per number, the
    comma between them outside ("analyses.<sup>2</sup>,<sup>6</sup>,<sup>7</sup> Transmission …"), or inside printed
    brackets with no separator at all ("[<sup>3</sup><sup>5</sup>]"). The run is one marker that closes its
    sentence: before, the next sentence was read as the same one and took its citations (wrong links)."""
    draft = _draft("zika-linked-superscripts.html")
    cited = [(claim.quote.split()[0], [c.link.key for c in claim.citations]) for claim in draft.claims]
    assert cited == [
        ("Zika", ["dick1952"]),
        ("Since", ["lanciotti2007", "duffy2009"]),
        ("In", ["ioos2014"]),  # its own sentence, citing 4 only (was one with the sentence before, citing 2, 3 and 4)
        ("ZIKV", []),
        ("Two", ["lanciotti2007", "kuno2007", "caolormeau2014"]),
        ("Transmission", ["haddow2012"]),
        ("Commonly", ["duffy2009", "musso2014"]),  # "[3,5]", not "[ 3[5]]" that cited 5 alone
        ("Symptoms", []),
    ]
    stated = [s.stated_as for claim in draft.claims for s in claim.statistics]
    assert "38° C" in stated  # a superscript degree is the sign: "38^° C" was no temperature


def test_author_date_cues_set_as_linked_superscripts_are_read_as_their_words():
    """Journal XML turned into HTML may set an author-date citation element as a linked superscript, each on lines of
    its own inside the brackets: "(<sup><a href='#B2'>Lanciotti et al. 2008</a></sup>, <sup>…Duffy et al.
    2009</sup>)". Its words are the cue (not "^Lanciotti", an exponent); the markup's line breaks inside the brackets
    and before the comma are layout ("(Fig. 1)", not "( Fig. 1)"); and a comma after a year before the next author
    separates two works as APA's semicolon does."""
    draft = _draft("zika-author-date-superscripts.html")
    cited = [(claim.quote, [c.link.key for c in claim.citations]) for claim in draft.claims]
    assert cited == [
        (
            "Since it was first reported, only a small number of cases had been described in Africa and Asia until 2007 "
            "when there was a large outbreak on Yap Island, where 49 cases were confirmed (Lanciotti et al. 2008, "
            "Duffy et al. 2009).",
            ["lanciotti2008", "duffy2009"],
        ),
        ("Commonly reported symptoms included rash (Fig. 1) in 90–95% of cases.", []),
    ]


def test_two_works_in_one_bracket_separated_by_a_comma_after_the_year_are_both_cited():
    text = (
        "Zika\n\nZIKV has been considered as emergent since 2007, with 49 cases on Yap (Lanciotti et al. 2008, Duffy et al. 2009).\n\n"
        "It spread to 12 islands (Duffy, 2009).\n\n"
        "References\n\nDuffy MR, Chen TH, Hancock WT. 2009. Zika virus outbreak on Yap Island. N Engl J Med 360: 2536–2543.\n"
        "Lanciotti RS, Kosoy OL, Laven JJ. 2008. Genetic and serologic properties of Zika virus. Emerg Infect Dis 14: 1232–1239.\n"
    )
    from kg.ingest.linking import Linker
    from kg.ingest.references import parse_reference_list

    doc = segment(text, None)
    linker = Linker(parse_reference_list(doc.reference_lines()))
    keys = [[link.key for link in linker.link(text, b.start, b.end)[0]] for b in doc.blocks[1:3]]
    assert keys == [["lanciotti2008", "duffy2009"], ["duffy2009"]]  # "(Duffy, 2009)": its comma is no separator
