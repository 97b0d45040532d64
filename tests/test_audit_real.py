"""The audit on the committed dev articles of the real-article corpus (benchmarks/corpus/), against the hand judgements
recorded in each annotation's ``audit:`` list (right or wrong, with why).

Batch 1 is the batch the rules were written on: every finding there is judged right, save the few judged wrong and
listed below by name. Batches 2 and 3 were added after the rules and judged by hand without changing any rule: they
measure the audit on articles it has not seen. There every finding must be judged, every error must be right (an
article whose error was judged wrong is an expected failure, marked so with its reason, never hidden), and the
warnings hold a floor a little under what was measured. The held-out quarter is never asserted on."""

from __future__ import annotations

import pytest

from tests.test_real_articles import UNMEASURED, bench

CORPUS = bench.CORPUS

#: a batch still UNMEASURED is the next round's unseen measurement: never ingested here before the lead's one run.
#: Batch 5 was measured so, then its dev part worked on by ingest and by the audit in the fourth round, and is tested
#: here with the others
COMMITTED = {
    a["id"]: a
    for a in bench.load_annotations()
    if a["split"] == "dev" and a.get("committed", True) and a["id"] not in UNMEASURED
}
#: measured held-out at the end of the second 2026-12-07 session, then read to be worked on (their ``seen:``)
SEEN_AFTER_ROUND_2 = {i for i, a in COMMITTED.items() if "second 2026-12-07 session" in (a.get("seen") or "")}
FIRST = sorted(i for i, a in COMMITTED.items() if bench.batch_of(a) == 1 and i not in SEEN_AFTER_ROUND_2)
UNSEEN = sorted(i for i, a in COMMITTED.items() if bench.batch_of(a) >= 2 and i not in SEEN_AFTER_ROUND_2)

# Batch 1 warnings judged wrong and recorded so in their annotation: tolerated there, and no other wrong one.
# The one there was, the nextstrain report's own arithmetic ('this corresponds to roughly ~1 mutation per 1,000
# bases'), is no longer raised (round 2 of issue 20; NOT_RAISED below); its judgement stays in the annotation.
KNOWN_WRONG_WARNINGS: set[tuple[str, str, str]] = set()

# Errors judged wrong on the unseen batches (their annotations say why); each makes that article's error test fail.
# Round 2 of issue 20 fixed the three recorded when batches 2 and 3 were first judged (NCD press releases: figures
# credited to the report the release names, and figures inside a named official's quote): none is left.
# Round 5: the CAPP2 trial's figure on the NCI page (credited to the trial the page names and links in the next
# paragraph) is a warning now: its paragraph names a trial, so the rule cannot be certain it cites nothing.
WRONG_ERRORS: dict[str, str] = {}

# Measured on the unseen batches (2 and 3) when they were first judged: 12 of 59 warnings right; after the
# reference-list work merged and the flu blog post moved to dev, 12 of 74. After round 2 of issue 20 (words that
# state no amount, the authors' own results under a research report's headings, split-off BMC pieces, entries the
# draft did not read, software entries, multi-work cues, DOI page numbers, a group's bound): 16 of 18. After ingest
# round 2 (more drafted: statutes, "ibid.", spans in words) and the fixes for what that raised: 20 of 22. Both rounds
# were developed on these articles: they are no longer unseen (only their held-out quarters are). With the NCD
# assisted-suicide letter, held out and measured once, then seen (4 wrong warnings left: the laws' "six months"
# definition, a testimony read as a journal article): 22 of 28. After round 3 (the day a rhythm is set to, a time limit
# set as a condition, a legislature's record): 22 of 22.
UNSEEN_WARNINGS_RIGHT = 21
UNSEEN_WARNINGS_PRECISION = 0.9


@pytest.fixture(scope="module")
def results():
    return {i: bench.run_article(a, None) for i, a in COMMITTED.items()}


def _findings(result: dict, severity: str) -> list[dict]:
    assert result["status"] == "drafted", result.get("error")
    return [f for f in result["findings"] if f["severity"] == severity]


def _errors_case(article: str):
    if article in WRONG_ERRORS:
        return pytest.param(article, marks=pytest.mark.xfail(strict=True, reason=WRONG_ERRORS[article]))
    return article


#: findings a rule raises for the first time, left unjudged for the lead to judge (the engineer who wrote the rule
#: does not judge its findings): named here so that no other goes unjudged, and taken off once judged. Round 8's two
#: (ctgov's retracted Shao 2001, nci's 'Dr. Burns') were judged right by the lead and are in their annotations
AWAITING_JUDGEMENT: set[tuple[str, str, str, str]] = set()


@pytest.mark.parametrize("article", sorted(COMMITTED))
def test_every_error_and_warning_is_judged(results, article):
    result = results[article]
    assert result["status"] == "drafted", result.get("error")
    unjudged = {
        (article, f["rule"], f["severity"], f["subject"])
        for f in result["findings"]
        if f["verdict"] not in ("right", "wrong")
    }
    assert unjudged == {a for a in AWAITING_JUDGEMENT if a[0] == article}


@pytest.mark.parametrize("article", [_errors_case(a) for a in sorted(COMMITTED)])
def test_every_error_is_judged_right(results, article):
    wrong = [
        (f["rule"], f["subject"], f["verdict"]) for f in _findings(results[article], "error") if f["verdict"] != "right"
    ]
    assert wrong == []


