"""Scale benchmark: synthetic corpora of 100, 1,000 and 10,000 articles, on the embedded store, on Virtuoso,
and on a plain rdflib in-memory graph (the baseline), side by side in one run.

    python benchmarks/scale.py [--sizes 100 1000 10000] [--work /tmp/ekg-bench] [--backends embedded virtuoso rdflib]

For each size it reports:
- build: curated files to a queryable store (cold, empty cache), its triples/s, and the peak memory of the
  whole process tree (sampled every 20 ms from /proc: the build's parent and its worker processes); for
  Virtuoso, the local build plus `ekg publish` into the server (and the server's own peak memory); for rdflib,
  parsing the same files into an rdflib Dataset with the rdflib term path;
- an incremental rebuild after one article changed (embedded);
- `ekg why` as a whole process (a figure, "2.6×", and words, "hydration"), median and p95 of --runs runs;
  for rdflib, a process that loads the graph (N-Quads) into rdflib and answers the same question;
- in-process provenance queries: `claim_details` (everything about one claim: about ten SPARQL queries) on
  random claims, and the whole `why`, p50 and p95;
- full-corpus audit time, if this branch has `ekg audit` (otherwise n/a).

Targets (issue 6): 1,000 articles build <= 10 s, `ekg why` <= 150 ms, p50 <= 5 ms, audit <= 30 s;
10,000 articles peak memory < 2 GiB and `ekg why` < 300 ms. The load average is printed beside the numbers:
the machine may be shared. Nothing here is a test; numbers are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the benchmarks' own helpers; kg is the installed one (see installed.py)

from installed import describe, load_helper  # noqa: E402

EKG = shutil.which("ekg", path=str(Path(sys.executable).parent)) or "ekg"
FIGURE, WORDS = "2.6×", "hydration"


def pick_figure(data: Path) -> str:
    """A "N×" figure that the corpus states (a risk ratio of the middle article), so `why` finds claims by number."""
    import re

    folders = sorted((data / "articles").iterdir())
    for folder in folders[len(folders) // 2 :] + folders:
        found = re.search(r'stated_as: "(\d+\.\d) times"', (folder / "claims.yaml").read_text(encoding="utf-8"))
        if found:
            return f"{found.group(1)}×"
    return FIGURE


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _tree_memory(pid: int) -> tuple[int, int]:
    """Memory of a process and all its descendants, in bytes: (PSS, RSS), each summed over the tree.

    PSS (proportional set size) counts a page shared by n processes as 1/n in each, so the sum is the physical
    memory the tree uses. The RSS sum counts a shared page once per process: a worker forked from a 1.5 GB
    build shows 1.5 GB of RSS before it allocates anything (its pages are the parent's until written), so
    summing RSS over a build that forks its audit workers late overstates it (10,000 articles: 3.3 GB of RSS
    summed). Where /proc/<pid>/smaps_rollup is missing (Linux < 4.14), PSS falls back to RSS."""
    pss = rss = 0
    stack, page = [pid], os.sysconf("SC_PAGE_SIZE")
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as handle:
                resident = int(handle.read().split()[1]) * page
            rss += resident
            try:
                with open(f"/proc/{p}/smaps_rollup") as handle:
                    pss += next(int(line.split()[1]) * 1024 for line in handle if line.startswith("Pss:"))
            except (FileNotFoundError, StopIteration):
                pss += resident
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return pss, rss


class Sampler:
    """Peak memory of a process tree, sampled in a thread: ``peak`` (PSS summed) and ``peak_rss`` (RSS summed)."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid, self.interval, self.peak, self.peak_rss = pid, interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            pss, rss = _tree_memory(self.pid)
            self.peak, self.peak_rss = max(self.peak, pss), max(self.peak_rss, rss)
            # reading PSS walks the page tables (milliseconds for a process of gigabytes): the sampler takes at
            # most a sixth of one core from what it measures
            self._stop.wait(max(self.interval, 5 * (time.perf_counter() - started)))

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def child_env(extra: dict | None = None) -> dict:
    """The environment of measured commands: as a user's, with Python's bytecode cache on (a session that sets
    PYTHONDONTWRITEBYTECODE would otherwise compile every module on every `ekg why`)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **(extra or {})}


def run(cmd: list[str], env: dict | None = None, timeout: float = 7200) -> dict:
    """Run a command; wall seconds, CPU seconds (user and system, of the command and every process it waited
    for: on a shared machine the steadier figure), peak memory of its process tree, exit code and output."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(cmd, env=child_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = Sampler(process.pid)
    out, err = process.communicate(timeout=timeout)
    seconds = time.perf_counter() - start
    peak = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak": peak,
        "peak_rss": sampler.peak_rss,
        "code": process.returncode,
        "stdout": out.decode(),
        "stderr": err.decode(),
    }


