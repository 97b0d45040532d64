"""Comparing two versions of the articles: diff."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import build_progress, emit, format_option


@click.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@format_option()
def diff(old: Path, new: Path, fmt: str) -> None:
    """Show what changed between two versions of the articles: claims, figures, citations and quotes.

    OLD and NEW are data folders (built as needed) or graphs exported with `ekg export` (.nq, .trig, .ttl,
    .nt, .jsonld). Each old quote is re-anchored in the new text by exact match, then by its prefix and
    suffix, then by fuzzy match, with the method and a confidence. Exit 0 if nothing changed, 1 if
    something did, 2 if a version could not be read.

    \b
    Example:
      ekg diff data-2023/ data-2024/ --format md
    """
    from kg.review.diff import diff as run

    progress, update = build_progress()  # a version's build, then reading each version, then comparing
    if progress:
        with progress:
            result = run(old, new, progress=update)
    else:
        result = run(old, new)
    emit(result, fmt)
    raise SystemExit(1 if result.changed else 0)


COMMANDS = [diff]
