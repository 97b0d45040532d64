"""``ekg stats``: what the built graph holds, counted by SPARQL over the store."""

from __future__ import annotations

from dataclasses import dataclass

from kg.render import Table
from kg.sparql import select
from kg.vocab import CLAIM_TYPE_BY_IRI

_BY_TYPE = """
SELECT ?type (COUNT(DISTINCT ?claim) AS ?n) WHERE {
  ?claim a ekg:Claim ; a ?type .
  ?type rdfs:subClassOf ekg:Claim .
} GROUP BY ?type
"""

_COUNTS = {
    "articles": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a schema:MedicalWebPage }",
    "claims": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ekg:Claim }",
    "statistics": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?c a ekg:Claim ; ekg:statistic ?s }",
    "sources": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ekg:Source }",
    "sources cited by claims": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?c a ekg:Claim ; cito:cites ?x }",
    "experts": """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?c a ekg:Claim ; prov:wasAttributedTo ?p . ?p a schema:Person }""",
    "people": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a schema:Person }",
    "uncited claims": """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ekg:Claim FILTER NOT EXISTS { ?c cito:cites ?s } }""",
    "uncited statistical claims": """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?c a ekg:Claim ; ekg:statistic ?s FILTER NOT EXISTS { ?c cito:cites ?src } }""",
    "claims resting on an expert alone": """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?c a ekg:Claim ; prov:wasAttributedTo ?p . ?p a schema:Person FILTER NOT EXISTS { ?c cito:cites ?src } }""",
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
            Table(["claim type", "claims"], [[k, v] for k, v in self.by_type.items()], title="Claims by type",
                  footer=["A claim may have more than one type."]),
        ]


def stats(store) -> Stats:
    counts = {name: select(store, query)[0]["n"] for name, query in _COUNTS.items()}
    counts["triples"] = getattr(store, "quads", None) or len(store)  # a local build knows its count
    found = {CLAIM_TYPE_BY_IRI.get(row["type"], row["type"]): row["n"] for row in select(store, _BY_TYPE)}
    by_type = {key: found.get(key, 0) for key in sorted(found, key=lambda k: (-found[k], k))}
    return Stats(counts, by_type)
