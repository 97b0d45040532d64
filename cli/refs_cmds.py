"""Commands that read reference lists on their own: refs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import emit


@click.command()
@click.argument("source", metavar="FILE|-", type=click.Path(dir_okay=True, allow_dash=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "bibtex", "md"]),
    default="table",
    show_default=True,
    help="table (on a terminal), json (a list of CSL-JSON items with the verbatim entry and a confidence per field), bibtex or md.",
)
def refs(source: Path, fmt: str) -> None:
    """Parse a reference list on its own: one entry a line, or a pasted list, numbered or not.

    Each entry is read into authors, year, title, journal, volume, issue, pages and identifiers, with the
    confidence of each field, so that a list can be checked before the article exists. Output is in input order.

    \b
    Example:
      ekg refs references.txt
      pbpaste | ekg refs - --format json
    """
    from kg.refs.listing import read_list

    result = read_list(None, sys.stdin.buffer) if str(source) == "-" else read_list(source)
    if fmt == "bibtex":
        click.echo(result.bibtex(), nl=False)
    else:
        emit(result, fmt)


COMMANDS = [refs]
