"""A plain rdflib in-memory Dataset behind the library's store interface: the benchmarks' baseline.

``query`` runs rdflib's SPARQL engine (initNs for the prefixes, initBindings for the substitutions, the
union of all graphs as the default graph) and hands back pyoxigraph terms, so the same ``kg.provenance.questions``
functions run on it unchanged.
"""

from __future__ import annotations

import pyoxigraph
from rdflib import BNode, Dataset, Literal, URIRef


def _to_oxigraph(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    return pyoxigraph.Literal(str(term))


def _to_rdflib(term):
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(term)


class _Solution:
    def __init__(self, terms):
        self._terms = terms

    def __getitem__(self, key):
        return self._terms.get(key if isinstance(key, str) else key.value)


class _Solutions:
    def __init__(self, result):
        self.variables = [pyoxigraph.Variable(str(v)) for v in result.vars]
        self._rows = [{str(v): _to_oxigraph(row[v]) for v in result.vars} for row in result]

    def __iter__(self):
        return (_Solution(r) for r in self._rows)


class RdflibStore:
    def __init__(self, nquads_path: str) -> None:
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(nquads_path, format="nquads")

    def query(self, query, prefixes=None, use_default_graph_as_union=True, substitutions=None, **_):
        bindings = {k.value if not isinstance(k, str) else k: _to_rdflib(v) for k, v in (substitutions or {}).items()}
        result = self.dataset.query(query, initNs=prefixes or {}, initBindings=bindings)
        if result.type == "ASK":
            return bool(result.askAnswer)
        return _Solutions(result)

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))
