"""Reading reviewers' verdicts and finding decisions back from the graph (``ekg why``, the exports).

kg.build.quads writes them from each article's reviewed.yaml (see kg.dataset.review); this module only queries, and stays cheap
to import (no rdflib): ``ekg why`` uses it.
"""

from __future__ import annotations

from kg.dataset.vocab import RATING, RATINGS
from kg.iris import ID
from kg.sparql.run import select
from kg.sparql.terms import values

_VERDICTS = """
SELECT ?claim ?v ?rating ?note ?agent ?name ?credentials ?date ?passage ?source ?stale ?because WHERE {
  ?v schema:itemReviewed ?claim ; ekg:verdictRating ?rating ; prov:wasAttributedTo ?agent .
  OPTIONAL { ?v schema:reviewBody ?note }
  OPTIONAL { ?v dcterms:created ?date }
  OPTIONAL { ?v ekg:sourcePassage ?passage }
  OPTIONAL { ?v prov:wasDerivedFrom ?source }
  OPTIONAL { ?v ekg:stale ?stale }
  OPTIONAL { ?v ekg:staleBecause ?because }
  OPTIONAL { ?agent schema:name ?name }
  OPTIONAL { ?agent schema:honorificSuffix ?credentials }
}"""

_DECISIONS = """
SELECT ?r ?id ?decision ?reason ?name ?credentials ?date WHERE {
  # ekg:decision first: only decisions have it, while every stored finding of the audit graph has an ekg:findingId
  ?r ekg:decision ?decision ; ekg:findingId ?id ; prov:wasAttributedTo ?agent .
  OPTIONAL { ?r schema:reviewBody ?reason }
  OPTIONAL { ?r dcterms:created ?date }
  OPTIONAL { ?agent schema:name ?name }
  OPTIONAL { ?agent schema:honorificSuffix ?credentials }
}"""


def _who(name, credentials, fallback: str) -> str:
    return (name or fallback) + (f", {credentials}" if credentials else "")


def verdicts_for(store, claims: list[str] | None = None) -> dict[str, dict]:
    """The verdict on each claim that has one (all claims' when ``claims`` is None), as plain data."""
    query = _VERDICTS
    if claims is not None:
        if not claims:
            return {}
        query = query.replace("WHERE {", "WHERE { " + values("claim", claims), 1)
    out: dict[str, dict] = {}
    for row in select(store, query):
        v = out.get(row["claim"])
        if v is None:
            key = row["rating"][len(RATING) :] if row["rating"].startswith(RATING) else row["rating"]
            label, value = RATINGS.get(key, (key, None))
            v = out[row["claim"]] = {
                "iri": row["v"],
                "rating": key,
                "label": label,
                "value": value,
                "note": row["note"],
                "by": _who(row["name"], row["credentials"], row["agent"]),
                "by_name": row["name"],
                "by_iri": row["agent"],
                "credentials": row["credentials"],
                "date": str(row["date"]) if row["date"] is not None else None,
                "passage": row["passage"],
                "source": row["source"],
                "stale": bool(row["stale"]),
                "stale_because": [],
            }
        if row["because"] and row["because"] not in v["stale_because"]:
            v["stale_because"].append(row["because"])
    for v in out.values():
        v["stale_because"].sort()
    return out


def decisions(store) -> dict[tuple[str | None, str], dict]:
    """Reviewers' decisions on audit findings, by (article slug, finding id)."""
    prefix = ID + "article/"
    out = {}
    for row in select(store, _DECISIONS):
        slug = row["r"][len(prefix) :].split("/", 1)[0] if row["r"].startswith(prefix) else None
        out[(slug, row["id"])] = {
            "decision": row["decision"],
            "reason": row["reason"],
            "by": _who(row["name"], row["credentials"], row["r"]),
            "date": str(row["date"]) if row["date"] is not None else None,
        }
    return out


def verdict_lines(v: dict | None) -> list[str]:
    """How ``ekg why`` shows a verdict (nothing for a claim no reviewer judged: ``ekg review --pending`` lists those)."""
    if not v:
        return []
    lines = [f"  verdict: {v['label']} ({v['rating']}), by {v['by']} on {v['date'] or 'an unknown date'}"]
    if v["stale"]:
        lines.append("    STALE: the claim changed since: " + "; ".join(v["stale_because"]))
    if v["note"]:
        lines.append(f"    {v['note']}")
    if v["passage"]:
        lines.append(f"    source passage: “{v['passage']}”")
    return lines
