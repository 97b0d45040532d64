"""The README documents every command, and its quick start has exactly the two promised commands."""

import re
from pathlib import Path

import pytest

from cli.main import all_commands

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(all_commands()))
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"`ekg {re.escape(name)}\b", README), f"`ekg {name}` is not documented in README.md"


def test_quick_start_has_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in section.splitlines() if line.startswith("    python3 -m venv")]
    assert len(commands) == 2
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest" in ci
