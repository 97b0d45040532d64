"""Issue 23's speed targets, each measured on one synthetic corpus and reported with its figure, its target and
the ratio figure / target (at most 1.0 meets it).

    python benchmarks/speed_targets.py [--articles 1000] [--work /tmp/ekg-speed] [--runs 15]

- cold build (audit stored, as `ekg build` does by default), as a ratio to Oxigraph's own bulk load of the same
  finished quads (the built store dumped to N-Quads, loaded into an empty store by `Store.bulk_load` in a
  process of its own), both in this run: target 1.5; `--no-audit` beside it. The bulk load is timed before and
  after the builds and the mean is used, so that a change of load on the machine hits both sides alike;
- one article edited (its claims.yaml, in place): the next command (`ekg why`) answers, rebuild and that
  article's audit included: target 0.5 s at 1,000 articles, 2 s at 10,000. --edits edits in a row (each a new
  comment line in another article), median and slowest: a patched build compacts the store now and then, and
  the slowest edit shows it;
- the freshness check every command makes (kg.cache.freshness._fingerprint, in this process, median of --runs): target
  20 ms at 10,000 articles (scaled linearly to the corpus: 2 ms at 1,000); and `ekg why` as a whole process
  with and without it (`--no-check`), interleaved: target 160 ms at 10,000 articles;
- full audit (`ekg audit`): target 30 s at 10,000 articles (3 s at 1,000);
- `ekg claims --type statistical` and every bundled named query (with its example's params, no --timeout, in
  this process as `ekg query --timeout 0` runs it, every row read; wall and CPU): 5 s each at 10,000 articles
  (0.5 s at 1,000); beside them `ekg query findings` as a whole process, as a user runs it (its table, the default
  --timeout); `--only-queries` measures these alone, on the cache of an earlier run (`--ekg` another install's
  command, to compare two versions on one cache);
- peak memory of the build (PSS of its process tree): under 2 GiB at 10,000 articles.

Targets set at 10,000 articles are scaled linearly to smaller corpora (what linear growth would need), and the
row says so. Timings are wall-clock on a shared machine: the load average is printed before and after. Nothing
here is asserted; it reports. Do not run it at 10,000 articles on a shared machine (minutes, gigabytes).
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from installed import describe  # noqa: E402
from scale import EKG, child_env, loadavg, mib, pick_figure, run  # noqa: E402

_BULK_LOAD = """
import sys, time
import pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
start = time.perf_counter()
store.bulk_load(path=sys.argv[2], format=pyoxigraph.RdfFormat.N_QUADS)
store.flush()
print(time.perf_counter() - start, len(store))
"""


def oxigraph_load(nq: Path, work: Path) -> tuple[float, int, float]:
    """Oxigraph's own bulk load of ``nq`` into an empty store: (seconds, quads, CPU seconds of its process)."""
    target = work / "oxigraph-only"
    shutil.rmtree(target, ignore_errors=True)
    result = run([sys.executable, "-c", _BULK_LOAD, str(target), str(nq)])
    assert result["code"] == 0, result["stderr"]
    shutil.rmtree(target, ignore_errors=True)
    seconds, quads = result["stdout"].split()
    return float(seconds), int(quads), result["cpu"]


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall-clock ms of each command, run in turns (after one warm-up each)."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for cmd in commands.values():
        subprocess.run(cmd, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def fingerprint_ms(data: Path, runs: int) -> float:
    from kg.cache.freshness import _fingerprint

    _fingerprint(data)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        _fingerprint(data)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def named_queries(store_path: Path, rounds: int = 1) -> dict[str, tuple[float, float]]:
    """Seconds (wall, CPU of this process) of every bundled named query with its example's params, in this process
    with no timeout, every row read; the least of ``rounds`` rounds of every query (on a shared machine the least is
    the steadier figure)."""
    from kg.sparql.named import bundled, run_named

    out: dict[str, tuple[float, float]] = {}
    for _ in range(rounds):
        for name, query in sorted(bundled().items()):
            start, cpu = time.perf_counter(), time.process_time()
            run_named(store_path, name, query.example or dict.fromkeys(query.params, "a"))
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            best = out.get(name, (wall, cpu))
            out[name] = (min(wall, best[0]), min(cpu, best[1]))
    return out


def query_rows(data: Path, cache: Path, scale: float, rounds: int = 1) -> list[tuple[str, str, str, float]]:
    """The rows of `ekg claims --type statistical`, `ekg query findings` (whole processes) and of every named
    query in this process (the least of ``rounds`` rounds)."""
    from kg.cache.store import Cache

    base = ["--data", str(data), "--cache", str(cache)]
    limit = 5 * scale
    rows = []
    for what, cmd in (
        ("`ekg claims --type statistical` (csv)", [EKG, "claims", "--type", "statistical", "--format", "csv"]),
        ("`ekg query findings` (its table, the default --timeout)", [EKG, "query", "findings"]),
    ):
        result = run([*cmd, *base])
        assert result["code"] == 0, result["stderr"]
        rows.append(
            (
                what,
                f"{result['seconds']:.2f} s (CPU {result['cpu']:.2f} s)",
                f"{limit:g} s (5 at 10,000, linear)",
                result["seconds"] / limit,
            )
        )
    store_path = Cache(data, cache, check=False).store_path(auto_build=False)
    for name, (seconds, cpu) in named_queries(store_path, rounds).items():
        rows.append(
            (
                f"`ekg query {name}` (the query alone, in process)",
                f"{seconds:.2f} s (CPU {cpu:.2f} s)",
                f"{limit:g} s",
                seconds / limit,
            )
        )
    return rows


def edit_in_place(path: Path) -> str:
    """Append a comment line to a YAML file, keeping its inode; returns the original text."""
    original = path.read_text(encoding="utf-8")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("# benchmark edit\n")
    return original


def edits(data: Path, cache: Path, figure: str, n: int, count: int) -> tuple[float, float, float, float]:
    """``count`` edits in a row, each to another article's claims.yaml and each followed by `ekg why` (which
    rebuilds first); the files are put back (and built) at the end. Returns median and slowest seconds, the
    target, and the median CPU seconds."""
    why = [EKG, "why", figure, "--data", str(data), "--cache", str(cache)]
    run(why)
    folders = sorted((data / "articles").iterdir())
    originals, seconds, cpu = {}, [], []
    try:
        for i in range(count):
            claims = folders[(n // 2 + i * 37) % n] / "claims.yaml"
            originals.setdefault(claims, claims.read_text(encoding="utf-8"))
            edit_in_place(claims)
            edited = run(why)
            assert edited["code"] == 0 and "Building the graph first" in edited["stderr"], edited["stderr"]
            seconds.append(edited["seconds"])
            cpu.append(edited["cpu"])
    finally:
        for claims, text in originals.items():
            claims.write_text(text, encoding="utf-8")
    run(why)  # back to the corpus as generated
    return statistics.median(seconds), max(seconds), 0.5 if n <= 1000 else 2.0, statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ekg-speed"))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--edits", type=int, default=6, help="edits in a row, each followed by `ekg why`")
    parser.add_argument("--only-edits", action="store_true", help="only the edits, on the cache of an earlier run")
    parser.add_argument(
        "--only-queries", action="store_true", help="only the listing and the named queries, on an earlier run's cache"
    )
    parser.add_argument("--ekg", help="the ekg command to run (default: the one beside this Python)")
    parser.add_argument("--query-rounds", type=int, default=1, help="named queries: the least of this many rounds")
    args = parser.parse_args()
    if args.ekg:
        global EKG
        EKG = args.ekg
    from generate_corpus import generate

    n, work = args.articles, args.work / str(args.articles)
    scale = n / 10_000  # targets set at 10,000 articles, scaled linearly to this corpus
    data = work / "data"
    if not (data / "articles").is_dir() or len(list((data / "articles").iterdir())) != n:
        shutil.rmtree(data, ignore_errors=True)
        generate(data, n, seed=1)
    figure = pick_figure(data)
    print(
        f"# issue 23 speed targets, {n:,} articles ({describe()}; ekg: {EKG}) — "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs, load average {loadavg()}"
    )
    rows: list[tuple[str, str, str, float]] = []  # what, figure, target, ratio

    cache, bare = work / "cache", work / "cache-no-audit"
    if args.only_edits:
        return print(*edits(data, cache, figure, n, args.edits)[:2])
    if args.only_queries:
        return print_rows(query_rows(data, cache, scale, args.query_rounds))
    for folder in (cache, bare):
        shutil.rmtree(folder, ignore_errors=True)
    build = run([EKG, "build", "--data", str(data), "--cache", str(cache)])
    assert build["code"] == 0, build["stderr"]
    import pyoxigraph

    from kg.cache.store import Cache

    nq = work / "finished.nq"
    Cache(data, cache).open(auto_build=False).store.dump(str(nq), pyoxigraph.RdfFormat.N_QUADS)
    load_1, quads, load_cpu_1 = oxigraph_load(nq, work)
    no_audit = run([EKG, "build", "--no-audit", "--data", str(data), "--cache", str(bare)])
    assert no_audit["code"] == 0, no_audit["stderr"]
    shutil.rmtree(bare, ignore_errors=True)
    load_2, _, load_cpu_2 = oxigraph_load(nq, work)
    nq.unlink()
    load = (load_1 + load_2) / 2
    load_cpu = (load_cpu_1 + load_cpu_2) / 2
    rows.append(
        (
            "cold build with the audit / Oxigraph's bulk load of its quads",
            f"{build['seconds']:.1f} s / {load:.1f} s ({load_1:.1f}, {load_2:.1f}; {quads:,} quads) = "
            f"{build['seconds'] / load:.2f}×; CPU {build['cpu']:.1f} s / {load_cpu:.1f} s = {build['cpu'] / load_cpu:.2f}×",
            "1.5×",
            build["seconds"] / load / 1.5,
        )
    )
    rows.append(
        (
            "cold build --no-audit / Oxigraph's bulk load",
            f"{no_audit['seconds']:.1f} s = {no_audit['seconds'] / load:.2f}×; CPU {no_audit['cpu']:.1f} s = "
            f"{no_audit['cpu'] / load_cpu:.2f}×",
            "(none)",
            float("nan"),
        )
    )
    rows.append(
        (
            "peak memory of the build (PSS, process tree)",
            mib(build["peak"]),
            "2048 MiB at 10,000",
            build["peak"] / (2048 * 1024 * 1024),
        )
    )

    base = ["--data", str(data), "--cache", str(cache)]
    why = [EKG, "why", figure, *base]
    median, slowest, edit_target, edit_cpu = edits(data, cache, figure, n, args.edits)
    rows.append(
        (
            f"one article edited: the next `ekg why` (rebuild and audit included), {args.edits} edits",
            f"median {median:.2f} s (CPU {edit_cpu:.2f} s), slowest {slowest:.2f} s",
            f"{edit_target} s",
            median / edit_target,
        )
    )

    check = fingerprint_ms(data, args.runs)
    rows.append(
        (
            "freshness check (in process)",
            f"{check:.1f} ms",
            f"{20 * scale:.1f} ms (20 at 10,000, linear)",
            check / (20 * scale),
        )
    )
    whys = interleaved({"check": why, "no-check": [*why, "--no-check"]}, args.runs)
    rows.append(
        (
            "`ekg why` whole process (--no-check beside it)",
            f"{whys['check']:.0f} ms (--no-check {whys['no-check']:.0f} ms; the check {whys['check'] - whys['no-check']:.0f} ms)",
            "160 ms at 10,000",
            whys["check"] / 160,
        )
    )

    audit = run([EKG, "audit", "--format", "json", *base])
    assert audit["code"] in (0, 1), audit["stderr"]
    rows.append(
        (
            "full audit (`ekg audit`)",
            f"{audit['seconds']:.1f} s (CPU {audit['cpu']:.1f} s)",
            f"{30 * scale:g} s (30 at 10,000, linear)",
            audit["seconds"] / (30 * scale),
        )
    )
    rows.extend(query_rows(data, cache, scale, args.query_rounds))
    print_rows(rows)


def print_rows(rows: list[tuple[str, str, str, float]]) -> None:
    print("\n| target | figure | target | ratio |\n|---|---|---|---|")
    for what, figure_text, target, ratio in rows:
        print(f"| {what} | {figure_text} | {target} | {'' if ratio != ratio else f'{ratio:.2f}'} |")
    print(f"\nload average after: {loadavg()}")


if __name__ == "__main__":
    main()
