"""Synthetic audit findings, written the way the audit stores them, so exports that read findings are tested
without depending on the audit itself."""

from __future__ import annotations

import json

import pyoxigraph

from tests.conftest import FIXTURE_SLUG

ID = "https://w3id.org/evidence-kg/id/"
EKG = "https://w3id.org/evidence-kg/ontology#"
AUDIT = ID + "graph/audit"


def _nt(s: str, p: str, o: str, g: str = AUDIT) -> str:
    return f"<{s}> <{p}> {o} <{g}> .\n"


def without_audit(base_store):
    """An in-memory copy of a store without the findings the build stored: the graph as if never audited."""
    store = pyoxigraph.Store()
    audit = pyoxigraph.NamedNode(AUDIT)
    store.extend(q for q in base_store.quads_for_pattern(None, None, None, None) if q.graph_name != audit)
    return store


def audited_store(base_store, findings: list[tuple[str, str, str, str]], ended: str | None = "2024-05-01T12:00:00Z"):
    """An in-memory copy of a store plus synthetic audit findings (concerns, severity, rule, comment) in the
    audit's named graph, as the audit writes them."""
    store = without_audit(base_store)
    lines = []
    run = ID + "audit-run/test"
    lines.append(_nt(run, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"<{EKG}AuditRun>"))
    if ended:
        lines.append(
            _nt(run, "http://www.w3.org/ns/prov#endedAtTime", f'"{ended}"^^<http://www.w3.org/2001/XMLSchema#dateTime>')
        )
    for n, (concerns, severity, rule, comment) in enumerate(findings, 1):
        finding = f"{ID}finding/test/{n}"
        lines.append(_nt(finding, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"<{EKG}Finding>"))
        lines.append(_nt(finding, EKG + "concerns", f"<{concerns}>"))
        lines.append(_nt(finding, EKG + "severity", f'"{severity}"'))
        lines.append(_nt(finding, EKG + "ruleId", f'"{rule}"'))
        lines.append(_nt(finding, "http://www.w3.org/2000/01/rdf-schema#comment", json.dumps(comment)))
        lines.append(_nt(finding, EKG + "suggestedFix", '"Check it against the source."'))
    store.load("".join(lines), format=pyoxigraph.RdfFormat.N_QUADS)
    return store


def claim(cid: str) -> str:
    return f"{ID}claim/{FIXTURE_SLUG}/{cid}"
