"""`ekg audit`: exact output, formats, files, and exit codes (0 clean, 1 findings at --fail-on, 2 could not run)."""

from __future__ import annotations

import json

import pytest

from kg.cache.store import Cache
from kg.cli.main import main
from kg.dataset.paths import bundled_data_dir
from tests.audit_helpers import FIXTURES, RETRACTIONS


@pytest.fixture(scope="module")
def seed_cache(tmp_path_factory):
    path = tmp_path_factory.mktemp("audit-cli-cache")
    Cache(bundled_data_dir(), path).build()
    return str(path)


@pytest.fixture(scope="module")
def fixture_cache(tmp_path_factory):
    path = tmp_path_factory.mktemp("audit-cli-fixture-cache")
    Cache(FIXTURES, path).build()
    return ["--data", str(FIXTURES), "--cache", str(path)]


EXPECTED_TWO_RULES = """\
Audit of 1 article (117 claims, 8 references): 3 findings (0 errors, 3 warnings, 0 info)
rule               worst    findings  what it checks
-----------------  -------  --------  ------------------------
vague-attribution  warning  1         Vague attribution
ref-uncited        warning  2         Reference no claim cites

  1. WARNING vague-attribution  claim stay-active-studies  [bf0b76215d]
     “Studies show” appeals to unnamed evidence, and no reference in the text backs it.
     evidence: Studies show people with back pain recover faster when they are active.
     fix: Name the study or body and cite it, or drop the appeal to evidence and state the claim as advice.
  2. WARNING ref-uncited  reference ref 4 (weber2021)  [c6f9e9a503]
     No claim in the article cites reference 4 (“A Runner’s Guide to Lower Back Pain”); a reader cannot tell what it supports.
     evidence: Weber, S. (2021, February 23). A Runner’s Guide to Lower Back Pain. University Hospitals. https://www.uhhospitals.org/blog/articles/2021/02/a-runners-guide-to-lower-back-pain
     fix: Cite it where the article relies on it (with a cue a reader can follow), or drop it from the list.
  3. WARNING ref-uncited  reference ref 7 (chou2021)  [77b17a6286]
     No claim in the article cites reference 7 (“Low Back Pain in Adults (Beyond the Basics)”); a reader cannot tell what it supports.
     evidence: Chou, R. 2021, September 20). Low Back Pain in Adults (Beyond the Basics). UptoDate. https://www.uptodate.com/contents/low-back-pain-in-adults-beyond-the-basics
     fix: Cite it where the article relies on it (with a cue a reader can follow), or drop it from the list.
"""


def test_table_output_is_exact_and_warnings_pass_the_default_fail_on(runner, seed_cache):
    result = runner.invoke(
        main, ["audit", "--cache", seed_cache, "--rule", "ref-uncited", "--rule", "vague-attribution"]
    )
    assert result.exit_code == 0
    assert result.stdout == EXPECTED_TWO_RULES


def test_fail_on_warning_turns_warnings_into_exit_1(runner, seed_cache):
    result = runner.invoke(main, ["audit", "--cache", seed_cache, "--rule", "ref-uncited", "--fail-on", "warning"])
    assert result.exit_code == 1


def test_seed_has_errors_so_the_default_audit_exits_1(runner, seed_cache):
    result = runner.invoke(main, ["audit", "--cache", seed_cache])
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "Audit of 1 article (117 claims, 8 references): 24 findings (2 errors, 20 warnings, 2 info)\n"
    )


def test_info_only_findings_pass_fail_on_warning(runner, seed_cache):
    result = runner.invoke(main, ["audit", "--cache", seed_cache, "--rule", "ref-pages", "--fail-on", "warning"])
    assert result.exit_code == 0
    result = runner.invoke(main, ["audit", "--cache", seed_cache, "--rule", "ref-pages", "--fail-on", "info"])
    assert result.exit_code == 1


def test_a_clean_article_exits_0(runner, fixture_cache):
    result = runner.invoke(main, ["audit", *fixture_cache, "--article", "audit-clean", "--fail-on", "info"])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Audit of 1 article (2 claims, 1 references): 0 findings (0 errors, 0 warnings, 0 info)\n"
    )
    assert result.stdout.endswith("\nNo findings.\n")


