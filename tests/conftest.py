"""Shared fixtures: the real bundled data, copies of it to break, and an isolated build cache.

The suite tests the installed package (`pip install '.[test]'`), never the checkout: pyproject's pytest options
import the tests' folder after site-packages, every Python the tests start leaves its working folder off sys.path,
and `pytest_configure` stops the run at once if kg came from anywhere else than this checkout's installation."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner

from kg.dataset.paths import bundled_data_dir

REPO = Path(__file__).resolve().parent.parent
SEED_SLUG = "lower-back-pain-after-running"

INSTALL = ".venv/bin/pip install -q '.[test]'"
#: installed folder -> the checkout's (setup.py's MAPPED)
MAPPED = {"kg/cli/": "cli/", "kg/data/": "data/", "kg/ontology/": "ontology/"}
SHIPPED = {"kg": "*.py", "cli": "*.py", "data": "*", "ontology": "*"}  # checkout files every install must hold


def pytest_configure(config):
    # `python -c`/`-m` put their working folder first on sys.path: a test's `python -m cli` started in the checkout
    # would run the checkout's cli instead of the installed one. Scripts (benchmarks/NAME.py) lose their own
    # folder too; tests/test_docs_examples.py, which stands for a user's shell, gives it back.
    os.environ["PYTHONSAFEPATH"] = "1"
    problem = install_problem()
    if problem:
        raise pytest.UsageError(f"tests/conftest.py: the suite tests the installed evidence-kg, but {problem}")


def install_problem() -> str | None:
    """Why the kg and kg.cli imported here are not this checkout's installation (one line), or None.

    An editable install is this checkout; any other must hold the checkout's files as they are now (its RECORD's
    hashes), so that a stale installation, or a stale build/ folder that ships a deleted module, fails here."""
    import importlib

    dist = installed()
    if dist is None:
        return f"it is not installed: {INSTALL}, then run .venv/bin/pytest"
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    editable = is_editable(dist)
    for name, home in (("kg", REPO / "kg"), ("kg.cli", REPO / "cli")):
        module = importlib.import_module(name)  # kg first: the checkout's kg has no kg.cli (setup.py maps it)
        folder = Path(module.__file__).resolve().parent
        checkout = folder == home  # (a .venv may well be inside the checkout)
        if editable and not checkout:
            source = unquote(urlparse(direct.get("url", "")).path)
            return f"{module.__name__} came from {folder}, an editable install of {source}: install this checkout ({INSTALL})"
        if not editable and checkout:
            return (
                f"{module.__name__} came from the checkout ({folder}): run .venv/bin/pytest, not python -m pytest "
                "(which puts the checkout first on sys.path)"
            )
    return None if editable else stale_file(dist)


def installed() -> metadata.Distribution | None:
    """The installed evidence-kg (never the egg-info that building leaves in the checkout)."""
    elsewhere = [entry for entry in sys.path if Path(entry or ".").resolve() != REPO]
    return next(iter(metadata.distributions(name="evidence-kg", path=elsewhere)), None)


def is_editable(dist: metadata.Distribution) -> bool:
    return json.loads(dist.read_text("direct_url.json") or "{}").get("dir_info", {}).get("editable", False)


def record_hash(content: bytes) -> str:
    """A file's hash as a wheel's RECORD writes it."""
    return base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()


def stale_file(dist: metadata.Distribution) -> str | None:
    """The first file in which the installation and the checkout differ, said with how to reinstall."""
    recorded = {}
    for entry in dist.files or []:
        name = entry.as_posix()
        if entry.hash and name.split("/")[0] == "kg":
            path = next(
                (REPO / folder / name[len(prefix) :] for prefix, folder in MAPPED.items() if name.startswith(prefix)),
                REPO / name,
            )
            recorded[path] = (name, entry.hash.value)
    for path, (name, digest) in sorted(recorded.items()):
        if not path.is_file():
            return (
                f"it holds {name}, which the checkout has not (a build/ folder keeps deleted files): "
                f"rm -rf build && {INSTALL}"
            )
        if record_hash(path.read_bytes()) != digest:
            return f"the checkout's {path.relative_to(REPO)} changed since it was installed: reinstall ({INSTALL})"
    for folder, pattern in SHIPPED.items():
        for path in sorted((REPO / folder).rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc" and path not in recorded:
                return f"it lacks the checkout's {path.relative_to(REPO)}: reinstall ({INSTALL})"
    return None


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Every test builds into its own cache folder, never the user's."""
    cache_root = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("EKG_CACHE_DIR", str(cache_root))
    monkeypatch.delenv("EKG_DATA", raising=False)
    return cache_root


@pytest.fixture
def seed_data() -> Path:
    return bundled_data_dir()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the bundled data (just the articles), to edit and break."""
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir() / "articles", target / "articles")
    return target


@pytest.fixture
def seed_article(data_copy) -> Path:
    return data_copy / "articles" / SEED_SLUG


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def seed_cache(tmp_path_factory):
    """The seed graph's build cache, built once for the session; tests only read it."""
    from kg.cache.store import Cache

    cache = Cache(bundled_data_dir(), tmp_path_factory.mktemp("seed-cache"))
    cache.build()
    return cache


@pytest.fixture(scope="session")
def seed_store(seed_cache):
    """The seed graph, opened read-only."""
    return seed_cache.open(auto_build=False)


@pytest.fixture
def ekg(runner, seed_cache):
    """Invoke ekg against the session's built seed cache."""
    from kg.cli.main import main

    def invoke(*args, **kwargs):
        return runner.invoke(main, [args[0], "--cache", str(seed_cache.dir), *args[1:]], **kwargs)

    return invoke


FIXTURE_DATA = REPO / "tests" / "fixtures"  # a data folder: the synthetic second article
FIXTURE_SLUG = "is-running-bad-for-your-back"


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory):
    """The second (synthetic) article's graph, built once for the session, opened read-only."""
    from kg.cache.store import Cache

    cache = Cache(FIXTURE_DATA, tmp_path_factory.mktemp("fixture-cache"))
    cache.build()
    return cache.open(auto_build=False)


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the Virtuoso tests (.ci/run installs virtuoso-opensource)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A private Virtuoso on loopback (tests/virtuoso_server.py), one for the session: the server tests and the
    installed wheel's `ekg publish` share it. Skipped where virtuoso-t is missing, never in CI (CI=true)."""
    from tests import virtuoso_server

    if virtuoso_server.binary() is None:
        _unavailable("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    try:
        server = virtuoso_server.start(tmp_path_factory.mktemp("virtuoso"), memory_mb=512)
    except RuntimeError as exc:
        _unavailable(f"Virtuoso did not start: {exc}")
    yield server
    server.stop()
