"""Reviewers' verdicts: an article's ``reviewed.yaml`` (read, checked, written), and what still needs a look
(kg.review.workflow runs them for ``ekg review``).

A verdict judges one claim on a small scale (``kg.dataset.vocab.RATINGS``) and is anchored to what it judged: the claim's
quote, its figures and its sources' IRIs when the verdict was made. When any of them changes the verdict is
*stale*: kept, shown with what changed, and listed by ``ekg review --pending`` until someone judges the claim
again. An audit finding is accepted or dismissed by its id (``kg.audit.model.Finding.id``), a hash of the rule,
what it concerns and the evidence it quotes: when that changes the finding gets a new id and comes back open.

``ekg review`` rewrites the file whole (a temporary file renamed over it): every other entry is kept, comments
are not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from kg.dataset import vocab
from kg.dataset.model import (
    Article,
    Claim,
    FindingReview,
    Reviewer,
    Reviews,
    Verdict,
    Where,
)
from kg.dataset.yamlio import Fields, load_yaml
from kg.errors import ReviewError, SchemaError, UnknownId, did_you_mean
from kg.util.render import Table

REVIEWED = "reviewed.yaml"
HEADER = (
    "# Reviewers' verdicts on this article's claims and audit findings: see docs/data-format.md (reviewed.yaml).\n"
    "# Written by `ekg review`; edit by hand if you like (comments are not kept when ekg review rewrites it).\n"
)
BY_WHERE = "reviewers: in reviewed.yaml, or people: in article.yaml"


# ---------------------------------------------------------------------------------------------- anchoring


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def figure_key(stat) -> str:
    """A figure as a verdict remembers it: its wording and what it was read as ("2.6 times: risk-ratio 2.6 times")."""
    if stat.value is not None:
        amount = _num(stat.value)
    else:
        amount = f"{_num(stat.min) if stat.min is not None else ''}–{_num(stat.max) if stat.max is not None else ''}"
    return f"{stat.stated_as}: {stat.measure} {amount} {stat.unit}"


def claim_anchor(article: Article, claim: Claim) -> dict:
    """What a verdict on ``claim`` judges: its quote, its figures, and the IRIs of the sources it cites."""
    return {
        "quote": claim.quote,
        "figures": [figure_key(s) for s in claim.statistics],
        "sources": sorted({article.references[c.source].iri for c in claim.citations}),
    }


def changes(judged: dict, now: dict) -> list[str]:
    """What differs between the anchor a verdict judged and the claim as it is now, one phrase each."""
    out = []
    if judged.get("quote") != now["quote"]:
        out.append(f"the quote changed (judged: {_short(judged.get('quote') or '')!r})")
    old, new = list(judged.get("figures") or []), now["figures"]
    if old != new:
        gone, added = [f for f in old if f not in new], [f for f in new if f not in old]
        parts = [
            f"was {', '.join(repr(f) for f in gone)}" if gone else "",
            f"now {', '.join(repr(f) for f in added)}" if added else "",
        ]
        out.append(
            "the figures changed (" + "; ".join(p for p in parts if p) + ")"
            if gone or added
            else "the figures' order changed"
        )
    old, new = sorted(judged.get("sources") or []), now["sources"]
    if old != new:
        gone, added = [s for s in old if s not in new], [s for s in new if s not in old]
        parts = [f"no longer cites {', '.join(gone)}" if gone else "", f"now cites {', '.join(added)}" if added else ""]
        out.append("the sources changed (" + "; ".join(p for p in parts if p) + ")")
    return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------- loading


def load_reviews(article: Article) -> Reviews:
    """The article's reviewed.yaml, checked against its claims and people, each verdict's staleness worked out.
    An article without the file has no reviews."""
    path = Path(article.folder) / REVIEWED
    reviews = Reviews(path)
    if not path.exists():
        return reviews
    doc = Fields(load_yaml(path) or {}, path, "")
    for key, f in doc.entries("reviewers", ids=True):
        reviews.reviewers[key] = Reviewer(key, f.str("name", required=True), f.str("credentials"), Where(path, f.line))
        f.done()
    agents = {**reviews.reviewers, **article.people, vocab.CURATORS: None}
    claims = {c.id: c for c in article.claims}
    for key, f in doc.entries("claims"):
        if key not in claims:
            line = getattr(doc.data.get("claims"), "lines", {}).get(key, f.line)
            judged = f.data.get("judged")
            quote = judged.get("quote") if isinstance(judged, dict) else None
            renamed = [c.id for c in article.claims if quote and c.quote == quote]
            hint = (
                f"its quote is now claim {renamed[0]!r}: move the verdict there"
                if len(renamed) == 1
                else did_you_mean(key, claims)
                or "the claim was removed or renamed: move the verdict to its id, or delete it"
            )
            raise UnknownId(path, line, f"claims.{key}", f"{key!r} is not a claim of claims.yaml", hint)
        claim = claims[key]
        rating = f.choice("rating", vocab.RATINGS)
        by = f.ref("by", agents, "reviewer", BY_WHERE)
        date = f.date("date", required=True)
        note = f.str("note", required=True)
        passage, source = f.str("passage"), f.str("source")
        if source is not None and source not in article.references:
            raise f.error(
                "source",
                f"{source!r} is not in references.bib",
                did_you_mean(source, article.references) or "use the BibTeX key of the source the passage is from",
                UnknownId,
            )
        if source is None and passage is not None and len(claim.citations) == 1:
            source = claim.citations[0].source
        jf = f.sub("judged", f.raw("judged", required=True))
        judged = {
            "quote": jf.str("quote", required=True),
            "figures": jf.str_list("figures"),
            "sources": jf.str_list("sources"),
        }
        jf.done()
        reviews.verdicts[key] = Verdict(
            key,
            rating,
            by,
            date,
            note,
            judged,
            passage,
            source,
            changes(judged, claim_anchor(article, claim)),
            Where(path, f.line),
        )
        f.done()
    for key, f in doc.entries("findings"):
        if not re.fullmatch(r"[0-9a-f]{6,64}", key):
            raise SchemaError(
                path,
                f.line,
                f"findings.{key}",
                f"{key!r} is not a finding id",
                "copy the id from the id column of ekg audit",
            )
        decision = f.choice("decision", vocab.FINDING_DECISIONS)
        reason = f.str("reason", required=decision == "dismissed")
        reviews.findings[key] = FindingReview(
            key,
            decision,
            reason,
            f.ref("by", agents, "reviewer", BY_WHERE),
            f.date("date", required=True),
            f.str("rule"),
            f.str("concerns"),
            Where(path, f.line),
        )
        f.done()
    doc.done()
    return reviews


# ---------------------------------------------------------------------------------------------- writing


def _plain(value):
    """LineDict/LineList as plain dicts and lists (what yaml.safe_dump writes)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _read_raw(path: Path) -> dict:
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    Fields(data, path, "")  # a mapping, or the one-line error
    return _plain(data)


