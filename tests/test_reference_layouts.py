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
    # a book: its publisher, no journal (the page gives no place: "Publisher; Year" would read as a journal's)
    assert (refs[5].surnames[:2], refs[5].year, refs[5].title, refs[5].journal, refs[5].organisation) == (
        ["bozzola", "russell"],
        1992,
        "Electron microscopy: principles and techniques for biologists",
        None,
        "Jones and Bartlett",
    )
    assert (refs[13].journal, refs[13].organisation) == (None, "Blackwell Publication Limited")


CTGOV = CORPUS / "ctgov-ctdna-lung-cancer" / "article.html"


def test_a_registry_records_publications_field_is_its_reference_list_up_to_the_next_field():
    """ClinicalTrials.gov prints the record's references under a "Publications:" label, one per line, journal
    articles and meeting abstracts alike, a PubMed "Retraction in: …" note on a line of its own, and then the
    record's next fields ("Responsible Party:", "First Posted:", a date with a year in it)."""
    lines = _entries(CTGOV)
    assert len(lines) == 25
    assert lines[2].startswith("Minamoto T, Yamashita N") and lines[2].endswith(
        "Cancer. 1995 Mar 15;75(6 Suppl):1520-6."
    )
    assert lines[19].startswith("Collisson E, Mortimer S") and "Abstract #2403" in lines[19]
    assert "Retraction in: Shao ZM" in lines[7] and lines[8].startswith("Silva JM")
    assert lines[-1].startswith("Heatherton TF")
    assert not any("Wake Forest" in line or "2018" in line for line in lines)


def test_a_field_label_after_a_list_ends_it_unless_a_reference_follows():
    text = (
        "Publications:\n\n"
        "Anker P, Mulcahy H, Chen XQ, Stroun M. Detection of circulating tumour DNA in the blood (plasma/serum) of "
        "cancer patients. Cancer Metastasis Rev. 1999;18(1):65-73. Review.\n\n"
        "Meeting abstracts:\n\n"
        "Talasaz A, Mortimer S, Sebisanovic D, et al. Use of the GUARDANT360 noninvasive tumor sequencing assay on "
        "300 patients. J Clin Oncol 32, 2014 (suppl; abstr e22041).\n\n"
        "First Posted:\n\n"
        "November 19, 2018 Key Record Dates\n"
    )
    doc = segment(text, set())  # as from HTML: every line a paragraph, the labels too
    lines = doc.reference_lines()
    assert [line.split(",")[0] for line in lines] == ["Anker P", "Talasaz A"]


MMWR = CORPUS / "mmwr-foreword-disparities" / "article.txt"


def test_a_plain_text_list_whose_numbers_and_line_breaks_were_lost_is_read_entry_by_entry():
    """MMWR's foreword as scraped to text: "References CDC. …" opens a line, five entries run together on one line
    with link labels between them ("17–22 . CrossRefexternal icon Murphy TV, …"), and the page's own citation
    follows the last one on its line ("92–6 . CrossRefexternal icon TopSuggested citation for this article: …").
    Each of the eight is one entry, the labels gone; the page's citation of itself and its footer are none."""
    lines = _entries(MMWR)
    assert [line.split(". ", 1)[1].split(".")[0] for line in lines] == [
        "CDC",
        "CDC",
        "CDC",
        "Frieden TR",
        "Murphy TV, Denniston M, Hill HA, et al",
        "Woods ER, Bhaumik U, Sommer SJ, et al",
        "Joseph DA, Redwood D, DeGroff A, Butler EL",
        "Community Preventive Services Task Force",
    ]
    assert lines[3].endswith("Am J Public Health 2014;104:17–22 .")
    assert lines[7].endswith("Am J Prev Med 2012;43:92–6 .")
    assert not any("icon" in line or "Suggested citation" in line for line in lines)
    draft = draft_article(MMWR)
    # the body cites them by number ("Reports (1,2) and …", "(7,8)"): they are numbered in their order
    assert [r.number for r in draft.references] == list(range(1, 9))
    cited = {r.key: r.number for r in draft.references}
    claim = next(c for c in draft.claims if "three-year period" in c.quote)
    assert {cited[c.link.key] for c in claim.citations} == {6}
    assert [(r.year, r.title.split()[0]) for r in draft.references] == [
        (2011, "CDC"),
        (2013, "CDC"),
        (2014, "Strategies"),
        (2014, "Six"),
        (2016, "Progress"),
        (2016, "Community"),
        (2016, "Use"),
        (2012, "Updated"),
    ]


def test_a_sentence_that_opens_with_references_is_no_heading():
    """ "References to non-CDC sites on the Internet are provided …" (the same page's footer) stays a sentence;
    only an entry after the word makes it a heading."""
    doc = segment("References to non-CDC sites on the Internet are provided as a service, 2016.\n", None)
    assert [b.kind for b in doc.blocks] == ["paragraph"]
    doc = segment("Sources close to the agency. Reuters, 2019.\n", None)
    assert [b.kind for b in doc.blocks] == ["paragraph"]


def test_entries_run_together_split_only_where_each_part_has_a_year():
    from kg.ingest.segment import split_run_together

    one = "Smith AB. Notes on care. Jones CD. Handbook of care. 2001."
    assert split_run_together(one) == [one]  # "Jones CD." follows a "." but the part before it has no year
    two = "Smith AB. A study. J Med 2001;3:4-5. Jones CD, Lee E. Another. BMJ 2002;4:1."
    assert split_run_together(two) == [
        "Smith AB. A study. J Med 2001;3:4-5.",
        "Jones CD, Lee E. Another. BMJ 2002;4:1.",
    ]
    # a long run of names and hyphens answers at once (the pattern is bounded)
    assert len(split_run_together(("x. " + "Ab-" * 10 + "A ") * 2000)) == 1


def test_an_unnumbered_list_is_numbered_only_where_the_body_cites_its_entries_by_number():
    entries = (
        "References\n"
        "Smith AB. A study of care. J Med 2001;3:4-5.\n"
        "Jones CD. Another study. BMJ 2002;4:1-2.\n"
        "Lee E. A third study. Lancet 2003;5:6-7.\n"
    )
    numbered = segment("Care improved (1,2) and then again (3).\n" + entries, None).reference_lines()
    assert [line[:3] for line in numbered] == ["1. ", "2. ", "3. "]
    # a body enumeration that runs past the list ("(4)") or names too few of it is no citation of it
    for body in ("Steps: (1) rest, (2) eat, (3) sleep, (4) walk.\n", "Two steps: (1) rest.\n"):
        assert [line[:5] for line in segment(body + entries, None).reference_lines()] == ["Smith", "Jones", "Lee E"]


def test_a_page_wrapper_with_an_entry_like_id_is_not_read_as_one_entry():
    """A <div id="r1"> that wraps the article, with a byline and a year named by class, keeps all its text."""
    body = " ".join(f"<p>Paragraph {n} of the article says something about care in 2019.</p>" for n in range(80))
    page = (
        '<html><body><div id="r1"><span class="post-author">Jane Smith</span> '
        f'<span class="post-year">2019</span><h1 class="article-title">A title</h1>{body}</div></body></html>'
    )
    text = convert(page, "html").text
    assert "Paragraph 79 of the article" in text