@pytest.mark.parametrize("article", FIRST)
def test_first_batch_warnings_are_right_but_the_known_wrong_ones(results, article):
    wrong = {
        (article, f["rule"], f["subject"]) for f in _findings(results[article], "warning") if f["verdict"] != "right"
    }
    assert wrong <= KNOWN_WRONG_WARNINGS


def test_wrong_lists_match_the_annotations(results):
    """Every entry above is still a finding judged wrong: a fixed one is taken off, so the lists cannot go stale."""
    for article, rule, subject in KNOWN_WRONG_WARNINGS:
        verdicts = [
            f["verdict"] for f in _findings(results[article], "warning") if (f["rule"], f["subject"]) == (rule, subject)
        ]
        assert verdicts == ["wrong"], (article, rule, subject)
    for article in WRONG_ERRORS:
        assert any(f["verdict"] == "wrong" for f in _findings(results[article], "error")), article


def test_unseen_batches_warnings_floor(results):
    warnings = [f for a in UNSEEN for f in _findings(results[a], "warning")]
    right = sum(f["verdict"] == "right" for f in warnings)
    assert UNSEEN and right >= UNSEEN_WARNINGS_RIGHT, (right, len(warnings))
    assert right / len(warnings) >= UNSEEN_WARNINGS_PRECISION, (right, len(warnings))


# The annotated defects of the committed dev articles that no finding reports, decided by hand by reading every finding
# of each article against each defect (round 3 of issue 20): the benchmark's matcher (``reported_by``) must miss exactly
# these, so that it neither counts a finding that says something else nor misses one that says it. Before round 3 the
# matcher counted 34 of the 79 dev defects and a hand reading found 43 reported; after it, 68 (both readings agree).
# Round 4 (batch 4 joined; committed and private dev articles, 101 defects): 74 counted before, 83 after: 4 by the
# matcher reading what findings already said (a family for stat-expert-only, "Surname Year" entries, a span quoted
# loosely), 5 by new findings (a vague attribution beside its span, an entry cited ahead of print, misspelt words).
MISSED_BY_HAND = {
    (
        "blab-flu-forecasting-blog",
        "cue-ambiguous",
        "Lee et al. 2019 / Lee et al. 2018, Neher (2013) / Neher et al. (2014)",
    ),
    (
        "conv-plague-microbiologist",
        "claim-contested",
        "only been one documented major outbreak of the pneumonic plague, in the 1910s in China",
    ),
    ("ncd-assisted-suicide-letter", "cue-missing", "nearly 30 years"),
    ("ncd-clinical-trials-inclusion", "stat-uncited", "none of them have ever been included in a clinical trial"),
    ("ncd-disaster-institutionalization-letter", "cue-unsupported", "<sup>4</sup>"),
    ("pcd-stroke-transfer-maps", "cue-mismatch", "ref 7"),
    ("trials-prescreening-cancer", "cue-mismatch", "[4] for 'around 5% for oncology RCTs'"),
    ("vdb-biological-clock", "cue-unsupported", "37 nights … 62 nights"),
    # batch 4 (round 4 of issue 20), read by hand against every finding of each article:
    # the figure's sentence holds no statistic the draft reads ('a rating of 3'), so no rule looks at it
    (
        "hindawi-edwardsiella-endocarditis",
        "cue-placement",
        "rating of 3 for the American College of Radiology Appropriateness Criteria",
    ),
    ("hindawi-edwardsiella-endocarditis", "ref-author-role", "ref 2"),  # who edited the book: outside knowledge
    ("plos-des-methylation", "ref-volume", "ref 24"),  # Epidemiology's volume for 2013: outside knowledge
    # ingest keeps one of the two ids the JATS entry prints (its pub-id, as 'PMID: 8740934'): the audit never sees
    # the other (object-id 8981016)
    ("plos-des-methylation", "ref-identifier-conflict", "ref 16"),
    # an assumption ('if we assume that about 700 people die'): stat-uncited's finding on the sentence names
    # 'about 20 million people' and '5 days', not the 700
    ("simplystats-smog-ocalypse", "stat-uncited", "about 700 people die on a typical day"),
    # ref 3's mixed initials are reported, ref 1's 'Science ,' is not: ingest stores the entry as 'Science, 148'
    ("vdb-biological-clock", "ref-punctuation", "ref 1, ref 3"),
    # measured held-out at the end of the second 2026-12-07 session (then seen): what the audit missed there
    ("ctgov-ctdna-lung-cancer", "stat-unit-missing", "4 post definitive treatment"),
    ("ncd-futile-care-bias", "cue-missing", "Very rarely do medical futility disputes make it to a court of law"),
    ("ncd-futile-care-bias", "stat-uncited", "19 state laws … 18 … two … 11 … one state"),
    # (batch 5's 'some 27 000 Fijians' is reported since round 8, digits grouped by a space and a nation's people
    # read as a population count; but by an info that calls it the authors' own result, since the draft puts the
    # news feature's text under the section "Abstract")
    # batch 6 (its committed dev part, tested here from the end of the fourth round; its vague sources, an
    # organisation or whole websites named with no page, are reported since audit round 7). Rutherford's lead-in 'As
    # of September 27th the CDC reported the following' is reported since the sixth 2026-12-07 round: a figure
    # credited to a body by its initials before a verb of saying ('the CDC reported'), with no page
    # batch 8 (its committed dev part, tested here from the sixth 2026-12-07 round, when UNMEASURED_BATCHES was
    # emptied): the defects no finding reports after that round's ingest and audit rules
    (
        "aware-research-waste-cases",
        "stat-inconsistent",
        "Case 2: Five hundred excessive deaths in patients not offered an effective drug",
    ),
    ("aware-research-waste-cases", "cue-missing", "“Of more than 2000 redundant clinical trials on statins"),
    ("aware-research-waste-cases", "ref-pages", "#8 (Thomas, 2024)"),
    ("aware-research-waste-cases", "metadata-date-conflict", "article"),
    ("pmean-absolute-vs-relative-risks", "ref-url-malformed", "Logan S, Bedford H, Elliman D"),
    ("pmean-absolute-vs-relative-risks", "ref-malformed", "Julian D"),
    ("pmean-cardiology-ebm-lessons", "ref-incomplete", "In the [August 6 issue]"),
    ("pmean-cardiology-ebm-lessons", "ref-incomplete", "a 2000 NEJM review article by Harris et al"),
    ("pmean-wakefield-mmr-conflict", "retracted-source", "Wakefield A; Murch S"),
    # batch 9 (its committed dev part, opened for rule work in audit round 11): read by hand against every finding of
    # each article. AJTMH's 'no entry prints a DOI' is said entry by entry (ref-doi info on 18 entries) but by no
    # finding on the list as a whole, which is what the defect names; the draft reads althaus ref 1 as a web page
    # (no journal, so no pages owed) and its ref 5's title as the author list; the rest no rule looks at
    ("ajtmh-zika-thailand", "ref-container-inconsistent", "ref 9, ref 13"),
    ("ajtmh-zika-thailand", "ref-pages", "ref 20 (Baronti 2014)"),
    ("ajtmh-zika-thailand", "ref-no-identifier", "References"),
    ("ajtmh-zika-thailand", "weak-source", "ref 13 (Shinohara 2014)"),
    (
        "ajtmh-zika-thailand",
        "stat-uncited",
        "ZIKV is an approximately 11-kb single-stranded, positive-sense ribonucleic acid (RNA) virus",
    ),
    ("althaus-covid-cfr-outside-china", "ref-incomplete", "ref 5 (Dorigatti et al., 2020)"),
    ("althaus-covid-cfr-outside-china", "ref-no-identifier", "References"),
    ("althaus-covid-cfr-outside-china", "ref-pages", "ref 1 (Riou and Althaus, 2020)"),
    ("althaus-covid-cfr-outside-china", "vague-source", "Table 1"),
    ("plosntd-conjunctivitis-returned-traveller", "ref-venue", "ref 5 (Richards et al., 2002)"),
    ("plosntd-conjunctivitis-returned-traveller", "ref-container-misspelt", "ref 8 (Khairallah et al., 2009)"),
    ("plosntd-conjunctivitis-returned-traveller", "ref-malformed", "ref 17 (Sabella, 2010)"),
    ("plosntd-conjunctivitis-returned-traveller", "ref-punctuation", "ref 11, ref 14, ref 16, ref 18, ref 19"),
    ("plosntd-conjunctivitis-returned-traveller", "cue-missing", "Table 2: Rubella"),
    ("plosntd-conjunctivitis-returned-traveller", "stat-unit-missing", "mild thrombocytopenia (148 10^9/L)"),
    (
        "plosntd-conjunctivitis-returned-traveller",
        "cue-unsupported",
        "a prospective observational study showed that conjunctivitis can occur in up to 21% of cases [2, 4, 7]",
    ),
}


