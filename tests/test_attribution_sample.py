"""The attribution sample's annotations (benchmarks/attribution_sample/): each reads, names its page by its file,
lists quotes with a speaker's full name, and the held-out quarter is the one real_articles.heldout_ids draws (the
texts are not in the repository, so the benchmark itself is not run here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("attribution_sample", ROOT / "benchmarks" / "attribution_sample.py")
assert spec is not None and spec.loader is not None
sample = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sample)


def test_every_page_is_annotated_with_named_speakers():
    pages = sample.load()
    assert len(pages) == 32
    for page in pages:
        assert (sample.SAMPLE / f"{page['id']}.yaml").is_file()
        assert page["attributions"], page["id"]
        for a in page["attributions"]:
            assert a["quote"].strip() and a["mode"] in ("direct-quote", "paraphrase", "first-person"), (page["id"], a)
            assert len(a["person"].split()) >= 2, (page["id"], a)  # a full name, never a surname alone


def test_the_held_out_quarter_is_drawn_by_sha256():
    pages = sample.load()
    held = {p["id"] for p in pages if p["split"] == "heldout"}
    assert held == sample.heldout_ids([p["id"] for p in pages])
    assert len(held) == 8 and "spokesman-meth-ad-agencies" in held
