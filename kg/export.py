"""Exports of the built graph. Formats are a registry (name -> writer), so other modules add their own."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Callable

from kg.errors import ExportError
from kg.iris import ONTOLOGY_GRAPH, PREFIXES

#: format name -> (writer(store, include_ontology) -> str, file suffix, one-line description)
EXPORTERS: dict[str, tuple[Callable, str, str]] = {}

#: Modules that register more formats with @exporter when imported (graph pictures, nanopublications, …).
PLUGIN_MODULES: list[str] = [
    "kg.network",
    "kg.interop.nanopub",
    "kg.interop.claimreview",
    "kg.interop.annotations",
    "kg.interop.bibliography",
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


def _quads(store, include_ontology: bool):
    import pyoxigraph

    ontology = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
    for quad in store.quads_for_pattern(None, None, None, None):
        if include_ontology or quad.graph_name != ontology:
            yield quad


def ntriples(store, include_ontology: bool = True) -> str:
    """The union of all graphs as sorted, de-duplicated N-Triples: identical for identical input."""
    lines = {f"{q.subject} {q.predicate} {q.object} .\n" for q in _quads(store, include_ontology)}
    return "".join(sorted(lines))


def nquads(store, include_ontology: bool = True) -> str:
    lines = {f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n" for q in _quads(store, include_ontology)}
    return "".join(sorted(lines))


def rdflib_dataset(store, include_ontology: bool = True):
    from rdflib import Dataset

    ds = Dataset()
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri, override=True, replace=True)
    ds.parse(data=nquads(store, include_ontology), format="nquads")
    return ds


def rdflib_graph(store, include_ontology: bool = True):
    from rdflib import Graph

    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    graph.parse(data=ntriples(store, include_ontology), format="nt")
    return graph


def jsonld_context() -> dict:
    return json.loads((files("kg.ontology") / "context.jsonld").read_text(encoding="utf-8"))


@exporter("nt", ".nt", "N-Triples, sorted: the union of all graphs")
def export_nt(store, include_ontology: bool = True) -> str:
    return ntriples(store, include_ontology)


@exporter("nq", ".nq", "N-Quads, sorted: every triple with its named graph")
def export_nq(store, include_ontology: bool = True) -> str:
    return nquads(store, include_ontology)


@exporter("ttl", ".ttl", "Turtle: the union of all graphs, with the project's prefixes")
def export_ttl(store, include_ontology: bool = True) -> str:
    return rdflib_graph(store, include_ontology).serialize(format="turtle")


@exporter("trig", ".trig", "TriG: each article in its own named graph")
def export_trig(store, include_ontology: bool = True) -> str:
    return rdflib_dataset(store, include_ontology).serialize(format="trig")


@exporter("jsonld", ".jsonld", "JSON-LD with named graphs, compacted with ontology/context.jsonld")
def export_jsonld(store, include_ontology: bool = True) -> str:
    context = jsonld_context()["@context"]
    return rdflib_dataset(store, include_ontology).serialize(format="json-ld", context=context, indent=1)


def export(store, fmt: str, include_ontology: bool = True) -> str:
    if fmt not in formats():
        raise ExportError(f"unknown export format {fmt!r} (use one of: {', '.join(sorted(EXPORTERS))})")
    return EXPORTERS[fmt][0](store, include_ontology)
