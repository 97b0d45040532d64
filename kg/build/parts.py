"""Corpus builds in parts: one article's N-Quads per file, keyed by the tool's version and its inputs' hashes,
built in parallel worker processes and reused while nothing changes; the ontology's and the shared graph's parts;
and the search index's rows."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.build import rows as audit_rows
from kg.build.quads import (
    article_rows,
    claim_iri,
    concept_iri,
    graph_iri,
    nquad_line,
    ontology_quads,
)
from kg.dataset import vocab
from kg.dataset.model import Article
from kg.iris import SHARED_GRAPH

# ---------------------------------------------------------------------------- corpus builds

#: the files of an article's part, by suffix (``build_part`` writes them)
PART_FILES = (".nq", ".shared.nq", ".search.json", ".rows", ".json")

#: Below this many articles to load, a process pool costs more than it saves.
PARALLEL_THRESHOLD = 16


def part_key(version: str, name: str, inputs: Iterable[tuple[str, str]]) -> str:
    """The cache key of one article's N-Quads: the tool's version, the folder, and its inputs' hashes."""
    import hashlib

    digest = hashlib.sha256(f"{version}\0{name}\0".encode())
    for file, sha in inputs:
        digest.update(f"{file}\0{sha}\n".encode())
    return digest.hexdigest()[:32]


def _source_fields(article: Article) -> dict[str, dict[str, str]]:
    """What the article's reference list says about each source, for the cross-article consistency check."""
    out = {}
    for ref in article.references.values():
        fields = {"title": ref.title, "year": str(ref.year or ""), "authors": "; ".join(ref.authors)}
        for name in ("journal", "volume", "number", "pages"):
            if ref.fields.get(name):
                fields[name] = ref.fields[name]
        out[ref.iri] = fields
    return out


def build_part(task: tuple[Path, str, Path]) -> dict:
    """Load and check one article folder, and write its N-Quads (``<key>.nq``) and a summary (``<key>.json``)
    to the parts folder, each atomically. Returns the summary, or an ``error`` entry (exceptions from a worker
    process are returned, not raised, so the first bad article in folder order is the one reported)."""
    import json

    from kg.dataset.loader import load_article
    from kg.util.fsutil import atomic_write_bytes

    folder, key, parts_dir = task
    try:
        article = load_article(folder)
        shared_suffix = f"<{SHARED_GRAPH}> .\n"
        emitted, quads = article_rows(article)
        lines: dict[str, None] = {}
        shared: dict[str, None] = {}
        own = []  # the quads of the lines in the article's own graph
        for line, quad in zip(emitted, quads):
            if line.endswith(shared_suffix):
                shared[line] = None
            else:
                lines[line] = None
                own.append(quad)
        # Parts are a cache: written atomically but not fsynced (an fsync per file was half the build time);
        # the summary, written last, records their sizes, and a part whose size differs is built again.
        files = {
            ".nq": "".join(lines).encode("utf-8"),
            ".shared.nq": "".join(shared).encode("utf-8"),
            ".search.json": json.dumps(search_rows(article)).encode("utf-8"),
            # the .nq part's quads as the audit reads them (kg.build.rows), so that it need not parse them
            ".rows": audit_rows.dumps(audit_rows.group(own, audit_rows.empty(), str(graph_iri(article.slug)))),
        }
        meta = {
            "slug": article.slug,
            "claims": len(article.claims),
            "quads": len(lines),
            "sources": _source_fields(article),
            "fingerprints": {ref.iri: ref.fingerprint for ref in article.references.values()},
            "labels": {str(concept_iri(cid)): c.label for cid, c in article.concepts.items()},
            "sizes": {suffix: len(data) for suffix, data in files.items()},
        }
        for suffix, data in files.items():
            atomic_write_bytes(parts_dir / f"{key}{suffix}", data, durable=False)
        atomic_write_bytes(parts_dir / f"{key}.json", json.dumps(meta, sort_keys=True).encode("utf-8"), durable=False)
        return meta
    except Exception as exc:  # noqa: BLE001 - handed back to the parent, which re-raises it
        from kg.errors import DataError, EkgError

        if not isinstance(exc, (EkgError, OSError)):  # never a traceback: say which article, and that it is ours
            exc = DataError(
                folder,
                None,
                None,
                f"could not be built ({type(exc).__name__}: {exc})",
                "if its files look right, this is a bug in evidence-kg: please report it with this article",
            )
        attrs = _picklable(vars(exc))
        if isinstance(exc, OSError):  # a full disk: errno and file name are not in vars()
            attrs["_oserror"] = (exc.errno, exc.strerror, exc.filename)
        return {"error": (type(exc).__module__, type(exc).__qualname__, str(exc), attrs)}


def _picklable(attrs: dict) -> dict:
    import pickle

    out = {}
    for name, value in attrs.items():
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001
            continue
        out[name] = value
    return out


