"""Each audit rule on small synthetic articles: it fires on the claim or reference built to trigger it, and
on nothing else (the look-alikes beside them must stay quiet)."""

from __future__ import annotations

import pytest

from kg.audit import AuditOptions, audit
from tests.audit_helpers import RETRACTIONS, build_fixture_store, triples


@pytest.fixture(scope="module")
def fixture_cache(tmp_path_factory):
    return build_fixture_store(tmp_path_factory)


@pytest.fixture(scope="module")
def report(fixture_cache):
    return audit(fixture_cache.open(auto_build=False))


CLAIM_RULES = {
    "discrepancy": {("c-discrepancy", "error")},
    "stat-uncited": {("c-uncited-prevalence", "error"), ("c-uncited-duration", "warning")},
    "stat-expert-only": {("c-expert-figure", "warning")},
    "vague-attribution": {("c-vague", "warning"), ("c-vague-sentence", "warning")},
    "cue-mismatch": {
        ("c-cue-year", "error"),
        ("c-cue-venue", "error"),
        ("c-cue-near", "warning"),
        ("c-cue-org", "warning"),
        ("c-cue-design", "warning"),
        ("c-cue-author-spelt", "warning"),
        ("c-cue-etal", "warning"),
    },
    "cue-agreement": {("c-marker-venue", "warning"), ("c-marker-study-webpage", "warning")},
    "odds-as-risk": {("c-odds", "warning"), ("c-odds-in-sentence", "warning")},
    "causal-observational": {("c-causal-obs", "warning"), ("c-causal-by-title", "warning")},
    "figure-vs-source": {("c-figure-vs-title", "warning")},
    "mechanism-only": {("c-model", "warning")},
    "grey-clinical-figure": {("c-grey-figure", "warning")},
}

REFERENCE_RULES = {
    "ref-uncited": {("ref 18 (uncited)", "warning"), ("ref 21 (staleuncited)", "warning")},
    "ref-implicit-only": {("ref 19 (implicit)", "warning")},
    "ref-malformed": {
        ("ref 1 (unbalanced)", "warning"),
        ("ref 2 (misspelt)", "warning"),
        ("ref 3 (notitle)", "warning"),
        ("ref 4 (printedyear)", "warning"),
    },
    "ref-doi": {("ref 5 (badprinteddoi)", "error"), ("ref 6 (otherdoi)", "error"), ("ref 7 (nodoiprinted)", "warning")},
    "ref-volume-issue": {("ref 8 (swapped)", "warning"), ("ref 9 (issueyear)", "warning")},
    "ref-pages": {("ref 10 (backwards)", "error"), ("ref 11 (nopagesdoi)", "info"), ("ref 12 (nopagesurl)", "warning")},
    "ref-year-mismatch": {
        ("ref 13 (onlinefirst)", "info"),
        ("ref 14 (doiyearfar)", "warning"),
        ("ref 15 (urlyearlater)", "warning"),
    },
    "ref-duplicate": {("ref 17 (dupb)", "warning")},
    "stale-source": {("ref 20 (stalecited)", "warning"), ("ref 21 (staleuncited)", "info")},
    # a journal article (journal, volume, issue) known only by an address: no DOI or PubMed record was checked
    "unchecked": {("ref 12 (nopagesurl)", "info")},
}


def by_rule(report, article: str, rule: str) -> set[tuple[str, str]]:
    return {(f.subject.id, f.severity) for f in report.findings if f.article == article and f.rule == rule}


@pytest.mark.parametrize("rule, expected", sorted(CLAIM_RULES.items()))
def test_claim_rule_fires_on_its_trigger_and_not_on_look_alikes(report, rule, expected):
    assert by_rule(report, "audit-claims", rule) == expected


def test_claim_article_has_no_other_findings(report):
    rules = {f.rule for f in report.findings if f.article == "audit-claims"}
    assert rules == set(CLAIM_RULES)
    assert not [f for f in report.findings if f.article == "audit-claims" and f.subject.id.startswith("n-")]


@pytest.mark.parametrize("rule, expected", sorted(REFERENCE_RULES.items()))
def test_reference_rule_fires_on_its_trigger_and_not_on_sound_entries(report, rule, expected):
    assert by_rule(report, "audit-refs", rule) == expected


def test_sound_reference_entries_have_no_findings(report):
    flagged = {f.subject.id for f in report.findings if f.article == "audit-refs"}
    # a title in brackets and a URL with brackets are not unbalanced; a 2022 DOI year and URL year agree
    assert not {"ref 22 (okarticle)", "ref 23 (okpage)", "ref 16 (dupa)"} & flagged
    assert {f.rule for f in report.findings if f.article == "audit-refs"} == set(REFERENCE_RULES)


def test_clean_article_has_no_findings(report):
    assert [f for f in report.findings if f.article == "audit-clean"] == []


def test_findings_are_sorted_worst_first(report):
    ranks = [("error", "warning", "info").index(f.severity) for f in report.findings]
    assert ranks == sorted(ranks)


def test_near_match_names_both_spellings(report):
    [near] = [f for f in report.findings if f.subject.id == "c-cue-near"]
    assert "“Knee Research Management”" in near.message and "“Knee Research and Management”" in near.message
    assert near.highlight == "Knee Research Management"


def test_odds_as_risk_quotes_the_sources_odds_ratio(report):
    [odds] = [f for f in report.findings if f.rule == "odds-as-risk" and f.subject.id == "c-odds"]
    assert "“3.1 times more likely”" in odds.message and "OR 3.12" in odds.message


