"""Provenance queries: ekg why, claims, sources, source, experts, expert — through the real CLI."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cli.main import main
from kg.util.numbers import parse_figure, parse_number
from tests.helpers import last_line
from tests.test_seed_coverage import FIGURES

WHY_2_6 = """\
lower-back-pain-after-running/warmup-2-6x  [association, statistical]
  “Marathon runners who don’t warm up before running are 2.6 times more likely to experience low back pain than those who do”
  section “How To Reduce Back Pain After Running”, characters 3982–4103 of “Lower Back Pain After Running: How to Treat it, According to Physical Therapists”
  figure: “2.6 times” = 2.6 times (risk-ratio; population: marathon runners who don’t warm up before running; compared with: those who do)
    the source reports: OR 2.617 (odds-ratio)
  source [2] Wu et al. 2021, Pain Research and Management, doi:10.1155/2021/6660304
    Incidence and Risk Factors of Low Back Pain in Marathon Runners
    cited as the data source; explicit in-text cue: “according to a 2021 study published in Pain Research Management”
    design: cross-sectional study; evidence: Level 4, rated by evidence-kg curators
  evidence type: statement supported by a referenced clinical study
  discrepancy: the source says “OR 2.617 for insufficient warm-up (an odds ratio, not a risk ratio)” — The article words an odds ratio as '2.6 times more likely', i.e. as a risk ratio; an odds ratio overstates the relative risk when the outcome is common. The source speaks of insufficient warm-up; the article says runners who 'don’t warm up'.
"""


def run(runner, *args):
    return runner.invoke(main, list(args))


def test_why_2_6_names_wu_2021_with_doi_and_quote(runner):
    result = run(runner, "why", "2.6×")
    assert result.exit_code == 0, result.output
    findings = [line for line in result.stdout.splitlines() if line.startswith("  audit [")]
    # The audit's stored findings (when the audit is part of the build) follow the discrepancy.
    body = "\n".join(line for line in result.stdout.splitlines() if not line.startswith("  audit [")) + "\n"
    assert body == WHY_2_6
    # what the audit stored about the claim and its source, each finding once, worst first
    assert [f.split(":")[0] for f in findings] == [
        "  audit [error] discrepancy",
        "  audit [warning] cue-mismatch",
        "  audit [warning] odds-as-risk",
        "  audit [warning] ref-volume-issue",
    ]


@pytest.mark.parametrize("spelling", ["2.6×", "2.6x", "2.6 times", "2.6-fold", "2.6", "2.6 X", "2.6 times more likely"])
def test_every_spelling_of_a_ratio_finds_the_same_claim(runner, spelling):
    data = json.loads(run(runner, "why", spelling, "--format", "json").stdout)
    assert data["matches"][0]["id"] == "warmup-2-6x"


@pytest.mark.parametrize("spelling", ["20%", "20 percent", "up to 20%", "20 per cent", "up to twenty percent"])
def test_every_spelling_of_a_percentage_finds_the_same_claim(runner, spelling):
    data = json.loads(run(runner, "why", spelling, "--format", "json").stdout)
    assert data["matches"][0]["id"] == "runners-lbp-up-to-20-percent"


@pytest.mark.parametrize(
    "query, claim",
    [
        ("eighty percent", "prevalence-80-percent"),
        ("80%", "prevalence-80-percent"),
        ("7-10 ounces", "ace-hydration-during-workout"),
        ("seven to 10 ounces", "ace-hydration-during-workout"),
        ("7–10 oz", "ace-hydration-during-workout"),
        ("20 ounces", "ace-hydration-before-run"),
        ("350-500 miles", "shoes-lose-cushioning"),
        ("three to six months", "shoes-lose-cushioning"),
        ("800K", "hinge-members-companies"),
        ("1,700", "hinge-members-companies"),
        ("four to six weeks", "see-doctor-4-6-weeks"),
        ("75%", "discs-75-percent-water"),
    ],
)
def test_figures_in_words_and_ranges(runner, query, claim):
    data = json.loads(run(runner, "why", query, "--format", "json").stdout)
    assert data["matches"][0]["id"] == claim


@pytest.mark.parametrize("figure", [f[0] for f in FIGURES if f[0] not in ("two", "15")])
def test_every_figure_of_the_article_answers_with_its_own_claim(runner, figure):
    """Asking for a figure's own wording puts the claim that states it first, with its sources (or none)."""
    data = json.loads(run(runner, "why", figure, "--format", "json").stdout)
    stated = [s["stated_as"] for s in data["matches"][0]["statistics"]]
    assert figure in stated
    expected = next(f for f in FIGURES if f[0] == figure)
    assert {s["iri"] for s in data["matches"][0]["sources"]} == expected[5]


