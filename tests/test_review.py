"""Reviewers' verdicts end to end, on a copy of the seed and on an edited revision of it: recorded by `ekg review`,
kept in reviewed.yaml, built into the graph, shown by `ekg why`, the audit and the exports, and marked stale or
lapsed when the claim they judged changes."""

from __future__ import annotations

import json
import shutil

import pyoxigraph
import pytest
import rdflib
import yaml

from kg.cli.main import main
from kg.dataset.paths import bundled_data_dir
from kg.export import schemaorg
from kg.export.annotations import with_local_context
from tests.conftest import SEED_SLUG
from tests.helpers import last_line
from tests.test_interop_claimreview import _with_schema_context

ID = "https://w3id.org/evidence-kg/id/"
SCHEMA = rdflib.Namespace("http://schema.org/")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
REVIEWER = "Jane Doe, MD"


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir() / "articles", target / "articles")
    return target


@pytest.fixture
def run(runner, data):
    def invoke(*args):
        return runner.invoke(main, [args[0], "--data", str(data), *args[1:]])

    return invoke


def _article(data):
    return data / "articles" / SEED_SLUG


def _revise(data) -> None:
    """The edited revision: the see-a-doctor claim now says four to eight weeks (text, quote and figure)."""
    folder = _article(data)
    for name in ("article.txt", "claims.yaml"):
        path = folder / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("four to six weeks", "four to eight weeks"), encoding="utf-8"
        )
    claims = folder / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    old = "        min: 4\n        max: 6\n        unit: week\n"
    assert text.count(old) == 1
    claims.write_text(text.replace(old, "        min: 4\n        max: 8\n        unit: week\n"), encoding="utf-8")


def _finding_id(run, rule: str, claim: str) -> str:
    report = json.loads(run("audit", "--format", "json").stdout)
    [found] = [f for f in report["findings"] if f["rule"] == rule and f["concerns"]["id"] == claim]
    return found["id"]


