"""Links in an article's text to research records (rule ``inline-link``, kg.ingest.linking): the linked work becomes a
source of the draft and the citation of the sentence that links it. Read by the real ingest code from committed pages
of the real-article corpus, or from a few lines copied from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.dataset.loader import load_article
from kg.ingest.draft import write_draft
from kg.ingest.linking import InlineLink, bare_links, inline_source, research_record, unwrap
from kg.ingest.pipeline import draft_article

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus"
NCI = CORPUS / "nci-aspirin-lynch-syndrome" / "article.md"  # public domain (NCI)
NEXTSTRAIN = CORPUS / "nextstrain-sitrep-mutations" / "article.md"
PCD = CORPUS / "pcd-asthma-hot-spots" / "article.html"


def _claim(draft, words: str):
    return next(c for c in draft.claims if words in c.quote)


@pytest.fixture(scope="module")
def nci():
    return draft_article(NCI)


def test_a_sentence_that_links_a_pubmed_record_cites_it(nci):
    """NCI's news page links the trial's Lancet report on 'findings' and its first report on 'initial results', in
    one sentence: both become sources, kept with their PubMed IDs, and that sentence cites both."""
    claim = _claim(nci, "the findings update the trial's initial results")
    cited = {c.link.key: c.link for c in claim.citations}
    refs = {r.key: r for r in nci.references}
    assert sorted(refs[k].pmid for k in cited) == ["19073976", "22036019"]
    for link in cited.values():
        assert link.rule == "inline-link" and link.attached and link.cue in ("findings", "initial results")
    findings = next(r for r in nci.references if r.pmid == "22036019")
    assert findings.url == "http://www.ncbi.nlm.nih.gov/pubmed/22036019"
    assert findings.year == 2011  # "Published October 27, 2011 online in The Lancet, the [findings]"
    assert "Published October 27, 2011 online in The Lancet" in findings.title  # 'findings' names no work
    assert "inline link" in (findings.note or "") and not findings.verbatim  # no reference list prints it


def test_links_to_the_sites_own_pages_and_to_other_things_are_no_sources(nci):
    """The glossary pop-ups and cancer-type pages (relative links of cancer.gov), a podcast's MP3 and a trial's home
    page are no research records: the four PubMed links are the only sources."""
    assert sorted(r.pmid for r in nci.references) == ["15998890", "19073976", "22036018", "22036019"]
    assert not any("capp3" in (r.url or "") or "thelancet.com" in (r.url or "") for r in nci.references)
    commentary = next(r for r in nci.references if r.pmid == "22036018")
    assert commentary.title.startswith("In an accompanying Lancet commentary, Scott Lippman, M.D., and Andrew Chan")
    assert commentary.title.endswith('individuals with Lynch syndrome."')  # the sentence, not cut at "M.D."


def test_a_figure_after_a_linking_sentence_is_a_review_item_not_a_link(nci):
    """'At that time, based on a mean follow-up of 29 months, …' follows the sentence that links the initial results:
    the figure may come from them, which is for a reviewer to say; nothing is attached."""
    claim = _claim(nci, "follow-up of 29 months")
    assert claim.citations == []
    assert any("the sentence before links 'initial results'" in note for note in claim.review)


def test_the_draft_with_inline_sources_loads_as_the_build_loads_it(nci, tmp_path):
    folder = write_draft(nci, tmp_path)
    article = load_article(folder)
    cited = {c.source for claim in article.claims for c in claim.citations}
    assert cited == {r.key for r in nci.references}  # every inline source is cited; none is left uncited


def test_a_preprint_link_keeps_its_doi_and_the_day_it_was_posted():
    """nextstrain's report links 'A recent pre-print' to bioRxiv's page, whose address adds the version (v1) to the
    DOI; the DOI holds the day the preprint was posted."""
    draft = draft_article(NEXTSTRAIN)
    claim = _claim(draft, "A recent pre-print suggests")
    (citation,) = claim.citations
    ref = next(r for r in draft.references if r.key == citation.link.key)
    assert (ref.doi, ref.year, ref.date) == ("10.1101/2020.04.29.069054", 2020, "2020-04-29")


def test_the_pages_own_doi_in_its_suggested_citation_is_no_source():
    """A CDC journal page prints its own citation ('… Prev Chronic Dis 2024;21:240059. DOI: http://dx.doi.org/…'):
    an identifier after 'DOI:', not a work the text cites."""
    draft = draft_article(PCD)
    assert not any(r.key.startswith("inline-") for r in draft.references)
    text = "Suggested citation for this article: Skochko S, et al. Prev Chronic Dis 2024;21:240059. DOI: http://dx.doi.org/10.5888/pcd21.240059."
    assert bare_links(text, 0, len(text), None) == []


@pytest.mark.parametrize(
    "href, kind",
    [
        ("https://doi.org/10.1155/2021/6660304", "a DOI record"),
        ("http://www.ncbi.nlm.nih.gov/pubmed/22036019", "a PubMed record"),
        ("https://pubmed.ncbi.nlm.nih.gov/31234567/", "a PubMed record"),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6123456/", "a PubMed Central record"),
        ("https://www.biorxiv.org/content/10.1101/2020.04.29.069054v1", "a preprint"),
        ("https://clinicaltrials.gov/ct2/show/NCT01234567", "a trial registry record"),
        ("http://www.nature.com/nclimate/journal/vaop/ncurrent/full/nclimate2741.html", "a journal's article page"),
        ("http://journals.sagepub.com/doi/abs/10.1177/0956797612446024", "a journal's article page"),
        ("https://www.whitehouse.gov/sites/default/files/docs/national_action_plan.pdf", "a report (PDF)"),
        ("https://www.cancer.gov/types/colorectal", None),
        ("http://download.thelancet.com/flatcontentassets/audio/lancet/2011/28october.mp3", None),
        ("http://www.capp3.org/", None),
        ("javascript:alert(1)", None),
        ("/Common/PopUps/popDefinition.aspx?id=CDR0000285973", None),
    ],
)
def test_what_is_a_research_record(href, kind):
    found = research_record(href)
    assert (found[0] if found else None) == kind


def test_a_news_sites_own_pages_are_no_research_records_even_as_pdf():
    assert research_record("https://www.example-news.com/reports/annual.pdf", "example-news.com") is None
    assert research_record("https://www.example-news.com/reports/annual.pdf", "other.org") is not None


def test_a_redirect_is_followed_to_its_target():
    """WebMD wraps outside links in its own click-counter: the target is the record."""
    href = "http://www.webmd.com/click?url=https://www.whitehouse.gov/sites/default/files/docs/plan.pdf"
    assert unwrap(href) == "https://www.whitehouse.gov/sites/default/files/docs/plan.pdf"
    assert research_record(href, "webmd.com") == ("a report (PDF)", 0.85)


def test_a_percent_encoded_doi_in_a_publishers_address_is_read():
    """msn's page links Springer's address with the DOI's slash percent-encoded (10.1007%2FBF00846422)."""
    text = "Previous research has found our enjoyment for comedy might stem from laughter."
    link = InlineLink(
        "http://link.springer.com/article/10.1007%2FBF00846422", "Previous research", 0, 17, "a journal's page", 0.9
    )
    ref = inline_source(link, text, set())
    assert ref.doi == "10.1007/bf00846422" and ref.year is None  # no year is printed near the link
    assert ref.title == text  # 'Previous research' names no work: the sentence that links it stands for its title