def test_uncited_figure_says_so_and_who_said_it(runner):
    result = run(runner, "why", "eighty percent")
    assert "  no cited source; attributed to Steven Goostree, PT, DPT (expert opinion)\n" in result.stdout
    assert "  evidence type: expert opinion\n" in result.stdout


@pytest.mark.parametrize(
    "words, claim",
    [
        ("warm-up", "warmup-2-6x"),
        ("hydration", "tip-stay-hydrated"),
        ("sneakers", "tip-check-sneakers"),
        ("incontinence", "red-flag-incontinence"),
    ],
)
def test_words_find_claims(runner, words, claim):
    data = json.loads(run(runner, "why", words, "--format", "json", "--limit", "20").stdout)
    assert claim in [m["id"] for m in data["matches"]]


def test_no_match_suggests_nearest_claims_and_exits_1(runner):
    result = run(runner, "why", "glucosamine")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "No claim matches 'glucosamine'."
    assert lines[1] == "Nearest claims:"
    assert len(lines) == 5 and all(line.startswith("  lower-back-pain-after-running/") for line in lines[2:])


@pytest.mark.parametrize(
    "hostile", ['"', "'; DROP GRAPH <x> ; '", "}", "{ ?s ?p ?o }", "\\", 'a\\"b', "💥 ünïcødé", "?claim", "%s", "a\nb"]
)
def test_hostile_queries_are_bound_never_pasted(runner, hostile):
    result = run(runner, "why", hostile)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_empty_query_is_a_clear_error(runner):
    result = run(runner, "why", "  ")
    assert result.exit_code == 2
    assert (
        last_line(result.stderr) == 'Error: empty query: give a figure (e.g. "2.6×", "20%") or words (e.g. "warm-up")\n'
    )


def test_why_json_is_stable(runner):
    data = json.loads(run(runner, "why", "2.6×", "--format", "json").stdout)
    assert list(data) == ["query", "figure", "matches", "total_matches", "suggestions"]
    assert data["figure"] == {"value": 2.6, "min": None, "max": None, "unit": "times"}
    assert data["total_matches"] == 1
    match = data["matches"][0]
    assert list(match) == [
        "iri",
        "id",
        "article",
        "types",
        "text",
        "quote",
        "statistics",
        "attribution",
        "sources",
        "uncited",
        "evidence_type",
        "discrepancies",
        "ambiguities",
        "findings",
        "verdict",
        "score",
    ]
    source = match["sources"][0]
    assert source["doi"] == "10.1155/2021/6660304"
    assert source["link"] == "https://doi.org/10.1155/2021/6660304"
    assert source["citation"] == "Wu et al. 2021"
    assert source["cue"] == "according to a 2021 study published in Pain Research Management"
    assert source["cue_type"] == "explicit"
    assert source["design"] == "cross-sectional study"
    assert source["evidence_level"] == {"label": "Level 4", "notation": "4"}
    assert match["quote"]["start"] == 3982 and match["quote"]["end"] == 4103


def test_why_csv(runner):
    result = run(runner, "why", "2.6×", "--format", "csv")
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "article,claim,types,quote,figures,expert,source,doi_or_url,cue_type,cue,design,evidence_level,evidence_type,findings"
    )
    assert lines[1].startswith(
        'lower-back-pain-after-running,warmup-2-6x,"association, statistical",Marathon runners who don’t warm up'
    )
    assert (
        ",Wu et al. 2021,https://doi.org/10.1155/2021/6660304,explicit,according to a 2021 study published in Pain Research Management,cross-sectional study,Level 4,statement supported by a referenced clinical study,"
        in lines[1]
    )


