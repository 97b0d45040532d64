"""Layouts of the real-article corpus's batch 8 (benchmarks/corpus/README.md), read by the real ingest code from
short excerpts of the batch's dev pages (each excerpt names its article; the pmean texts are committed, CC0, and
each annotation's ``source`` says where a page came from)."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.pipeline import draft_article

FRONT = "---\ntitle: Evidence-based lessons\nauthor: Steve Simon\ndate: 2004-03-18\n---\n"
BODY = (
    "Griffith et al discuss left ventricular hypertrophy as a surrogate marker. In an AIM 2003\n"
    "paper, Messerli discusses secondary endpoints, a topic also covered by Moye in 2001.\n\n"
)


def _draft(tmp_path: Path, text: str):
    page = tmp_path / "article.md"
    page.write_text(FRONT + text, encoding="utf-8")
    return draft_article(page)


def test_an_entry_s_access_links_give_its_address_and_the_doi_the_address_holds(tmp_path):
    """pmean-absolute-vs-relative-risks ("Further reading"): each entry ends "Available in [html format][edwa3]" or
    "This article is [behind a paywall][huxj1]", the link's address defined at the page's end; the NLM prints it
    as "Available from: <address>". The address is the entry's URL, and a publisher's "/doi/10.…" address its DOI."""
    text = (
        "Relative risks overstate a benefit.\n\n**Further reading**\n\n"
        "- Hux J, Naylor C. Communicating the benefits of chronic preventive therapy: does the format of efficacy "
        "data determine patients' acceptance of treatment? Medical Decision Making 1995: 15(2); 152-7. This "
        "article is [behind a paywall][huxj1].\n"
        "- Smith GD, Egger M. Who benefits from medical interventions? Bmj 1994: 308(6921); 72-4. Available in "
        "[html format][smit1].\n\n"
        "[huxj1]: https://journals.sagepub.com/doi/10.1177/0272989X9501500208\n"
        "[smit1]: http://bmj.com/cgi/content/full/308/6921/72\n"
    )
    got = {r.authors[0]: (r.doi, r.url) for r in _draft(tmp_path, text).references}
    assert got["Hux, J."] == (
        "10.1177/0272989x9501500208",  # a DOI is case-insensitive: stored lower-cased
        "https://journals.sagepub.com/doi/10.1177/0272989X9501500208",
    )
    assert got["Smith, G. D."] == (None, "http://bmj.com/cgi/content/full/308/6921/72")


def test_a_body_link_keeps_no_address_in_the_text(tmp_path):
    """A short link in a sentence of the body is no entry's access link: its address is not written into the text."""
    text = "A 2001 JAMA review article by Lee et al [\\[Medline\\]](http://example.org/x), reaches the same end.\n"
    draft = _draft(tmp_path, text)
    assert "http://example.org/x" not in draft.text


def test_title_first_entries_with_no_heading_after_the_body_are_the_reference_list(tmp_path):
    """pmean-cardiology-ebm-lessons: four entries in PubMed's title-first layout ("**Title.** Authors. Journal
    2003: 18(12); 2479-82.") each followed by its "[Medline] [Full text] [PDF]" links, with no heading over them and
    the page's closing line after them. Each is an entry, its authors read before its title, and the legacy
    PubMed query link ("…entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=…") gives its PubMed ID."""
    text = BODY + (
        "**ALLHAT, or the Soft Science of the Secondary End Point.** Messerli FH.\n"
        "Annals of Internal Medicine 2003: 139(9); 777-780.\n"
        "[\\[Abstract\\]](http://www.annals.org/cgi/content/abstract/139/9/777)\n"
        "[\\[Full text\\]](http://www.annals.org/cgi/content/full/139/9/777)\n\n"
        "**Random research.** Moye LA. Circulation 2001: 103(25); 3150-3.\n"
        "[\\[Medline\\]](http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=11425783"
        "&dopt=Abstract)\n"
        "[\\[PDF\\]](http://circ.ahajournals.org/cgi/reprint/103/25/3150.pdf)\n\n"
        "You can find an [earlier version](http://www.pmean.com/04/cardiology.html) of this page on my "
        "[original website](http://www.pmean.com/original_site.html).\n"
    )
    got = [(r.authors, r.year, r.title, r.pmid) for r in _draft(tmp_path, text).references]
    assert got == [
        (["Messerli, F. H."], 2003, "ALLHAT, or the Soft Science of the Secondary End Point", None),
        (["Moye, L. A."], 2001, "Random research", "11425783"),
    ]


