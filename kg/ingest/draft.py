"""Write a drafted article as a curated data folder: ``OUT/articles/<slug>/`` with article.txt,
article.yaml, claims.yaml and references.bib, in exactly the format docs/data-format.md describes.

The folder is written beside its destination, loaded back with ``kg.dataset.loader.load_article`` (so a draft that
``ekg build`` would reject is never published), and only then renamed into place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml

from kg.errors import EkgError, IngestError
from kg.ingest.linking import REVIEW_THRESHOLD
from kg.ingest.pipeline import Draft, DraftClaim
from kg.util.fsutil import atomic_write_text

ARTICLE_HEADER = """\
# Draft metadata written by `ekg ingest` from {source}. A machine draft: check every field against the
# article, then delete this comment. Notes say what was dropped or guessed and how sure the ingester was.
"""
CLAIMS_HEADER = """\
# Draft claims written by `ekg ingest` from {source}: one claim per sentence of the article's body, each
# with its exact quote, the statistics, attribution and citations found in it, and a `draft:` block with
# the claim's confidence (the lowest of its parts), the rule behind every part, and what to review.
# Links and attributions scored below {threshold} are never attached: they are listed under draft.review.
# When a claim is reviewed, fix it, add `about:` concepts, and delete its `draft:` block.
"""


#: libyaml's emitter where PyYAML has it (ten times faster than the pure-Python one on a large draft)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=False)


def article_yaml(draft: Draft) -> str:
    people = {}
    for pid, person in draft.people.items():
        entry: dict = {"name": person.name}
        if person.credentials:
            entry["credentials"] = person.credentials
        if person.job_title:
            entry["job_title"] = person.job_title
        if person.affiliation:
            entry["affiliation"] = next(oid for oid, name in draft.organisations.items() if name == person.affiliation)
        if person.bio:
            entry["bio"] = person.bio
        entry["roles"] = list(person.roles)
        if person.aliases:
            entry["aliases"] = list(person.aliases)
        people[pid] = entry
    data: dict = {"slug": draft.slug, "title": draft.title}
    if draft.description:
        data["description"] = draft.description
    data["publisher"] = draft.publisher_id
    if draft.published:
        data["published"] = draft.published
    if draft.modified:
        data["modified"] = draft.modified
    if draft.url:
        data["url"] = draft.url
    data["language"] = "en"
    data["text"] = "article.txt"
    data["notes"] = draft.notes
    if people:
        data["people"] = people
    data["organisations"] = {oid: {"name": name} for oid, name in draft.organisations.items()}
    data["sections"] = [
        {"id": s.id, "title": s.title, "starts_at": s.starts_at, "heading": s.heading} for s in draft.sections
    ]
    return ARTICLE_HEADER.format(source=draft.source_name) + _dump(data)


def claim_data(claim: DraftClaim) -> dict:
    data: dict = {
        "id": claim.id,
        "type": claim.types[0] if len(claim.types) == 1 else list(claim.types),
        "quote": claim.quote,
    }
    if claim.occurrence:
        data["occurrence"] = claim.occurrence
    data["text"] = claim.text
    if claim.statistics:
        data["statistics"] = [q.as_yaml() for q in claim.statistics]
    if claim.attribution is not None and claim.agent_id:
        data["attribution"] = {"agent": claim.agent_id, "mode": claim.attribution.mode, "cue": claim.attribution.cue}
    if claim.citations:
        data["citations"] = [
            {
                "source": c.link.key,
                "intent": c.intent,
                "cue_type": c.link.cue_type,
                "cue": c.link.cue,
                "confidence": c.link.confidence,
                "basis": f"{c.link.rule}: {c.link.basis}",
            }
            | ({"mismatch": list(c.link.mismatch)} if c.link.mismatch else {})
            for c in claim.citations
        ]
    if claim.ambiguities:
        data["ambiguities"] = list(claim.ambiguities)
    draft: dict = {"confidence": claim.confidence, "rules": list(claim.rules)}
    if claim.review:
        draft["review"] = list(claim.review)
    data["draft"] = draft
    return data


def claims_yaml(draft: Draft) -> str:
    parts = [CLAIMS_HEADER.format(source=draft.source_name, threshold=REVIEW_THRESHOLD), "concepts: {}\n", "claims:\n"]
    for claim in draft.claims:
        body = _dump([claim_data(claim)])
        parts.append("\n" + "".join("  " + line if line.strip() else line for line in body.splitlines(keepends=True)))
    if not draft.claims:
        parts[-1] = "claims: []\n"
    return "".join(parts)


def references_bib(draft: Draft, path: Path) -> None:
    if draft.bib_text is not None:
        atomic_write_text(path, draft.bib_text)
        return
    from kg.dataset.bib import write_bibtex
    from kg.dataset.model import Reference, Where

    refs = [
        Reference(
            r.key,
            r.entry_type,
            {name: value for name, value in r.fields().items() if value or name != "verbatim"},
            r.title or "",
            r.year,
            r.doi,
            r.url,
            r.verbatim,
            r.number,
            r.authors,
            Where(path, None),
            r.pmid,
            r.pmcid,
            r.isbn,
        )
        for r in draft.references
    ]
    if refs:
        write_bibtex(refs, path)
    else:
        atomic_write_text(path, "% No reference list was found in the article.\n")


def write_draft(draft: Draft, out: Path, force: bool = False) -> Path:
    """Write the draft to ``out/articles/<slug>/``; refuse to replace an existing folder unless ``force``."""
    out = Path(out)
    target = out / "articles" / draft.slug
    if target.exists() and not force:
        raise IngestError(
            target, None, None, "already exists", "pass --force to replace it, or --slug to write another folder"
        )
    try:
        (out / "articles").mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".ingest-{draft.slug}-", dir=out))
    except OSError as exc:
        raise IngestError(
            out, None, None, f"cannot write the draft here: {exc.strerror}", "give --out a folder you can write to"
        ) from None
    try:
        folder = staging / draft.slug
        folder.mkdir()
        atomic_write_text(folder / "article.txt", draft.text)
        atomic_write_text(folder / "article.yaml", article_yaml(draft))
        atomic_write_text(folder / "claims.yaml", claims_yaml(draft))
        references_bib(draft, folder / "references.bib")
        _check(folder)
        if target.exists():
            old = staging / "previous"
            os.replace(target, old)
        os.replace(folder, target)
    except OSError as exc:
        raise IngestError(
            target,
            None,
            None,
            f"cannot write the draft: {exc.strerror}",
            "check the folder is writable and the disk has room",
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _check(folder: Path) -> None:
    """The draft must load exactly as `ekg build` will load it."""
    from kg.dataset.loader import load_article

    try:
        load_article(folder)
    except EkgError as exc:  # a bug in the ingester, not in the user's input: say so plainly
        raise IngestError(
            None,
            None,
            None,
            f"the draft does not load ({exc})",
            "please report this article to the evidence-kg maintainers",
        ) from exc
