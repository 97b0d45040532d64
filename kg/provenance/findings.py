"""Reading the audit's stored findings back (``ekg why`` shows them): kept out of the kg.audit package, whose
rule and report modules ``ekg why`` has no use for at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.iris import AUDIT_GRAPH
from kg.sparql.run import select
from kg.sparql.terms import values

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass
class StoredFinding:
    iri: str
    rule: str
    severity: str
    message: str
    evidence: str
    fix: str
    concerns: list[str] = field(default_factory=list)
    #: the article whose audit found it (prov:wasDerivedFrom), or None for a finding about the corpus
    article: str | None = None
    id: str | None = None  # the finding's short id (kg.audit.model.Finding.id)

    def to_json(self) -> dict:
        return {
            "iri": self.iri,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "evidence": self.evidence,
            "fix": self.fix,
            "concerns": self.concerns,
        }


# No "?f a ekg:Finding": with it Oxigraph started from every finding of the corpus (far slower for a source many
# articles cite); only findings have ekg:concerns and ekg:suggestedFix.
_FOR = (
    """
SELECT ?target ?f ?rule ?severity ?message ?evidence ?fix ?other ?from ?fid WHERE {
  GRAPH <%s> {
    ?f ekg:concerns ?target ; ekg:ruleId ?rule ; ekg:severity ?severity ;
       ekg:evidence ?evidence ; ekg:suggestedFix ?fix ; ekg:concerns ?other .
    OPTIONAL { ?f rdfs:comment ?message }
    OPTIONAL { ?f prov:wasDerivedFrom ?from }
    OPTIONAL { ?f ekg:findingId ?fid }
  }
}"""
    % AUDIT_GRAPH
)


def findings_for(store, iri: str) -> list[StoredFinding]:
    """The stored findings that concern a claim, a reference-list entry or a source, worst first."""
    return findings_for_many(store, [iri])[iri]


def findings_for_many(store, iris: list[str]) -> dict[str, list[StoredFinding]]:
    """``findings_for`` of each of ``iris``, in one query (a VALUES block of the store's own IRIs)."""
    by_target: dict[str, dict[str, StoredFinding]] = {iri: {} for iri in iris}
    if iris:
        query = _FOR.replace("WHERE {", "WHERE { " + values("target", iris), 1)
        for row in select(store, query):
            found = by_target.setdefault(row["target"], {})
            item = found.get(row["f"])
            if item is None:
                item = found[row["f"]] = StoredFinding(
                    row["f"],
                    row["rule"],
                    row["severity"],
                    row["message"] or "",
                    row["evidence"],
                    row["fix"],
                    article=row["from"],
                    id=row["fid"],
                )
            if row["other"] not in item.concerns:
                item.concerns.append(row["other"])
    out = {}
    for iri, found in by_target.items():
        for item in found.values():
            item.concerns.sort(key=lambda c: (c != iri, c))
        out[iri] = sorted(found.values(), key=lambda f: (SEVERITY_RANK.get(f.severity, 9), f.rule, f.iri))
    return out
