"""The build cache: the built graph in an on-disk Oxigraph store, plus a manifest of the inputs.

Layout of a cache folder::

    manifest.json       which store is current, and a fingerprint of the inputs' stats
    inputs-<id>.json    the size/mtime/ctime/inode/sha256 of every input the store was built from
    store-<id>/         an Oxigraph (RocksDB) store holding one named graph per article, plus the ontology
    build.lock          taken while a build runs

A build writes a new ``store-<id>`` folder, then replaces ``manifest.json`` atomically: a build that fails
or is killed leaves the previous store and manifest untouched. Query commands open the current store
read-only and never parse YAML or BibTeX; they check the inputs (kg.cache.freshness) and rebuild first if
anything changed.

This module must stay cheap to import: ``ekg why`` runs through it, and must not load rdflib.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from kg.build.hooks import BuildContext, Hook, Reaudit
from kg.build.load import (
    PARALLEL_BUILD,
    _compact,
    _load_error,
    _store_files,
    _StreamLoader,
)
from kg.cache.freshness import (
    _fingerprint,
    _path_of,
    _same_stat,
    _scan,
    _sha256,
    unchanged_folders,
)
from kg.cache.location import _package_version, default_cache_dir
from kg.cache.plan import CACHE_FORMAT, plan_build
from kg.dataset.paths import bundled_data_dir
from kg.errors import CacheError, EkgError, MissingData
from kg.settings import SETTINGS

if TYPE_CHECKING:
    from kg.build.search import SearchIndex

MANIFEST = "manifest.json"


#: the manifest's fields that name files in the cache
_MANIFEST_FILES = ("store", "inputs", "search", "shared", "ontology")


@dataclass
class BuildSummary:
    articles: int
    claims: int
    triples: int
    seconds: float
    cache: Path
    rebuilt: bool
    per_article: dict[str, dict[str, int]] = field(default_factory=dict)
    articles_rebuilt: int = 0
    articles_reused: int = 0
    warnings: list[str] = field(default_factory=list)
    patched: bool = False  # the previous store was copied and patched, not loaded again from every part
    compacted: bool = False  # a patched store was compacted (SETTINGS.compact_patched)
    compaction_due: bool = False  # a patched store is due a compaction that the build left to kg.cache.compact

    @property
    def triples_per_second(self) -> float:
        return self.triples / self.seconds if self.seconds else 0.0


def post_build_hooks() -> list[Hook]:
    """The hooks every build runs on its new store before publishing it (kg.build.hooks): the audit's stored
    findings. ``Cache.hooks = False`` (``ekg build --no-audit``) runs none."""
    from kg.audit.graph import FINDINGS_HOOK

    return [FINDINGS_HOOK]


class Cache:
    """The build cache of one data folder.

    ``check=False`` trusts the last build and skips the freshness check (one stat per input file) that every
    command otherwise makes; ``progress`` is called as ``progress(done, total, phase)`` by builds that
    commands trigger.
    """

    def __init__(
        self,
        data_dir: Path | None = None,
        cache_dir: Path | None = None,
        check: bool = True,
        progress=None,
        notice=None,
    ) -> None:
        #: called with a one-line message when a command has to (re)build the graph first
        self.notice = notice
        self.data_dir = Path(data_dir) if data_dir else bundled_data_dir()
        if not self.data_dir.is_dir():
            raise MissingData(
                self.data_dir,
                None,
                None,
                "data folder not found",
                "pass --data DIR with a folder that holds articles/<slug>/",
            )
        self.dir = Path(cache_dir) if cache_dir else default_cache_dir(self.data_dir)
        self.check = check
        self.progress = progress
        #: run the post-build hooks (the audit's stored findings); ``ekg build --no-audit`` turns them off for corpora
        #: so large that auditing at every build costs more than it gives
        self.hooks = True
        #: (fingerprint, _scan) of the last stale freshness check, for the build that follows it
        self._scanned: tuple[str, dict, set[str]] | None = None
        #: the blocks of the fingerprint the last check computed (kg.cache.freshness._fingerprint's ``blocks``)
        self._checked_blocks: list[tuple[list[str], bytes]] = []
        #: the last stale check's verdict, by (fingerprint of the inputs, the manifest's fingerprint and inputs file):
        #: the check a build repeats under its lock is one fingerprint when nothing changed since
        self._stale: tuple | None = None
        #: the fingerprint the last check computed (None if it computed none): a build uses its lock's check's
        self._checked_at: str | None = None
        #: the last build record read (its file's name, its content): a build that follows a stale check reads it
        #: once, not twice (each build writes its record under a new name, and never again)
        self._read_inputs: tuple[str, dict] | None = None

    # ------------------------------------------------------------------ manifest

    def manifest(self) -> dict | None:
        try:
            manifest = json.loads((self.dir / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None  # unreadable: treated as no cache, rebuilt
        # damaged (valid JSON of another shape): treated the same
        if not isinstance(manifest, dict) or not all(
            isinstance(manifest.get(name, ""), str) for name in _MANIFEST_FILES
        ):
            return None
        return manifest

    def _inputs(self, manifest: dict | None) -> dict:
        """The per-file and per-article record of the build a manifest names (read only when needed)."""
        if not manifest or not manifest.get("inputs"):
            return {}
        if self._read_inputs and self._read_inputs[0] == manifest["inputs"]:
            return self._read_inputs[1]
        try:
            inputs = json.loads((self.dir / manifest["inputs"]).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(inputs, dict) or not all(
            isinstance(inputs.get(name, {}), dict) for name in ("files", "articles")
        ):
            return {}  # damaged: as if missing (the next build loads every article again)
        self._read_inputs = (manifest["inputs"], inputs)
        return inputs

    def _usable(self, manifest: dict | None) -> TypeGuard[dict]:
        return bool(
            manifest
            and manifest.get("format") == CACHE_FORMAT
            and manifest.get("version") == _package_version()
            and (self.dir / manifest.get("store", "-")).is_dir()
        )

    def is_fresh(self) -> bool:
        """Whether the current store was built from the inputs as they are now.

        One stat per input file, compared as a single fingerprint with the build's; only if that differs are
        the changed files hashed (so touching a file without changing it keeps the cache)."""
        manifest = self.manifest()
        self._checked_at = None
        if not self._usable(manifest):
            return False
        blocks: list[tuple[list[str], bytes]] = []
        fingerprint = self._checked_at = _fingerprint(self.data_dir, blocks)
        self._checked_blocks = blocks
        if fingerprint == manifest.get("fingerprint"):
            return True
        checked = (fingerprint, manifest.get("fingerprint"), manifest.get("inputs"))
        if checked == self._stale:  # the same files and the same build as a check that found them changed
            return False
        old = self._inputs(manifest).get("files", {})
        # only the article folders of the fingerprint's blocks that changed since the build are looked at again (at
        # 3,000 articles, one block of 512 folders instead of every one)
        unchanged = unchanged_folders(blocks, manifest.get("blocks"))
        scan = _scan(self.data_dir, unchanged, old)
        # the build that follows a stale check reuses it (same stats: same scan)
        self._scanned = (fingerprint, scan, unchanged)
        if scan.keys() != old.keys() or any(
            not _same_stat(old[name], key) and _sha256(_path_of(self.data_dir, name)) != old[name][2]
            for name, key in scan.items()
        ):
            self._stale = checked
            return False
        self._remember_fingerprint(fingerprint)
        return True

    def _remember_fingerprint(self, fingerprint: str) -> None:
        """Files were touched but not changed: record their new stats so the next check is one compare again."""
        import fcntl

        try:
            with open(self.dir / "build.lock", "a+") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a build is running: leave it alone
                manifest = self.manifest()
                if manifest:
                    manifest["fingerprint"] = fingerprint
                    # the record keeps the files' old stats: the blocks no longer tell which of them are current
                    manifest.pop("blocks", None)
                    from kg.util.fsutil import atomic_write_text

                    atomic_write_text(self.dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        except OSError:
            pass

    # ------------------------------------------------------------------ build

    def build(
        self,
        force: bool = False,
        progress=None,
        compact_above: float | None = None,
        defer_compaction: bool = False,
        after_check: bool = False,
    ) -> BuildSummary:
        """Build the store from the curated files, unless it is up to date (or ``force``).

        ``compact_above``: a patched build compacts the store once it holds more than this many times the files
        of its last full build or compaction (default SETTINGS.compact_patched); with ``defer_compaction`` it only
        says so (``compaction_due``), and kg.cache.compact compacts a copy later. ``after_check``: this build
        follows at once a check (``is_fresh``) that found the inputs changed; if the manifest is still the one it
        checked against, the build takes that check's fingerprint and scan instead of checking again under its lock
        (a fingerprint stats every input file: at 10,000 articles a third of a second). A file edited since that
        check is then seen by the next command, as one edited just after the build.

        Articles whose inputs are unchanged since an earlier build reuse their cached N-Quads; the others
        are loaded and checked (in parallel when there are many). The new store is published by replacing
        the manifest atomically: a failed or killed build leaves the previous store as it was.
        """
        started = time.perf_counter()
        progress = progress or self.progress
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            with _Lock(self.dir / "build.lock"):
                manifest = self.manifest()
                stale = self._stale
                # no build came between this build and the check it follows: that check's fingerprint, blocks and
                # scan stand
                checked = bool(
                    after_check
                    and not force
                    and manifest is not None
                    and stale is not None
                    and stale[1:] == (manifest.get("fingerprint"), manifest.get("inputs"))
                    and self._checked_at == stale[0]
                )
                if not checked:
                    self._checked_at = None
                if not checked and not force and manifest is not None and self.is_fresh():  # (no manifest: never fresh)
                    self._collect_leftovers(manifest)
                    return BuildSummary(
                        articles=manifest.get("articles", 0),
                        claims=manifest.get("claims", 0),
                        triples=manifest.get("triples", 0),
                        seconds=time.perf_counter() - started,
                        cache=self.dir,
                        rebuilt=False,
                        articles_reused=manifest.get("articles", 0),
                    )
                summary = self._build(
                    manifest,
                    force,
                    progress,
                    SETTINGS.compact_patched if compact_above is None else compact_above,
                    self._checked_at,
                    defer_compaction,
                )
        except (
            OSError
        ) as exc:  # a full disk, a quota, a cache folder that cannot be made: a half-built store is removed
            raise _io_error(exc, self.dir, self.data_dir) from None
        summary.seconds = time.perf_counter() - started
        return summary

    def _build(
        self,
        manifest: dict | None,
        force: bool,
        progress,
        compact_above: float,
        checked_at: str | None = None,
        defer_compaction: bool = False,
    ) -> BuildSummary:
        """Build the store; ``checked_at``: the inputs' fingerprint computed by the check under this build's lock
        (before any file is read, as this one would be), if it made one."""
        import errno
        import shutil
        import sqlite3

        import pyoxigraph

        from kg.build.parts import PART_FILES, build_parts, search_index, shared_part
        from kg.build.quads import graph_iri
        from kg.util.fsutil import naming

        # before reading: a file changed meanwhile is seen next time
        blocks = self._checked_blocks
        if not checked_at:
            blocks = []
            checked_at = _fingerprint(self.data_dir, blocks)
        fingerprint = checked_at
        scanned, self._scanned = self._scanned, None
        scan, unchanged = (
            (scanned[1], scanned[2]) if scanned and scanned[0] == fingerprint else (_scan(self.data_dir), set())
        )
        # the previous build's manifest, {} if there is none this build can reuse parts of
        built: dict = manifest if self._usable(manifest) else {}
        previous_shared = self.dir / built["shared"] if built.get("shared") else None
        parts_dir = self.dir / "parts"
        parts_dir.mkdir(exist_ok=True)
        previous_inputs = self._inputs(built)
        plan = plan_build(
            self.data_dir, parts_dir, previous_inputs, built.get("ontology"), previous_shared, scan, force, unchanged
        )
        files, folders, keys = plan.files, plan.folders, plan.keys
        ontology, slugs, article_parts = plan.ontology, plan.slugs, plan.article_parts
        changed, removed, patch = plan.changed, plan.removed, plan.patch

        import uuid

        build_id = uuid.uuid4().hex[:12]
        name = f"store-{build_id}"
        path = self.dir / name
        staging = self.dir / f".load-{build_id}.nq"
        shared_file = self.dir / f"shared-{build_id}.nq"
        # Otherwise the new store is bulk-loaded from a FIFO, in a thread (Oxigraph's bulk loader releases the GIL).
        # With no hook to run before the load (--no-audit), each part is streamed to it as soon as it and those
        # before it are ready, so reading articles (two processes) and building indexes overlap. A hook that
        # computes its quads from the parts (the audit: `before_load`) runs between reading and loading instead,
        # and its quads go into the same bulk load: later bulk loads into the store would leave more files for
        # every lookup to search (a slower `ekg why`), and overlapping the audit with the load doubled the
        # build's memory.
        hooks = post_build_hooks() if self.hooks else []
        before_load = [hook.before_load for hook in hooks if hook.before_load] if not patch else []
        hook_file = self.dir / f".hooks-{build_id}.nq"
        loader = None

        def start_loader():
            try:
                return _StreamLoader(path, staging)
            except (OSError, AttributeError):  # no FIFOs here (os.mkfifo): load from a staging file
                shutil.rmtree(path, ignore_errors=True)
                staging.unlink(missing_ok=True)
                return None

        if not patch and len(changed) >= PARALLEL_BUILD and not before_load:
            loader = start_loader()
        try:
            if loader:
                loader.feed(ontology)
            # loads and checks every changed article; raises (before anything is published) on the first bad one
            fed = [0, 0]  # articles and quads streamed to the loader so far

            def ready(i: int, meta: dict) -> None:
                assert loader is not None  # build_parts calls it only when there is a loader
                fed[0] += 1
                fed[1] += meta["quads"]
                loader.expected = fed[1] * len(folders) // fed[0]  # the load's size, estimated as it goes
                loader.feed(article_parts[i], meta["quads"])

            before = previous_inputs.get("articles", {})
            # a patched build takes its unchanged articles' summaries from the previous build's record (read once,
            # as one file) instead of reading each one's summary and checking its parts (an edit's largest step that
            # grew with the corpus); kept only if the changed articles say what they said of everything beyond
            # their own graph, else every summary is read as before
            index = self.dir / built["search"] if patch and built.get("search") else None
            known = (
                _recorded_summaries(slugs, changed, removed, previous_inputs) if index and _has_labels(index) else {}
            )
            metas, rebuilt = build_parts(
                folders, keys, parts_dir, force=force, progress=progress, ready=ready if loader else None, known=known
            )
            if known and not _same_beyond_graph(
                parts_dir, before, slugs, {m["slug"]: m for i, m in enumerate(metas) if i not in known}, changed
            ):
                known = {}
                metas, again = build_parts(folders, keys, parts_dir)  # (the changed articles' parts are written)
                rebuilt += again
            seen: dict[str, Path] = {}
            for folder, meta in zip(folders, metas):
                if meta["slug"] in seen:
                    from kg.errors import DuplicateId

                    raise DuplicateId(
                        folder / "article.yaml",
                        None,
                        "slug",
                        f"{meta['slug']!r} is also the slug of {seen[meta['slug']]}",
                        "give each article its own slug",
                    )
                seen[meta["slug"]] = folder
            warnings = _conflicts(metas, parts_dir, previous_inputs, changed, removed, force)
            for meta in metas:  # not needed any more: free it before the bulk load, the build's memory peak
                meta.pop("sources", None)
            # a patch that only changed articles: the previous shared graph, if they state the same shared statements;
            # with the previous build's record standing in for the summaries (they do), the same file, linked (a copy
            # and a count of its lines: 0.03 s at 3,000 articles)
            shared_quads = built.get("shared_quads")
            if not (
                known
                and previous_shared is not None
                and type(shared_quads) is int
                and _link(previous_shared, shared_file)
            ):
                with naming(shared_file), open(shared_file, "wb") as out:
                    shared_quads = shared_part(
                        keys,
                        parts_dir,
                        out,
                        previous_shared if patch and not removed else None,
                        [(before.get(slug, {}).get("key", ""), slugs[slug]) for slug in changed],
                    )
            reaudit: Reaudit | None = None
            # what the store is loaded from, as files: the audit hook reads its facts from them (faster than
            # reading the store back, and in parallel processes), and writes its scratch files beside the store;
            # hooks report their own phase (the audit: articles audited)
            corpus = BuildContext(
                self.data_dir,
                parts={str(graph_iri(slug)): part for slug, part in zip(slugs, article_parts)},
                context_parts=[shared_file, ontology],
                inputs={name: record[2] for name, record in files.items()},
                scratch=self.dir,
                progress=progress,
            )
            if before_load:
                with naming(hook_file), open(hook_file, "wb") as out:
                    try:
                        for write_quads in before_load:
                            write_quads(corpus, out)
                    except SyntaxError as exc:  # a part the audit parses, as the loader would have parsed it
                        raise _load_error(exc) from None
                if len(changed) >= PARALLEL_BUILD:
                    loader = start_loader()
                if loader:
                    loader.expected = sum(m["quads"] for m in metas) + shared_quads
                    loader.feed(ontology)
                    for part, meta in zip(article_parts, metas):
                        loader.feed(part, meta["quads"])
            if progress:
                progress(0, 1, "Loading the store")
            if loader:
                loader.feed(shared_file, shared_quads)
                if before_load:
                    loader.feed(hook_file)
            # the word index needs only the parts: written here, it overlaps the bulk loader's last batches
            search_name = f"search-{build_id}.sqlite"
            previous = self.dir / built["search"] if patch and built.get("search") else None
            try:
                search_index(
                    metas, keys, parts_dir, self.dir / search_name, previous, [*changed, *removed], bool(known)
                )
            except sqlite3.OperationalError as exc:  # "database or disk is full"
                raise OSError(
                    errno.ENOSPC if "full" in str(exc) else None, str(exc), str(self.dir / search_name)
                ) from None
            chunks = 1
            if loader:
                store = loader.finish()
                chunks = loader.chunks
                loader = None
            else:
                if patch:
                    # the previous findings stay (and are patched by the audit hook) when that build stored them too
                    incremental = bool(hooks and built.get("audited"))
                    try:
                        store, shared_changed = self._patched_copy(
                            built, path, changed, removed, slugs, shared_file, previous_inputs, incremental
                        )
                    except (SyntaxError, ValueError) as exc:
                        raise _load_error(exc) from None
                    if incremental:
                        reaudit = {"stale": sorted([*changed, *removed]), "shared": shared_changed}
                        corpus.previous_quads = dict(built.get("graph_quads") or {})
                        corpus.previous_notes = dict(built.get("hook_notes") or {})
                else:
                    # the parts to load, streamed into one N-Quads file: memory stays flat however large the corpus
                    to_load = [ontology, *article_parts, shared_file]
                    if before_load:
                        to_load.append(hook_file)
                    with naming(staging), open(staging, "wb") as out:
                        for part in to_load:
                            with open(part, "rb") as handle:
                                shutil.copyfileobj(handle, out, 1 << 20)
                    store = pyoxigraph.Store(str(path))
                    try:
                        store.bulk_load(path=str(staging), format=pyoxigraph.RdfFormat.N_QUADS)
                    except (SyntaxError, ValueError) as exc:
                        raise _load_error(exc) from None
                    staging.unlink()
            if not patch and (sum(m["quads"] for m in metas) > SETTINGS.compact_above or chunks > 1):
                # A large bulk load leaves many overlapping files; compacting them costs a fifth of the build but
                # makes every later lookup several times faster (benchmarks/README.md, "Builds, patches and the
                # freshness check"). Below SETTINGS.compact_above it gained nothing measurable and cost half the
                # build again.
                _compact(store, progress)
            corpus.reaudit = reaudit
            hook_file.unlink(missing_ok=True)
            written: list[str] = []
            for hook in hooks:
                if not (before_load and hook.before_load):  # else its quads are loaded already
                    hook.after_load(store, corpus)
                written.extend(hook.graphs)
            store.flush()
            table_files = _store_files(path)
            # the store's files after its last full build or compaction, which a patched build compares with
            compacted_files = built.get("compacted_files", table_files) if patch else table_files
            compacted = patch and table_files > compact_above * compacted_files
            due = compacted and defer_compaction  # left to kg.cache.compact, out of this command's wait
            compacted = compacted and not due
            if compacted:
                _compact(store, progress)
                store.flush()
            # the graphs are disjoint and each part holds distinct quads: no need to count every quad again (slow on
            # a large store); only the graphs the hooks wrote (the audit's) are counted, by Oxigraph
            with open(ontology, "rb") as handle:
                triples = sum(m["quads"] for m in metas) + shared_quads + sum(1 for _ in handle)
            graph_quads = {}
            for graph in dict.fromkeys(written):
                if graph not in corpus.quads:  # the hook did not tell
                    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
                    corpus.quads[graph] = int(next(iter(store.query(query)))[0].value)
                graph_quads[graph] = corpus.quads[graph]
                triples += graph_quads[graph]
            del store
            if compacted or not patch:
                # counted once the store is closed: the files a compaction made obsolete are deleted then, not at
                # once (counted while it was open, the figure was sometimes 12 where the store kept 9)
                compacted_files = _store_files(path)
            if progress:
                progress(1, 1, "Loading the store")
            per_article = {
                m["slug"]: {"claims": m["claims"], "quads": m["quads"], "key": k} for m, k in zip(metas, keys)
            }
            inputs_name = f"inputs-{build_id}.json"
            from kg.util.fsutil import atomic_write_text

            atomic_write_text(
                self.dir / inputs_name,
                json.dumps({"files": files, "articles": per_article, "warnings": warnings}, sort_keys=True),
            )
            new_manifest = {
                "format": CACHE_FORMAT,
                "version": _package_version(),
                "store": name,
                "inputs": inputs_name,
                "data": str(self.data_dir.resolve()),
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "triples": triples,
                "articles": len(metas),
                "claims": sum(m["claims"] for m in metas),
                "fingerprint": fingerprint,
                # each block of the fingerprint: a check finds the article folders that changed by them
                "blocks": [digest.hex() for _, digest in blocks],
                "search": search_name,
                "shared": shared_file.name,
                "ontology": ontology.name,
                "audited": bool(hooks),
                "compacted_files": compacted_files,  # the store's files after its last full build or compaction
                "shared_quads": shared_quads,  # the shared graph's quads (a build that links its file reads them here)
                "graph_quads": graph_quads,
                "hook_notes": corpus.notes,  # what the hooks noted of their graphs, for the next patched build  # the quads of each graph the hooks wrote (a patched build's audit updates it)
            }
            atomic_write_text(self.dir / MANIFEST, json.dumps(new_manifest, indent=1, sort_keys=True))
        except BaseException:
            if loader:
                loader.abort()
            shutil.rmtree(path, ignore_errors=True)
            for leftover in (
                staging,
                shared_file,
                hook_file,
                self.dir / f"inputs-{build_id}.json",
                self.dir / f"search-{build_id}.sqlite",
            ):
                try:
                    leftover.unlink()
                except FileNotFoundError:
                    pass
            raise
        self._collect_garbage(
            name,
            inputs_name,
            search_name,
            shared_file.name,
            {
                *(f"{k}{suffix}" for k in keys for suffix in PART_FILES),
                ontology.name,
            },
        )
        return BuildSummary(
            articles=len(metas),
            claims=new_manifest["claims"],
            triples=triples,
            seconds=0.0,
            cache=self.dir,
            rebuilt=True,
            per_article=per_article,
            articles_rebuilt=rebuilt,
            articles_reused=len(metas) - rebuilt,
            warnings=warnings,
            patched=patch,
            compacted=compacted,
            compaction_due=due,
        )

    def _collect_leftovers(self, manifest: dict) -> None:
        """What a killed build left (a half-loaded store, its staging file): safe to drop under the lock."""
        self._drop_builds(manifest["store"], (manifest.get("inputs"), manifest.get("search"), manifest.get("shared")))

    def _drop_builds(self, store: str | None, keep: tuple) -> None:
        """Every store but ``store``, every build record (inputs, word index, shared graph) not in ``keep``, and the
        scratch of builds that were killed (staging files, the audit's files)."""
        import shutil

        for old in [*self.dir.glob("store-*"), *self.dir.glob(".audit-*")]:
            if old.name != store:
                shutil.rmtree(old, ignore_errors=True)
        compacting = list(self.dir.glob(".compact-*"))
        if compacting:
            from kg.cache.compact import compaction_running

            if not compaction_running(self.dir):  # left by a compaction that was killed
                for old in compacting:
                    shutil.rmtree(old, ignore_errors=True)
        for pattern in ("inputs-*.json", ".load-*.nq", ".hooks-*.nq", "search-*.sqlite", "shared-*.nq"):
            for old in self.dir.glob(pattern):
                if old.name not in keep:
                    old.unlink(missing_ok=True)

    def compact(self) -> bool:
        """Compact a copy of the current store and publish it in its place (kg.cache.compact, which starts this in a
        process of its own); returns whether it did (False: a compaction runs already, there is no usable store,
        or a build published another store meanwhile, which keeps it)."""
        import shutil
        import uuid

        import pyoxigraph

        from kg.build import load
        from kg.cache.compact import compaction_lock
        from kg.util.fsutil import atomic_write_text

        with compaction_lock(self.dir) as held:
            if not held:
                return False
            manifest = self.manifest()
            if not self._usable(manifest):
                return False
            name = f"store-{uuid.uuid4().hex[:12]}"
            work = self.dir / f".compact-{name}"
            try:
                try:
                    previous = pyoxigraph.Store.read_only(str(self.dir / manifest["store"]))
                    previous.backup(str(work))
                    del previous
                    store = pyoxigraph.Store(str(work))
                    store.optimize()
                    store.flush()
                    del store  # the files the compaction made obsolete are deleted once it is closed
                except (OSError, RuntimeError):  # the store went meanwhile (a build replaced it), or a full disk
                    return False
                files = load._store_files(work)
                with _Lock(self.dir / "build.lock"):
                    current = self.manifest()
                    if not current or current.get("store") != manifest["store"]:
                        return False
                    os.rename(work, self.dir / name)
                    current["store"] = name
                    current["compacted_files"] = files
                    atomic_write_text(self.dir / MANIFEST, json.dumps(current, indent=1, sort_keys=True))
                    self._drop_builds(name, (current.get("inputs"), current.get("search"), current.get("shared")))
                return True
            finally:
                shutil.rmtree(work, ignore_errors=True)

    def _patched_copy(
        self,
        manifest: dict,
        path: Path,
        changed: list[str],
        removed: list[str],
        slugs: dict,
        shared_file: Path,
        previous_inputs: dict,
        keep_audit: bool = False,
    ):
        """A writable copy of the previous store with the articles' graphs and graph/shared brought up to date:
        without the graphs of deleted articles, nor graphs that post-build hooks add (they add them again; but the
        audit's with ``keep_audit``: its hook patches it). A changed article's graph is patched by the difference
        between its previous part (``previous_inputs``: the previous build's record) and its new one (at 1,000
        articles, removing the graph and loading it again, then flushing that, was about 0.15 s of an edit), or
        loaded again whole if that part is gone or no longer what the graph holds. Returns the store and the
        shared nodes whose description changed."""
        import pyoxigraph

        from kg.build.quads import graph_iri

        parts_dir = self.dir / "parts"
        previous = pyoxigraph.Store.read_only(str(self.dir / manifest["store"]))
        previous.backup(str(path))
        del previous
        store = pyoxigraph.Store(str(path))
        before = previous_inputs.get("articles", {})
        old_parts = {slug: _previous_part(parts_dir, before.get(slug, {}).get("key")) for slug in changed}
        drop = {str(graph_iri(slug)) for slug in [*removed, *(slug for slug in changed if old_parts[slug] is None)]}
        if not keep_audit:  # the graphs the hooks write (they write them again), not the audit's with keep_audit
            for hook in post_build_hooks():
                drop.update(hook.graphs)
        # the previous store holds the previous build's article graphs, the ontology's, the shared graph and the
        # hooks' graphs, nothing else: the graphs to drop are named, not found by listing every graph (one per
        # article: 0.1 s of CPU at 3,000 articles)
        for graph in sorted(drop):
            store.remove_graph(pyoxigraph.NamedNode(graph))
        for slug in changed:
            old_part = old_parts[slug]
            if old_part is not None and not _holds(store, str(graph_iri(slug)), old_part):  # a part damaged since
                store.remove_graph(pyoxigraph.NamedNode(str(graph_iri(slug))))
                old_part = None
            _patch_lines(store, old_part or b"", (parts_dir / f"{slugs[slug]}.nq").read_bytes())
        if os.path.samefile(self.dir / manifest["shared"], shared_file):  # linked: no shared statement changed
            return store, []
        old_text, new_text = (self.dir / manifest["shared"]).read_bytes(), shared_file.read_bytes()
        if old_text == new_text:  # the common edit: no shared statement changed
            return store, []
        return store, sorted(_patch_lines(store, old_text, new_text))

    def _collect_garbage(self, store: str, inputs: str, search: str, shared: str, parts: set[str]) -> None:
        """Drop what the new build no longer needs: older stores, their records, parts of old inputs, and
        leftovers of builds that were killed."""
        self._drop_builds(store, (inputs, search, shared))
        folder = self.dir / "parts"
        for name in os.listdir(folder):  # names, not a Path each: 5,000 of them at 1,000 articles
            if name not in parts:
                (folder / name).unlink(missing_ok=True)

    # ------------------------------------------------------------------ read

    def store_path(self, auto_build: bool = True, progress=None) -> Path:
        """The current store's folder, building it first if the inputs changed (unless ``check`` is off)."""
        if self.check and not self.is_fresh():
            if not auto_build:
                raise CacheError(
                    f"the graph of {self.data_dir} is not built or out of date (run: ekg build --data {self.data_dir})"
                )
            _check_has_articles(self.data_dir)  # a missing or empty data folder is an error, not a build
            if self.notice:
                self.notice("Building the graph first (no build yet, or an input changed)…")
            # a compaction (once in tens of edits; seconds of CPU at 1,000 articles, a minute at 10,000) is not
            # waited for: a process of its own compacts a copy of the store and publishes it (kg.cache.compact)
            summary = self.build(
                progress=progress, compact_above=SETTINGS.compact_patched_auto, defer_compaction=True, after_check=True
            )
            if summary.compaction_due:
                from kg.cache.compact import compact_later

                compact_later(self.data_dir, self.dir)
            if self.notice and summary.rebuilt:
                self.notice(
                    f"Built {summary.articles} article(s), {summary.claims} claims, {summary.triples} triples ({summary.seconds:.2f} s)"
                )
        manifest = self.manifest()
        if not manifest:
            raise CacheError(f"no build cache in {self.dir} (run: ekg build)")
        return self.dir / manifest["store"]

    def open(self, auto_build: bool = True, progress=None) -> LocalStore:
        """The current store, read-only, with its word index."""
        import pyoxigraph

        path = self.store_path(auto_build, progress)
        try:
            store = pyoxigraph.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB's "Corruption: …"
            raise CacheError(f"cannot open the store in {path}: {exc} (run: ekg build --force)") from exc
        manifest = self.manifest() or {}
        search = manifest.get("search")
        return LocalStore(
            store,
            self.dir / search if search and (self.dir / search).is_file() else None,
            manifest.get("triples"),
            self.dir,
            manifest,
        )


class LocalStore:
    """The built graph: a read-only pyoxigraph Store (every attribute is the Store's) plus ``search_index``,
    the word index kg.provenance.questions uses instead of scanning every claim (kg.build.search)."""

    def __init__(
        self,
        store,
        search_path: Path | None,
        quads: int | None = None,
        cache_dir: Path | None = None,
        manifest: dict | None = None,
    ) -> None:
        self.store = store
        #: how many quads the build loaded (its manifest): ``len()`` would count them all again
        self.quads = quads
        self._cache_dir = cache_dir
        self._manifest = manifest or {}
        #: the store's folder (``ekg serve``'s query processes open it again), when known
        self.path = (
            cache_dir / self._manifest["store"] if cache_dir is not None and self._manifest.get("store") else None
        )
        self.search_index: SearchIndex | None = None
        if search_path is not None:
            from kg.build.search import SearchIndex

            self.search_index = SearchIndex(search_path)

    def parts(self) -> tuple[dict[str, Path], list[Path]] | None:
        """The N-Quads files this store was loaded from: each article graph's IRI with its part, and the shared
        graph's and the ontology's (``kg.audit.batches`` audits from them); None if the build did not record
        them or one is gone."""
        from kg.iris import ID

        manifest, folder = self._manifest, self._cache_dir
        if folder is None or not all(manifest.get(key) for key in ("inputs", "shared", "ontology")):
            return None
        try:
            articles = json.loads((folder / manifest["inputs"]).read_text(encoding="utf-8"))["articles"]
            parts = {ID + "graph/" + slug: folder / "parts" / f"{entry['key']}.nq" for slug, entry in articles.items()}
        except (OSError, ValueError, KeyError, TypeError):
            return None
        context = [folder / manifest["shared"], folder / "parts" / manifest["ontology"]]
        if not all(path.is_file() for path in [*parts.values(), *context]):
            return None
        return parts, context

    # the Store protocol (kg.sparql.store), spelt out: Python 3.12's isinstance() on a protocol does not look
    # through __getattr__
    def query(self, query: str, **options):
        return self.store.query(query, **options)

    def quads_for_pattern(self, subject, predicate, object, graph_name=None):
        return self.store.quads_for_pattern(subject, predicate, object, graph_name)

    def __getattr__(self, name: str):  # every other attribute is the pyoxigraph Store's
        return getattr(self.store, name)

    def __len__(self) -> int:
        return len(self.store)

    def __iter__(self):
        return iter(self.store)


def compact_main(argv: list[str]) -> None:
    """The process kg.cache.compact.compact_later starts: ``DATA_DIR CACHE_DIR``. Nothing reads its output: it fails
    quietly (the store it would have replaced stays in use)."""
    try:
        Cache(Path(argv[0]), Path(argv[1]), check=False).compact()
    except Exception:  # noqa: BLE001
        pass


def _has_labels(index: Path) -> bool:
    """Whether a word index records its concepts' labels (kg.build.search.stored_labels): one made before it did
    is written whole by the next build, which then reads every article's labels from its summary."""
    from kg.build.search import stored_labels

    return index.is_file() and stored_labels(index, ()) is not None


def _link(source: Path, target: Path) -> bool:
    """Hard-link ``target`` to ``source`` (a build's files are never written again once published); False where the
    file system has no hard links."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def _check_has_articles(data_dir: Path) -> None:
    """Raise kg.dataset.paths.article_dirs's error for a data folder that is missing or holds no article, stopping
    at the first article folder found (article_dirs lists and sorts them all: 0.05 s at 3,000 articles)."""
    from kg.dataset.paths import article_dirs

    data = Path(data_dir)
    if data.is_dir() and not (data / "article.yaml").is_file() and (data / "articles").is_dir():
        with os.scandir(data / "articles") as entries:
            if any(e.is_dir() and os.path.isfile(os.path.join(e.path, "article.yaml")) for e in entries):
                return
    article_dirs(data)  # one article (no error), or the error that says what is missing


def _previous_part(parts_dir: Path, key: str | None) -> bytes | None:
    """The N-Quads part of the previous build's key, if it is there and of the size its summary records."""
    if not key:
        return None
    try:
        text = (parts_dir / f"{key}.nq").read_bytes()
        size = json.loads((parts_dir / f"{key}.json").read_text(encoding="utf-8"))["sizes"][".nq"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return text if len(text) == size else None


def _holds(store, graph: str, text: bytes) -> bool:
    """Whether the store's ``graph`` holds exactly the quads of ``text`` (N-Quads): as many, and each of them."""
    import pyoxigraph

    try:
        quads = list(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_QUADS))
    except (SyntaxError, ValueError):
        return False
    held = sum(1 for _ in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(graph)))
    return held == len(quads) and all(quad in store for quad in quads)


