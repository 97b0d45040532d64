"""Reference lists as BibTeX, read and written with bibtexparser 2.

Each entry keeps the reference list's verbatim text in a ``verbatim`` field and its number in
``refnumber``; DOIs are normalised (lower-cased, ``doi:`` and resolver prefixes stripped).
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.dataset.model import Reference, Where
from kg.errors import BibtexError, DuplicateId, MalformedDOI, MissingData
from kg.util.safe import NOT_A_DOI, doi_problem, url_problem

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise_doi(doi: str) -> str:
    """``doi:10.1155/2021/ABC`` -> ``10.1155/2021/abc`` (DOIs are case-insensitive)."""
    return _DOI_PREFIX.sub("", doi.strip()).strip().lower()


def is_valid_doi(doi: str) -> bool:
    return doi_problem(normalise_doi(doi)) is None


def _field_line(entry, name: str) -> int:
    """1-based line of a field inside its entry, for error messages."""
    start = entry.start_line + 1
    for offset, line in enumerate((entry.raw or "").splitlines()):
        if re.match(rf"\s*{re.escape(name)}\s*=", line, re.IGNORECASE):
            return start + offset
    return start


def _parse_quietly(bibtexparser, text: str):
    """bibtexparser's parse, with what it logs about failed blocks kept (for the one-line error) rather than
    printed to stderr before it."""
    import logging

    said: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage())

    logger, keep = logging.getLogger("bibtexparser"), Keep()
    propagate = logger.propagate
    logger.addHandler(keep)
    logger.propagate = False
    try:
        return bibtexparser.parse_string(text), said
    finally:
        logger.removeHandler(keep)
        logger.propagate = propagate


def parse_bibtex(path: Path) -> dict[str, Reference]:
    """Parse a reference list; any defect that stops a build is a ``BibtexError`` naming line and field."""
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MissingData(path, None, None, "file not found", "add the article's reference list as BibTeX") from None
    except UnicodeDecodeError as exc:
        raise BibtexError(path, None, None, f"not UTF-8 ({exc.reason})", "save the file as UTF-8") from exc
    library, said = _parse_quietly(bibtexparser, text)
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            raise DuplicateId(path, line, "key", f"{block.key!r} is defined twice", "give each entry its own key")
        # bibtexparser logs why a block failed ("Parsing of `@article` block (line 4) aborted …:\n Expected …")
        told = [m.splitlines()[-1].strip() for m in said if f"(line {block.start_line})" in m and "\n" in m]
        reason = str(getattr(block, "error", "")) or (told[0].rstrip(".") if told else "") or "does not parse"
        first = (block.raw or "").strip().splitlines()[0][:60] if block.raw else ""
        raise BibtexError(
            path,
            line,
            None,
            f"entry {first!r} does not parse: {reason}",
            "check the braces, commas and quotes of this entry",
        )
    references: dict[str, Reference] = {}
    for entry in library.entries:
        references[entry.key] = _reference(path, entry)
    return references


def iri_problem(iri: str) -> str | None:
    """Why the store would refuse ``iri`` as an IRI (Oxigraph's own parser says), or None if it takes it."""
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as exc:
        return str(exc)
    return None


#: what an entry key may not hold: it is the last segment of the reference's IRI (``id/reference/<slug>/<key>``)
_KEY_FORBIDDEN = re.compile(r"[#?%/]")


def _reference(path: Path, entry) -> Reference:
    fields = {f.key.lower(): _unescape(str(f.value)).strip() for f in entry.fields}
    line = entry.start_line + 1
    where = Where(path, line)
    from kg.iris import ID

    forbidden = _KEY_FORBIDDEN.search(entry.key)
    problem = f"{forbidden.group()!r} is not allowed" if forbidden else iri_problem(f"{ID}reference/x/{entry.key}")
    if problem:
        raise BibtexError(
            path,
            line,
            "key",
            f"the entry key {entry.key!r} cannot be part of an IRI ({problem})",
            "use letters, digits and - _ : . in entry keys, and the same key in claims.yaml",
        )

    def fail(name: str, problem: str, fix: str, cls=BibtexError):
        return cls(path, _field_line(entry, name), f"{entry.key}.{name}", problem, fix)

    title = fields.get("title", "")
    if not title and not fields.get("verbatim"):
        raise fail(
            "title",
            "missing",
            "add title = {…} as the reference list gives it (or verbatim = {…}, the entry as printed)",
        )
    year = None
    if fields.get("year"):
        if not re.fullmatch(r"\d{4}", fields["year"]):
            raise fail("year", f"{fields['year']!r} is not a four-digit year", "write year = {2021}")
        year = int(fields["year"])
    doi = None
    if fields.get("doi"):
        doi = normalise_doi(fields["doi"])
        if problem := doi_problem(doi):
            raise fail(
                "doi",
                f"{fields['doi']!r} is not a DOI" + ("" if problem == NOT_A_DOI else f" ({problem})"),
                "a DOI is 10., a registrant code, a slash and a suffix, e.g. 10.1155/2021/6660304",
                MalformedDOI,
            )
    url = fields.get("url") or None
    if url and not re.match(r"^https?://", url, re.IGNORECASE):
        raise fail("url", f"{url!r} is not an http(s) URL", "write the full address, starting with https://")
    if url and (problem := iri_problem(url)):
        # the URL is the source's IRI in the graph: the store would refuse it
        raise fail(
            "url",
            f"{url!r} is not a valid IRI ({problem})",
            "percent-encode the characters links may not hold (| as %7C, space as %20, [ as %5B, ] as %5D)",
        )
    pmid = fields.get("pmid") or None
    if pmid and not re.fullmatch(r"[1-9][0-9]{0,9}", pmid):
        raise fail("pmid", f"{pmid!r} is not a PubMed ID", "write the number alone, e.g. pmid = {31234567}")
    pmcid = fields.get("pmcid") or None
    if pmcid:
        pmcid = pmcid.upper()
        if not re.fullmatch(r"PMC[1-9][0-9]{0,9}", pmcid):
            raise fail(
                "pmcid",
                f"{fields['pmcid']!r} is not a PubMed Central ID",
                "write it as PMC and digits, e.g. pmcid = {PMC6543210}",
            )
    isbn = None
    if fields.get("isbn"):
        isbn = normalise_isbn(fields["isbn"])
        if isbn is None:
            raise fail(
                "isbn",
                f"{fields['isbn']!r} is not an ISBN",
                "write the 10 or 13 characters of the ISBN, e.g. isbn = {978-0-306-40615-7}",
            )
    if url and not pmid:
        pmid = pubmed_id_from_url(url)
    if url and (problem := url_problem(url)):  # what an IRI may hold but a link may not: no host, a bidi override
        raise fail("url", f"{url!r} is not a web address ({problem})", "write the full address, starting with https://")
    number = None
    if fields.get("refnumber"):
        if not (fields["refnumber"].isascii() and fields["refnumber"].isdigit()):
            raise fail("refnumber", f"{fields['refnumber']!r} is not a number", "write refnumber = {3}")
        number = int(fields["refnumber"])
    authors = [a.strip() for a in re.split(r"\s+and\s+", fields.get("author", "")) if a.strip()]
    return Reference(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        fields=fields,
        title=title,
        year=year,
        doi=doi,
        url=url,
        verbatim=fields.get("verbatim") or None,
        number=number,
        authors=authors,
        where=where,
        pmid=pmid,
        pmcid=pmcid,
        isbn=isbn,
    )


_PUBMED_URL = re.compile(
    r"^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/|europepmc\.org/(?:abstract/MED|article/MED)/)([1-9][0-9]{0,9})/?(?:[?#].*)?$",
    re.IGNORECASE,
)


def pubmed_id_from_url(url: str) -> str | None:
    """The PubMed ID in a PubMed or Europe PMC link (https://pubmed.ncbi.nlm.nih.gov/31234567/), else None."""
    found = _PUBMED_URL.match(url)
    return found.group(1) if found else None


def normalise_isbn(text: str) -> str | None:
    """An ISBN-10 or ISBN-13 without hyphens or spaces ("978-0-306-40615-7" -> "9780306406157"), if its check
    digit is right; else None."""
    chars = re.sub(r"[\s-]", "", text.upper().removeprefix("ISBN").strip(" :"))
    if re.fullmatch(r"[0-9]{9}[0-9X]", chars):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(chars))
        return chars if total % 11 == 0 else None
    if re.fullmatch(r"97[89][0-9]{10}", chars):
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(chars))
        return chars if total % 10 == 0 else None
    return None


