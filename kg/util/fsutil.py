"""Files are never half-written: everything goes to a temporary file beside the target, then is renamed.
Except what cannot be replaced: a device or a named pipe (-o /dev/null, /dev/stdout, a FIFO) is written into,
and a symbolic link keeps pointing where it did (the file it points to is replaced)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def naming(path: Path) -> Iterator[None]:
    """OSErrors raised in the block without a file name (a write on an open file: a full disk) get ``path``,
    so that the one-line error says where."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


@contextmanager
def atomic_writer(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary handle on a temporary file beside ``path``, renamed to ``path`` when the block ends without an
    error and removed when it raises: for output written in pieces (an export of 10,000 articles) that must
    still appear whole or not at all. ``durable=False`` skips the fsync: still all-or-nothing under a crash of
    the process, but after a crash of the machine the file may be empty; for caches whose readers check what
    they read."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode  # through a symbolic link
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # a device, a FIFO or a socket (-o /dev/null, /dev/stdout, a named pipe): written to, never replaced
        with naming(path), open(path, "wb") as handle:
            yield handle
        return
    # a symbolic link stays a link: the file it points to is replaced
    path = Path(os.path.realpath(path))
    if path.parent.exists() and not path.parent.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(path.parent))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; give the file the mode a plain open() would (0666 less the umask)
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with naming(path), os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` whole or not at all (see ``atomic_writer``)."""
    with atomic_writer(path, durable) as handle:
        handle.write(data)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
