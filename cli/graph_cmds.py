"""Commands that build, check and export the graph: build, validate, export, stats."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import (
    build_progress,
    data_options,
    echo,
    emit,
    format_option,
    write_output,
)


@click.command()
@data_options
@click.option("--force", is_flag=True, help="Rebuild even if no input changed.")
@click.option(
    "--no-audit",
    is_flag=True,
    help="Do not store the audit's findings in the graph (faster for large corpora; ekg audit still runs live).",
)
def build(cache, force: bool, no_audit: bool) -> None:
    """Build the graph from the curated files and cache it for the other commands.

    Only articles whose files changed are loaded again (the others reuse their cached N-Quads), many at
    once on several cores; a build that fails or is killed leaves the previous graph usable and unchanged.

    \b
    Example:
      ekg build --data data/
    """
    progress, update = build_progress()
    cache.hooks = not no_audit
    try:
        summary = cache.build(force=force or no_audit, progress=update)
    finally:
        if progress:
            progress.stop()
    state = "Built" if summary.rebuilt else "Up to date:"
    articles = "article" if summary.articles == 1 else "articles"
    detail = f"{summary.seconds:.2f} s"
    if summary.rebuilt:
        detail += f"; {summary.articles_rebuilt} loaded, {summary.articles_reused} reused"
        detail += (
            ("; previous store patched" + (" and compacted" if summary.compacted else ""))
            if summary.patched
            else f"; {summary.triples_per_second:,.0f} triples/s"
        )
    click.echo(f"{state} {summary.articles} {articles}, {summary.claims} claims, {summary.triples} triples ({detail})")
    for warning in summary.warnings[:20]:
        echo(f"Warning: {warning}", err=True)  # a warning quotes the sources' titles
    if len(summary.warnings) > 20:
        click.echo(f"Warning: … and {len(summary.warnings) - 20} more sources described differently", err=True)
    click.echo(f"Cache: {summary.cache}", err=True)


@click.command()
@data_options
@click.argument("rdf_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the SHACL report graph (Turtle) to this file.",
)
def validate(cache, rdf_file: Path | None, report_path: Path | None) -> None:
    """Check the built graph (or an RDF file) against the SHACL shapes.

    Exit 0 if it conforms, 1 if it does not (with a readable report), 2 if it could not run.

    \b
    Example:
      ekg validate
      ekg validate exported.ttl
    """
    from kg.build.validate import load_rdf_file, store_graph
    from kg.build.validate import validate as run

    if rdf_file is not None:
        graph = load_rdf_file(rdf_file)
    else:
        graph = store_graph(cache.open())
    result = run(graph)
    if report_path:
        write_output(result.report_graph.serialize(format="turtle"), report_path)
    echo(result.text())  # a violation quotes the value
    raise SystemExit(0 if result.conforms else 1)


def _export_formats() -> list[str]:
    from kg.export.registry import formats

    return formats()


@click.command()
@data_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_export_formats()),
    default="ttl",
    show_default=True,
    help="What to write: an RDF serialisation (ttl, nt, nq, trig, jsonld), the claim-source network (graphml, dot), or a format for other tools (nanopub, claimreview, annotations, bibtex, csljson).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of stdout.",
)
@click.option("--without-ontology", is_flag=True, help="Leave out the ontology and SKOS schemes graph.")
def export(cache, fmt: str, output: Path | None, without_ontology: bool) -> None:
    """Export the built graph as RDF, or as nanopublications, ClaimReviews, Web Annotations or a bibliography.

    \b
    Example:
      ekg export --format trig -o seed.trig
    """
    from kg.export.registry import export_chunks

    write_output(export_chunks(cache.open(), fmt, include_ontology=not without_ontology), output)


@click.command()
@data_options
@format_option()
def stats(cache, fmt: str) -> None:
    """Count what the graph holds: claims by type, statistics, sources, experts, uncited claims.

    \b
    Example:
      ekg stats --format json
    """
    from kg.provenance.stats import stats as run

    emit(run(cache.open()), fmt)


COMMANDS = [build, validate, export, stats]