def test_the_defect_matcher_agrees_with_the_hand_reading(results):
    missed = {(a, d["rule"], d["subject"]) for a in COMMITTED for d in results[a]["defects"] if not d["reported"]}
    assert missed == MISSED_BY_HAND
    defects = [d for a in COMMITTED for d in results[a]["defects"]]
    assert len(defects) >= 70 and all(d["reported_by"] for d in defects if d["reported"])


def _finding(rule, subject, message="", evidence="", highlight="", kind="reference", related=(), severity="warning"):
    return {
        "rule": rule,
        "severity": severity,
        "subject": subject,
        "kind": kind,
        "related": list(related),
        "message": message,
        "evidence": evidence,
        "highlight": highlight,
    }


def test_the_defect_matcher_by_rule_family_and_subject():
    doubled = _finding("ref-punctuation", "ref 4 (liang2022)", "has a doubled full stop", severity="info")
    # the rule's family, the entry it names (any severity)
    assert bench.reported_by({"rule": "ref-punctuation", "subject": "ref 4"}, [doubled], [])
    assert not bench.reported_by({"rule": "ref-punctuation", "subject": "ref 14"}, [doubled], [])
    assert not bench.reported_by({"rule": "ref-pages", "subject": "ref 4"}, [doubled], [])
    # a rule that reports several faults counts for this one only where its message says it
    undated = _finding("unchecked", "ref 3 (ncd)", "gives no date of publication the audit could read", severity="info")
    assert bench.reported_by({"rule": "ref-no-date", "subject": "ref 3"}, [undated], [])
    assert not bench.reported_by({"rule": "ref-no-identifier", "subject": "ref 3"}, [undated], [])
    # every entry a subject names must be reported; a duplicate names the entry it repeats
    dup = [
        _finding("ref-duplicate", "ref 7 (ncd-3)", related=["ref 3 (ncd)"]),
        _finding("ref-duplicate", "ref 8 (ncd-4)", related=["ref 3 (ncd)"]),
    ]
    assert len(bench.reported_by({"rule": "ref-duplicate", "subject": "ref 3, ref 7, ref 8"}, dup, [])) == 2
    assert not bench.reported_by({"rule": "ref-duplicate", "subject": "ref 3, ref 7, ref 9"}, dup, [])
    assert bench._entries_named("ref 1 to ref 3, ref 5") == [1, 2, 3, 5]
    # an unnumbered list's entry by its place: its printed text holds the surname and year
    lee = _finding(
        "ref-doi",
        "lee2019",
        "carries the article number 49324",
        evidence="Lee, Juhye M, … 2019. … eLife 8 (August): 3308.",
    )
    refs = [{"first_author": "Barrat-Charlaix", "year": 2020}, {"first_author": "Lee", "year": 2019}]
    assert bench.reported_by({"rule": "ref-pages", "subject": "Lee 2019 (#1)"}, [lee], refs)
    assert not bench.reported_by({"rule": "ref-pages", "subject": "Barrat-Charlaix 2020 (#0)"}, [lee], refs)
    # a quoted span: every part in a finding's evidence, and a highlighted figure inside a part
    claim = {"kind": "claim", "severity": "error"}
    bubonic = _finding(
        "stat-uncited",
        "untreated-bubonic",
        "“30% to 60%” …",
        "Untreated, bubonic plague kills an estimated 30% to 60% of patients.",
        "30% to 60%",
        **claim,
    )
    pneumonic = _finding(
        "stat-uncited",
        "untreated-pneumonic",
        "“nearly 100%” …",
        "is fatal for nearly 100% of people",
        "nearly 100%",
        **claim,
    )
    span = {"rule": "stat-uncited", "subject": "an estimated 30% to 60% … nearly 100%"}
    assert len(bench.reported_by(span, [bubonic, pneumonic], [])) == 2
    assert not bench.reported_by(span, [bubonic], [])
    siffre = _finding(
        "stat-uncited",
        "even-though-siffre",
        "“about 24 hours”",
        "Siffre thought he had spend 37 nights underground instead of "
        "the 62 nights … a regular rhythm of about 24 hours.",
        "about 24 hours",
        **claim,
    )
    assert not bench.reported_by(
        {"rule": "stat-uncited", "subject": "37 nights … 62 nights"}, [siffre], []
    )  # another figure
    # round 4: an entry of an unnumbered list named "Surname Year", each a whole word of what it prints
    nadano = _finding(
        "unchecked",
        "nadano1993",
        "has no identifier, so its DOI, year and retraction status could not be checked",
        evidence="Nadano, D., Yasuda, T. & Kishi, K. Measurement of deoxyribonuclease I activity … (1993).",
        severity="info",
    )
    assert bench.reported_by({"rule": "ref-no-identifier", "subject": "Nadano 1993"}, [nadano], [])
    assert not bench.reported_by({"rule": "ref-no-identifier", "subject": "Nadano 1994"}, [nadano], [])
    assert not bench.reported_by({"rule": "ref-no-identifier", "subject": "Nada 1993"}, [nadano], [])
    # a defect named for the rule of the finding that reports it
    kingma = _finding(
        "stat-expert-only",
        "this-model-may-overestimate",
        "“up to 35 percent” … rests on Boris Kingma's word alone",
        "this model may overestimate a woman’s metabolic rate by up to 35 percent.",
        "up to 35 percent",
        **claim,
    )
    assert bench.reported_by({"rule": "stat-expert-only", "subject": "up to 35 percent"}, [kingma], [])
    # a span quoted loosely (a plural for the text's singular), and a vague attribution that introduces the span
    peng = _finding(
        "stat-expert-only",
        "i-get-this",
        "“0.3%” …",
        "I get this from using a rough estimate of a 0.3% increase in all-cause mortality per 10 microgram per cubic meter",
        "0.3%",
        **claim,
    )
    assert bench.reported_by(
        {"rule": "stat-uncited", "subject": "0.3% increase in all-cause mortality per 10 micrograms"}, [peng], []
    )
    revealed = _finding(
        "vague-attribution",
        "the-number-of-cases",
        "“officials have revealed” appeals to unnamed evidence",
        "cases have been rising and officials have revealed people as young as teenagers have been admitted to ICU.",
        "officials have revealed",
        **claim,
    )
    span = {"rule": "stat-uncited", "subject": "people as young as teenagers have been admitted to ICU"}
    assert bench.reported_by(span, [revealed], [])
    # round 5: a work the sentence names that a reader cannot follow is about every figure of that sentence
    study = _finding(
        "vague-attribution",
        "article",
        "The text names its source as “according to a 2017 study”, but gives no reference, link or identifier for it",
        "More than 700 million adults and children worldwide are obese, according to a 2017 study",
        "according to a 2017 study",
        kind="article",
    )
    assert bench.reported_by({"rule": "stat-uncited", "subject": "More than 700 million"}, [study], [])
    assert bench.reported_by({"rule": "ref-incomplete", "subject": "line"}, [study], [])
    assert not bench.reported_by({"rule": "stat-uncited", "subject": "More than 800 million"}, [study], [])
    assert not bench.reported_by({"rule": "stat-uncited", "subject": "cases have been rising"}, [revealed], [])


