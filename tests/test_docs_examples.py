"""Every `$` example in README.md and docs/*.md runs, against the installed package, and prints what the page shows.

CONTRIBUTING.md, CHANGELOG.md and benchmarks/README.md are read too: they hold no example today (the benchmarks'
dated figures are records, not examples), and one added there is run like the others.

How a page is read:
- An example is a line `    $ COMMAND` in an indented code block. The command goes on over the next lines while
  a quote is open or a line ends with a backslash. Its output is every following line of the block up to the next
  `$` line, the end of the block or a hidden step; trailing blank lines are dropped. A `$` anywhere else (another
  indentation, a fenced block) fails the test, so no example escapes it.
- A hidden step, `<!-- docs-test: SHELL -->` (it may span lines), prepares inputs an example needs (a broken copy
  of the data, a large file); it runs where it stands in the page and must exit 0. Reading the page's source
  shows how each input was made.
- A command ending in ` &` starts a server: its first output lines are read as it prints them, then the server
  runs until the page ends and is stopped by its process group.

Where it runs: every page in its own temporary folder, which stands for a clone of the repository (a copy of
`data/`, links to `tests/` and `benchmarks/`) and holds HOME, so `~/.cache/evidence-kg` is the bundled data's
cache. The bundled data is built once per session and that cache copied into each page's HOME. The commands run
in bash with the installed package's `bin/` (`ekg`, `python`) first on PATH, stderr merged into stdout as on a
terminal (Python unbuffered, so the two keep their order).

What is normalised, on both sides alike, because it must vary (nothing else is):
- timings: "(0.35 s; … 15,353 triples/s)" in the build's and publish's summaries become "N s", "N triples/s";
- paths: the page's HOME becomes `~`, its folder `~/evidence-kg`, the installed package's folder
  `…/site-packages/kg` (a benchmark prints which kg it measures); the bundled data's cache key (a hash of the
  path the package is installed at) becomes `<hash>`;
- a server's port: the page says 8000; the test serves on a free port (the machine is shared), writes it into
  the commands and writes 8000 back into the output.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PAGES = [
    REPO / "README.md",
    *sorted((REPO / "docs").glob("*.md")),
    REPO / "CONTRIBUTING.md",
    REPO / "CHANGELOG.md",
    REPO / "benchmarks" / "README.md",
]
BIN = Path(sys.executable).parent
PACKAGE = Path(importlib.util.find_spec("kg").origin).parent  # where the installed kg lives
EXAMPLE = re.compile(r"^    \$ (.*)$")
HIDDEN = re.compile(r"^<!-- docs-test:(.*)$")
TIMEOUT = 120


@dataclass
class Step:
    line: int  # 1-based line of the page where the step starts
    command: str
    output: str | None  # None for a hidden step, whose output is not shown
    background: bool = False


def _complete(command: str) -> bool:
    if command.endswith("\\"):
        return False
    try:
        shlex.split(command)
    except ValueError:  # a quote still open
        return False
    return True


def read_steps(page: Path) -> list[Step]:
    """The examples and hidden steps of a page, in order; a `$` line the reader would not collect is an error."""
    lines = page.read_text(encoding="utf-8").splitlines()
    steps: list[Step] = []
    fenced = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            fenced = not fenced
        hidden = HIDDEN.match(line)
        example = EXAMPLE.match(line)
        if hidden and not fenced:
            start, body = i, [hidden.group(1)]
            while "-->" not in body[-1]:
                i += 1
                body.append(lines[i])
            body[-1] = body[-1].split("-->", 1)[0]
            steps.append(Step(start + 1, "\n".join(body).strip(), None))
        elif example and not fenced:
            start, command = i, example.group(1)
            while not _complete(command):
                i += 1
                command += "\n" + lines[i][4:]
            output = []
            while i + 1 < len(lines):
                nxt = lines[i + 1]
                if EXAMPLE.match(nxt) or HIDDEN.match(nxt) or (nxt.strip() and not nxt.startswith("    ")):
                    break
                output.append(nxt[4:])
                i += 1
            while output and not output[-1].strip():
                output.pop()
            background = command.endswith(" &")
            steps.append(
                Step(start + 1, command.removesuffix(" &") if background else command, "\n".join(output), background)
            )
        elif re.match(r"^\s*\$ ", line):
            raise AssertionError(
                f"{page.name} line {i + 1}: a `$` example must be indented by exactly four spaces, "
                "outside fences, to be run by this test"
            )
        i += 1
    return steps


def local(text: str, home: Path, clone: Path, port: int) -> str:
    """TEXT with the page's own folders and port written as the page shows them."""
    text = text.replace(str(home), "~").replace(str(clone), "~/evidence-kg")
    text = text.replace(str(PACKAGE), "…/site-packages/kg")
    return re.sub(rf":{port}\b", ":8000", text)


