"""Provenance commands: why, claims, sources, source, experts, expert.

Top-level imports stay light (click and kg.cli.common): `ekg why` must answer, as a whole process, faster than
rdflib's SPARQL engine imports. The library is imported inside each command.
"""

from __future__ import annotations

import click

from kg.cli.common import data_options, emit, format_option


def _store(cache):
    return cache.open()


@click.command()
@data_options
@click.argument("query")
@click.option(
    "--limit",
    type=click.IntRange(1, 100),
    default=5,
    show_default=True,
    help="How many matching claims to show, best first.",
)
@format_option()
def why(cache, query: str, limit: int, fmt: str) -> None:
    """Where a figure or a statement comes from: its claim, quote, expert, sources and audit findings.

    QUERY is a figure ("2.6×", "up to 20%", "eighty percent", "7-10 ounces") or words ("warm-up").
    Exit 1 when nothing matches (the nearest claims are suggested).

    \b
    Example:
      ekg why "2.6×"
      ekg why hydration --format json
    """
    from kg.provenance.why import why as run

    result = run(_store(cache), query, limit=limit)
    emit(result, fmt)
    if not result.matches:
        raise SystemExit(1)


@click.command()
@data_options
@click.option("--type", "claim_type", help="Only claims of this type (statistical, causal, red-flag, …).")
@click.option("--uncited", is_flag=True, help="Only claims that cite no source.")
@click.option("--cites", metavar="KEY|DOI|URL", help="Only claims resting on this source.")
@click.option("--about", metavar="TERM", help="Only claims about a concept whose label contains TERM.")
@click.option("--expert", metavar="NAME", help="Only claims attributed to this expert.")
@click.option("--article", metavar="SLUG", help="Only claims of this article.")
@format_option()
def claims(cache, claim_type, uncited, cites, about, expert, article, fmt) -> None:
    """List claims, filtered by type, citation, source, concept, expert or article.

    \b
    Example:
      ekg claims --type statistical --uncited
      ekg claims --cites 10.1155/2021/6660304 --format json
    """
    from kg.provenance.listings import list_claims

    emit(list_claims(_store(cache), claim_type, uncited, cites, about, expert, article), fmt)


@click.command()
@data_options
@format_option()
def sources(cache, fmt) -> None:
    """List every source with its design, evidence level and how many claims rest on it.

    \b
    Example:
      ekg sources --format csv
    """
    from kg.provenance.listings import list_sources

    emit(list_sources(_store(cache)), fmt)


@click.command()
@data_options
@click.argument("ref", metavar="KEY|DOI|URL")
@format_option()
def source(cache, ref, fmt) -> None:
    """One source and every claim, in every article, that rests on it: what breaks if it is retracted.

    \b
    Example:
      ekg source wu2021
      ekg source doi:10.1155/2021/6660304
    """
    from kg.provenance.listings import source_report

    emit(source_report(_store(cache), ref), fmt)


@click.command()
@data_options
@format_option()
def experts(cache, fmt) -> None:
    """List the people in the graph: roles, credentials, and how many claims rest on their word.

    \b
    Example:
      ekg experts
    """
    from kg.provenance.listings import list_experts

    emit(list_experts(_store(cache)), fmt)


@click.command()
@data_options
@click.argument("name")
@format_option()
def expert(cache, name, fmt) -> None:
    """One expert and every claim attributed to them, with what (if anything) each cites.

    \b
    Example:
      ekg expert "Dr. Goostree"
    """
    from kg.provenance.listings import expert_report

    emit(expert_report(_store(cache), name), fmt)


COMMANDS = [why, claims, sources, source, experts, expert]