def test_findings_on_real_entries(results):
    found = {(r_id, f["rule"], f["subject"].split(" (")[0]) for r_id, r in results.items() for f in r["findings"]}
    assert ("pcd-stroke-transfer-maps", "ref-access-date", "ref 2") in found  # revised after it was read
    assert ("pcd-stroke-transfer-maps", "ref-access-date", "ref 6") in found  # dated after it was read
    assert ("pcd-stroke-transfer-maps", "ref-access-date", "ref 8") not in found  # dated the year it was read
    assert ("mmwr-foreword-winnable-battles", "ref-venue", "ref 6") in found  # MWMR among MMWRs
    assert ("mmwr-foreword-winnable-battles", "ref-venue", "ref 5") not in found
    assert ("pcd-asthma-hot-spots", "ref-volume-issue", "ref 14") in found  # an ISSN as the issue


# Round 2 of issue 20: each cause the judge found, on the real text that showed it. (article, rule, subject) that
# must no longer be raised as an error or a warning, and findings that must be raised instead.
NOT_RAISED = [
    ("vdb-biological-clock", "stat-uncited", "we-now-know-that-nearly-every"),  # 'our 24 hour day-night rhythm'
    ("vdb-biological-clock", "stat-uncited", "a-circadian-rhythm-from-the-latin"),  # a definition ('about 24 hours')
    ("vdb-biological-clock", "stat-uncited", "the-sleep-wake-cycle-the-female"),  # 'daily, monthly'
    ("vdb-biological-clock", "stat-uncited", "although-the-existence-of-a-biological"),  # 'the past decades'
    ("vdb-biological-clock", "stat-uncited", "figure-5-a-when-the-internal"),  # a caption crediting [4]
    ("vdb-biological-clock", "stat-uncited", "b-when-the-internal-rhythm-is"),  # its letter part
    ("ncd-disaster-institutionalization-letter", "stat-uncited", "a-24-hour-disaster-hotline-has"),
    ("ncd-medicaid-dental-roi", "stat-uncited", "adults-with-i-dd-ages-18"),  # 'ages 18 and older'
    ("conv-plague-microbiologist", "stat-uncited", "nearly-200-people-are-in-quarantine"),  # '28-year-old'
    ("trials-prescreening-cancer", "stat-uncited", "two-tailed-p-values-were-reported"),  # 'P <0.05'
    (
        "trials-prescreening-cancer",
        "stat-uncited",
        "all-participants-were-required-to-give",
    ),  # 'one of the four studies'
    (
        "pcd-usvi-diabetes",
        "stat-uncited",
        "this-included-individual-level-age-and",
    ),  # '100% of the federal poverty level'
    ("blab-flu-forecasting-blog", "stat-uncited", "normalization-of-frequencies-to-sum-to"),  # 'sum to 100%'
    ("blab-flu-forecasting-blog", "stat-uncited", "in-the-second-half-of-the"),  # 'the second half of'
    (
        "trials-prescreening-cancer",
        "stat-uncited",
        "getug-14-was-the-rct-with",
    ),  # Results, under a descriptive subheading
    ("pcd-usvi-diabetes", "stat-uncited", "st-croix-diabetes-prevalence-was-estimated"),  # pcd 'Highlights'
    ("pcd-usvi-diabetes", "stat-uncited", "this-was-exemplified-by-water-islands"),  # pcd 'Action'
    ("trials-prescreening-cancer", "ref-malformed", "ref 1 (caldwell)"),  # its year is in the split-off piece
    ("trials-prescreening-cancer", "ref-uncited", "jama2004"),  # the piece itself
    ("ncd-disaster-institutionalization-letter", "ref-numbering", "article"),  # entries 1-4 printed, not read
    ("ncd-disaster-institutionalization-letter", "cue-past-end", "article"),  # '(10)' inside printed entry 2
    ("pcd-usvi-diabetes", "ref-pages", "ref 6 (rfsc)"),  # R, software
    ("blab-flu-forecasting-blog", "cue-mismatch", "additionally-the-complex-and-strong-pressures"),  # a two-work cue
    ("blab-flu-forecasting-blog", "ref-year-mismatch", "bush1999"),  # '1921' is the DOI's page
    ("nextstrain-sitrep-mutations", "stat-uncited", "as-the-whole-sars-cov-2"),  # 'this corresponds to ...'
    ("vdb-biological-clock", "stat-uncited", "consequently-people-with-a-circadian-rhythm"),  # the bound of a group
    # round 3: the day a rhythm is set to, a time limit, a legislature's record taken for a journal
    ("vdb-biological-clock", "stat-uncited", "the-zeitgeber-can-be-seen-as"),  # 'to follow exactly 24 hours'
    ("vdb-biological-clock", "stat-uncited", "for-example-the-internal-clock-in"),  # 'in sync with a 24 hour rhythm'
    (
        "ncd-assisted-suicide-letter",
        "stat-uncited",
        "fourth-despite-the-restricted-data-available",
    ),  # 'within six months'
    ("ncd-assisted-suicide-letter", "stat-uncited", "the-provision-that-a-person-be"),  # 'die within 6 months'
    ("ncd-assisted-suicide-letter", "ref-volume-issue", "ref 4 (stateconnecticut2015)"),  # 'Hearing on H.B. No. 7015'
    ("ncd-assisted-suicide-letter", "ref-pages", "ref 4 (stateconnecticut2015)"),  # a testimony owes no pages
    # since the reference parser's round (issue 18) the entry has no year: 'read on Jan 29 2020' is no longer read as
    # its date, so 'dated by the day it was read' is not said; "unchecked" says it gives no date (its defect, ref-no-date)
    ("vdb-biological-clock", "ref-malformed", "ref 2 (prnpc)"),
    # round 4: a state's data ("Data from Oregon shows", as "Oregon state data shows") and a noun ("missing data in the
    # MDC reports leads to") are no appeal to unnamed studies
    ("ncd-assisted-suicide-letter", "vague-attribution", "data-from-oregon-shows-that-many"),
    ("trials-prescreening-cancer", "vague-attribution", "the-study-also-showed-that-missing"),
    # round 4: the period a measure is averaged over or a standard set for ('24-hour average levels')
    ("simplystats-smog-ocalypse", "stat-uncited", "hourly-levels-of-pm2-5-hit"),
    ("simplystats-smog-ocalypse", "stat-uncited", "just-for-reference-the-us-national"),
    ("simplystats-smog-ocalypse", "stat-uncited", "the-solid-circles-indicate-the-24"),
    # round 5: figures of the trial the page names and links where it names it ('the findings'), or in a sentence that
    # points back at it ('the updated results', 'participants in that trial'): info
    ("nci-aspirin-lynch-syndrome", "stat-uncited", "among-participants-who-took-aspirin-for"),
    ("nci-aspirin-lynch-syndrome", "stat-uncited", "at-least-2-years-of-aspirin"),
    ("nci-aspirin-lynch-syndrome", "stat-uncited", "the-updated-results-are-based-on"),
    ("nci-aspirin-lynch-syndrome", "stat-uncited", "participants-in-that-trial-however-were"),
    # round 5: the period the text's own plot shows, the author's own worked estimate ('if we assume')
    ("simplystats-smog-ocalypse", "stat-uncited", "the-red-line-is-the-median"),
    ("simplystats-smog-ocalypse", "stat-uncited", "then-in-a-city-like-beijing"),
    # round 8: how long a screening takes, in words ('takes only a few minutes'), is a loose span, no figure
    ("rutherford-oral-cancer-screening", "stat-uncited", "the-exam-is-painless-and-takes"),
]