def test_a_citation_printed_alone_in_the_body_with_semicolon_separated_names_is_read(tmp_path):
    """pmean-wakefield-mmr-conflict: the one reference stands mid-sentence as its own paragraph, its names separated
    by semicolons as ABNT prints them ("Wakefield A; Murch S, …"), its DOI printed: the entry is read, the DOI exact."""
    text = (
        "An interesting case study involves a controversial paper. The lead author of this paper\n\n"
        "Wakefield A; Murch S, Anthony A, Linnell J (February 28 1998). Ileal-lymphoid-nodular hyperplasia, "
        "non-specific colitis, and pervasive developmental disorder in children 637-641. The Lancet - Vol. 351, "
        "Issue 9103. DOI:10.1016/S0140-6736(97)11096-0. Available in [html format][w98a].\n\n"
        "is Andrew Wakefield.\n\n"
        "[w98a]: https://www.thelancet.com/journals/lancet/article/PIIS0140673697110960/fulltext\n"
    )
    refs = _draft(tmp_path, text).references
    assert [(r.authors[0], r.year, r.doi) for r in refs if r.authors] == [
        ("Wakefield, A.", 1998, "10.1016/s0140-6736(97)11096-0")
    ]


def test_a_link_in_a_clause_joined_after_the_figures_does_not_source_them(tmp_path):
    """quanta-tuft-cells-immune-sentinels (Quanta Magazine, not committed; a short excerpt): "Two groups of immune
    cells … detect chemical cues from pathogens, and a group of Swiss scientists showed that rats use these same
    receptors …", the link on "group of Swiss scientists showed that". An independent clause joined by ", and" with
    its own subject makes its own statement: the link sources it, not the figure of the clause before; a link in
    the clause of the figure still does."""
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><title>Tuft cells</title>"
        '<meta property="article:published_time" content="2019-01-10T00:00:00Z"></head><body><article>'
        "<h1>Tuft cells</h1><p>Two groups of immune cells known as monocytes and macrophages use formyl peptide "
        "receptors on their membranes to detect chemical cues from pathogens, and a "
        '<a href="https://www.pnas.org/content/114/28/7397">group of Swiss scientists showed that</a> rats use these '
        "same receptors to detect pheromone odors.</p><p>In a "
        '<a href="https://www.pnas.org/content/115/2/1234">study in mice</a>, 40% of the cells sensed the parasites, and '
        "they multiplied.</p></article></body></html>",
        encoding="utf-8",
    )
    claims = {c.statistics[0].stated_as: c for c in draft_article(page).claims if c.statistics}
    assert claims["Two groups"].citations == []
    assert any("clause joined after the figures" in note for note in claims["Two groups"].review)
    assert [c.link.rule for c in claims["40%"].citations] == ["inline-link"]


def test_an_entry_with_its_authors_first_is_not_read_as_title_first():
    """plos-des-methylation (PLOS ONE, CC BY): "Block K, Kardana A, Igarashi P, Taylor HS. In utero … system. FASEB J.
    2000;14:1101-1108." opens with its authors; "FASEB J." after its title is the journal, not an author list."""
    from kg.ingest.segment import title_first

    assert not title_first(
        "Block K, Kardana A, Igarashi P, Taylor HS. In utero diethylstilbestrol (DES) exposure alters Hox gene "
        "expression in the developing mullerian system. FASEB J. 2000;14:1101-1108. PMID: 10834931."
    )
    assert title_first("Random research. Moye LA. Circulation 2001: 103(25); 3150-3.")