def _write(path: Path, data: dict) -> None:
    import yaml

    from kg.util.fsutil import atomic_write_text

    ordered = {k: data[k] for k in ("reviewers", "claims", "findings") if data.get(k)}
    ordered.update({k: v for k, v in data.items() if k not in ordered and v})
    text = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    try:
        atomic_write_text(path, HEADER + text)
    except OSError as exc:  # a read-only folder (the data installed with the package), a full disk
        raise ReviewError(
            f"ReviewError: cannot write {path}: {exc.strerror or exc} "
            "(review a writable copy of the data: pass --data DIR)"
        ) from None


def parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ReviewError(f"ReviewError: --date {value!r} is not a date (write an ISO date, e.g. 2024-05-01)") from None


def _reviewer(data: dict, article: Article, by: str) -> str:
    """The id ``by`` names: a reviewer, a person of article.yaml or the curators; otherwise "Name, Credentials" of a
    new reviewer, added to ``data['reviewers']``."""
    reviewers = data.setdefault("reviewers", {})
    if by in reviewers or by in article.people or by == vocab.CURATORS:
        return by
    name, _, credentials = (part.strip() for part in by.partition(","))
    if not name or not re.search(r"[^\W\d_]", name):
        hint = (
            did_you_mean(by, [*reviewers, *article.people])
            or 'give a reviewer id, or "Name, Credentials", e.g. "Jane Doe, MD"'
        )
        raise ReviewError(f"ReviewError: --by {by!r} is neither a reviewer nor a name ({hint})")
    from kg.util.text import slugify

    rid = slugify(name)
    for pid, person in article.people.items():  # a person the article already names, by name
        if person.name == name:
            return pid
    existing = reviewers.get(rid)
    if existing is not None and existing.get("name") != name:
        raise ReviewError(
            f"ReviewError: --by {by!r}: the reviewer id {rid!r} is already {existing.get('name')!r} in {REVIEWED} "
            f"(pass {rid} to mean them, or give the new reviewer's full name)"
        )
    entry = {"name": name}
    if credentials:
        entry["credentials"] = credentials
    elif existing and existing.get("credentials"):
        entry["credentials"] = existing["credentials"]
    reviewers[rid] = entry
    return rid


