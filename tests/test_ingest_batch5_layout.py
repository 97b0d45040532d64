"""Layouts of the real-article corpus's batch 5 (benchmarks/corpus/README.md): journal XML turned into HTML by
ContentMine's norma, whose markers stand on lines of their own, and whose reference entries mark up their fields
one by one. Read by the real ingest code from the committed pages, or from a few lines copied from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.ingest.markup import convert, structured_entry
from kg.ingest.pipeline import draft_article

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus"
ASM = CORPUS / "asm-zika-polynesia-genome" / "article.html"
HINDAWI = CORPUS / "hindawi-edwardsiella-endocarditis" / "article.html"
PLOS = CORPUS / "plos-des-methylation" / "article.html"

#: norma's marker, as the ASM page prints each of its cues: the number on a line of its own inside <sup> and a link
MARKER = """
            <span ref-type="bibr" rid="B{n}">
               <sup>
                  <a href="#B{n}">{n}</a>
               </sup>
            </span>"""


def _entries(*numbers: int) -> str:
    """The ASM page's list holding only the entries of these numbers, as the page marks them up."""
    items = re.findall(r'<li tag="ref">.*?</li>', ASM.read_text(encoding="utf-8"), re.DOTALL)
    chosen = [item for item in items if any(f'name="B{n}"' in item for n in numbers)]
    assert len(chosen) == len(numbers)
    return '<div tag="ref-list"><ul><div tagxxx="title">REFERENCES</div>' + "".join(chosen) + "</ul></div>"


def _cited(draft, sentence: str) -> set[int]:
    """The list numbers of the references the claim holding ``sentence`` cites."""
    by_key = {r.key: r for r in draft.references}
    claim = next(c for c in draft.claims if sentence in c.quote)
    return {by_key[c.link.key].number for c in claim.citations}


def test_markers_on_lines_of_their_own_inside_brackets_link():
    """The ASM page prints each cue as "(" and ")" around a marker on lines of its own: the marker stands with its
    brackets ("hosts ([1])."), and each sentence cites what it marks."""
    draft = draft_article(ASM)
    assert _cited(draft, "with humans being occasional hosts") == {1}
    assert _cited(draft, "around 1945") == {3, 6}
    assert _cited(draft, "one mismatch for systems ZIKVENVF-ZIKVENVR") == {5, 7, 8, 9}
    assert any("occasional hosts ([1])." in c.quote for c in draft.claims)


@pytest.mark.parametrize(
    "marker",
    [
        MARKER,
        # the link around the superscript, as other converters of JATS write a cross-reference
        """
            <a href="#B{n}">
               <sup>{n}</sup>
            </a>""",
    ],
)
def test_a_marker_on_lines_of_its_own_after_a_full_stop_or_a_year_stays_with_its_sentence(tmp_path, marker):
    """The same markers as a journal that prints them after the full stop, with no brackets: the line breaks
    between the sentence and the marker are the markup's, so the marker belongs to the sentence before it, never to
    the next one (sent for review); and after a year ("in 2007¹") it is a marker, not an exponent, because the page
    marks it up as a link to entry 5."""
    page = tmp_path / "superscripts.html"
    page.write_text(
        "<html><body><h1>Complete Coding Sequence of Zika Virus</h1><p>2014-06-05</p><div><p>"
        "The expanding distribution area of the virus makes Zika fever an emerging infectious disease, as confirmed "
        "by its spread to French Polynesia (FP) since October 2013 (&gt;8,700 suspected and &gt;400 "
        f"laboratory-confirmed cases).{marker.format(n=4)}\n"
        "            The only previous outbreak reported in the Pacific region was on Yap island in\n"
        f"            2007{marker.format(n=5)}\n            .\n         </p></div>{_entries(4, 5)}</body></html>",
        encoding="utf-8",
    )
    text = convert(page.read_text(encoding="utf-8"), "html").text
    assert "laboratory-confirmed cases).[4] The only previous outbreak" in text
    assert "on Yap island in 2007[5]." in text
    draft = draft_article(page, published="2014-06-05")
    assert _cited(draft, "laboratory-confirmed cases") == {4}
    assert _cited(draft, "on Yap island in 2007") == {5}
    assert not [note for c in draft.claims for note in c.review if not note.startswith("statistic ")]


def test_a_superscript_after_a_figure_that_is_not_marked_up_as_a_cue_stays_an_exponent():
    """PLOS via norma: "p&lt;10\\n<sup>5</sup>" (an exponent, on a line of its own too) is no marker: it is no link
    to an entry."""
    text = convert(PLOS.read_text(encoding="utf-8"), "html").text
    assert "four CpGs had p<10 ^5, after" in text


def test_the_fields_an_entry_marks_up_stand_over_what_the_reader_reads_from_its_line():
    """ASM's entries mark up title, journal and year: a title ending in a place and a year ("…, Yap State, Micronesia,
    2007", "…, Colorado, USA") is kept whole, and the year is the marked one (2008), not the title's."""
    refs = {r.number: r for r in draft_article(ASM).references}
    five = refs[5]
    assert (five.year, five.title, five.journal, five.key) == (
        2008,
        "Genetic and serologic properties of Zika virus associated with an epidemic, Yap State, Micronesia, 2007",
        "Emerg. Infect. Dis",
        "lanciotti2008",
    )
    assert refs[2].title == "Probable non-vector-borne transmission of Zika virus, Colorado, USA"
    assert refs[2].journal == "Emerg. Infect. Dis"
    # a surveillance bulletin: its title is its marked source, its publisher an organisation, its address kept
    four = refs[4]
    assert (four.title, four.journal, four.organisation, four.url) == (
        "Surveillance de la dengue et du zika en Polynésie française",
        None,
        "Centre d’Hygiène et de Salubrité Publique",
        "http://www.hygiene-publique.gov.pf/IMG/pdf/bulletin_dengue_28-03-14.pdf",
    )


