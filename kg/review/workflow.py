"""What ``ekg review`` runs: a verdict on a claim, a decision on an audit finding, and what still needs a look,
read from the data folder and the cache's audit and written to the article's ``reviewed.yaml`` (kg.dataset.review)."""

from __future__ import annotations

from pathlib import Path

from kg.dataset import vocab
from kg.dataset.model import (
    Article,
)
from kg.dataset.review import Pending, pending, record_finding, record_verdict
from kg.errors import ReviewError


def _articles(data_dir: Path, slug: str | None = None) -> list[Article]:
    """The data folder's articles (only the one named ``slug`` when given and present)."""
    from kg.dataset.loader import load_article, load_corpus
    from kg.dataset.paths import article_dirs

    if slug:
        folders = [f for f in article_dirs(data_dir) if f.name == slug]
        if folders:
            return [load_article(folders[0])]
    return load_corpus(data_dir).articles


def _findings(cache) -> list:
    """The audit's findings with the default options (those every build stores), each with its decision."""
    from kg.audit import audit

    return audit(cache.open(), keep_facts=False).findings


def _check_writable(data_dir: Path) -> None:
    """Verdicts are never written into the data installed with the package (it is replaced on upgrade)."""
    from kg.dataset.paths import bundled_data_dir

    folder = Path(data_dir).resolve()
    if folder == bundled_data_dir().resolve() and {"site-packages", "dist-packages"} & set(folder.parts):
        raise ReviewError(
            "ReviewError: the data installed with evidence-kg is not for editing (an upgrade replaces it): "
            "copy it (cp -r) and pass --data DIR"
        )


def review_claim(
    cache,
    claim_ref: str,
    rating: str,
    by: str,
    note: str,
    date: str | None = None,
    passage: str | None = None,
    source: str | None = None,
) -> str:
    """``ekg review CLAIM``: record a verdict; returns the line to show."""
    _check_writable(cache.data_dir)
    slug = claim_ref.rpartition("/")[0] or None
    path, verdict = record_verdict(_articles(cache.data_dir, slug), claim_ref, rating, by, note, date, passage, source)
    return f"Recorded {verdict.rating} ({vocab.RATINGS[verdict.rating][0]}) on {verdict.claim} by {verdict.by}, {verdict.date}, in {path}"


def review_finding(cache, finding_id: str, decision: str, reason: str | None, by: str, date: str | None = None) -> str:
    """``ekg review --finding ID --dismiss|--accept``: record a decision; returns the line to show."""
    _check_writable(cache.data_dir)
    findings = _findings(cache)
    path, finding = record_finding(_articles(cache.data_dir), findings, finding_id, decision, reason, by, date)
    return f"Recorded {decision} on finding {finding.id} ({finding.rule}, {finding.subject.kind} {finding.subject.id}) in {path}"


def pending_review(cache) -> Pending:
    """``ekg review --pending``."""
    return pending(_articles(cache.data_dir), _findings(cache))
