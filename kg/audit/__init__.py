"""The citation and claim audit: rules over the built graph, findings worst first, rendered for reviewers.

``audit(store, AuditOptions(...))`` returns an ``AuditReport``; ``kg.audit.html.render_html`` turns it into
a self-contained page; ``kg.audit.graph`` stores findings in the graph at build time and reads them back
(``findings_for``). This package stays cheap to import: rules load their libraries when they run.
"""

from __future__ import annotations

from kg.audit.model import (
    DEFAULT_STALE_YEARS,
    SEVERITIES,
    AuditOptions,
    Finding,
    Subject,
)


def audit(store, options: AuditOptions | None = None, progress=None, keep_facts: bool = True):
    """Run the audit on a store; see ``kg.audit.report.run``."""
    from kg.audit.report import run

    return run(store, options or AuditOptions(), progress=progress, keep_facts=keep_facts)


__all__ = ["audit", "AuditOptions", "Finding", "Subject", "SEVERITIES", "DEFAULT_STALE_YEARS"]
