"""Ingest the seed's raw scrape and measure the draft against the curated seed; time every fixture.

    .venv/bin/python benchmarks/ingest_eval.py            # tables
    .venv/bin/python benchmarks/ingest_eval.py --json     # the figures as JSON

Recall: how many of the curator's statistics, explicitly cued citations, attributions and people the draft
has; precision: how many of the draft's items the curator agrees with (kg/ingest/evaluate.py says how
items are matched). The seed is the article the rules were developed on; the three fixtures under
tests/fixtures/ingest/ were written afterwards and are compared exactly by the tests.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from installed import describe
from kg.ingest import ingest
from kg.ingest.evaluate import evaluate_seed
from kg.util.render import render

ROOT = Path(__file__).resolve().parent.parent  # for the ingest fixtures in tests/fixtures only

FIXTURES = {
    "numeric-vancouver": ("article.md", {}),
    "author-year": ("article.txt", {"publisher": "Runners' Health Weekly"}),
    "html-page": ("shin-splints.html", {}),
}


def main() -> None:
    evaluation = evaluate_seed()
    timings = {}
    for name, (filename, options) in FIXTURES.items():
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            result = ingest(ROOT / "tests" / "fixtures" / "ingest" / name / filename, Path(out), **options)
            timings[name] = {"seconds": round(time.perf_counter() - started, 3), **result.summary()}
            timings[name].pop("folder")
    if "--json" in sys.argv:
        print(json.dumps({"seed": evaluation.to_json(), "fixtures": timings}, indent=2, ensure_ascii=False))
        return
    print(f"# {describe()}")
    print(render(evaluation, "table"))
    print(f"\nSeed ingest (draft, write, load-check): {evaluation.seconds:.2f} s\n")
    from kg.util.render import Table

    columns = [
        "fixture",
        "seconds",
        "claims",
        "statistics",
        "attributions",
        "people",
        "references",
        "citations",
        "to review",
    ]
    rows = [
        [
            name,
            f"{t['seconds']:.2f}",
            t["claims"],
            t["statistics"],
            t["attributions"],
            t["people"],
            t["references"],
            t["citations"],
            t["to_review"],
        ]
        for name, t in timings.items()
    ]
    print(render(Table(columns, rows, "Fixtures"), "table"))


if __name__ == "__main__":
    main()
