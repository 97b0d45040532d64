"""The audit of the bundled article: every defect a careful reviewer finds, and nothing else; and the
findings the build stores in the graph."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.audit import audit
from kg.audit.graph import AUDIT_GRAPH, findings_for
from kg.sparql.run import select

CLAIM = "https://w3id.org/evidence-kg/id/claim/lower-back-pain-after-running/"

#: Every finding on the seed, worst first; the README and the issue's list of known defects agree with it.
SEED_FINDINGS = [
    ("error", "discrepancy", "warmup-2-6x"),  # Wu 2021 reports an odds ratio (reviewer's record)
    ("error", "discrepancy", "see-doctor-4-6-weeks"),  # Cleveland Clinic's fragment: "more than two months"
    ("warning", "stat-uncited", "shoes-lose-cushioning"),  # 3-6 months / 350-500 miles, no source, no one
    ("warning", "stat-expert-only", "prevalence-80-percent"),  # 80% on Dr. Goostree's word alone
    ("warning", "stat-expert-only", "discs-75-percent-water"),  # about 75% water, likewise
    ("warning", "vague-attribution", "stay-active-studies"),  # "Studies show", nothing cited
    ("warning", "cue-mismatch", "warmup-2-6x"),  # "Pain Research Management" for "… and Management"
    ("warning", "odds-as-risk", "warmup-2-6x"),  # "2.6 times more likely" from OR 2.617
    ("warning", "mechanism-only", "deep-core-weakness-back-pain"),  # "more likely to develop" from a model study
    ("warning", "grey-clinical-figure", "ace-hydration-before-run"),  # a 2009 fitness blog's ounces
    ("warning", "grey-clinical-figure", "ace-hydration-during-workout"),
    ("warning", "grey-clinical-figure", "see-doctor-4-6-weeks"),  # a red-flag threshold from a hospital blog
    ("warning", "ref-uncited", "ref 4 (weber2021)"),
    ("warning", "ref-uncited", "ref 7 (chou2021)"),
    ("warning", "ref-implicit-only", "ref 3 (ace-pt2017)"),
    ("warning", "ref-implicit-only", "ref 8 (clevelandclinic2020)"),
    ("warning", "ref-malformed", "ref 7 (chou2021)"),  # "Chou, R. 2021, September 20)." unbalanced
    ("warning", "ref-malformed", "ref 7 (chou2021)"),  # "UptoDate" for UpToDate
    ("warning", "ref-volume-issue", "ref 2 (wu2021)"),  # "Pain Research and Management(2021), 1–7"
    ("warning", "ref-volume-issue", "ref 6 (raabe2018)"),  # "23(67)": volume 67 in truth
    ("warning", "stale-source", "ref 3 (ace-pt2017)"),  # 2017-10-12: 5.3 years at 2023-02-02
    ("warning", "stale-source", "ref 5 (ace2009)"),  # 2009: 14 years
    ("info", "ref-pages", "ref 1 (maselli2020)"),  # no article number (the DOI identifies it)
    ("info", "ref-year-mismatch", "ref 6 (raabe2018)"),  # DOI minted online in 2017, issue of 2018
]


@pytest.fixture(scope="module")
def report(seed_store):
    return audit(seed_store)


def test_seed_audit_finds_every_known_defect_and_nothing_else(report):
    assert [(f.severity, f.rule, f.subject.id) for f in report.findings] == SEED_FINDINGS


def test_seed_journal_near_match_is_a_warning_naming_both(report):
    [cue] = [f for f in report.findings if f.rule == "cue-mismatch"]
    assert cue.severity == "warning"
    assert "“Pain Research Management”" in cue.message and "“Pain Research and Management”" in cue.message


def test_seed_reference_defects_point_at_the_text(report):
    messages = {(f.rule, f.highlight) for f in report.findings if f.subject.kind == "reference"}
    assert ("ref-malformed", "2021, September 20).") in messages
    assert ("ref-malformed", "UptoDate") in messages
    assert ("ref-volume-issue", "23(67)") in messages
    assert ("ref-volume-issue", "Pain Research and Management(2021), 1–7") in messages


def test_the_build_stores_the_default_audit_in_its_own_graph(seed_store, report):
    rows = select(
        seed_store,
        f"""SELECT ?f ?rule ?severity WHERE {{ GRAPH <{AUDIT_GRAPH}> {{
        ?f a ekg:Finding ; ekg:ruleId ?rule ; ekg:severity ?severity ; prov:wasGeneratedBy ?run .
        ?run a ekg:AuditRun ; prov:wasAssociatedWith ?tool . ?tool schema:softwareVersion ?version }} }}""",
    )
    assert sorted((r["severity"], r["rule"]) for r in rows) == sorted((s, r) for s, r, _ in SEED_FINDINGS)
    [run] = select(
        seed_store,
        f"""SELECT ?run (COUNT(?rule) AS ?rules) WHERE {{ GRAPH <{AUDIT_GRAPH}> {{
        ?run a ekg:AuditRun ; prov:used ?rule . ?rule a ekg:AuditRule }} }} GROUP BY ?run""",
    )
    assert run["rules"] == len(report.rules)
    assert run["run"].startswith("https://w3id.org/evidence-kg/id/audit-run/")


def test_findings_for_a_claim_and_a_source(seed_store):
    found = findings_for(seed_store, CLAIM + "warmup-2-6x")
    assert [(f.severity, f.rule) for f in found] == [
        ("error", "discrepancy"),
        ("warning", "cue-mismatch"),
        ("warning", "odds-as-risk"),
    ]
    assert found[0].concerns[0] == CLAIM + "warmup-2-6x"
    assert "OR 2.617" in found[0].message and found[0].evidence.startswith("Marathon runners who don’t warm up")
    model = findings_for(seed_store, "https://doi.org/10.1016/j.jbiomech.2017.11.037")
    assert [(f.severity, f.rule) for f in model] == [
        ("warning", "mechanism-only"),
        ("warning", "ref-volume-issue"),
        ("info", "ref-year-mismatch"),
    ]
    assert findings_for(seed_store, CLAIM + "tip-warm-up") == []


def test_the_audit_run_records_a_time_only_from_source_date_epoch(data_copy, tmp_path, monkeypatch):
    from kg.cache.store import Cache

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1675296000")
    store = Cache(data_copy, tmp_path / "cache").open()
    rows = select(
        store, f"SELECT ?t WHERE {{ GRAPH <{AUDIT_GRAPH}> {{ ?run a ekg:AuditRun ; prov:startedAtTime ?t }} }}"
    )
    assert [r["t"] for r in rows] == ["2023-02-02T00:00:00Z"]


def test_reading_stored_findings_loads_no_heavy_library():
    code = "import sys, kg.audit.graph; print(sorted(m for m in ('rdflib', 'rapidfuzz', 'networkx', 'pyshacl') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_ekg_why_reads_findings_without_importing_the_audit_package(data_copy):
    """`ekg why` shows stored findings through kg.provenance.findings; the rules and reports of kg.audit stay unimported."""
    from kg.cache.store import Cache

    Cache(data_copy).build()  # built here: a build runs the audit, a `why` on a built graph should not
    code = (
        "import sys; from kg.cli.main import main; main(['why', '2.6×', '--data', sys.argv[1]], standalone_mode=False); "
        "print(sorted(m for m in sys.modules if m.startswith('kg.audit')), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(data_copy)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "audit [error] discrepancy" in result.stdout or "audit [warning]" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "[]"