def test_an_entry_with_a_publisher_and_no_volume_or_pages_is_no_journal_article():
    """Hindawi via norma: the UpToDate topic marks up a source and a publisher, no volume and no pages: its title is
    the marked one and it is not made a journal article (which would owe pages)."""
    refs = {r.number: r for r in draft_article(HINDAWI).references}
    assert refs[8].title == "Infective endocarditis: historical and Duke criteria"
    assert refs[8].journal is None and refs[8].organisation == "UpToDate"


def test_an_entry_whose_only_marked_field_is_its_label_loses_the_labels_full_stop():
    from selectolax.lexbor import LexborHTMLParser

    item = LexborHTMLParser(
        "<ul><li><span class='label'>1.</span> Hayes EB. 2009. Zika virus outside Africa. Emerg. Infect. Dis. "
        "15:1347–1350.</li></ul>"
    ).css_first("li")
    assert structured_entry(item) == (
        1,
        "Hayes EB. 2009. Zika virus outside Africa. Emerg. Infect. Dis. 15:1347–1350.",
    )


def test_a_labelled_entry_with_marked_fields_but_no_year_keeps_its_number_and_loses_the_brackets():
    """ASM's entry 4 (the CHSP bulletin) as a list prints a report that is not out yet: its year element taken out
    ("… ; In press"). It cannot be written from its fields, so it is its text as printed, under its label's number
    (before, the label went into the text behind a bullet and cue "4" pointed to no entry), without the brackets
    norma puts around a collaboration's and a publisher's name."""
    from selectolax.lexbor import LexborHTMLParser

    item = re.search(r'<li tag="ref">\s*<a name="B4">.*?</li>', ASM.read_text(encoding="utf-8"), re.DOTALL).group()
    undated = re.sub(r'<span tagx="year">2014</span>', "", item)
    assert undated != item
    entry = structured_entry(LexborHTMLParser(f"<ul>{undated}</ul>").css_first("li"))
    assert entry == (
        4,
        "CHSP Surveillance de la dengue et du zika en Polynésie française. Centre d’Hygiène et de Salubrité Publique, "
        "Tahiti, French Polynesia http://www.hygiene-publique.gov.pf/IMG/pdf/bulletin_dengue_28-03-14.pdf",
    )


def test_a_superscript_glued_to_a_full_stop_and_the_next_sentence_is_a_marker_not_an_isotope(tmp_path):
    """ASM's sentences as a page that types no space around its superscripts: "cases).<sup>4</sup>The only …" is
    marker 4 of the first sentence (a number glued to the word after it is otherwise read as an isotope's mass
    number, "<sup>111</sup>In"), and the next sentence starts after it."""
    page = tmp_path / "glued.html"
    page.write_text(
        "<html><body><h1>Complete Coding Sequence of Zika Virus</h1><p>2014-06-05</p><div><p>"
        "The expanding distribution area of the virus makes Zika fever an emerging infectious disease, as confirmed "
        "by its spread to French Polynesia (FP) since October 2013 (&gt;8,700 suspected and &gt;400 "
        "laboratory-confirmed cases).<sup>4</sup>The only previous outbreak reported in the Pacific region was on Yap "
        f"island in 2007.<sup>5</sup></p></div>{_entries(4, 5)}</body></html>",
        encoding="utf-8",
    )
    assert "laboratory-confirmed cases).[4] The only previous" in convert(page.read_text(encoding="utf-8"), "html").text
    draft = draft_article(page, published="2014-06-05")
    assert _cited(draft, "laboratory-confirmed cases") == {4}
    assert _cited(draft, "on Yap island in 2007") == {5}
    # Hindawi's isotopes stay prefixes of their symbols
    hindawi = convert(HINDAWI.read_text(encoding="utf-8"), "html").text
    assert "^111In-labeled" in hindawi and "[111]" not in hindawi


def test_an_access_date_printed_outside_the_marked_fields_is_kept():
    """Entry 1 of the PCD diabetes page (an AMA web reference), laid out as norma marks up an entry: the collaboration,
    title and year in fields, the address in an ext-link, and "Accessed August 13, 2024." as plain text between
    them. Written from its fields, the entry keeps the date it was seen (the audit asks web references for one)."""
    from selectolax.lexbor import LexborHTMLParser

    printed = (CORPUS / "pcd-usvi-diabetes" / "article.html").read_text(encoding="utf-8")
    assert (
        "<li>US Census Bureau. 2020 Island areas censuses: US Virgin Islands. October 20, 2022. Accessed August 13, 2024."
        in printed
    )
    item = LexborHTMLParser(
        "<ul><li tag='ref'><span class='label'>1.</span><div tagxxx='mixed-citation'>"
        "<span class=\"collab'\">[US Census Bureau]</span>. <span tagx='source'>2020 Island areas censuses: US Virgin "
        "Islands</span>. <span tagx='year'>2022</span>. Accessed August 13, 2024. <div tagxxx='ext-link'>"
        "https://www.census.gov/data/tables/2020/dec/2020-us-virgin-islands.html</div></div></li></ul>"
    ).css_first("li")
    number, line = structured_entry(item)
    assert number == 1 and line.endswith(
        "Available from: https://www.census.gov/data/tables/2020/dec/2020-us-virgin-islands.html Accessed August 13, 2024"
    )
