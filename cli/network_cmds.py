"""Pictures of the claim-source network: ekg graph."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import data_options, emit, format_option


@click.command()
@data_options
@click.argument("target", metavar="CLAIM|SOURCE")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The picture to write: FILE.svg or FILE.png (drawn by Graphviz dot), or FILE.dot for the source.",
)
@format_option()
def graph(cache, target: str, output: Path, fmt: str) -> None:
    """Draw one claim's or one source's provenance as a picture, with Graphviz.

    CLAIM is a claim id (warmup-2-6x), slug/id or IRI; SOURCE a BibTeX key, a DOI (any case, with or
    without doi: or https://doi.org/) or a URL. A claim's picture shows its article, statistics, the
    sources it cites (edges named by CiTO intent and cue) and what they report; a source's shows every
    claim and article that rests on it. Prints what it drew.

    \b
    Example:
      ekg graph warmup-2-6x -o warmup.svg
      ekg graph 10.1155/2021/6660304 -o wu2021.png
    """
    from kg.export.network import draw

    picture = draw(cache.open(), target, output)
    emit(picture, fmt)
    click.echo(f"Wrote {output}", err=True)


COMMANDS = [graph]