def normalise(text: str) -> str:
    """TEXT with what varies from run to run written one way: timings and the bundled data's cache key."""
    text = re.sub(r"(?<=evidence-kg/)[0-9a-f]{16}\b", "<hash>", text)
    text = re.sub(r"\b\d[\d,]*(?:\.\d+)? s(?=[;)])", "N s", text)
    text = re.sub(r"\b\d[\d,]* triples/s\b", "N triples/s", text)
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _readline(process: subprocess.Popen, timeout: float) -> str:
    """The next line a background process prints, or "" if it prints none within TIMEOUT seconds."""
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline() if ready else ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("EKG_")
        and key not in {"XDG_CACHE_HOME", "SOURCE_DATE_EPOCH", "COLUMNS", "PYTHONSAFEPATH"}
    }
    env.update(
        HOME=str(home),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
        PYTHONIOENCODING="utf-8",
        LC_ALL="C.UTF-8",
        TZ="UTC",
        TERM="dumb",
        NO_COLOR="1",
    )
    return env


@pytest.fixture(scope="session")
def built_home(tmp_path_factory) -> Path:
    """A HOME whose ~/.cache holds the bundled data's build, made once for the session."""
    home = tmp_path_factory.mktemp("docs-home")
    subprocess.run(
        [str(BIN / "ekg"), "build"], env=_environment(home), check=True, capture_output=True, timeout=TIMEOUT
    )
    return home


def _page_ids() -> list[str]:
    return [str(page.relative_to(REPO)) for page in PAGES]


def run_page(page: Path, built_home: Path, folder: Path) -> list[tuple[Step, str]]:
    """Run a page's steps in order in a fresh clone under FOLDER; each example with what it printed, normalised."""
    steps = read_steps(page)
    if not steps:
        return []
    clone = folder / "evidence-kg"
    clone.mkdir()
    home = clone / "home"
    shutil.copytree(built_home, home, symlinks=True)
    shutil.copytree(REPO / "data", clone / "data")
    for name in ("tests", "benchmarks"):
        (clone / name).symlink_to(REPO / name)
    env = _environment(home)
    port = _free_port()
    servers: list[subprocess.Popen] = []
    results: list[tuple[Step, str]] = []
    try:
        for step in steps:
            command = re.sub(r"(--port |127\.0\.0\.1:|localhost:)8000\b", rf"\g<1>{port}", step.command)
            if step.background:
                server = subprocess.Popen(
                    ["bash", "-c", command],
                    cwd=clone,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    start_new_session=True,
                )
                servers.append(server)
                actual = "".join(_readline(server, TIMEOUT) for _ in step.output.splitlines())
            else:
                done = subprocess.run(
                    ["bash", "-c", command],
                    cwd=clone,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    timeout=TIMEOUT,
                )
                actual = done.stdout
                if step.output is None:
                    assert done.returncode == 0, f"{page.name} line {step.line}: hidden step failed:\n{actual}"
                    continue
            results.append((step, local(actual, home, clone, port)))
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    return results


@pytest.mark.parametrize("page", PAGES, ids=_page_ids())
def test_examples_print_what_the_page_shows(page, built_home, tmp_path):
    failures = []
    for step, printed in run_page(page, built_home, tmp_path):
        shown, printed = normalise(step.output), normalise(printed)
        if shown != printed:
            diff = "\n".join(
                difflib.unified_diff(shown.splitlines(), printed.splitlines(), "page shows", "prints", lineterm="")
            )
            failures.append(f"{page.name} line {step.line}: $ {step.command}\n{diff}")
    assert not failures, "\n\n".join(failures)


def test_the_reader_collects_every_example():
    """The pages hold examples, and the reader finds a command's continuation lines and its output."""
    steps = [step for page in PAGES for step in read_steps(page) if step.output is not None]
    assert len(steps) >= 20
    assert all(step.command.strip() for step in steps)
    assert not [step for step in steps if step.command.count("'") % 2]
