"""On a terminal, commands draw progress on stderr: that code runs only when stderr is a terminal, so these tests
run `ekg` as a process whose stderr is a pseudo-terminal (and whose stdout is a pipe, as when a user redirects the
answer). `ekg diff` crashed there with a traceback while building a version, and nothing tested it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kg.dataset.paths import bundled_data_dir

pty = pytest.importorskip("pty")  # POSIX only


def on_terminal(
    *args: str, env: dict | None = None, cwd: Path | None = None, stdout_too: bool = False
) -> tuple[int, str, str]:
    """Run `python -m cli ARGS` with stderr (and with ``stdout_too`` stdout) on a pseudo-terminal: (exit code,
    stdout if not on the terminal, what the terminal showed)."""
    main, terminal = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # the terminal's reader: rich blocks once the pty's buffer is full
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO: every writer closed the terminal
                return
            if not data:
                return
            shown.extend(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "kg.cli", *args],
            stdout=terminal if stdout_too else subprocess.PIPE,
            stderr=terminal,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {}), "COLUMNS": "100"},
            cwd=cwd,
            timeout=300,
        )
    finally:
        os.close(terminal)
        reader.join(timeout=10)
        os.close(main)
    return process.returncode, (process.stdout or b"").decode("utf-8"), shown.decode("utf-8", "replace")


@pytest.fixture
def two_versions(tmp_path) -> tuple[Path, Path]:
    """Two unbuilt copies of the bundled data, the second with one claim's text changed."""
    old, new = tmp_path / "old", tmp_path / "new"
    for target in (old, new):
        shutil.copytree(bundled_data_dir() / "articles", target / "articles")
    claims = next((new / "articles").iterdir()) / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    edited = text.replace(
        'text: "Runners are not exempt from back pain."', 'text: "Runners are not exempt from lower back pain."'
    )
    assert edited != text
    claims.write_text(edited, encoding="utf-8")
    return old, new


def test_diff_on_a_terminal_builds_both_versions_and_answers(two_versions, tmp_path):
    old, new = two_versions
    code, out, shown = on_terminal(
        "diff", str(old), str(new), "--format", "json", env={"EKG_CACHE_DIR": str(tmp_path / "caches")}
    )
    assert "Traceback" not in shown, shown[-2000:]
    assert code == 1, shown[-2000:]  # something changed
    assert [(c["claim"], c["change"]) for c in json.loads(out)["claims"]] == [("runners-not-exempt", "changed")]
    for phase in ("Loading articles", f"Reading {old}", f"Reading {new}", "Comparing articles"):
        assert phase in shown


@pytest.mark.parametrize(
    "args",
    [
        ("build",),
        ("claims", "--format", "csv"),  # a query command that builds first
        ("audit", "--format", "json"),
        ("export", "--format", "ttl"),
        ("stats", "--format", "json"),
    ],
)
def test_commands_on_a_terminal_draw_progress_without_failing(data_copy, tmp_path, args):
    code, out, shown = on_terminal(*args[:1], "--data", str(data_copy), "--cache", str(tmp_path / "cache"), *args[1:])
    assert "Traceback" not in shown, shown[-2000:]
    assert code in (0, 1), shown[-2000:]  # audit exits 1 when it finds problems
    assert out.strip()


@pytest.mark.parametrize(
    "args, expected",
    [
        (("why", "2.6×"), "Wu"),
        (("claims", "--type", "statistical"), "Claims (19)"),
        (("sources",), "Sources (8)"),
        (("experts",), "Goostree"),
        (("stats",), "claims"),
        (("audit",), "warning"),
        (("query", "claims-by-type"), "statistical"),
    ],
)
def test_tables_on_a_terminal(seed_cache, args, expected):
    """stdout on a terminal too: the answer is drawn as rich tables (only there), after the auto-build check."""
    code, _, shown = on_terminal(*args[:1], "--cache", str(seed_cache.dir), *args[1:], stdout_too=True)
    assert "Traceback" not in shown, shown[-2000:]
    assert code in (0, 1), shown[-2000:]
    assert expected in shown


@pytest.fixture(scope="module")
def hostile_text(tmp_path_factory) -> list[str]:
    """A page whose text carries rich markup ([link=…], [/]), escape sequences written as &#27; (clear screen, an
    OSC 52 clipboard write) and a bidi override, ingested and built: --data and --cache for the commands."""
    from click.testing import CliRunner

    from kg.cli.main import main

    folder = tmp_path_factory.mktemp("hostile-terminal")
    page = Path(__file__).parent / "fixtures" / "hostile" / "terminal.html"
    result = CliRunner().invoke(main, ["ingest", str(page), "--out", str(folder / "data")])
    assert result.exit_code == 0, result.output
    assert "\x1b]52;" in (folder / "data" / "articles" / "terminal" / "article.txt").read_text(encoding="utf-8")
    return ["--data", str(folder / "data"), "--cache", str(folder / "cache")]


#: what a terminal must never receive from a page: an escape sequence that clears the screen or writes the
#: clipboard, a hyperlink (OSC 8) made of rich markup, a bell, a bidi override
RAW = ("\x1b[2J", "\x1b]52;", "\x1b]8;", "\x07", "\u202e")


@pytest.mark.parametrize(
    "args", [("claims",), ("why", "runners"), ("claims", "--format", "csv"), ("why", "runners", "--format", "json")]
)
def test_page_text_reaches_the_terminal_as_text(hostile_text, args):
    code, _, shown = on_terminal(*args, *hostile_text, stdout_too=True)
    assert "Traceback" not in shown, shown[-2000:]
    assert code == 0, shown[-2000:]
    assert not [raw for raw in RAW if raw in shown], shown[-3000:]
    flat = _text_column(shown) if args == ("claims",) else "".join(shown.split())
    assert "\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07" in flat or "\\u001b[2J\\u001b]52;c;ZXZpbA==\\u0007" in flat, shown[-3000:]
    assert "runners\\u202e" in flat, shown[-3000:]


def _text_column(shown: str) -> str:
    """The last column of a rich table, its wrapped lines joined and without spaces."""
    return "".join("".join(line.split("│")[-2].split()) for line in shown.splitlines() if line.startswith("│"))


def test_rich_markup_in_a_page_is_shown_not_interpreted(hostile_text):
    code, _, shown = on_terminal("claims", *hostile_text, stdout_too=True)
    assert code == 0, shown[-2000:]
    flat = _text_column(shown)
    assert "[link=https://evil.example]clickhere[/link]" in flat
    assert "twoweeks[/]according" in flat