def test_verdicts_recorded_by_the_command_are_kept_and_shown_by_why(run, data):
    result = run(
        "review",
        "warmup-2-6x",
        "--rating",
        "overstated",
        "--by",
        REVIEWER,
        "--date",
        "2024-05-01",
        "--note",
        "The study reports an odds ratio of 2.617 for insufficient warm-up, not a risk ratio.",
        "--passage",
        "OR 2.617",
        "--source",
        "wu2021",
    )
    assert result.exit_code == 0, result.output
    assert "Recorded overstated" in result.stdout
    result = run(
        "review",
        f"{SEED_SLUG}/prevalence-80-percent",
        "--rating",
        "needs-source",
        "--by",
        "jane-doe",
        "--date",
        "2024-05-02",
        "--note",
        "A lifetime prevalence with no study cited.",
    )
    assert result.exit_code == 0, result.output

    reviewed = yaml.safe_load((_article(data) / "reviewed.yaml").read_text(encoding="utf-8"))
    assert reviewed["reviewers"] == {"jane-doe": {"name": "Jane Doe", "credentials": "MD"}}
    assert set(reviewed["claims"]) == {"warmup-2-6x", "prevalence-80-percent"}  # the second kept the first
    warmup = reviewed["claims"]["warmup-2-6x"]
    assert warmup["judged"]["quote"].startswith("Marathon runners who don’t warm up")
    assert warmup["judged"]["figures"] == ["2.6 times: risk-ratio 2.6 times"]
    assert warmup["judged"]["sources"] == ["https://doi.org/10.1155/2021/6660304"]

    why = run("why", "2.6 times")
    assert why.exit_code == 0, why.output
    assert "verdict: partly supported / overstated (overstated), by Jane Doe, MD on 2024-05-01" in why.stdout
    assert "source passage: “OR 2.617”" in why.stdout
    details = json.loads(run("why", "Eighty percent", "--format", "json").stdout)["matches"][0]
    assert (details["verdict"]["rating"], details["verdict"]["by"], details["verdict"]["stale"]) == (
        "needs-source",
        "Jane Doe, MD",
        False,
    )

    # the graph: a PROV-attributed assessment, queryable by the bundled query
    rows = json.loads(run("query", "claims-by-verdict", "--format", "json").stdout)["results"]["bindings"]
    rated = {
        r["claim"]["value"]: (r["rating"]["value"], r["reviewer"]["value"], r["date"]["value"], r["stale"]["value"])
        for r in rows
        if r["rating"]["value"] != "not reviewed"
    }
    assert rated == {
        "warmup-2-6x": ("overstated", "Jane Doe", "2024-05-01", "false"),
        "prevalence-80-percent": ("needs-source", "Jane Doe", "2024-05-02", "false"),
    }
    ask = run(
        "sparql",
        f"""ASK {{ ?v a prov:Entity, ekg:Verdict ; schema:itemReviewed <{ID}claim/{SEED_SLUG}/warmup-2-6x> ;
        ekg:verdictRating ?r ; prov:wasAttributedTo ?p . ?p a schema:Person ; schema:honorificSuffix "MD" .
        ?r a ekg:VerdictRating ; skos:inScheme <{ID}scheme/verdict-rating> }}""",
        "--format",
        "json",
    )
    assert json.loads(ask.stdout)["boolean"] is True, ask.output


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["warmup-2-6", "--rating", "supported", "--by", REVIEWER, "--note", "x"],
            "no claim 'warmup-2-6' (did you mean warmup-2-6x?)",
        ),
        (
            ["warmup-2-6x", "--rating", "true", "--by", REVIEWER, "--note", "x"],
            "--rating 'true' is not on the scale (use one of: supported, overstated, not-supported, needs-source, outdated, not-checkable)",
        ),
        (
            ["warmup-2-6x", "--rating", "supported", "--by", REVIEWER, "--note", "x", "--date", "2024-02-30"],
            "--date '2024-02-30' is not a date",
        ),
        (["--finding", "0000000000", "--dismiss", "--reason", "r", "--by", REVIEWER], "no audit finding '0000000000'"),
        (["--finding", "0000000000", "--dismiss", "--by", REVIEWER], "a dismissal needs --reason"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(run, data, args, message):
    result = run("review", *args)
    assert result.exit_code == 2
    assert message in last_line(result.stderr)  # one line (after the build's own notice, where one ran)
    assert "Traceback" not in result.output
    assert not (_article(data) / "reviewed.yaml").exists()


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            "rating: supported",
            "reviewed.yaml line 4, field claims.warmup-2-6x.rating: 'supportd' is not one of the allowed values (did you mean supported?)",
        ),
        (
            "warmup-2-6x:",
            "reviewed.yaml line 3, field claims.warmup-2-6z: 'warmup-2-6z' is not a claim of claims.yaml (did you mean warmup-2-6x?)",
        ),
        ("date: 2024-05-01", "reviewed.yaml line 6, field claims.warmup-2-6x.date: '1 May' is not a date"),
        (
            "quote: x",
            "field claims.warmup-2-6z: 'warmup-2-6z' is not a claim of claims.yaml (its quote is now claim 'warmup-2-6x': move the verdict there)",
        ),
    ],
)
def test_a_hand_edited_file_is_checked_with_one_line_errors(run, data, edit, message):
    path = _article(data) / "reviewed.yaml"
    good = (
        "claims:\n  warmup-2-6x:\n    rating: supported\n    by: evidence-kg-curators\n    date: 2024-05-01\n"
        "    note: checked\n    judged:\n      quote: x\n"
    )
    bad = {
        "rating: supported": "rating: supportd",
        "warmup-2-6x:": "warmup-2-6z:",
        "date: 2024-05-01": "date: 1 May",
    }.get(edit)
    if bad is None:  # a claim renamed since its verdict: the verdict's quote finds it
        quote = "Marathon runners who don’t warm up before running are 2.6 times more likely to experience low back pain than those who do"
        good, edit, bad = good.replace("quote: x", f'quote: "{quote}"'), "warmup-2-6x:", "warmup-2-6z:"
    path.write_text("# a reviewer's notes\n" + good.replace(edit, bad), encoding="utf-8")
    result = run("build")
    assert result.exit_code == 2
    assert message in last_line(result.stderr), result.stderr
    assert "Traceback" not in result.output


