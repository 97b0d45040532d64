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
MODEL_VERSION = "3"
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

MONTHS_LONG = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NUMBER_FORMS = ("{n}. ", "[{n}] ", "{n}) ", "{n} ", "", "", "")


def _initials(given: str) -> str:
    return "".join(ch for ch in given if ch.isupper())


def _restyle(item: Labelled, salt: int, styles: int = 8) -> tuple[str, list[tuple[int, int, str]]] | None:
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
    style, number_form, month, many = digest[0] % styles, NUMBER_FORMS[digest[1] % len(NUMBER_FORMS)], digest[2] % 24, digest[3] % 3 == 0
    pieces: list[tuple[str, str | None]] = []  # (text, label); label None for the punctuation between fields
    if number_form:
        pieces.append((number_form.format(n=1 + digest[4] % 120).rstrip(), "citation-number"))
        pieces.append((" ", None))
    short = [(n["family"], _initials(n["given"])) for n in names]
    if style in (0, 1):  # Vancouver / AMA
        authors = ", ".join(f"{f} {i}" for f, i in short[:6]) + (", et al" if many and len(short) > 3 else "")
        date = str(year) + (f" {MONTHS[month % 12]}" if month < 12 else "") + (f" {1 + month}" if month < 6 else "")
        pieces += [(authors, "author"), (". ", None), (title, "title"), (". ", None), (journal, "journal"), (". ", None), (date, "date"), (";", None)]
        pieces += [(volume + (f"({issue})" if issue else "") + (":" if page else ""), "volume")]
        if page:
            pieces += [(page, "pages")]
        pieces += [(".", None)]
    elif style == 2:  # Nature
        dotted = [f"{f}, {'. '.join(i)}." for f, i in short]
        authors = dotted[0] if len(dotted) == 1 else ", ".join(dotted[:-1]) + " & " + dotted[-1]
        pieces += [(authors, "author"), (" ", None), (title, "title"), (". ", None), (journal, "journal"), (" ", None), (volume + ",", "volume")]
        if page:
            pieces += [(" ", None), (page, "pages")]
        pieces += [(" ", None), (f"({year})", "date"), (".", None)]
    elif style == 3:  # ACS
        authors = "; ".join(f"{f}, {'. '.join(i)}." for f, i in short)
        pieces += [(authors, "author"), (" ", None), (title, "title"), (". ", None), (journal, "journal"), (" ", None), (f"{year},", "date"), (" ", None), (volume + ",", "volume")]
        if page:
            pieces += [(" ", None), (page, "pages")]
        pieces += [(".", None)]
    elif style == 4:  # numbered, given names first, year at the end (Elsevier, IEEE-like)
        authors = ", ".join(f"{'. '.join(i)}. {f}" for f, i in short)
        pieces += [(authors, "author"), (", ", None), (title, "title"), (", ", None), (journal, "journal"), (" ", None), (volume, "volume")]
        pieces += [(" ", None), (f"({year})", "date")]
        if page:
            pieces += [(" ", None), (page, "pages")]
        pieces += [(".", None)]
    elif style in (6, 7):  # a web page or news article, the journal standing for the site
        slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:6])
        url = f"https://www.{''.join(re.findall(r'[a-z0-9]+', journal.lower()))[:20]}.org/{year}/{slug}"
        day = f"{MONTHS_LONG[month % 12]} {1 + month}"
        if style == 6:  # APA
            dotted = [f"{f}, {'. '.join(i)}." for f, i in short]
            authors = dotted[0] if len(dotted) == 1 else ", ".join(dotted[:-1]) + ", & " + dotted[-1]
            pieces += [(authors, "author"), (" ", None), (f"({year}, {day}).", "date"), (" ", None), (title, "title"), (". ", None), (journal, "journal"), (". ", None)]
            if many:
                pieces += [("Retrieved from", "note"), (" ", None)]
            pieces += [(url, "url")]
        else:  # AMA
            authors = ", ".join(f"{f} {i}" for f, i in short[:6])
            pieces += [(authors, "author"), (". ", None), (title, "title"), (". ", None), (journal, "journal"), (". ", None), (f"Published {day}, {year}.", "date"), (" ", None)]
            pieces += [(f"Accessed {MONTHS_LONG[(month + 5) % 12]} {2 + month % 27}, {min(year + 2, 2024)}.", "note"), (" ", None), (url, "url")]
    else:  # Harvard without brackets
        dotted = [f"{f}, {'.'.join(i)}." for f, i in short]
        authors = dotted[0] if len(dotted) == 1 else ", ".join(dotted[:-1]) + " and " + dotted[-1]
        pieces += [(authors, "author"), (" ", None), (str(year), "date"), (", ", None), (title, "title"), (", ", None), (journal, "journal"), (", ", None)]
        pieces += [(f"vol. {volume}" + (f", no. {issue}" if issue else "") + ",", "volume")]
        if page:
            pieces += [(" ", None), (f"pp. {page}", "pages")]
        pieces += [(".", None)]
    if digest[5] % 2 and pieces[-1] == (".", None):
        pieces.pop()  # half the copies end without a full stop, as entries pasted from a list often do
    text, spans = "", []
    for piece, label in pieces:
        if label:
            spans.append((len(text), len(text) + len(piece), label))
        text += piece
    return text, spans


def augment(items: list[Labelled], copies: int = 3, styles: int = 8) -> list[tuple[list, list[str]]]:
    """Three restyled copies of each training entry that is a journal article, as (tokens, labels)."""
    out = []
    for item in items:
        for salt in range(copies) if not item.held_back else ():
            restyled = _restyle(item, salt, styles)
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
    print(f"trained on {len(training)} entries, held back {len(held)}; wrote {MODEL} ({MODEL.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