RAISED_INSTEAD = [
    # round 8: a person introduced in full and later named by a title and a surname one letter away (cue-mismatch)
    ("nci-aspirin-lynch-syndrome", "cue-mismatch", "warning", "the-capp2-research-team-dr-burns"),
    # round 8: a quotation opened with a straight mark and closed with a curly one (ref-punctuation, info)
    ("ncd-futile-care-bias", "ref-punctuation", "info", "we-know-too-many-people-with"),
    # round 8: an entry that prints its own retraction notice, in PubMed's notation
    ("ctgov-ctdna-lung-cancer", "retracted-source", "warning", "shao2001"),
    # round 8: a supplement cited with no pages and no person among its authors may be the whole supplement, which NLM
    # cites by volume and supplement alone (info); an article inside one, by its authors, still owes its pages
    ("mmwr-foreword-disparities", "ref-pages", "info", "ref 1 (cdc2011)"),
    ("mmwr-foreword-disparities", "ref-pages", "info", "ref 2 (cdc2013)"),
    ("mmwr-foreword-disparities", "ref-pages", "info", "ref 3 (cdc2014)"),
    ("mmwr-foreword-disparities", "ref-pages", "warning", "ref 5 (murphy2016)"),
    ("mmwr-foreword-winnable-battles", "ref-pages", "info", "ref 1 (cdc2011)"),
    ("mmwr-foreword-winnable-battles", "ref-pages", "warning", "ref 4 (herbst2014)"),
    # round 8: a figure its sentence gives as the finding of a study it names, on a page that links the works it
    # reports ('Findings from the first large clinical trial of its kind indicate', 'the trial, dubbed CAPP2, showed');
    # one inside a quotation credited to the researchers named before ('they wrote')
    ("nci-aspirin-lynch-syndrome", "stat-uncited", "info", "findings-from-the-first-large-clinical"),
    ("nci-aspirin-lynch-syndrome", "stat-uncited", "info", "conducted-in-the-united-kingdom-the"),
    ("nci-aspirin-lynch-syndrome", "stat-uncited", "info", "this-concept-of-delayed-cancer-chemoprevention"),
    (
        "ncd-clinical-trials-inclusion",
        "stat-expert-only",
        "warning",
        "the-fact-that-90-percent-of",
    ),  # in Voorde's quote
    ("ncd-medicaid-dental-roi", "stat-expert-only", "warning", "with-over-a-quarter-of-a"),  # in Brett's quote
    ("ncd-covid-disability-report", "stat-uncited", "warning", "the-deathsroughly-one-third-of-all"),  # report named
    ("vdb-biological-clock", "stat-uncited", "warning", "even-though-siffre-thought-he-had"),  # a result, still raised
    # round 3: annotated defects now reported
    ("blab-flu-forecasting-blog", "ref-doi", "warning", "lee2019"),  # 'eLife 8: 3308' against eLife.49324
    ("blab-flu-forecasting-blog", "ref-preprint", "warning", "barratcharlaix2020"),  # bioRxiv
    ("blab-flu-forecasting-blog", "ref-venue-case", "info", "huddleston2020"),  # 'Elife' among 'eLife'
    ("conv-plague-lab-risk", "vague-attribution", "warning", "recent-reviews-have-found-that-if"),
    ("ncd-assisted-suicide-letter", "ref-url", "warning", "ref 2 (oha2024)"),  # a stray '>'
    ("ncd-assisted-suicide-letter", "ref-malformed", "info", "ref 5 (oha2021)"),  # '2021 Data Summary': no date
    ("ncd-assisted-suicide-letter", "ref-punctuation", "info", "ref 3 (oha2024-2)"),  # 'Id,'
    ("pcd-usvi-diabetes", "ref-authors", "info", "ref 6 (rfsc)"),  # R with no author
    ("pcd-usvi-diabetes", "ref-pages", "info", "ref 3 (buzzelli2020)"),  # 'P.169–173'
    ("blab-flu-forecasting-blog", "cue-no-year", "info", "article"),  # 'In Barrat-Charlaix et al., we investigated'
    ("trials-prescreening-cancer", "ref-doi", "info", "ref 1 (caldwell2010)"),  # 'PMID: 21085696', no DOI
    ("trials-prescreening-cancer", "ref-pages", "info", "ref 3 (chow2013)"),  # '. discussion 780–781'
    (
        "pcd-usvi-diabetes",
        "cue-agreement",
        "info",
        "analysis-and-mapping-were-conducted-using",
    ),  # 'R version 4.1.2 (6)'
    ("pcd-asthma-hot-spots", "ref-punctuation", "info", "ref 13 (esri-4)"),  # 'Hot Spot Analysis. (Getis-Ord GI*)'
    # large counts of people are population figures
    ("conv-plague-lab-risk", "stat-uncited", "warning", "typically-there-are-a-few-hundred"),  # 'a few hundred cases'
    (
        "conv-plague-microbiologist",
        "stat-uncited",
        "warning",
        "a-third-pandemic-spanning-the-end",
    ),  # 'up to 12 million people'
    (
        "ncd-covid-disability-report",
        "stat-uncited",
        "warning",
        "washington-today-the-national-council-on",
    ),  # report named there
    ("ncd-medicaid-dental-roi", "stat-uncited", "warning", "of-the-nearly-7-3-million"),
    # round 4: studies named only by their countries ('studies from China and the US tend to report')
    ("simplystats-smog-ocalypse", "vague-attribution", "warning", "i-get-this-from-using-a"),
    # a word the article spells otherwise elsewhere, or a doubled 'i' inside a word
    ("hindawi-edwardsiella-endocarditis", "ref-spelling", "info", "ref 4 (vartian1990)"),  # 'Edwarsiella'
    ("vdb-biological-clock", "ref-spelling", "info", "ref 3 (roenneberg2003)"),  # 'Rhytms'
    ("plos-des-methylation", "ref-spelling", "info", "ref 4 (palmer2002)"),  # 'prelimiinary'
    # round 5: an uncited study-like figure is an error only where the rule is certain; here a warning saying why not
    ("nci-aspirin-lynch-syndrome", "stat-uncited", "warning", "people-with-hereditary-mutations-in-these"),  # 'trial'
    ("conv-plague-lab-risk", "stat-uncited", "warning", "untreated-bubonic-plague-kills-an-estimated"),  # no cue read
    ("trials-prescreening-cancer", "ref-venue", "info", "ref 10 (besana2010)"),  # 'Pt Ii'
    ("trials-prescreening-cancer", "ref-venue", "info", "ref 8 (neuzillet2010)"),  # 'Urol' three times
]