def test_why_markdown(runner):
    result = run(runner, "why", "2.6×", "--format", "md")
    lines = result.stdout.splitlines()
    assert lines[0] == "### Why: 2.6×"
    assert lines[2].startswith("| article | claim | types | quote |")
    assert lines[4].startswith(
        "| lower-back-pain-after-running | warmup-2-6x | association, statistical | Marathon runners"
    )


# ---------------------------------------------------------------------------- claims / sources / experts


def test_claims_uncited_statistical(runner):
    result = run(runner, "claims", "--type", "statistical", "--uncited", "--format", "json")
    claims = json.loads(result.stdout)
    assert result.exit_code == 0
    assert all(c["sources"] == [] for c in claims)
    assert {"prevalence-80-percent", "discs-75-percent-water"} <= {c["id"] for c in claims}
    assert "warmup-2-6x" not in {c["id"] for c in claims}


@pytest.mark.parametrize(
    "ref", ["wu2021", "10.1155/2021/6660304", "DOI:10.1155/2021/6660304", "https://doi.org/10.1155/2021/6660304"]
)
def test_claims_citing_a_source_by_key_or_doi(runner, ref):
    claims = json.loads(run(runner, "claims", "--cites", ref, "--format", "json").stdout)
    assert [c["id"] for c in claims] == ["warmup-2-6x"]


def test_claims_about_and_by_expert(runner):
    about = json.loads(run(runner, "claims", "--about", "hydration", "--format", "json").stdout)
    assert "tip-stay-hydrated" in {c["id"] for c in about}
    expert = json.loads(run(runner, "claims", "--expert", "Dr. Goostree", "--format", "json").stdout)
    assert len(expert) == 17 and all(c["expert"] == "Steven Goostree" for c in expert)
    both = json.loads(run(runner, "claims", "--expert", "goostree", "--type", "statistical", "--format", "json").stdout)
    assert {c["id"] for c in both} == {"prevalence-80-percent", "discs-75-percent-water", "sudden-mileage-jump"}


def test_claims_article_filter_and_table(runner):
    result = run(runner, "claims", "--article", "lower-back-pain-after-running", "--type", "red-flag")
    lines = result.stdout.splitlines()
    assert lines[0] == "Claims (5)"
    assert lines[1].split() == ["article", "claim", "types", "evidence", "sources", "expert", "text"]


def test_claims_errors(runner):
    bad_type = run(runner, "claims", "--type", "statistcal")
    assert bad_type.exit_code == 2
    assert last_line(bad_type.stderr) == "Error: unknown claim type 'statistcal' (did you mean statistical?)\n"
    bad_source = run(runner, "claims", "--cites", "wu2012")
    assert bad_source.exit_code == 1
    assert last_line(bad_source.stderr) == "Error: no source 'wu2012' in the graph (did you mean wu2021?)\n"


