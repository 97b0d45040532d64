"""`ekg why "2.6×"` as a whole process, beside `python -c "import rdflib.plugins.sparql"`, in the same run.

Target (issue 3): the whole `ekg why` is no slower than that import alone (ratio <= 1.0).

    python benchmarks/why_startup.py [--runs 20] [--data DIR]

The graph is built first (not timed); each command then runs --runs times, interleaved so that load on the
machine hits both alike. Reports min, median and p95 wall-clock milliseconds, and the ratio of medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from installed import describe

#: Bytecode may be cached, as after any `pip install` (which compiles the installed packages): an environment
#: with PYTHONDONTWRITEBYTECODE set would otherwise recompile an editable checkout's sources on every run,
#: while the libraries it is compared with were compiled at install time.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return (time.perf_counter() - start) * 1000


def summary(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return f"min {samples[0]:7.1f}  median {statistics.median(samples):7.1f}  p95 {p95:7.1f} ms"


def main() -> None:
    print(f"# {describe()}")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--data", help="data folder (default: the bundled data)")
    parser.add_argument("--query", default="2.6×")
    args = parser.parse_args()
    ekg = shutil.which("ekg", path=str(Path(sys.executable).parent)) or "ekg"
    data = ["--data", args.data] if args.data else []
    subprocess.run([ekg, "build", *data], check=True, stdout=subprocess.DEVNULL, env=ENV)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import rdflib.plugins.sparql": [sys.executable, "-c", "import rdflib.plugins.sparql"],
        f'ekg why "{args.query}"': [ekg, "why", args.query, *data],
    }
    for cmd in commands.values():  # warm the OS file cache and the bytecode cache
        timed(cmd)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            samples[name].append(timed(cmd))
    for name, values in samples.items():
        print(f"{name:32s} {summary(values)}")
    why = statistics.median(samples[f'ekg why "{args.query}"'])
    base = statistics.median(samples["import rdflib.plugins.sparql"])
    print(f"ratio (ekg why / rdflib SPARQL import, medians): {why / base:.2f}  (target <= 1.00)")


if __name__ == "__main__":
    main()
