"""Auditing a built corpus from the N-Quads files its store was loaded from, in batches, in parallel processes.

``ekg build`` stores the audit's findings this way, and ``ekg audit`` on a local build audits this way too
(except with ``--retractions``, whose counts cross articles): parsing the parts is a few times faster than
reading the same quads back out of the store, needs no store, and bounds memory by the batch. Every rule looks
at one article at a time, with the shared graphs (sources, people, organisations, the schemes) parsed once per
process beside it, so the findings are those of one audit of the whole store; tests/test_scale_build.py checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial
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
    kept: list[bytes] = []
    lookups: list[Callable[[bytes], Sequence[bytes]]] = []  # each context file's statements about a node, in order
    for path in context_paths:
        data = Path(path).read_bytes()
        lines = data.splitlines(keepends=True)
        if _sorted_shared(data, lines):
            lookups.append(partial(_sorted_about, lines))
            continue
        about: dict[bytes, list[bytes]] = {}
        for line in lines:
            if line.endswith(_SHARED_SUFFIX) and line.startswith(b"<"):
                about.setdefault(line[1 : line.index(b">")], []).append(line)
            else:
                kept.append(line)
        lookups.append(partial(_about, about))
    seen: set[bytes] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for lookup in lookups:
            for line in lookup(node):
                kept.append(line)
                todo.extend(_IRI.findall(line, len(node) + 2))
    return [b"".join(kept)]


def _sorted_shared(data: bytes, lines: list[bytes]) -> bool:
    """Whether every line is a shared-graph statement about a named node, and the lines are sorted (the shared
    graph's file, as kg.build.parts.shared_part writes it): a node's statements are then one run of lines, found
    by bisection, instead of every line being filed under its subject first (at 1,000 articles, 0.09 -> 0.04 s of
    CPU of an edit's audit of its article)."""
    # sorted, the lines start with "<" if the first and the last do
    return (
        (not lines or lines[0].startswith(b"<") and lines[-1].startswith(b"<"))
        and data.count(_SHARED_SUFFIX) == len(lines)
        and lines == sorted(lines)
    )


def _about(about: dict[bytes, list[bytes]], node: bytes) -> Sequence[bytes]:
    return about.get(node, ())


def _sorted_about(lines: list[bytes], node: bytes) -> list[bytes]:
    """The lines about ``node`` (``<node> …``) of sorted lines, in their order."""
    from bisect import bisect_left

    prefix = b"<" + node + b"> "
    start = end = bisect_left(lines, prefix)
    while end < len(lines) and lines[end].startswith(prefix):
        end += 1
    return lines[start:end]


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