def test_an_address_of_a_hostile_page_is_bounded():
    """A page's href is untrusted: a long run of characters is classified in linear time, and refused."""
    assert research_record("https://doi.org/" + "1" * 100_000) is None
    assert research_record("https://" + "a." * 50_000 + "org/x.pdf") is None


def test_a_page_made_of_links_is_read_up_to_a_bound_and_says_so(tmp_path):
    """A page of 400 paragraphs each linking a DOI: the first MAX_INLINE_LINKS become sources, and the notes say the
    rest were not read."""
    from kg.ingest.linking import MAX_INLINE_LINKS

    page = tmp_path / "links.html"
    paragraphs = "".join(
        f'<p>The team measured {i} samples in a study that <a href="https://doi.org/10.1000/{i}">was published</a> '
        "this year.</p>"
        for i in range(400)
    )
    page.write_text(f"<html><body><article><h1>Links</h1>{paragraphs}</article></body></html>", encoding="utf-8")
    draft = draft_article(page)
    assert len(draft.references) == MAX_INLINE_LINKS
    assert draft.references[-1].doi == f"10.1000/{MAX_INLINE_LINKS - 1}"
    assert any(f"Only the first {MAX_INLINE_LINKS} links" in note for note in draft.notes)


#: two paragraphs of healthline-binge-eating (https://www.healthline.com/nutrition/how-to-overcome-binge-eating, the
#: saved page in scrapinghub/article-extraction-benchmark; short excerpt), as the page prints them: every citation
#: number is itself the link, wrapped in a custom element, and the page prints no reference list
HEALTHLINE = (
    "<html><head><title>15 Helpful Tips to Overcome Binge Eating</title></head><body><article>"
    "<h1>15 Helpful Tips to Overcome Binge Eating</h1>"
    "<p>Binge eating disorder (BED) is considered the most common feeding and eating disorder in the United States "
    '(<hl-trusted-source source="PubMed Central" rationale="Highly respected database from the National Institutes '
    'of Health"><a href="https://www.ncbi.nlm.nih.gov/pubmedhealth/PMHT0029718/" target="_blank" '
    'rel="noopener noreferrer" class="content-link css-5r4717">1</a></hl-trusted-source>). </p>'
    '<p>Several other studies also suggest that <a href="https://www.healthline.com/nutrition/5-best-calorie-counters"'
    ' class="content-link css-5r4717">tracking your intake</a> may be linked to increased weight loss and aid '
    'long-term weight management (<hl-trusted-source source="PubMed Central"><a '
    'href="https://www.ncbi.nlm.nih.gov/pubmed/23063049" class="content-link css-5r4717">27</a></hl-trusted-source>, '
    '<hl-trusted-source source="PubMed Central"><a href="https://www.ncbi.nlm.nih.gov/pubmed/22795495" '
    'class="content-link css-5r4717">28</a></hl-trusted-source>, <hl-trusted-source source="PubMed Central"><a '
    'href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4149603/" class="content-link css-5r4717">29</a>'
    "</hl-trusted-source>).</p>"
    '<p>Step 2 of the plan is on <a href="https://example.org/plan">2</a> pages.</p>'
    "</article></body></html>"
)