def timed_runs(cmd: list[str], runs: int, env: dict | None = None) -> dict:
    run(cmd, env)  # warm the file cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=child_env(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append((time.perf_counter() - start) * 1000)
    return summary(samples)


def summary(samples_ms: list[float]) -> dict:
    samples = sorted(samples_ms)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return {"p50": statistics.median(samples), "p95": p95, "n": len(samples)}


def in_process(store, claims: list[str], budget: float = 20.0, runs: int = 50) -> dict:
    """claim_details on random claims and whole `why` calls, p50/p95 in ms, within a time budget."""
    from kg.provenance.details import claim_details
    from kg.provenance.why import why

    details, whys = [], []
    deadline = time.monotonic() + budget
    for claim in claims[:runs]:
        start = time.perf_counter()
        claim_details(store, claim)
        details.append((time.perf_counter() - start) * 1000)
        if time.monotonic() > deadline:
            break
    for i in range(max(2, runs // 5)):
        start = time.perf_counter()
        why(store, FIGURE if i % 2 == 0 else WORDS)
        whys.append((time.perf_counter() - start) * 1000)
        if time.monotonic() > deadline:
            break
    return {"claim_details": summary(details), "why": summary(whys)}


def mib(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MiB"


def ms(s: dict | None) -> str:
    return f"{s['p50']:.1f} / {s['p95']:.1f} ms" if s else "n/a"


# ---------------------------------------------------------------------------- backends


def bench_embedded(data: Path, work: Path, runs: int) -> dict:
    cache = work / "cache-embedded"
    shutil.rmtree(cache, ignore_errors=True)
    out = {"load_before": loadavg()}
    # the build alone (no stored audit), into a cache of its own, then the default build that stores the audit
    bare = work / "cache-no-audit"
    shutil.rmtree(bare, ignore_errors=True)
    no_audit = run([EKG, "build", "--no-audit", "--data", str(data), "--cache", str(bare)])
    assert no_audit["code"] == 0, no_audit["stderr"]
    shutil.rmtree(bare, ignore_errors=True)
    out.update(build_no_audit=no_audit["seconds"], peak_no_audit=no_audit["peak"])
    build = run([EKG, "build", "--data", str(data), "--cache", str(cache)])
    assert build["code"] == 0, build["stderr"]
    from kg.cache.store import Cache

    store = Cache(data, cache).open(auto_build=False)
    triples = len(store)
    out.update(build=build["seconds"], triples=triples, peak=build["peak"], summary=build["stdout"].strip())
    # one article changed: only it is loaded again
    claims = sorted((data / "articles").iterdir())[len(list((data / "articles").iterdir())) // 2] / "claims.yaml"
    original = claims.read_text(encoding="utf-8")
    claims.write_text(original + "# benchmark edit\n", encoding="utf-8")
    try:
        again = run([EKG, "build", "--data", str(data), "--cache", str(cache)])
    finally:
        claims.write_text(original, encoding="utf-8")
    out["incremental"] = again["seconds"]
    out["incremental_summary"] = again["stdout"].strip()
    run([EKG, "build", "--data", str(data), "--cache", str(cache)])
    base = ["--data", str(data), "--cache", str(cache)]
    out["why_figure"] = timed_runs([EKG, "why", FIGURE, *base], runs)
    out["why_words"] = timed_runs([EKG, "why", WORDS, *base], runs)
    out["why_figure_nocheck"] = timed_runs([EKG, "why", FIGURE, "--no-check", *base], runs)
    from kg.sparql.run import select

    store = Cache(data, cache).open(auto_build=False)  # the store of the last build

    claims_iris = [r["c"] for r in select(store, "SELECT ?c WHERE { ?c a ekg:Claim }")]
    random.Random(1).shuffle(claims_iris)
    out["in_process"] = in_process(store, claims_iris)
    out["load_after"] = loadavg()
    out["claims_sample"] = claims_iris[:200]
    return out


def bench_virtuoso(data: Path, work: Path, runs: int, embedded: dict) -> dict:
    virtuoso_server = load_helper("tests/virtuoso_server.py", "virtuoso_server")

    if virtuoso_server.binary() is None:
        return {"skipped": "virtuoso-t is not installed"}
    folder = work / "virtuoso"
    shutil.rmtree(folder, ignore_errors=True)
    out = {"load_before": loadavg()}
    memory = 1024 if embedded["triples"] < 2_000_000 else 4096
    server = virtuoso_server.start(folder, memory_mb=memory)
    try:
        cache = work / "cache-embedded"
        server_sampler = Sampler(server.process.pid)
        publish = run(
            [
                EKG,
                "publish",
                "--data",
                str(data),
                "--cache",
                str(cache),
                "--endpoint",
                server.sparql,
                "--graph-store",
                server.graph_store,
                "--user",
                "dba",
                "--password",
                virtuoso_server.DBA_PASSWORD,
            ]
        )
        server_peak = server_sampler.stop()
        assert publish["code"] == 0, publish["stderr"]
        out.update(
            publish=publish["seconds"],
            build=embedded["build"] + publish["seconds"],
            triples=embedded["triples"],
            peak=max(embedded["peak"], publish["peak"]),
            server_peak=server_peak,
            summary=publish["stdout"].strip(),
        )
        env = {"EKG_ENDPOINT": server.sparql}
        out["why_figure"] = timed_runs([EKG, "why", FIGURE], runs, env)
        out["why_words"] = timed_runs([EKG, "why", WORDS], runs, env)
        from kg.remote.client import RemoteStore

        out["in_process"] = in_process(RemoteStore(server.sparql), embedded["claims_sample"])
    finally:
        server.stop()
    out["load_after"] = loadavg()
    return out


_RDFLIB_BUILD = """
import sys, time
from pathlib import Path
from rdflib import Dataset
from kg.build.quads import article_quads, ontology_quads
from kg.dataset.loader import load_corpus
start = time.perf_counter()
ds = Dataset(default_union=True)
for s, p, o, g in ontology_quads():
    ds.graph(g).add((s, p, o))
for article in load_corpus(Path(sys.argv[1])).articles:
    for s, p, o, g in article_quads(article):
        ds.graph(g).add((s, p, o))
print(time.perf_counter() - start, sum(1 for _ in ds.quads((None, None, None, None))))
"""

_RDFLIB_WHY = """
import sys
sys.path.insert(0, sys.argv[2])
from rdflib_store import RdflibStore
from kg.provenance.why import why
why(RdflibStore(sys.argv[1]), sys.argv[3])
"""


def bench_rdflib(data: Path, work: Path, runs: int, embedded: dict, max_triples: int) -> dict:
    if embedded["triples"] > max_triples:
        return {
            "skipped": f"{embedded['triples']:,} triples: past --rdflib-max-triples {max_triples:,} "
            "(rdflib needs about 1.4 GiB per million triples, and minutes to parse them)"
        }
    out = {"load_before": loadavg()}
    build = run([sys.executable, "-c", _RDFLIB_BUILD, str(data)])
    assert build["code"] == 0, build["stderr"]
    seconds, quads = build["stdout"].split()
    out.update(build=float(seconds), process=build["seconds"], triples=int(quads), peak=build["peak"])
    import pyoxigraph

    from kg.cache.store import Cache

    nq = work / "corpus.nq"
    Cache(data, work / "cache-embedded").open(auto_build=False).dump(str(nq), pyoxigraph.RdfFormat.N_QUADS)
    samples = []
    for query in (FIGURE, WORDS)[: max(1, min(2, runs))]:
        result = run([sys.executable, "-c", _RDFLIB_WHY, str(nq), str(HERE), query])
        assert result["code"] == 0, result["stderr"]
        samples.append(result["seconds"] * 1000)
    out["why_figure"] = summary(samples)
    from rdflib_store import RdflibStore

    store = RdflibStore(str(nq))
    out["in_process"] = in_process(store, embedded["claims_sample"], budget=60, runs=10)
    out["load_after"] = loadavg()
    return out


def audit(data: Path, work: Path) -> dict | None:
    from kg.cli.main import MODULE_OF

    if "audit" not in MODULE_OF:
        return None
    result = run([EKG, "audit", "--data", str(data), "--cache", str(work / "cache-embedded")])
    return {"seconds": result["seconds"], "peak": result["peak"], "code": result["code"]}


# ---------------------------------------------------------------------------- report


def report(size: int, results: dict) -> str:
    rows = []
    for name in ("embedded", "virtuoso", "rdflib"):
        r = results.get(name)
        if r is None:
            continue
        if "skipped" in r:
            rows.append(f"| {name} | skipped: {r['skipped']} | | | | | | |")
            continue
        build = f"{r['build']:.1f} s"
        if name == "virtuoso":
            build += f" (publish {r['publish']:.1f} s)"
        if name == "embedded":
            build += (
                f" with the stored audit; {r['build_no_audit']:.1f} s with --no-audit (peak {mib(r['peak_no_audit'])}); "
                f"1 changed: {r['incremental']:.1f} s"
            )
        peak = mib(r["peak"]) + (f"; server {mib(r['server_peak'])}" if "server_peak" in r else "")
        why = ms(r.get("why_figure"))
        if r.get("why_words"):
            why += f"; words {ms(r['why_words'])}"
        if r.get("why_figure_nocheck"):
            why += f"; --no-check {ms(r['why_figure_nocheck'])}"
        ip = r["in_process"]
        rows.append(
            f"| {name} | {build} | {r['triples']:,} | {r['triples'] / r['build']:,.0f} | {peak} | {why} | "
            f"{ms(ip['claim_details'])} | {ms(ip['why'])} | {r['load_before']} → {r['load_after']} |"
        )
    audit_cell = (
        "n/a (no `ekg audit` on this branch)"
        if results.get("audit") is None
        else f"{results['audit']['seconds']:.1f} s"
    )
    head = (
        f"\n### {size:,} articles\n\n"
        f"`ekg why` asks for {FIGURE!r} (a figure the corpus states) and for {WORDS!r} (words).\n\n"
        "| backend | build (files → queryable) | triples | triples/s | peak memory | `ekg why` process p50 / p95 | "
        "claim_details p50 / p95 | in-process why p50 / p95 | load avg |\n|---|---|---|---|---|---|---|---|---|\n"
    )
    return head + "\n".join(rows) + f"\n\nFull-corpus audit: {audit_cell}.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/ekg-bench"))
    parser.add_argument("--backends", nargs="+", default=["embedded", "virtuoso", "rdflib"])
    parser.add_argument("--runs", type=int, default=15, help="runs of each whole-process `ekg why`")
    parser.add_argument("--rdflib-max-triples", type=int, default=3_000_000)
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument(
        "--ekg",
        help="the ekg command to time (default: this venv's); a non-editable install "
        "(pip install .) starts faster than an editable one, whose import hook costs ~12 ms",
    )
    args = parser.parse_args()
    global EKG
    if args.ekg:
        EKG = args.ekg
    from generate_corpus import generate

    global FIGURE
    print(
        f"# evidence-kg scale benchmark ({describe()}; ekg: {EKG}) — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} CPUs, load average {loadavg()}"
    )
    everything = {}
    for size in args.sizes:
        work = args.work / str(size)
        data = work / "data"
        start = time.perf_counter()
        generate(data, size, seed=1)
        FIGURE = pick_figure(data)
        print(f"\n(generated {size} articles in {time.perf_counter() - start:.0f} s: {data})", file=sys.stderr)
        results: dict = {}
        results["embedded"] = bench_embedded(data, work, args.runs)
        if "virtuoso" in args.backends:
            results["virtuoso"] = bench_virtuoso(data, work, args.runs, results["embedded"])
        if "rdflib" in args.backends:
            results["rdflib"] = bench_rdflib(data, work, args.runs, results["embedded"], args.rdflib_max_triples)
        results["audit"] = audit(data, work)
        if "embedded" not in args.backends:
            results.pop("embedded")
        results.get("embedded", {}).pop("claims_sample", None)
        print(report(size, results), flush=True)
        everything[size] = results
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
