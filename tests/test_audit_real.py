"""The audit on the committed dev articles of the real-article corpus (benchmarks/corpus/): every error and warning it
raises is one a hand judgement in the annotation calls right, and it reports the annotated reference-list defects.

Floors sit at what the rules reach today on the committed texts; the held-out quarter is never asserted on."""

from __future__ import annotations

import pytest

from tests.test_real_articles import bench

COMMITTED = {a["id"]: a for a in bench.load_annotations() if a["split"] == "dev" and a.get("committed", True)}


@pytest.fixture(scope="module")
def results():
    return {i: bench.run_article(a, None) for i, a in COMMITTED.items()}


@pytest.mark.parametrize("article", sorted(COMMITTED))
def test_every_error_and_warning_is_judged_right(results, article):
    result = results[article]
    assert result["status"] == "drafted", result.get("error")
    wrong = [(f["rule"], f["severity"], f["subject"], f["verdict"]) for f in result["findings"] if f["verdict"] != "right"]
    assert wrong == []
    assert not [f for f in result["findings"] if f["severity"] == "error"]


def test_annotated_reference_defects_are_reported(results):
    defects = [d for r in results.values() for d in r["defects"]]
    reported = [d for d in defects if d["reported"]]
    assert len(defects) >= 30
    assert len(reported) >= 28, [d for d in defects if not d["reported"]]


def test_findings_on_real_entries(results):
    found = {(r_id, f["rule"], f["subject"].split(" (")[0]) for r_id, r in results.items() for f in r["findings"]}
    assert ("pcd-stroke-transfer-maps", "ref-access-date", "ref 2") in found  # revised after it was read
    assert ("pcd-stroke-transfer-maps", "ref-access-date", "ref 6") in found  # dated after it was read
    assert ("pcd-stroke-transfer-maps", "ref-access-date", "ref 8") not in found  # dated the year it was read
    assert ("mmwr-foreword-winnable-battles", "ref-venue", "ref 6") in found  # MWMR among MMWRs
    assert ("mmwr-foreword-winnable-battles", "ref-venue", "ref 5") not in found
    assert ("pcd-asthma-hot-spots", "ref-volume-issue", "ref 14") in found  # an ISSN as the issue
