"""A word index of the claims, built with the store, so that `ekg why hydration` does not scan every claim.

Oxigraph has no full-text index: the SPARQL word search (``CONTAINS(LCASE(?t), ?w)`` over five fields of
every claim) took 0.3 s per word at 100 articles and grows with the corpus. This index holds the same five
fields (the claim's text, its quote, the labels of what it is about, its section's label, its id), lower-cased,
in an SQLite FTS5 table with the trigram tokenizer (SQLite ships with Python; trigrams find substrings, as
CONTAINS does). Every hit is checked with a plain substring test, so the answer is the SPARQL query's.

Remote stores have no index and keep using SPARQL (the server does the scan).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterable


def write_index(path: Path, rows: Iterable[tuple[str, str, str]]) -> int:
    """Create the index at ``path`` from (claim IRI, field, text) rows; returns how many rows it holds."""
    path = Path(path)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("CREATE VIRTUAL TABLE search USING fts5(claim UNINDEXED, field UNINDEXED, text, tokenize = 'trigram')")
        cursor = db.executemany("INSERT INTO search VALUES (?, ?, ?)", ((c, f, t.lower()) for c, f, t in rows))
        count = db.execute("SELECT COUNT(*) FROM search").fetchone()[0]
        db.commit()
        del cursor
        return count
    finally:
        db.close()


class SearchIndex:
    """The index of one build, opened read-only."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        # opened now, like the store beside it: a later build may delete both files, and an open handle
        # (`ekg serve`) keeps reading the build it started with
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def _connect(self):
        return self._db

    def hits(self, word: str) -> list[dict[str, str]]:
        """Claims whose fields contain ``word`` (lower-cased), as rows of claim and field."""
        word = word.lower()
        db = self._connect()
        if len(word) >= 3:  # trigrams narrow it down; shorter words are scanned (in C)
            rows = db.execute("SELECT claim, field, text FROM search WHERE text MATCH ?", ['"' + word.replace('"', '""') + '"'])
        else:
            rows = db.execute("SELECT claim, field, text FROM search WHERE instr(text, ?) > 0", [word])
        return [{"claim": claim, "field": field} for claim, field, text in rows if word in text]