def test_every_number_of_a_cue_that_is_itself_a_link_is_a_source_of_its_sentence(tmp_path):
    """A link wrapped in a custom element (a web component) is placed in the text by the words beside it, the other
    numbers of its cue among them ('28' of '(27, 28, 29)' was dropped); a citation number that is itself the link is
    that number's source whatever it leads to (a retired PubMed Health page); a linked number that stands in no
    cue ('on 2 pages') is none."""
    page = tmp_path / "healthline.html"
    page.write_text(HEALTHLINE, encoding="utf-8")
    draft = draft_article(page, published="2019-11-14")
    tracking = _claim(draft, "tracking your intake")
    refs = {r.key: r for r in draft.references}
    assert [(c.link.cue, refs[c.link.key].pmid or refs[c.link.key].pmcid) for c in tracking.citations] == [
        ("27", "23063049"),
        ("28", "22795495"),
        ("29", "PMC4149603"),
    ]
    (first,) = _claim(draft, "most common feeding").citations
    assert refs[first.link.key].url == "https://www.ncbi.nlm.nih.gov/pubmedhealth/PMHT0029718/"
    assert refs[first.link.key].pmid is None  # a PubMed Health page is no PubMed record
    assert "a numbered link" in refs[first.link.key].note
    assert not any("example.org" in (r.url or "") for r in draft.references)
