"""Every audit rule, registered, in report order: what runs the rules and lists them imports them from here.

The rules live in three modules that register themselves in ``kg.audit.rules.RULES`` as they are imported:
``kg.audit.rules`` (claims, citations, sources), ``kg.audit.listrules`` (the reference list as printed, and
cues against the entries they point to) and ``kg.audit.pagerules`` (the page's own metadata), which build on the
first. This module imports them all, so ``RULES`` is complete here, and computes the order once from it; no rule
module imports this one.
"""

from __future__ import annotations

from kg.audit import (
    listrules,  # noqa: F401 - registers the reference-list and cue rules in RULES
    pagerules,  # noqa: F401 - registers the rules on the page's own metadata in RULES
)
from kg.audit.model import Finding
from kg.audit.rules import RULES, Context

__all__ = ["RULES", "RULE_ORDER", "run_rules", "rules_table"]

#: The order rules are listed and sorted in (within a severity): what undermines a claim first.
RULE_ORDER = {
    rule_id: n for n, rule_id in enumerate(["retracted-source", *(r for r in RULES if r != "retracted-source")])
}


def run_rules(ctx: Context) -> list[Finding]:
    wanted = ctx.options.rules
    findings: list[Finding] = []
    for rule_id, r in RULES.items():
        if wanted and rule_id not in wanted:
            continue
        findings.extend(r.check(ctx))
    findings.sort(key=lambda f: f.sort_key(RULE_ORDER))
    return findings


def rules_table():
    """Every rule, in report order, as a table."""
    from kg.util.render import Table

    ordered = sorted(RULES.values(), key=lambda r: RULE_ORDER[r.id])
    return Table(
        ["rule", "severity", "title", "what it checks"],
        [[r.id, r.severity, r.title, r.description] for r in ordered],
        title="Audit rules",
    )
