"""The audit's text checks, one line of text at a time: brackets, DOIs, years in identifiers, name
spellings, vague attributions, and the Retraction Watch CSV reader."""

from __future__ import annotations

import pytest

from kg.audit import refs
from kg.audit.retractions import load_retractions
from kg.audit.rules import CAUSAL_WORDING, RISK_WORDING, VAGUE
from tests.audit_helpers import RETRACTIONS


@pytest.mark.parametrize(
    "entry, lonely",
    [
        ("Chou, R. 2021, September 20). Low Back Pain in Adults (Beyond the Basics). UptoDate.", [(27, ")")]),
        ("Doe, J. (2020. Title. Journal.", [(8, "(")]),
        ("Doe, J. (2020). Title [Data set. Site.", [(22, "[")]),
        ("Doe, J. (2020). Title (part 1). https://example.org/wiki/A_(b", []),  # brackets inside a URL do not count
        ("Doe, J. (2020). Title. doi:10.1002/(sici)1097-0258(19980715)17:13", []),  # nor inside a DOI
    ],
)
def test_unbalanced_brackets(entry, lonely):
    assert refs.unbalanced_brackets(entry) == lonely


@pytest.mark.parametrize(
    "entry, bad",
    [
        ("Title. Journal, 21(1). doi:10.1186/s12891-020-03357-4", []),
        ("Title. https://doi.org/10.1155/2021/6660304.", []),
        ("Title. doi: 10.1155/2021/ 6660304", ["doi: 10.1155/2021/ 6660304"]),
        ("Title. https://doi.org/10.1155", ["https://doi.org/10.1155"]),
        ("Title. DOI: 1155/2021/6660304", ["DOI: 1155/2021/6660304"]),
        ("Title. https://onlinelibrary.wiley.com/doi/10.1002/abc", []),  # a publisher URL with /doi/ in it
    ],
)
def test_malformed_doi_mentions(entry, bad):
    assert refs.malformed_doi_mentions(entry) == bad


def test_dois_in_text_drop_the_sentence_full_stop():
    assert refs.dois_in("Title. https://doi.org/10.1155/2021/6660304.") == ["10.1155/2021/6660304"]
    assert refs.dois_in("x doi:10.1002/(SICI)1097-0258(199807)17:13") == ["10.1002/(sici)1097-0258(199807)17:13"]


@pytest.mark.parametrize(
    "identifier, years",
    [
        ("10.1016/j.jbiomech.2017.11.037", [2017]),
        ("10.1155/2021/6660304", [2021]),
        ("10.1186/s12891-020-03357-4", []),  # a three-digit year code is not a year
        ("10.1002/anie.202012345", []),  # nor are digits inside a longer number
        ("/blog/articles/2021/02/a-runners-guide", [2021]),
    ],
)
def test_delimited_years(identifier, years):
    assert refs.delimited_years(identifier) == years


def test_url_path_ignores_host_query_and_fragment():
    assert refs.url_path("https://a2019.example.org/p/2020/x?y=2021#:~:text=2022") == "/p/2020/x"


@pytest.mark.parametrize(
    "name, text, variant",
    [
        ("UpToDate", "Chou, R. (2021). Low Back Pain. UptoDate.", "UptoDate"),
        ("Cleveland Clinic", "Sports. (2020). Cleaveland Clinic.", "Cleaveland Clinic"),
        ("Cleveland Clinic", "Sports. (2020). Cleveland Clinic.", None),
        (
            "American Council on Exercise",
            "What is Correct Running Form? ACE Physical Therapy and Sports Medicine Institute.",
            None,
        ),
        ("Hinge Health", "Weber, S. (2021). University Hospitals.", None),
    ],
)
def test_find_variant(name, text, variant):
    assert refs.find_variant(name, text) == variant


@pytest.mark.parametrize(
    "text, vague",
    [
        ("Studies show people with back pain recover faster when they are active.", "Studies show"),
        ("Research suggests stretching helps.", "Research suggests"),
        ("Experts say you should rest.", "Experts say"),
        ("Many studies have shown a link.", "Many studies have shown"),
        ("According to experts, ice helps.", "According to experts"),
        ("It has been proven that rest helps.", "It has been proven"),
        ("Our Hinge Health Experts", None),
        ("A 2018 study published in the Journal of Biomechanics found that", None),
        ("Research and development teams build apps.", None),
    ],
)
def test_vague_attribution_wording(text, vague):
    match = VAGUE.search(text)
    assert (match.group(0) if match else None) == vague


@pytest.mark.parametrize(
    "text, risk",
    [
        ("are 2.6 times more likely to experience low back pain", "times more likely"),
        ("had a 3x higher rate", "3x"),
        ("had 2.0 times the odds of knee pain", None),
    ],
)
def test_risk_wording(text, risk):
    match = RISK_WORDING.search(text)
    assert (match.group(0) if match else None) == risk


@pytest.mark.parametrize(
    "text, causal",
    [
        ("Sitting all day causes knee pain", "causes"),
        ("Warming up reduces the risk of injury", "reduces the risk"),
        ("Knee pain is more common among runners who sit", None),
    ],
)
def test_causal_wording(text, causal):
    match = CAUSAL_WORDING.search(text)
    assert (match.group(0) if match else None) == causal


def test_retraction_watch_csv_is_read_by_its_real_columns():
    notices = load_retractions(RETRACTIONS)
    # DOIs are normalised (case, resolver prefix); rows without an original DOI are skipped
    assert sorted(notices) == [
        "10.5555/elsewhere.1",
        "10.5555/jsm.3.4.100",
        "10.5555/knees.2020.001",
        "10.5555/shd.7.1.33",
    ]
    review = notices["10.5555/knees.2020.001"]
    assert (review.nature, review.severity, review.date, review.notice_doi) == (
        "Retraction",
        "error",
        "2022-03-14",
        "10.5555/knees.retraction.1",
    )
    assert review.reason == "Falsification/Fabrication of Data; Investigation by Journal/Publisher"
    assert notices["10.5555/shd.7.1.33"].severity == "warning"
    assert notices["10.5555/jsm.3.4.100"].severity == "info"


def test_retractions_can_be_limited_to_the_graphs_dois():
    assert list(load_retractions(RETRACTIONS, {"10.5555/shd.7.1.33", "10.9999/not-there"})) == ["10.5555/shd.7.1.33"]


def test_retractions_file_without_the_columns_is_a_clear_error(tmp_path):
    from kg.errors import EkgError

    bad = tmp_path / "r.csv"
    bad.write_text("doi,status\n10.1/x,retracted\n", encoding="utf-8")
    with pytest.raises(
        EkgError, match=r"r\.csv line 1: no column OriginalPaperDOI, RetractionNature \(columns: doi, status\)"
    ):
        load_retractions(bad)
