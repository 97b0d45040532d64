"""Train the reference labeller from AnyStyle's hand-labelled references, deterministically.

    .venv/bin/python -m kg.refs.train            # writes kg/refs/model.crfsuite and kg/refs/model.json

Run it again whenever kg/refs/features.py, the labels or PARAMS change (and raise MODEL_VERSION).

The data is training/anystyle/core.xml (AnyStyle, BSD-2-Clause; see training/anystyle/README.md): 1,514
references, each a ``<sequence>`` of labelled spans. A fixed tenth is held back, never trained on, and is what
benchmarks/references.py measures: an entry is held back when the first byte of the SHA-256 of its text is
below 26 (about one in ten, stable whatever the order of the file). The training is deterministic: the same
data, features and parameters give the same model, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from kg.refs.features import features, tokenise

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "training" / "anystyle" / "core.xml"
MODEL = Path(__file__).with_name("model.crfsuite")
META = Path(__file__).with_name("model.json")
#: raised whenever the features, the labels or the parameters change
MODEL_VERSION = "5"
#: chosen on a fifth of the training nine-tenths (never the held-back tenth) among c1 0.005-0.2, c2 0.001-0.5:
#: token accuracy there varied by under 1 point; this keeps the model small (L1) and smooth (L2)
PARAMS = {"c1": 0.02, "c2": 0.05, "max_iterations": 300, "feature.possible_transitions": True}
HELD_BACK_BELOW = 26  # of 256


@dataclass(frozen=True)
class Labelled:
    """One hand-labelled reference: its text and its spans (label, text) in order."""

    text: str
    spans: tuple[tuple[str, str], ...]

    @property
    def held_back(self) -> bool:
        return hashlib.sha256(self.text.encode()).digest()[0] < HELD_BACK_BELOW


def read_dataset(path: Path = DATA) -> list[Labelled]:
    """Every ``<sequence>`` of an AnyStyle XML file, its spans joined by one space as AnyStyle does."""
    out = []
    for sequence in ET.parse(path).getroot().iter("sequence"):
        spans = tuple((child.tag, " ".join((child.text or "").split())) for child in sequence)
        spans = tuple((label, text) for label, text in spans if text)
        out.append(Labelled(" ".join(text for _, text in spans), spans))
    return out


def split(items: list[Labelled]) -> tuple[list[Labelled], list[Labelled]]:
    """(training, held back)."""
    return [i for i in items if not i.held_back], [i for i in items if i.held_back]


def token_labels(item: Labelled) -> tuple[list, list[str]]:
    """The entry's tokens and each one's label (a span is tokenised on its own: tokens never cross spans)."""
    tokens, labels = [], []
    for label, text in item.spans:
        for token in tokenise(text):
            tokens.append(token)
            labels.append(label)
    return tokens, labels


def train(items: list[Labelled], model: Path = MODEL) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for item in items:
        tokens, labels = token_labels(item)
        if tokens:
            trainer.append(features(tokens), labels)
    for tokens, labels in augment(items):
        trainer.append(features(tokens), labels)
    trainer.set_params(PARAMS)
    trainer.train(str(model))


# -- restyled copies ------------------------------------------------------------------------------------------
# core.xml has few references in the styles of health articles (Vancouver/AMA, Nature, ACS, numbered
# "I. Surname" lists, web pages cited APA's or AMA's way). Each training entry that is a journal article (authors, year, title, journal, volume) is
# also written out in one of those styles, deterministically (the style chosen by the entry's hash), from its own
# hand-labelled fields: the labels of the copy are known by construction. Held-back entries are never restyled.

MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NUMBER_FORMS = ("{n}. ", "[{n}] ", "{n}) ", "{n} ", "", "", "")


def _initials(given: str) -> str:
    return "".join(ch for ch in given if ch.isupper())


def _identifiers(digest: bytes, year: int, style: int) -> list[tuple[str, str | None]]:
    """What health lists print after an article's pages, as (text, label) pieces: nothing, a DOI in one of its
    forms, a PMID (and PMCID), or an Epub date; made up from the entry's hash (the DOI's form is what counts)."""
    doi = f"10.{1000 + int.from_bytes(digest[8:10], 'big') % 9000}/{digest[10:14].hex()}.{year}"
    pmid = str(10_000_000 + int.from_bytes(digest[14:17], "big") % 30_000_000)
    kind = digest[6] % (9 if style in (0, 1) else 5)
    if kind in (0, 1):
        return []
    if kind == 2:
        return [(" ", None), (f"https://doi.org/{doi}", "doi")]
    if kind == 3:
        return [(" ", None), (f"doi:{doi}", "doi")]
    if kind == 4:
        return [(" ", None), (f"doi: {doi}.", "doi")]
    if kind == 5:
        return [(" ", None), (f"doi:{doi}.", "doi"), (" ", None), (f"PMID: {pmid}.", "note")]
    if kind == 6:
        return [(" ", None), (f"PMID: {pmid};", "note"), (" ", None), (f"PMCID: PMC{pmid[:7]}.", "note")]
    if kind == 7:
        return [(" ", None), (f"Epub {year} {MONTHS[digest[7] % 12]} {1 + digest[7] % 28}.", "note")]
    return [
        (" ", None),
        (f"doi: {doi}.", "doi"),
        (" ", None),
        (f"Epub {year} {MONTHS[digest[7] % 12]} {1 + digest[7] % 28}.", "note"),
        (" ", None),
        (f"PMID: {pmid}.", "note"),
    ]


def _restyle(
    item: Labelled, salt: int, styles: int = 11, orgs: tuple[str, ...] = ()
) -> tuple[str, list[tuple[int, int, str]]] | None:
    """The entry in another style: (text, [(start, end, label)]), or None if it is not a plain journal article."""
    from kg.refs import fields as F

    first: dict[str, str] = {}
    for label, text in item.spans:
        first.setdefault(label, text)
    if not all(k in first for k in ("author", "date", "title", "journal", "volume")):
        return None
    names = F.names(first["author"])
    if not names or any("family" not in n or not n.get("given") for n in names):
        return None
    found = F.year(first["date"])
    volume, issue, page = F.volume_issue_pages(first["volume"])
    page = F.pages(first["pages"]) if "pages" in first else page
    title, journal = F.clean(first["title"]), F.clean(first["journal"])
    if not found or not volume or not title or not journal:
        return None
    year = found[0]
    digest = hashlib.sha256(f"{salt}:{item.text}".encode()).digest()
    style, number_form, month, many = (
        digest[0] % styles,
        NUMBER_FORMS[digest[1] % len(NUMBER_FORMS)],
        digest[2] % 24,
        digest[3] % 3 == 0,
    )
    pieces: list[tuple[str, str | None]] = []  # (text, label); label None for the punctuation between fields
    if number_form:
        pieces.append((number_form.format(n=1 + digest[4] % 120).rstrip(), "citation-number"))
        pieces.append((" ", None))
    short = [(n["family"], _initials(n["given"])) for n in names]
    if style in (0, 1):  # Vancouver / AMA
        authors = ", ".join(f"{f} {i}" for f, i in short[:6]) + (", et al" if many and len(short) > 3 else "")
        date = str(year) + (f" {MONTHS[month % 12]}" if month < 12 else "") + (f" {1 + month}" if month < 6 else "")
        supplement = digest[7] % 6
        if supplement == 0:  # a supplement: "121(5 Suppl 1)", "62(Suppl 2)"
            issue = f"{issue} Suppl {1 + digest[8] % 3}" if issue else f"Suppl {1 + digest[8] % 3}"
        spaced = digest[7] % 5 == 1  # The Lancet's and BMJ's "2010; 375: 123-30."
        pieces += [
            (authors, "author"),
            (". ", None),
            (title, "title"),
            (". ", None),
            (journal, "journal"),
            (". " if style == 0 or not spaced else " ", None),
            (date, "date"),
            ("; " if spaced else ";", None),
        ]
        pieces += [(volume + (f"({issue})" if issue else "") + (":" if page else ""), "volume")]
        if page:
            pieces += [(" " if spaced else "", None), (page, "pages")]
        pieces += [(".", None)]
    elif style == 2:  # Nature
        dotted = [f"{f}, {'. '.join(i)}." for f, i in short]
        authors = dotted[0] if len(dotted) == 1 else ", ".join(dotted[:-1]) + " & " + dotted[-1]
        pieces += [
            (authors, "author"),
            (" ", None),
            (title, "title"),
            (". ", None),
            (journal, "journal"),
            (" ", None),
            (volume + ",", "volume"),
        ]
        if page:
            pieces += [(" ", None), (page, "pages")]
        pieces += [(" ", None), (f"({year})", "date"), (".", None)]
    elif style == 3:  # ACS
        authors = "; ".join(f"{f}, {'. '.join(i)}." for f, i in short)
        pieces += [
            (authors, "author"),
            (" ", None),
            (title, "title"),
            (". ", None),
            (journal, "journal"),
            (" ", None),
            (f"{year},", "date"),
            (" ", None),
            (volume + ",", "volume"),
        ]
        if page:
            pieces += [(" ", None), (page, "pages")]
        pieces += [(".", None)]
    elif style == 4:  # numbered, given names first, year at the end (Elsevier, IEEE-like)
        authors = ", ".join(f"{'. '.join(i)}. {f}" for f, i in short)
        pieces += [
            (authors, "author"),
            (", ", None),
            (title, "title"),
            (", ", None),
            (journal, "journal"),
            (" ", None),
            (volume, "volume"),
        ]
        pieces += [(" ", None), (f"({year})", "date")]
        if page:
            pieces += [(" ", None), (page, "pages")]
        pieces += [(".", None)]
    elif style in (6, 7):  # a web page or news article, the journal standing for the site
        slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:6])
        url = f"https://www.{''.join(re.findall(r'[a-z0-9]+', journal.lower()))[:20]}.org/{year}/{slug}"
        day = f"{MONTHS_LONG[month % 12]} {1 + month}"
        # a third of the pages are by an organisation (one the data names as an author or publisher), and half of
        # those print no site name: "Centers for Disease Control. Falls. Updated 2021. Accessed …"
        org = orgs[int.from_bytes(digest[9:11], "big") % len(orgs)] if orgs and digest[11] % 3 == 0 else None
        site = [] if org and digest[12] % 2 else [(journal, "journal"), (". ", None)]
        if style == 6:  # APA
            dotted = [f"{f}, {'. '.join(i)}." for f, i in short]
            authors = (
                org + "." if org else dotted[0] if len(dotted) == 1 else ", ".join(dotted[:-1]) + ", & " + dotted[-1]
            )
            pieces += [
                (authors, "author"),
                (" ", None),
                (f"({year}, {day}).", "date"),
                (" ", None),
                (title, "title"),
                (". ", None),
                *site,
            ]
            if many:
                pieces += [("Retrieved from", "note"), (" ", None)]
            pieces += [(url, "url")]
        else:  # AMA
            authors = org or ", ".join(f"{f} {i}" for f, i in short[:6])
            label = ("Published", "Updated", "Last updated", "Reviewed", "Published", "Updated")[digest[6] % 6]
            when = (f"{day}, {year}", f"{MONTHS_LONG[month % 12]} {year}", str(year))[digest[7] % 3]
            pieces += [
                (authors, "author"),
                (". ", None),
                (title, "title"),
                (". ", None),
                *site,
                (f"{label} {when}.", "date"),
                (" ", None),
            ]
            pieces += [
                (f"Accessed {MONTHS_LONG[(month + 5) % 12]} {2 + month % 27}, {min(year + 2, 2024)}.", "note"),
                (" ", None),
                (url, "url"),
            ]
    elif style == 8:  # Springer's author-year: "Smith J, Jones K (2010) Title. J Biol Chem 285(3):1234-1240"
        authors = ", ".join(f"{f} {i}" for f, i in short) if not many else f"{short[0][0]} {short[0][1]} et al"
        pieces += [
            (authors, "author"),
            (" ", None),
            (f"({year})", "date"),
            (" ", None),
            (title, "title"),
            (". ", None),
            (journal, "journal"),
            (" ", None),
        ]
        pieces += [(volume + (f"({issue})" if issue else "") + (":" if page else ""), "volume")]
        if page:
            pieces += [(page, "pages")]
    elif style == 9:  # APA 7 with its DOI as a link
        dotted = [f"{f}, {'. '.join(i)}." for f, i in short]
        authors = dotted[0] if len(dotted) == 1 else ", ".join(dotted[:-1]) + ", & " + dotted[-1]
        pieces += [
            (authors, "author"),
            (" ", None),
            (f"({year}).", "date"),
            (" ", None),
            (title, "title"),
            (". ", None),
            (journal, "journal"),
            (", ", None),
        ]
        pieces += [(volume + (f"({issue})" if issue else "") + ",", "volume")]
        if page:
            pieces += [(" ", None), (page, "pages"), (".", None)]
    elif style == 10:  # Chicago's notes and bibliography: given names first after the first author
        given = [(n["family"], n["given"]) for n in names]
        authors = f"{given[0][0]}, {given[0][1]}"
        if len(given) > 1:
            authors += (
                ("," if len(given) > 2 else "")
                + "".join(f" {g} {f}," for f, g in given[1:-1])
                + f" and {given[-1][1]} {given[-1][0]}"
            )
        pieces += [
            (authors if authors.endswith(".") else authors + ".", "author"),
            (" ", None),
            (f'"{title}."', "title"),
            (" ", None),
            (journal, "journal"),
            (" ", None),
        ]
        pieces += [
            (volume + (f", no. {issue}" if issue else ""), "volume"),
            (" ", None),
            (f"({year})" + (":" if page else "."), "date"),
        ]
        if page:
            pieces += [(" ", None), (page, "pages"), (".", None)]
    else:  # Harvard without brackets
        dotted = [f"{f}, {'.'.join(i)}." for f, i in short]
        authors = dotted[0] if len(dotted) == 1 else ", ".join(dotted[:-1]) + " and " + dotted[-1]
        pieces += [
            (authors, "author"),
            (" ", None),
            (str(year), "date"),
            (", ", None),
            (title, "title"),
            (", ", None),
            (journal, "journal"),
            (", ", None),
        ]
        pieces += [(f"vol. {volume}" + (f", no. {issue}" if issue else "") + ("," if page else ""), "volume")]
        if page:
            pieces += [(" ", None), (f"pp. {page}", "pages")]
        pieces += [(".", None)]
    if style not in (6, 7):
        pieces += _identifiers(digest, year, style)
    if digest[5] % 2 and pieces[-1] == (".", None):
        pieces.pop()  # half the copies end without a full stop, as entries pasted from a list often do
    text, spans = "", []
    for piece, piece_label in pieces:
        if piece_label:
            spans.append((len(text), len(text) + len(piece), piece_label))
        text += piece
    return text, spans


def organisations(items: list[Labelled]) -> tuple[str, ...]:
    """The organisations the training entries name as authors or publishers, in the data's order, once each."""
    from kg.refs import fields as F

    found = (
        F.clean(text)
        for item in items
        if not item.held_back
        for label, text in item.spans
        if label in ("author", "publisher")
    )
    return tuple(dict.fromkeys(name for name in found if F.is_organisation(name) and "," not in name))


