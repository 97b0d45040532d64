"""The README documents every command, its quick start has exactly the two promised commands, and the audit
rules page lists every rule."""

import re
from pathlib import Path

import pytest

from kg.cli.main import all_commands

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(all_commands()))
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"`ekg {re.escape(name)}\b", README), f"`ekg {name}` is not documented in README.md"


def test_quick_start_has_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in section.splitlines() if line.startswith("    python3 -m venv")]
    assert len(commands) == 2
    # the tests run against the package as users install it: not editable, and with pytest's own script (python -m
    # pytest would put the checkout first on sys.path)
    assert commands[1] == "python3 -m venv .venv && .venv/bin/pip install -q '.[test]' && .venv/bin/pytest"


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    installs = re.findall(r"^\.venv/bin/pip install .*$", ci, re.MULTILINE)
    assert installs and all(
        line.endswith(" '.[test]'") and not re.search(r" (-e|--editable) ", line) for line in installs
    )
    assert re.search(r"^\.venv/bin/pytest$", ci, re.MULTILINE)


def test_the_audit_rules_page_lists_every_rule(runner):
    """docs/audit-rules.md holds the rules table as `ekg audit --list-rules --format md` prints it."""
    from kg.cli.main import main

    page = (Path(__file__).resolve().parent.parent / "docs" / "audit-rules.md").read_text(encoding="utf-8")
    result = runner.invoke(main, ["audit", "--list-rules", "--format", "md"])
    assert result.exit_code == 0
    table = result.stdout.split("\n\n", 1)[1].strip()
    assert table.startswith("| rule | severity |")
    assert table in page, "docs/audit-rules.md: paste `ekg audit --list-rules --format md` into its rules table"


PAGES = [
    "README.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "benchmarks/README.md",
    *sorted(str(p.relative_to(REPO)) for p in (REPO / "docs").glob("*.md")),
]


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", PAGES)
def test_links_stay_inside_the_repository_and_resolve(page):
    """Every relative link of a page names a file of the repository (and a heading of it, if it names one)."""
    path = REPO / page
    text = path.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        assert linked.is_relative_to(REPO), f"{page}: {target} leads outside the repository"
        assert linked.exists(), f"{page}: {target} does not exist"
        if anchor and linked.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
            assert anchor in {_anchor(h) for h in headings}, f"{page}: no heading #{anchor} in {file or page}"
