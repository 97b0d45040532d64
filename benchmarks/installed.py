"""Which evidence-kg a benchmark measures: always the installed one (`pip install .` or `pip install -e .`),
never the checkout put on sys.path by hand. Run a benchmark as `python benchmarks/NAME.py` with the virtual
environment's python; only this folder is on sys.path then, so `import kg` finds the installation."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent


def describe() -> str:
    """ "evidence-kg 0.1.0 (…/site-packages/kg)": the version and folder of the kg that this run imports."""
    import kg

    return f"evidence-kg {kg.version()} ({Path(kg.__file__).parent})"


def load_helper(relative: str, name: str):
    """A helper module of the repository's tests (such as tests/virtuoso_server.py), loaded from its file alone,
    so that putting the checkout on sys.path never shadows the installed kg."""
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS.parent / relative)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
