"""A reference list on its own (``ekg refs``): split into entries, each read by kg.refs, rendered as a table,
CSL-JSON, BibTeX or Markdown.

The list is one entry a line, or a pasted numbered list ("1.", "[1]", "1)", or a bare "1 ") whose entries may
run over several lines: when most lines open with a number, a line without one continues the entry above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.errors import MissingData, ReferenceInputError
from kg.refs import Reference, parse, to_csl
from kg.util.render import Table

#: a list larger than this is refused (a reference list is a few hundred kilobytes at most)
MAX_BYTES = 20 * 1024 * 1024
MARKER = re.compile(r"^\s*(?:\[\d{1,4}\]|\(?\d{1,4}[.)]|\d{1,4}\s+(?=[A-Z\W]))")
#: confidence below which a field is listed as unsure
UNSURE = 0.75


def read_text(path: Path) -> str:
    """The list's text; one-line errors for what cannot be read."""
    name = str(path)
    if not path.exists():
        raise MissingData(
            name, None, None, "no such file", "give the path of a text file with one reference a line, or - for stdin"
        )
    if path.is_dir():
        raise ReferenceInputError(
            name, None, None, "is a folder, not a file", "give a text file with one reference a line"
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReferenceInputError(
                name, None, None, f"is {size} bytes; a reference list is at most {MAX_BYTES} bytes", "split it"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ReferenceInputError(
            name, None, None, f"cannot be read: {exc.strerror}", "check the file's permissions"
        ) from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReferenceInputError(name, line, None, "is not UTF-8 text", "save it as UTF-8 (plain text)") from None


def split_entries(text: str) -> list[str]:
    """One entry a line; in a numbered list, an unnumbered line continues the entry above it."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    numbered = sum(bool(MARKER.match(line)) for line in lines)
    if not lines or numbered * 2 <= len(lines):
        return lines
    entries: list[str] = []
    for line in lines:
        if MARKER.match(line) or not entries:
            entries.append(line)
        else:
            entries[-1] += " " + line
    return entries


@dataclass
class ReferenceList:
    """The entries of a list, each as read; renders as a table, CSL-JSON, Markdown or BibTeX."""

    references: list[Reference]

    def to_json(self) -> list[dict]:
        return [to_csl(ref, i) for i, ref in enumerate(self.references, 1)]

    def tables(self) -> list[Table]:
        rows = []
        for i, ref in enumerate(self.references, 1):
            names = [n.get("family") or n.get("literal") or "" for n in ref.authors]
            authors = names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "") if names else ""
            numbers = (
                (ref.volume or "") + (f"({ref.issue})" if ref.issue else "") + (f":{ref.page}" if ref.page else "")
            )
            ids = " ".join(f"{k}:{v}" for k, v in ref.ids.items() if k != "URL") or ref.ids.get("URL", "")
            unsure = ", ".join(f"{k} {v:.2f}" for k, v in ref.confidence.items() if v < UNSURE)
            rows.append(
                [
                    ref.number or i,
                    authors,
                    ref.year or "",
                    ref.title or "",
                    ref.container_title or ref.publisher or "",
                    numbers,
                    ids,
                    unsure,
                ]
            )
        footer = [f"{len(rows)} entries; 'unsure' lists the fields read with confidence below {UNSURE}"]
        return [
            Table(
                ["#", "first author", "year", "title", "journal", "vol(issue):pages", "ids", "unsure"],
                rows,
                footer=footer,
            )
        ]

    def bibtex(self) -> str:
        """BibTeX entries, keyed by first author's surname and year, the verbatim entry in ``note``-free ``verbatim``."""
        out: list[str] = []
        used: dict[str, int] = {}
        for ref in self.references:
            kind, fields = _bibtex_fields(ref)
            stem = (
                re.sub(
                    r"[^a-z]",
                    "",
                    _fold(
                        (ref.authors[0].get("family") or ref.authors[0].get("literal") or "")
                        if ref.authors
                        else (ref.title or "ref").split()[0]
                    ),
                )
                or "ref"
            )
            key = f"{stem}{ref.year or ''}{ref.year_suffix}"
            used[key] = used.get(key, 0) + 1
            if used[key] > 1:
                key = f"{key}-{used[key]}"
            body = ",\n".join(f"  {name} = {{{_brace_safe(value)}}}" for name, value in fields)
            out.append(f"@{kind}{{{key},\n{body}\n}}\n")
        return "\n".join(out)


BIBTEX_TYPES = {
    "article-journal": "article",
    "chapter": "incollection",
    "book": "book",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
    "report": "techreport",
}


def _bibtex_fields(ref: Reference) -> tuple[str, list[tuple[str, str]]]:
    kind = BIBTEX_TYPES.get(ref.type, "misc")
    fields: list[tuple[str, str]] = []

    def names(people: list[dict]) -> str:
        return " and ".join(
            "{" + n["literal"] + "}"
            if "literal" in n
            else ", ".join(p for p in (n.get("family", ""), n.get("suffix", ""), n.get("given", "")) if p)
            for n in people
        )

    if ref.authors:
        fields.append(("author", names(ref.authors)))
    if ref.editors:
        fields.append(("editor", names(ref.editors)))
    container = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}.get(
        kind, "howpublished"
    )
    for name, value in (
        ("title", ref.title),
        ("year", str(ref.year) if ref.year else None),
        (container, ref.container_title),
        ("volume", ref.volume),
        ("number", ref.issue),
        ("pages", ref.page.replace("-", "--") if ref.page else None),
        ("publisher", ref.publisher),
        ("address", ref.place),
        ("edition", ref.edition),
        ("doi", ref.ids.get("DOI")),
        ("url", ref.ids.get("URL")),
        ("pmid", ref.ids.get("PMID")),
        ("isbn", ref.ids.get("ISBN")),
        ("verbatim", ref.verbatim),
    ):
        if value:
            fields.append((name, value))
    return kind, fields


def _brace_safe(text: str) -> str:
    """A BibTeX value: braces balanced (an unbalanced one is dropped), so an entry cannot end another's field."""
    out, depth = [], 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                continue
            depth -= 1
        out.append(char)
    text = "".join(out)
    return text + "}" * depth


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def read_list(path: Path | None, stream: BinaryIO | None = None) -> ReferenceList:
    """Read a reference list from a file (or, path None, from the binary ``stream``, e.g. stdin): every entry
    parsed, in order."""
    if path is None:
        data = stream.read(MAX_BYTES + 1) if stream is not None else b""
        if len(data) > MAX_BYTES:
            raise ReferenceInputError(
                "stdin", None, None, f"holds more than {MAX_BYTES} bytes; a reference list is smaller", "split it"
            )
        text = decode(data, "stdin")
    else:
        text = read_text(path)
    entries = split_entries(text)
    if not entries:
        raise ReferenceInputError(
            str(path) if path else "stdin", None, None, "holds no reference entries", "give one reference a line"
        )
    return ReferenceList([parse(entry) for entry in entries])
