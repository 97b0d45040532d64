"""Issue 19, item 1: every reference is a source, whatever identifiers it prints, named by the first it has
(DOI, PubMed ID, PMCID, ISBN, URL, else a fingerprint of the work); and NLM's abbreviated page ranges read as
the pages they are, not as ranges that run backwards."""

from __future__ import annotations

import json

import pytest

from kg.build.quads import expand_page_end
from kg.cli.main import main
from kg.dataset.bib import normalise_isbn, parse_bibtex
from kg.errors import BibtexError
from kg.iris import ID


def _bib(tmp_path, body: str):
    path = tmp_path / "references.bib"
    path.write_text(body, encoding="utf-8")
    return parse_bibtex(path)


ENTRIES = """
@article{a, title = {Knee pain in cyclists}, author = {Smith, J.}, year = {2019}, doi = {10.5555/X.1}, pmid = {31234567}}
@article{b, title = {Knee pain in cyclists}, author = {Smith, J.}, year = {2019}, pmid = {31234567}, url = {https://example.org/b}}
@article{c, title = {Hip strength}, author = {Okoro, C.}, year = {2022}, pmcid = {pmc6543210}}
@book{d, title = {Running injuries: a clinical guide}, author = {Miller, T.}, year = {2005}, isbn = {978-0-306-40615-7}}
@misc{e, title = {Ice and heat}, year = {2020}, url = {https://pubmed.ncbi.nlm.nih.gov/29876543/}}
@article{f, title = {The Prevalence of Knee Pain in Recreational Cyclists: a survey}, author = {Müller, J. and Patel, R.}, year = {2019}}
@article{g, author = {Lee, K.}, year = {2017}, verbatim = {Lee K. Stretching and injury. 2017.}}
"""


def test_each_reference_is_named_by_the_first_identifier_it_has(tmp_path):
    refs = _bib(tmp_path, ENTRIES)
    assert {key: ref.iri for key, ref in refs.items()} == {
        "a": "https://doi.org/10.5555/x.1",
        "b": "https://pubmed.ncbi.nlm.nih.gov/31234567/",
        "c": "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6543210/",
        "d": "urn:isbn:9780306406157",
        "e": "https://pubmed.ncbi.nlm.nih.gov/29876543/",  # the PubMed ID read from its link
        "f": ID + "source/muller-2019-prevalence-knee-pain",
        "g": ID + "source/lee-2017-lee-k-stretching",
    }
    assert (refs["a"].pmid, refs["e"].pmid, refs["f"].persistent, refs["g"].title) == (
        "31234567",
        "29876543",
        False,
        "",
    )


def test_the_same_work_printed_differently_has_one_fingerprint(tmp_path):
    refs = _bib(
        tmp_path,
        """
@article{x, title = {The prevalence of knee pain in recreational cyclists}, author = {Muller, J.}, year = {2019}}
@article{y, title = {Prevalence of Knee-Pain in Recreational Cyclists.}, author = {Müller, Jan and Patel, R.}, year = {2019}}
""",
    )
    assert refs["x"].iri == refs["y"].iri


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("pmid", "PMID 123", "is not a PubMed ID"),
        ("pmcid", "6543210", "is not a PubMed Central ID"),
        ("isbn", "978-0-306-40615-8", "is not an ISBN"),
    ],
)
def test_a_malformed_identifier_is_one_line_naming_entry_and_field(tmp_path, field, value, message):
    with pytest.raises(BibtexError) as caught:
        _bib(tmp_path, f"@article{{k, title = {{T}}, year = {{2020}},\n  {field} = {{{value}}}}}\n")
    text = str(caught.value)
    assert "\n" not in text and f"k.{field}" in text and message in text and ":2" in text.replace(" line ", ":")


def test_isbn_check_digits():
    assert normalise_isbn("ISBN 0-306-40615-2") == "0306406152"
    assert normalise_isbn("0-306-40615-3") is None
    assert normalise_isbn("978 0 306 40615 7") == "9780306406157"


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("1123", "9", "1129"),
        ("210", "15", "215"),
        ("99", "101", "101"),
        ("e99877", "e99880", "e99880"),
        ("45", "41", "41"),
    ],
)
def test_abbreviated_page_ends(start, end, expected):
    assert expand_page_end(start, end) == expected


