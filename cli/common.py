"""What every command shares: the data and cache options, the output format, output files, and turning
library errors into one line on stderr with a meaningful exit code (0 ok, 1 findings, 2 could not run)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import wraps
from pathlib import Path

import click

from kg.dataset.paths import ALLOW_OUTSIDE_LINKS
from kg.errors import EkgError
from kg.util.render import FORMATS


class FiniteRange(click.FloatRange):
    """A FloatRange that also refuses nan (every comparison with it is false, so a range lets it through) and inf."""

    def convert(self, value, param, ctx):
        import math

        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


class EkgClickException(click.ClickException):
    """A library error shown as ``Error: …`` with the library's exit code (2: could not run)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        # click reads the exit code from the instance; its stub declares exit_code a ClassVar
        self.exit_code = exit_code  # type: ignore[misc]


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


class EkgGroup(click.Group):
    """A group whose commands never show a traceback for a user's mistake."""

    def main(self, args=None, *rest, **kwargs):
        for number, arg in enumerate(sys.argv[1:] if args is None else args, 1):
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:  # bytes the locale could not decode reach Python as lone surrogates
                shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
                click.echo(
                    f"Error: argument {number} ({shown}) is not valid UTF-8 text; type it again in UTF-8", err=True
                )
                sys.exit(2)
        import signal

        # SIGTERM (kill, a CI timeout) unwinds like Ctrl-C: a build removes what it half-wrote and stops its workers
        signal.signal(signal.SIGTERM, _terminated)
        if sys.stdout is None:  # started with stdout closed (>&-): answers would be lost without a word
            if sys.stderr is not None:
                click.echo(
                    "Error: standard output is closed, so there is nowhere to write the answer; redirect it to a file "
                    "or /dev/null instead of closing it",
                    err=True,
                )
            sys.exit(2)
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except EkgError as exc:  # a message may quote a page: shown, like its answers, with controls as escapes
            from kg.util.safe import for_terminal

            raise EkgClickException(for_terminal(str(exc)), exc.exit_code) from None
        except BrokenPipeError:  # `ekg … | head`: the reader left; not an error
            sys.stderr.close()
            ctx.exit(0)


def _data_options(func, endpoint_option: bool):
    options = [
        click.option(
            "--data",
            "data_dir",
            type=click.Path(file_okay=False, path_type=Path),
            envvar="EKG_DATA",
            help="Data folder with articles/<slug>/ (default: the bundled data; env EKG_DATA).",
        ),
        click.option(
            "--cache",
            "cache_dir",
            type=click.Path(file_okay=False, path_type=Path),
            help="Where the built graph is kept (default: <data>/.ekg-cache, or the user cache for bundled data).",
        ),
        click.option(
            "--no-check",
            "no_check",
            is_flag=True,
            envvar="EKG_NO_CHECK",
            help="Use the last build without checking the data files for changes (env EKG_NO_CHECK=1).",
        ),
        click.option(
            "--allow-outside-links",
            "allow_outside_links",
            is_flag=True,
            envvar=ALLOW_OUTSIDE_LINKS,
            help="Read data files that are links to files outside the data folder (refused by default: a downloaded "
            f"article must not read your other files into the graph; env {ALLOW_OUTSIDE_LINKS}=1).",
        ),
    ]
    if endpoint_option:
        options.append(
            click.option(
                "--endpoint",
                metavar="URL",
                envvar="EKG_ENDPOINT",
                help="Query this SPARQL 1.1 endpoint instead of the local build (env EKG_ENDPOINT; "
                "credentials from EKG_ENDPOINT_USER and EKG_ENDPOINT_PASSWORD).",
            )
        )

    @wraps(func)
    def wrapper(*args, allow_outside_links=False, **kwargs):
        if not allow_outside_links:
            return run(*args, **kwargs)
        import os

        # passed on as the variable, which the build's worker processes inherit; for this command only
        before = os.environ.get(ALLOW_OUTSIDE_LINKS)
        os.environ[ALLOW_OUTSIDE_LINKS] = "1"
        try:
            return run(*args, **kwargs)
        finally:
            if before is None:
                del os.environ[ALLOW_OUTSIDE_LINKS]
            else:
                os.environ[ALLOW_OUTSIDE_LINKS] = before

    def run(*args, data_dir=None, cache_dir=None, no_check=False, **kwargs):
        endpoint = kwargs.pop("endpoint", None) if endpoint_option else None
        if endpoint:
            import os

            from kg.remote.client import RemoteCache

            cache = RemoteCache(endpoint, os.environ.get("EKG_ENDPOINT_USER"), os.environ.get("EKG_ENDPOINT_PASSWORD"))
        else:
            from kg.cache.store import Cache

            cache = Cache(
                data_dir,
                cache_dir,
                check=not no_check,
                progress=_auto_build_progress(),
                notice=lambda message: click.echo(message, err=True),
            )
        return func(*args, cache=cache, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def data_options(func):
    """--data, --cache, --no-check and --endpoint, passed to the command as ``cache``: a kg.cache.store.Cache of the
    local build, or with --endpoint a kg.remote.client.RemoteCache whose ``open()`` gives the server as a store."""
    return _data_options(func, endpoint_option=True)


def local_data_options(func):
    """--data, --cache and --no-check, for commands that work on the local build itself (publish, serve)."""
    return _data_options(func, endpoint_option=False)


def _auto_build_progress():
    """For builds that a query command triggers: a bar on a terminal, started only if a build happens."""
    if not sys.stderr.isatty():
        return None
    state: dict = {}

    def update(done: int, total: int, phase: str) -> None:
        if "callback" not in state:
            state["progress"], state["callback"] = build_progress()
            import atexit

            atexit.register(state["progress"].stop)
        state["callback"](done, total, phase)

    return update


def format_option(default: str = "table", choices=FORMATS):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format: a table on a terminal, or json, csv or md for other tools.",
    )


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """click.echo, with a page's control characters shown as escapes when the stream is a terminal (pipes and
    files get the text as it is)."""
    stream = sys.stderr if err else sys.stdout
    if stream is not None and stream.isatty():
        from kg.util.safe import for_terminal

        text = for_terminal(text)
    click.echo(text, err=err, nl=nl)


