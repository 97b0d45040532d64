"""Running SPARQL on the built store with Oxigraph, and turning its terms into plain Python values.

User text never becomes query text: values are passed as ``substitutions`` (pre-bound variables), so a
quote, a brace or ``'; DROP`` is just a string to match.
"""

from __future__ import annotations

from typing import Any

from kg.iris import PREFIXES

XSD = PREFIXES["xsd"]
_INTEGER_TYPES = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long", "short")}
_DECIMAL_TYPES = {XSD + t for t in ("decimal", "double", "float")}


def python_value(term) -> Any:
    """A pyoxigraph term as a Python value: IRIs and strings as str, numbers as int/float, booleans as bool."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value if term.datatype else None
        if datatype in _INTEGER_TYPES:
            return int(term.value)
        if datatype in _DECIMAL_TYPES:
            return float(term.value)
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return term.value


def literal(value: Any):
    """A Python value as a pyoxigraph literal, for binding."""
    import pyoxigraph

    if isinstance(value, bool):
        return pyoxigraph.Literal("true" if value else "false", datatype=pyoxigraph.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return pyoxigraph.Literal(str(value), datatype=pyoxigraph.NamedNode(XSD + "integer"))
    return pyoxigraph.Literal(str(value))


def iri(value: str):
    import pyoxigraph

    return pyoxigraph.NamedNode(value)


def select(store, query: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a SELECT with the project prefixes over the union of all graphs; rows as dicts of Python values.

    ``bindings`` pre-bind variables (Oxigraph substitutions, SEP-0007): a bound variable must appear in the
    SELECT clause.
    """
    import pyoxigraph

    substitutions = None
    if bindings:
        substitutions = {
            pyoxigraph.Variable(name): (value if isinstance(value, (pyoxigraph.NamedNode, pyoxigraph.Literal)) else literal(value))
            for name, value in bindings.items()
        }
    solutions = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions)
    names = [v.value for v in solutions.variables]
    return [{name: python_value(solution[name]) for name in names} for solution in solutions]
