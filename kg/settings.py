"""The library's tuning parameters, in one object: every bound the build, the cache, the queries, the export and
the audit use, with what it trades off. Code reads them from ``SETTINGS`` when it runs (never copies them at
import), so a test or a benchmark sets one on ``SETTINGS`` (``monkeypatch.setattr(SETTINGS, name, value)``,
which refuses a name it does not have) instead of patching a module's constant.

The measurements behind each default are in ``benchmarks/README.md``; none of these changes any answer, only
how it is computed (memory, time, the number of files the store keeps).
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class Settings:
    # ---------------------------------------------------------------- the build and its cache (kg.cache)
    #: quads above which a full build compacts the new store
    compact_above: int = 4_000_000
    #: a patched build compacts its store once it holds more than this many times the files it held after its
    #: last full build or compaction (each patch adds about one file per index; no compaction happens on its own)
    compact_patched: float = 2
    #: the same bound for a build that a query command starts because an input changed: the user waits for that
    #: build's answer, so such builds compact less often; ``ekg build`` keeps ``compact_patched``
    compact_patched_auto: float = 4
    #: a load the build compacts anyway is cut into bulk loads of at most this many quads (Oxigraph's loader
    #: holds three batches of a million quads at once, so smaller loads bound the build's peak memory)
    load_chunk_quads: int = 2_000_000
    #: article folders per block of the inputs' fingerprint: blocks are digested separately (in parallel on
    #: large corpora) and combined, so the fingerprint does not depend on how many processes computed it
    freshness_block: int = 512
    # ---------------------------------------------------------------- queries (kg.sparql, kg.provenance)
    #: at most this many terms in one VALUES block (a larger block joined with a pattern makes Oxigraph 0.5 scan
    #: the block for every row of the pattern)
    values_block: int = 100
    #: write bound terms into the query text; False passes them as Oxigraph substitutions (tests check that
    #: both give the same answers)
    inline_bindings: bool = True
    #: up to this many claims, the claim listings read only theirs, in VALUES blocks; more, and the corpus's
    #: size decides (kg.provenance.listings._few)
    index_subset: int = 5000
    # ---------------------------------------------------------------- export (kg.export.rdf)
    #: an export sorts at most this many lines in memory at a time; a larger graph is sorted in runs spilled to
    #: temporary files and merged, so memory stays flat however many articles the store holds
    sort_run_lines: int = 500_000
    #: Turtle, TriG and nanopublications are written in pieces of about this many statements
    serialize_batch: int = 5_000
    # ---------------------------------------------------------------- the audit (kg.audit.batches)
    #: at most this many articles audited together by one process: memory stays bounded however large the corpus
    audit_batch: int = 500
    #: an audit of at most this many articles reads only the shared statements they reach, not the whole shared
    #: graph
    audit_reached_max: int = 50


#: The settings in use. Read at run time: ``SETTINGS.values_block``.
SETTINGS = Settings()