def find_claim(articles: list[Article], ref: str) -> tuple[Article, Claim]:
    """A claim by ``slug/claim-id``, or by its id alone where one article has it."""
    slug, _, cid = ref.rpartition("/")
    found = [(a, c) for a in articles if not slug or a.slug == slug for c in a.claims if c.id == cid]
    if len(found) == 1:
        return found[0]
    if found:
        raise ReviewError(
            f"ReviewError: claim {cid!r} is in {len(found)} articles ({', '.join(a.slug for a, _ in found)}): "
            f"write it as SLUG/{cid}"
        )
    known = [f"{a.slug}/{c.id}" if slug else c.id for a in articles for c in a.claims]
    raise ReviewError(f"ReviewError: no claim {ref!r} ({did_you_mean(ref, known) or 'ekg claims lists the claims'})")


def record_verdict(
    articles: list[Article],
    claim_ref: str,
    rating: str,
    by: str,
    note: str,
    date: str | None = None,
    passage: str | None = None,
    source: str | None = None,
) -> tuple[Path, Verdict]:
    """Record (or replace) the verdict on a claim in its article's reviewed.yaml, anchored to the claim as it is now."""
    if rating not in vocab.RATINGS:
        raise ReviewError(
            f"ReviewError: --rating {rating!r} is not on the scale "
            f"({did_you_mean(rating, vocab.RATINGS) or 'use one of: ' + ', '.join(vocab.RATINGS)})"
        )
    if not note or not note.strip():
        raise ReviewError(
            "ReviewError: --note is empty (say why: what the source says, what the claim gets right or wrong)"
        )
    article, claim = find_claim(articles, claim_ref)
    if source is not None and source not in article.references:
        raise ReviewError(
            f"ReviewError: --source {source!r} is not in {article.slug}'s references.bib "
            f"({did_you_mean(source, article.references) or 'use a BibTeX key'})"
        )
    when = parse_date(date)
    path = Path(article.folder) / REVIEWED
    data = _read_raw(path)
    rid = _reviewer(data, article, by)
    entry: dict[str, Any] = {"rating": rating, "by": rid, "date": when, "note": note}
    if passage:
        entry["passage"] = passage
    if source:
        entry["source"] = source
    entry["judged"] = claim_anchor(article, claim)
    data.setdefault("claims", {})[claim.id] = entry
    _write(path, data)
    return path, Verdict(claim.id, rating, rid, when, note, entry["judged"], passage, source)


