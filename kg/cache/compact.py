"""A patched store's compaction, out of the wait of the command that patched it.

Each patched build adds a few files to the store (about one per index), and every lookup searches them all, so
a patched build compacts its store now and then (kg.cache.store: when it holds several times the files of its last
full build or compaction). That costs seconds of CPU at 1,000 articles and about a minute at 10,000, once in tens
of edits: too long for the command whose edit happened to cross the line. So a build that a query command starts
leaves it (``Cache.build(defer_compaction=True)``), and ``compact_later`` starts a process of its own, which
compacts a copy of the published store (a checkpoint: hard links) while the commands go on with the store as it
is (``Cache.compact``, in kg.cache.store), then publishes the copy the way a build does: under the build lock,
by replacing the manifest atomically, only if the store it copied is still the current one (else a build came first, and the copy is dropped; the next
patched build asks again). Its quads are the same: only their files change.

One compaction runs at a time (``compact.lock``); a killed one leaves a ``.compact-*`` folder, which the next build
removes (kg.cache.store's ``_drop_builds``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

LOCK = "compact.lock"


def compact_later(data_dir: Path, cache_dir: Path) -> None:
    """Start ``Cache.compact`` in a process of its own, detached from this one (it outlives the command), unless one runs."""
    import subprocess

    if compaction_running(cache_dir):
        return
    code = "import sys; from kg.cache.store import compact_main; compact_main(sys.argv[1:])"
    try:
        subprocess.Popen(
            [sys.executable, "-c", code, str(data_dir), str(cache_dir)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        pass  # no process to be had: the store stays as it is, and the next patched build asks again


@contextlib.contextmanager
def compaction_lock(cache_dir: Path) -> Iterator[bool]:
    """This cache's compaction lock, held for the block if no other process holds it: yields whether it is held.
    Raises OSError if the lock file cannot be opened."""
    import fcntl

    with open(Path(cache_dir) / LOCK, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def compaction_running(cache_dir: Path) -> bool:
    """Whether a compaction of this cache holds its lock now."""
    try:
        with compaction_lock(cache_dir) as held:
            return not held
    except OSError:
        return False
