"""Resolving what a user types (a DOI, a citation key, a surname, a person's name) to sources and people."""

from __future__ import annotations

import difflib
import re

from kg.errors import NotFound
from kg.sparql.run import select
from kg.sparql.terms import iri as named

# ---------------------------------------------------------------------------- resolving user references


def resolve_sources(store, ref: str) -> list[str]:
    """Source IRIs for a BibTeX key, a DOI (any case, with or without doi:/https://doi.org/) or a URL."""
    from kg.dataset.bib import normalise_doi

    ref = ref.strip()
    doi = normalise_doi(ref)
    if re.match(r"^10\.\d{4,9}/\S", doi):  # looked up as a parameter: any DOI-shaped text may be asked for
        return [r["s"] for r in select(store, "SELECT ?doi ?s WHERE { ?s bibo:doi ?doi }", {"doi": doi})]
    if re.match(r"^https?://", ref):
        return [r["s"] for r in select(store, "SELECT ?s WHERE { ?s a ekg:Source }", {"s": named(ref)})]
    rows = select(store, "SELECT ?key ?s WHERE { ?e ekg:citationKey ?key ; ekg:refersTo ?s }", {"key": ref})
    return sorted({r["s"] for r in rows})


def _source_not_found(store, ref: str) -> NotFound:
    keys = [r["key"] for r in select(store, "SELECT DISTINCT ?key WHERE { ?e ekg:citationKey ?key }")]
    close = difflib.get_close_matches(ref, keys, n=1, cutoff=0.5)
    hint = f" (did you mean {close[0]}?)" if close else " (give a BibTeX key, a DOI or a URL; `ekg sources` lists them)"
    return NotFound(f"no source {ref!r} in the graph{hint}")


def resolve_people(store, name: str) -> list[str]:
    """Person IRIs whose name or alias contains every word of ``name`` ("Goostree", "Dr. Goostree")."""
    words = [w for w in re.findall(r"[^\W_]+", name.lower()) if w not in ("dr", "mr", "ms", "mrs", "prof")]
    if not words:
        return []
    people = select(
        store,
        """SELECT ?p ?name WHERE { ?p a schema:Person .
        { ?p schema:name ?name } UNION { ?p schema:alternateName ?name } }""",
    )
    found: dict[str, set[str]] = {}
    for row in people:
        found.setdefault(row["p"], set()).add(row["name"].lower())
    return sorted(p for p, names in found.items() if any(all(w in n for w in words) for n in names))
