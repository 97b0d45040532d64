"""Ingest time against page size: realistic pages of 10 KB to 10 MB, built from the seed article.

    .venv/bin/python benchmarks/ingest_size.py            # 10 KB, 100 KB, 1 MB, the size limit, 10 MB
    .venv/bin/python benchmarks/ingest_size.py 50000      # other sizes, in bytes

Each page is the seed's raw scrape (its title block repeated four times, as scraped) followed by its body
paragraphs again and again, each copy with other figures, names and years so that no two copies are the same,
under numbered headings, then a numbered reference list (a tenth of the page, Vancouver style with DOIs) that
the body's "[n]" markers cite. A page over kg.ingest.MAX_PAGE_BYTES, or with more text than
kg.ingest.MAX_TEXT_CHARS, is refused: its row gives the time to refuse it. Runs against the installed kg (see
installed.py), writing each draft to a temporary folder; "cpu s" is the CPU time of this process, which is the
figure to compare on a shared machine.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

from installed import describe
from kg.dataset.paths import bundled_data_dir
from kg.errors import IngestError
from kg.ingest import MAX_PAGE_BYTES, MAX_TEXT_CHARS, ingest

SURNAMES = ["Smith", "Garcia", "Nguyen", "Okafor", "Larsen", "Tanaka", "Müller", "Rossi", "Khan", "Dubois"]
JOURNALS = ["J Orthop Sports Phys Ther", "Br J Sports Med", "Spine", "BMC Musculoskelet Disord", "Gait Posture"]


def seed_parts() -> tuple[str, list[str]]:
    """The seed scrape up to its reference list, and its body paragraphs (after the repeated title blocks)."""
    raw = (bundled_data_dir() / "raw" / "lower-back-pain-after-running.txt").read_text(encoding="utf-8")
    head = raw.split("\nReferences\n")[0]
    body = head.split("Table of Contents\n", 1)[1]
    paragraphs = [p for p in body.split("\n") if len(p.split()) > 6]
    return head, paragraphs


def vary(paragraph: str, copy: int) -> str:
    """Another copy of a paragraph: its figures shifted, a name and a year changed, a citation marker added."""
    text = re.sub(r"\d+", lambda m: str(int(m.group()) + copy % 7), paragraph)
    text = text.replace("Goostree", SURNAMES[copy % len(SURNAMES)])
    if text.endswith("."):
        text = f"{text[:-1]} (seen in {1990 + copy % 30}).[{copy % 50 + 1}]"
    return text


def reference(n: int) -> str:
    first, second = SURNAMES[n % len(SURNAMES)], SURNAMES[(n * 7 + 3) % len(SURNAMES)]
    return (
        f"{n}. {first} A, {second} BC, et al. Running load and low back pain, cohort {n}. "
        f"{JOURNALS[n % len(JOURNALS)]}. {2000 + n % 24};{n % 60 + 1}({n % 12 + 1}):{n % 300 + 1}-{n % 300 + 9}. doi:10.1000/ekg.{n}"
    )


def page(size: int) -> str:
    """A page of about ``size`` bytes (UTF-8), at most ``size``."""
    head, paragraphs = seed_parts()
    lines, used, copy = [head], len(head.encode()) + 1, 0

    def add(line: str) -> bool:
        nonlocal used
        if used + len(line.encode()) + 1 > size:
            return False
        lines.append(line)
        used += len(line.encode()) + 1
        return True

    while used < size * 9 // 10:
        if copy % len(paragraphs) == 0 and not add(
            f"\nPart {copy // len(paragraphs) + 1}: More About Running and Your Back"
        ):
            break
        if not add(vary(paragraphs[copy % len(paragraphs)], copy)):
            break
        copy += 1
    add("\nReferences")
    n = 1
    while add(reference(n)):
        n += 1
    return "\n".join(lines) + "\n"


def measure(size: int, folder: Path) -> list:
    path = folder / f"page-{size}.txt"
    path.write_text(page(size), encoding="utf-8")
    actual = path.stat().st_size
    out = folder / f"out-{size}"
    started, cpu = time.perf_counter(), time.process_time()
    try:
        result = ingest(path, out, published="2023-02-02")
    except IngestError as exc:
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        return [
            _size(actual),
            f"{seconds:.2f}",
            f"{cpu:.2f}",
            "",
            "",
            "",
            "",
            "",
            "refused: " + str(exc).split(": ", 2)[-1].split(" (")[0],
        ]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    s = result.summary()
    return [
        _size(actual),
        f"{seconds:.2f}",
        f"{cpu:.2f}",
        f"{actual / 1e3 / cpu:.0f}",
        s["claims"],
        s["statistics"],
        s["references"],
        s["citations"],
        "drafted",
    ]


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 995_000 else f"{n / 1e3:.0f} KB"


def main() -> None:
    from kg.util.render import Table, render

    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000, MAX_PAGE_BYTES, 10_000_000]
    print(f"# {describe()}")
    print(
        f"# limits: a page of at most {MAX_PAGE_BYTES:,} bytes (kg.ingest.MAX_PAGE_BYTES), "
        f"with at most {MAX_TEXT_CHARS:,} characters of article text (kg.ingest.MAX_TEXT_CHARS)"
    )
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            rows.append(measure(size, Path(scratch)))
            print("  ".join(str(c) for c in rows[-1]), file=sys.stderr, flush=True)
    # wall-clock seconds, and the seconds of CPU this process used (the same, on a machine that is not shared)
    columns = ["page", "seconds", "cpu s", "KB/cpu s", "claims", "statistics", "references", "citations", ""]
    print(render(Table(columns, rows, "Ingest time against page size"), "table"))


if __name__ == "__main__":
    main()
