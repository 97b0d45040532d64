"""How long the audit takes: on the seed, as a build hook, on a corpus of N copies of the seed, and reading a
Retraction Watch-sized CSV. Run: .venv/bin/python benchmarks/bench_audit.py [N]

Each timing is the median of several runs in this process (imports already paid).
"""

from __future__ import annotations

import csv
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from installed import describe
from kg.audit import AuditOptions, audit
from kg.audit.retractions import load_retractions
from kg.cache.store import Cache
from kg.dataset.paths import bundled_data_dir

SLUG = "lower-back-pain-after-running"


def median_time(func, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def copies(root: Path, n: int) -> Path:
    for i in range(n):
        slug = f"{SLUG}-{i:03d}"
        target = root / "articles" / slug
        shutil.copytree(bundled_data_dir() / "articles" / SLUG, target)
        meta = target / "article.yaml"
        meta.write_text(
            re.sub(r"^slug: .*$", f"slug: {slug}", meta.read_text(encoding="utf-8"), count=1, flags=re.M),
            encoding="utf-8",
        )
    return root


def build_time(data: Path, work: Path, audit: bool) -> float:
    def build():
        cache = Cache(data, work / f"cache-{time.perf_counter_ns()}")
        cache.hooks = audit  # the audit is the build's post-build hook; False builds without it (--no-audit)
        return cache.build(force=True)

    return median_time(build, runs=3)


def retraction_csv(path: Path, rows: int) -> None:
    header = [
        "Record ID",
        "Title",
        "Subject",
        "Institution",
        "Journal",
        "Publisher",
        "Country",
        "Author",
        "URLS",
        "ArticleType",
        "RetractionDate",
        "RetractionDOI",
        "RetractionPubMedID",
        "OriginalPaperDate",
        "OriginalPaperDOI",
        "OriginalPaperPubMedID",
        "RetractionNature",
        "Reason",
        "Paywalled",
        "Notes",
    ]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(rows):
            writer.writerow(
                [
                    i,
                    f"Synthetic title {i}",
                    "(HSC) Medicine;",
                    "Somewhere",
                    "Journal",
                    "Publisher",
                    "Country",
                    "A Author",
                    "",
                    "Research Article;",
                    "1/2/2020 0:00",
                    f"10.5555/notice.{i}",
                    0,
                    "1/1/2019 0:00",
                    f"10.5555/paper.{i}",
                    0,
                    "Retraction",
                    "+Falsification/Fabrication of Data;",
                    "No",
                    "",
                ]
            )


def main(n: int) -> None:
    print(f"# {describe()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seed = bundled_data_dir()
        cache = Cache(seed, work / "seed-cache")
        cache.build()
        store = cache.open(auto_build=False)
        print(f"seed audit (117 claims, 8 references): {median_time(lambda: audit(store)) * 1000:.0f} ms")
        with_hook = build_time(seed, work, True)
        without = build_time(seed, work, False)
        print(f"seed build: {without * 1000:.0f} ms without the audit hook, {with_hook * 1000:.0f} ms with it")

        data = copies(work / "many", n)
        with_hook = build_time(data, work, True)
        without = build_time(data, work, False)
        big = Cache(data, work / "many-cache")
        big.build()
        big_store = big.open(auto_build=False)
        report = audit(big_store)
        one = audit(big_store, AuditOptions(articles=[f"{SLUG}-000"]))
        print(
            f"{n} copies ({n * 117} claims): audit {median_time(lambda: audit(big_store), runs=3):.2f} s "
            f"({len(report.findings)} findings); one article of them {median_time(lambda: audit(big_store, AuditOptions(articles=[f'{SLUG}-000'])), runs=3):.2f} s "
            f"({len(one.findings)} findings); build {without:.2f} s without the hook, {with_hook:.2f} s with it"
        )

        rows = 70_000
        path = work / "retraction_watch.csv"
        retraction_csv(path, rows)
        wanted = {f"10.5555/paper.{i}" for i in range(0, rows, 1000)}
        print(
            f"Retraction Watch-sized CSV ({rows} rows, {path.stat().st_size / 1e6:.1f} MB): read in "
            f"{median_time(lambda: load_retractions(path, wanted), runs=3):.2f} s, {len(load_retractions(path, wanted))} DOIs kept"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