def test_a_dismissed_finding_stays_apart_until_its_claim_changes(run, data):
    doctor = _finding_id(run, "discrepancy", "see-doctor-4-6-weeks")
    warmup = _finding_id(run, "discrepancy", "warmup-2-6x")
    assert run("audit", "--fail-on", "error").exit_code == 1
    for fid in (doctor, warmup):
        result = run(
            "review",
            "--finding",
            fid[:7],
            "--dismiss",
            "--by",
            REVIEWER,
            "--date",
            "2024-05-03",
            "--reason",
            "The cited page was updated to match the article.",
        )
        assert result.exit_code == 0, result.output

    audit = run("audit", "--fail-on", "error")
    assert audit.exit_code == 0, audit.stdout  # only open findings count
    open_part, dismissed_part = audit.stdout.split("Dismissed by a reviewer (2; not counted by --fail-on):")
    assert doctor not in open_part and warmup not in open_part
    assert f"claim see-doctor-4-6-weeks  [{doctor}]" in dismissed_part
    assert "dismissed by Jane Doe, MD on 2024-05-03: The cited page was updated to match the article." in dismissed_part
    assert "22 open findings (0 errors, 20 warnings, 2 info); 2 dismissed by a reviewer" in audit.stdout
    report = json.loads(run("audit", "--format", "json").stdout)
    assert {f["id"]: f["status"] for f in report["findings"] if f["rule"] == "discrepancy"} == {
        doctor: "dismissed",
        warmup: "dismissed",
    }
    why = run("why", "four to six weeks").stdout
    assert (
        f"[{doctor}] (dismissed by Jane Doe, MD on 2024-05-03: The cited page was updated to match the article.)" in why
    )
    html = run("audit", "--format", "html").stdout
    assert 'id="dismissed"' in html and f'data-id="{doctor}"' in html
    pending = run("review", "--pending", "--format", "json")
    assert pending.exit_code == 1
    assert not [
        i
        for i in json.loads(pending.stdout)
        if i["kind"] in ("open finding", "lapsed decision") and i["id"] in (doctor, warmup)
    ]

    _revise(data)
    audit = run("audit", "--fail-on", "error")
    assert audit.exit_code == 1  # the changed claim's finding is back, open, under a new id
    back = _finding_id(run, "discrepancy", "see-doctor-4-6-weeks")
    assert back != doctor
    open_part, dismissed_part = audit.stdout.split("Dismissed by a reviewer (1; not counted by --fail-on):")
    assert f"claim see-doctor-4-6-weeks  [{back}]" in open_part
    assert warmup in dismissed_part and doctor not in audit.stdout
    items = json.loads(run("review", "--pending", "--format", "json").stdout)
    kinds = {(i["kind"], i["id"]) for i in items}
    assert ("open finding", back) in kinds and ("lapsed decision", doctor) in kinds
    assert ("open finding", warmup) not in kinds


def test_a_verdict_goes_stale_when_its_figure_changes_and_fresh_when_judged_again(run, data):
    assert (
        run(
            "review",
            "see-doctor-4-6-weeks",
            "--rating",
            "not-supported",
            "--by",
            REVIEWER,
            "--date",
            "2024-05-01",
            "--note",
            "The source says more than two months.",
        ).exit_code
        == 0
    )
    assert not [
        i for i in json.loads(run("review", "--pending", "--format", "json").stdout) if i["kind"] == "stale verdict"
    ]

    claims = _article(data) / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(
        text.replace("        min: 4\n        max: 6\n", "        min: 4\n        max: 8\n"), encoding="utf-8"
    )

    why = run("why", "four to six weeks")
    assert "verdict: not supported by the cited source (not-supported), by Jane Doe, MD on 2024-05-01" in why.stdout
    assert (
        "STALE: the claim changed since: the figures changed (was 'more than four to six weeks: duration 4–6 week'; "
        "now 'more than four to six weeks: duration 4–8 week')"
    ) in why.stdout
    stale = [
        i for i in json.loads(run("review", "--pending", "--format", "json").stdout) if i["kind"] == "stale verdict"
    ]
    assert [i["id"] for i in stale] == ["see-doctor-4-6-weeks"]
    rows = json.loads(run("query", "claims-by-verdict", "--format", "json").stdout)["results"]["bindings"]
    assert [r["stale"]["value"] for r in rows if r["claim"]["value"] == "see-doctor-4-6-weeks"] == ["true"]
    # the stale verdict is not exported as the reviewer's: the audit's assessment stands, and says why
    reviews = {
        r["itemReviewed"]["@id"]: r for r in json.loads(run("export", "--format", "claimreview").stdout)["@graph"]
    }
    review = reviews[f"{ID}claim/{SEED_SLUG}/see-doctor-4-6-weeks"]
    assert review["author"]["name"] == "evidence-kg audit"
    assert "no longer applies, as the claim changed since (the figures changed" in review["description"]

    assert (
        run(
            "review",
            "see-doctor-4-6-weeks",
            "--rating",
            "not-supported",
            "--by",
            "jane-doe",
            "--date",
            "2024-06-01",
            "--note",
            "Still two months at the source.",
        ).exit_code
        == 0
    )
    assert not [
        i for i in json.loads(run("review", "--pending", "--format", "json").stdout) if i["kind"] == "stale verdict"
    ]


