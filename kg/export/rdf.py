"""The RDF formats of ``ekg export``: N-Triples and N-Quads sorted, Turtle, TriG and JSON-LD, written in pieces
so that memory stays flat however many articles the store holds."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path

from kg.errors import ExportError
from kg.export.registry import exporter
from kg.iris import ONTOLOGY_GRAPH, PREFIXES
from kg.settings import SETTINGS


def _quads(store, include_ontology: bool):
    import pyoxigraph

    ontology = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
    for quad in store.quads_for_pattern(None, None, None, None):
        if include_ontology or quad.graph_name != ontology:
            yield quad


def _sorted_unique(lines: Iterable[str], run_lines: int | None = None) -> Iterator[str]:
    """Each distinct line once, in sorted order: an external merge sort holding ``run_lines`` lines at most."""
    import heapq
    import tempfile

    run_lines = run_lines or SETTINGS.sort_run_lines
    run: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ekg-export-") as scratch:
        spilled: list[Path] = []
        for line in lines:
            run.append(line)
            if len(run) >= run_lines:
                path = Path(scratch) / f"run-{len(spilled)}"
                run.sort()
                try:
                    with open(path, "wb") as handle:
                        handle.writelines(
                            kept.encode("utf-8") for kept, before in zip(run, [None, *run]) if kept != before
                        )
                except OSError as exc:
                    raise ExportError(
                        f"cannot write the export's scratch file {path}: {exc.strerror} "
                        "(set TMPDIR to a folder with room for the export)"
                    ) from None
                spilled.append(path)
                run = []
        last = sorted(set(run))
        del run
        if not spilled:
            yield from last
            return
        handles = [open(path, "rb") for path in spilled]
        try:
            previous = None
            # UTF-8 bytes sort as their code points do, so the runs on disk merge in the order sorted() gives
            for encoded in heapq.merge(*handles, (line.encode("utf-8") for line in last)):
                if encoded != previous:
                    yield encoded.decode("utf-8")
                    previous = encoded
        finally:
            for reader in handles:
                reader.close()


def _nt_lines(store, include_ontology: bool) -> Iterator[str]:
    return (f"{q.subject} {q.predicate} {q.object} .\n" for q in _quads(store, include_ontology))


def _nq_lines(store, include_ontology: bool) -> Iterator[str]:
    return (f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n" for q in _quads(store, include_ontology))


def jsonld_context() -> dict:
    return json.loads((files("kg.ontology") / "context.jsonld").read_text(encoding="utf-8"))


# Every RDF export is written in pieces (a generator of text, see ``export_chunks``): on a large corpus the
# whole text of one would not fit in memory comfortably (the sort would hold more again).


@exporter("nt", ".nt", "N-Triples, sorted: the union of all graphs")
def export_nt(store, include_ontology: bool = True) -> Iterator[str]:
    return _sorted_unique(_nt_lines(store, include_ontology))


@exporter("nq", ".nq", "N-Quads, sorted: every triple with its named graph")
def export_nq(store, include_ontology: bool = True) -> Iterator[str]:
    return _sorted_unique(_nq_lines(store, include_ontology))


def nquads(store, include_ontology: bool = True) -> str:
    """Every quad as sorted, de-duplicated N-Quads, as one text: identical for identical input."""
    return "".join(export_nq(store, include_ontology))


def _graph_lines(store, include_ontology: bool) -> Iterator[list[str]]:
    """Every quad of the named graphs once, as N-Quads lines, one list per graph, graphs in IRI order, each
    graph's sorted as ``nquads`` sorts them but with each subject's rdf:type first: what TriG and JSON-LD write,
    identical for identical input; read one graph at a time, so memory holds one article's quads, not the
    corpus's."""
    import pyoxigraph

    ontology = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
    graphs = sorted((g for g in store.named_graphs() if include_ontology or g != ontology), key=str)
    for graph in graphs:
        lines = {
            f"{q.subject} {q.predicate} {q.object} {graph} .\n"
            for q in store.quads_for_pattern(None, None, None, graph)
        }
        yield [line for group in _subject_groups(sorted(lines)) for line in group]


def _by_graph(store, include_ontology: bool):
    """The quads of ``_graph_lines``, as pyoxigraph quads."""
    import pyoxigraph

    for lines in _graph_lines(store, include_ontology):
        yield from pyoxigraph.parse("".join(lines).encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)


# Turtle, TriG and JSON-LD are written by pyoxigraph (and JSON-LD by _jsonld) from the sorted N-Triples or
# N-Quads, streamed: rdflib took many times the time and memory (benchmarks/README.md, "Exports").
# tests/test_build_export.py parses each back to the same triples.

_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD_STRING = PREFIXES["xsd"] + "string"
_TYPE = f"<{_RDF_TYPE}>"  # as N-Triples writes it


def _subject_groups(sorted_lines: Iterable[str]) -> Iterator[list[str]]:
    """Sorted N-Triples or N-Quads lines, one list per subject with its rdf:type lines first (Turtle's ``a``): a
    pass over the plainly sorted lines (a sort key per line cost Turtle several times its memory)."""
    subject: str | None = None
    types: list[str] = []
    rest: list[str] = []
    for line in sorted_lines:
        mine = line[: line.index(" ")]
        if mine != subject:
            if subject is not None:
                yield types + rest
            subject, types, rest = mine, [], []
        (types if line.startswith(_TYPE, len(mine) + 1) else rest).append(line)
    if subject is not None:
        yield types + rest


