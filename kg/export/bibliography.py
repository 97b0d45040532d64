"""The sources of the graph as a bibliography: BibTeX (written with bibtexparser 2) and CSL-JSON (what
citeproc processors such as citeproc-js, citeproc-py and pandoc read).

One entry per source (a source cited by several articles appears once), keyed by the articles' own BibTeX
key. DOIs are normalised (lower case, no ``doi:`` or resolver prefix). Journal articles become ``@article``
/ ``article-journal``; web pages ``@misc`` (with ``organization``, ``date`` and ``url``, as the curated
reference lists write them, so the BibTeX reads back into a data folder) / ``webpage``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from kg.export.registry import exporter


@dataclass
class SourceRecord:
    iri: str
    key: str
    kind: str  # article | webpage
    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    date: str | None = None  # ISO date, when the reference gives a day
    doi: str | None = None
    url: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # "98–105"
    publisher: str | None = None


_SOURCES = """
SELECT ?source ?journalArticle ?title ?authors ?year ?date ?doi ?url ?journal ?volume ?issue ?pages ?publisher ?key WHERE {
  ?source a ekg:Source ; dcterms:title ?title .
  BIND (EXISTS { ?source a fabio:JournalArticle } AS ?journalArticle)
  OPTIONAL { ?source ekg:authorList ?authors }
  OPTIONAL { ?source fabio:hasPublicationYear ?year }
  OPTIONAL { ?source dcterms:issued ?date }
  OPTIONAL { ?source bibo:doi ?doi }
  OPTIONAL { ?source schema:url ?url }
  OPTIONAL { ?source dcterms:isPartOf/dcterms:title ?journal }
  OPTIONAL { ?source bibo:volume ?volume }
  OPTIONAL { ?source bibo:issue ?issue }
  OPTIONAL { ?source bibo:pages ?pages }
  OPTIONAL { ?source dcterms:publisher/schema:name ?publisher }
  OPTIONAL { ?entry ekg:refersTo ?source ; ekg:citationKey ?key }
}"""


def _first(rows: list[dict], name: str):
    values = sorted({str(r[name]) for r in rows if r[name] is not None})
    return values[0] if values else None


def sources(store) -> list[SourceRecord]:
    """Every source, once, sorted by key; keys made unique where two sources share one."""
    from kg.dataset.bib import normalise_doi
    from kg.sparql.run import select

    by_source: dict[str, list[dict]] = {}
    for row in select(store, _SOURCES):
        by_source.setdefault(row["source"], []).append(row)
    records = []
    for iri, rows in by_source.items():
        authors = _first(rows, "authors")
        year = _first(rows, "year")
        doi = _first(rows, "doi")
        key = _first(rows, "key") or re.sub(r"[^A-Za-z0-9]+", "-", iri).strip("-").lower()
        records.append(
            SourceRecord(
                iri=iri,
                key=key,
                kind="article" if any(r["journalArticle"] for r in rows) else "webpage",
                title=_first(rows, "title"),
                authors=[a for a in authors.split("; ") if a] if authors else [],
                year=int(year) if year and year.isdigit() else None,
                date=_first(rows, "date"),
                doi=normalise_doi(doi) if doi else None,
                url=_first(rows, "url"),
                journal=_first(rows, "journal"),
                volume=_first(rows, "volume"),
                issue=_first(rows, "issue"),
                pages=_first(rows, "pages"),
                publisher=_first(rows, "publisher"),
            )
        )
    records.sort(key=lambda r: (r.key, r.iri))
    seen: dict[str, int] = {}
    for record in records:
        count = seen.get(record.key, 0) + 1
        seen[record.key] = count
        if count > 1:
            record.key = f"{record.key}-{count}"
    return records


def _bibtex_name(name: str) -> str:
    """A person as ``Family, Given``; a body without a comma is braced so BibTeX keeps it whole."""
    return name if "," in name else "{" + name + "}"


def to_bibtex(records: list[SourceRecord]) -> str:
    import bibtexparser
    from bibtexparser.model import Entry, Field

    from kg.dataset.bib import bibtex_value

    library = bibtexparser.Library()
    for r in records:
        fields = []

        def put(name: str, value) -> None:
            if value not in (None, "", []):
                fields.append(Field(name, bibtex_value(str(value))))  # noqa: B023 - put() runs within this iteration only

        put("author", " and ".join(_bibtex_name(a) for a in r.authors))
        put("title", r.title)
        if r.kind == "article":
            put("journal", r.journal)
        put("year", r.year)
        put("date", r.date)
        put("volume", r.volume)
        put("number", r.issue)
        put("pages", r.pages.replace("–", "--") if r.pages else None)
        if r.kind != "article":
            put("organization", r.publisher)
        put("doi", r.doi)
        put("url", r.url)
        library.add(Entry("article" if r.kind == "article" else "misc", r.key, fields))
    return bibtexparser.write_string(library)


def _csl_name(name: str) -> dict:
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given}
    return {"literal": name}


def _date_parts(record: SourceRecord) -> dict | None:
    if record.date:
        return {"date-parts": [[int(part) for part in record.date.split("-")]]}
    if record.year:
        return {"date-parts": [[record.year]]}
    return None


def to_csljson(records: list[SourceRecord]) -> list[dict]:
    items = []
    for r in records:
        item: dict[str, Any] = {
            "id": r.key,
            "type": "article-journal" if r.kind == "article" else "webpage",
            "title": r.title,
        }
        if r.authors:
            item["author"] = [_csl_name(a) for a in r.authors]
        issued = _date_parts(r)
        if issued:
            item["issued"] = issued
        optional = {
            "container-title": r.journal if r.kind == "article" else None,
            "volume": r.volume,
            "issue": r.issue,
            "page": r.pages.replace("–", "-") if r.pages else None,
            "publisher": r.publisher if r.kind != "article" else None,
            "DOI": r.doi,
            "URL": r.url,
        }
        item.update({k: v for k, v in optional.items() if v})
        items.append(item)
    return items


@exporter("bibtex", ".bib", "BibTeX of every cited source (bibtexparser 2), DOIs normalised")
def export_bibtex(store, include_ontology: bool = True) -> str:
    return to_bibtex(sources(store))


@exporter("csljson", ".json", "CSL-JSON of every cited source, for citeproc processors (pandoc, Zotero, citeproc-js)")
def export_csljson(store, include_ontology: bool = True) -> str:
    return json.dumps(to_csljson(sources(store)), indent=2, ensure_ascii=False) + "\n"