def _patch_lines(store, old_text: bytes, new_text: bytes) -> set[str]:
    """Bring the quads that ``old_text`` holds in the store to those of ``new_text`` (both N-Quads as the build
    writes them: one quad a line, each quad always written the same way): remove the lines only the old text has,
    add those only the new one has. Returns the subjects of the quads removed or added."""
    import pyoxigraph

    old = set(old_text.splitlines(keepends=True))
    new = set(new_text.splitlines(keepends=True))
    changed: set[str] = set()
    if old - new:
        for quad in pyoxigraph.parse(b"".join(sorted(old - new)), format=pyoxigraph.RdfFormat.N_QUADS):
            store.remove(quad)
            changed.add(quad.subject.value)
    if new - old:
        added = b"".join(sorted(new - old))
        store.load(added, format=pyoxigraph.RdfFormat.N_QUADS)
        changed.update(quad.subject.value for quad in pyoxigraph.parse(added, format=pyoxigraph.RdfFormat.N_QUADS))
    return changed


def _conflicts(
    metas: list[dict], parts_dir: Path, previous: dict, changed: list[str], removed: list[str], force: bool
) -> list[str]:
    """The build's warnings about sources (source_conflicts, identity_conflicts). They depend only on each
    article's slug, in folder order, and what its reference list says of its sources: when no article went or
    came and each changed one says the same of its sources as in the previous build's summary (an edit of
    claims), they are the previous build's (``previous``: its inputs record), not worked out again over the whole
    corpus (a tenth of such an edit's rebuild at 1,000 articles)."""
    warnings = previous.get("warnings")
    if not force and not removed and isinstance(warnings, list):
        before = previous.get("articles", {})
        now = {meta["slug"]: meta for meta in metas}
        try:
            if all(
                slug in before and _same_sources(parts_dir / f"{before[slug]['key']}.json", now[slug])
                for slug in changed
            ):
                return list(warnings)
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a summary gone or damaged: worked out again
    return source_conflicts(metas) + identity_conflicts(metas)


