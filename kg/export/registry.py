"""The registry of export formats (name -> writer): every `ekg export --format` is a module of kg.export that
registers itself here with @exporter when imported."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kg.errors import ExportError

#: format name -> (writer(store, include_ontology) -> str, file suffix, one-line description)
EXPORTERS: dict[str, tuple[Callable, str, str]] = {}

#: Modules that register more formats with @exporter when imported (graph pictures, nanopublications, …).
PLUGIN_MODULES: list[str] = [
    "kg.export.rdf",
    "kg.export.network",
    "kg.export.nanopub",
    "kg.export.claimreview",
    "kg.export.annotations",
    "kg.export.bibliography",
]


def formats() -> list[str]:
    """Every export format, plugins included."""
    import importlib

    for name in PLUGIN_MODULES:
        importlib.import_module(name)
    return sorted(EXPORTERS)


def exporter(name: str, suffix: str, description: str):
    def register(func):
        EXPORTERS[name] = (func, suffix, description)
        return func

    return register


def export_chunks(store, fmt: str, include_ontology: bool = True) -> Iterator[str]:
    """The export in pieces of text, to be written as they come: an exporter returns its whole text or, for
    output that can be large, a generator of pieces."""
    if fmt not in formats():
        raise ExportError(f"unknown export format {fmt!r} (use one of: {', '.join(sorted(EXPORTERS))})")
    result = EXPORTERS[fmt][0](store, include_ontology)
    return iter((result,) if isinstance(result, str) else result)


def export(store, fmt: str, include_ontology: bool = True) -> str:
    """The whole export as one text (``export_chunks`` writes it in pieces)."""
    return "".join(export_chunks(store, fmt, include_ontology))
