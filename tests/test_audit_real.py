"""The audit on the committed dev articles of the real-article corpus (benchmarks/corpus/), against the hand judgements
recorded in each annotation's ``audit:`` list (right or wrong, with why).

Batch 1 is the batch the rules were written on: every finding there is judged right, save the few judged wrong and
listed below by name. Batches 2 and 3 were added after the rules and judged by hand without changing any rule: they
measure the audit on articles it has not seen. There every finding must be judged, every error must be right (an
article whose error was judged wrong is an expected failure, marked so with its reason, never hidden), and the
warnings hold a floor a little under what was measured. The held-out quarter is never asserted on."""

from __future__ import annotations

import pytest

from tests.test_real_articles import bench

COMMITTED = {a["id"]: a for a in bench.load_annotations() if a["split"] == "dev" and a.get("committed", True)}
FIRST = sorted(i for i, a in COMMITTED.items() if bench.batch_of(a) == 1)
UNSEEN = sorted(i for i, a in COMMITTED.items() if bench.batch_of(a) >= 2)

# Batch 1 warnings judged wrong and recorded so in their annotation: tolerated there, and no other wrong one.
KNOWN_WRONG_WARNINGS = {
    ("nextstrain-sitrep-mutations", "stat-uncited", "as-the-whole-sars-cov-2"),  # the authors' own arithmetic
}

# Errors judged wrong on the unseen batches (their annotations say why); each makes that article's error test fail.
WRONG_ERRORS = {
    "ncd-covid-disability-report": "stat-uncited error on 'roughly one-third': the figures continue the findings of "
                                   "the NCD report the release names and links, so 'cites no source' is false",
    # (ncd-medicaid-dental-roi's error, 'over a quarter of a million adults' read as a 25% share inside an unattributed
    # quote, and ncd-clinical-trials-inclusion's on the 90 percent in Voorde's quote are gone since ingest round 2: the
    # quotes are attributed, the count is a count, and each figure is a stat-expert-only warning, judged right)
    "ncd-clinical-trials-inclusion": "stat-uncited error on '90 percent' listed among the findings of the report the "
                                     "release links",
}

# Measured on the unseen batches (2 and 3) when they were first judged: 12 of 59 warnings right. After the
# reference-list work merged (it splits BMC entries, 8 more wrong ref-uncited) and the flu blog post moved to dev
# (7 warnings, all wrong): 12 of 74. After ingest round 2 (BMC entries whole again, every footnote kept, quotes of
# officials attributed, statistics in words found): 20 of 74.
UNSEEN_WARNINGS_RIGHT = 18
UNSEEN_WARNINGS_PRECISION = 0.24


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


@pytest.mark.parametrize("article", sorted(COMMITTED))
def test_every_error_and_warning_is_judged(results, article):
    result = results[article]
    assert result["status"] == "drafted", result.get("error")
    unjudged = [(f["rule"], f["severity"], f["subject"]) for f in result["findings"] if f["verdict"] not in ("right", "wrong")]
    assert unjudged == []


@pytest.mark.parametrize("article", [_errors_case(a) for a in sorted(COMMITTED)])
def test_every_error_is_judged_right(results, article):
    wrong = [(f["rule"], f["subject"], f["verdict"]) for f in _findings(results[article], "error") if f["verdict"] != "right"]
    assert wrong == []


@pytest.mark.parametrize("article", FIRST)
def test_first_batch_warnings_are_right_but_the_known_wrong_ones(results, article):
    wrong = {(article, f["rule"], f["subject"]) for f in _findings(results[article], "warning") if f["verdict"] != "right"}
    assert wrong <= KNOWN_WRONG_WARNINGS


def test_wrong_lists_match_the_annotations(results):
    """Every entry above is still a finding judged wrong: a fixed one is taken off, so the lists cannot go stale."""
    for article, rule, subject in KNOWN_WRONG_WARNINGS:
        verdicts = [f["verdict"] for f in _findings(results[article], "warning") if (f["rule"], f["subject"]) == (rule, subject)]
        assert verdicts == ["wrong"], (article, rule, subject)
    for article in WRONG_ERRORS:
        assert any(f["verdict"] == "wrong" for f in _findings(results[article], "error")), article


def test_unseen_batches_warnings_floor(results):
    warnings = [f for a in UNSEEN for f in _findings(results[a], "warning")]
    right = sum(f["verdict"] == "right" for f in warnings)
    assert UNSEEN and right >= UNSEEN_WARNINGS_RIGHT, (right, len(warnings))
    assert right / len(warnings) >= UNSEEN_WARNINGS_PRECISION, (right, len(warnings))


def test_annotated_reference_defects_are_reported(results):
    defects = [d for a in FIRST for d in results[a]["defects"]]
    reported = [d for d in defects if d["reported"]]
    assert len(defects) >= 30
    assert len(reported) >= 28, [d for d in defects if not d["reported"]]
    # the unseen batches: 1 of 30 by the benchmark's matcher (it matches "ref N" subjects only)
    unseen = [d for a in UNSEEN for d in results[a]["defects"]]
    assert len(unseen) >= 30 and sum(d["reported"] for d in unseen) >= 1


def test_findings_on_real_entries(results):
    found = {(r_id, f["rule"], f["subject"].split(" (")[0]) for r_id, r in results.items() for f in r["findings"]}
    assert ("pcd-stroke-transfer-maps", "ref-access-date", "ref 2") in found  # revised after it was read
    assert ("pcd-stroke-transfer-maps", "ref-access-date", "ref 6") in found  # dated after it was read
    assert ("pcd-stroke-transfer-maps", "ref-access-date", "ref 8") not in found  # dated the year it was read
    assert ("mmwr-foreword-winnable-battles", "ref-venue", "ref 6") in found  # MWMR among MMWRs
    assert ("mmwr-foreword-winnable-battles", "ref-venue", "ref 5") not in found
    assert ("pcd-asthma-hot-spots", "ref-volume-issue", "ref 14") in found  # an ISSN as the issue
