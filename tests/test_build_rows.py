"""The quads the build groups beside each part for the audit (kg.build.rows): the same values a parser of the part
gives, the same facts as parsing the parts, and a rows file that is damaged or missing is parsed around."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph
import pytest

from kg.audit.facts import FileReader, read_facts
from kg.build import rows
from kg.build.quads import article_rows
from kg.cache.store import Cache
from kg.dataset.loader import load_corpus
from kg.sparql.terms import python_value
from tests.helpers import generated_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seed article and six synthetic ones (the benchmark generator's: statistics, decimals, dates)."""
    return generated_corpus(tmp_path_factory.mktemp("corpus"), 6, seed=3, claims_per_article=15)


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> Cache:
    cache = Cache(corpus, tmp_path_factory.mktemp("cache"))
    cache.build()
    return cache


def _parts(cache: Cache) -> tuple[list[Path], list[Path]]:
    manifest = cache.manifest()
    articles = json.loads((cache.dir / manifest["inputs"]).read_text(encoding="utf-8"))["articles"]
    parts = [cache.dir / "parts" / f"{entry['key']}.nq" for _, entry in sorted(articles.items())]
    return parts, [cache.dir / manifest["shared"], cache.dir / "parts" / manifest["ontology"]]


def test_each_quad_the_emitter_keeps_is_the_quad_its_line_parses_to(corpus):
    """Value and type alike (1, 1.0 and True are equal in Python, and a rule could tell them apart)."""
    checked = set()
    for article in load_corpus(corpus).articles:
        lines, quads = article_rows(article)
        assert len(lines) == len(quads)
        parsed = pyoxigraph.parse("".join(lines).encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
        for quad, (subject, prop, value) in zip(parsed, quads, strict=True):
            expected = python_value(quad.object)
            assert (quad.subject.value, quad.predicate.value, expected) == (subject, prop, value)
            assert type(expected) is type(value)
            checked.add(type(value))
    assert {str, int, float} <= checked


def test_facts_read_from_the_rows_equal_facts_parsed_from_the_parts(built, monkeypatch):
    parts, context = _parts(built)
    assert all(part.with_suffix(".rows").is_file() for part in parts)
    from_rows = read_facts(FileReader(parts, FileReader(context)))
    monkeypatch.setattr(rows, "load", lambda path: None)
    parsed = read_facts(FileReader(parts, FileReader(context)))
    assert from_rows == parsed and len(parsed.articles) == 7
    assert sum(len(a.claims) for a in parsed.articles.values()) > 100 and parsed.sources


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "another format", "missing", "not marshal"])
def test_a_rows_file_that_is_damaged_missing_or_of_another_format_is_not_read(built, tmp_path, damage):
    parts, context = _parts(built)
    expected = read_facts(FileReader(parts, FileReader(context)))
    copy = tmp_path / "parts"
    shutil.copytree(parts[0].parent, copy)
    damaged = (copy / parts[0].name).with_suffix(".rows")
    blob = damaged.read_bytes()
    if damage == "flipped byte":
        damaged.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:])
    elif damage == "truncated":
        damaged.write_bytes(blob[: len(blob) // 2])
    elif damage == "another format":
        damaged.write_bytes(b"ekg-rows 0\n" + blob[len(rows.MAGIC) :])
    elif damage == "missing":
        damaged.unlink()
    else:  # the right checksum over bytes that are not a marshalled (maps, classes, mentions)
        import zlib

        junk = b"\x00not marshal"
        damaged.write_bytes(rows.MAGIC + zlib.crc32(junk).to_bytes(4, "big") + junk)
    assert rows.load(damaged) is None
    assert rows.load(copy / parts[1].with_suffix(".rows").name) is not None
    moved = [copy / part.name for part in parts]
    assert read_facts(FileReader(moved, FileReader(context))) == expected


def test_merging_grouped_parts_equals_grouping_their_quads_one_by_one():
    """Parts that describe the same subject (not what the build writes, but the reader must not depend on it)."""
    a = [("s1", "p", 1), ("s1", "p", "x"), ("s2", "q", "y"), ("s1", rows.RDF_TYPE, "C"), ("s1", rows.MENTIONS, "o")]
    b = [("s1", "p", "x"), ("s1", "p", 2), ("s3", "p", 3), ("s3", rows.RDF_TYPE, "C"), ("s9", rows.MENTIONS, "o")]
    one_by_one = rows.group(b, rows.group(a, rows.empty(), "g1"), "g2")
    merged = rows.empty()
    for quads, graph in ((a, "g1"), (b, "g2")):
        part = rows.load_bytes(rows.dumps(rows.group(quads, rows.empty(), graph)))
        assert part is not None
        rows.merge(part, merged)
    assert merged == one_by_one
    assert merged[0]["p"] == {"s1": [1, "x", 2], "s3": [3]}
    assert list(merged[2]) == [("g1", "o"), ("g2", "o")]
