"""Auditing a built corpus from the N-Quads files its store was loaded from, in batches, in parallel processes.

``ekg build`` stores the audit's findings this way, and ``ekg audit`` on a local build audits this way too
(except with ``--retractions``, whose counts cross articles): parsing the parts is a few times faster than
reading the same quads back out of the store, needs no store, and bounds memory by the batch. Every rule looks
at one article at a time, with the shared graphs (sources, people, organisations, the schemes) parsed once per
process beside it, so the findings are those of one audit of the whole store; tests/test_scale_build.py checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kg.audit.facts import SHARED_GRAPH
from kg.settings import SETTINGS

#: the shared graphs' reader, parsed once in each process that audits batches
_CONTEXT = None


def audit_batches(paths: list, context_paths: list, options, finish, extra=None, progress=None, *, audit):
    """Audit the articles of these parts in batches of at most SETTINGS.audit_batch, and yield, batch by batch in order,
    ``finish(report, *extra(n))`` (called in the process that audited batch n; a module-level function whose
    result pickles) and the batch's size. ``audit(None, options, facts)`` audits one batch's facts
    (``kg.audit.report.run``, passed in: the report is the layer above this one)."""
    global _CONTEXT
    import contextlib

    from kg.build.parts import PARALLEL_THRESHOLD, build_workers

    workers = build_workers() if len(paths) >= PARALLEL_THRESHOLD else 1  # as the articles were read
    size = max(
        1, min(SETTINGS.audit_batch, -(-len(paths) // max(1, workers)))
    )  # every process gets work, none too much
    batches = [paths[start : start + size] for start in range(0, len(paths), size)] or [[]]
    if 0 < len(paths) <= SETTINGS.audit_reached_max:
        context_paths = reached(paths, context_paths)
    tasks = [(batch, options, finish, extra(n) if extra else (), audit) for n, batch in enumerate(batches)]
    done = 0
    try:
        with contextlib.ExitStack() as stack:
            results: Iterator[tuple[Any, int]]  # (what finish returned, the batch's size), in batch order
            if workers > 1 and len(batches) > 1:
                import multiprocessing

                # fork: the workers inherit the loaded modules; each parses the shared graphs once, in its own memory
                pool = stack.enter_context(
                    multiprocessing.get_context("fork").Pool(
                        min(workers, len(batches)), _start_worker, (context_paths,)
                    )
                )
                results = pool.imap(_audit_batch, tasks)
            else:
                _read_context(context_paths)
                results = map(_audit_batch, tasks)
            for result, count in results:
                done += count
                if progress:
                    progress(done, len(paths), "Auditing articles")
                yield result, count
    finally:
        _CONTEXT = None


_IRI = re.compile(rb"<([^<>]*)>")
_SHARED_SUFFIX = f"<{SHARED_GRAPH}> .\n".encode()


def reached(paths: list, context_paths: list) -> list:
    """The context files with, of the shared graph, only the statements about nodes these articles' parts reach
    (transitively: a source's venue and publisher, a person's affiliation), as N-Quads data; other graphs (the
    ontology and its schemes) whole. For an audit of a few articles of a large corpus: without it, `ekg audit
    --article` parsed the shared statements of every article in the corpus and made a fact of every source. The
    statements of nodes no article of the batch reaches are facts of nothing the rules look at."""
    from pathlib import Path

    todo: list[bytes] = []
    for path in paths:
        todo.extend(_IRI.findall(Path(path).read_bytes()))
    about: dict[bytes, list[bytes]] = {}
    kept: list[bytes] = []
    for path in context_paths:
        for line in Path(path).read_bytes().splitlines(keepends=True):
            if line.endswith(_SHARED_SUFFIX) and line.startswith(b"<"):
                about.setdefault(line[1 : line.index(b">")], []).append(line)
            else:
                kept.append(line)
    seen: set[bytes] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for line in about.get(node, ()):
            kept.append(line)
            todo.extend(_IRI.findall(line, len(node) + 2))
    return [b"".join(kept)]


def _start_worker(paths) -> None:
    """A pool worker's start: it dies with the build (kg.build.parts.worker_started), then reads the context."""
    from kg.build.parts import worker_started

    worker_started()
    _read_context(paths)


def _read_context(paths) -> None:
    """What every batch's audit needs besides its articles (sources, people, organisations, the schemes)."""
    global _CONTEXT
    from kg.audit.facts import FileReader

    _CONTEXT = FileReader(paths)
    _CONTEXT.types()


def _audit_batch(task):
    """Audit these articles' parts (with the shared graphs in _CONTEXT) and hand the report to ``finish``."""
    from kg.audit.facts import FileReader, read_facts

    paths, options, finish, extra, audit = task
    report = audit(None, options, read_facts(FileReader(paths, _CONTEXT)))
    return finish(report, *extra), len(paths)