def emit(result, fmt: str) -> None:
    """Render a result on stdout: rich tables on a terminal, plain text when piped."""
    from kg.util.render import print_rich, render

    stream = sys.stdout
    if fmt == "table" and stream.isatty():
        print_rich(result, stream)
    else:  # JSON, CSV or Markdown; on a terminal, a page's escape sequences are shown, not obeyed
        echo(render(result, fmt), nl=False)


def write_output(text: str | Iterable[str], output: Path | None) -> None:
    """Write a text, or a text that comes in pieces, to stdout as it comes or to a file atomically (a file
    appears whole or not at all)."""
    pieces = iter((text,) if isinstance(text, str) else text)
    if output is None and sys.stdout.isatty():  # an export read on a terminal: its escape sequences shown, not obeyed
        from kg.util.safe import for_terminal

        pieces = map(for_terminal, pieces)
    if output is None:
        # click.echo writes where click's stdout is (a live progress bar redirects sys.stdout to the terminal), and
        # flushes on every call: pieces go out in chunks of about 1 MB (an nt export's pieces are lines)
        chunk: list[str] = []
        size, last = 0, ""
        for piece in pieces:
            if piece:
                chunk.append(piece)
                size, last = size + len(piece), piece
                if size >= 1 << 20:
                    click.echo("".join(chunk), nl=False)
                    chunk, size = [], 0
        click.echo("".join(chunk), nl=not last.endswith("\n"))
        return
    from kg.util.fsutil import atomic_writer

    try:
        with atomic_writer(output) as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8"))
    except OSError as exc:
        raise EkgClickException(
            f"cannot write {output}: {exc.strerror} (check the folder exists and is writable)"
        ) from exc
    click.echo(f"Wrote {output}", err=True)


def build_progress():
    """A rich progress bar for builds on a terminal's stderr (articles loaded, then the store load), or None
    when stderr is not a terminal. Returns (context manager, callback(done, total, phase))."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    tasks: dict[str, int] = {}

    def update(done: int, total: int, phase: str) -> None:
        if phase not in tasks:
            progress.start()
            tasks[phase] = progress.add_task(phase, total=total or None)
        progress.update(tasks[phase], completed=done, total=total or None)

    return progress, update
