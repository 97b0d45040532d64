"""SHACL validation of a built graph or an RDF file, with pySHACL (a maintained, complete SHACL engine).

``validate()`` returns one result, like pySHACL's own: whether the graph conforms, the report graph, and
a readable list of problems, which the CLI renders.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import EkgError

if TYPE_CHECKING:
    from rdflib import Graph


@dataclass(frozen=True)
class Problem:
    severity: str
    focus: str
    path: str | None
    message: str
    value: str | None


@dataclass
class ValidationResult:
    conforms: bool
    problems: list[Problem]
    report_graph: Graph
    triples: int

    def text(self, examples: int = 3) -> str:
        """The report for people: problems grouped by message, with a few example nodes each."""
        if self.conforms:
            return f"Conforms: {self.triples} triples checked against the evidence-kg shapes."
        groups: dict[tuple[str, str, str | None], list[Problem]] = {}
        for p in self.problems:
            groups.setdefault((p.severity, p.message, p.path), []).append(p)
        lines = [
            f"Does not conform: {len(self.problems)} problem(s) of {len(groups)} kind(s) in {self.triples} triples."
        ]
        for (severity, message, path), items in groups.items():
            where = f" [{path}]" if path else ""
            lines.append(f"- {severity}{where}: {message} ({len(items)} node(s))")
            for p in items[:examples]:
                value = f" (value: {p.value[:80]})" if p.value and p.value != p.focus else ""
                lines.append(f"    {_short(p.focus)}{value}")
            if len(items) > examples:
                lines.append(f"    … and {len(items) - examples} more")
        return "\n".join(lines)


def _short(iri: str) -> str:
    from kg.iris import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def shapes_graph():
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=(files("kg.ontology") / "shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    return graph


def load_rdf_file(path: Path):
    """Parse an RDF file into one graph (all named graphs merged); a parse error is an EkgError."""
    from rdflib import Dataset
    from rdflib.util import guess_format

    path = Path(path)
    if not path.is_file():
        raise EkgError(f"{path}: file not found (give the path of an RDF file: .ttl, .nt, .nq, .trig, .jsonld)")
    fmt = guess_format(str(path)) or ("json-ld" if path.suffix in (".jsonld", ".json") else None)
    if fmt is None:
        raise EkgError(f"{path}: unknown RDF format (use a .ttl, .nt, .nq, .trig or .jsonld file)")
    ds = Dataset(default_union=True)
    try:
        with _quiet_literals():
            ds.parse(str(path), format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific exception types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EkgError(f"{path}: cannot parse as {fmt}: {first}") from exc
    return _union(ds)


@contextmanager
def _quiet_literals():
    """rdflib logs a traceback for every literal whose text does not fit its datatype ("2023-02-30"^^xsd:date);
    ``validate`` reports those literals itself, as violations."""
    import logging

    logger = logging.getLogger("rdflib.term")
    disabled = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = disabled


def _ill_typed(graph) -> list[Problem]:
    """A violation for each literal whose lexical form is not one of its datatype's."""
    from rdflib import Literal

    problems = []
    for s, p, o in graph:
        if isinstance(o, Literal) and o.ill_typed:
            problems.append(
                Problem(
                    severity="Violation",
                    focus=str(s),
                    path=_short(str(p)),
                    value=str(o),
                    message=f"{str(o)!r} is not a valid {_short(str(o.datatype))}",
                )
            )
    return problems


def _union(ds):
    from rdflib import Graph

    graph = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def validate(data_graph) -> ValidationResult:
    """Run the evidence-kg shapes over ``data_graph`` (the ontology is mixed in for class hierarchy)."""
    import pyshacl
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    from kg.build.quads import ontology_graph

    with _quiet_literals():
        conforms, report, _ = pyshacl.validate(
            data_graph,
            shacl_graph=shapes_graph(),
            ont_graph=ontology_graph(),
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
        )
    problems = _ill_typed(data_graph)
    conforms = conforms and not problems
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        if message is None:
            component = report.value(result, SH.sourceConstraintComponent)
            message = str(component).rsplit("#", 1)[-1] if component else "constraint violated"
        problems.append(
            Problem(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=str(report.value(result, SH.focusNode)),
                path=_short(str(path)) if isinstance(path, URIRef) else None,
                message=str(message),
                value=str(value) if value is not None else None,
            )
        )
    problems.sort(key=lambda p: (p.focus, p.path or "", p.message))
    return ValidationResult(bool(conforms), problems, report, len(data_graph))


def store_graph(store):
    """The union of a store's graphs as one rdflib graph."""
    import pyoxigraph
    from rdflib import Graph

    data = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    graph = Graph()
    if data:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        graph.parse(data=_drop_graph_names(text), format="nt")
    return graph


def _drop_graph_names(nquads: str) -> str:
    """N-Quads -> N-Triples, by parsing with pyoxigraph and re-serialising each triple."""
    import pyoxigraph

    lines = {
        f"{q.subject} {q.predicate} {q.object} .\n"
        for q in pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
    }
    return "".join(sorted(lines))
