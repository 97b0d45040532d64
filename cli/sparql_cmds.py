"""SPARQL on the built graph: ekg sparql, and the bundled named queries (ekg queries, ekg query)."""

from __future__ import annotations

import sys

import click

from kg.cli.common import FiniteRange, data_options, echo, emit, format_option

#: table/json/csv/md for SELECT and ASK (the renderer's), ttl/nt for CONSTRUCT and DESCRIBE
SPARQL_FORMATS = ("table", "json", "csv", "md", "ttl", "nt")
DEFAULT_TIMEOUT = 30.0
#: rows of a named query's table (a person reads it); JSON, CSV and Markdown get every row unless --limit is given
TABLE_PAGE = 100


def timeout_option(func):
    return click.option(
        "--timeout",
        type=FiniteRange(0, 1_000_000),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help="Stop the query after this many seconds (exit 2); 0 for no limit.",
    )(func)


def param_option(func):
    return click.option(
        "--param",
        "params",
        multiple=True,
        metavar="KEY=VALUE",
        help="Bind ?KEY to the string VALUE (repeatable); the value is bound, never pasted into the query.",
    )(func)


def _run(cache, run, timeout: float):
    """Run with the store's path (a child process that can be stopped) or, with no limit, in this process; on a
    server (--endpoint), in this process, waiting for its answer at most ``timeout`` seconds."""
    if getattr(cache, "endpoint", None):
        store = cache.open()
        store.timeout = timeout or None
        return run(store, None)
    if timeout:
        return run(cache.store_path(), timeout)
    return run(cache.open(), None)


def _show(result, fmt: str | None) -> None:
    from kg.sparql.run import RDF_FORMATS, render_result

    fmt = fmt or result.default_format
    if fmt in RDF_FORMATS:
        echo(render_result(result, fmt), nl=False)
    else:
        emit(result, fmt)


def read_query(query: str) -> str:
    """QUERY as given, ``-`` for standard input, ``@FILE`` for a file."""
    from kg.errors import QueryError

    if query == "-":
        return sys.stdin.read()
    if query.startswith("@"):
        path = query[1:]
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read()
        except OSError as exc:
            raise QueryError(
                f"cannot read the query file {path}: {exc.strerror} (give @FILE with an existing .rq file)"
            ) from None
        except UnicodeDecodeError as exc:
            raise QueryError(f"cannot read the query file {path}: not UTF-8 text (byte {exc.start})") from None
    return query


@click.command()
@data_options
@click.argument("query")
@param_option
@format_option(default=None, choices=SPARQL_FORMATS)
@timeout_option
def sparql(cache, query: str, params: tuple[str, ...], fmt: str | None, timeout: float) -> None:
    """Run a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query on the built graph.

    QUERY is the query text, - to read it from standard input, or @FILE. The project's prefixes (ekg:, cito:,
    prov:, schema:, dcterms:, …) are predeclared and the default graph is the union of all graphs. SELECT
    prints a table (--format json gives the SPARQL 1.1 JSON results format), ASK prints true or false,
    CONSTRUCT and DESCRIBE print Turtle (--format nt for N-Triples). Updates are refused (exit 2).

    \b
    Example:
      ekg sparql 'SELECT ?id WHERE { ?c a ekg:RedFlagClaim ; dcterms:identifier ?id } ORDER BY ?id'
      ekg sparql 'ASK { ?c cito:citesAsDataSource ?s }'
      ekg sparql @my-query.rq --format csv
    """
    from kg.sparql.named import parse_params
    from kg.sparql.run import run_query

    text = read_query(query)
    bindings = parse_params(params)
    _show(_run(cache, lambda target, limit: run_query(target, text, bindings, limit), timeout), fmt)


@click.command()
@format_option()
def queries(fmt: str) -> None:
    """List the bundled named queries, each with what it answers and the params it takes.

    \b
    Example:
      ekg queries
      ekg query uncited-statistics
    """
    from kg.sparql.named import list_queries

    emit(list_queries(), fmt)


@click.command()
@data_options
@click.argument("name")
@param_option
@format_option(default=None, choices=SPARQL_FORMATS)
@timeout_option
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help=f"Show N rows (default: {TABLE_PAGE} in a table, every row in json, csv and md).",
)
@click.option(
    "--offset", type=click.IntRange(min=0), default=0, show_default=True, metavar="N", help="Skip N rows first."
)
def query(
    cache, name: str, params: tuple[str, ...], fmt: str | None, timeout: float, limit: int | None, offset: int
) -> None:
    """Run one of the bundled named queries (ekg queries lists them).

    A table shows the first 100 rows, and says on stderr how many more there are; --limit and --offset page
    through them. JSON, CSV and Markdown give every row unless --limit is given.

    \b
    Example:
      ekg query expert-only-claims
      ekg query findings --limit 20 --offset 100
      ekg query claims-about-concept --param concept=warm-up --format json
    """
    from kg.sparql.named import parse_params, run_named

    bindings = parse_params(params)
    page = limit if limit is not None or (fmt or "table") != "table" else TABLE_PAGE
    result = _run(cache, lambda target, seconds: run_named(target, name, bindings, seconds, page, offset), timeout)
    _show(result, fmt)
    more = getattr(result, "more", 0)
    if more:
        shown = offset + len(result.rows)
        click.echo(
            f"{more:,} more row{'s' if more != 1 else ''} (rows {offset + 1:,}-{shown:,} of {result.total:,} shown): "
            f"--limit N --offset {shown} shows the next ones, --format csv or json all of them",
            err=True,
        )


COMMANDS = [sparql, queries, query]
