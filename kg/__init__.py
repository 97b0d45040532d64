"""evidence-kg: a clinical-evidence knowledge graph of health articles' claims and their provenance."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("evidence-kg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
