"""The plan of a build: which inputs changed since the last build, the cache key of every article's part, and
whether to patch the previous store (a few articles changed) or load a new one whole.

Every input file is known by its stat and SHA-256 (kg.cache.freshness scans them); a file whose stat did not change
keeps the digest the last build recorded, so only changed files are read. An article's part is keyed by the tool's
version, its folder and its files' digests (``kg.build.parts.part_key``), so an unchanged article's part is reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.cache.freshness import _article_folders, _path_of, _same_stat, _sha256
from kg.dataset.paths import ARTICLE_FILES

#: bumped when the cache's layout or a part's content changes meaning: every part is then rebuilt
CACHE_FORMAT = 10


@dataclass
class BuildPlan:
    #: every input by its stable name: [size, mtime_ns, sha256, ctime_ns, inode]
    files: dict[str, list]
    #: the tool's version and the cache format, part of every part's key
    version: str
    #: the article folders to build, in order, and each one's part key
    folders: list[Path]
    keys: list[str]
    #: slug -> part key, and the parts the articles load, in folder order
    slugs: dict[str, str]
    article_parts: list[Path]
    #: the ontology's part (written if missing)
    ontology: Path
    #: the slugs of the articles whose part changed, or that are gone, since the previous build
    changed: list[str]
    removed: list[str]
    #: patch a copy of the previous store instead of loading every article again
    patch: bool


def plan_build(
    data_dir: Path,
    parts_dir: Path,
    previous_inputs: dict,
    previous_ontology: str | None,
    previous_shared: Path | None,
    scan: dict[str, tuple[int, int, int, int]],
    force: bool,
    unchanged: set[str] | frozenset[str] = frozenset(),
) -> BuildPlan:
    """The plan of a build of ``data_dir`` whose inputs' stats are ``scan``, given what the previous build recorded
    (its inputs file's content, its ontology part's name, its shared graph's file; empty or None for none).
    ``unchanged``: article folders whose files have the stats that previous build recorded (the freshness
    check's blocks): each keeps that build's part key, not worked out again."""
    # here, not at the top: every command reads CACHE_FORMAT, and kg.build.parts loads rdflib (through the
    # emitter's terms), which `ekg why` on a built graph must not (about 0.1 s of every query command)
    from kg.build.parts import ontology_part, part_key
    from kg.cache.location import _package_version

    old_files = previous_inputs.get("files", {})
    files: dict[str, list] = {}
    for name, key in scan.items():
        before = old_files.get(name)
        digest = before[2] if before and _same_stat(before, key) else _sha256(_path_of(data_dir, name))
        files[name] = [key[0], key[1], digest, key[2], key[3]]
    version = f"{_package_version()}/{CACHE_FORMAT}"
    folders = [f for f in _article_folders(data_dir) if f"articles/{f.name}/article.yaml" in files]
    if not folders:
        from kg.dataset.paths import article_dirs

        article_dirs(data_dir)  # raises the precise "no article folders" error
    old_articles = previous_inputs.get("articles", {})
    keys = []
    for folder in folders:
        if folder.name in unchanged and isinstance(old_articles.get(folder.name), dict):
            key = old_articles[folder.name].get("key")
            if isinstance(key, str) and not force:
                keys.append(key)
                continue
        inputs = [
            (n, files[f"articles/{folder.name}/{n}"][2])
            for n in ARTICLE_FILES
            if f"articles/{folder.name}/{n}" in files
        ]
        keys.append(part_key(version, folder.name, inputs))
    ontology_inputs = sorted((n, f[2]) for n, f in files.items() if n.startswith("ontology/"))
    ontology = ontology_part(part_key(version, "ontology", ontology_inputs), parts_dir)
    # an article's slug is its folder's name (the loader checks), so what changed is known before loading
    slugs = {folder.name: key for folder, key in zip(folders, keys)}
    article_parts = [parts_dir / f"{key}.nq" for key in keys]
    changed = [slug for slug, key in slugs.items() if old_articles.get(slug, {}).get("key") != key]
    removed = [slug for slug in old_articles if slug not in slugs]
    # A few articles changed: patch a copy of the previous store (a RocksDB checkpoint: hard links) instead of
    # loading every article again. The tests check that both ways give the same store.
    patch = bool(
        not force
        and old_articles
        and previous_ontology == ontology.name
        and previous_shared is not None
        and previous_shared.is_file()
        and len(changed) + len(removed) <= max(1, len(slugs) // 5)
    )
    return BuildPlan(files, version, folders, keys, slugs, article_parts, ontology, changed, removed, patch)
