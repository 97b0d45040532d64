"""Whether a build's inputs changed: every command checks the article folders' files by their size, mtime, ctime
and inode (hashing only a file whose stat changed) against the manifest, in blocks so that a changed block is
found without reading every record. Cheap to import: ``ekg why`` runs through it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from stat import S_ISLNK, S_ISREG

from kg.cache.location import _ontology_files
from kg.dataset.paths import ARTICLE_FILES, package_dir
from kg.settings import SETTINGS


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _article_folders(data_dir: Path) -> list[Path]:
    """The article folders, as kg.dataset.paths.article_dirs finds them, with one directory read and no stat per
    folder beyond article.yaml's (the freshness check runs on every command, at 10,000 articles too)."""
    from kg.dataset.paths import article_dirs

    data_dir = Path(data_dir)
    if (data_dir / "article.yaml").is_file() or not (data_dir / "articles").is_dir():
        return article_dirs(data_dir)  # one article, or the error that says what is missing
    with os.scandir(data_dir / "articles") as entries:
        # sorted as text, then made Paths: siblings sort as their names, as Paths would, without comparing two
        # Paths' parts about 12 times per folder (a tenth of a second at 3,000 articles, twice per edit)
        return [Path(path) for path in sorted(e.path for e in entries if e.is_dir())]


def _regular(path: str, st: os.stat_result) -> None:
    """An input must be a regular file: a folder cannot be read, and a device (/dev/zero) or a named pipe would be
    read for ever (hashed, then loaded)."""
    import stat

    if not stat.S_ISREG(st.st_mode):
        from kg.errors import DataError

        raise DataError(path, None, None, "is not a regular file", "make it a plain text file, or a link to one")


def _scan(
    data_dir: Path, unchanged: set[str] | frozenset[str] = frozenset(), records: dict | None = None
) -> dict[str, tuple[int, int, int, int]]:
    """size, mtime_ns, ctime_ns and inode (_stat_key) of every input file, keyed by a stable name; article folders
    without an article.yaml are not articles and are left out (as kg.dataset.paths.article_dirs does).

    A file must not lead outside the data folder (kg.dataset.paths.check_inside, before the build hashes and reads it).
    That check resolves the whole path (a realpath: several lstat calls), so it is made only where a link is
    involved: a file that is a link, or any file of a folder that is one (or under an articles/ that is one).
    A regular file in a real folder of a real articles/ is inside by construction. Resolving every file was a
    large share of a patched build (profiled), for two scans.

    ``unchanged``: article folders whose files have, by the fingerprint's blocks (``unchanged_folders``), the
    stats that ``records`` (a build's record of inputs: [size, mtime, sha256, ctime, inode]) holds: taken from it,
    not looked up again."""
    from kg.dataset.paths import check_inside

    records = records or {}
    found: dict[str, tuple[int, int, int, int]] = {}
    lstat, stat = os.lstat, os.stat
    articles_linked = os.path.islink(Path(data_dir) / "articles")
    for folder in _article_folders(data_dir):
        prefix = f"articles/{folder.name}/"
        if folder.name in unchanged:
            kept = [(prefix + name, records.get(prefix + name)) for name in ARTICLE_FILES]
            # (a folder the record lacks, or holds in an older shape, is looked at as any other)
            if kept[0][1] is not None and all(record is None or len(record) == 5 for _, record in kept):
                for name, record in kept:
                    if record is not None:
                        found[name] = (record[0], record[1], record[3], record[4])
                continue
        base = str(folder) + os.sep
        linked = articles_linked or folder.is_symlink()
        for i, name in enumerate(ARTICLE_FILES):
            path = base + name
            try:
                st = lstat(path)
                if S_ISLNK(st.st_mode):
                    st, link = stat(path), True
                else:
                    link = linked
            except FileNotFoundError:
                if i == 0:
                    break  # no article.yaml: not an article
                continue
            _regular(path, st)
            if link:
                check_inside(path, data_dir)
            found[prefix + name] = _stat_key(st)
    for ontology_file in _ontology_files():
        found[f"ontology/{ontology_file.name}"] = _stat_key(ontology_file.stat())
    if not any(name.startswith("articles/") for name in found):
        from kg.dataset.paths import article_dirs

        article_dirs(data_dir)  # raises the precise "no article folders" error
    return found