VANCOUVER = """Knee Pain in Cyclists

Published March 12, 2024

Knee pain affects 40% of recreational cyclists.[1] Riders with a professional bike fit were half as likely to report it (2).

References

1. Smith J, Patel R. Prevalence of knee pain in recreational cyclists. J Sports Med Phys Fitness. 2019;59(4):612-8.
2. Brown A, Keller M. Bike fitting and overuse injuries in club cyclists. Br J Sports Med. 2021;55(2):1123-9. PMID: 33712345.
"""


def test_a_vancouver_list_without_dois_becomes_sources_that_claims_cite(runner, tmp_path):
    article = tmp_path / "knees.txt"
    article.write_text(VANCOUVER, encoding="utf-8")
    drafted = runner.invoke(main, ["ingest", str(article), "--out", str(tmp_path / "out")])
    assert drafted.exit_code == 0, drafted.output
    assert "2 references, 2 citations" in drafted.output
    data = str(tmp_path / "out")
    assert runner.invoke(main, ["validate", "--data", data]).exit_code == 0
    sources = json.loads(runner.invoke(main, ["sources", "--data", data, "--format", "json"]).stdout)
    assert len(sources) == 2, sources
    why = json.loads(runner.invoke(main, ["why", "40%", "--data", data, "--format", "json"]).stdout)
    assert [s["title"] for s in why["matches"][0]["sources"]] == ["Prevalence of knee pain in recreational cyclists"]
    audit = json.loads(runner.invoke(main, ["audit", "--data", data, "--format", "json"]).stdout)
    backwards = [f for f in audit["findings"] if "runs backwards" in f["message"]]
    uncited = [f for f in audit["findings"] if f["rule"] == "stat-uncited"]
    assert backwards == [] and uncited == [], (backwards, uncited)


WU_WITHOUT_DOI = """Back Pain in Marathon Runners

Published March 12, 2024

Runners who skip the warm-up report more low back pain (1).

References

1. Wu B, Chen CC, Wang J, Wang XQ. Incidence and risk factors of low back pain in marathon runners. Pain Res Manag. 2021;2021:6660304.
"""


def test_the_same_work_without_its_doi_in_another_article_is_named_in_a_build_warning(runner, data_copy, tmp_path):
    """The seed prints Wu et al. 2021 with its DOI; another article prints it without one. The build says they
    are the same work under two identities, and how to make them one."""
    article = tmp_path / "runners.txt"
    article.write_text(WU_WITHOUT_DOI, encoding="utf-8")
    assert runner.invoke(main, ["ingest", str(article), "--out", str(data_copy)]).exit_code == 0
    built = runner.invoke(main, ["build", "--data", str(data_copy)])
    assert built.exit_code == 0, built.output
    assert (
        "https://doi.org/10.1155/2021/6660304: runners cites the same work (wu-2021-incidence-risk-factors) with no "
        f"identifier, so it is another source, {ID}source/wu-2021-incidence-risk-factors; add the identifier that "
        "lower-back-pain-after-running prints to make them one"
    ) in built.output


def test_the_audit_says_what_it_could_not_check(runner, tmp_path):
    """Issue 20, item 5: silence means 'checked and fine'. An undated article and references with no identifier
    are info findings of their own, in every report format."""
    article = tmp_path / "knees.txt"
    article.write_text(VANCOUVER.replace("Published March 12, 2024\n\n", ""), encoding="utf-8")
    assert runner.invoke(main, ["ingest", str(article), "--out", str(tmp_path / "out")]).exit_code == 0
    data = str(tmp_path / "out")
    report = json.loads(runner.invoke(main, ["audit", "--data", data, "--format", "json"]).stdout)
    unchecked = sorted(
        (f["severity"], f["concerns"]["kind"], f["message"].split(",")[0])
        for f in report["findings"]
        if f["rule"] == "unchecked"
    )
    assert unchecked == [
        ("info", "article", "The article gives no publication date"),
        # a draft records no source figures: each study-like figure it could not set against its source (issue 20, 4)
        ("info", "claim", "“40%” cites reference 1 (“Prevalence of knee pain in recreational cyclists”)"),
        ("info", "claim", "“half as likely” cites reference 2 (“Bike fitting and overuse injuries in club cyclists”)"),
        ("info", "reference", "Reference 1 (“Prevalence of knee pain in recreational cyclists”) has no identifier"),
    ]  # reference 2 prints its PMID: it has one
    for fmt in ("table", "md", "html"):
        shown = runner.invoke(main, ["audit", "--data", data, "--format", fmt])
        assert shown.exit_code == 0 and "no publication date" in shown.stdout, shown.output
