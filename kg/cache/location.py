"""Where the build cache lives: the bundled data folder, the cache folder for a data folder, and the package's own
data (the ontology files the build reads)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kg.dataset.paths import bundled_data_dir, package_dir


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


def _ontology_files() -> list[Path]:
    base = package_dir("kg.ontology")
    return sorted(base.glob("*.ttl"))