#: a missing file's stand-in in the fingerprint, and the 63 bits a number too large for it is folded to
_MISSING = (-1, -1, -1, -1)
_MASK = (1 << 63) - 1


def _stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """What says that a file changed: its size, mtime, ctime and inode. The ctime is there because the mtime
    can be set back (``touch -d``, ``cp -p``, an editor that keeps it): a file edited in place to the same size
    with its mtime restored is otherwise taken for unchanged. No program can set a ctime: any write or change
    of metadata moves it to the present."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _same_stat(record: list, key: tuple[int, int, int, int]) -> bool:
    """Whether a file's record in a build's inputs ([size, mtime, sha256, ctime, inode]) has these stats; a record
    of an older build, without ctime and inode, never has (the file is hashed once more)."""
    return len(record) == 5 and (record[0], record[1], record[3], record[4]) == key


def _block_digest(fd: int, names: list[str], where: str, data_dir: Path) -> bytes:
    """Size, mtime, ctime and inode of every input file of these article folders (``fd``: the open articles
    folder, ``where`` its path). A file that is a symbolic link must lead inside the data folder
    (kg.dataset.paths.check_inside): checked here, on every command, so that a graph built from a link that now leads
    outside is not used either; the lstat that finds links is the one stat a file costs, and only links cost more.

    The numbers go into an array of 64-bit integers whose bytes are hashed: a list of tuples turned into text
    (repr) cost as much again as the stats, the array a small fraction of that."""
    from array import array

    numbers = array("q")
    try:
        _block_numbers(fd, names, where, data_dir, numbers.extend, False)
    except OverflowError:  # a time past 2262 or an inode past 2**63: the slow path, each number folded to 63 bits
        numbers = array("q")
        _block_numbers(fd, names, where, data_dir, numbers.extend, True)
    digest = hashlib.blake2b("\0".join(names).encode("utf-8", "surrogateescape"), digest_size=16)
    digest.update(numbers.tobytes())
    return digest.digest()


def _block_numbers(fd: int, names: list[str], where: str, data_dir: Path, extend, fold: bool) -> None:
    from kg.dataset.paths import check_inside

    lstat, stat, is_link, is_regular, missing = os.lstat, os.stat, S_ISLNK, S_ISREG, _MISSING
    for name in names:
        for file in ARTICLE_FILES:
            path = f"{name}/{file}"
            try:  # relative to the open folder: the kernel resolves two path components, not the whole path
                st = lstat(path, dir_fd=fd)
                if is_link(st.st_mode):
                    st = stat(path, dir_fd=fd)
                    if is_regular(st.st_mode):  # a link to a device or a pipe: the build says it is not a file
                        check_inside(f"{where}/{path}", data_dir)
            except OSError:  # missing, or not a folder at all
                extend(missing)
                continue
            if fold:
                extend([v & _MASK for v in _stat_key(st)])
            else:
                extend((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))


def _block_digests(fd: int, blocks: list[list[str]], where: str, data_dir: Path) -> list[bytes]:
    """The digests of ``blocks``: with more than one block and a second CPU, a forked child stats the second
    half while this process stats the first (the stats are system calls: threads would queue on the GIL)."""
    if len(blocks) < 2 or len(os.sched_getaffinity(0)) < 2:
        return [_block_digest(fd, block, where, data_dir) for block in blocks]
    half = (len(blocks) + 1) // 2
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return [_block_digest(fd, block, where, data_dir) for block in blocks]
    if pid == 0:  # the child: digest the second half, hand the bytes over, leave without any cleanup
        try:
            os.close(read_end)
            data = b"".join(_block_digest(fd, block, where, data_dir) for block in blocks[half:])
            while data:
                data = data[os.write(write_end, data) :]
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        mine = [_block_digest(fd, block, where, data_dir) for block in blocks[:half]]
        received = b""
        while chunk := os.read(read_end, 65536):
            received += chunk
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    theirs = [received[i : i + 16] for i in range(0, len(received), 16)]
    if len(theirs) != len(blocks) - half:  # the child failed (or found a link leading outside): do its share here
        theirs = [_block_digest(fd, block, where, data_dir) for block in blocks[half:]]
    return mine + theirs


def unchanged_folders(blocks: list[tuple[list[str], bytes]], recorded) -> set[str]:
    """The names in the blocks of this fingerprint (``_fingerprint``'s ``blocks``) whose digest is the one a build
    recorded for the block at that place (its manifest's ``blocks``): their files have the stats that build's
    record holds (the digest covers the names and every stat; the record was made after that fingerprint)."""
    if not isinstance(recorded, list):
        return set()
    return {
        name
        for i, (names, digest) in enumerate(blocks)
        if i < len(recorded) and recorded[i] == digest.hex()
        for name in names
    }


def _fingerprint(data_dir: Path, blocks: list[tuple[list[str], bytes]] | None = None) -> str:
    """One digest of the size, mtime, ctime and inode of every input file (and of which are missing).

    This runs on every command, so it is the cheap form of ``_scan``: one directory listing and one stat per
    file, nothing else. A file edited in place changes its mtime and ctime but not its folder's, so a check on
    folders alone would miss it: every file is looked at, five lookups an article (four files and an absent
    reviewed.yaml). On a large corpus the system calls alone take a noticeable share of a command (measured in
    C), so large corpora are done in two processes (_block_digests); benchmarks/README.md has the check's cost.
    ``blocks``, if given, receives each block of article folder names with its digest.
    """
    data_dir = Path(data_dir)
    articles = data_dir / "articles"
    parts: list[bytes] = []
    if (data_dir / "article.yaml").is_file() or not articles.is_dir():
        fd = os.open(data_dir, os.O_RDONLY | os.O_DIRECTORY)
        try:
            parts.append(_block_digest(fd, ["."], str(data_dir), data_dir))
        finally:
            os.close(fd)
    else:
        fd = os.open(articles, os.O_RDONLY | os.O_DIRECTORY)
        try:
            with os.scandir(fd) as entries:  # the entries' types come with the listing: no stat to find links
                names, linked = [], []
                for entry in entries:
                    names.append(entry.name)
                    if entry.is_symlink():
                        linked.append(entry.name)
            names.sort()
            if linked:  # an article folder that is a link must lead inside the data folder too
                from kg.dataset.paths import check_inside

                for name in sorted(linked):
                    check_inside(articles / name / "article.yaml", data_dir)
            chunks = [names[i : i + SETTINGS.freshness_block] for i in range(0, len(names), SETTINGS.freshness_block)]
            digests = _block_digests(fd, chunks, str(articles), data_dir)
            parts.extend(digests)
            if blocks is not None:
                blocks.extend(zip(chunks, digests))
        finally:
            os.close(fd)
    ontology = [(path.name, _stat_key(path.stat())) for path in _ontology_files()]
    parts.append(repr(ontology).encode())
    return hashlib.blake2b(b"".join(parts), digest_size=16).hexdigest()


def _path_of(data_dir: Path, name: str) -> Path:
    """The file behind a stable input name."""
    if name.startswith("ontology/"):
        return package_dir("kg.ontology") / name.removeprefix("ontology/")
    _, folder, file = name.split("/", 2)
    data_dir = Path(data_dir)
    if (data_dir / "article.yaml").is_file() and not (data_dir / "articles").is_dir():
        return data_dir / file
    return data_dir / "articles" / folder / file
