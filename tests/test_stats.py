"""`ekg stats`: its counts, written as joins of subqueries for speed, mean what they say.

Each count is checked two ways on real builds (the seed article; the synthetic second article): against the
plain one-pattern SPARQL it replaced, and against a count done in Python over the store's quads.
"""

from __future__ import annotations

import pytest

from kg.iris import EKG, PREFIXES
from kg.provenance.stats import _BY_TYPE, _COUNTS, stats
from kg.sparql.run import select

RDF_TYPE = PREFIXES["rdf"] + "type"
CITES = PREFIXES["cito"] + "cites"

# the plain definitions, as they were before they were rewritten as joins of subqueries
PLAIN = {
    "statistics": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?c a ekg:Claim ; ekg:statistic ?s }",
    "sources cited by claims": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?c a ekg:Claim ; cito:cites ?x }",
    "experts": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?c a ekg:Claim ; prov:wasAttributedTo ?p . ?p a schema:Person }",
    "uncited claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ekg:Claim FILTER NOT EXISTS { ?c cito:cites ?s } }",
    "uncited statistical claims": """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?c a ekg:Claim ; ekg:statistic ?s FILTER NOT EXISTS { ?c cito:cites ?src } }""",
    "claims resting on an expert alone": """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?c a ekg:Claim ; prov:wasAttributedTo ?p . ?p a schema:Person FILTER NOT EXISTS { ?c cito:cites ?src } }""",
}
PLAIN_BY_TYPE = """SELECT ?type (COUNT(DISTINCT ?claim) AS ?n) WHERE {
  ?claim a ekg:Claim ; a ?type . ?type rdfs:subClassOf ekg:Claim } GROUP BY ?type"""


def _python_counts(store) -> tuple[dict, dict]:
    """The same counts from the quads, in plain Python (the union of the graphs, as the queries see it)."""
    values: dict[str, dict[str, set]] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        values.setdefault(quad.predicate.value, {}).setdefault(quad.subject.value, set()).add(quad.object.value)
    of = lambda prop: values.get(prop, {})  # noqa: E731
    types = of(RDF_TYPE)
    claims = {s for s, t in types.items() if EKG + "Claim" in t}
    persons = {s for s, t in types.items() if PREFIXES["schema"] + "Person" in t}
    cited = {c for c in claims if of(CITES).get(c)}
    with_stat = {c for c in claims if of(EKG + "statistic").get(c)}
    attributed = {c: {p for p in of(PREFIXES["prov"] + "wasAttributedTo").get(c, ()) if p in persons} for c in claims}
    subclasses = {s for s, parents in of(PREFIXES["rdfs"] + "subClassOf").items() if EKG + "Claim" in parents}
    counts = {
        "statistics": len({s for c in claims for s in of(EKG + "statistic").get(c, ())}),
        "sources cited by claims": len({x for c in claims for x in of(CITES).get(c, ())}),
        "experts": len({p for ps in attributed.values() for p in ps}),
        "uncited claims": len(claims - cited),
        "uncited statistical claims": len(with_stat - cited),
        "claims resting on an expert alone": len({c for c, ps in attributed.items() if ps} - cited),
    }
    by_type = {t: sum(1 for c in claims if t in types[c]) for t in subclasses}
    return counts, {t: n for t, n in by_type.items() if n}


@pytest.fixture(params=["seed", "fixture"])
def store(request, seed_store, fixture_store):
    return seed_store if request.param == "seed" else fixture_store


def test_counts_equal_the_plain_queries_and_a_count_in_python(store):
    counts, by_type = _python_counts(store)
    assert counts["statistics"] > 0 and counts["uncited claims"] > 0 and counts["experts"] > 0
    for name, plain in PLAIN.items():
        got = select(store, _COUNTS[name])[0]["n"]
        assert got == select(store, plain)[0]["n"] == counts[name], name
    rows = {row["type"]: row["n"] for row in select(store, _BY_TYPE)}
    assert rows == {row["type"]: row["n"] for row in select(store, PLAIN_BY_TYPE)} == by_type
    assert len(rows) >= 3


def test_stats_reports_every_count(seed_store):
    result = stats(seed_store)
    assert set(result.counts) == {*_COUNTS, "triples"}
    assert result.counts["claims"] == sum(
        1
        for _ in seed_store.quads_for_pattern(None, None, None, None)
        if _.predicate.value == RDF_TYPE and _.object.value == EKG + "Claim"
    )
    assert sum(result.by_type.values()) >= result.counts["claims"]  # every claim has a subtype, some two
