"""``ekg stats``: what the built graph holds, counted by SPARQL over the store."""

from __future__ import annotations

from dataclasses import dataclass

from kg.dataset.vocab import CLAIM_TYPE_BY_IRI
from kg.sparql.run import select
from kg.sparql.store import BuiltStore
from kg.util.render import Table

# Every join below is between subqueries, not one basic graph pattern. Oxigraph (0.5) evaluates a pattern
# like `?c a ekg:Claim ; ekg:statistic ?s` as one index lookup per claim, but joins subqueries by hashing: the
# same counts several times faster. The answers are the same on any SPARQL 1.1 server (MINUS
# on a claim that is always bound means FILTER NOT EXISTS); tests/test_stats.py checks both forms agree.
_CLAIMS = "{ SELECT ?c WHERE { ?c a ekg:Claim } }"
_UNCITED = "MINUS { SELECT ?c WHERE { ?c cito:cites ?src } }"
_ATTRIBUTED = "{ SELECT ?c ?p WHERE { ?c prov:wasAttributedTo ?p } } { SELECT ?p WHERE { ?p a schema:Person } }"
_WITH_STATISTIC = "{ SELECT DISTINCT ?c WHERE { ?c ekg:statistic ?s } }"

_BY_TYPE = f"""
SELECT ?type (COUNT(DISTINCT ?c) AS ?n) WHERE {{
  {_CLAIMS}
  {{ SELECT ?c ?type WHERE {{ ?type rdfs:subClassOf ekg:Claim . ?c a ?type }} }}
}} GROUP BY ?type
"""

_COUNTS = {
    "articles": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a schema:MedicalWebPage }",
    "claims": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ekg:Claim }",
    "statistics": f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_CLAIMS} {{ SELECT ?c ?s WHERE {{ ?c ekg:statistic ?s }} }} }}",
    "sources": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ekg:Source }",
    "sources cited by claims": f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {_CLAIMS} {{ SELECT ?c ?x WHERE {{ ?c cito:cites ?x }} }} }}",
    "experts": f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ {_CLAIMS} {_ATTRIBUTED} }}",
    "people": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a schema:Person }",
    "uncited claims": f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {_CLAIMS} {_UNCITED} }}",
    "uncited statistical claims": f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {_CLAIMS} {_WITH_STATISTIC} {_UNCITED} }}",
    "claims resting on an expert alone": f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {_CLAIMS} {_ATTRIBUTED} {_UNCITED} }}",
}


@dataclass
class Stats:
    counts: dict[str, int]
    by_type: dict[str, int]

    def to_json(self):
        return {"counts": self.counts, "claims_by_type": self.by_type}

    def tables(self) -> list[Table]:
        return [
            Table(["what", "count"], [[k, v] for k, v in self.counts.items()], title="Graph"),
            Table(
                ["claim type", "claims"],
                [[k, v] for k, v in self.by_type.items()],
                title="Claims by type",
                footer=["A claim may have more than one type."],
            ),
        ]


def stats(store) -> Stats:
    counts = {name: select(store, query)[0]["n"] for name, query in _COUNTS.items()}
    counts["triples"] = (store.quads if isinstance(store, BuiltStore) else None) or len(
        store
    )  # a build knows its count
    found = {CLAIM_TYPE_BY_IRI.get(row["type"], row["type"]): row["n"] for row in select(store, _BY_TYPE)}
    by_type = {key: found.get(key, 0) for key in sorted(found, key=lambda k: (-found[k], k))}
    return Stats(counts, by_type)