def test_odds_as_risk_in_one_sentence_needs_no_source_record(report):
    # a draft has no curated source statistics: the sentence's own "odds ratio 1.8" is the odds ratio
    [odds] = [f for f in report.findings if f.rule == "odds-as-risk" and f.subject.id == "c-odds-in-sentence"]
    assert odds.highlight == "times more likely" and "odds ratio" in odds.message


def test_missing_doi_is_not_reported_twice_when_the_printed_one_is_malformed(report):
    assert by_rule(report, "audit-refs", "ref-doi") >= {("ref 5 (badprinteddoi)", "error")}
    assert ("ref 5 (badprinteddoi)", "warning") not in by_rule(report, "audit-refs", "ref-doi")


@pytest.mark.parametrize(
    "years, flagged",
    [(5, {"ref 20 (stalecited)", "ref 21 (staleuncited)"}), (11, {"ref 20 (stalecited)"}), (14, set())],
)
def test_stale_years_is_configurable(fixture_cache, years, flagged):
    result = audit(
        fixture_cache.open(auto_build=False),
        AuditOptions(articles=["audit-refs"], stale_years=years, rules=["stale-source"]),
    )
    assert {f.subject.id for f in result.findings} == flagged


def test_rules_and_articles_can_be_chosen(fixture_cache):
    result = audit(
        fixture_cache.open(auto_build=False),
        AuditOptions(articles=["audit-claims"], rules=["odds-as-risk", "vague-attribution"]),
    )
    assert triples(result.findings) == {
        ("odds-as-risk", "c-odds", "warning"),
        ("odds-as-risk", "c-odds-in-sentence", "warning"),
        ("vague-attribution", "c-vague", "warning"),
        ("vague-attribution", "c-vague-sentence", "warning"),
    }
    assert list(result.rules) == ["vague-attribution", "odds-as-risk"]


def test_retractions_flag_every_claim_in_every_article(fixture_cache):
    result = audit(
        fixture_cache.open(auto_build=False), AuditOptions(retractions=RETRACTIONS, rules=["retracted-source"])
    )
    assert triples(result.findings) == {
        # the retracted review: cited by five claims of one article and one of another
        *{
            ("retracted-source", c, "error")
            for c in (
                "c-cue-year",
                "c-cue-venue",
                "c-discrepancy",
                "n-cited-prevalence",
                "n-vague-cited",
                "runners-knee-pain",
            )
        },
        # an expression of concern: warnings; a correction: info
        *{
            ("retracted-source", c, "warning")
            for c in ("c-odds", "c-causal-obs", "n-association-obs", "n-odds-as-odds")
        },
        *{("retracted-source", c, "info") for c in ("c-model", "n-model-mechanics")},
    }
    # a retraction later reinstated (krm2020) is not reported; the impact counts every article
    assert not [f for f in result.findings if "krm" in f.message]
    review = next(f for f in result.findings if f.subject.id == "runners-knee-pain")
    assert review.article == "audit-clean"
    assert "6 claims in 2 articles" in review.message and "Falsification/Fabrication of Data" in review.message


def test_without_retractions_file_the_rule_is_silent(report):
    assert not [f for f in report.findings if f.rule == "retracted-source"]


def test_unknown_article_and_rule_are_errors(fixture_cache):
    from kg.errors import EkgError

    store = fixture_cache.open(auto_build=False)
    with pytest.raises(EkgError, match=r"no article 'audit-clen' in the graph \(did you mean audit-clean\?\)"):
        audit(store, AuditOptions(articles=["audit-clen"]))
    with pytest.raises(EkgError, match=r"no audit rule 'ref-uncite' \(did you mean ref-uncited\?\)"):
        audit(store, AuditOptions(rules=["ref-uncite"]))


def test_a_numbered_list_with_a_gap_and_a_marker_past_its_end(report):
    assert triples(report.findings, "audit-numbering") == {
        ("ref-numbering", "audit-numbering", "warning"),
        ("ref-numbering", "audit-numbering", "info"),
        ("cue-past-end", "audit-numbering", "warning"),
    }
    order = next(f for f in report.findings if f.rule == "ref-numbering" and f.severity == "info")
    assert "1, 4, 2" in order.message
    past = next(f for f in report.findings if f.rule == "cue-past-end")
    assert past.highlight == "(6)" and "ends at 4" in past.message
    gap = next(f for f in report.findings if f.rule == "ref-numbering" and f.severity == "warning")
    assert "no entry 3" in gap.message


def test_sound_numbered_lists_have_no_numbering_findings(report):
    # the other fixtures' lists run 1, 2, 3 … and their markers stay inside them
    assert not [
        f for f in report.findings if f.rule in ("ref-numbering", "cue-past-end") and f.article != "audit-numbering"
    ]


def test_docs_rule_table_lists_every_rule_with_its_severity():
    from pathlib import Path

    from kg.audit.catalog import RULES

    table = (Path(__file__).resolve().parent.parent / "docs" / "audit-rules.md").read_text(encoding="utf-8")
    missing = [r.id for r in RULES.values() if f"| {r.id} | {r.severity} | {r.title} |" not in table]
    assert missing == []


@pytest.mark.parametrize(
    "text,said",
    [
        (
            "(studies from China and the US tend to report risks in roughly this area)",
            "studies from China and the US tend to report",
        ),
        ("cases have been rising and officials have revealed people as young as", "officials have revealed"),
        ("Data from Oregon shows that many people", None),  # the state that publishes it is named
        ("The study also showed that missing data in the MDC reports leads to", None),  # 'reports', a noun
        ("studies in mice show", None),  # no place named
    ],
)
def test_vague_attributions_of_batch_4(text, said):
    from kg.audit.rules import VAGUE

    found = VAGUE.search(text)
    assert (found.group(0) if found else None) == said
