"""Commands that turn raw articles into draft data: ingest."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--refs",
    type=click.Path(dir_okay=False, path_type=Path),
    help="BibTeX file of the article's references, used instead of the reference list printed in the article.",
)
@click.option(
    "--url",
    help="The article's web address; recorded in article.yaml, and the folder is named after it unless --slug is given.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Data folder to write articles/<slug>/ into.",
)
@click.option("--slug", help="Folder name and slug of the draft (default: from --url, else the file name).")
@click.option("--published", help="Publication date, YYYY-MM-DD, for an article that does not state one.")
@click.option("--publisher", help="Publisher's name, where the page does not say it.")
@click.option("--force", is_flag=True, help="Replace an existing draft of the same slug.")
def ingest(
    articles: tuple[Path, ...],
    refs: Path | None,
    url: str | None,
    out_dir: Path,
    slug: str | None,
    published: str | None,
    publisher: str | None,
    force: bool,
) -> None:
    """Draft a data folder from an article's raw text, Markdown or saved HTML page, ready to review and build.

    Finds the sections, sentences, quantitative statements, experts, the reference list and the in-text
    cues that point to it; every drafted item carries its confidence, and links scored below 0.8 are listed
    for review instead of attached.

    \b
    Example:
      ekg ingest saved-page.html --out drafts
      ekg build --data drafts
    """
    from kg.ingest import ingest as run

    if len(articles) > 1 and (refs or url or slug):
        raise click.UsageError("--refs, --url and --slug apply to one article: ingest the others separately")
    progress = None
    if len(articles) > 1 and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        progress = Progress(
            TextColumn("Ingesting"), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True), transient=True
        )
        task = progress.add_task("ingest", total=len(articles))
        progress.start()
    try:
        for path in articles:
            result = run(
                path, out_dir, refs=refs, url=url, slug=slug, published=published, publisher=publisher, force=force
            )
            s = result.summary()
            click.echo(
                f"Drafted {s['folder']}: {s['claims']} claims, {s['statistics']} statistics, {s['attributions']} attributions, "
                f"{s['people']} people, {s['references']} references, {s['citations']} citations, {s['to_review']} items to review"
            )
            if progress:
                progress.advance(task)
    finally:
        if progress:
            progress.stop()


COMMANDS = [ingest]