def _reraise(error: tuple) -> None:
    """Raise, in this process, the exception a worker returned: same class, same message."""
    import importlib

    module, qualname, message, attrs = error
    if "_oserror" in attrs:
        raise OSError(*attrs["_oserror"])
    try:
        cls: Any = importlib.import_module(module)  # then the class, looked up in it
        for part in qualname.split("."):
            cls = getattr(cls, part)
        exc = cls.__new__(cls)
        Exception.__init__(exc, message)
        vars(exc).update(attrs)
    except Exception:  # noqa: BLE001 - an exception class we cannot rebuild: keep its message
        from kg.errors import EkgError

        exc = EkgError(message)
    raise exc


def worker_started() -> None:
    """Run first in each forked worker (the build's readers, the audit's): die quietly with the process that
    forked it. SIGTERM is put back to its default (the parent's handler raises), and on Linux the kernel sends it
    when the parent dies first; killed (SIGKILL) parents otherwise left workers printing BrokenPipeError tracebacks."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        pass


def build_workers() -> int:
    """Processes a build may use: EKG_BUILD_WORKERS, or every CPU this process may run on."""
    import os

    value = os.environ.get("EKG_BUILD_WORKERS", "").strip()
    if not value:
        return len(os.sched_getaffinity(0))
    try:
        return int(value)
    except ValueError:
        from kg.errors import EkgError

        raise EkgError(
            f"EKG_BUILD_WORKERS={value!r} is not a whole number (set how many processes a build may use, "
            "e.g. EKG_BUILD_WORKERS=2, or unset it to use every CPU)"
        ) from None


def build_parts(
    folders: list[Path],
    keys: list[str],
    parts_dir: Path,
    force: bool = False,
    progress=None,
    workers: int | None = None,
    ready=None,
    known: dict[int, dict] | None = None,
) -> tuple[list[dict], int]:
    """The summaries of every article's part, loading only articles whose part is missing (or all, if
    ``force``); returns them in folder order, and how many articles were loaded. ``ready(i, summary)`` is
    called in folder order, as soon as the parts of folders 0..i all exist. ``known``: summaries the caller
    already holds, by folder index (a patched build's record of its unchanged articles), taken as they are:
    neither their summary read nor their parts' sizes checked."""
    import json
    import os

    metas: list[dict | None] = [None] * len(folders)
    todo = []
    base, stat = os.path.join(parts_dir, ""), os.stat  # paths as strings: a Path per file was a fifth of this loop
    known = known or {}
    for i, key in enumerate(keys):
        if i in known:
            metas[i] = known[i]
            continue
        if not force:
            try:
                with open(base + key + ".json", "rb") as handle:
                    meta = json.loads(handle.read().decode("utf-8"))
                if all(stat(base + key + suffix).st_size == size for suffix, size in meta["sizes"].items()):
                    metas[i] = meta
                    continue
            except (OSError, ValueError, KeyError):
                pass  # missing or damaged: build the part again
        todo.append(i)
    total = len(todo)
    if progress:
        progress(0, total, "Loading articles")
    tasks = [(folders[i], keys[i], parts_dir) for i in todo]
    if workers is None:
        workers = build_workers()
    if workers > 1 and total >= PARALLEL_THRESHOLD:
        import multiprocessing

        # fork: the workers inherit the loaded modules, and start in milliseconds
        with multiprocessing.get_context("fork").Pool(min(workers, total), worker_started) as pool:
            results = pool.imap(build_part, tasks, chunksize=max(1, min(16, total // (workers * 8))))
            _collect(results, todo, metas, progress, total, ready)
    else:
        _collect(map(build_part, tasks), todo, metas, progress, total, ready)
    return metas, total  # type: ignore[return-value]


def _collect(results, todo: list[int], metas: list, progress, total: int, ready=None) -> None:
    cursor = 0  # every part before this one has been handed to ready()

    def advance() -> None:
        nonlocal cursor
        while cursor < len(metas) and metas[cursor] is not None:
            ready(cursor, metas[cursor])
            cursor += 1

    if ready:
        advance()
    for done, (i, meta) in enumerate(zip(todo, results), 1):
        if "error" in meta:
            _reraise(meta["error"])
        metas[i] = meta
        if ready:
            advance()
        if progress:
            progress(done, total, "Loading articles")


def ontology_part(key: str, parts_dir: Path) -> Path:
    """The ontology graph's N-Quads, parsed once per ontology version and kept as a part."""
    from kg.util.fsutil import atomic_write_bytes

    path = parts_dir / f"ontology-{key}.nq"
    if not path.exists():
        atomic_write_bytes(path, "".join(dict.fromkeys(nquad_line(q) for q in ontology_quads())).encode("utf-8"))
    return path


def shared_part(
    keys: list[str], parts_dir: Path, out, previous: Path | None = None, swapped: Iterable[tuple[str, str]] = ()
) -> int:
    """Write ``graph/shared``: the union of every article's statements about shared nodes, each once, sorted.
    Returns how many quads it holds.

    With ``previous`` (the last build's shared graph, when no article went since) and ``swapped`` (each changed
    article's previous part key and its new one), the previous file is copied when every changed article states
    the same shared statements as before, so the union is the same: an edit of a claim, not of a source. Reading
    every article's shared statements again was a tenth of such an edit's rebuild at 1,000 articles."""
    if previous is not None and all(
        _same_file(parts_dir / f"{a}.shared.nq", parts_dir / f"{b}.shared.nq") for a, b in swapped
    ):
        try:
            text = previous.read_bytes()
        except FileNotFoundError:
            text = None
        if text is not None:
            out.write(text)
            return text.count(b"\n")  # one quad a line, each ending with a newline
    lines: set[bytes] = set()
    for key in keys:
        with open(parts_dir / f"{key}.shared.nq", "rb") as handle:
            lines.update(handle.read().splitlines(keepends=True))
    out.write(b"".join(sorted(lines)))
    return len(lines)


def _same_file(a: Path, b: Path) -> bool:
    """Whether both files exist and hold the same bytes."""
    try:
        return a.read_bytes() == b.read_bytes()
    except FileNotFoundError:
        return False


def search_rows(article: Article) -> dict:
    """What kg.build.search indexes for this article's claims: per claim its text, quote, section label and id, and
    the concepts it is about (their labels are joined across the corpus, since articles share concepts)."""
    sections = {s.id: s.title for s in article.sections}
    claims = []
    figures = []
    for claim in article.claims:
        section = sections.get(claim.section, "") if claim.section else ""
        iri = str(claim_iri(article.slug, claim.id))
        claims.append(
            [iri, claim.text, claim.quote, section, claim.id, [str(concept_iri(concept)) for concept in claim.about]]
        )
        for stat in claim.statistics:  # as _statistic states them: numbers, and the unit's text
            figures.append([iri, stat.value, stat.min, stat.max, vocab.UNITS[stat.unit][0]])
    labels = {str(concept_iri(cid)): concept.label for cid, concept in article.concepts.items()}
    return {"claims": claims, "labels": labels, "figures": figures}


def search_index(
    metas: list[dict],
    keys: list[str],
    parts_dir: Path,
    path: Path,
    previous: Path | None = None,
    stale: Iterable[str] = (),
    labels_kept: bool = False,
) -> bool:
    """Write the word index (kg.build.search). With ``previous`` (the last build's index) and ``stale`` (slugs of the
    articles that changed or went), copy and patch it when the concept labels are unchanged; otherwise write
    it whole. Returns whether it patched. ``labels_kept``: the caller knows that every article labels its
    concepts as in the previous build (``metas`` then need no ``labels``): the changed articles' claims take
    their concepts' labels from the previous index, and no article's summary is read for them."""
    import json

    from kg.build.search import patch_index, stored_labels, write_index

    def read(key: str) -> dict:
        return json.loads((parts_dir / f"{key}.search.json").read_text(encoding="utf-8"))

    figures: list = []  # filled while rows() reads the parts, and written after them

    def rows(parts, labels: dict[str, set[str]]):
        figures.clear()
        for part in parts:
            figures.extend(map(tuple, part["figures"]))
            for claim, text, quote, section, claim_id, about in part["claims"]:
                about_labels = "\n".join(sorted({label for concept in about for label in labels.get(concept, ())}))
                yield (claim, text, quote, about_labels, section, claim_id)

    if previous is not None and previous.is_file():
        stale = set(stale)
        fresh = [key for meta, key in zip(metas, keys) if meta["slug"] in stale]
        prefixes = [str(claim_iri(slug, "")) for slug in stale]
        if labels_kept:
            parts = [read(key) for key in fresh]
            kept = stored_labels(previous, {c for part in parts for *_, about in part["claims"] for c in about})
            if kept is not None and patch_index(previous, path, prefixes, rows(parts, kept), None, figures):
                return True
            metas = _with_labels(metas, keys, parts_dir)
        labels = _labels(metas)
        if patch_index(previous, path, prefixes, rows(map(read, fresh), labels), _stored(labels), figures):
            return True
    elif labels_kept:
        metas = _with_labels(metas, keys, parts_dir)
    labels = _labels(metas)
    write_index(path, rows(map(read, keys), labels), _stored(labels), figures)
    return False


def _labels(metas: list[dict]) -> dict[str, set[str]]:
    """Each concept's labels across the articles."""
    labels: dict[str, set[str]] = {}
    for meta in metas:
        for concept, label in meta["labels"].items():
            labels.setdefault(concept, set()).add(label)
    return labels


def _stored(labels: dict[str, set[str]]) -> dict[str, str]:
    """The labels as the index records them (kg.build.search.write_index)."""
    import json

    return {concept: json.dumps(sorted(values), ensure_ascii=False) for concept, values in labels.items()}


def _with_labels(metas: list[dict], keys: list[str], parts_dir: Path) -> list[dict]:
    """The summaries, each with its ``labels`` (read from its part's summary where it has none)."""
    import json

    return [
        meta if "labels" in meta else json.loads((parts_dir / f"{key}.json").read_text(encoding="utf-8"))
        for meta, key in zip(metas, keys)
    ]