#: a brace that BibTeX (and bibtexparser) counts: one not escaped by a backslash
_LIVE_BRACE = re.compile(r"(?<!\\)[{}]")


def _nested(text: str) -> bool:
    depth = 0
    for brace in _LIVE_BRACE.findall(text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def bibtex_value(text: str) -> str:
    """``text`` as the content of a braced BibTeX value that reads back as one field: a value whose braces nest
    is written as it is (``{BMC}`` keeps its case), otherwise every brace is escaped (``\\}``), so that text from
    a page ("…}, url = {https://evil.example}, note = {") can never close its field and open another."""
    text = re.sub(r"\n(?=[ \t]*@)", " ", text)  # "@misc{" opening a line starts a new entry, even inside a value
    if _nested(text) and not text.endswith("\\"):
        return text
    escaped = _LIVE_BRACE.sub(lambda m: "\\" + m.group(), text)
    return escaped + " " if escaped.endswith("\\") else escaped  # a final backslash would escape the closing brace


def _unescape(value: str) -> str:
    """A value as read: the escaped braces ``bibtex_value`` writes are the braces themselves."""
    return value.replace("\\{", "{").replace("\\}", "}") if "\\" in value else value


def write_bibtex(references: list[Reference], path: Path) -> None:
    """Write references as BibTeX (atomically), fields in a stable order."""
    import bibtexparser
    from bibtexparser.model import Entry, Field

    from kg.util.fsutil import atomic_write_text

    library = bibtexparser.Library()
    for ref in references:
        entry = Entry(ref.entry_type, ref.key, [Field(k, bibtex_value(v)) for k, v in ref.fields.items()])
        library.add(entry)
    atomic_write_text(path, bibtexparser.write_string(library))
