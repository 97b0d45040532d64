"""A word index of the claims, built with the store, so that `ekg why hydration` does not scan every claim.

Oxigraph has no full-text index: the SPARQL word search (``CONTAINS(LCASE(?t), ?w)`` over five fields of
every claim) scans every claim, so its time grows with the corpus. This index holds the same five
fields (the claim's text, its quote, the labels of what it is about, its section's label, its id), lower-cased,
in an SQLite FTS5 table with the trigram tokenizer (SQLite ships with Python; trigrams find substrings, as
CONTAINS does). Every hit is checked with a plain substring test, so the answer is the SPARQL query's.

The same file holds the figures of every claim's statistics (value, bounds, unit text), so that
``ekg why "2.3×"`` finds its candidates by an SQLite index instead of a SPARQL join per statistic (a common
figure matches a thousand statistics in a large corpus). The scoring stays in kg.provenance.questions.

Remote stores have no index and keep using SPARQL (the server does the scan).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from kg.errors import CacheError

#: the indexed fields, in column order; the names are kg.provenance.questions's word-search fields
FIELDS = ("text", "quote", "about", "section", "id")


_FIGURES = "INSERT INTO figures VALUES (?, ?, ?, ?, ?)"


def _create_figures(db) -> None:
    db.execute("CREATE TABLE figures (claim TEXT, value REAL, min REAL, max REAL, unit TEXT)")
    for column in ("value", "min", "max"):
        db.execute(f"CREATE INDEX figures_{column} ON figures ({column})")


def _create_order(db) -> None:
    """``claim_order``: each claim's IRI by its row of ``search``, indexed, so that ``best`` reads the first few
    claims of a field in IRI order off the index instead of sorting every claim that holds the word."""
    db.execute("CREATE TABLE claim_order (id INTEGER PRIMARY KEY, claim TEXT)")
    db.execute("INSERT INTO claim_order SELECT rowid, claim FROM search")
    db.execute("CREATE INDEX claim_order_claim ON claim_order (claim)")


def write_index(
    path: Path,
    rows: Iterable[tuple[str, str, str, str, str, str]],
    labels: dict[str, str] | None = None,
    figures: Iterable[tuple] = (),
) -> int:
    """Create the index at ``path`` from (claim IRI, text, quote, about labels joined by newlines, section
    label, id) rows and (claim IRI, value, min, max, unit text) figures; returns how many claims it holds. One
    row per claim with a column per field: FTS5 writes that about twice as fast as a row per field. ``figures``
    is read after ``rows``."""
    path = Path(path)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(
            f"CREATE VIRTUAL TABLE search USING fts5(claim UNINDEXED, {', '.join(FIELDS)}, tokenize = 'trigram')"
        )
        # each concept's labels across the corpus, a JSON list (labels may hold newlines): what a patched index
        # compares with, and reads for the changed articles' claims when no concept's labels changed
        db.execute("CREATE TABLE concept_labels (concept TEXT PRIMARY KEY, labels TEXT)")
        db.executemany("INSERT INTO concept_labels VALUES (?, ?)", sorted((labels or {}).items()))
        db.executemany(
            "INSERT INTO search VALUES (?, ?, ?, ?, ?, ?)", ((c, *(v.lower() for v in values)) for c, *values in rows)
        )
        _create_order(db)
        _create_figures(db)
        db.executemany(_FIGURES, figures)
        count = db.execute("SELECT COUNT(*) FROM search").fetchone()[0]
        db.commit()
        return count
    finally:
        db.close()


def patch_index(
    previous: Path,
    path: Path,
    stale_prefixes: list[str],
    rows,
    labels: dict[str, str] | None,
    figures: Iterable[tuple] = (),
) -> bool:
    """Copy the previous index to ``path``, drop the claims under ``stale_prefixes`` and add ``rows``. Refused
    (False, nothing written) when a concept's labels changed: that touches claims of other articles too.
    ``labels`` None: the caller knows that none changed (the previous index's are the corpus's)."""
    import shutil

    path = Path(path)
    source = sqlite3.connect(f"file:{previous}?mode=ro", uri=True)
    try:
        stored = source.execute("SELECT concept, labels FROM concept_labels")
        if labels is not None and dict(stored) != labels:
            return False
        source.execute("SELECT 1 FROM figures LIMIT 1")  # an index from before figures were kept: write it whole
        source.execute("SELECT 1 FROM claim_order LIMIT 1")  # nor the claims' order
    except sqlite3.Error:
        return False
    finally:
        source.close()
    shutil.copyfile(previous, path)
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        for prefix in stale_prefixes:
            # the claims under the prefix, by claim_order's index (it has a row for each row of search): the same
            # rows as a filter on every claim of the full-text table, which read all of them (0.04 s at 1,000
            # articles, of each edit)
            under = "claim >= ? AND claim < ? AND substr(claim, 1, ?) = ?"
            bounds = [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1), len(prefix), prefix]
            gone = db.execute(f"SELECT id FROM claim_order WHERE {under}", bounds).fetchall()
            db.executemany("DELETE FROM search WHERE rowid = ?", gone)
            db.execute(f"DELETE FROM claim_order WHERE {under}", bounds)
            db.execute("DELETE FROM figures WHERE substr(claim, 1, ?) = ?", [len(prefix), prefix])
        last = db.execute("SELECT max(rowid) FROM search").fetchone()[0] or 0
        db.executemany(
            "INSERT INTO search VALUES (?, ?, ?, ?, ?, ?)", ((c, *(v.lower() for v in values)) for c, *values in rows)
        )
        db.execute("INSERT INTO claim_order SELECT rowid, claim FROM search WHERE rowid > ?", [last])
        db.executemany(_FIGURES, figures)
        db.commit()
    finally:
        db.close()
    return True


def stored_labels(path: Path, concepts: Iterable[str]) -> dict[str, set[str]] | None:
    """The labels an index records for these concepts across the corpus (write_index's ``labels``), or None if
    it records none (an index of an older layout, or not an index)."""
    import json

    concepts = sorted(set(concepts))
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found: dict[str, set[str]] = {}
        for start in range(0, len(concepts), 500):  # SQLite's limit on a statement's parameters
            chunk = concepts[start : start + 500]
            query = f"SELECT concept, labels FROM concept_labels WHERE concept IN ({', '.join('?' * len(chunk))})"
            found.update((concept, set(json.loads(labels))) for concept, labels in db.execute(query, chunk))
        db.execute("SELECT 1 FROM concept_labels LIMIT 1")  # none asked for: still an index of this layout
        return found
    except (sqlite3.Error, ValueError):
        return None
    finally:
        db.close()


class SearchIndex:
    """The index of one build, opened read-only."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        # opened now, like the store beside it: a later build may delete both files, and an open handle
        # (`ekg serve`) keeps reading the build it started with
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            tables = {
                row[0]
                for row in self._db.execute(
                    "SELECT name FROM sqlite_master WHERE name IN ('search', 'claim_order_claim')"
                )
            }
        except sqlite3.DatabaseError as exc:  # truncated or overwritten: "file is not a database", "malformed"
            raise CacheError(f"the word index {self.path} is damaged ({exc}); run: ekg build --force") from None
        if "search" not in tables:
            raise CacheError(f"the word index {self.path} is damaged (it has no search table); run: ekg build --force")
        self._ordered = "claim_order_claim" in tables

    @staticmethod
    def _holding(word: str) -> tuple[str, list[str]]:
        """The WHERE clause and parameters for the claims whose fields may hold ``word`` (lower-cased; ?1 is the
        word itself): trigrams narrow it down; shorter words are scanned (in C)."""
        if len(word) >= 3:
            return "search MATCH ?2", [word, '"' + word.replace('"', '""') + '"']
        return " OR ".join(f"instr({f}, ?1) > 0" for f in FIELDS), [word]

    def hits(self, word: str) -> list[dict[str, str]]:
        """Claims whose fields contain ``word`` (lower-cased), as rows of claim and field."""
        word = word.lower()
        # which fields hold the word, tested by SQLite (in C) rather than by sending every field to Python: a
        # common word matches tens of thousands of claims at 10,000 articles
        flags = ", ".join(f"instr({f}, ?1) > 0" for f in FIELDS)
        where, args = self._holding(word)
        rows = self._db.execute(f"SELECT claim, {flags} FROM search WHERE {where}", args)
        return [{"claim": row[0], "field": field} for row in rows for field, found in zip(FIELDS, row[1:]) if found]

    def figures(self, numbers) -> list[dict]:
        """The statistics of claims whose value, lower or upper bound is one of ``numbers``: rows of claim,
        value, min, max and unit (the unit text, as schema:unitText has it), like kg.provenance.questions's SPARQL query."""
        numbers = sorted({float(n) for n in numbers})
        if not numbers:
            return []
        marks = ", ".join("?" * len(numbers))
        rows = self._db.execute(
            f"SELECT claim, value, min, max, unit FROM figures WHERE value IN ({marks}) OR min IN ({marks}) OR max IN ({marks})",
            numbers * 3,
        )
        return [{"claim": c, "value": v, "min": lo, "max": hi, "unit": u} for c, v, lo, hi, u in rows]

    def best(self, word: str, weights: dict[str, float], limit: int) -> tuple[list[tuple[str, float]], int]:
        """The ``limit`` claims that hold ``word`` in their best-weighted field, as (claim, weight), best first and
        then by claim IRI, and how many claims hold it: ranked and counted by SQLite, for a one-word ``ekg why``
        that a common word would otherwise answer by sending every hit (a large share of a big corpus) to Python.

        The count is the trigram index's own (counting in the ranking query, or testing each field again, cost
        several times as much): the same claims, as tests check,
        unless SQLite folds the case of some letter otherwise than Python's lower()."""
        word = word.lower()
        where, args = self._holding(word)
        rows = self._best_by_field(word, weights, limit) if len(word) >= 3 and self._ordered else None
        if rows is None:
            score = (
                "max("
                + ", ".join(f"CASE WHEN instr({f}, ?1) > 0 THEN {float(weights[f])!r} ELSE 0.0 END" for f in FIELDS)
                + ")"
            )
            rows = self._db.execute(
                f"SELECT claim, score FROM (SELECT claim, {score} AS score FROM search WHERE {where}) WHERE score > 0 "
                f"ORDER BY score DESC, claim LIMIT {int(limit)}",
                args,
            ).fetchall()
        total = self._db.execute(f"SELECT count(*) FROM search WHERE {where}", args).fetchone()[0] if rows else 0
        return rows, max(total, len(rows))

    def _best_by_field(self, word: str, weights: dict[str, float], limit: int) -> list[tuple[str, float]] | None:
        """``best``'s ranking, weight by weight: the claims holding the word in a field of the highest weight, first
        in IRI order off ``claim_order``'s index, then those holding it in a field of the next weight but none
        higher, and so on until ``limit``. Scoring every claim that holds a common word and sorting them took
        several times as long (benchmarks/README.md: `ekg why hydration`). Each claim chosen is
        scored again by substring tests, as the plain ranking scores it: None (rank the plain way) if the trigram
        index and the substring test ever disagree."""
        phrase = '"' + word.replace('"', '""') + '"'
        levels = sorted({w for w in weights.values() if w > 0}, reverse=True)
        chosen: list[tuple[str, float]] = []
        for n, level in enumerate(levels):
            if len(chosen) >= limit:
                break
            mine = [f for f in FIELDS if weights[f] == level]
            higher = [f for f in FIELDS if weights[f] in levels[:n]]
            query = (
                "SELECT id, claim FROM claim_order INDEXED BY claim_order_claim WHERE id IN "
                "(SELECT rowid FROM search WHERE search MATCH ?)"
            )
            args = ["{" + " ".join(mine) + "} : " + phrase]
            if higher:
                query += " AND id NOT IN (SELECT rowid FROM search WHERE search MATCH ?)"
                args.append("{" + " ".join(higher) + "} : " + phrase)
            found = self._db.execute(f"{query} ORDER BY claim LIMIT {int(limit - len(chosen))}", args).fetchall()
            marks = ", ".join("?" * len(found))
            for fields in self._db.execute(
                f"SELECT {', '.join(FIELDS)} FROM search WHERE rowid IN ({marks})", [i for i, _ in found]
            ):
                if max((weights[f] for f, text in zip(FIELDS, fields) if word in text), default=0.0) != level:
                    return None
            chosen.extend((claim, level) for _, claim in found)
        return chosen