def augment(items: list[Labelled], copies: int = 4, styles: int = 11) -> list[tuple[list, list[str]]]:
    """Four restyled copies of each training entry that is a journal article, as (tokens, labels)."""
    out = []
    orgs = organisations(items)
    for item in items:
        for salt in range(copies) if not item.held_back else ():
            restyled = _restyle(item, salt, styles, orgs)
            if restyled is None:
                break
            text, spans = restyled
            tokens = tokenise(text)
            labels = []
            for token in tokens:
                # a token takes the label of the field its first letter or digit belongs to
                at = token.start + next((k for k, ch in enumerate(token.text) if ch.isalnum()), 0)
                labels.append(next((label for start, end, label in spans if start <= at < end), "note"))
            out.append((tokens, labels))
    return out


def main() -> None:
    if not DATA.is_file():  # an installed wheel holds the model, not the data it was trained on
        raise SystemExit(
            f"{DATA}: no training data here: run `python -m kg.refs.train` from a checkout of the repository"
        )
    items = read_dataset()
    training, held = split(items)
    train(training)
    digest = hashlib.sha256(DATA.read_bytes()).hexdigest()
    META.write_text(
        json.dumps(
            {
                "version": MODEL_VERSION,
                "data": "training/anystyle/core.xml",
                "data_sha256": digest,
                "trained_on": len(training),
                "held_back": len(held),
                "restyled_copies": len(augment(training)),
                "params": PARAMS,
                "model_sha256": hashlib.sha256(MODEL.read_bytes()).hexdigest(),
            },
            indent=2,
        )
        + "\n"
    )
    print(
        f"trained on {len(training)} entries, held back {len(held)}; wrote {MODEL} ({MODEL.stat().st_size} bytes)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
