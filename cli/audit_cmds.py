"""``ekg audit``: the citation and claim audit, as a table, JSON, Markdown or a self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import click

# kg.audit.model is a few dataclasses and constants (no rdflib, no pyoxigraph): cheap enough for option defaults
from kg.audit.model import DEFAULT_STALE_YEARS, SEVERITIES
from kg.cli.common import build_progress, data_options, emit, write_output

AUDIT_FORMATS = ("table", "json", "md", "html")


@click.command()
@data_options
@click.option(
    "--article",
    "articles",
    multiple=True,
    metavar="SLUG",
    help="Audit only this article (repeat for several; default: every article in the graph).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(AUDIT_FORMATS),
    default="table",
    show_default=True,
    help="Report format: a table, json or md for other tools, or html for a self-contained page.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (atomically) instead of stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="error",
    show_default=True,
    help="Exit 1 if any finding is at least this severe (error, warning or info).",
)
@click.option(
    "--stale-years",
    type=click.IntRange(1, 1000),
    default=DEFAULT_STALE_YEARS,
    show_default=True,
    help="Report sources older than this many years on the article's date.",
)
@click.option(
    "--retractions",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A Retraction Watch CSV (OriginalPaperDOI, RetractionNature, …): flag claims resting on retracted DOIs.",
)
@click.option(
    "--rule", "rules", multiple=True, metavar="RULE", help="Run only this rule (repeat for several; see --list-rules)."
)
@click.option("--list-rules", is_flag=True, help="List the audit's rules and exit.")
def audit(cache, articles, fmt, output, fail_on, stale_years, retractions, rules, list_rules) -> None:
    """Check every claim and reference for citation problems, worst first.

    Exit 0 if no finding is at or above --fail-on, 1 if one is, 2 if the audit could not run.

    \b
    Example:
      ekg audit
      ekg audit --format html -o audit.html
      ekg audit --fail-on warning --retractions retraction_watch.csv
    """
    if list_rules:
        from kg.audit.catalog import rules_table

        emit(rules_table(), "table" if fmt == "html" else fmt)
        return
    from kg.audit import AuditOptions
    from kg.audit import audit as run

    options = AuditOptions(
        articles=list(articles) or None, stale_years=stale_years, retractions=retractions, rules=list(rules) or None
    )
    store = cache.open()  # (a build it triggers shows its own progress)
    keep_facts = fmt == "html"  # only the page shows each article's claims and references
    progress, update = build_progress()
    if progress:  # a large graph takes seconds: a bar of the articles audited (a pulse where they are not counted)
        phase = "Auditing claims and references"
        with progress:
            update(0, 0, phase)
            report = run(
                store, options, progress=lambda done, total, _: update(done, total, phase), keep_facts=keep_facts
            )
    else:
        report = run(store, options, keep_facts=keep_facts)
    if fmt == "html":
        from kg.audit.html import render_html

        write_output(render_html(report), output)
    elif output is not None:
        from kg.util.render import render

        write_output(render(report, fmt), output)
    else:
        emit(report, fmt)
    if output is not None or fmt != "table":
        click.echo(report.summary_line(), err=True)
    raise SystemExit(1 if report.at_or_above(fail_on) else 0)


COMMANDS = [audit]
