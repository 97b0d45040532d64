"""kg.audit.wording on the real-article corpus (benchmarks/corpus/, dev split): words that hold a number but state
no amount, a figure inside a named person's quote, a report a press release names, figure captions that credit a
reference, and the research-report heading a figure stands under. The committed texts are read as they are; a
sentence of a page saved as HTML is quoted as the draft holds it, or as the page prints it (the article is named beside it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.audit import wording

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus"


def text_of(article: str) -> str:
    [path] = [p for p in (CORPUS / article).iterdir() if p.name != "annotation.yaml"]
    return path.read_text(encoding="utf-8")


def sentence(article: str, fragment: str) -> str:
    """The paragraph of the committed text that holds ``fragment``."""
    text = text_of(article)
    at = text.index(fragment)
    return text[text.rfind("\n", 0, at) + 1 : text.find("\n", at)]


@pytest.mark.parametrize(
    "article, fragment, stated_as",
    [
        ("vdb-biological-clock", "which are synchronized to our 24 hour day-night rhythm", "24 hour day"),
        ("vdb-biological-clock", "is a rhythm of about 24 hours", "about 24 hours"),  # a definition ('circa dies')
        ("vdb-biological-clock", "With a regular 24 hour light-dark rhythm", "24 hour"),
        ("vdb-biological-clock", "after entraining to a 24-hour day-light rhythm", "24-hour day"),
        ("vdb-biological-clock", "The sleep-wake cycle, the female", "daily"),
        ("ncd-disaster-institutionalization-letter", "A 24-hour disaster hotline has received", "24-hour"),
        ("ncd-disaster-institutionalization-letter", "Neither agency has a 24-hour complaint hotline", "24-hour"),
        ("ncd-medicaid-dental-roi", "Adults with I/DD ages 18 and older", "ages 18 and older"),
        ("ncd-medicaid-dental-roi", "With over a quarter of a million adults", "over a quarter"),
        ("conv-plague-microbiologist", "28-year-old", "28-year"),
        (
            "nextstrain-sitrep-mutations",
            "this corresponds to roughly",
            "~1 mutation per 1,000 bases",
        ),  # its own arithmetic
        # the day a rhythm is set to (the second "24 hour" of the sentence, not the one inside "longer than 24 hours")
        ("vdb-biological-clock", "to adjust its rhythm to follow exactly 24 hours", "24 hours"),
        ("vdb-biological-clock", "needs to be compressed to be in sync with a 24 hour rhythm", "24 hour"),
        # a time limit: the laws' definition of terminal illness
        ("ncd-assisted-suicide-letter", "did not result in death within six months", "six months"),
        ("ncd-assisted-suicide-letter", "predict the person will die within 6 months", "6 months"),
        # the period a measure is averaged over, or a standard set for (round 4)
        ("simplystats-smog-ocalypse", "24-hour average levels (the basis", "24-hour"),
        ("simplystats-smog-ocalypse", "The solid circles indicate the 24-hour average", "24-hour"),
    ],
)
def test_words_that_state_no_amount(article, fragment, stated_as):
    assert wording.not_a_figure(stated_as, sentence(article, fragment))


@pytest.mark.parametrize(
    "text, stated_as",
    [
        # vdb-biological-clock: 'the past decades'
        (
            "Although the existence of a biological clock has been known for centuries, the past decades have seen",
            "the past decades",
        ),
        # trials-prescreening-cancer (Methods): a significance threshold, and which trial a patient enrols in
        ("Two-tailed P values were reported, and P <0.05 was considered significant.", "P <0.05"),
        (
            "All participants were required to give written informed consent before enrolment in one of the four studies.",
            "one of the four studies",
        ),
        # pcd-usvi-diabetes (Data and Methods): a variable of the authors' model
        (
            "This included individual-level age and sex, and household income below 100% of the federal poverty level.",
            "100%",
        ),
        # blab-flu-forecasting-blog: a method's constraint, and a place in a period
        ("Normalization of frequencies to sum to 100% is applied across all clades.", "100%"),
        ("In the second half of the training period, the model", "half"),
        # vdb-biological-clock as drafted (the Markdown's emphasis, '*longer*', dropped): the bound says who is meant
        (
            "Consequently, people with a circadian rhythm longer than 24 hours, will tend to wake up and go to bed later",
            "longer than 24 hours",
        ),
    ],
)
def test_words_that_state_no_amount_as_drafted(text, stated_as):
    assert wording.not_a_figure(stated_as, text)


@pytest.mark.parametrize(
    "text, stated_as",
    [
        # reuters-evofem-contraceptive-gel (its text not committed): a share price's move, the company named between
        (
            "(Reuters) - Shares of Evofem Biosciences Inc jumped as much as 38 percent on Monday after its birth "
            "control gel",
            "as much as 38 percent",
        ),
        # the same story: the normal range a reading is taken against, given to explain how the gel works
        (
            "Evofem’s Amphora gel works by regulating vaginal pH within the normal range of 3.5 to 4.5, creating a "
            "hostile environment for sperm",
            "3.5 to 4.5",
        ),
        # rutherford-oral-cancer-screening: how long the exam takes, in words
        ("The exam is painless and takes only a few minutes.", "only a few minutes"),
        # harrell-bayes-covid-trials (not committed): an example a parenthesis gives to explain a term
        (
            "Statistical problems magnify when the “responder” is based on a change in state (e.g. a 2-point shift "
            "on the WHO ordinal COVID-19 Severity Scale).",
            "2-point",
        ),
    ],
)
def test_words_that_state_no_amount_round_8(text, stated_as):
    assert wording.not_a_figure(stated_as, text)


@pytest.mark.parametrize(
    "article, fragment, stated_as",
    [
        # results, each reported with no source: they stay figures
        (
            "vdb-biological-clock",
            "kept working with a regular rhythm of about 24 hours",
            "about 24 hours",
        ),  # Siffre's cave
        ("vdb-biological-clock", "with a 24 hour rhythm", "24 hour"),  # the frog-eye experiment
        ("conv-plague-microbiologist", "Between 30–60%", "30–60%"),
        ("ncd-covid-disability-report", "roughly one-third of all U.S. COVID-19 deaths", "roughly one-third"),
        ("ncd-medicaid-dental-roi", "and two-thirds of adults with I/DD on Medicaid", "two-thirds"),
        ("nextstrain-sitrep-mutations", "influenza would average", "~2 mutations per 1,000 bases per year"),
        # the fruit flies' result: what their cycle was found to be (the flies are no people the bound picks out)
        ("vdb-biological-clock", "showed a sleep-wake cycle that was also shorter", "shorter than 24 hours"),
    ],
)
def test_figures_stay_figures(article, fragment, stated_as):
    assert wording.not_a_figure(stated_as, sentence(article, fragment)) is None


def test_round_8_exceptions_leave_findings_figures():
    # a share of patients, not of a company; a range found, not the normal one; an example's figure outside brackets
    assert wording.not_a_figure("38 percent", "The share of patients who relapsed fell 38 percent.") is None
    assert wording.not_a_figure("3.5 to 4.5", "Readings ranged from 3.5 to 4.5 in treated women.") is None
    assert wording.not_a_figure("2-point", "For example, the score showed a 2-point shift in treated patients.") is None
    assert wording.not_a_figure("45 minutes", "Symptoms start after 45 minutes.") is None


def test_a_quotation_credited_to_the_researchers_named_before():
    text = text_of("nci-aspirin-lynch-syndrome")
    at = text.index("about 10 years")
    assert wording.quoted_by_them(text, at) == "they wrote"
    # outside the quotation marks, nothing is credited
    assert wording.quoted_by_them(text, text.index("The continued follow-up of CAPP2")) is None


def test_a_figure_is_read_where_it_stands_as_words_of_its_own():
    text = "people with an internal rhythm longer than 24 hours needs to be in sync with a 24 hour rhythm"
    assert wording.locate("24 hour", text) == text.index("24 hour rhythm")
    assert wording.locate("24 hours", text) == text.index("24 hours")
    # a span that happens to be inside another figure (a shorter draft of it): there
    assert wording.locate("4 hour", "a 24 hour day") == 3


def test_a_time_limit_is_no_figure_only_as_a_condition():
    # a prediction, a requirement or a negation sets the limit; a plain "within" asserts an amount, and a share
    # said to happen within the limit is a figure either way
    assert wording.not_a_figure("six months", "A patient is eligible if expected to die within six months.")
    assert wording.not_a_figure("six months", "About 40% of patients died within six months of diagnosis.") is None
    assert wording.not_a_figure("40%", "About 40% of patients will die within six months.") is None


def test_a_figure_inside_a_named_officials_quote():
    text = text_of("ncd-clinical-trials-inclusion")
    assert wording.quoted_speaker(text, text.index("“The fact that 90 percent")) == "NCD Vice Chair Emily Voorde"
    # the same figure among the report's findings is in no quote
    assert (
        wording.quoted_speaker(text, text.index("Clinical trials for Alzheimer’s therapeutics have excluded")) is None
    )
    medicaid = text_of("ncd-medicaid-dental-roi")
    # the second sentence of the quote, after "said NCD Vice Chair Jim Brett"
    assert wording.quoted_speaker(medicaid, medicaid.index("With over a quarter")) == "NCD Vice Chair Jim Brett"
    # the paragraph after the quote is the release's own
    assert wording.quoted_speaker(medicaid, medicaid.index("Poor oral health often leads")) is None


def test_the_report_a_press_release_names():
    for article, words in [
        ("ncd-covid-disability-report", "released a comprehensive report"),
        ("ncd-clinical-trials-inclusion", "released a timely report"),
        ("ncd-medicaid-dental-roi", "releases the results of a preliminary Medicaid study"),
    ]:
        text = text_of(article)
        at, found = wording.named_report(text)
        assert found == words and text[at:].startswith(words)
    # an article that reports on research without releasing a report of its own names none
    assert wording.named_report(text_of("conv-plague-microbiologist")) is None


def test_captions_that_credit_their_reference():
    text = text_of("vdb-biological-clock")
    # the page's Markdown prints the caption in HTML bold ("<b>Figure 5:</b> (<b>A</b>) When …"), crediting [4]
    assert wording.caption(text, text.index("<b>Figure 5:</b>")) == "credited"
    assert wording.caption(text, text.index("When the internal rhythm is longer")) == "credited"
    # the draft's text, where the caption's letter parts are paragraphs of their own
    drafted = "Figure 5: (A) When the internal rhythm matches. Figure adapted from Internal time [4].\n\n(B) When longer than 24 hours.\n"
    assert wording.caption(drafted, drafted.index("(B)")) == "credited"
    assert wording.caption(text, text.index("Fruit flies with a *period* gene cycle")) is None


def test_research_headings_over_descriptive_subheadings():
    # trials-prescreening-cancer, as the draft's text prints its headings (one a line)
    text = (
        "Background\nThe randomized controlled trial is the gold standard.\nMethods\n"
        "Evaluation and statistical analysis\nTwo-tailed P values were reported.\nResults\n"
        "Pre-screening rates based on the multidisciplinary cancer team’s decisions\n"
        "GETUG 14 was the RCT with the highest rate (72.6%).\nDiscussion\nIn this study, 9.1%.\n"
        "Abbreviations\nRCT: Randomized controlled trial\n"
    )
    marks = wording.research_sections(text)
    assert wording.research_section(marks, text.index("GETUG 14")) == "Results"
    assert wording.research_section(marks, text.index("Two-tailed")) == "Evaluation and statistical analysis"
    assert wording.research_section(marks, text.index("The randomized")) is None  # Background
    assert wording.research_section(marks, text.index("RCT: Randomized")) is None  # Abbreviations
    # pcd-usvi-diabetes: the GIS Snapshot's own parts; the page's menu ("  • Highlights") is no heading
    pcd = "  • Data and Methods\n\n  • Highlights\n\nBackground\n\nDiabetes is common.\n\nHighlights\n\n437 of 2,706 people (16%).\n"
    assert wording.research_section(wording.research_sections(pcd), pcd.index("437")) == "Highlights"
    assert wording.research_section(wording.research_sections(pcd), pcd.index("Diabetes")) is None


def test_hostile_text_is_read_in_bounded_time():
    import time

    hostile = ("“" + "a " * 20000 + "\n") * 5 + ("Figure 1: " + "B: x\n" * 2000) + ("24 " * 30000)
    start = time.process_time()  # CPU time: a hang guard, which a loaded machine must not fail
    wording.not_a_figure("24 hours", hostile)
    wording.quoted_speaker(hostile, len(hostile) // 2)
    wording.named_report(hostile)
    wording.caption(hostile, len(hostile) - 10)
    wording.research_section(wording.research_sections(hostile), len(hostile) - 1)
    for stated_as in ("six months", "24 hour", "1,000,000 people", "a few hundred"):
        wording.not_a_figure(stated_as, "in sync with a " * 5000 + "within " * 5000 + stated_as)
        wording.population_count(stated_as, hostile + stated_as + " word" * 5000)
    assert time.process_time() - start < 2


def test_news_of_one_study_names_it_where_the_page_says_where_it_was_published():
    """News of a study names it by its journal ("the findings were published in the journal Current Biology"):
    a figure of that study is then uncited, not sourceless (a warning, not an error). The texts are Medical News
    Today's and Medical Daily's pages of the corpus, not committed for their licence: the test runs where they are."""
    import os

    private = Path(os.environ.get("EKG_PRIVATE_CORPUS", "/work/corpus-private"))
    if not (private / "mnt-aha-moment" / "article.html").is_file():
        pytest.skip(f"the uncommitted corpus texts are not at {private} (set EKG_PRIVATE_CORPUS)")
    from kg.ingest.markup import html_to_text

    for article, words in [
        ("mnt-aha-moment", "published in the journal Current Biology"),
        ("msn-sad-movies", "published in the journal  Royal Society Open Science"),
    ]:
        text = html_to_text((private / article / "article.html").read_text(encoding="utf-8")).text
        found = wording.named_report(text)
        assert found is not None, article
        at, named = found
        assert " ".join(words.split())[:30] in " ".join(text[at : at + 200].split()), (article, named)
    # the seed cites its study with a cue; the phrase alone in a sentence with no study word names nothing
    assert wording.named_report("Runners published in the local paper said it helped.") is None


def test_a_loose_span_in_words_is_not_a_figure_to_source():
    """Spans ingest now drafts from words (round 2 of issue 19) were audited as figures stated with no source; each
    was judged wrong. A span with a number stays a figure."""
    for article, stated in [
        ("conv-plague-lab-risk", "just a few days"),
        ("ncd-covid-disability-report", "For decades"),
        ("vdb-biological-clock", "about a day"),
    ]:
        text = text_of(article)
        assert stated in text, (article, stated)
        assert (
            wording.not_a_figure(stated, text)
            == "it is a loose span in words (a few days, decades), not a measured amount"
        )
    assert wording.not_a_figure("3 days", "Symptoms start within 3 days.") is None
    assert wording.not_a_figure("two weeks", "Symptoms start within two weeks.") is None


def test_evidence_its_owner_names_is_not_a_vague_attribution():
    """NCD's letter on assisted suicide (batch 2, seen): "NCD's research shows", "Oregon state data shows" and "our
    review of available data found" name whose research or data it is; each was raised as unnamed evidence."""
    from kg.audit.rules import VAGUE, _named_elsewhere

    text = text_of("ncd-assisted-suicide-letter")
    for phrase in ["research shows that these provisions", "data shows the truth", "data found that the top five"]:
        at = text.index(phrase)
        match = VAGUE.search(text, at, at + len(phrase))
        assert match and _named_elsewhere(match), phrase
    for unnamed in [
        "But research shows that walking helps.",
        "Studies show that runners recover.",
        "Many experts say so.",
    ]:
        assert not _named_elsewhere(VAGUE.search(unnamed)), unnamed


