"""Shared fixtures: the real bundled data, copies of it to break, and an isolated build cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.store import bundled_data_dir

REPO = Path(__file__).resolve().parent.parent
SEED_SLUG = "lower-back-pain-after-running"


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
    from kg.store import Cache

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
    from cli.main import main

    def invoke(*args, **kwargs):
        return runner.invoke(main, [args[0], "--cache", str(seed_cache.dir), *args[1:]], **kwargs)

    return invoke


FIXTURE_DATA = REPO / "tests" / "fixtures"  # a data folder: the synthetic second article
FIXTURE_SLUG = "is-running-bad-for-your-back"


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory):
    """The second (synthetic) article's graph, built once for the session, opened read-only."""
    from kg.store import Cache

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
