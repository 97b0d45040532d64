"""Layouts of the real-article corpus's batch 6 (benchmarks/corpus/README.md): a change printed as "from A to B"
with the unit at both ends, a count broken down by place in words after a colon, a total stated as such. Read by
the real ingest code from sentences copied from the batch's dev texts, and from a committed page."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.ingest import ingest
from kg.ingest.quantities import find_quantities

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus"


def _stated(sentence: str) -> list[tuple[str, float | None]]:
    return [(q.stated_as, q.value) for q in find_quantities(sentence, 0, len(sentence))]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # newsweek-cannabis-use-disorder: the verb of change far before "from", the unit at both ends
        (
            "The number of respondents aged between 12 to 17-years-old who had cannabis use disorder rose "
            '"slightly" by 25 percent compared with those in the same group in other states, from 2.18 percent '
            "to 2.72 percent, the authors wrote",
            [("12 to 17-years", None), ("25 percent", 25.0), ("2.18 percent", 2.18), ("2.72 percent", 2.72)],
        ),
        # healthline-binge-eating
        (
            "One study in 19 people showed that increasing protein intake from 15% to 30% led to significant "
            "reductions in body weight",
            [("19 people", 19.0), ("15%", 15.0), ("30%", 30.0)],
        ),
    ],
)
def test_a_change_from_one_value_to_another_is_two_values(sentence, expected):
    assert _stated(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # pcd-birthing-hospitals: no unit at the first end, one figure (as annotated)
        "The number of hospitals decreased from 118 to 86.",
        # hindawi-edwardsiella-endocarditis: a range, no verb of change
        "a wide range of reported sensitivity (from 60 to 100%)",
        # a range with units at both ends but no change: still one interval
        "Doses went from patient to patient, each given 2 mg to 5 mg.",
    ],
)
def test_a_range_that_is_no_change_stays_one_figure(sentence):
    assert len(_stated(sentence)) == 1, _stated(sentence)


def test_a_count_broken_down_by_place_in_words():
    # rutherford-vaping-lung-injury
    sentence = (
        "Fourteen other deaths have been identified nationwide as part of the multistate outbreak of lung injury "
        "associated with vaping: two in California, two in Kansas, two in Oregon, and one each in Illinois, "
        "Indiana, Minnesota, Missouri, Florida, Georgia, Mississippi and Nebraska."
    )
    assert _stated(sentence) == [
        ("Fourteen other deaths", 14.0),
        ("two", 2.0),
        ("two", 2.0),
        ("two", 2.0),
        ("one", 1.0),
    ]
    # a number word after a colon with no count before it, or before a lower-case word, is no list item
    assert _stated("The reason: two in a row is rare.") == []
    assert _stated("Fourteen other deaths: two in total.") == [("Fourteen other deaths", 14.0)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # rutherford-vaping-lung-injury
        (
            "With a vaping-related death also reported October 1st in Virginia, the nationwide total is 16.",
            [("16", 16.0)],
        ),
        ("The total is 5 patients.", [("5 patients", 5.0)]),  # the count rule reads its noun
        ("The total was 3.5 mg.", [("3.5 mg", 3.5)]),
        ("The total is unknown.", []),
    ],
)
def test_a_total_stated_as_such(sentence, expected):
    assert _stated(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # rutherford-vaping-lung-injury
        (
            "There are 805 lung injury cases reported from 46 states and 1 U.S. territory.",
            [("805 lung injury cases", 805.0), ("46 states", 46.0), ("1 U.S. territory", 1.0)],
        ),
        (
            "Nearly two thirds (62%) of patients are 18 to 34 years old; with 22% of patients between 18-21.",
            [
                ("Nearly two thirds", 66.7),
                ("62%", 62.0),
                ("18 to 34 years", None),
                ("22%", 22.0),
                ("18-21", None),
            ],
        ),
        # years are no span of figures; with a unit the measure rule reads it
        ("Between 2010-2015 the rate fell.", []),
        ("a dose between 5-10 mg", [("5-10 mg", None)]),
    ],
)
def test_one_thing_after_an_abbreviation_and_a_span_after_between(sentence, expected):
    assert _stated(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # rutherford-oral-cancer-screening: a rank or a span in words in a sentence with no digit or number word
        (
            "Cancers of the mouth and throat are the sixth most common type of cancer worldwide.",
            [("sixth", 6.0)],
        ),
        ("Cedar is the fourth-largest publicly-owned hospital in the nation.", [("fourth", 4.0)]),
        ("The exam is painless and takes only a few minutes.", [("only a few minutes", 3.0)]),
        # a minute as a manner of speaking is no figure; "the first person to die" is no rank
        ("Wait a minute, please.", []),
        ("She is the first person in the state to die.", []),
    ],
)
def test_ranks_and_minutes_in_words(sentence, expected):
    assert _stated(sentence) == expected


def test_rutherford_vaping_page_drafts_its_breakdown(tmp_path):
    page = CORPUS / "rutherford-vaping-lung-injury" / "article.md"
    folder = ingest(page, tmp_path / "draft", published="2019-10-01").folder
    claims = yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))["claims"]
    stated = [s["stated_as"] for c in claims for s in c.get("statistics") or []]
    for figure in ("16", "Fourteen other deaths", "two", "one", "1 U.S. territory", "18-21"):
        assert figure in stated


def test_a_link_whose_words_are_its_authors_and_year(tmp_path):
    # harrell-bayes-covid-trials: sources cited only as "Surname Initials. Year", the link's words, with the DOI in
    # the address (the sentence is the page's; the page itself is kept out for its licence)
    page = tmp_path / "post.md"
    page.write_text(
        "---\ntitle: Endpoints\ndate: 2020-05-01\n---\n\n"
        "A composite/ordinal endpoint with clinical hierarchy ([Finkelstein DM, Schoenfeld DA. 1999]"
        "(https://doi.org/10.1002/(SICI)1097-0258(19990615)18:11<1341::AID-SIM129>3.0.CO;2-7), "
        "[Pocock SJ et al. 2012](https://doi.org/10.1093/eurheartj/ehr352)) overcomes the drawbacks of the "
        "traditional composite approach.\n\nAn alternative is a model ([see the tutorial](https://doi.org/10.1002/sim.7846)).\n",
        encoding="utf-8",
    )
    bib = (ingest(page, tmp_path / "draft").folder / "references.bib").read_text(encoding="utf-8")
    assert "author = {Finkelstein, D. M. and Schoenfeld, D. A.}" in bib
    # the year is the link's own, not the other link's printed just before it
    assert "author = {Pocock, S. J.},\n\tyear = {2012}" in bib
    assert "verbatim = {Pocock SJ et al. 2012}" in bib
    assert "title = {Pocock" not in bib  # the words are no title
    # a link whose words are no author list keeps them as its title, with no authors
    tutorial = bib[bib.index("inline-10-1002-sim-7846") :]
    assert "author" not in tutorial.split("\n}\n")[0] and "sim.7846" in tutorial


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # cbsdetroit-eee-sixth-death: a tally's place, in digits and in words
        (
            "(AP) — Michigan health authorities are reporting a 6th fatality linked to Eastern Equine Encephalitis.",
            [("6th", 6.0)],
        ),
        ("The fifth death this year came in May.", [("fifth", 5.0)]),
        # cbsdetroit-eee-sixth-death: one of a small group of people
        (
            "Berrien County Health Department officials said Monday the victim was one of two people who "
            "contracted the mosquito borne virus.",
            [("two", 2.0)],
        ),
    ],
)
def test_a_tallys_place_and_one_of_a_few_people(sentence, expected):
    assert _stated(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # no tally: the first of anything, and "one of the people" with no figure
        "It was the first case in the state.",
        "He was one of the people who came.",
        "This is one of two ways to do it.",
    ],
)
def test_no_tally_where_nothing_is_counted(sentence):
    assert _stated(sentence) == []


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # livescience-feather-duvet-lung: a sentence that opens with how long until what it tells
        (
            "After a year, his symptoms completely cleared and he is now fully recovered, Dempsey said.",
            [("a year", 1.0)],
        ),
        # not a span: a day that is an occasion, and "after a year" inside a sentence
        ("After a day at the beach, we rested.", []),
        ("We met after a year, then left.", []),
    ],
)
def test_a_sentence_that_opens_after_a_span_of_time(sentence, expected):
    assert _stated(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # harrell-bayes-covid-trials: days of a trial's schedule, and a change in points on a scale
        (
            "The WHO Severity Scale can be analysed using the proportional odds model at a pre-defined time, usually "
            "at Day 14 or Day 28.",
            [("Day 14", 14.0), ("Day 28", 28.0)],
        ),
        (
            "Statistical problems magnify when the “responder” is based on a change in state (e.g. a 2-point shift "
            "on the WHO ordinal COVID-19 Severity Scale).",
            [("2-point", 2.0)],
        ),
        # a day as a label of a plan's part, and a point as no change: no figure
        ("See Day 3 of the plan.", []),
        ("She made a 3-point plan.", []),
    ],
)
def test_a_trials_day_and_a_shift_in_points(sentence, expected):
    assert _stated(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # healthline-binge-eating: how often one thing is eaten, where a count would need a plural noun
        (
            "One small, 2-month study showed that eating one large meal per day increased levels of blood sugar and "
            "the hunger-stimulating hormone ghrelin to a greater extent than eating three meals per day",
            [("2-month", 2.0), ("one large meal per day", 1.0), ("three meals", 3.0)],
        ),
        # "one of …" is no frequency
        ("Walking is one of your favourite activities a day out.", []),
    ],
)
def test_one_thing_per_day(sentence, expected):
    assert _stated(sentence) == expected
