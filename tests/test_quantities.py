"""Statistics as real articles state them (kg/ingest/quantities.py), read from the committed texts of the
real-article corpus: each case finds its sentence in the article's own file (public domain, CC BY or CC BY-ND,
benchmarks/corpus/README.md gives the source and licence of each) and reads the statistics of that sentence."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.ingest.quantities import find_quantities

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus"


_TEXTS: dict[str, str] = {}


def sentence(article_id: str, fragment: str) -> str:
    """The sentence of the committed article that holds ``fragment``, in the text ``ekg ingest`` reads from the
    page (its article.txt)."""
    if article_id not in _TEXTS:
        folder = CORPUS / article_id
        source = next(p for p in sorted(folder.iterdir()) if p.name != "annotation.yaml")
        with tempfile.TemporaryDirectory() as out:
            _TEXTS[article_id] = (ingest(source, Path(out)).folder / "article.txt").read_text(encoding="utf-8")
    text = _TEXTS[article_id]
    at = text.index(fragment)
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1)
    end = min(i for i in (text.find(". ", at), text.find("\n", at), len(text)) if i >= 0)
    return text[start : end + 1].strip()


def figures(text: str) -> list[tuple]:
    return [(q.stated_as, q.value, q.min, q.max, q.unit) for q in find_quantities(text, 0, len(text))]


@pytest.mark.parametrize(
    "article_id, fragment, expected",
    [
        # an age as a threshold; a share in words
        (
            "conv-old-dogs-dementia",
            "dogs over age 12",
            [("more than a quarter", None, 25, None, "percent"), ("over age 12", None, 12, None, "year")],
        ),
        # "four and a half years", a decade, "the past decade", a share with a qualifier and no "of", "at least one …"
        ("conv-ptsd-ukraine", "after four and a half years", [("four and a half years", 4.5, None, None, "year")]),
        ("conv-ptsd-ukraine", "a decade of war", [("a decade", 10, None, None, "year")]),
        ("conv-ptsd-ukraine", "over the past decade", [("the past decade", 10, None, None, "year")]),
        (
            "conv-ptsd-ukraine",
            "at least one traumatic event",
            [
                ("More than three-quarters", None, 75, None, "percent"),
                ("at least one traumatic event", None, 1, None, "count"),
                ("almost half", 50, None, None, "percent"),
            ],
        ),
        # words between a count and its noun
        (
            "mmwr-foreword-winnable-battles",
            "companion to the two earlier",
            [("two earlier health disparity reports", 2, None, None, "count")],
        ),
        # a rank; a figure, its interquartile range, its unit
        ("pcd-stroke-transfer-maps", "fifth leading cause", [("fifth", 5, None, None, "count")]),
        # a change to a figure; the year's abbreviation "y"
        ("pcd-birthing-hospitals", "decreased from 118 to 86", [("decreased from 118 to 86", 86, None, None, "count")]),
        ("pcd-birthing-hospitals", "(15 y to 49 y)", [("15 y to 49 y", None, 15, 49, "year")]),
        # a P value threshold; the figures of a list after a count, the noun left out; "per 10,000" is a rate's base
        (
            "pcd-asthma-hot-spots",
            "12 in Rochester",
            [
                ("19 zip codes", 19, None, None, "count"),
                ("12", 12, None, None, "count"),
                ("11", 11, None, None, "count"),
                ("7", 7, None, None, "count"),
                ("6", 6, None, None, "count"),
                ("5", 5, None, None, "count"),
            ],
        ),
        (
            "pcd-asthma-hot-spots",
            "Hot spots in Nassau County increased to 9",
            [("increased to 9", 9, None, None, "count")],
        ),
        # a grouped number is an amount; "SARS-CoV-2" and "COVID-19" are names; one rate per a base
        ("nextstrain-sitrep-mutations", "We analyzed 5,193", [("5,193", 5193, None, None, "count")]),
        (
            "nextstrain-sitrep-mutations",
            "influenza would average",
            [
                ("~2 mutations per 1,000 bases", 2, None, None, "count"),
                ("~4 mutations per 1,000 bases", 4, None, None, "count"),
            ],
        ),
        ("nextstrain-sitrep-mutations", "hypotheses about SARS-CoV-2 strains", []),
        # issue 19 round 2, batches 2 and 3 (dev): amounts in scale words ("a quarter of a million" is a count, not a
        # 25% share), spans of time in words, "there was one …", "437 of 2,706 people", "none of them", a year range
        (
            "ncd-medicaid-dental-roi",
            "With over a quarter of a million",
            [("over a quarter of a million", None, 250000, None, "count"), ("two-thirds", 66.7, None, None, "percent")],
        ),
        (
            "ncd-medicaid-dental-roi",
            "nearly 4.5 million rely",
            [
                ("nearly 7.3 million adults", 7300000, None, None, "count"),
                ("nearly 4.5 million", 4500000, None, None, "count"),
            ],
        ),
        (
            "conv-plague-microbiologist",
            "tens of millions",
            [("tens of millions", None, 10000000, None, "count"), ("up to half", None, None, 50, "percent")],
        ),
        ("conv-plague-lab-risk", "within a day or two", [("a day or two", None, 1, 2, "day")]),
        ("vdb-biological-clock", "internal rhythm of about a day", [("about a day", 1, None, None, "day")]),
        ("vdb-biological-clock", "there was one biological clock", [("one", 1, None, None, "count")]),
        (
            "pcd-usvi-diabetes",
            "437 of 2,706 people",
            [
                ("437", 437, None, None, "count"),
                ("2,706 people", 2706, None, None, "count"),
                ("16%", 16, None, None, "percent"),
            ],
        ),
        ("pcd-usvi-diabetes", "Using 1 estimate", [("1 estimate", 1, None, None, "count")]),
        (
            "ncd-clinical-trials-inclusion",
            "by the age of 55",
            [("90 percent", 90, None, None, "percent"), ("the age of 55", 55, None, None, "year")],
        ),
        ("pcd-asthma-hot-spots", "into 1 of 17", [("17 predefined categories", 17, None, None, "count")]),
        # concentrations and the gram's symbol as a paper prints them (eLife, seen after round 2)
        (
            "elife-tannic-acid-cftr",
            "EC50 between 8",
            [("8 µM", 8, None, None, "micromolar"), ("150 mM", 150, None, None, "millimolar")],
        ),
        ("elife-tannic-acid-cftr", "(5–50 mM)", [("5–50 mM", None, 5, 50, "millimolar")]),
        (
            "elife-tannic-acid-cftr",
            "clinical doses are 0.5",
            [
                ("0.5–1 g", None, 0.5, 1, "gram"),
                ("8–16 µM", None, 8, 16, "micromolar"),
                ("40–80 times", None, 40, 80, "times"),
            ],
        ),
        # a list of counts that ends with "one state"; "at least one statute that …" (not "one … that")
        (
            "ncd-futile-care-bias",
            "one state prohibits",
            [
                ("19 state laws", 19, None, None, "count"),
                ("18 state laws", 18, None, None, "count"),
                ("two state laws", 2, None, None, "count"),
                ("11 states", 11, None, None, "count"),
                ("one", 1, None, None, "count"),
            ],
        ),
        ("ncd-futile-care-bias", "at least one statute", [("at least one statute", None, 1, None, "count")]),
        # an age as a decade of life
        (
            "nci-aspirin-lynch-syndrome",
            "in their 40s",
            [("their 40s", None, 40, 49, "year"), ("approximately 15 percent", 15, None, None, "percent")],
        ),
        # a trial record (ClinicalTrials.gov, seen after round 2): a scale's range, a count in a compound, a list
        # item that leaves out the unit of the one before ("1 month post …, and 4 post …"), and the level of
        # "95% confidence intervals" (plural), no figure
        (
            "ctgov-ctdna-lung-cancer",
            "range in score from 0 to 100",
            [("from 0 to 100", None, 0, 100, "count")],
        ),
        (
            "ctgov-ctdna-lung-cancer",
            "A two part questionnaire",
            [("up to 12 months", None, None, 12, "month"), ("two part", 2, None, None, "count")],
        ),
        (
            "ctgov-ctdna-lung-cancer",
            "and 4 post definitive",
            [("1 month", 1, None, None, "month"), ("4", 4, None, None, "month")],
        ),
        ("ctgov-ctdna-lung-cancer", "95% confidence intervals", []),
        # laboratory values of a case report (Hindawi): a temperature and a concentration per volume
        (
            "hindawi-edwardsiella-endocarditis",
            "procalcitonin (38.63",
            [
                ("38.2°C", 38.2, None, None, "degree-celsius"),
                ("27%", 27, None, None, "percent"),
                ("38.63 ng/mL", 38.63, None, None, "nanogram-per-millilitre"),
            ],
        ),
        # a hyphenated noun counted ("two meta-analyses")
        (
            "nci-aspirin-lynch-syndrome",
            "two meta-analyses",
            [("two meta-analyses", 2, None, None, "count"), ("4 years", 4, None, None, "year")],
        ),
        # a bare figure after a date's month is the date, not a count left without its noun
        (
            "conv-plague-microbiologist",
            "died on October 2",
            [("Nearly 200 people", 200, None, None, "count"), ("28-year", 28, None, None, "year")],
        ),
    ],
)
def test_statistics_of_real_sentences(article_id, fragment, expected):
    text = sentence(article_id, fragment)
    got = [(s, v, lo, hi, u) for s, v, lo, hi, u in figures(text)]
    assert got == [(s, v, lo, hi, u) for s, v, lo, hi, u in expected], text


def test_the_interquartile_range_stays_with_its_median():
    text = sentence("pcd-stroke-transfer-maps", "the median driving distance")
    assert [(s, v, u) for s, v, _, _, u in figures(text)][:2] == [
        ("44.5 (IQR, 29.0–73.3) miles", 44.5, "mile"),
        ("52.5 (IQR, 33.8–86.0) minutes", 52.5, "minute"),
    ]


def test_a_p_value_threshold():
    text = sentence("pcd-asthma-hot-spots", "P < .10")
    assert ("P < .10", None, None, 0.1, "ratio") in figures(text)


@pytest.mark.parametrize(
    "text",
    [
        "More from Medical Daily",  # a publisher's name (Medical Daily, msn-sad-movies), not "every day"
        "visits per 10,000 population",  # the base of a rate
        "It rained for a day.",  # "a day" alone is a unit of time, not an amount worth a claim
        "We met a year ago.",
        "1 West Wilson, Rm 218",  # an address
        "Temperatures were in the 80s.",  # degrees or a decade of the century: no one's age
        "Smith, 2019, found the same.",  # a year after a name is a citation, not an age
        "The 10 MM fund grew.",  # "MM" is no length: the SI's "mm" is read in its own case only
        # a label's number joined to the next label of its kind (noticed in the sixth round's review: the
        # "X vs. Y" rule read the second label as a compared value)
        "Survival in stage 3 vs 4 disease differed.",
        "Type 1 vs. 2 diabetes are different diseases.",
        "types 1 and 2 diabetes",
        "grade 2 or 3 tumours",
    ],
)
def test_never_statistics(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # sentences as BuzzFeed's and WebMD's pages print them (seen after round 2; texts kept out of the repository)
        (
            "Eloise Parry, 21, was taken to Royal Shrewsbury hospital on 12 April.",
            [("21", 21, None, None, "year")],  # an age after a name, not the name with it
        ),
        (
            "two tablets was a lethal dose – and she had taken eight,",
            [("two tablets", 2, None, None, "count"), ("eight", 8, None, None, "count")],  # the noun left out
        ),
        ("eat tiny amounts of peanuts after they wore it for a year.", [("a year", 1, None, None, "year")]),
        ("women in their early 30s", [("their early 30s", None, 30, 33, "year")]),
        # after a label and its joined label, the figures that follow are still read
        ("Stage 2 or 3 cancer in 40% of cases.", [("40%", 40, None, None, "percent")]),
        ("stage 2 and 30% of them died", [("30%", 30, None, None, "percent")]),
        ("stage 4 and 12 patients died", [("12 patients", 12, None, None, "count")]),
    ],
)
def test_figures_of_news_pages(text, expected):
    assert figures(text) == expected


def test_the_units_read_case_sensitively_are_in_the_vocabulary():
    """A concentration or a gram drafted from a page builds: its unit is a key of kg.dataset.vocab.UNITS."""
    from kg.dataset.vocab import UNITS
    from kg.ingest.quantities import CASED_UNITS

    assert {unit for unit, _ in CASED_UNITS.values()} <= set(UNITS)
    assert [q.unit for q in find_quantities("8–16 µM, 8 μM, 5 mM, 3 nM, 2 g", 0, 30)] == [
        "micromolar",
        "micromolar",
        "millimolar",
        "nanomolar",
        "gram",
    ]
    text = "126 mg/dL, 5 mg, 101 °F, 4 mmol/L"
    assert [(q.stated_as, q.unit) for q in find_quantities(text, 0, len(text))] == [
        ("126 mg/dL", "milligram-per-decilitre"),  # not "126 mg" and a stray "/dL"
        ("5 mg", "milligram"),
        ("101 °F", "degree-fahrenheit"),
        ("4 mmol/L", "millimole-per-litre"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # laboratory and field methods as journals print them (batch 9: Memórias do IOC and J Glob Infect Dis
        # sentences, texts kept out of the repository): the degree typed as the ordinal indicator "º", as a
        # superscript read "° C", a temperature below zero, a microlitre
        ("Sera were transported and kept at -80ºC until use.", [("-80ºC", -80, None, None, "degree-celsius")]),
        ("but high fever (around 39ºC) in only two.", [("around 39ºC", 39, None, None, "degree-celsius")]),
        (
            "mean minimum and maximum temperatures of 8.7° C and 34.2° C in June and October",
            [("8.7° C", 8.7, None, None, "degree-celsius"), ("34.2° C", 34.2, None, None, "degree-celsius")],
        ),
        ("Stored at −20 °C.", [("−20 °C", -20, None, None, "degree-celsius")]),  # the minus sign, U+2212
        ("Viral RNA was extracted from 140 µL of sera", [("140 µL", 140, None, None, "microlitre")]),
        # two numbers in words under twenty joined by a hyphen: a range, not their sum ("one-eight" was 9)
        ("The duration of fever ranged from one-eight days.", [("one-eight days", None, 1, 8, "day")]),
        ("twenty-one days", [("twenty-one days", 21, None, None, "day")]),
        # a word typed against the percent sign (no space), and the year before "to" that says when
        (
            "has increased from 43%in 2006 to 74% in 2012.",
            [("43%", 43, None, None, "percent"), ("74%", 74, None, None, "percent")],
        ),
    ],
)
def test_figures_of_methods_sections(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", ["the 5%ile was low", "A well-20°C mark", "five-three days"])
def test_never_statistics_of_methods_sections(text):
    assert figures(text) == []


def test_a_named_parameter_and_its_interval_as_a_modelling_report_gives_them():
    """ISPM Bern's report (batch 9, committed): "a basic reproduction number of 2.2 (90% high density interval:
    1.4-3.8)" is the parameter and its interval's two ends; the interval's level is no statistic."""
    text = sentence("althaus-covid-cfr-outside-china", "basic reproduction number of 2.2")
    got = [(s, v, lo, hi) for s, v, lo, hi, _ in figures(text)]
    assert got[:2] == [("2.2", 2.2, None, None), ("1.4-3.8", None, 1.4, 3.8)]
    assert not any(s.startswith("90") for s, *_ in got)
    text = sentence("althaus-covid-cfr-outside-china", "shape parameter of")
    assert ("5.1", 5.1, None, None, "ratio") in figures(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a case series' counts out of its total, in brackets (Memórias do IOC, batch 9; text kept out of the repository)
        (
            "Other symptoms included headache (6/8), retroorbital pain (4/8) and myalgia (6/8).",
            [("6/8", 0.75, None, None, "ratio"), ("4/8", 0.5, None, None, "ratio"), ("6/8", 0.75, None, None, "ratio")],
        ),
        (
            "The mean age was 44 years (range, 18-65).",
            [("44 years", 44, None, None, "year"), ("18-65", None, 18, 65, "count")],
        ),
        ("OR 2.1 (95% CI, 1.4–3.8)", [("OR 2.1", 2.1, None, None, "ratio"), ("1.4–3.8", None, 1.4, 3.8, "count")]),
        (
            "bootstrap support values > 70 (1,000 replicates)",
            [("> 70", None, 70, None, "count"), ("1,000 replicates", 1000, None, None, "count")],
        ),
        ("an R0 of 2.5", [("2.5", 2.5, None, None, "ratio")]),
        # a titre: "1:16" is no time of day when its digits go on after a thousands comma
        ("demonstrated a rise in the titre to 1:16,384.", [("1:16,384", 1 / 16384, None, None, "ratio")]),
    ],
)
def test_figures_of_results_sections(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", ["Published (12/03) today", "The meeting was at 10:30 today.", "if x > 5 then"])
def test_never_statistics_of_results_sections(text):
    assert figures(text) == []
