"""One article edited, then `ekg why`, by two installations in turns: the CPU of each whole process, paired.

    python benchmarks/edit_ab.py --data DATA --before EKG CACHE --after EKG CACHE [--edits 12]

DATA is a corpus (say `generate_corpus.py`'s), CACHE a build cache of it for each side (build one, copy it: both
then start from the same store), EKG each side's `ekg` executable. Each edit appends a comment line to another
article's claims.yaml; both sides then answer `ekg why` (rebuilding first), in alternating order, so that the load
of a shared machine falls on both alike. CPU time (user + system of the process and its children) is the figure:
on a shared machine it varies far less than wall time. The files are put back at the end (each cache is then
behind them until its next command).
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale import child_env, pick_figure  # noqa: E402


def cpu_of(cmd: list[str]) -> float:
    """CPU seconds of a command that must rebuild first (it is an edit's first command)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(cmd, env=child_env(), capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0 and "Building the graph first" in result.stderr, result.stderr
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--before", nargs=2, metavar=("EKG", "CACHE"), required=True)
    parser.add_argument("--after", nargs=2, metavar=("EKG", "CACHE"), required=True)
    parser.add_argument("--edits", type=int, default=12)
    parser.add_argument("--start", type=int, default=0, help="which article to edit first (then every 37th)")
    args = parser.parse_args()
    figure = pick_figure(args.data)
    folders = sorted((args.data / "articles").iterdir())
    sides = {"before": args.before, "after": args.after}
    for ekg, cache in sides.values():  # each cache up to date with the files as they are
        subprocess.run(
            [ekg, "why", figure, "--data", str(args.data), "--cache", cache],
            env=child_env(),
            check=True,
            capture_output=True,
        )
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    originals: dict[Path, str] = {}
    # killed (SIGTERM, as `timeout` and `kill` send), the edits are still put back: the signal becomes an exit that
    # runs the finally clause below, as Ctrl-C's KeyboardInterrupt already did
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        for n in range(args.edits):
            claims = folders[(len(folders) // 2 + (args.start + n) * 37) % len(folders)] / "claims.yaml"
            originals.setdefault(claims, claims.read_text(encoding="utf-8"))
            with open(claims, "a", encoding="utf-8") as handle:
                handle.write("# benchmark edit\n")
            order = list(sides) if n % 2 == 0 else list(reversed(sides))
            for name in order:
                ekg, cache = sides[name]
                cpu[name].append(cpu_of([ekg, "why", figure, "--data", str(args.data), "--cache", cache]))
            print(f"edit {n + 1}: " + ", ".join(f"{name} {cpu[name][-1]:.2f} s" for name in sides), flush=True)
    finally:
        for claims, text in originals.items():
            claims.write_text(text, encoding="utf-8")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name, values in cpu.items():
        print(f"{name}: median {statistics.median(values):.2f} s of CPU ({min(values):.2f}–{max(values):.2f})")


if __name__ == "__main__":
    main()
