"""Shared by the audit tests: the synthetic fixture corpus, built once per module that asks for it."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "audit"
RETRACTIONS = FIXTURES / "retraction_watch_sample.csv"


def build_fixture_store(tmp_path_factory):
    from kg.cache.store import Cache

    cache = Cache(FIXTURES, tmp_path_factory.mktemp("audit-fixture-cache"))
    cache.build()
    return cache


def triples(findings, article: str | None = None) -> set[tuple[str, str, str]]:
    """(rule, subject id, severity) of each finding, optionally of one article."""
    return {(f.rule, f.subject.id, f.severity) for f in findings if article is None or f.article == article}