def test_sources_table(runner):
    result = run(runner, "sources", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == "key,ref,source,design,evidence_level,claims,articles,cue_types,doi_or_url"
    assert (
        "wu2021,2,Wu et al. 2021,cross-sectional study,Level 4,1,1,explicit,https://doi.org/10.1155/2021/6660304"
        in lines
    )
    assert (
        "weber2021,4,Weber 2021,grey literature / web page,Ungraded,0,0,,https://www.uhhospitals.org/blog/articles/2021/02/a-runners-guide-to-lower-back-pain"
        in lines
    )
    assert len(lines) == 9


@pytest.mark.parametrize("ref", ["raabe2018", "10.1016/J.JBIOMECH.2017.11.037", "doi:10.1016/j.jbiomech.2017.11.037"])
def test_source_shows_what_breaks_if_retracted(runner, ref):
    data = json.loads(run(runner, "source", ref, "--format", "json").stdout)
    assert data["source"]["citation"] == "Raabe & Chaudhari 2018"
    assert data["listed_in"] == ["lower-back-pain-after-running"]
    assert [c["id"] for c in data["claims"]] == ["deep-core-weakness-back-pain"]


def test_source_by_url(runner):
    url = "https://www.acefitness.org/resources/everyone/blog/6675/healthy-hydration/"
    data = json.loads(run(runner, "source", url, "--format", "json").stdout)
    assert {c["id"] for c in data["claims"]} == {"ace-hydration-before-run", "ace-hydration-during-workout"}


def test_unknown_source_exit_1(runner):
    result = run(runner, "source", "nope")
    assert result.exit_code == 1
    assert (
        last_line(result.stderr)
        == "Error: no source 'nope' in the graph (give a BibTeX key, a DOI or a URL; `ekg sources` lists them)\n"
    )


def test_experts_table(runner):
    result = run(runner, "experts")
    assert result.stdout.splitlines()[0] == "Experts (3)"
    assert result.stdout.splitlines()[3].split()[:4] == ["Steven", "Goostree", "PT,", "DPT"]


def test_expert_report(runner):
    data = json.loads(run(runner, "expert", "Dr. Goostree", "--format", "json").stdout)
    assert data["expert"]["name"] == "Steven Goostree"
    assert data["expert"]["credentials"] == "PT, DPT"
    assert data["expert"]["roles"] == ["quoted-expert"]
    assert len(data["claims"]) == 17
    reviewer = json.loads(run(runner, "expert", "Jonathan Lee", "--format", "json").stdout)
    assert reviewer["expert"]["roles"] == ["medical-reviewer"] and reviewer["claims"] == []


def test_unknown_expert(runner):
    result = run(runner, "expert", "Smith")
    assert result.exit_code == 1
    assert last_line(result.stderr) == "Error: no expert matching 'Smith' (`ekg experts` lists them)\n"
    partial = run(runner, "expert", "Goostre")  # a partial name still finds the person
    assert partial.exit_code == 0


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "md"])
@pytest.mark.parametrize(
    "args", [["why", "2.6×"], ["claims"], ["sources"], ["source", "wu2021"], ["experts"], ["expert", "Goostree"]]
)
def test_every_command_in_every_format(runner, args, fmt):
    result = run(runner, *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    if fmt == "json":
        json.loads(result.stdout)


# ---------------------------------------------------------------------------- figure normalisation


def _words(n: int) -> str:
    ones = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ]
    tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    if n < 20:
        return ones[n]
    if n < 100:
        return tens[n // 10] + ("" if n % 10 == 0 else "-" + ones[n % 10])
    rest = n % 100
    return ones[n // 100] + " hundred" + ("" if rest == 0 else " " + _words(rest))


@given(st.integers(min_value=0, max_value=999))
def test_number_words_read_back(n):
    assert parse_number(_words(n)) == n


@settings(max_examples=200)
@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_every_spelling_of_a_ratio_parses_the_same(value):
    text = f"{value.normalize():f}"
    figures = {parse_figure(t) for t in (f"{text}×", f"{text}x", f"{text} times", f"{text}-fold")}
    assert {(f.value, f.unit) for f in figures} == {(float(value), "times")}


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=100))
def test_ranges_parse_either_way(a, b):
    for text in (f"{a}-{b} minutes", f"{a} to {b} minutes", f"{a}–{b} minutes", f"{_words(a)} to {_words(b)} minutes"):
        figure = parse_figure(text)
        assert (figure.min, figure.max, figure.unit) == (min(a, b), max(a, b), "minute")


@given(st.integers(min_value=1, max_value=99))
def test_percent_spellings(n):
    want = (float(n), "percent")
    for text in (f"{n}%", f"{n} percent", f"{n} per cent", f"{_words(n)} percent"):
        figure = parse_figure(text)
        assert (figure.value, figure.unit) == want
    assert parse_figure(f"up to {n}%").max == n


def test_why_says_how_many_claims_matched_beyond_the_limit(runner):
    """'pain' is in 92 of the seed's claims: the answer shows the best five and says so; the JSON counts all."""
    shown = run(runner, "why", "pain").stdout
    assert shown.endswith("\nShowing the best 5 of 92 claims that match 'pain' (--limit N shows up to 100).\n")
    assert json.loads(run(runner, "why", "pain", "--limit", "7", "--format", "json").stdout)["total_matches"] == 92
    assert "Showing the best" not in run(runner, "why", "pain", "--limit", "100").stdout
    assert "Showing the best" not in run(runner, "why", "2.6×").stdout
