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


def _triple_lines(store, include_ontology: bool) -> set[str]:
    """The union of all graphs as N-Triples lines, each once."""
    return {f"{q.subject} {q.predicate} {q.object} .\n" for q in _quads(store, include_ontology)}


def ntriples(store, include_ontology: bool = True) -> str:
    """The union of all graphs as sorted, de-duplicated N-Triples: identical for identical input."""
    return "".join(sorted(_triple_lines(store, include_ontology)))


def nquads(store, include_ontology: bool = True) -> str:
    lines = {f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n" for q in _quads(store, include_ontology)}
    return "".join(sorted(lines))


def jsonld_context() -> dict:
    return json.loads((files("kg.ontology") / "context.jsonld").read_text(encoding="utf-8"))


@exporter("nt", ".nt", "N-Triples, sorted: the union of all graphs")
def export_nt(store, include_ontology: bool = True) -> str:
    return ntriples(store, include_ontology)


@exporter("nq", ".nq", "N-Quads, sorted: every triple with its named graph")
def export_nq(store, include_ontology: bool = True) -> str:
    return nquads(store, include_ontology)


def _by_graph(store, include_ontology: bool):
    """Every quad of the named graphs once, graph after graph in IRI order, each graph's sorted as ``nquads``
    sorts them: what TriG and JSON-LD write, identical for identical input; read one graph at a time, so memory
    holds one article's quads, not the corpus's."""
    import itertools

    import pyoxigraph

    ontology = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
    graphs = sorted((g for g in store.named_graphs() if include_ontology or g != ontology), key=str)

    def read(graph) -> bytes:
        lines = {f"{q.subject} {q.predicate} {q.object} {graph} .\n" for q in store.quads_for_pattern(None, None, None, graph)}
        return _types_first(lines).encode("utf-8")

    return itertools.chain.from_iterable(pyoxigraph.parse(read(g), format=pyoxigraph.RdfFormat.N_QUADS) for g in graphs)


# Turtle, TriG and JSON-LD are written by pyoxigraph (and JSON-LD by _jsonld) from the sorted N-Triples or
# N-Quads, streamed: at 1,000 articles (1.96M quads) rdflib took 344 s and 4.4 GB for Turtle, 168 s and 6.1 GB
# for JSON-LD. tests/test_build_export.py parses each back to the same triples.

_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD_STRING = PREFIXES["xsd"] + "string"
_TYPE = f"<{_RDF_TYPE}>"  # as N-Triples writes it


def _types_first(lines) -> str:
    """Sorted N-Triples or N-Quads lines, each subject's rdf:type first (Turtle's ``a``), joined: a pass over the
    plainly sorted lines (a sort key per line cost Turtle at 1,000 articles 0.7 GB more)."""
    out: list[str] = []
    subject, rest = None, []
    for line in sorted(lines):
        mine = line[:line.index(" ")]
        if mine != subject:
            out.extend(rest)
            subject, rest = mine, []
        if line.startswith(_TYPE, len(mine) + 1):
            out.append(line)
        else:
            rest.append(line)
    out.extend(rest)
    return "".join(out)


#: the prefixes Turtle and TriG write: not id:, whose every name holds a slash (claim/<slug>/<id>), which a
#: prefixed name can hold only escaped (id:claim\/…): those IRIs are written whole, as rdflib wrote them
_TURTLE_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name != "id"}

@exporter("ttl", ".ttl", "Turtle: the union of all graphs, with the project's prefixes")
def export_ttl(store, include_ontology: bool = True) -> str:
    import pyoxigraph

    triples = pyoxigraph.parse(_types_first(_triple_lines(store, include_ontology)).encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=_TURTLE_PREFIXES).decode("utf-8")


@exporter("trig", ".trig", "TriG: each article in its own named graph")
def export_trig(store, include_ontology: bool = True) -> str:
    import pyoxigraph

    return pyoxigraph.serialize(_by_graph(store, include_ontology), format=pyoxigraph.RdfFormat.TRIG, prefixes=_TURTLE_PREFIXES).decode("utf-8")


@exporter("jsonld", ".jsonld", "JSON-LD with named graphs, compacted with ontology/context.jsonld")
def export_jsonld(store, include_ontology: bool = True) -> str:
    return _jsonld(_by_graph(store, include_ontology), jsonld_context()["@context"])


def _jsonld(quads, context: dict) -> str:
    """A JSON-LD document of quads that come grouped by graph and then by subject: ``{"@context", "@graph": [one
    object per named graph, holding its nodes]}``, every IRI a compact IRI where a prefix of ``context`` fits (the
    context holds prefixes only, so each compacts and expands plainly), every value in an array."""
    import pyoxigraph

    prefixes = sorted(((iri, name) for name, iri in context.items() if isinstance(iri, str) and not name.startswith("@")),
                      key=lambda item: -len(item[0]))

    def compact(iri: str) -> str:
        for base, name in prefixes:
            if iri.startswith(base) and len(iri) > len(base) and not iri[len(base):].startswith("//"):
                return f"{name}:{iri[len(base):]}"
        return iri

    def term(node) -> str:
        return compact(node.value) if isinstance(node, pyoxigraph.NamedNode) else f"_:{node.value}"

    def value(obj) -> dict:
        if isinstance(obj, pyoxigraph.Literal):
            out = {"@value": obj.value}
            if obj.language:
                out["@language"] = obj.language
            elif obj.datatype.value != _XSD_STRING:
                out["@type"] = compact(obj.datatype.value)
            return out
        return {"@id": term(obj)}

    chunks = ['{"@context": ', json.dumps(context, ensure_ascii=False), ', "@graph": [']
    graph = subject = None
    node: dict = {}
    nodes = 0

    def flush() -> None:
        nonlocal nodes
        if node:
            chunks.append(("," if nodes else "") + "\n  " + json.dumps(node, ensure_ascii=False))
            nodes += 1

    for quad in quads:
        if str(quad.graph_name) != graph:
            flush()
            node = {}
            if graph is not None:
                chunks.append("]}")
            chunks.append(("," if graph is not None else "") + "\n {\"@id\": " + json.dumps(term(quad.graph_name)) + ', "@graph": [')
            graph, subject, nodes = str(quad.graph_name), None, 0
        if str(quad.subject) != subject:
            flush()
            subject, node = str(quad.subject), {"@id": term(quad.subject)}
        if quad.predicate.value == _RDF_TYPE and not isinstance(quad.object, pyoxigraph.Literal):
            node.setdefault("@type", []).append(term(quad.object))
        else:
            node.setdefault(compact(quad.predicate.value), []).append(value(quad.object))
    flush()
    if graph is not None:
        chunks.append("]}")
    chunks.append("\n]}\n")
    return "".join(chunks)


def export(store, fmt: str, include_ontology: bool = True) -> str:
    if fmt not in formats():
        raise ExportError(f"unknown export format {fmt!r} (use one of: {', '.join(sorted(EXPORTERS))})")
    return EXPORTERS[fmt][0](store, include_ontology)