@pytest.mark.parametrize(
    "article, fragment, stated_as, counts",
    [
        # a population figure owed a source
        ("ncd-covid-disability-report", "finding over 181,000 people with disabilities", "over 181,000 people", True),
        ("ncd-medicaid-dental-roi", "Of the nearly 7.3 million adults", "nearly 7.3 million adults", True),
        (
            "conv-plague-lab-risk",
            "there are a few hundred cases per year",
            "hundred cases",
            True,
        ),  # as drafted, "a few" before it
        ("conv-plague-microbiologist", "killed up to 12 million people", "up to 12 million people", True),
        # money, a count of states, a loose "millions": no population figure
        ("ncd-medicaid-dental-roi", "a ROI of approximately $7.7 million", "approximately $7.7 million", False),
        ("ncd-medicaid-dental-roi", "for those 12 states", "12 states", False),
        ("conv-plague-lab-risk", "The Black Death killed millions globally", "millions", False),
    ],
)
def test_large_counts_of_people_are_population_figures(article, fragment, stated_as, counts):
    assert wording.population_count(stated_as, sentence(article, fragment)) is counts


def test_a_count_grouped_by_spaces_of_a_nations_people():
    """Round 8: the WHO Bulletin groups digits by a space, as SI and ISO 80000 do ('some 27 000 Fijians'), and counts
    people by their nation's name: a population figure, and a count, not a name."""
    from kg.audit import page

    [path] = [p for p in (CORPUS / "who-bulletin-fiji-climate-health").iterdir() if p.name != "annotation.yaml"]
    raw = path.read_text(encoding="utf-8")
    at = raw.index("Lal is one of some 27 000 Fijians")
    text = raw[at : raw.index(".", at) + 1]
    assert wording.population_count("some 27 000 Fijians", text)
    assert not page.part_of_a_name("some 27 000 Fijians", text)
    # grouped digits of something else, and a capitalised word that is no nation's people, stay as they were
    assert not wording.population_count("27 000 tonnes", "The plant makes 27 000 tonnes a year.")
    assert page.part_of_a_name("30 Days", "The film 30 Days of Night opens.")


def test_round_8_patterns_are_read_in_bounded_time():
    """The patterns of round 8 on hostile text (every byte of a page is untrusted): each returns in bounded time."""
    import time

    from kg.audit import rules

    start = time.process_time()
    hostile = [
        "findings of a " * 5000 + "study",
        "the trial, " * 5000,
        "Shares of " + "Acme " * 5000 + "jumped",
        "(1, " * 5000 + ")",
        "[2-" * 5000,
        "the study " * 5000 + "published in",
        '"' * 20000 + "”" * 20000,
        "normal range of " * 5000,
    ]
    for text in hostile:
        rules._STUDY_CREDIT.search(text)
        rules._STUDY_IN_JOURNAL.search(text)
        rules._END_MARKER.search(text)
        rules._TITLED_NAME.search(text)
        rules._PRINTED_NOTICE.search(text)
        list(rules.mismatched_quotes(text))
        wording.not_a_figure("38 percent", text + " 38 percent")
        wording.quoted_by_them(text, len(text) // 2)
    assert time.process_time() - start < 5
