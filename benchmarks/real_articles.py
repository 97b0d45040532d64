"""Ingest real articles and measure each draft against its hand annotation (benchmarks/corpus/).

    .venv/bin/python benchmarks/real_articles.py                      # dev split, tables
    .venv/bin/python benchmarks/real_articles.py --split heldout      # the held-back quarter, reported apart
    .venv/bin/python benchmarks/real_articles.py --split all --json   # every figure as JSON
    .venv/bin/python benchmarks/real_articles.py --corpus DIR         # texts not in the repository: DIR/<id>/<file>
    .venv/bin/python benchmarks/real_articles.py --corpus A --corpus B  # several such folders, searched in order
    .venv/bin/python benchmarks/real_articles.py --with-date          # also measure the steps after a refused date
    .venv/bin/python benchmarks/real_articles.py --batch 2            # only the articles added in batch 2

Each article is drafted by the installed ``kg.ingest.ingest()`` exactly as a user would run ``ekg ingest FILE``:
nothing is given by hand (no --published, no --publisher). A refusal is a result ("refused", with its one-line
error), and an unexpected exception is reported for that article only; the run goes on.

What is counted, per article (benchmarks/corpus/README.md says how the annotations were made):
  statistics      annotated statistics the draft has (matched by their stated_as wording within the same sentence,
                  which a claim's quote gives less its attribution tag);
                  extra: drafted statistics that match none (not counted where an annotation has
                  statistics_scope: cited, i.e. only the statistics that cite a reference were annotated)
  cited           annotated statistics that cite a reference; linked: of those, the draft links the claim to every
                  cited reference (by reference number); wrong: links to a reference the sentence does not cite
  attributions    annotated quotes of a named person the draft attributes; right person: to that person
  references      annotated reference-list entries; dropped: not in the draft's references.bib; and, per field,
                  how many the draft has right (first author, year, title, container, volume, pages, DOI)
  audit           `ekg audit` run on the draft (issue 20): each error and warning it raises is matched, by rule and
                  subject, with the hand judgement recorded in the annotation's ``audit:`` list (right or wrong,
                  with why); per rule: raised, judged right, judged wrong, not yet judged
  defects         the reference-list and cue defects a careful reviewer finds, recorded in the annotation's
                  ``defects:`` list (rule, subject, what is wrong) before the rules were written; a defect is
                  reported when a finding (any severity) of a rule of its family (FAMILIES) is about its subject
                  (``reported_by``); per annotated rule: how many are reported, and which were missed; per audit
                  rule: how many defects its findings report
  validates       the draft built as `ekg build` builds it and SHACL-validated as `ekg validate` checks it (the
                  library's own kg.cache and kg.build.validate): whether it conforms, and its first violation
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Collection
from difflib import SequenceMatcher
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"
FIELDS = ("first_author", "year", "title", "container", "volume", "pages", "doi")
REQUIRED = (
    "id",
    "split",
    "file",
    "form",
    "citation_style",
    "licence",
    "source",
    "metadata",
    "statistics",
    "attributions",
    "references",
)
FORMS = {"html": ".html", "md": ".md", "txt": ".txt"}


# --- the corpus -----------------------------------------------------------------------------------------------


def heldout_ids(ids: list[str]) -> set[str]:
    """The held-back quarter of one batch, fixed before any evaluation: the first max(1, n // 4) ids in sha256 order."""
    ranked = sorted(ids, key=lambda i: hashlib.sha256(i.encode()).hexdigest())
    return set(ranked[: max(1, len(ranked) // 4)])


def batch_of(annotation: dict) -> int:
    """The batch an article was added in (``batch:`` in its annotation; the first sixteen have none and are batch 1)."""
    return annotation.get("batch", 1)


def heldout_by_batch(annotations: list[dict]) -> set[str]:
    """The held-back quarter of every batch, each drawn by ``heldout_ids`` among that batch's ids alone, so that a
    new batch never moves an article of an earlier one between dev and held-out."""
    batches: dict[str, list[str]] = {}
    for a in annotations:
        if a.get("id"):
            batches.setdefault(repr(batch_of(a)), []).append(a["id"])
    return set().union(*(heldout_ids(ids) for ids in batches.values()))


def load_annotations(corpus: Path = CORPUS) -> list[dict]:
    """Every annotation.yaml under ``corpus``, in id order; one that cannot be read carries its ``_error``."""
    out = []
    for path in sorted(corpus.glob("*/annotation.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a mapping")
        except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            data = {"id": path.parent.name, "_error": f"{path}: {problem}"}
        data["_dir"] = path.parent
        out.append(data)
    return out


def problems(corpus: Path = CORPUS) -> list[str]:
    """What is wrong with the corpus's annotations and README (empty when well-formed)."""
    found: list[str] = []
    annotations = load_annotations(corpus)
    held = heldout_by_batch([a for a in annotations if "_error" not in a])
    readme = (corpus / "README.md").read_text(encoding="utf-8") if (corpus / "README.md").exists() else ""
    if not readme:
        found.append(f"{corpus / 'README.md'}: missing")
    for a in annotations:
        where = a["_dir"] / "annotation.yaml"
        if "_error" in a:
            found.append(a["_error"])
            continue
        for key in REQUIRED:
            if key not in a:
                found.append(f"{where}: no '{key}'")
        if a.get("id") != a["_dir"].name:
            found.append(f"{where}: id {a.get('id')!r} is not the folder name")
        if a.get("form") not in FORMS or not str(a.get("file", "")).endswith(FORMS.get(a.get("form"), "?")):
            found.append(f"{where}: form {a.get('form')!r} does not fit file {a.get('file')!r}")
        if type(batch_of(a)) is not int or batch_of(a) < 1:
            found.append(f"{where}: batch must be a whole number from 1 (leave it out for the first batch)")
        # an article the rule draws held-out but which was read while rules were written (``seen:`` says when and
        # why) can no longer measure anything unseen: it is reported with the dev articles instead
        expected = "heldout" if a.get("id") in held and not a.get("seen") else "dev"
        if a.get("split") != expected:
            found.append(
                f"{where}: split {a.get('split')!r}, but the sha256 rule within batch {batch_of(a)} puts it in "
                f"{expected}" + (" (it was seen during development: see its 'seen')" if a.get("seen") else "")
            )
        if a.get("seen") and a.get("id") not in held:
            found.append(f"{where}: 'seen' is only for an article the rule draws held-out; a dev article needs none")
        committed = a.get("committed", True)
        if committed and not (a["_dir"] / str(a.get("file"))).is_file():
            found.append(
                f"{where}: {a.get('file')} is not in the folder (set committed: false if its licence forbids a copy)"
            )
        if not committed and (a["_dir"] / str(a.get("file"))).exists():
            found.append(f"{where}: committed: false, yet {a.get('file')} is in the folder")
        if not str(a.get("licence", "")).strip() or not str(a.get("source", "")).strip():
            found.append(f"{where}: licence and source must be recorded")
        if f"`{a.get('id')}`" not in readme:
            found.append(f"{corpus / 'README.md'}: does not list `{a.get('id')}`")
        meta = a.get("metadata") or {}
        for key in ("title", "published", "publisher"):
            if key not in meta:
                found.append(f"{where}: metadata has no '{key}'")
        if a.get("statistics_scope", "all") not in ("all", "cited"):
            found.append(f"{where}: statistics_scope must be all or cited")
        for s in a.get("statistics") or []:
            if not isinstance(s, dict) or "stated_as" not in s or not isinstance(s.get("cites"), list):
                found.append(f"{where}: statistic {s!r} needs stated_as and a cites list")
        for t in a.get("attributions") or []:
            if not isinstance(t, dict) or not {"quote", "person", "mode"} <= set(t):
                found.append(f"{where}: attribution {t!r} needs quote, person and mode")
        for r in a.get("references") or []:
            if not isinstance(r, dict) or "first_author" not in r or "number" not in r:
                found.append(f"{where}: reference {r!r} needs number and first_author")
    return found


# --- comparing ------------------------------------------------------------------------------------------------

DASHES = dict.fromkeys(map(ord, "‐‑‒–—−"), "-")
QUOTES = dict.fromkeys(map(ord, "“”„«»″"), '"') | dict.fromkeys(map(ord, "‘’‚′"), "'")


def norm(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).translate(DASHES).translate(QUOTES)
    return re.sub(r"\s+", " ", text).strip().casefold()


def numbers(text: str) -> list[str]:
    return [n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def same_figure(annotated: str, drafted: str) -> bool:
    a, d = norm(annotated), norm(drafted)
    if numbers(a):
        na, nd = numbers(a), numbers(d)
        return bool(nd) and (set(na) <= set(nd) or set(nd) <= set(na))
    return bool(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", d) or re.search(rf"(?<!\w){re.escape(d)}(?!\w)", a))


def same_sentence(context: str | None, quote: str) -> bool:
    """Whether a drafted claim's quote is the sentence an annotated context fragment is from. A claim's quote is
    its sentence less an attribution tag ("…, says the World Health Organization", "The CDC recommends …"): a
    context that runs into the tag shares one run of at least 60% of the shorter text with the quote, at the
    context's start or end (the side away from the tag)."""
    if not context:
        return True
    c, q = norm(context), norm(quote)
    if c in q or q in c:
        return True
    run = SequenceMatcher(None, c, q, autojunk=False).find_longest_match(0, len(c), 0, len(q))
    return run.size >= 0.6 * min(len(c), len(q)) and (run.a == 0 or run.a + run.size == len(c))


def quote_overlaps(annotated: str, drafted: str) -> bool:
    a, d = norm(annotated).strip("\"' "), norm(drafted).strip("\"' ")
    head = a[:40]
    return bool(a and d) and (head in d or d[:40] in a)


def _surname(name: str) -> str:
    name = name.split(",")[0].strip()
    return name if " " not in name or not re.search(r"\s[A-Z]{1,3}$", name) else name.rsplit(" ", 1)[0]


def field_right(field: str, annotated, entry: dict) -> bool:
    f = entry
    if field == "first_author":
        first = (f.get("author") or "").split(" and ")[0] or f.get("organization") or ""
        return bool(first) and norm(_surname(first)) == norm(annotated) or norm(first) == norm(annotated)
    if field == "container":
        # a journal's closing full stop ("BMC Biol.", "Proc. Natl. Acad. Sci. U.S.A.") is printed the same as the
        # full stop that ends the field, so neither side's is compared (as for the title)
        return norm(f.get("journal")).rstrip(". ") == norm(annotated).rstrip(". ")
    if field == "title":
        return norm(f.get("title")).rstrip(". ") == norm(annotated).rstrip(". ")
    if field == "pages":
        return norm(f.get("pages")).replace("--", "-") == norm(annotated)
    if field == "doi":
        return norm(f.get("doi")) == norm(annotated)
    key = {"year": "year", "volume": "volume"}[field]
    return norm(f.get(key)) == norm(annotated)


def _drafted(field: str, entry: dict) -> str | None:
    """The draft's value that field_right compared, for the JSON listing of wrong fields."""
    if field == "first_author":
        return (entry.get("author") or "").split(" and ")[0] or entry.get("organization")
    return entry.get({"container": "journal"}.get(field, field))


def _bib_entries(folder: Path) -> dict[str, dict]:
    import bibtexparser

    path = folder / "references.bib"
    if not path.exists():
        return {}
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    return {e.key: {f.key: str(f.value) for f in e.fields} for e in library.entries}


def _identifiers(record: dict) -> set[tuple[str, str]]:
    """The persistent identifiers of an annotated reference or a drafted BibTeX entry, normalised for comparison:
    DOI, PubMed id, PMC id, and the address as the audit compares addresses (``kg.audit.refs.normalise_url``)."""
    from kg.audit.refs import normalise_url

    out: set[tuple[str, str]] = set()
    for name in ("doi", "pmid", "pmcid"):
        value = str(record.get(name) or "").strip().lower()
        if value:
            out.add((name, value))
    url = normalise_url(str(record.get("url") or ""))
    if url:
        out.add(("url", url))
    return out


def match_references(annotated: list[dict], bib: dict[str, dict]) -> dict[str, int]:
    """Draft BibTeX key -> the index of the annotated reference it drafts: by list number where the draft kept one
    that the annotation has, otherwise by a shared identifier (DOI, PubMed or PMC id, address: sources known only by a numbered link), and
    last by first author and year (author-year lists, lists whose numbers were lost)."""
    numbers = {ref.get("number"): i for i, ref in enumerate(annotated) if ref.get("number") is not None}
    out: dict[str, int] = {}
    for key, entry in bib.items():
        number = str(entry.get("refnumber", ""))
        if number.isdigit() and int(number) in numbers and numbers[int(number)] not in out.values():
            out[key] = numbers[int(number)]
    # a source known only by its link (a page with numbered links and no printed list): by identifier
    by_id: dict[tuple[str, str], int] = {}
    for i, ref in enumerate(annotated):
        for ident in _identifiers(ref):
            by_id.setdefault(ident, i)
    for key, entry in bib.items():
        if key in out:
            continue
        for ident in _identifiers(entry):
            i = by_id.get(ident)
            if i is not None and i not in out.values():
                out[key] = i
                break
    for key, entry in bib.items():
        if key in out:
            continue
        for i, ref in enumerate(annotated):
            if (
                i not in out.values()
                and ref.get("first_author")  # two entries that both lack an author are not the same work
                and str(entry.get("year")) == str(ref.get("year"))
                and field_right("first_author", ref["first_author"], entry)
            ):
                out[key] = i
                break
    return out


def compare(annotation: dict, folder: Path) -> dict:
    """The figures of one drafted article folder against its annotation."""
    claims = (yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8")) or {}).get("claims") or []
    article = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8")) or {}
    bib = _bib_entries(folder)
    references = annotation.get("references") or []
    matched = match_references(references, bib)
    # a citation's annotated id: the reference's list number (its position where the list has none)
    ident = {
        key: references[i].get("number") if references[i].get("number") is not None else f"#{i}"
        for key, i in matched.items()
    }
    people = {pid: p.get("name", "") for pid, p in (article.get("people") or {}).items()}

    drafted = [(s.get("stated_as", ""), c) for c in claims for s in c.get("statistics") or []]
    used: set[int] = set()
    r = {
        "statistics": 0,
        "statistics_found": 0,
        "cited": 0,
        "linked": 0,
        "wrong_links": 0,
        "attributions": 0,
        "attributions_found": 0,
        "attributions_right_person": 0,
        "references": 0,
        "references_dropped": 0,
        "drafted_statistics": len(drafted),
        "drafted_references": len(bib),
        "published_right": None,
    }
    r |= {f"{f}_right": 0 for f in FIELDS} | {f"{f}_total": 0 for f in FIELDS}
    r["wrong_fields"] = []
    missed: list[str] = []
    for stat in annotation.get("statistics") or []:
        r["statistics"] += 1
        cites = set(stat.get("cites") or [])
        r["cited"] += bool(cites)
        hit = next(
            (
                i
                for i, (stated, claim) in enumerate(drafted)
                if i not in used
                and same_figure(str(stat["stated_as"]), stated)
                and same_sentence(stat.get("context"), claim.get("quote", ""))
            ),
            None,
        )
        if hit is None:
            missed.append(str(stat.get("context") or stat["stated_as"]))
            continue
        used.add(hit)
        r["statistics_found"] += 1
        linked = {ident.get(c.get("source"), c.get("source")) for c in drafted[hit][1].get("citations") or []}
        if cites and cites <= linked:
            r["linked"] += 1
        r["wrong_links"] += len(linked - cites)
    for attribution in annotation.get("attributions") or []:
        r["attributions"] += 1
        claim = next(
            (c for c in claims if quote_overlaps(attribution["quote"], c.get("quote", "")) and c.get("attribution")),
            None,
        )
        if claim is None:
            continue
        r["attributions_found"] += 1
        person = people.get(claim["attribution"].get("agent"), "")
        if norm(attribution["person"].split()[-1]) in norm(person):
            r["attributions_right_person"] += 1
    by_index = {i: bib[key] for key, i in matched.items()}
    for i, ref in enumerate(references):
        r["references"] += 1
        entry = by_index.get(i)
        if entry is None:
            r["references_dropped"] += 1
        for f in FIELDS:
            if ref.get(f) in (None, ""):
                continue
            r[f"{f}_total"] += 1
            right = entry is not None and field_right(f, ref[f], entry)
            r[f"{f}_right"] += right
            if not right:
                r["wrong_fields"].append(
                    {
                        "reference": ref.get("number", f"#{i}"),
                        "field": f,
                        "annotated": ref[f],
                        "drafted": None if entry is None else _drafted(f, entry),
                    }
                )
    published = (annotation.get("metadata") or {}).get("published")
    if published:
        r["published_right"] = str(article.get("published")) == str(published)
    # where only the cited statistics were annotated, a drafted statistic the annotation lacks says nothing
    r["extra_statistics"] = len(drafted) - len(used) if annotation.get("statistics_scope", "all") == "all" else 0
    r["missed_statistics"] = missed
    return r


# --- running --------------------------------------------------------------------------------------------------


def _texts(texts: Path | list[Path] | None) -> list[Path]:
    """The folders given with --corpus, as a list (one folder, several, or none)."""
    if texts is None:
        return []
    return [texts] if isinstance(texts, Path) else list(texts)


def run_article(
    annotation: dict, texts: Path | list[Path] | None, with_date: bool = False, validate: bool = False
) -> dict:
    """Ingest one article into a temporary folder, build, audit, validate and compare; never raises.

    ``with_date``: where ingest refuses for want of a publication date, draft again with the annotation's date
    (status "drafted-with-date"), so that the steps after the date can be measured; never the default.
    ``validate``: SHACL-validate the built draft (about a second an article, for pySHACL's SPARQL constraints)."""
    from kg.errors import EkgError
    from kg.ingest import ingest

    base = {
        "id": annotation["id"],
        "split": annotation.get("split", "?"),
        "form": annotation.get("form", "?"),
        "batch": batch_of(annotation),
    }
    if "_error" in annotation:
        return base | {"status": "error", "error": annotation["_error"]}
    name = str(annotation.get("file"))
    source = annotation["_dir"] / name
    for folder in _texts(texts):
        if source.is_file():
            break
        source = folder / annotation["id"] / name
    if not source.is_file():
        return base | {
            "status": "skipped",
            "error": f"text not in the repository (licence): give --corpus DIR with DIR/{annotation['id']}/{name}",
        }
    work = Path(tempfile.mkdtemp(prefix="real-articles-"))
    try:
        try:
            result = ingest(source, work / "out")
            status = "drafted"
        except EkgError as exc:
            refusal = base | {"status": "refused", "error": str(exc).splitlines()[0]}
            published = (annotation.get("metadata") or {}).get("published")
            if not (with_date and published and getattr(exc, "field", None) == "published"):
                return refusal
            try:
                result = ingest(source, work / "out", published=str(published))
            except EkgError as again:
                return refusal | {"error": str(again).splitlines()[0]}
            status = "drafted-with-date"
        from kg.cache.store import Cache

        row = base | {"status": status} | compare(annotation, result.folder)
        # the draft as `ekg build` builds it (with the audit's stored findings), then audited and validated; a
        # draft that does not build is a result of this article (it fails "validates"), not the end of its figures
        try:
            store = Cache(result.folder.parent.parent, work / "cache").open()
        except EkgError as exc:
            failed = {"validates": False, "violation": f"ekg build: {str(exc).splitlines()[0]}"}
            return row | (failed if validate else {})
        return row | audit_draft(annotation, store) | (validate_draft(store) if validate else {})
    except Exception as exc:  # one article's failure is a result, not the end of the run
        return base | {
            "status": "error",
            "error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _entry(subject: str) -> str:
    """A judged subject as matched: an entry of a numbered list is its number ("ref 6 (west2014)" is "ref 6"), since
    its BibTeX key is derived from what the reference reader read and changes when the reader improves."""
    m = re.match(r"(ref \d+) \(", subject)
    return m.group(1) if m else subject


def validate_draft(store) -> dict:
    """SHACL-validate the built draft as `ekg validate` does (kg.build.validate): whether it conforms, and the first
    violation as `ekg validate` words it ("[path] message (focus node)"), or None."""
    from kg.build.validate import store_graph, validate

    result = validate(store_graph(store))
    first = next((p for p in result.problems if p.severity == "Violation"), None)
    violation = None
    if first is not None:
        where = f"[{first.path}] " if first.path else ""
        violation = f"{where}{first.message} ({first.focus})"
    return {"validates": result.conforms, "violation": violation}


def audit_draft(annotation: dict, store) -> dict:
    """Audit the built draft (``store``) and match each error and warning with the annotation's judgements."""
    from kg.audit import audit

    report = audit(store)
    # a judgement that names a severity holds for that severity only (the same finding may be wrong as an error and
    # right as a warning). One that names none holds for a warning, and for an error only if it says wrong: a right
    # error needs its own judgement (severity: error), so that a finding judged right as a warning does not count
    # as a right error when a change makes it one
    judged = {
        (j.get("rule"), _entry(str(j.get("subject"))), j.get("severity")): j for j in annotation.get("audit") or []
    }
    rows = []
    every = [
        {
            "rule": f.rule,
            "severity": f.severity,
            "subject": f.subject.id,
            "kind": f.subject.kind,
            "related": [r.id for r in f.related],
            "message": f.message,
            "evidence": f.evidence or "",
            "highlight": f.highlight or "",
        }
        for f in report.findings
    ]
    for finding in report.findings:
        if finding.severity not in ("error", "warning"):
            continue
        verdict = judged.get((finding.rule, _entry(finding.subject.id), finding.severity))
        loose = judged.get((finding.rule, _entry(finding.subject.id), None))
        if verdict is None and loose and (finding.severity != "error" or loose.get("verdict") == "wrong"):
            verdict = loose
        rows.append(
            {
                "rule": finding.rule,
                "severity": finding.severity,
                "subject": finding.subject.id,
                "message": finding.message,
                "verdict": verdict.get("verdict") if verdict else None,
            }
        )
    references = annotation.get("references") or []
    defects = []
    for d in annotation.get("defects") or []:
        by = reported_by(d, every, references)
        defects.append(
            {
                "rule": d.get("rule"),
                "subject": str(d.get("subject")),
                "what": d.get("what", ""),
                "reported": bool(by),
                "reported_by": by,
            }
        )
    info = [
        {"rule": f["rule"], "subject": f["subject"], "message": f["message"]} for f in every if f["severity"] == "info"
    ]
    return {"findings": rows, "info": info, "defects": defects}


#: The annotation's names for a fault (free text, written before the rules) -> the audit rules whose findings report
#: that fault, each with the words its message must hold where the rule reports other faults too (None: any of its
#: findings). A finding reports a defect only by one of these rules, about the defect's subject (below).
FAMILIES: dict[str, dict[str, str | None]] = {
    "ref-access-date": {"ref-access-date": None},
    "ref-authors": {"ref-authors": None},
    "ref-no-author": {"ref-authors": r"no author", "ref-malformed": r"no author"},
    "ref-duplicate": {"ref-duplicate": None},
    "ref-malformed": {"ref-malformed": None},
    "ref-no-date": {"ref-malformed": r"no year|no date", "unchecked": r"no date of publication"},
    "ref-pages": {"ref-pages": None, "ref-doi": r"e-locator|article number"},
    # ref-punctuation also says a quotation's marks do not pair, and cue-mismatch a person named two ways: neither
    # reports an entry's punctuation or a cue against its reference
    "ref-punctuation": {"ref-punctuation": r"^(?!The quotation\b)"},
    "ref-short-form": {"ref-punctuation": r"\bId\b|ibid", "ref-malformed": r"\bId\b|ibid"},
    "ref-two-works": {"ref-malformed": r"two works"},
    "ref-url": {"ref-url": None},
    "ref-url-malformed": {"ref-url": None},
    "ref-venue": {"ref-venue": None},
    "ref-container-inconsistent": {"ref-venue": None, "ref-venue-case": None},
    "ref-container-misspelt": {"ref-venue": None, "ref-venue-case": None, "ref-spelling": None},
    "ref-title-typo": {"ref-spelling": None},
    "ref-container-garbled": {"ref-venue": None},
    "ref-volume-issue": {"ref-volume-issue": None},
    "ref-volume": {"ref-volume-issue": r"volume a year"},
    "cue-placement": {"ref-punctuation": r"stray .* between them"},
    "ref-unfindable": {"ref-unfindable": None},
    "ref-no-identifier": {
        "ref-unfindable": None,
        "unchecked": r"no identifier",
        "ref-doi": r"leaves it out|gives no DOI",
    },
    "ref-preprint": {"ref-preprint": None},
    "ref-retracted": {"retracted-source": None},
    "person-name-mismatch": {"cue-mismatch": r"a surname one letter away"},
    "quote-marks": {"ref-punctuation": r"quotation"},
    "ref-version-mismatch": {"cue-mismatch": r"version", "cue-agreement": r"version"},
    "stat-uncited": {"stat-uncited": None, "stat-expert-only": None, "vague-attribution": None},
    "stat-expert-only": {"stat-expert-only": None},
    "stat-unit-missing": {"stat-unit-missing": None},
    "vague-attribution": {"vague-attribution": None},
    "vague-source": {"vague-attribution": r"with no page"},
    "ref-incomplete": {
        "ref-pages": r"ahead of print",
        "vague-attribution": r"no reference, link or identifier|holds no entry|only by its journal",
        "ref-malformed": r"year alone|has no title|no reference list",
        "ref-venue": r"only a database id",
        "ref-unfindable": r"home page",
    },
    "ref-title": {"ref-malformed": r"superscript"},
    "cue-mismatch": {
        "cue-mismatch": r"^(?!.*a surname one letter away)",
        "cue-agreement": None,
        "figure-vs-source": None,
    },
    "cue-no-year": {"cue-no-year": None},
    "cue-ambiguous": {"cue-no-year": r"cannot tell which"},
    "cue-unsupported": {"cue-agreement": None, "figure-vs-source": None},
    "cue-missing": {"stat-uncited": None, "cue-unresolved": None},
    "missing-date": {"unchecked": r"gives no publication date"},
    "metadata-conflict": {"page-metadata": None},
    "stat-inconsistent": {"figure-reused": None},
    "weak-source": {"grey-clinical-figure": r"blog"},
}

_REF_SUBJECT = re.compile(r"ref (\d+)(?: to ref (\d+)|-(\d+))?")
_POSITION = re.compile(r"\(#(\d+)\)\s*$")
#: "Nadano 1993": an entry of an unnumbered list by its first author's surname and year (batch 4 names them so)
_SURNAME_YEAR = re.compile(r"(?P<name>[A-Z][\w'’\-]{1,30}(?: [A-Z][\w'’\-]{1,30})?) (?P<year>(?:1[89]|20)\d{2}[a-z]?)")
#: an entry named by its authors as a Vancouver list prints them, surname and initials ("Messerli FH",
#: "Tunstall-Pedoe H", "Logan S, Bedford H, Elliman D", "Wakefield A; Murch S")
_PRINTED_AUTHORS = re.compile(
    r"[A-Z][a-z][\w'’\-]{0,30} [A-Z]{1,3}\.?(?:[,;] [A-Z][a-z][\w'’\-]{0,30} [A-Z]{1,3}\.?){0,6}"
)


def _entries_named(subject: str) -> list[int] | None:
    """The list numbers a defect's subject names ("ref 6", "ref 2, ref 5", "ref 1 to ref 7", "ref 1-39"), or None for
    another subject."""
    if not re.fullmatch(r"ref \d+(?:-\d+)?(?:(?:, | to )ref \d+)*", subject):
        return None
    out: list[int] = []
    for m in _REF_SUBJECT.finditer(subject):
        first, last = int(m.group(1)), int(m.group(2) or m.group(3) or m.group(1))
        out.extend(range(first, last + 1))
    return out


def _about_entry(finding: dict, number: int) -> bool:
    return any(
        s == f"ref {number}" or s.startswith(f"ref {number} (") for s in [finding["subject"], *finding["related"]]
    )


def reported_by(defect: dict, findings: list[dict], references: list[dict]) -> list[str]:
    """The findings (as "rule severity subject") that report an annotated defect, or [] where none does.

    A finding reports it when its rule is one of the defect's family (``FAMILIES``, with the words its message must
    hold) and it is about the defect's subject: every entry a "ref N" subject names (a finding on the entry, or one
    that names it as related: the earlier entry a duplicate repeats); for "line", a reference printed in the text that
    the list does not hold, the article, its printed line or an unnumbered entry; for "Surname Year (#i)", the i-th
    entry of an unnumbered list (its printed text holds the surname and year); for "Surname Year" (or a comma list
    of them), each entry whose first author that is (``_first_author_entry``); otherwise the subject is a quoted span
    of the text ("a … b": each part), and every part must stand in the evidence of a finding, at least one of whose
    highlighted figure or words lies in a part."""
    # a defect named by an audit rule of its own ("ref-numbering", "cue-past-end") is that rule's, where FAMILIES
    # names no wider family; a name no rule has matches nothing
    rule = str(defect.get("rule"))
    family = FAMILIES.get(rule) or {rule: None}
    fit = [
        f
        for f in findings
        if f["rule"] in family
        and (family[f["rule"]] is None or re.search(family[f["rule"]], f["message"], re.IGNORECASE))
    ]
    name = lambda f: f"{f['rule']} {f['severity']} {f['subject']}"  # noqa: E731
    subject = _as_subject(str(defect.get("subject")))
    numbers = _entries_named(subject)
    if numbers is not None:
        if len(numbers) > 1 and numbers == list(range(1, len(references) + 1)):
            # the whole list ("ref 1-39": every source of the page): one finding on the page as a whole reports it
            if page_wide := [f for f in fit if f["kind"] == "article"]:
                return sorted({name(f) for f in page_wide})
        covering = [[f for f in fit if _about_entry(f, n)] for n in numbers]
        return sorted({name(f) for fs in covering for f in fs}) if all(covering) else []
    if subject in ("line", "front matter"):  # the article as a whole, or what its page prints outside its body
        return [
            name(f)
            for f in fit
            if f["kind"] in ("article", "printed") or (f["kind"] == "reference" and not f["subject"].startswith("ref "))
        ]
    if (at := _POSITION.search(subject)) and int(at.group(1)) < len(references):
        return [name(f) for f in _at_position(fit, references[int(at.group(1))])]
    if re.fullmatch(r"#\d+(?: \([^()]*\))?(?:, #\d+(?: \([^()]*\))?)*", subject):
        # entries of an unnumbered list by their places ("#0, #1, #2, #3", "#3", or each place with the entry's
        # printed cue beside it: "#0 (Abramo, 2024), #6 (Rosengaard et al., 2024a)"): each must be reported
        places = [int(p) for p in re.findall(r"#(\d+)", subject)]
        covering = [_at_position(fit, references[p]) if p < len(references) else [] for p in places]
        return sorted({name(f) for fs in covering for f in fs}) if all(covering) else []
    if named := _by_surname_year(subject):
        # entries of an unnumbered list by their first authors and years ("Foy 2011", "Besnard 2014, Faye 2014,
        # Roth 2014", "Musso 2014 (Clin Microbiol Infect)"): each must be reported
        covering = [
            [f for f in fit if _first_author_entry(f, surname, year, within)] for surname, year, within in named
        ]
        return sorted({name(f) for fs in covering for f in fs}) if all(covering) else []
    if _PRINTED_AUTHORS.fullmatch(subject):
        # an entry named by the authors it prints (the whole entry, so no highlighted words need lie in the names)
        printed = re.escape(_loose(subject))
        return [
            name(f)
            for f in fit
            if f["kind"] == "reference" and re.search(rf"(?<![\w'’-]){printed}(?!\w)", _loose(f["evidence"]))
        ]
    parts = [_loose(p).strip(" '\"") for p in re.split(r"…|\.\.\.", subject) if _loose(p).strip(" '\"")]
    holding = [f for f in fit if any(p in _loose(f["evidence"]) for p in parts)]
    if not parts or not all(any(p in _loose(f["evidence"]) for f in holding) for p in parts):
        return []
    pointed = [
        f
        for f in holding
        if f["highlight"]
        and (
            any(_loose(f["highlight"]) in p or p in _loose(f["highlight"]) for p in parts)
            or _introduces(f, parts)
            or _opens(f, parts)
            or _names_figure_in(f, parts)
        )
    ]
    return sorted({name(f) for f in holding}) if pointed else []


#: an entry named as its list prints it, by its label and the start of its text ("[1] Childhood respiratory …")
_PRINTED_ENTRY = re.compile(r"\[(\d+)\]\s+\S")


#: "Musso 2014 (Clin Microbiol Infect)": a surname and year, with words of the entry that tell two such apart
_SURNAME_YEAR_WITHIN = re.compile(rf"{_SURNAME_YEAR.pattern}(?: \((?P<within>[^()]{{1,60}})\))?")
#: a list entry's label before its first author: "1. ", "[1] ", "1) "
_LABEL = re.compile(r"^\W{0,2}\d{1,3}[.)\]]?\s+")


def _by_surname_year(subject: str) -> list[tuple[str, str, str | None]] | None:
    """(surname, year, words within brackets or None) for each entry a subject names by its first author and year,
    one or a comma list of them; None for another subject."""
    parts = subject.split(", ")
    found = [_SURNAME_YEAR_WITHIN.fullmatch(p) for p in parts]
    if not all(found):
        return None
    return [(m.group("name"), m.group("year"), m.group("within")) for m in found if m]


def _first_author_entry(finding: dict, surname: str, year: str, within: str | None) -> bool:
    """A finding on the entry whose FIRST author is ``surname`` (its printed text, less a list label, opens with the
    surname) and that holds ``year`` (and the words in brackets, where the subject gives them) as whole words: not
    an entry that names the surname further down its author list."""
    evidence = norm(_LABEL.sub("", finding["evidence"].lstrip()))
    words = [norm(year)] + ([norm(within)] if within else [])
    return (
        finding["kind"] == "reference"
        and bool(re.match(rf"{re.escape(norm(surname))}(?!\w)", evidence))
        and all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", evidence) for w in words)
    )


def _as_subject(subject: str) -> str:
    """A defect's subject in the annotation's own forms: the list named by its heading ("References") is "line",
    the page as a whole beside its body; an entry named by its printed label and words ("[1] Childhood …"), or by
    its number with its authors and year in brackets ("ref 1 (Richards et al., 1997)"), or by its Markdown footnote label
    ("[^4]"), is that entry ("ref 4"). A heading is one that opens a reference list for ingest (kg.ingest.segment)."""
    from kg.ingest.segment import REFERENCE_HEADING

    if REFERENCE_HEADING.match(subject):
        return "line"
    if m := _PRINTED_ENTRY.match(subject.strip()):
        return f"ref {m.group(1)}"
    if m := re.fullmatch(r"(ref \d+) \((?:[^()]|\([^()]*\))*\)", subject.strip()):
        return m.group(1)  # an entry by its number, with its first author and year beside it: "ref 9 (Mallet 2014)"
    if m := re.fullmatch(r"\[\^(\d+)\]", subject.strip()):
        return f"ref {m.group(1)}"  # a Markdown footnote by its label ("[^4]"): the page numbers it 4
    # a Markdown footnote's label quoted inside a span ("… 0.41%. [^5]"): the page prints it as "[5]"
    subject = re.sub(r"\[\^(\d+)\]", r"[\1]", subject)
    # a Markdown link's text quoted with its brackets ("[Source: Brian Deer website]"): the page shows the text alone
    return _MARKDOWN_LINK_TEXT.sub(r"\1", subject)


#: the text of a Markdown link, in its brackets, holding at least a letter (not a numbered label, "[1]")
_MARKDOWN_LINK_TEXT = re.compile(r"\[([^\[\]]{0,200}?[^\W\d_][^\[\]]{0,200})\]")


def _at_position(fit: list[dict], ref: dict) -> list[dict]:
    """The findings on an unnumbered list's entry (an annotated reference): its printed text holds the entry's first
    author's surname and year."""
    words = [norm(_surname(str(ref.get("first_author", "")))), norm(str(ref.get("year", "")))]
    return [f for f in fit if f["kind"] == "reference" and all(w and w in norm(f["evidence"]) for w in words)]


def _loose(text) -> str:
    """A quoted span as compared: normalised, and each word's plural "s" dropped, since an annotation may quote a
    span loosely ("per 10 micrograms" for the text's "per 10 microgram per cubic meter")."""
    return re.sub(r"(?<=\w\w\w)s\b", "", norm(text))


def _opens(finding: dict, parts: list[str]) -> bool:
    """The defect's subject quotes the opening of the one sentence the finding is on ("Both diseases are associated
    with the Black Death pandemic", a finding on that sentence's "25 million people"): the annotation names a
    sentence by its first words, so a finding on a figure of that sentence is about it (one on other words of the
    sentence, "officials have revealed", is about those words). At least 20 characters, so that a sentence is named
    and not a word."""
    evidence = _loose(finding["evidence"])
    return (
        len(parts) == 1
        and len(parts[0]) >= 20
        and evidence.startswith(parts[0])
        and bool(re.search(r"\d", finding["highlight"]))
    )


def _names_figure_in(finding: dict, parts: list[str]) -> bool:
    """A finding on a claim names in its message each figure it is about, quoted ("Stated as fact with no source …:
    “one-year”, “3470 people”"), while it highlights only the first: a figure it names that lies in a part is one it
    points at, as its highlight would be."""
    if finding["kind"] != "claim":
        return False
    named = [_loose(q) for q in re.findall(r"“([^“”]{1,80})”", finding["message"]) if re.search(r"\d", q)]
    return any(q and q in p for q in named for p in parts)


def _introduces(finding: dict, parts: list[str]) -> bool:
    """A vague attribution that introduces the span ("officials have revealed | people as young as ..."), or follows
    it: its highlighted words stand right beside the part in the finding's evidence, so they are about that span. One
    on the article's text ("according to a 2017 study", with no reference) quotes one sentence as its evidence: it is
    about every figure of that sentence."""
    if finding["rule"] != "vague-attribution":
        return False
    if finding["kind"] == "article":
        return True  # a work the sentence names that a reader cannot follow: the finding is about the whole sentence
    said, evidence = re.escape(_loose(finding["highlight"])), _loose(finding["evidence"])
    return any(re.search(rf"{said}\W{{0,3}}{re.escape(p)}|{re.escape(p)}\W{{0,3}}{said}", evidence) for p in parts)


def defect_totals(rows: list[dict]) -> dict[str, dict]:
    """Per annotated rule: the annotated defects, how many findings report, and the ones they missed."""
    out: dict[str, dict] = {}
    for r in rows:
        for d in r.get("defects", []):
            counts = out.setdefault(d["rule"], {"annotated": 0, "reported": 0, "missed": []})
            counts["annotated"] += 1
            counts["reported"] += d["reported"]
            if not d["reported"]:
                counts["missed"].append(f"{r['id']} {d['subject']}: {d['what']}")
    return dict(sorted(out.items()))


def defects_by_rule(rows: list[dict]) -> dict[str, int]:
    """Per audit rule and severity ("ref-pages (info)"): how many annotated defects its findings report (a defect that
    findings of two rules or severities report counts for each)."""
    out: dict[str, int] = {}
    for r in rows:
        for d in r.get("defects", []):
            for key in sorted({"{} ({})".format(*by.split(" ", 2)[:2]) for by in d.get("reported_by", [])}):
                out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


def audit_totals(rows: list[dict]) -> dict[str, dict[str, int]]:
    """Per rule and severity: raised, right, wrong, unjudged (over the drafted articles)."""
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        for f in r.get("findings", []):
            counts = out.setdefault(
                f"{f['rule']} ({f['severity']})", {"raised": 0, "right": 0, "wrong": 0, "unjudged": 0}
            )
            counts["raised"] += 1
            counts[f["verdict"] if f["verdict"] in ("right", "wrong") else "unjudged"] += 1
    return dict(sorted(out.items()))


COUNTS = (
    "statistics",
    "statistics_found",
    "extra_statistics",
    "cited",
    "linked",
    "wrong_links",
    "attributions",
    "attributions_found",
    "attributions_right_person",
    "references",
    "references_dropped",
) + tuple(f"{f}_{s}" for f in FIELDS for s in ("right", "total"))


def totals(rows: list[dict]) -> dict:
    """Sums over the drafted articles, and how many were drafted, refused, skipped or failed."""
    out = {
        status: sum(r["status"] == status for r in rows)
        for status in ("drafted", "drafted-with-date", "refused", "skipped", "error")
    }
    drafted = [r for r in rows if r["status"].startswith("drafted")]
    out |= {k: sum(r[k] for r in drafted) for k in COUNTS}
    out["published_right"] = sum(bool(r.get("published_right")) for r in drafted)
    # every draft builds and validates with no hand edit (issue 19): of the drafts validated
    out["validated"] = sum("validates" in r for r in drafted)
    out["validates"] = sum(bool(r.get("validates")) for r in drafted)
    out["audit"] = audit_totals(drafted)
    out["defects"] = defect_totals(drafted)
    out["defects_by_rule"] = defects_by_rule(drafted)
    return out


def evaluate(
    split: str = "dev",
    corpus: Path = CORPUS,
    texts: Path | list[Path] | None = None,
    with_date: bool = False,
    batch: int | Collection[int] | None = None,
    exclude: frozenset[str] | set[str] = frozenset(),
    only: frozenset[str] | set[str] | None = None,
    validate: bool = False,
) -> dict:
    """Run every article of ``split`` (dev, heldout or all), of one batch, some batches or all, but those in
    ``exclude`` (or only those in ``only``); per article and totals, dev and heldout apart."""
    batches = {batch} if isinstance(batch, int) else set(batch) if batch is not None else None
    annotations = [
        a
        for a in load_annotations(corpus)
        if (split == "all" or a.get("split") == split)
        and (batches is None or batch_of(a) in batches)
        and a["id"] not in exclude
        and (only is None or a["id"] in only)
    ]
    rows = [run_article(a, texts, with_date, validate) for a in annotations]
    result = {"with_date": with_date, "articles": rows}
    for part in ("dev", "heldout"):
        chosen = [r for r in rows if r["split"] == part]
        if chosen:
            result[f"totals_{part}"] = totals(chosen)
    return result


def _table(rows: list[list], columns: list[str]) -> str:
    cells = [columns] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def render(result: dict) -> str:
    columns = [
        "article",
        "split",
        "form",
        "status",
        "stats found",
        "extra",
        "cited linked",
        "wrong links",
        "attrib. found/right",
        "refs dropped",
        "fields right (" + ",".join(f[:4] for f in FIELDS) + ")",
        "valid",
    ]
    rows = []
    for r in result["articles"]:
        if not r["status"].startswith("drafted"):
            rows.append([r["id"], r["split"], r["form"], r["status"], "", "", "", "", "", "", r.get("error", ""), ""])
            continue
        fields = " ".join(f"{r[f + '_right']}/{r[f + '_total']}" for f in FIELDS)
        rows.append(
            [
                r["id"],
                r["split"],
                r["form"],
                r["status"],
                f"{r['statistics_found']}/{r['statistics']}",
                r["extra_statistics"],
                f"{r['linked']}/{r['cited']}",
                r["wrong_links"],
                f"{r['attributions_found']}/{r['attributions_right_person']}/{r['attributions']}",
                f"{r['references_dropped']}/{r['references']}",
                fields,
                {True: "yes", False: "no"}.get(r.get("validates"), ""),
            ]
        )
    out = [_table(rows, columns)]
    for part in ("dev", "heldout"):
        t = result.get(f"totals_{part}")
        if not t:
            continue
        fields = ", ".join(f"{f} {t[f + '_right']}/{t[f + '_total']}" for f in FIELDS)
        out.append(
            f"\nTotal {part}: {t['drafted']} drafted, {t['drafted-with-date']} drafted with the date given, {t['refused']} refused, {t['skipped']} skipped, {t['error']} failed; "
            f"statistics found {t['statistics_found']}/{t['statistics']} (and {t['extra_statistics']} drafted that are not annotated); cited statistics linked right {t['linked']}/{t['cited']}; "
            f"wrong links {t['wrong_links']}; attributions found {t['attributions_found']}/{t['attributions']}, right person "
            f"{t['attributions_right_person']}; references dropped {t['references_dropped']}/{t['references']}; fields right: {fields}; "
            f"published date right {t['published_right']}/{t['drafted'] + t['drafted-with-date']}"
            + (f"; builds and validates {t['validates']}/{t['validated']}" if t["validated"] else "")
        )
        invalid = [r for r in result["articles"] if r["split"] == part and r.get("validates") is False]
        if invalid:
            out.append(f"\nDrafts of the {part} split that do not build or validate (the first violation):")
            out.extend(f"  {r['id']}: {r['violation']}" for r in invalid)
        if t["audit"]:
            out.append(
                f"\nAudit findings on the {part} drafts (errors and warnings), against the hand judgements, and the "
                "annotated defects each rule's findings (any severity) report:"
            )
            by_rule = t.get("defects_by_rule", {})
            out.append(
                _table(
                    [
                        [rule, c["raised"], c["right"], c["wrong"], c["unjudged"], by_rule.get(rule, "")]
                        for rule, c in t["audit"].items()
                    ]
                    + [[rule, "", "", "", "", n] for rule, n in by_rule.items() if rule not in t["audit"]],
                    ["rule (severity)", "raised", "right", "wrong", "unjudged", "defects reported"],
                )
            )
        if t["defects"]:
            annotated = sum(c["annotated"] for c in t["defects"].values())
            reported = sum(c["reported"] for c in t["defects"].values())
            out.append(f"\nAnnotated reference and cue defects reported on the {part} drafts: {reported}/{annotated}")
            out.append(
                _table(
                    [[rule, c["annotated"], c["reported"]] for rule, c in t["defects"].items()],
                    ["rule", "annotated", "reported"],
                )
            )
            missed = [m for c in t["defects"].values() for m in c["missed"]]
            if missed:
                out.append("missed:")
                out.extend(f"  {m}" for m in missed)
    for r in result["articles"]:
        if r["status"] in ("refused", "error"):
            out.append(f"{r['id']}: {r['status']}: {r['error']}")
    return "\n".join(out)


def _installed():
    """benchmarks/installed.py, loaded from its file, so that this module also runs when imported by path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("installed", Path(__file__).with_name("installed.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _batches(text: str) -> set[int]:
    """``--batch``'s value: one number, a range '1-5', or a comma list of either."""
    out: set[int] = set()
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise argparse.ArgumentTypeError(f"{text!r}: give a batch number, a range such as 1-5, or a comma list")
        out.update(range(int(low), int(high or low) + 1))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="folder holding the texts not in the repository, as DIR/<id>/<file>; may be given more than once",
    )
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    parser.add_argument(
        "--batch",
        type=_batches,
        help="only the articles of this batch, or of these: '1-5', '2,4' (benchmarks/corpus/README.md lists them)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--no-validate",
        action="store_true",
        help="do not SHACL-validate each built draft (saves about a second an article)",
    )
    parser.add_argument(
        "--with-date",
        action="store_true",
        help="where ingest refuses for want of a date, draft again with the annotation's date (reported as drafted-with-date)",
    )
    args = parser.parse_args(argv)
    result = evaluate(args.split, CORPUS, args.corpus, args.with_date, args.batch, validate=not args.no_validate)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"# {_installed().describe()}")
    print(render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