def _same(finding: dict, rule: str, subject: str) -> bool:
    """The finding named, an entry of a numbered list by its number (its BibTeX key follows what the reference
    reader reads: "ref 6 (rfsc)" became "ref 6 (rfsc2023)" when the reader learnt the year), as the benchmark matches."""
    return (finding["rule"], bench._entry(finding["subject"])) == (rule, bench._entry(subject))


@pytest.mark.parametrize("article,rule,subject", NOT_RAISED)
def test_wrong_findings_of_the_first_judgement_are_not_raised(results, article, rule, subject):
    raised = [f["severity"] for f in results[article]["findings"] if _same(f, rule, subject)]
    assert raised == []


@pytest.mark.parametrize("article,rule,severity,subject", RAISED_INSTEAD)
def test_what_is_raised_instead(results, article, rule, severity, subject):
    raised = [f["severity"] for f in results[article]["findings"] if _same(f, rule, subject)]
    raised += ["info" for f in results[article]["info"] if _same(f, rule, subject)]
    assert raised == [severity]


def test_unseen_batches_errors_are_all_right(results):
    # since round 5 an error needs certainty (the draft read cues elsewhere, and nothing cue-like stands beside the
    # figure): the unseen batches may raise none, and every one they raise must be right
    errors = [(a, f["subject"], f["verdict"]) for a in UNSEEN for f in _findings(results[a], "error")]
    assert all(v == "right" for _, _, v in errors), errors


