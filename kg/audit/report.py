"""Running the audit and the result it returns: findings worst first, a summary, and every rendering's data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from kg.audit.facts import ArticleFact, Facts, gather
from kg.audit.model import SEVERITIES, SEVERITY_RANK, AuditOptions, Finding
from kg.errors import UnknownArticle, UnknownRule, did_you_mean
from kg.iris import ID
from kg.sparql.store import BuiltStore, Store
from kg.util.render import Table


@dataclass
class AuditReport:
    findings: list[Finding]
    articles: list[ArticleFact]
    facts: Facts
    options: AuditOptions
    version: str
    started: str  # ISO timestamp of this run (UTC)
    rules: dict = field(default_factory=dict)  # rule id -> Rule, those that ran
    #: (claims, references) audited, where ``articles`` hold only each article's name (``keep_facts=False``)
    totals: tuple[int, int] | None = None

    # ------------------------------------------------------------------ counts

    @property
    def open(self) -> list[Finding]:
        """The findings no reviewer dismissed (accepted ones stay open: a reviewer agreed they need fixing)."""
        return [f for f in self.findings if not f.dismissed]

    @property
    def dismissed(self) -> list[Finding]:
        return [f for f in self.findings if f.dismissed]

    def counts(self) -> dict[str, int]:
        """Open findings by severity."""
        found = Counter(f.severity for f in self.open)
        return {s: found.get(s, 0) for s in SEVERITIES}

    def by_rule(self) -> list[tuple[str, str, int, str]]:
        """(rule, worst severity, open findings, title) for every rule that ran, in rule order."""
        rows = []
        for rule_id, rule in self.rules.items():
            mine = [f for f in self.open if f.rule == rule_id]
            worst = min((f.severity for f in mine), key=SEVERITY_RANK.__getitem__, default="")
            rows.append((rule_id, worst, len(mine), rule.title))
        return rows

    def at_or_above(self, severity: str) -> list[Finding]:
        """Open findings at least this severe (what --fail-on counts): a dismissed finding is not."""
        return [f for f in self.open if SEVERITY_RANK[f.severity] <= SEVERITY_RANK[severity]]

    def summary_line(self) -> str:
        counts = self.counts()
        n = len(self.articles)
        parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in SEVERITIES)
        claims, references = self.totals or _totals(self.articles)
        found, dismissed = len(self.open), len(self.dismissed)
        accepted = sum(1 for f in self.open if f.review)
        reviewed = "".join(
            [
                f", {accepted} accepted" if accepted else "",
                f"; {dismissed} dismissed by a reviewer" if dismissed else "",
            ]
        )
        return (
            f"Audit of {n} article{'s' if n != 1 else ''} ({claims} claims, {references} references): "
            f"{found} {'open ' if dismissed else ''}finding{'s' if found != 1 else ''} ({parts}){reviewed}"
        )

    # ------------------------------------------------------------------ renderings

    def to_json(self):
        return {
            "summary": {
                "articles": [a.slug for a in self.articles],
                "findings": len(self.open),
                "dismissed": len(self.dismissed),
                "by_severity": self.counts(),
                "by_rule": {rule: n for rule, _, n, _ in self.by_rule()},
            },
            "run": {
                "tool": "evidence-kg",
                "version": self.version,
                "started": self.started,
                "options": self.options.describe(),
            },
            "rules": [
                {"id": r.id, "title": r.title, "severity": r.severity, "description": r.description}
                for r in self.rules.values()
            ],
            "findings": [f.to_json() for f in self.findings],
        }

    def tables(self) -> list[Table]:
        summary = Table(
            ["rule", "worst", "findings", "what it checks"],
            [[rule, worst or "-", n, title] for rule, worst, n, title in self.by_rule()],
            title=self.summary_line(),
        )
        findings = Table(
            ["#", "id", "severity", "rule", "article", "concerns", "message", "evidence", "fix", "review"],
            [
                [
                    n,
                    f.id,
                    f.severity,
                    f.rule,
                    f.article,
                    f"{f.subject.kind} {f.subject.id}",
                    f.message,
                    f.evidence,
                    f.fix,
                    _review_text(f),
                ]
                for n, f in enumerate(self.open, 1)
            ],
            title="Open findings, worst first",
        )
        tables = [summary, findings]
        if self.dismissed:
            tables.append(
                Table(
                    ["id", "severity", "rule", "article", "concerns", "message", "dismissed by", "date", "reason"],
                    [
                        [
                            f.id,
                            f.severity,
                            f.rule,
                            f.article,
                            f"{f.subject.kind} {f.subject.id}",
                            f.message,
                            (f.review or {}).get("by"),  # a dismissed finding has its review
                            (f.review or {}).get("date"),
                            (f.review or {}).get("reason"),
                        ]
                        for f in self.dismissed
                    ],
                    title="Dismissed by a reviewer (not counted by --fail-on)",
                )
            )
        return tables

    def rich(self, console) -> None:
        """On a terminal: the plain report, with severities in colour."""
        from rich.text import Text

        styles = {"ERROR": "bold red", "WARNING": "bold yellow", "INFO": "bold blue"}
        for line in self.text().splitlines():
            text = Text(line)
            for word, style in styles.items():
                text.highlight_words([f" {word} "], style=style)
            console.print(text, highlight=False, soft_wrap=True)

    def text(self) -> str:
        """The plain-text report: the summary table, then each finding as a short block."""
        from kg.util.render import to_plain

        lines = [to_plain(self.tables()[0]).rstrip("\n"), ""]
        if not self.open:
            lines.append("No open findings." if self.dismissed else "No findings.")
        for n, f in enumerate(self.open, 1):
            where = f"{f.article}, " if len(self.articles) > 1 and f.article else ""
            lines.append(f"{n:>3}. {f.severity.upper():<7} {f.rule}  {where}{f.subject.kind} {f.subject.id}  [{f.id}]")
            lines.append(f"     {f.message}")
            lines.append(f"     evidence: {' '.join(f.evidence.split())}")
            lines.append(f"     fix: {f.fix}")
            if f.review:
                lines.append(f"     {_review_text(f)}")
        if self.dismissed:
            lines.extend(["", f"Dismissed by a reviewer ({len(self.dismissed)}; not counted by --fail-on):"])
            for f in self.dismissed:
                where = f"{f.article}, " if len(self.articles) > 1 and f.article else ""
                lines.append(f"  - {f.severity} {f.rule}  {where}{f.subject.kind} {f.subject.id}  [{f.id}]")
                lines.append(f"     {f.message}")
                lines.append(f"     {_review_text(f)}")
        return "\n".join(lines) + "\n"


def _review_text(f: Finding) -> str | None:
    """ "dismissed by Jane Doe, MD on 2024-05-01: <reason>", or None for an open finding."""
    if not f.review:
        return None
    r = f.review
    reason = f": {r['reason']}" if r.get("reason") else ""
    return f"{r['decision']} by {r.get('by') or '?'} on {r.get('date') or '?'}{reason}"


def apply_reviews(store, findings: list[Finding]) -> None:
    """Give each finding the decision a reviewer recorded on it in its own article (by the finding's id)."""
    if store is None or not findings or not isinstance(store, Store):
        return
    from kg.provenance.verdicts import decisions as recorded

    decisions = recorded(store)
    for f in findings:
        f.review = decisions.get((f.article, f.id))


def _gather_articles(store, slugs: list[str]) -> Facts | None:
    """The facts of these articles only: their own graphs and the shared ones, not the whole corpus (an
    `ekg audit --article` in a corpus of thousands). None when an article is not where ekg build puts it
    (a graph loaded by another tool): the caller then reads everything."""
    from kg.audit.facts import context_reader

    facts = gather(store, [ID + "graph/" + slug for slug in slugs], context_reader(store))
    return facts if all(slug in facts.articles for slug in slugs) else None


def run(
    store, options: AuditOptions, facts: Facts | None = None, progress=None, keep_facts: bool = True
) -> AuditReport:
    """Gather the facts from the store (unless given), run the rules, and sort the findings worst first.

    On a local build (a store with ``parts()``) the facts are read from the files the store was loaded from,
    in batches, in parallel (``kg.audit.batches``): the same findings, several times faster, in bounded memory,
    reported to ``progress(done, total, phase)`` as articles are audited. Not with ``--retractions``: how many
    claims rest on a retracted work is counted across every article. With ``keep_facts=False`` such an audit
    keeps only the findings and each article's name, iri, title and date (and the totals the summary counts):
    the HTML report needs the rest, which on a large corpus is most of the memory the audit holds."""
    from kg import __version__
    from kg.audit.catalog import RULE_ORDER, RULES, run_rules
    from kg.audit.rules import Context

    started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if options.rules:
        unknown = [r for r in options.rules if r not in RULES]
        if unknown:
            hint = did_you_mean(unknown[0], RULES) or "rules: " + ", ".join(RULES)
            raise UnknownRule(f"UnknownRule: no audit rule {unknown[0]!r} ({hint})")
    rules = {rid: r for rid, r in RULES.items() if not options.rules or rid in options.rules}
    rules = dict(sorted(rules.items(), key=lambda kv: RULE_ORDER[kv[0]]))
    files = store.parts if isinstance(store, BuiltStore) and facts is None and not options.retractions else None
    try:
        found = _run_parts(files(), options, progress, keep_facts) if files else None
    except (OSError, SyntaxError):  # a part removed or damaged meanwhile (a build beside this one): read the store
        found = None
    if found is not None:
        findings, facts, totals = found
        apply_reviews(store, findings)
        return AuditReport(findings, list(facts.articles.values()), facts, options, __version__, started, rules, totals)
    if facts is None and options.articles:
        facts = _gather_articles(store, sorted(set(options.articles)))
    facts = facts if facts is not None else gather(store)
    if options.articles:
        unknown = [slug for slug in options.articles if slug not in facts.articles]
        if unknown:
            hint = did_you_mean(unknown[0], facts.articles) or "articles in the graph: " + ", ".join(facts.articles)
            raise UnknownArticle(f"UnknownArticle: no article {unknown[0]!r} in the graph ({hint})")
        articles = [facts.articles[slug] for slug in sorted(set(options.articles))]
    else:
        articles = list(facts.articles.values())
    findings = run_rules(Context(facts, options, articles))
    apply_reviews(store, findings)
    return AuditReport(findings, articles, facts, options, __version__, started, rules)


def _run_parts(
    files, options: AuditOptions, progress=None, keep_facts: bool = True
) -> tuple[list[Finding], Facts, tuple | None] | None:
    """The findings and facts of the articles asked for, audited from the store's parts (``LocalStore.parts``)
    in batches; None when there are no parts, or an article asked for has none (the store then answers)."""
    import dataclasses

    from kg.audit.batches import audit_batches
    from kg.audit.catalog import RULE_ORDER

    if files is None:
        return None
    parts, context = files
    graphs = [ID + "graph/" + slug for slug in sorted(set(options.articles))] if options.articles else sorted(parts)
    if any(graph not in parts for graph in graphs):
        return None
    # each batch audits its own articles: the articles asked for are chosen here, not again in every batch
    each = dataclasses.replace(options, articles=None)
    results = audit_batches(
        [parts[graph] for graph in graphs],
        context,
        each,
        _batch_result if keep_facts else _batch_summary,
        progress=progress,
        audit=run,
    )
    findings: list[Finding] = []
    articles: dict = {}
    sources: dict = {}
    levels: dict = {}
    designs: dict = {}
    totals = None if keep_facts else (0, 0)
    for (found, facts, counted), _count in results:
        findings.extend(found)
        if counted and totals is not None:  # counted only where the facts are not kept
            totals = (totals[0] + counted[0], totals[1] + counted[1])
        articles.update(facts.articles)
        for iri, source in facts.sources.items():  # every batch read the same shared graph
            sources.setdefault(iri, source)
        levels.update(facts.level_labels)
        designs.update(facts.design_labels)
    findings.sort(key=lambda f: f.sort_key(RULE_ORDER))
    return findings, Facts(dict(sorted(articles.items())), sources, levels, designs), totals


def _batch_result(report) -> tuple:
    """What a batch sends back to the audit of the whole corpus: its findings and facts."""
    return report.findings, report.facts, None


def _batch_summary(report) -> tuple:
    """What a batch sends back when the facts are not kept: its findings, each article's name, and the counts."""
    facts = report.facts
    names = {slug: ArticleFact(a.iri, a.slug, a.title, a.published) for slug, a in facts.articles.items()}
    return report.findings, Facts(names, {}, facts.level_labels, facts.design_labels), _totals(facts.articles.values())


def _totals(articles) -> tuple[int, int]:
    """How many claims and references these articles hold."""
    articles = list(articles)
    return sum(len(a.claims) for a in articles), sum(len(a.references) for a in articles)