class _Subject(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def id(self) -> str: ...


class _Finding(Protocol):
    """What recording a decision reads of an audit finding (kg.audit's Finding, which this room does not import)."""

    @property
    def id(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def article(self) -> str | None: ...
    @property
    def subject(self) -> _Subject: ...


FindingT = TypeVar("FindingT", bound=_Finding)


def record_finding(
    articles: list[Article],
    findings: list[FindingT],
    finding_id: str,
    decision: str,
    reason: str | None,
    by: str,
    date: str | None = None,
) -> tuple[Path, FindingT]:
    """Accept or dismiss an audit finding (by its id, or a unique prefix of it) in its article's reviewed.yaml."""
    if decision == "dismissed" and not (reason and reason.strip()):
        raise ReviewError("ReviewError: a dismissal needs --reason (why the finding does not apply here)")
    matches = [f for f in findings if f.id.startswith(finding_id.lower())] if finding_id else []
    if not matches:
        hint = (
            did_you_mean(finding_id, [f.id for f in findings])
            or "ekg audit lists each finding's id; ekg review --pending lists the open ones"
        )
        raise ReviewError(f"ReviewError: no audit finding {finding_id!r} ({hint})")
    if len({f.id for f in matches}) > 1:
        raise ReviewError(
            f"ReviewError: {finding_id!r} starts {len(matches)} finding ids ({', '.join(f.id for f in matches[:5])}): give more of it"
        )
    finding = matches[0]
    by_slug: dict[str | None, Article] = {a.slug: a for a in articles}
    article = by_slug.get(finding.article)
    if article is None:
        raise ReviewError(
            f"ReviewError: finding {finding.id} concerns no article of this data folder, so it has no reviewed.yaml to go in"
        )
    when = parse_date(date)
    path = Path(article.folder) / REVIEWED
    data = _read_raw(path)
    rid = _reviewer(data, article, by)
    entry: dict[str, Any] = {"decision": decision}
    if reason:
        entry["reason"] = reason
    entry.update(
        {"by": rid, "date": when, "rule": finding.rule, "concerns": f"{finding.subject.kind} {finding.subject.id}"}
    )
    data.setdefault("findings", {})[finding.id] = entry
    _write(path, data)
    return path, finding


# ---------------------------------------------------------------------------------------------- pending


@dataclass
class Pending:
    """What still needs a reviewer: claims without a verdict, stale verdicts, open findings, lapsed decisions."""

    items: list[dict] = field(default_factory=list)

    def to_json(self) -> list[dict]:
        return self.items

    def tables(self) -> list[Table]:
        rows = [[i["kind"], i["article"], i["id"], i["what"]] for i in self.items]
        counts: dict[str, int] = {}
        for i in self.items:
            counts[i["kind"]] = counts.get(i["kind"], 0) + 1
        summary = ", ".join(f"{k}: {n}" for k, n in counts.items()) or "nothing"
        return [
            Table(
                ["needs", "article", "claim or finding", "why"],
                rows,
                title=f"Pending review: {summary}",
                footer=[
                    "Record a verdict: ekg review CLAIM --rating R --by WHO --note TEXT; "
                    "a finding: ekg review --finding ID --dismiss --reason TEXT --by WHO"
                ],
            )
        ]


def pending(articles: list[Article], findings: list) -> Pending:
    """Stale verdicts, claims with no verdict, open findings (neither accepted nor dismissed), and decisions whose
    finding is gone (what it concerned changed: the finding, if still there, is open again under a new id)."""
    out = Pending()
    current: dict[str, set[str]] = {}
    for f in findings:
        if f.article is not None:
            current.setdefault(f.article, set()).add(f.id)
    for article in articles:
        reviews = article.reviews or Reviews(Path(article.folder) / REVIEWED)
        for claim in article.claims:
            verdict = reviews.verdicts.get(claim.id)
            if verdict is None:
                out.items.append(
                    {"kind": "no verdict", "article": article.slug, "id": claim.id, "what": _short(claim.quote, 80)}
                )
            elif verdict.stale:
                out.items.append(
                    {
                        "kind": "stale verdict",
                        "article": article.slug,
                        "id": claim.id,
                        "what": f"{verdict.rating} by {verdict.by} on {verdict.date}; since then "
                        + "; ".join(verdict.stale),
                    }
                )
        for fid, decision in reviews.findings.items():
            if fid not in current.get(article.slug, set()):
                out.items.append(
                    {
                        "kind": "lapsed decision",
                        "article": article.slug,
                        "id": fid,
                        "what": f"{decision.decision} by {decision.by} on {decision.date} ({decision.rule or 'rule ?'}, "
                        f"{decision.concerns or '?'}): the finding is gone or what it concerns changed",
                    }
                )
    reviewed = {(a.slug, fid) for a in articles for fid in (a.reviews.findings if a.reviews else {})}
    slugs = {a.slug for a in articles}
    for f in findings:
        if f.article in slugs and (f.article, f.id) not in reviewed:
            out.items.append(
                {
                    "kind": "open finding",
                    "article": f.article,
                    "id": f.id,
                    "what": f"{f.severity} {f.rule} on {f.subject.kind} {f.subject.id}: {_short(f.message, 100)}",
                }
            )
    order = {"stale verdict": 0, "open finding": 1, "lapsed decision": 2, "no verdict": 3}
    out.items.sort(key=lambda i: order[i["kind"]])
    return out