def test_the_matcher_reads_several_places_of_an_unnumbered_list():
    # harrell-bayes-covid-trials: four author-year link sources, each with no title on the page ('#0, #1, #2, #3')
    listed = [{"first_author": "Lee", "year": "2007"}, {"first_author": "Finkelstein", "year": "1999"}]
    no_title = [
        _finding("ref-malformed", "inline-10-1111-j", "The entry has no title.", evidence="Lee K, Daniels MJ. 2007"),
        _finding("ref-malformed", "inline-10-1002-sici", "The entry has no title.", evidence="Finkelstein DM. 1999"),
    ]
    assert len(bench.reported_by({"rule": "ref-incomplete", "subject": "#0, #1"}, no_title, listed)) == 2
    # every place must be reported, and a place past the list is not
    assert not bench.reported_by({"rule": "ref-incomplete", "subject": "#0, #1"}, no_title[:1], listed)
    assert not bench.reported_by({"rule": "ref-incomplete", "subject": "#0, #2"}, no_title, listed)


def test_an_appeal_to_one_study_the_page_names_just_after_by_its_journal():
    """Round 8: news of one study opens with 'New research suggests' or 'Now research shows' and names the study by
    its journal a sentence or two later ('according to a study Monday in Nature Climate Change', 'The study is
    published in the New England Journal of Medicine'): info, not a warning. Both pages are kept out of the
    repository for their licence: the test runs where the private corpus is."""
    import os
    from pathlib import Path

    private = [Path(os.environ.get("EKG_PRIVATE_CORPUS", "/work/corpus-private")), Path("/work/corpus-private-b4")]
    if not all(p.is_dir() for p in private):
        pytest.skip("the uncommitted corpus texts are not here (set EKG_PRIVATE_CORPUS)")
    annotations = {a["id"]: a for a in bench.load_annotations()}
    for article, subject in [
        ("natgeo-office-temperature", "new-research-suggests-why-women-may"),
        ("webmd-peanut-allergy", "now-research-shows-the-opposite-is"),
    ]:
        result = bench.run_article(annotations[article], private)
        assert result["status"] == "drafted", result.get("error")
        raised = [f["severity"] for f in result["findings"] if _same(f, "vague-attribution", subject)]
        raised += ["info" for f in result["info"] if _same(f, "vague-attribution", subject)]
        assert raised == ["info"], article
    # an appeal to many studies is not one study's news: it keeps its warning ('Experts say' on the WebMD page)
    assert any(
        f["rule"] == "vague-attribution" and f["severity"] == "warning" and f["subject"].startswith("experts-say")
        for f in result["findings"]
    )