def _same_sources(summary: Path, meta: dict, names: tuple[str, ...] = ("slug", "sources", "fingerprints")) -> bool:
    """Whether an article's previous summary (a part's ``.json``) says what ``meta`` says of its sources (or of
    the summary's other fields ``names``)."""
    old = json.loads(summary.read_text(encoding="utf-8"))
    return all(old[name] == meta[name] for name in names)


def _recorded_summaries(slugs: dict[str, str], changed: list[str], removed: list[str], previous: dict) -> dict:
    """The summaries a patched build needs of its unchanged articles (slug, claims, quads), by folder index, from
    the previous build's record (``previous``); {} when that record cannot stand in for them: an article went
    or came, or the record is of an older shape (no source warnings kept, an entry without its counts)."""
    before = previous.get("articles", {})
    if removed or not isinstance(previous.get("warnings"), list) or any(slug not in before for slug in changed):
        return {}
    stale = set(changed)
    known = {}
    for i, slug in enumerate(slugs):
        if slug in stale:
            continue
        record = before.get(slug)
        if not (isinstance(record, dict) and type(record.get("claims")) is int and type(record.get("quads")) is int):
            return {}
        known[i] = {"slug": slug, "claims": record["claims"], "quads": record["quads"]}
    return known


#: what an article's summary says beyond its own graph
_SUMMARY_BEYOND_GRAPH = ("slug", "sources", "fingerprints", "labels")


