"""evidence-kg: a clinical-evidence knowledge graph of health articles' claims and their provenance."""

from __future__ import annotations

import functools
import os
import sys

DISTRIBUTION = "evidence-kg"


@functools.lru_cache(maxsize=1)
def version() -> str:
    """The installed version (declared once, in pyproject.toml).

    Found from the ``evidence_kg-<version>.dist-info`` folder name on sys.path: every command checks it
    against the build cache, and importing importlib.metadata costs more than answering a query.
    """
    prefix = DISTRIBUTION.replace("-", "_") + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith(prefix) and name.endswith(".dist-info"):
                return name[len(prefix) : -len(".dist-info")]
    try:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as metadata_version

        return metadata_version(DISTRIBUTION)
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0"


def __getattr__(name: str):
    if name == "__version__":
        return version()
    raise AttributeError(name)