def test_printed_notices_in_pubmeds_notation():
    from kg.audit.rules import _PRINTED_NOTICE

    shao = (
        "Shao ZM, Wu J, Shen ZZ, Nguyen M. p53 mutation in plasma DNA and its prognostic value in breast cancer "
        "patients. Clin Cancer Res. 2001 Aug;7(8):2222-7. Retraction in: Shao ZM, Wu J, Shen ZZ, Nguyen M. Clin "
        "Cancer Res. 2002 Sep;8(9):3027."
    )
    assert _PRINTED_NOTICE.search(shao).group("kind") == "Retraction"
    assert _PRINTED_NOTICE.search("RETRACTED: Ileal-lymphoid-nodular hyperplasia. Lancet 1998;351:637-41.")
    # the notice itself, and a title about retractions, are no retracted work
    assert not _PRINTED_NOTICE.search("Retraction of: Shao ZM et al. Clin Cancer Res. 2001;7:2222-7.")
    assert not _PRINTED_NOTICE.search("Why retracted papers keep being cited. Nature 2020;577:1-2.")


def test_quotation_marks_that_do_not_pair():
    from kg.audit.rules import mismatched_quotes

    text = (CORPUS / "ncd-futile-care-bias" / "article.md").read_text(encoding="utf-8")
    found = [text[a:b] for a, b in mismatched_quotes(text)]
    assert len(found) == 1 and found[0].startswith('"We know too many people') and found[0].endswith("know best,”")
    # marks that pair, either style, and a straight pair inside one paragraph after a curly one
    assert list(mismatched_quotes('“One,” she said. "Two," he said. “Three.”')) == []
    assert list(mismatched_quotes('“Open” and later "closed”.\n“Fine.”')) == [(17, 25)]


def test_a_marker_the_draft_tied_to_no_reference_is_said(results):
    """Round 8 (issue 20, item 5: the report says what it could not check): a sentence that closes on a numbered
    marker the draft tied to no reference, on a page whose markers the draft read elsewhere, gets an info."""
    said = {
        (a, f["subject"])
        for a, r in results.items()
        for f in r["info"]
        if f["rule"] == "unchecked" and "closes on the marker" in f["message"]
    }
    # 'a second report was released in 2013 (_[2](su6203a2.htm…)_)': the sentence's citations were not drafted
    assert ("mmwr-foreword-winnable-battles", "selected-findings-for-health-determinants-and") in said
    # a map's 'Sources: 2020 United States Decennial Census … (2)' line
    assert ("pcd-usvi-diabetes", "sources-2020-united-states-decennial-census") in said
    # none on a page where the draft read no cue at all: there stat-uncited's warnings say the citations were not checked
    assert not any(a == "conv-ptsd-ukraine" for a, _ in said)
