"""RDF terms on the query path: pyoxigraph terms to plain Python values and back, IRIs checked before they enter a
query, VALUES blocks, terms as SPARQL JSON, and IRIs compacted for reading. Never imports rdflib."""

from __future__ import annotations

import re
from typing import Any

from kg.iris import PREFIXES
from kg.settings import SETTINGS

XSD = PREFIXES["xsd"]
_INTEGER_TYPES = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long", "short")}
_DECIMAL_TYPES = {XSD + t for t in ("decimal", "double", "float")}
_STRING = XSD + "string"
_BOOLEAN = XSD + "boolean"


def _literal_class():
    global _LITERAL
    if _LITERAL is None:
        from pyoxigraph import Literal

        _LITERAL = Literal
    return _LITERAL


_LITERAL = None


def python_value(term) -> Any:
    """A pyoxigraph term as a Python value: IRIs and strings as str, numbers as int/float, booleans as bool."""
    if term is None:
        return None
    if type(term) is not _literal_class():
        return term.value
    return lexical_value(term.value, term.datatype.value)


def lexical_value(lexical: str, datatype: str) -> Any:
    """A literal's lexical form and datatype IRI as the Python value ``python_value`` gives its term (the build's
    rows for the audit, kg.build.rows, are made without a term)."""
    if datatype == _STRING:
        return lexical
    if datatype in _INTEGER_TYPES:
        return int(lexical)
    if datatype in _DECIMAL_TYPES:
        return float(lexical)
    if datatype == _BOOLEAN:
        return lexical in ("true", "1")
    return lexical


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


def values(var: str, iris) -> str:
    """A ``VALUES ?var { … }`` block of these IRIs (each once, in order), written as escaped terms: pyoxigraph
    checks each IRI, so none can close the block or the query."""
    return "VALUES ?%s { %s }" % (var, " ".join(str(iri(value)) for value in dict.fromkeys(iris)))


def values_blocks(var: str, iris) -> list[str]:
    """``values`` in blocks of at most SETTINGS.values_block IRIs, for one query each (none for no IRIs)."""
    iris = list(dict.fromkeys(iris))
    return [
        values(var, iris[start : start + SETTINGS.values_block]) for start in range(0, len(iris), SETTINGS.values_block)
    ]


# ------------------------------------------------------------------ terms as SPARQL JSON (results format)


def term_json(term) -> dict | None:
    """A pyoxigraph term in the SPARQL 1.1 Query Results JSON format."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, pyoxigraph.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def term_from_json(data: dict):
    """The inverse of ``term_json``: builds the term from its parts, never by parsing text."""
    import pyoxigraph

    kind = data["type"]
    if kind == "uri":
        return pyoxigraph.NamedNode(data["value"])
    if kind == "bnode":
        return pyoxigraph.BlankNode(data["value"])
    if kind == "literal":
        if "xml:lang" in data:
            return pyoxigraph.Literal(data["value"], language=data["xml:lang"])
        if "datatype" in data:
            return pyoxigraph.Literal(data["value"], datatype=pyoxigraph.NamedNode(data["datatype"]))
        return pyoxigraph.Literal(data["value"])
    if kind == "triple":
        value = data["value"]
        return pyoxigraph.Triple(*(term_from_json(value[k]) for k in ("subject", "predicate", "object")))
    raise ValueError(f"unknown term type {kind!r}")


_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def compact(iri: str) -> str:
    """An IRI with the longest matching project prefix (``ekg:Claim``), for reading, not for re-parsing."""
    for prefix, namespace in _NAMESPACES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def display(term) -> str:
    """A term as a table cell: a compacted IRI, a literal's text, ``_:id`` for a blank node, "" if unbound."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return compact(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    if isinstance(term, pyoxigraph.Triple):
        return f"<< {display(term.subject)} {display(term.predicate)} {display(term.object)} >>"
    return str(term)
