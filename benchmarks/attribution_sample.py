"""Quote attribution on fresh news text no rule writer read while writing rules (benchmarks/attribution_sample/).

    .venv/bin/python benchmarks/attribution_sample.py --corpus /work/corpus-private-attrib           # dev pages
    .venv/bin/python benchmarks/attribution_sample.py --corpus DIR --split heldout   # the held-back quarter
    .venv/bin/python benchmarks/attribution_sample.py --corpus DIR --misses         # dev: each miss, listed

Each page's text (``DIR/<id>/article.txt``, kept out of the repository for its licence) is drafted by the installed
``kg.ingest.ingest()`` as ``ekg ingest FILE --published DATE`` would (the texts are article bodies with no date,
and the date plays no part in attribution). The draft is measured against the page's hand annotation
(``attribution_sample/<id>.yaml``: every direct quote and named paraphrase, with its speaker's full name) by the
real-article benchmark's own matcher (``real_articles.compare``): found, the draft attributes the quote to
somebody; right person, to the annotated speaker. "unlisted": drafted attributions whose quote matches no
annotated one (a statement the annotation gives to nobody, such as an organisation's, or a quote it missed).

The held-back quarter is drawn as the corpus draws its own (``real_articles.heldout_ids``, the first
max(1, n // 4) ids in sha256 order), fixed before anything was run on the pages; report it apart.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script or imported by the tests: the sibling benchmark either way
    sys.path.insert(0, str(HERE))

from real_articles import compare, heldout_ids, quote_overlaps  # noqa: E402

SAMPLE = HERE / "attribution_sample"
PUBLISHED = "2019-11-19"  # the week scrapinghub's benchmark crawled the pages; given only so that ingest drafts


def load(sample: Path = SAMPLE) -> list[dict]:
    """Every annotation of the sample in id order, each with its ``split`` (dev or heldout) drawn by sha256."""
    annotations = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(sample.glob("*.yaml"))]
    held = heldout_ids([a["id"] for a in annotations])
    return [a | {"split": "heldout" if a["id"] in held else "dev"} for a in annotations]


def _unlisted(annotation: dict, folder: Path) -> list[dict]:
    """The draft's attributed claims whose quote matches no annotated attribution, with the person named."""
    claims = (yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8")) or {}).get("claims") or []
    article = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8")) or {}
    people = {pid: p.get("name", "") for pid, p in (article.get("people") or {}).items()}
    quotes = [a["quote"] for a in annotation.get("attributions") or []]
    return [
        {"quote": c.get("quote", "")[:90], "person": people.get(c["attribution"].get("agent"), "")}
        for c in claims
        if c.get("attribution") and not any(quote_overlaps(q, c.get("quote", "")) for q in quotes)
    ]


def _misses(annotation: dict, folder: Path) -> list[dict]:
    """Each annotated attribution the draft misses or gives to another person (what --misses prints)."""
    claims = (yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8")) or {}).get("claims") or []
    article = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8")) or {}
    people = {pid: p.get("name", "") for pid, p in (article.get("people") or {}).items()}
    out = []
    for a in annotation.get("attributions") or []:
        one = annotation | {"attributions": [a]}
        r = compare(one, folder)
        if r["attributions_right_person"]:
            continue
        claim = next((c for c in claims if quote_overlaps(a["quote"], c.get("quote", ""))), None)
        drafted = people.get(((claim or {}).get("attribution") or {}).get("agent"), "") if claim else None
        out.append({"quote": a["quote"], "person": a["person"], "drafted": drafted})
    return out


def run_page(annotation: dict, texts: list[Path], misses: bool = False) -> dict:
    """Ingest one page into a temporary folder and count its attributions; never raises."""
    from kg.errors import EkgError
    from kg.ingest import ingest

    row = {"id": annotation["id"], "split": annotation["split"]}
    source = next((d / annotation["id"] / "article.txt" for d in texts if (d / annotation["id"]).is_dir()), None)
    if source is None or not source.is_file():
        return row | {"status": f"skipped: give --corpus DIR with DIR/{annotation['id']}/article.txt"}
    work = Path(tempfile.mkdtemp(prefix="attribution-sample-"))
    try:
        try:
            folder = ingest(source, work / "out", published=PUBLISHED).folder
        except EkgError as exc:
            return row | {"status": f"refused: {str(exc).splitlines()[0]}"}
        r = compare(annotation, folder)
        row |= {
            "status": "drafted",
            "attributions": r["attributions"],
            "found": r["attributions_found"],
            "right": r["attributions_right_person"],
            "unlisted": _unlisted(annotation, folder),
        }
        return row | ({"misses": _misses(annotation, folder)} if misses else {})
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.0f}%)" if d else "0/0"


def render(rows: list[dict], misses: bool = False) -> str:
    lines = [f"{'page':42} {'quotes':>6} {'found':>6} {'right':>6} {'unlisted':>8}"]
    total = {"attributions": 0, "found": 0, "right": 0, "unlisted": 0}
    for r in rows:
        if r.get("status") != "drafted":
            lines.append(f"{r['id']:42} {r.get('status')}")
            continue
        lines.append(f"{r['id']:42} {r['attributions']:>6} {r['found']:>6} {r['right']:>6} {len(r['unlisted']):>8}")
        for k in ("attributions", "found", "right"):
            total[k] += r[k]
        total["unlisted"] += len(r["unlisted"])
    lines.append(
        f"total: found {_pct(total['found'], total['attributions'])}, "
        f"right person {_pct(total['right'], total['attributions'])}, unlisted {total['unlisted']}"
    )
    if misses:
        for r in rows:
            for m in r.get("misses") or []:
                lines.append(f"  miss {r['id']}: {m['quote'][:60]!r} {m['person']} -> {m['drafted']!r}")
            for u in r.get("unlisted") or []:
                lines.append(f"  unlisted {r['id']}: {u['quote'][:60]!r} -> {u['person']!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="folder holding DIR/<id>/article.txt")
    parser.add_argument("--split", choices=("dev", "heldout"), default="dev")
    parser.add_argument("--misses", action="store_true", help="list each miss and unlisted attribution (dev only)")
    args = parser.parse_args(argv)
    if args.misses and args.split != "dev":
        parser.error("--misses lists the dev pages only: the held-out pages' outputs are never read while developing")
    rows = [run_page(a, args.corpus, args.misses) for a in load() if a["split"] == args.split]
    print(f"# attribution sample, {args.split} split, {len(rows)} pages")
    print(render(rows, args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
