"""W3C Web Annotations: read back by rdflib and pyoxigraph with the standard context (bundled, offline), and
every selector checked against the article text itself."""

from __future__ import annotations

import json

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.dataset.paths import bundled_data_dir
from kg.export.annotations import ANNO_CONTEXT, with_local_context
from kg.export.registry import export
from tests.conftest import FIXTURE_DATA, FIXTURE_SLUG, SEED_SLUG
from tests.synthetic_audit import audited_store, claim

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
ID = "https://w3id.org/evidence-kg/id/"

CASES = [
    ("seed_store", bundled_data_dir() / "articles" / SEED_SLUG / "article.txt", f"{ID}article/{SEED_SLUG}", 117),
    (
        "fixture_store",
        FIXTURE_DATA / "articles" / FIXTURE_SLUG / "article.txt",
        "https://www.example.org/articles/is-running-bad-for-your-back",
        7,
    ),
]


def _parse(document: dict) -> rdflib.Graph:
    return rdflib.Graph().parse(data=json.dumps(with_local_context(document)), format="json-ld")


@pytest.mark.parametrize("store_name, text_path, source, count", CASES)
def test_every_quote_round_trips_and_anchors_in_the_article_text(request, store_name, text_path, source, count):
    document = json.loads(export(request.getfixturevalue(store_name), "annotations"))
    assert document["@context"] == ANNO_CONTEXT
    graph = _parse(document)
    # an independent JSON-LD processor reads the same graph (the page's item list is an rdf:List of blank
    # nodes, so the graphs are compared up to blank-node renaming)
    ox = pyoxigraph.parse(json.dumps(with_local_context(document)), format=pyoxigraph.RdfFormat.JSON_LD)
    ntriples = pyoxigraph.serialize([q.triple for q in ox], format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8")
    assert isomorphic(rdflib.Graph().parse(data=ntriples, format="nt"), graph)

    text = text_path.read_text(encoding="utf-8")
    annotations = list(graph.subjects(rdflib.RDF.type, OA.Annotation))
    assert len(annotations) == count == document["total"]
    for annotation in annotations:
        assert graph.value(annotation, OA.motivatedBy) == OA.assessing
        target = graph.value(annotation, OA.hasTarget)
        assert str(graph.value(target, OA.hasSource)) == source
        selectors = {graph.value(s, rdflib.RDF.type): s for s in graph.objects(target, OA.hasSelector)}
        quote, position = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
        start, end = graph.value(position, OA.start).toPython(), graph.value(position, OA.end).toPython()
        exact = str(graph.value(quote, OA.exact))
        assert text[start:end] == exact, annotation
        assert text[:start].endswith(str(graph.value(quote, OA.prefix)))
        assert text[end:].startswith(str(graph.value(quote, OA.suffix)))
        purposes = sorted(
            str(graph.value(b, OA.hasPurpose)).rsplit("#", 1)[1] for b in graph.objects(annotation, OA.hasBody)
        )
        # the verdict, the statement and the claim; then one commenting body per audit finding, if any
        assert [p for p in purposes if p != "commenting"] == ["assessing", "describing", "identifying"]


def test_the_verdict_and_the_findings_are_bodies(fixture_store):
    store = audited_store(
        fixture_store, [(claim("keep-moving"), "warning", "paraphrase-as-fact", "A paraphrase reads as settled fact.")]
    )
    document = json.loads(export(store, "annotations"))
    item = next(i for i in document["first"]["items"] if i["id"] == claim("keep-moving") + "/annotation")
    bodies = {b["purpose"]: b for b in item["body"]}
    assert bodies["identifying"]["source"] == claim("keep-moving")
    assert (
        bodies["describing"]["value"]
        == "Gentle activity such as walking usually helps back pain settle faster than bed rest."
    )
    assert bodies["assessing"]["value"].startswith(
        "Weak (2/5): Rests on the word of Casey Example alone; no source is cited. The audit found: paraphrase-as-fact (warning)"
    )
    assert (
        bodies["commenting"]["value"]
        == "warning paraphrase-as-fact: A paraphrase reads as settled fact. Suggested fix: Check it against the source."
    )
    graph = _parse(document)
    assert (rdflib.URIRef(claim("keep-moving") + "/annotation/finding/1"), OA.hasPurpose, OA.commenting) in graph


def test_offline_parsing_needs_the_bundled_context(fixture_store):
    """Without the bundled copy a JSON-LD processor would have to fetch the context: pyoxigraph refuses."""
    document = json.loads(export(fixture_store, "annotations"))
    with pytest.raises(SyntaxError, match="remote context"):
        list(pyoxigraph.parse(json.dumps(document), format=pyoxigraph.RdfFormat.JSON_LD))
