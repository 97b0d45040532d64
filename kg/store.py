"""The build cache: the built graph in an on-disk Oxigraph store, plus a manifest of the inputs.

Layout of a cache folder::

    manifest.json       which store is current, and the size/mtime/sha256 of every input it was built from
    store-<id>/         an Oxigraph (RocksDB) store holding one named graph per article, plus the ontology
    build.lock          taken while a build runs

A build writes a new ``store-<id>`` folder, then replaces ``manifest.json`` atomically: a build that fails
or is killed leaves the previous store and manifest untouched. Query commands open the current store
read-only and never parse YAML or BibTeX; they check the inputs' sizes and mtimes (hashing only files whose
stat changed) and rebuild first if anything changed.

This module must stay cheap to import: ``ekg why`` runs through it, and must not load rdflib.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import CacheError, MissingData

MANIFEST = "manifest.json"

#: Functions ("module:function") run on the new store after the curated graph is loaded and before it is
#: published, each called as ``hook(store, corpus)``; they may add quads (e.g. the audit's findings).
POST_BUILD_HOOKS: list[str] = ["kg.audit.graph:store_findings"]
CACHE_FORMAT = 1
ARTICLE_FILES = ("article.yaml", "claims.yaml", "references.bib", "article.txt")


def bundled_data_dir() -> Path:
    """The data folder shipped with the package."""
    from importlib.resources import files

    return Path(str(files("kg.data")))


def _package_version() -> str:
    from kg import version

    return version()


def default_cache_dir(data_dir: Path) -> Path:
    """Where the cache of a data folder lives.

    ``$EKG_CACHE_DIR/<hash of the data path>`` if set; the user cache folder for the bundled data (never
    inside an installed package); otherwise ``<data>/.ekg-cache``, beside the data it was built from.
    """
    data_dir = Path(data_dir).resolve()
    key = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    env = os.environ.get("EKG_CACHE_DIR")
    if env:
        return Path(env) / key
    if data_dir == bundled_data_dir().resolve() or not os.access(data_dir, os.W_OK):
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return base / "evidence-kg" / key
    return data_dir / ".ekg-cache"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _ontology_files() -> list[Path]:
    from importlib.resources import files

    base = Path(str(files("kg.ontology")))
    return sorted(base.glob("*.ttl"))


def _input_files(data_dir: Path) -> dict[str, Path]:
    """Every file the graph depends on, keyed by a stable name."""
    from kg.paths import article_dirs

    found: dict[str, Path] = {}
    for folder in article_dirs(data_dir):
        for name in ARTICLE_FILES:
            path = folder / name
            if path.exists():
                found[f"articles/{folder.name}/{name}"] = path
    for path in _ontology_files():
        found[f"ontology/{path.name}"] = path
    return found


@dataclass
class BuildSummary:
    articles: int
    claims: int
    triples: int
    seconds: float
    cache: Path
    rebuilt: bool
    per_article: dict[str, dict[str, int]] = field(default_factory=dict)


class Cache:
    """The build cache of one data folder."""

    def __init__(self, data_dir: Path | None = None, cache_dir: Path | None = None, notice=None) -> None:
        #: called with a one-line message when a command has to (re)build the graph first
        self.notice = notice
        self.data_dir = Path(data_dir) if data_dir else bundled_data_dir()
        if not self.data_dir.is_dir():
            raise MissingData(self.data_dir, None, None, "data folder not found", "pass --data DIR with a folder that holds articles/<slug>/")
        self.dir = Path(cache_dir) if cache_dir else default_cache_dir(self.data_dir)

    # ------------------------------------------------------------------ manifest

    def manifest(self) -> dict | None:
        try:
            return json.loads((self.dir / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None  # unreadable: treated as no cache, rebuilt

    def _state(self, previous: dict | None) -> dict[str, list]:
        """size, mtime_ns and sha256 of each input; hashes reused where size and mtime are unchanged."""
        old = (previous or {}).get("files", {})
        state = {}
        for name, path in _input_files(self.data_dir).items():
            st = path.stat()
            before = old.get(name)
            if before and before[0] == st.st_size and before[1] == st.st_mtime_ns:
                state[name] = before
            else:
                state[name] = [st.st_size, st.st_mtime_ns, _sha256(path)]
        return state

    def is_fresh(self) -> bool:
        manifest = self.manifest()
        if not manifest or manifest.get("format") != CACHE_FORMAT or manifest.get("version") != _package_version():
            return False
        if not (self.dir / manifest.get("store", "-")).is_dir():
            return False
        state = self._state(manifest)
        old = manifest.get("files", {})
        return state.keys() == old.keys() and all(state[k][2] == old[k][2] for k in state)

    # ------------------------------------------------------------------ build

    def build(self, force: bool = False, progress=None) -> BuildSummary:
        """Build the store from the curated files, unless it is up to date (or ``force``)."""
        started = time.perf_counter()
        self.dir.mkdir(parents=True, exist_ok=True)
        with _Lock(self.dir / "build.lock"):
            manifest = self.manifest()
            if not force and self.is_fresh():
                return BuildSummary(
                    articles=len(manifest.get("articles", {})),
                    claims=sum(a["claims"] for a in manifest.get("articles", {}).values()),
                    triples=manifest.get("triples", 0),
                    seconds=time.perf_counter() - started,
                    cache=self.dir,
                    rebuilt=False,
                    per_article=manifest.get("articles", {}),
                )
            state = self._state(manifest)
            summary = self._build(state, progress)
            summary.seconds = time.perf_counter() - started
            return summary

    def _build(self, state: dict, progress) -> BuildSummary:
        import pyoxigraph

        from kg.build import article_quads, nquad_line, ontology_quads
        from kg.loader import load_corpus

        corpus = load_corpus(self.data_dir, progress=progress)  # raises before anything is written
        name = f"store-{uuid.uuid4().hex[:12]}"
        path = self.dir / name
        per_article: dict[str, dict[str, int]] = {}
        lines: list[str] = [nquad_line(q) for q in ontology_quads()]
        for article in corpus.articles:
            quads = article_quads(article)
            lines.extend(nquad_line(q) for q in quads)
            per_article[article.slug] = {"claims": len(article.claims), "quads": len(quads)}
        try:
            store = pyoxigraph.Store(str(path))
            store.bulk_load("".join(lines).encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS)
            for hook in POST_BUILD_HOOKS:
                module, _, function = hook.partition(":")
                getattr(importlib.import_module(module), function)(store, corpus)
            store.flush()
            triples = len(store)
            del store
            manifest = {
                "format": CACHE_FORMAT,
                "version": _package_version(),
                "store": name,
                "data": str(self.data_dir.resolve()),
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "triples": triples,
                "articles": per_article,
                "files": state,
            }
            from kg.fsutil import atomic_write_text

            atomic_write_text(self.dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        for old in self.dir.glob("store-*"):
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)
        return BuildSummary(
            articles=len(corpus.articles),
            claims=sum(a["claims"] for a in per_article.values()),
            triples=triples,
            seconds=0.0,
            cache=self.dir,
            rebuilt=True,
            per_article=per_article,
        )

    # ------------------------------------------------------------------ read

    def store_path(self, auto_build: bool = True, progress=None) -> Path:
        """The current store's folder, building it first if the inputs changed."""
        if not self.is_fresh():
            if not auto_build:
                raise CacheError(f"the graph of {self.data_dir} is not built or out of date (run: ekg build --data {self.data_dir})")
            from kg.paths import article_dirs

            article_dirs(self.data_dir)  # a missing or empty data folder is an error, not a build
            if self.notice:
                self.notice("Building the graph first (no build yet, or an input changed)…")
            summary = self.build(progress=progress)
            if self.notice and summary.rebuilt:
                self.notice(f"Built {summary.articles} article(s), {summary.claims} claims, {summary.triples} triples ({summary.seconds:.2f} s)")
        manifest = self.manifest()
        if not manifest:
            raise CacheError(f"no build cache in {self.dir} (run: ekg build)")
        return self.dir / manifest["store"]

    def open(self, auto_build: bool = True, progress=None):
        """The current store, read-only."""
        import pyoxigraph

        path = self.store_path(auto_build, progress)
        try:
            return pyoxigraph.Store.read_only(str(path))
        except OSError as exc:
            raise CacheError(f"cannot open the store in {path}: {exc} (run: ekg build --force)")


class _Lock:
    """An exclusive advisory lock on a file, so two builds never interleave."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = None

    def __enter__(self):
        import fcntl

        self.handle = open(self.path, "a+")
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