def test_a_tag_after_a_quoted_question_is_its_sentence_and_recalled_reports_speech(tmp_path):
    """quanta-tuft-cells-immune-sentinels (Quanta Magazine, not committed; a short excerpt): news style closes a
    quoted question with the tag and no comma ("“… you know?’” Pluznick recalled."): the tag belongs to the quotation's
    sentence, and "recalled" is a verb of saying, as AP style's reporting verbs are."""
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><title>Tuft cells</title>"
        '<meta property="article:published_time" content="2019-01-10T00:00:00Z"></head><body><article>'
        "<h1>Tuft cells</h1><p>Jennifer Pluznick, an associate professor of physiology at Johns Hopkins University, "
        "studies scent detectors in the kidney.</p><p>“I think I even famously said something to my postdoc adviser, "
        "like, ‘I don’t even know that I can trust this data, you know?’” Pluznick recalled. “Olfactory receptors in "
        "the kidney? Come on.”</p></article></body></html>",
        encoding="utf-8",
    )
    draft = draft_article(page)
    quoted = {c.quote: c.agent_id for c in draft.claims if c.attribution}
    assert (
        quoted[
            "I think I even famously said something to my postdoc adviser, like, ‘I don’t even know that I can trust this "
            "data, you know?’"
        ]
        == "pluznick"
    )
    assert "." not in quoted  # (the tag alone was once a sentence, its statement a lone full stop)


def test_a_pronoun_tag_after_a_paragraph_closing_on_one_person_is_that_person(tmp_path):
    """quanta-tuft-cells-immune-sentinels (Quanta Magazine, not committed; a short excerpt): "… Locksley had barely
    even heard of them." closes a paragraph, and the next opens "“Even textbooks … had no idea what these cells
    did,” he said.": the speaker is the person the closing sentence is about (news style introduces a speaker right
    before the quotation), not the last one quoted."""
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><title>Tuft cells</title>"
        '<meta property="article:published_time" content="2019-01-10T00:00:00Z"></head><body><article>'
        "<h1>Tuft cells</h1><p>This system, says Richard Locksley, an immunologist at the University of California, "
        "San Francisco, helps direct a systematic response to potential dangers throughout the body.</p><p>“We were "
        "focused on bacteria,” said Michael Howitt, an immunologist at Stanford University.</p><p>The only cells that gave off a red glow in their experiments were "
        "tuft cells. Locksley had barely even heard of them.</p><p>“Even textbooks of [gastrointestinal] medicine had "
        "no idea what these cells did,” he said.</p></article></body></html>",
        encoding="utf-8",
    )
    quoted = {c.quote: c.agent_id for c in draft_article(page).claims if c.attribution}
    assert quoted["Even textbooks of [gastrointestinal] medicine had no idea what these cells did"] == "locksley"


def test_an_nlm_locator_gives_the_fields_the_labeller_left_out_or_took_for_others():
    """pmean-absolute-vs-relative-risks (CC0): "Lancet. 2002(June): 359(9321); 1945-1946." (a month in brackets after
    the year) was read as volume 2002, issue June, pages 359 and no year; "Arch Dis Child 2000: 83(5); 457." lost its
    one page. The locator year, volume(issue), pages, as NLM prints it (here with its separators swapped), gives them."""
    from kg.ingest.references import parse_entry

    julian = parse_entry(
        "Julian D. Absolute and relative truth in clinical trials. Lancet. 2002(June): 359(9321); 1945-1946. "
        "Available in html format http://www.thelancet.com/journals/lancet/article/PIIS0140673602087500/fulltext."
    )
    assert (julian.year, julian.volume, julian.issue, julian.pages) == (2002, "359", "9321", "1945--1946")
    logan = parse_entry(
        "Logan S, Bedford H, Elliman D. Consider absolute risks in SIDS prevention. Arch Dis Child 2000: 83(5); 457."
    )
    assert (logan.year, logan.volume, logan.issue, logan.pages) == (2000, "83", "5", "457")


def test_pages_run_into_a_title_and_a_dash_after_the_journal_are_taken_apart():
    """pmean-wakefield-mmr-conflict (CC0): "… pervasive developmental disorder in children 637-641. The Lancet - Vol.
    351, Issue 9103." runs the pages into the title and sets a dash after the journal's name; a span of years that
    closes a title stays ("… in England, 2010-2015")."""
    from kg.ingest.references import parse_entry

    entry = parse_entry(
        "Wakefield A; Murch S, Anthony A, Linnell J (February 28 1998). Ileal-lymphoid-nodular hyperplasia, "
        "non-specific colitis, and pervasive developmental disorder in children 637-641. The Lancet - Vol. 351, "
        "Issue 9103. DOI:10.1016/S0140-6736(97)11096-0."
    )
    assert entry.title == (
        "Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children"
    )
    assert (entry.journal, entry.volume, entry.pages) == ("The Lancet", "351", "637--641")
    from kg.ingest.references import TITLE_PAGES

    assert TITLE_PAGES.search("Measles cases in England, 2010-2015") is None
