"""tests/conftest.py's guard: the suite runs against this checkout's installation, and says in one line when it
would not. Each test edits a copy of the real installation's RECORD (pip's list of the files it installed, with
their hashes) and asks the guard about it; they need a non-editable install, whose RECORD lists kg's files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import REPO, installed, is_editable, record_hash, stale_file

DIST = installed()
pytestmark = pytest.mark.skipif(DIST is None or is_editable(DIST), reason="an editable install lists no kg files")


def _record_copy(tmp_path: Path, edit) -> metadata.Distribution:
    """A copy of the installation's dist-info whose RECORD lines went through EDIT (a list of lines -> lines)."""
    dist_info = Path(next(entry for entry in DIST.files if entry.name == "RECORD").locate()).parent
    copy = tmp_path / dist_info.name
    shutil.copytree(dist_info, copy)
    record = copy / "RECORD"
    record.write_text("\n".join(edit(record.read_text(encoding="utf-8").splitlines())) + "\n", encoding="utf-8")
    return metadata.PathDistribution(copy)


def test_the_unedited_record_is_this_checkout(tmp_path):
    assert stale_file(_record_copy(tmp_path, lambda lines: lines)) is None


@pytest.mark.parametrize(
    "name, checkout",
    [
        ("kg/errors.py", "kg/errors.py"),
        ("kg/cli/main.py", "cli/main.py"),
        (
            "kg/data/articles/lower-back-pain-after-running/claims.yaml",
            "data/articles/lower-back-pain-after-running/claims.yaml",
        ),
        ("kg/ontology/evidence-kg.ttl", "ontology/evidence-kg.ttl"),
    ],
)
def test_a_file_changed_since_the_install_is_named_as_the_checkout_has_it(tmp_path, name, checkout):
    def older(lines):
        return [
            f"{name},sha256={record_hash(b'an older version')},16" if line.startswith(f"{name},") else line
            for line in lines
        ]

    assert stale_file(_record_copy(tmp_path, older)) == (
        f"the checkout's {checkout} changed since it was installed: reinstall (.venv/bin/pip install -q '.[test]')"
    )


def test_a_module_the_checkout_deleted_but_the_install_holds_is_named(tmp_path):
    """setuptools' build/ folder keeps a deleted module, and the next `pip install .` ships it again."""
    problem = stale_file(_record_copy(tmp_path, lambda lines: [*lines, f"kg/deleted.py,sha256={record_hash(b'')},0"]))
    assert (
        problem == "it holds kg/deleted.py, which the checkout has not (a build/ folder keeps deleted files): "
        "rm -rf build && .venv/bin/pip install -q '.[test]'"
    )


@pytest.mark.parametrize(
    "name, checkout", [("kg/cache/store.py", "kg/cache/store.py"), ("kg/ontology/queries/", "ontology/queries/")]
)
def test_a_checkout_file_the_install_lacks_is_named(tmp_path, name, checkout):
    problem = stale_file(_record_copy(tmp_path, lambda lines: [line for line in lines if not line.startswith(name)]))
    assert problem.startswith(f"it lacks the checkout's {checkout}") and problem.endswith(
        ": reinstall (.venv/bin/pip install -q '.[test]')"
    )


def test_python_m_pytest_which_imports_the_checkout_is_stopped_in_one_line():
    env = {key: value for key, value in os.environ.items() if key != "PYTHONSAFEPATH"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_install_guard.py"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 4, result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        f"ERROR: tests/conftest.py: the suite tests the installed evidence-kg, but kg came from the checkout ({REPO / 'kg'}): "
        "run .venv/bin/pytest, not python -m pytest (which puts the checkout first on sys.path)"
    ]