def test_json_report(runner, seed_cache):
    result = runner.invoke(main, ["audit", "--cache", seed_cache, "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["summary"]["by_severity"] == {"error": 2, "warning": 20, "info": 2}
    assert report["run"]["options"] == "stale-years=5"
    first = report["findings"][0]
    assert (first["severity"], first["rule"], first["concerns"]["id"]) == ("error", "discrepancy", "warmup-2-6x")
    assert (
        result.stderr == "Audit of 1 article (117 claims, 8 references): 24 findings (2 errors, 20 warnings, 2 info)\n"
    )


def test_markdown_and_html_to_files(runner, seed_cache, tmp_path):
    md, page = tmp_path / "audit.md", tmp_path / "audit.html"
    result = runner.invoke(main, ["audit", "--cache", seed_cache, "--format", "md", "-o", str(md)])
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        result.stderr
        == f"Wrote {md}\nAudit of 1 article (117 claims, 8 references): 24 findings (2 errors, 20 warnings, 2 info)\n"
    )
    assert md.read_text(encoding="utf-8").startswith("### Audit of 1 article")
    result = runner.invoke(
        main, ["audit", "--cache", seed_cache, "--format", "html", "-o", str(page), "--fail-on", "warning"]
    )
    assert result.exit_code == 1
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count('class="finding ') == 24
    assert "<script src" not in html and "<link " not in html and "@import" not in html


def test_retractions_option(runner, fixture_cache):
    result = runner.invoke(
        main,
        [
            "audit",
            *fixture_cache,
            "--rule",
            "retracted-source",
            "--retractions",
            str(RETRACTIONS),
            "--article",
            "audit-clean",
        ],
    )
    assert result.exit_code == 1
    assert "1. ERROR   retracted-source  claim runners-knee-pain" in result.stdout
    assert "6 claims in 2 articles rest on it" not in result.stdout  # only the audited article counts
    assert "In all, 1 claim in 1 article rests on it." in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--article", "no-such-article"],
            "Error: UnknownArticle: no article 'no-such-article' in the graph (articles in the graph: lower-back-pain-after-running)\n",
        ),
        (["--rule", "vague"], "Error: UnknownRule: no audit rule 'vague' (rules: "),
        (
            ["--retractions", "missing.csv"],
            "Error: MissingData: missing.csv: retractions file not found (pass the Retraction Watch CSV you downloaded)\n",
        ),
    ],
)
def test_could_not_run_exits_2_with_one_line(runner, seed_cache, args, message):
    result = runner.invoke(main, ["audit", "--cache", seed_cache, *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.output


def test_list_rules(runner):
    result = runner.invoke(main, ["audit", "--list-rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Audit rules"
    assert lines[3].startswith("retracted-source      error     Claim rests on a retracted work")
    from kg.audit.catalog import RULES

    listed = [line.split()[0] for line in lines[3:] if line and not line.startswith(" ")]
    assert len(listed) == len(RULES) == 38
    assert {
        "ref-access-date",
        "ref-punctuation",
        "ref-authors",
        "ref-url",
        "ref-venue",
        "ref-numbering",
        "cue-past-end",
        "cue-agreement",
        "figure-vs-source",
        "ref-venue-case",
        "ref-preprint",
        "cue-no-year",
        "ref-spelling",
    } <= set(listed)


def test_audit_rules_page_shows_the_real_audit_summary(runner, seed_cache):
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "docs" / "audit-rules.md").read_text(encoding="utf-8")
    summary = page.split("    $ ekg audit | sed '/^$/q'\n", 1)[1].split("\n\n", 1)[0]
    excerpt = page.split("    $ ekg audit | grep ", 1)[1].split("\n", 1)[1].split("\n\n", 1)[0]
    result = runner.invoke(main, ["audit", "--cache", seed_cache])
    assert summary == "\n".join("    " + line for line in result.stdout.split("\n\n", 1)[0].splitlines())
    quoted = [line for line in excerpt.splitlines() if line != "    --"]  # grep's separator between matches
    assert len(quoted) >= 12
    for line in quoted:  # the findings quoted on the page, line for line
        assert line[4:] + "\n" in result.stdout


def test_every_finding_of_the_seed_audit_has_its_own_id(runner, seed_cache):
    """Two defects of one rule in one entry (chou2021: an unbalanced bracket and a misspelt organisation) were
    one id, so dismissing one dismissed both."""
    import json

    result = runner.invoke(main, ["audit", "--cache", seed_cache, "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    chou = [f for f in findings if f["rule"] == "ref-malformed" and "chou2021" in f["concerns"]["id"]]
    assert len(chou) == 2
    ids = [f["id"] for f in findings]
    assert len(set(ids)) == len(ids), sorted(i for i in ids if ids.count(i) > 1)
