"""Loading N-Quads into Oxigraph: the bulk loader fed as the articles are read, cut into loads of a bounded size,
transactions for small patches, and compaction."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import IO

from kg.errors import CacheError
from kg.settings import SETTINGS


def _store_files(path: Path) -> int:
    """How many table files a store holds (what a lookup may have to search)."""
    return sum(1 for name in os.listdir(path) if name.endswith(".sst"))


def _compact(store, progress) -> None:
    """Merge the store's files (Oxigraph's optimize), reported as a phase of the build."""
    if progress:
        progress(0, 1, "Compacting the store")
    store.optimize()
    if progress:
        progress(1, 1, "Compacting the store")


#: a full build with at least this many articles to read streams them into the bulk loader as they are read
PARALLEL_BUILD = 16


class _StreamLoader:
    """A new store bulk-loaded from a FIFO in a thread while this thread writes N-Quads into it (Oxigraph's
    bulk loader releases the GIL). If the loader fails, writing raises BrokenPipeError and ``finish`` raises the
    loader's error; ``abort`` ends the load (the caller then removes the half-built store).

    Once the quads fed exceed ``expected`` (set by the caller: how many the whole load will hold, exactly or
    estimated) above SETTINGS.compact_above, the load is cut between parts into bulk loads of at most SETTINGS.load_chunk_quads;
    ``chunks`` counts them. Between two, the FIFO is closed (the loader commits what it read) and opened again."""

    def __init__(self, path: Path, fifo: Path) -> None:
        import queue
        import threading
        import weakref

        import pyoxigraph

        self.fifo = fifo
        os.mkfifo(fifo)
        self.store = pyoxigraph.Store(str(path))
        self.error: BaseException | None = None
        self.expected = 0  # quads the whole load will hold, as far as the caller knows
        self.chunks = 1
        self.pending = 0  # quads fed to the current bulk load
        self.loaded: queue.SimpleQueue = queue.SimpleQueue()  # the thread: one item per bulk load that ended
        self.more: queue.SimpleQueue = queue.SimpleQueue()  # this thread: whether another bulk load follows
        self.out: IO[bytes] | None = None  # the FIFO's write end, open from the end of __init__ on
        # A process forked while the FIFO is open (the build's reading workers) would hold its write end, and the
        # loader would never see the end of a chunk: children get /dev/null in its place.
        ref = weakref.ref(self)

        def forget_in_child() -> None:
            loader = ref()
            if loader is not None:
                loader._forget_in_child()

        os.register_at_fork(after_in_child=forget_in_child)
        self.thread = threading.Thread(target=self._load, name="ekg-bulk-load", daemon=True)
        self.thread.start()
        self._open()

    def _open(self) -> None:
        """Open the FIFO for writing, once the loader has opened it for reading."""
        out = None
        while out is None:
            try:
                out = os.fdopen(os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK), "wb")
            except OSError:  # ENXIO: no reader yet
                if not self.thread.is_alive():
                    self.fifo.unlink(missing_ok=True)
                    raise (
                        self._failure()
                        if self.error
                        else CacheError("the store's bulk loader stopped before reading anything")
                    ) from None
                time.sleep(0.001)
        os.set_blocking(out.fileno(), True)
        self.out = out

    def _forget_in_child(self) -> None:
        if self.out is not None and not self.out.closed:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.out.fileno())
            os.close(devnull)

    def _load(self) -> None:
        import pyoxigraph

        while True:
            try:
                self.store.bulk_load(path=str(self.fifo), format=pyoxigraph.RdfFormat.N_QUADS)
            except BaseException as exc:  # noqa: BLE001 - raised again in the building thread
                self.error = exc
                self.loaded.put(False)
                return
            self.loaded.put(True)
            if not self.more.get():
                return

    def feed(self, part: Path, quads: int | None = None) -> None:
        """Stream one part (``quads`` lines, counted here if not given) to the loader."""
        if quads is None:
            with open(part, "rb") as handle:
                quads = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
        if self.pending and self.pending + quads > SETTINGS.load_chunk_quads and self.expected > SETTINGS.compact_above:
            self._end_chunk()
            self.more.put(True)
            self.chunks += 1
            self.pending = 0
            self._open()
        import shutil

        assert self.out is not None  # opened by __init__ and by _open above
        try:
            with open(part, "rb") as handle:
                shutil.copyfileobj(handle, self.out, 1 << 20)
        except BrokenPipeError:
            self.thread.join()
            raise self._failure() from None
        self.pending += quads

    def _end_chunk(self) -> None:
        """Close the FIFO and wait until the loader has committed what it read."""
        assert self.out is not None  # opened by __init__
        try:
            self.out.close()
        except BrokenPipeError:  # the loader stopped before the last bytes: its own error says why
            pass
        if not self.loaded.get():
            self.thread.join()
            self.fifo.unlink(missing_ok=True)
            raise self._failure()

    def finish(self):
        self._end_chunk()
        self.more.put(False)
        self.thread.join()
        self.fifo.unlink(missing_ok=True)
        return self.store

    def _failure(self) -> BaseException:
        if isinstance(self.error, (SyntaxError, ValueError)):
            return _load_error(self.error)
        return self.error or CacheError("the store's bulk loader stopped reading before the end")

    def abort(self) -> None:
        self.more.put(False)  # a loader between two bulk loads stops there
        try:
            if self.out is None or self.out.closed:  # or it waits for a writer: give it an empty load
                self._open()
            assert self.out is not None  # _open sets it
            self.out.close()
        except Exception:  # noqa: BLE001 - cleaning up after the error the build raises
            pass
        self.thread.join()
        self.fifo.unlink(missing_ok=True)
        del self.store


#: N-Quads files up to this size are loaded into an existing store by a transaction, larger ones by the bulk
#: loader. A bulk load adds a set of files for every later lookup to search (`ekg why` on a patched store was
#: measurably slower with bulk loads than on a fresh one); a transaction's quads are merged into one file per
#: index when flushed.
TRANSACTION_MAX_BYTES = 32 << 20


def load_into(store, path: Path) -> None:
    """Add an N-Quads file to a store that already holds data (a patched build's changed parts, its findings)."""
    import pyoxigraph

    if Path(path).stat().st_size <= TRANSACTION_MAX_BYTES:
        store.load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)  # flushed once, at the end of the build
    else:
        store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)


def _load_error(exc: Exception) -> CacheError:
    """Oxigraph's parse error on the built N-Quads as one line (they are ours: a bug if it happens)."""
    where = f"{exc.filename}: " if isinstance(exc, SyntaxError) and exc.filename else ""
    return CacheError(
        f"the built graph could not be loaded into the store ({where}{exc}); this is a bug in evidence-kg: "
        "please report it with the article that triggers it"
    )