def _same_beyond_graph(
    parts_dir: Path, before: dict, slugs: dict[str, str], metas: dict[str, dict], changed: list[str]
) -> bool:
    """Whether each changed article says what its previous part said of everything beyond its own graph: the
    same sources, source fingerprints and concept labels (its summary), and the same shared statements (its
    ``.shared.nq``). Then the corpus's source warnings, shared graph and concept labels are the previous build's,
    and the articles to audit again are the changed ones, whose parts were just checked or written."""
    from kg.build.parts import _same_file

    try:
        return all(
            _same_sources(parts_dir / f"{before[slug]['key']}.json", metas[slug], _SUMMARY_BEYOND_GRAPH)
            and _same_file(parts_dir / f"{before[slug]['key']}.shared.nq", parts_dir / f"{slugs[slug]}.shared.nq")
            for slug in changed
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False


def source_conflicts(metas: list[dict]) -> list[str]:
    """Sources that two articles' reference lists describe differently (same DOI, another title, year, …).

    Each article's graph keeps what its own list says, so both values stand in the union; the build says so
    in a warning, so that curators can reconcile them."""
    values: dict[tuple[str, str], dict[str, list[str]]] = {}
    for meta in metas:
        for iri, fields in meta.get("sources", {}).items():
            for name, value in fields.items():
                values.setdefault((iri, name), {}).setdefault(value, []).append(meta["slug"])
    warnings = []
    for (iri, name), seen in sorted(values.items()):
        if len(seen) > 1:
            variants = "; ".join(
                f"{value!r} in {', '.join(slugs[:3])}" + (f" and {len(slugs) - 3} more" if len(slugs) > 3 else "")
                for value, slugs in sorted(seen.items())
            )
            warnings.append(f"{iri}: articles give different {name}s: {variants}")
    return warnings


def identity_conflicts(metas: list[dict]) -> list[str]:
    """Works that two articles cite under two identities: the same first author, year and title words, where one
    list prints an identifier (a DOI) and the other prints none, so the second is a source minted from its
    fingerprint. They are two nodes until the second list gives the identifier; the build says which."""
    from kg.iris import ID

    by_print: dict[str, dict[str, list[str]]] = {}
    for meta in metas:
        for iri, fingerprint in (meta.get("fingerprints") or {}).items():
            by_print.setdefault(fingerprint, {}).setdefault(iri, []).append(meta["slug"])
    warnings = []
    for fingerprint, iris in sorted(by_print.items()):
        minted = {iri: slugs for iri, slugs in iris.items() if iri.startswith(ID + "source/")}
        known = sorted(iri for iri in iris if iri not in minted)
        if minted and len(known) == 1:
            for iri, slugs in sorted(minted.items()):
                warnings.append(
                    f"{known[0]}: {', '.join(slugs[:3])} cite{'s' if len(slugs) == 1 else ''} the same work "
                    f"({fingerprint}) with no identifier, so it is another source, {iri}; add the identifier "
                    f"that {', '.join(iris[known[0]][:3])} print{'s' if len(iris[known[0]]) == 1 else ''} to make them one"
                )
    return warnings


def _io_error(exc: OSError, cache: Path, data: Path | None = None) -> EkgError:
    """A build's failed read or write as one line: what failed, on which file, and what to do."""
    import errno

    where = Path(os.path.abspath(exc.filename)) if exc.filename else None
    # an input file (the cache may be inside the data folder: <data>/.ekg-cache)
    if (
        data is not None
        and where
        and where.is_relative_to(os.path.abspath(data))
        and not where.is_relative_to(os.path.abspath(cache))
    ):
        from kg.errors import DataError

        return DataError(
            Path(exc.filename), None, None, f"cannot be read ({exc.strerror or exc})", "make it a readable file"
        )

    text = str(exc.strerror or exc) if exc.filename is None else f"{exc.filename}: {exc.strerror}"
    text = " ".join(text.split())  # Oxigraph's (RocksDB's) errors name the file in the text
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or "No space left" in text or "quota" in text.lower()
    if full:
        hint = "free some space there, or build elsewhere with --cache DIR"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "make it writable, or build elsewhere with --cache DIR"
    elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
        hint = "check that the folder can be made there, or build elsewhere with --cache DIR"
    else:
        hint = "check the disk and try again, or build elsewhere with --cache DIR"
    return CacheError(f"the build in {cache} failed ({text}); the previous build, if any, is unchanged; {hint}")


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