def _batches(groups: Iterable[list], size: int | None = None) -> Iterator[list]:
    """Whole groups joined into lists of at least ``size`` items (the last may be shorter)."""
    size = size or SETTINGS.serialize_batch
    batch: list = []
    for group in groups:
        batch.extend(group)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _pieces(batches: Iterable, fmt, prefixes: dict) -> Iterator[str]:
    """pyoxigraph's serialization of each batch, without the prefix lines after the first: the pieces join into
    exactly what one call on all of them writes, as long as no subject (Turtle) or graph (TriG) spans two
    batches (tests/test_build_export.py checks this)."""
    import pyoxigraph

    header = None
    for batch in batches:
        text = pyoxigraph.serialize(batch, format=fmt, prefixes=prefixes).decode("utf-8")  # type: ignore[union-attr]  # pyoxigraph's stub: serialize() without an output returns bytes, never None
        if header is None:
            end = 0
            while text.startswith("@prefix ", end):
                end = text.index("\n", end) + 1
            header = text[:end]
            yield text
        elif text:
            if not text.startswith(header):  # pyoxigraph writes every prefix before the first statement
                raise AssertionError("pyoxigraph wrote a different prefix header for a later piece")
            yield text[len(header) :]


def _parsed(batches: Iterable[list[str]], fmt) -> Iterator:
    import pyoxigraph

    for lines in batches:
        yield pyoxigraph.parse("".join(lines).encode("utf-8"), format=fmt)


#: the prefixes Turtle and TriG write: not id:, whose every name holds a slash (claim/<slug>/<id>), which a
#: prefixed name can hold only escaped (id:claim\/…): those IRIs are written whole, as rdflib wrote them
_TURTLE_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name != "id"}


@exporter("ttl", ".ttl", "Turtle: the union of all graphs, with the project's prefixes")
def export_ttl(store, include_ontology: bool = True) -> Iterator[str]:
    import pyoxigraph

    groups = _subject_groups(_sorted_unique(_nt_lines(store, include_ontology)))
    return _pieces(
        _parsed(_batches(groups), pyoxigraph.RdfFormat.N_TRIPLES), pyoxigraph.RdfFormat.TURTLE, _TURTLE_PREFIXES
    )


@exporter("trig", ".trig", "TriG: each article in its own named graph")
def export_trig(store, include_ontology: bool = True) -> Iterator[str]:
    import pyoxigraph

    batches = _batches(_graph_lines(store, include_ontology))
    return _pieces(_parsed(batches, pyoxigraph.RdfFormat.N_QUADS), pyoxigraph.RdfFormat.TRIG, _TURTLE_PREFIXES)


@exporter("jsonld", ".jsonld", "JSON-LD with named graphs, compacted with ontology/context.jsonld")
def export_jsonld(store, include_ontology: bool = True) -> Iterator[str]:
    return _jsonld(_by_graph(store, include_ontology), jsonld_context()["@context"])


def _jsonld(quads, context: dict) -> Iterator[str]:
    """A JSON-LD document of quads that come grouped by graph and then by subject: ``{"@context", "@graph": [one
    object per named graph, holding its nodes]}``, every IRI a compact IRI where a prefix of ``context`` fits (the
    context holds prefixes only, so each compacts and expands plainly), every value in an array."""
    import pyoxigraph

    prefixes = sorted(
        ((iri, name) for name, iri in context.items() if isinstance(iri, str) and not name.startswith("@")),
        key=lambda item: -len(item[0]),
    )

    def compact(iri: str) -> str:
        for base, name in prefixes:
            if iri.startswith(base) and len(iri) > len(base) and not iri[len(base) :].startswith("//"):
                return f"{name}:{iri[len(base) :]}"
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

    yield '{"@context": ' + json.dumps(context, ensure_ascii=False) + ', "@graph": ['
    graph = subject = None
    node: dict = {}
    nodes = 0

    def flush() -> str:
        nonlocal nodes
        if not node:
            return ""
        nodes += 1
        return ("," if nodes > 1 else "") + "\n  " + json.dumps(node, ensure_ascii=False)

    for quad in quads:
        if str(quad.graph_name) != graph:
            yield flush() + ("]}" if graph is not None else "")
            node = {}
            yield (
                ("," if graph is not None else "") + '\n {"@id": ' + json.dumps(term(quad.graph_name)) + ', "@graph": ['
            )
            graph, subject, nodes = str(quad.graph_name), None, 0
        if str(quad.subject) != subject:
            yield flush()
            subject, node = str(quad.subject), {"@id": term(quad.subject)}
        if quad.predicate.value == _RDF_TYPE and not isinstance(quad.object, pyoxigraph.Literal):
            node.setdefault("@type", []).append(term(quad.object))
        else:
            node.setdefault(compact(quad.predicate.value), []).append(value(quad.object))
    yield flush() + ("]}" if graph is not None else "") + "\n]}\n"