def test_claimreview_and_annotations_carry_the_reviewers_verdict(run):
    assert (
        run(
            "review",
            "warmup-2-6x",
            "--rating",
            "overstated",
            "--by",
            REVIEWER,
            "--date",
            "2024-05-01",
            "--note",
            "An odds ratio worded as a risk ratio.",
        ).exit_code
        == 0
    )
    claim = f"{ID}claim/{SEED_SLUG}/warmup-2-6x"

    document = json.loads(run("export", "--format", "claimreview").stdout)
    graph = rdflib.Graph().parse(data=json.dumps(_with_schema_context(document)), format="json-ld")
    assert schemaorg.check(graph) == []
    [review] = graph.subjects(SCHEMA.itemReviewed, rdflib.URIRef(claim))
    author = graph.value(review, SCHEMA.author)
    assert (
        graph.value(author, rdflib.RDF.type),
        str(graph.value(author, SCHEMA.name)),
        str(graph.value(author, SCHEMA.honorificSuffix)),
    ) == (SCHEMA.Person, "Jane Doe", "MD")
    assert str(graph.value(review, SCHEMA.datePublished)) == "2024-05-01"
    rating = graph.value(review, SCHEMA.reviewRating)
    assert (
        str(graph.value(rating, SCHEMA.alternateName)),
        int(graph.value(rating, SCHEMA.ratingValue)),
        str(graph.value(rating, SCHEMA.ratingExplanation)),
    ) == ("partly supported / overstated", 3, "An odds ratio worded as a risk ratio.")
    # every other claim keeps the machine's assessment, marked as such
    machine = [r for r in graph.subjects(rdflib.RDF.type, SCHEMA.ClaimReview) if r != review]
    assert len(machine) == 116
    assert all(
        str(graph.value(r, SCHEMA.description)).startswith("Automated assessment by the evidence-kg audit")
        for r in machine
    )
    ox = pyoxigraph.parse(json.dumps(_with_schema_context(document)), format=pyoxigraph.RdfFormat.JSON_LD)
    assert any(q.predicate.value == str(SCHEMA.honorificSuffix) and q.object.value == "MD" for q in ox)

    annotations = json.loads(run("export", "--format", "annotations").stdout)
    graph = rdflib.Graph().parse(data=json.dumps(with_local_context(annotations)), format="json-ld")
    [anno] = [a for a in graph.subjects(rdflib.RDF.type, OA.Annotation) if str(a) == claim + "/annotation"]
    assert graph.value(anno, OA.motivatedBy) == OA.assessing
    bodies = {str(graph.value(b, rdflib.RDF.value)): b for b in graph.objects(anno, OA.hasBody)}
    [(text, body)] = [(t, b) for t, b in bodies.items() if t.startswith("Reviewer's verdict")]
    assert text == "Reviewer's verdict: partly supported / overstated: An odds ratio worded as a risk ratio."
    assert graph.value(body, OA.hasPurpose) == OA.assessing
    creator = graph.value(body, rdflib.URIRef("http://purl.org/dc/terms/creator"))
    assert str(graph.value(creator, rdflib.FOAF.name)) == "Jane Doe"
    created = graph.value(body, rdflib.URIRef("http://purl.org/dc/terms/created"))
    assert created.datatype == rdflib.XSD.dateTime and created.toPython().date().isoformat() == "2024-05-01"


def _reviewed_graph(data) -> rdflib.Graph:
    from kg.build.quads import corpus_quads, sorted_ntriples
    from kg.dataset.loader import load_corpus

    (_article(data) / "reviewed.yaml").write_text(
        "reviewers:\n  jane-doe: {name: Jane Doe, credentials: MD}\n"
        "claims:\n  warmup-2-6x:\n    rating: overstated\n    by: jane-doe\n    date: 2024-05-01\n    note: An odds ratio.\n"
        "    judged:\n      quote: Marathon runners\n"
        "findings:\n  0c0418ada7:\n    decision: dismissed\n    reason: The page was updated.\n    by: jane-doe\n    date: 2024-05-03\n",
        encoding="utf-8",
    )
    return rdflib.Graph().parse(data=sorted_ntriples(corpus_quads(load_corpus(data).articles)), format="nt")


def _verdict(g):
    [v] = g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/evidence-kg/ontology#Verdict"))
    return v


def _unrated(g):
    g.set(
        (
            _verdict(g),
            rdflib.URIRef("https://w3id.org/evidence-kg/ontology#verdictRating"),
            rdflib.URIRef(ID + "rating/true"),
        )
    )


def _anonymous(g):
    g.remove((_verdict(g), rdflib.URIRef("http://www.w3.org/ns/prov#wasAttributedTo"), None))


def _dismissed_without_reason(g):
    g.remove((None, SCHEMA.reviewBody, rdflib.Literal("The page was updated.")))


@pytest.mark.parametrize(
    "breakage, message",
    [
        (None, None),
        (_unrated, "exactly one rating of the verdict scale"),
        (_anonymous, "attributed to exactly one reviewer"),
        (_dismissed_without_reason, "A dismissed finding needs the reason"),
    ],
)
def test_shapes_check_verdicts_and_dismissals(data, breakage, message):
    from kg.build.validate import validate

    graph = _reviewed_graph(data)
    assert (
        _verdict(graph),
        rdflib.URIRef("https://w3id.org/evidence-kg/ontology#stale"),
        rdflib.Literal(True),
    ) in graph
    if breakage is None:
        result = validate(graph)
        assert result.conforms, result.text()
        return
    breakage(graph)
    result = validate(graph)
    assert not result.conforms
    assert any(message in p.message for p in result.problems), result.text()
