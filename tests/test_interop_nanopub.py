"""Nanopublications: one per claim, read back by rdflib, pyoxigraph and the nanopub library itself."""

from __future__ import annotations

import datetime as dt
import warnings

import pyoxigraph
import pytest
import rdflib

from kg.cli.main import main
from kg.export.registry import export
from tests.conftest import FIXTURE_DATA, FIXTURE_SLUG
from tests.helpers import last_line

NP = rdflib.Namespace("http://www.nanopub.org/nschema#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
ID = "https://w3id.org/evidence-kg/id/"


def _nanopubs(trig: str) -> dict[str, dict[str, rdflib.Graph]]:
    """nanopublication IRI -> {"Head"|"assertion"|"provenance"|"pubinfo": its graph}, parsed by rdflib."""
    dataset = rdflib.Dataset()
    dataset.parse(data=trig, format="trig")
    found = {}
    for np_iri, _, _, head in dataset.quads((None, rdflib.RDF.type, NP.Nanopublication, None)):
        head_graph = dataset.graph(head)
        parts = {"Head": head_graph}
        for name, link in (
            ("assertion", NP.hasAssertion),
            ("provenance", NP.hasProvenance),
            ("pubinfo", NP.hasPublicationInfo),
        ):
            parts[name] = dataset.graph(head_graph.value(np_iri, link))
        found[str(np_iri)] = parts
    return found


@pytest.fixture(scope="module")
def exports(seed_store, fixture_store):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return {"seed": (export(seed_store, "nanopub"), 117), "second": (export(fixture_store, "nanopub"), 7)}


@pytest.mark.parametrize("which", ["seed", "second"])
def test_one_nanopublication_per_claim_and_two_parsers_agree(exports, which):
    trig, claims = exports[which]
    nanopubs = _nanopubs(trig)
    assert len(nanopubs) == claims
    rdflib_quads = set()
    for parts in nanopubs.values():
        names = {str(g.identifier) for g in parts.values()}
        assert len(names) == 4, "head, assertion, provenance and pubinfo are four distinct graphs"
        for graph in parts.values():
            assert len(graph) > 0
            rdflib_quads |= {(s.n3(), p.n3(), o.n3(), graph.identifier.n3()) for s, p, o in graph}
    oxigraph_quads = {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in pyoxigraph.parse(trig, format=pyoxigraph.RdfFormat.TRIG)
    }
    assert len(oxigraph_quads) == len(rdflib_quads)
    assert {q[3] for q in oxigraph_quads} == {q[3] for q in rdflib_quads}


@pytest.mark.parametrize("which", ["seed", "second"])
def test_each_provenance_graph_mentions_its_assertion_graph(exports, which):
    for np_iri, parts in _nanopubs(exports[which][0]).items():
        assertion = parts["assertion"].identifier
        assert (assertion, PROV.wasDerivedFrom, None) in parts["provenance"], np_iri
        assert (rdflib.URIRef(np_iri), DCTERMS.created, None) in parts["pubinfo"], np_iri


def _shape(parts) -> frozenset:
    """The predicates a nanopublication uses, per graph: nanopublications of one shape are checked once."""
    return frozenset((name, p) for name, graph in parts.items() for p in graph.predicates())


@pytest.mark.parametrize("which", ["seed", "second"])
def test_the_nanopub_library_accepts_them(exports, which):
    """The nanopub library's own checks (four non-empty graphs, provenance about the assertion, pubinfo
    about the nanopublication): on every nanopublication of the second article, and on one of every
    distinct shape of the seed's 117 (26 shapes; the library takes some 30 ms a nanopublication)."""
    from nanopub import Nanopub

    checked, count = set(), 0
    for np_iri, parts in sorted(_nanopubs(exports[which][0]).items()):
        shape = _shape(parts)
        if which == "seed" and shape in checked:
            continue
        checked.add(shape)
        count += 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # nanopub uses rdflib's ConjunctiveGraph
            graph = rdflib.ConjunctiveGraph()
            for part in parts.values():
                context = graph.get_context(part.identifier)
                for triple in part:
                    context.add(triple)
            publication = Nanopub(rdf=graph)
        assert publication.is_valid, np_iri
        assert str(publication.metadata.np_uri) == np_iri
        assert publication.metadata.assertion == parts["assertion"].identifier
    assert count == {"seed": 26, "second": 7}[which]


def test_what_goes_in_each_graph(exports):
    parts = _nanopubs(exports["second"][0])[f"{ID}nanopub/{FIXTURE_SLUG}/drink-two-hours-before"]
    claim = f"<{ID}claim/{FIXTURE_SLUG}/drink-two-hours-before>"

    def lines(graph):
        return {f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph}

    assertion, provenance, pubinfo = lines(parts["assertion"]), lines(parts["provenance"]), lines(parts["pubinfo"])
    assert (
        f'{claim} <http://schema.org/text> "Drink water about two hours before a long run (Example Running Club)."'
        in assertion
    )
    assert (
        f"{claim} <http://purl.org/spar/cito/citesAsAuthority> <https://www.example.org/running/hydration-tips>"
        in assertion
    )
    assert (
        f'<{ID}claim/{FIXTURE_SLUG}/drink-two-hours-before/statistic/1> <https://w3id.org/evidence-kg/ontology#statedAs> "about two hours"'
        in assertion
    )
    assert (
        f'<{ID}claim/{FIXTURE_SLUG}/drink-two-hours-before/citation/example-club2023> <https://w3id.org/evidence-kg/ontology#cue> "The Example Running Club recommends"'
        in assertion
    )
    # who says it is provenance, not part of the assertion
    assert not any("wasAttributedTo" in line or "qualifiedAttribution" in line for line in assertion)
    a_graph = f"<{ID}nanopub/{FIXTURE_SLUG}/drink-two-hours-before#assertion>"
    assert (
        f"{a_graph} <http://www.w3.org/ns/prov#wasDerivedFrom> <{ID}claim/{FIXTURE_SLUG}/drink-two-hours-before/quote>"
        in provenance
    )
    assert f"{a_graph} <http://www.w3.org/ns/prov#hadPrimarySource> <{ID}article/{FIXTURE_SLUG}>" in provenance
    assert (
        f"{a_graph} <http://www.w3.org/ns/prov#wasAttributedTo> <{ID}organisation/example-running-club>" in provenance
    )
    assert (
        f'<{ID}claim/{FIXTURE_SLUG}/drink-two-hours-before/quote/exact> <http://www.w3.org/ns/oa#exact> "drinking water about two hours before a long run"'
        in provenance
    )
    assert (
        f'<{ID}article/{FIXTURE_SLUG}> <http://purl.org/dc/terms/title> "Is Running Bad for Your Back? What the Evidence Says"'
        in provenance
    )
    np_node = f"<{ID}nanopub/{FIXTURE_SLUG}/drink-two-hours-before>"
    assert (
        f'{np_node} <http://purl.org/dc/terms/created> "2023-11-14T22:13:20Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
        in pubinfo
    )
    assert f"{np_node} <http://purl.org/pav/createdWith> <{ID}software/evidence-kg>" in pubinfo


def test_identical_input_gives_identical_output(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    outputs = [
        runner.invoke(
            main, ["export", "--format", "nanopub", "--data", str(FIXTURE_DATA), "--cache", str(tmp_path / name)]
        )
        for name in ("a", "b")
    ]
    assert outputs[0].exit_code == 0, outputs[0].output
    assert outputs[0].stdout == outputs[1].stdout


def test_without_source_date_epoch_the_time_is_the_export_time(fixture_store, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    trig = export(fixture_store, "nanopub")
    after = dt.datetime.now(dt.UTC)
    created = {
        o
        for q in pyoxigraph.parse(trig, format=pyoxigraph.RdfFormat.TRIG)
        if q.predicate.value == str(DCTERMS.created)
        for o in [q.object.value]
    }
    assert len(created) == 1
    when = dt.datetime.fromisoformat(created.pop().replace("Z", "+00:00"))
    assert before <= when <= after


def test_a_bad_source_date_epoch_is_a_clean_error(runner, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    result = runner.invoke(main, ["export", "--format", "nanopub", "--data", str(FIXTURE_DATA)])
    assert result.exit_code == 2
    assert (
        last_line(result.stderr)
        == "Error: SOURCE_DATE_EPOCH='soon' is not a whole number of seconds since 1970 (unset it, or set e.g. SOURCE_DATE_EPOCH=1700000000)\n"
    )
