"""Ingest any article: a draft graph from its raw text (plain, Markdown or HTML) and its reference list.

``ingest(path, out)`` drafts the article (``kg.ingest.pipeline``) and writes it as a curated data folder
(``kg.ingest.draft``) that ``ekg build --data OUT`` accepts as it is. No model weights, no network: every
step is a documented rule (see each module), and every drafted item carries its confidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.ingest.linking import REVIEW_THRESHOLD
    from kg.ingest.pipeline import (
        MAX_CLAIMS,
        MAX_PAGE_BYTES,
        MAX_SENTENCE_CHARS,
        MAX_STATISTICS,
        MAX_TEXT_CHARS,
        Draft,
        draft_article,
    )

#: names this package re-exports, imported when first asked for: the audit imports one module of ingest
#: (``kg.ingest.linking``'s marker reader) after each edit, and loading the whole pipeline with it cost about a third
#: of a second of every edit's wait
_LAZY = {
    "REVIEW_THRESHOLD": "kg.ingest.linking",
    **dict.fromkeys(
        ("MAX_CLAIMS", "MAX_PAGE_BYTES", "MAX_SENTENCE_CHARS", "MAX_STATISTICS", "MAX_TEXT_CHARS", "Draft"),
        "kg.ingest.pipeline",
    ),
    "draft_article": "kg.ingest.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MAX_CLAIMS",
    "MAX_PAGE_BYTES",
    "MAX_SENTENCE_CHARS",
    "MAX_STATISTICS",
    "MAX_TEXT_CHARS",
    "REVIEW_THRESHOLD",
    "Draft",
    "IngestResult",
    "draft_article",
    "ingest",
]


@dataclass
class IngestResult:
    draft: Draft
    folder: Path

    def summary(self) -> dict:
        d = self.draft
        return {
            "slug": d.slug,
            "folder": str(self.folder),
            "claims": len(d.claims),
            "statistics": sum(len(c.statistics) for c in d.claims),
            "attributions": sum(1 for c in d.claims if c.attribution is not None and c.agent_id),
            "people": len(d.people),
            "references": len(d.references),
            "citations": sum(len(c.citations) for c in d.claims),
            "to_review": d.review_count,
        }


def ingest(
    path: Path,
    out: Path,
    *,
    refs: Path | None = None,
    url: str | None = None,
    slug: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    force: bool = False,
) -> IngestResult:
    from kg.ingest.draft import write_draft
    from kg.ingest.pipeline import draft_article

    draft = draft_article(path, refs=refs, url=url, slug=slug, published=published, publisher=publisher)
    return IngestResult(draft, write_draft(draft, out, force=force))
