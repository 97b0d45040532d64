"""How well references are read: kg.refs against ParaCite and refextract on hand-labelled references.

    .venv/bin/python benchmarks/references.py                 # the held-back tenth of core.xml, the timings
    .venv/bin/python benchmarks/references.py --json          # the figures as JSON
    .venv/bin/python benchmarks/references.py --data FILE.xml # every entry of another AnyStyle XML file
    .venv/bin/python benchmarks/references.py --csl           # also the journal articles in 14 CSL styles

The data is AnyStyle's hand-labelled references (training/anystyle/, BSD-2-Clause): by default the tenth of
core.xml that kg/refs/train.py holds back and never trains on. With ``--data`` every entry of the file is
measured (the same code is meant for AnyStyle's other, kept-aside, files).

The measure. Each field of the gold entry is read from its labelled spans, and each parser's output is put
through the same normaliser before the two are compared:

- text (title, journal) is compared word by word: NFKD-folded to ASCII, lower-cased, only runs of letters and
  digits kept ("Proc. Natl. Acad. Sci. U S A" == "Proc Natl Acad Sci U S A"); a journal's leading "In:" and
  NLM's "[Internet]" or "[Online]" dropped;
- surnames: the author span split into names (kg.refs.fields.names), each name's family (or literal) folded;
  "first" compares the first author's, "all" the whole list in order;
- year: the first 4-digit year (1500-2099) in the date span;
- volume, issue, pages: split from the volume and pages spans (a volume span that opens with the year, as
  "2009;7:" is labelled at times, gives the year and volume 7) (kg.refs.fields.volume_issue_pages, .pages):
  "29(8):1898-1905." is volume 29, issue 8, pages 1898-1905; "Vol. 12, No. 3," volume 12, issue 3;
- journal: the journal span, else the container-title span (a book's or proceedings' title).

A field is right when gold and parser agree, counting "both absent" as agreement for "every field" only: each
field's figure is over the entries whose gold has that field; "every field right" is over all entries and needs
every compared field the gold has to be equal and no compared field the gold lacks to be reported.

Subsets (rules on the gold, not on any parser's output):
- Vancouver/AMA: the first author is printed in the NLM form "Surname INITIALS": a capitalised surname, then one
  to four capitals without dots, then a comma, semicolon, colon, "et al" or the end of the author span
  ("Drury CG, Law CH", "Roughton F"; not "Warren R. Greiff", "BRUECK L.", "Johnson S. & ...");
- biomedical: a journal span, and either Vancouver/AMA or a journal name with a biomedical word (MEDICAL below).

Cross-validation (``--cross-validate K``): the held-back tenth has few biomedical entries (8), so the training
nine-tenths are also cut into K parts (by a hash of each entry's text); K models are trained exactly as the shipped
one is (kg/refs/train.py, restyled copies made only from the parts trained on), and each scores the part it
never saw. The figures are of the method, not of the shipped model.

Speed: the measured entries are parsed over and over until 10,000 have been (kg.refs caches each distinct
token's own features, bounded at 65,536 tokens, so the later passes reuse them as a long list's recurring words
would); the pathological entries are 50,000 characters each, timed one by one.

Styles (``--csl``, needs citeproc-py): every journal article of the measured entries (authors, date, title,
journal, volume) is made a CSL-JSON item from its labelled fields and printed by citeproc-py in each style of
benchmarks/csl-styles/ (the CSL project's AMA, Lancet, BMJ, Elsevier Vancouver and Harvard, PLOS, Nature,
Cell, ACS, APA, Chicago author-date, Springer author-date, IEEE and MLA styles, CC BY-SA 3.0), its list number
dropped. The gold is the item as far as the style prints it (the authors before its "et al.", the issue only
where the style shows one), and a range a style abbreviates ("1898-905") is compared in full.

ParaCite (Debian's libbiblio-citation-parser-perl) and refextract are run where they are installed, each
entry on its own, and their outputs mapped to the same fields (listed in _paracite and _refextract).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from kg.refs import fields as F  # noqa: I001
from kg.refs import parse
from kg.refs.train import Labelled, read_dataset, split

#: the training data is the repository's, not the installed package's (kg.refs.train.DATA points beside the source
#: tree, which an installed wheel does not have)
DATA = Path(__file__).resolve().parents[1] / "training" / "anystyle" / "core.xml"

FIELDS = ("first_author", "authors", "year", "title", "journal", "volume", "issue", "pages")
MEDICAL = re.compile(
    r"\b(?:med|medical|medicine|clin|clinical|health|lancet|bmj|jama|nurs|nursing|pediatr|paediatr|surg|surgery|"
    r"cardiol|pharm|pharmacol|epidemiol|infect|cancer|oncol|neurol|neurosci|psychiatr|psychiatry|endod|dent|"
    r"dental|physiol|immunol|pathol|radiol|obstet|gynecol|orthop|sports med|rehabil|ther|nutr|diabetes|"
    r"hepatol|gastroenterol|respir|thorax|chest|ophthalmol|otolaryngol|urol|dermatol|hosp|biomed|vaccine|"
    r"virol|microbiol|endocrinol|hypertens|anesth|anaesth|emerg|crit care|geriatr|gerontol|prev)\w*",
    re.IGNORECASE,
)
VANCOUVER_AUTHOR = re.compile(
    r"^(?:[a-z]+\s+)*[A-Z][a-zà-ÿ][\w'-]*(?:\s[A-Z][a-zà-ÿ][\w'-]*)?\s[A-Z]{1,4}(?:[,;:]|\.?\s*$|\s+et al)"
)


def words(text: str | None) -> str | None:
    if not text:
        return None
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = " ".join(re.findall(r"[a-z0-9]+", folded))
    return out or None


def surname(name: dict) -> str | None:
    return words(name.get("family") or name.get("literal"))


def normal(
    first_author=None, authors=None, year=None, title=None, journal=None, volume=None, issue=None, pages=None
) -> dict:
    """The compared fields, all through one normaliser."""
    if journal:
        journal = re.sub(r"^\s*in\s*:?\s+", "", journal, flags=re.IGNORECASE)
    # NLM's medium, "Clin J Sport Med [Internet]", is not part of the journal's or the title's name
    journal, title = (
        re.sub(r"\[(?:internet|online)\]", " ", t, flags=re.IGNORECASE) if t else t for t in (journal, title)
    )
    return {
        "first_author": words(first_author),
        "authors": tuple(a for a in (words(x) for x in authors or []) if a) or None,
        "year": str(year) if year else None,
        "title": words(title),
        "journal": words(journal),
        "volume": words(volume),
        "issue": words(issue),
        "pages": words(F.pages(pages) if pages else None),
    }


def gold(item: Labelled) -> dict:
    spans: dict[str, str] = {}
    for label, text in item.spans:
        spans.setdefault(label, text)  # the first span of each label
    names = [surname(n) for n in F.names(spans.get("author", ""))]
    year = F.year(spans.get("date", ""))
    volume = issue = page = None
    for label, text in item.spans:
        if label == "volume":
            printed_year, text = F.leading_year(text)  # AnyStyle's labels put "2009;7:" in one volume span at times
            year = year or ((printed_year, "") if printed_year else None)
            v, i, p = F.volume_issue_pages(text)
            volume, issue, page = volume or v, issue or i, page or p
    return normal(
        first_author=names[0] if names else None,
        authors=names,
        year=year[0] if year else None,
        title=F.clean(spans.get("title", "")),
        journal=F.clean(spans.get("journal") or spans.get("container-title") or ""),
        volume=volume,
        issue=issue,
        pages=spans.get("pages") or page,
    )


def ours(text: str) -> dict:
    ref = parse(text)
    names = [surname(n) for n in ref.authors]
    return normal(
        names[0] if names else None, names, ref.year, ref.title, ref.container_title, ref.volume, ref.issue, ref.page
    )


PARACITE = r"""
use strict; use warnings; use JSON::PP; use Biblio::Citation::Parser::Standard;
binmode(STDIN, ':utf8'); binmode(STDOUT, ':utf8');
my $line = do { local $/; <STDIN> }; chomp $line;
my $m = eval { Biblio::Citation::Parser::Standard->new->parse($line) } || {};
my %o = map { $_ => $m->{$_} } grep { defined $m->{$_} && !ref $m->{$_} } keys %$m;
$o{authors} = [ map { $_->{family} // '' } @{ $m->{authors} || [] } ];
print JSON::PP->new->canonical->encode(\%o), "\n";
"""
PARACITE_TIMEOUT = 5  # seconds an entry may take; ParaCite's patterns backtrack for minutes on some


def paracite_all(texts: list[str], hangs: list[int]) -> list[dict] | None:
    """ParaCite's fields for each entry (one process each, stopped after PARACITE_TIMEOUT seconds): family names,
    year, atitle, title (the journal), volume, issue, pages."""
    if not shutil.which("perl"):
        return None
    probe = subprocess.run(["perl", "-MBiblio::Citation::Parser::Standard", "-e", "1"], capture_output=True)
    if probe.returncode:
        return None
    out = []
    for text in texts:
        try:
            run = subprocess.run(
                ["perl", "-e", PARACITE], input=text, capture_output=True, text=True, timeout=PARACITE_TIMEOUT
            )
            m = json.loads(run.stdout or "{}")
        except subprocess.TimeoutExpired:
            hangs.append(len(out))
            m = {}
        names = [words(a) for a in m.get("authors") or []]
        if not names and m.get("aulast"):
            names = [words(m["aulast"])]
        out.append(
            normal(
                names[0] if names else None,
                names,
                m.get("year"),
                m.get("atitle"),
                m.get("title") or m.get("publication"),
                m.get("volume"),
                m.get("issue"),
                m.get("pages") or m.get("spage"),
            )
        )
    return out


def refextract_all(texts: list[str]) -> list[dict] | None:
    """refextract's fields: author (split by kg.refs' name splitter), year, title (else its first "misc"),
    journal_title, journal_volume, journal_page; it reports no issue."""
    try:
        from refextract import extract_references_from_string
    except ImportError:
        return None
    out = []
    for text in texts:
        merged: dict = {}
        try:
            for found in extract_references_from_string(text, is_only_references=True):
                for key, value in found.items():
                    if value and key not in merged:
                        merged[key] = value[0] if isinstance(value, list) else value
        except Exception:  # noqa: BLE001 - a parser that fails on an entry reads nothing of it
            merged = {}
        title = merged.get("title") or merged.get("misc")
        if isinstance(title, dict):
            title = title.get("title")
        names = [surname(n) for n in F.names(merged.get("author", ""))] if merged.get("author") else []
        out.append(
            normal(
                names[0] if names else None,
                names,
                merged.get("year") or merged.get("journal_year"),
                title,
                merged.get("journal_title"),
                merged.get("journal_volume"),
                None,
                merged.get("journal_page"),
            )
        )
    return out


def vancouver(item: Labelled) -> bool:
    spans = dict(reversed(item.spans))
    return bool(VANCOUVER_AUTHOR.match(spans.get("author", "")))


def biomedical(item: Labelled) -> bool:
    spans = dict(reversed(item.spans))
    return "journal" in spans and (vancouver(item) or bool(MEDICAL.search(spans["journal"])))


def score(golds: list[dict], outs: list[dict], subset: list[bool] | None = None) -> dict:
    """Per field: right / entries whose gold has it; "all": entries with every field right."""
    chosen = [i for i in range(len(golds)) if subset is None or subset[i]]
    result = {}
    for name in FIELDS:
        having = [i for i in chosen if golds[i][name]]
        result[name] = sum(outs[i][name] == golds[i][name] for i in having) / len(having) if having else None
    result["all"] = (
        sum(all(outs[i][f] == golds[i][f] for f in FIELDS) for i in chosen) / len(chosen) if chosen else None
    )
    result["n"] = len(chosen)
    return result


PATHOLOGICAL = {
    "50,000 dots": "." * 50_000,
    "50,000 digits": "1" * 50_000,
    "25,000 '1 '": "1 " * 25_000,
    "25,000 '. '": ". " * 25_000,
    "initials": "A. " * 16_666,
    "brackets": "(" * 25_000 + ")" * 25_000,
    "dashes and digits": "1-" * 25_000,
    "a long author list": "Smith J, " * 5_555,
    "a URL": "https://x.org/" + "a" * 49_986,
}


def timings(items: list[Labelled]) -> dict:
    texts = [item.text for item in items]
    batch = [texts[i % len(texts)] for i in range(10_000)]
    parse(batch[0])  # the model is loaded once
    started, cpu = time.perf_counter(), time.process_time()
    for text in batch:
        parse(text)
    ten_thousand, ten_thousand_cpu = time.perf_counter() - started, time.process_time() - cpu
    worst = {}
    for name, text in PATHOLOGICAL.items():
        started = time.perf_counter()
        parse(text)
        worst[name] = time.perf_counter() - started
    return {
        "10000_entries_s": ten_thousand,
        "10000_entries_cpu_s": ten_thousand_cpu,
        "pathological_ms": {k: v * 1000 for k, v in worst.items()},
    }


CSL_STYLES = Path(__file__).resolve().parent / "csl-styles"


def csl_item(item: Labelled) -> dict | None:
    """A journal article of the gold data as a CSL-JSON item made from its labelled fields, or None."""
    first: dict[str, str] = {}
    for label, text in item.spans:
        first.setdefault(label, text)
    if not all(k in first for k in ("author", "date", "title", "journal", "volume")):
        return None
    names = [n for n in F.names(first["author"]) if n.get("family") or n.get("literal")]
    parts = F.date_parts(first["date"])
    volume, issue, page = F.volume_issue_pages(first["volume"])
    page = F.pages(first["pages"]) if "pages" in first else page
    title, journal = F.clean(first["title"]), F.clean(first["journal"])
    if not names or not parts or not volume or not title or not journal:
        return None
    out = {
        "id": "a",
        "type": "article-journal",
        "author": names,
        "issued": {"date-parts": [parts]},
        "title": title,
        "container-title": journal,
        "volume": volume,
    }
    if issue:
        out["issue"] = issue
    if page:
        out["page"] = page
    return out


def csl_render(items: list[dict], style_path: Path) -> list[str | None]:
    """Each item printed as the style's bibliography prints it (plain text, its list number dropped)."""
    import warnings

    import citeproc
    from citeproc.source.json import CiteProcJSON

    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = citeproc.CitationStylesStyle(str(style_path), validate=False)
        for item in items:
            try:
                bibliography = citeproc.CitationStylesBibliography(
                    style, CiteProcJSON([item]), citeproc.formatter.plain
                )
                bibliography.register(citeproc.Citation([citeproc.CitationItem("a")]))
                text = str(bibliography.bibliography()[0])
            except Exception:  # noqa: BLE001 - an item citeproc-py cannot print is left out
                out.append(None)
                continue
            out.append(re.sub(r"^(?:\(\d+\)|\[\d+\]|\d+\.?)\s*", "", text))
    return out


def csl_gold(item: dict, printed: str, issue_printed: bool) -> dict:
    """The item's fields as far as the style printed them: the authors up to its "et al.", the issue if shown."""
    names = [surname(n) for n in item["author"]]
    shown = words(printed) or ""
    while len(names) > 1 and names[-1] and f" {names[-1]} " not in f" {shown} ":
        names.pop()
    issue = item.get("issue") if issue_printed else None
    return normal(
        names[0],
        names,
        item["issued"]["date-parts"][0][0],
        item["title"],
        item["container-title"],
        item["volume"],
        issue,
        item.get("page"),
    )


def csl_report(items: list[Labelled], systems: dict[str, callable]) -> dict:
    """Per style: the scores of each system on the held-back journal articles printed in that style."""
    articles = [a for a in (csl_item(i) for i in items) if a]
    report: dict = {}
    pooled: dict[str, tuple[list, list]] = {}
    for style_path in sorted(CSL_STYLES.glob("*.csl")):
        printed = csl_render(articles, style_path)
        # a style that prints no issue (The Lancet, Nature) prints the same without it
        bare = csl_render([{k: v for k, v in a.items() if k != "issue"} for a in articles], style_path)
        kept = [(a, t, t != b) for a, t, b in zip(articles, printed, bare) if t]
        golds = [csl_gold(a, t, shown) for a, t, shown in kept]
        texts = [t for _, t, _ in kept]
        for name, run in systems.items():
            outs = run(texts)
            if outs is None:
                continue
            for g, o in zip(golds, outs):  # a style may abbreviate a range ("1898-905"): compared in full
                for d in (g, o):
                    d["pages"] = words(F.expand_pages(d["pages"].replace(" ", "-"))) if d["pages"] else None
            report.setdefault(style_path.stem, {})[name] = score(golds, outs)
            pooled.setdefault(name, ([], []))[0].extend(golds)
            pooled[name][1].extend(outs)
        report[style_path.stem]["example"] = texts[0] if texts else None
    report["all styles"] = {name: score(g, o) for name, (g, o) in pooled.items()}
    return report


def cross_validate(folds: int) -> dict:
    """Train on all but one of ``folds`` parts of the training nine-tenths (never the held-back tenth), exactly as
    kg/refs/train.py trains the shipped model, and score the part left out; the parts pooled, per subset."""
    import hashlib
    import tempfile

    import pycrfsuite

    import kg.refs as refs
    from kg.refs.train import train

    training = split(read_dataset(DATA))[0]
    part = [hashlib.sha256(f"fold:{item.text}".encode()).digest()[0] % folds for item in training]
    golds, outs, left_out = [], [], []
    shipped = getattr(refs._local, "tagger", None)
    try:
        with tempfile.TemporaryDirectory() as work:
            for k in range(folds):
                model = Path(work) / f"fold{k}.crfsuite"
                train([item for item, p in zip(training, part) if p != k], model)
                tagger = pycrfsuite.Tagger()
                tagger.open(str(model))
                refs._local.tagger = tagger
                for item, p in zip(training, part):
                    if p == k:
                        left_out.append(item)
                        golds.append(gold(item))
                        outs.append(ours(item.text))
    finally:
        refs._local.tagger = shipped
    subsets = {
        "all entries": None,
        "biomedical": [biomedical(i) for i in left_out],
        "Vancouver/AMA": [vancouver(i) for i in left_out],
    }
    return {subset: score(golds, outs, mask) for subset, mask in subsets.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, help="an AnyStyle XML file measured whole (default: core.xml's held-back tenth)"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-others", action="store_true", help="skip ParaCite and refextract")
    parser.add_argument(
        "--cross-validate",
        type=int,
        metavar="K",
        help="also train K models on K-1 parts of the training nine-tenths each and score the part left out (minutes)",
    )
    parser.add_argument(
        "--csl",
        action="store_true",
        help="also print the journal articles in 14 CSL styles (citeproc-py) and measure on those",
    )
    args = parser.parse_args()
    items = read_dataset(args.data) if args.data else split(read_dataset(DATA))[1]
    texts = [item.text for item in items]
    golds = [gold(item) for item in items]
    systems = {"kg.refs": [ours(t) for t in texts]}
    notes = []
    if not args.no_others:
        hangs: list[int] = []
        for name, run in (("ParaCite", lambda t: paracite_all(t, hangs)), ("refextract", refextract_all)):
            outs = run(texts)
            if outs is None:
                notes.append(f"{name} is not installed: skipped")
            else:
                systems[name] = outs
        if hangs:
            notes.append(
                f"ParaCite was stopped after {PARACITE_TIMEOUT} s on {len(hangs)} entries (counted as read nothing)"
            )
    subsets = {
        "all entries": None,
        "biomedical": [biomedical(i) for i in items],
        "Vancouver/AMA": [vancouver(i) for i in items],
    }
    report = {
        "data": str(args.data or "core.xml held-back tenth"),
        "scores": {
            subset: {name: score(golds, outs, mask) for name, outs in systems.items()}
            for subset, mask in subsets.items()
        },
        "timing": timings(items),
        "notes": notes,
    }
    if args.cross_validate:
        report["cross_validated"] = cross_validate(args.cross_validate)
    if args.csl:
        runners = {"kg.refs": lambda texts: [ours(t) for t in texts]}
        if "ParaCite" in systems:
            runners["ParaCite"] = lambda texts: paracite_all(texts, [])
        if "refextract" in systems:
            runners["refextract"] = refextract_all
        report["csl"] = csl_report(items, runners)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['data']}: {len(items)} entries")
    for subset, by_system in report["scores"].items():
        names = list(by_system)
        print(f"\n{subset} (n={by_system[names[0]]['n']})")
        print(f"  {'field':<14}" + "".join(f"{n:>12}" for n in names))
        for key in (*FIELDS, "all"):
            cells = "".join(
                f"{'-' if by_system[n][key] is None else format(by_system[n][key], '.0%'):>12}" for n in names
            )
            print(f"  {'every field' if key == 'all' else key:<14}{cells}")
    if "cross_validated" in report:
        by_subset = report["cross_validated"]
        print(
            f"\n{args.cross_validate}-fold cross-validation on the training nine-tenths (kg.refs; each part scored by the model trained without it)"
        )
        heads = [f"{name} (n={s['n']})" for name, s in by_subset.items()]
        print(f"  {'field':<14}" + "".join(f"{head:>24}" for head in heads))
        for key in (*FIELDS, "all"):
            cells = "".join(f"{'-' if s[key] is None else format(s[key], '.0%'):>24}" for s in by_subset.values())
            print(f"  {'every field' if key == 'all' else key:<14}{cells}")
    if "csl" in report:
        by_style = report["csl"]
        names = list(by_style["all styles"])
        print(
            f"\nthe held-back journal articles printed in {len(by_style) - 1} CSL styles (benchmarks/csl-styles/), every field right / title / journal"
        )
        print(f"  {'style':<30}{'n':>5}" + "".join(f"{n:>26}" for n in names))
        for style, by_system in by_style.items():
            if style != "all styles":
                cells = "".join(
                    f"{by_system[n]['all']:>10.0%}{by_system[n]['title']:>7.0%}{by_system[n]['journal']:>9.0%}"
                    for n in names
                )
                print(f"  {style:<30}{by_system[names[0]]['n']:>5}{cells}")
        for n, pooled in by_style["all styles"].items():
            print(
                f"  {n}, all styles (n={pooled['n']}): "
                + ", ".join(f"{'every field' if f == 'all' else f} {pooled[f]:.0%}" for f in (*FIELDS, "all"))
            )
    timing = report["timing"]
    print(
        f"\n10,000 entries: {timing['10000_entries_s']:.2f} s ({timing['10000_entries_cpu_s']:.2f} s of CPU; a shared machine's wall time is longer)"
    )
    print(
        "pathological entries (50,000 characters): "
        + ", ".join(f"{k} {v:.1f} ms" for k, v in timing["pathological_ms"].items())
    )
    for note in notes:
        print(note, file=sys.stderr)


if __name__ == "__main__":
    main()
