"""What ingest reads wrong on real pages it was not written on (issue 19, round 2): entries split by their
markup, references laid out as tables, identifiers only in a link's address. Real inputs: the committed dev
articles of benchmarks/corpus/ (batches 2 and 3), and small pages written here where no committed article has
the layout."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.markup import convert
from kg.ingest.pipeline import draft_article

CORPUS = Path(__file__).parent.parent / "benchmarks" / "corpus"


def test_a_journal_entry_with_a_nested_paragraph_stays_one_entry_with_its_pubmed_and_doi_links():
    """BioMed Central prints the journal, year, volume:pages and its "PubMed Abstract | Publisher Full Text"
    links in a <p> nested in the entry's <p>: one entry each (10, not 17), the labels dropped, a PubMed link
    (relative to the site) read as the PMID and a DOI that is only in a link's address read as the DOI."""
    draft = draft_article(CORPUS / "trials-prescreening-cancer" / "article.html")
    refs = {r.number: r for r in draft.references}
    assert sorted(refs) == list(range(1, 11)) and len(draft.references) == 10
    assert (refs[1].journal, refs[1].year, refs[1].pmid) == ("PLoS Med", 2010, "21085696")
    assert "PubMed Abstract" not in refs[1].verbatim and "Full Text" not in refs[2].verbatim and not refs[2].verbatim.endswith("|")
    assert (refs[4].journal, refs[4].volume, refs[4].pages, refs[4].pmid) == ("JAMA", "291", "2720--2726", "15187053")
    assert refs[8].doi == "10.1016/s1166-7087(10)70035-x"  # DOIs are case-insensitive: kept lower-case
    assert refs[10].doi == "10.1007/978-3-642-17749-1_3"


TABLE_PAGE = """<html><head><title>Vitamin D and falls</title></head><body><article>
<h1>Vitamin D and falls</h1><p>Published 4 March 2021</p>
<p>About 30% of adults over 65 fall each year.<sup>1</sup> Vitamin D did not lower the risk of falls in a trial of 2,256 women.<sup>2</sup></p>
<h2>References</h2>
<table>
<tr><td>1</td><td>Tinetti ME, Speechley M, Ginter SF. Risk factors for falls among elderly persons living in the community. N Engl J Med. 1988;319(26):1701-7.</td></tr>
<tr><td>[2]</td><td>Sanders KM, Stuart AL, Williamson EJ, et al. Annual high-dose oral vitamin D and falls and fractures in older women. JAMA. 2010;303(18):1815-22.</td><td><a href="https://doi.org/10.1001/jama.2010.594">Article</a></td></tr>
</table>
<table><tr><th>Group</th><th>Falls</th></tr><tr><td>Placebo</td><td>12%</td></tr></table>
</article></body></html>"""


def test_a_reference_list_laid_out_as_a_table_is_one_entry_a_row_numbered_by_its_first_cell(tmp_path):
    page = tmp_path / "falls.html"
    page.write_text(TABLE_PAGE, encoding="utf-8")
    draft = draft_article(page)
    refs = {r.number: r for r in draft.references}
    assert sorted(refs) == [1, 2]
    assert refs[1].verbatim.startswith("Tinetti ME") and refs[1].journal == "N Engl J Med"
    assert refs[2].doi == "10.1001/jama.2010.594" and "Article" not in refs[2].verbatim
    cited = {c.link.key for claim in draft.claims for c in claim.citations}
    assert cited == {refs[1].key, refs[2].key}
    # a data table (no numbered first cell) keeps one block a cell, as before
    assert "\n\nPlacebo\n\n12%\n" in convert(TABLE_PAGE, "html").text
