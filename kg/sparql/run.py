"""Running SPARQL on the built store with Oxigraph, and turning its terms into plain Python values.

``select()`` is the library's own query path (rows as dicts of Python values); ``run_query()`` runs any
read-only query a user writes (SELECT, ASK, CONSTRUCT, DESCRIBE), refuses updates without executing them,
reports syntax errors with the parser's line and column, and can stop a runaway query.

User text never becomes query text: values are passed as ``substitutions`` (pre-bound variables), so a
quote, a brace or ``'; DROP`` is just a string to match.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import (
    EmptyQuery,
    QueryError,
    QueryTimeout,
    SparqlSyntaxError,
    UpdateRefused,
)
from kg.iris import PREFIXES
from kg.settings import SETTINGS
from kg.sparql.terms import _PLAIN_LOCAL, display, literal, python_value, term_json
from kg.util.render import Table

# A solution's terms are read by their position in the SELECT clause: pyoxigraph finds a term by name with a string
# lookup, and by a Variable object more slowly still (40,000 rows of 6 terms at 1,000 articles: about 0.15 s more
# CPU by name and 1 s more by Variable than by position).


def select(store, query: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a SELECT with the project prefixes over the union of all graphs; rows as dicts of Python values.

    ``bindings`` pre-bind variables (Oxigraph substitutions, SEP-0007): a bound variable must appear in the
    SELECT clause.
    """
    query, substitutions = bound(query, bindings)
    solutions = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions)
    names = list(enumerate(v.value for v in solutions.variables))
    return [{name: python_value(solution[i]) for i, name in names} for solution in solutions]


def bound(query: str, bindings: dict[str, Any] | None) -> tuple[str, dict | None]:
    """The query and the Oxigraph substitutions to run it with, for ``bindings`` (variable names to values).

    By default (``SETTINGS.inline_bindings``) the bound terms are written into the query as escaped constants
    (kg.sparql.text.substitute, as for remote servers: the N-Triples form of a pyoxigraph term, never the user's
    text as such) and no substitutions are left: Oxigraph's planner orders joins and pushes filters down by the
    constants it sees, and a substituted variable is joined in after the rest. With a substituted ?p `ekg experts`
    started every per-person query from every claim of the corpus (about a hundred times slower than with
    constants); `ekg query claims-about-concept` tested every concept's claims before its FILTER on ?concept.
    """
    if not bindings:
        return query, None
    if not SETTINGS.inline_bindings:
        return query, _substitutions(bindings)
    from kg.sparql.text import substitute

    terms = _substitutions(bindings) or {}
    return substitute(query, {variable.value: term for variable, term in terms.items()}), None


def tuples(store, query: str) -> list[tuple]:
    """Run a SELECT like ``select`` (no bindings); rows as tuples of Python values in the SELECT clause's order.

    For queries that return many rows (the audit reads the graph a property at a time): no dict per row."""
    solutions = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    convert = python_value
    positions = range(len(solutions.variables))
    if len(positions) == 1:
        return [(convert(solution[0]),) for solution in solutions]
    return [tuple(convert(solution[i]) for i in positions) for solution in solutions]


# ---------------------------------------------------------------------------------------------------------
# Running any read-only query (``ekg sparql``, ``ekg query``): SELECT, ASK, CONSTRUCT and DESCRIBE, with a
# timeout. Oxigraph cannot cancel a running query, so a query with a timeout runs in a child process that
# opens the store read-only on its own and is killed when the time is up.


#: Output formats of graph results (CONSTRUCT, DESCRIBE), beside the renderer's table/json/csv/md.
RDF_FORMATS = ("ttl", "nt")


_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_RANGE = r"'[^']*'\s*\.\.=\s*'[^']*'"
#: the parser's spelled-out Unicode classes of a name's characters (SPARQL PN_CHARS): a dozen ranges
_NAME_CHARS = re.compile(rf"\[\s*{_RANGE}(?:\s*\|\s*{_RANGE})+\s*\]")


def _syntax_message(message: str) -> str:
    """Oxigraph's ``error at 2:10: expected …`` as ``SPARQL syntax error at line 2, column 10: expected …``,
    on one line (its lists of expected characters can span several, and run long)."""
    message = _NAME_CHARS.sub("a name character", " ".join(message.split()))
    if len(message) > 400:
        message = message[:400].rstrip() + " …"
    match = _POSITION.match(message)
    if match:
        line, column = match.groups()
        return f"SPARQL syntax error at line {line}, column {column}: {message[match.end() :]}"
    return f"SPARQL syntax error: {message}"


def _update_operations(text: str) -> int:
    """How many SPARQL Update operations ``text`` parses as (0 if it is not an update).

    Only called on text Oxigraph would not take as a query. rdflib's parser only parses; nothing is executed.
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(text)
    except Exception:  # any parse failure: not an update
        return 0
    return len(getattr(parsed, "request", []) or [])


def _is_blank(text: str) -> bool:
    """True for text holding only whitespace and comments (a ``#`` outside an IRI or a string is a comment)."""
    stripped = re.sub(r"(?m)^\s*#.*$", "", text)
    return not stripped.strip()


def _reject(text: str, message: str) -> QueryError:
    """The error for a text Oxigraph would not run as a query: an update, an empty query or a syntax error."""
    if _is_blank(text):
        return EmptyQuery("the query is empty (give a SELECT, ASK, CONSTRUCT or DESCRIBE query)")
    if _update_operations(text):
        return UpdateRefused(
            "SPARQL Update refused: the built graph is read-only here (run SELECT, ASK, CONSTRUCT or DESCRIBE; "
            "to change the graph, edit the curated files and run ekg build)"
        )
    return SparqlSyntaxError(_syntax_message(message))


# ------------------------------------------------------------------ results


@dataclass
class SelectResult:
    """The solutions of a SELECT, in the engine's order (which is the query's, if it has ORDER BY)."""

    variables: list[str]
    rows: list[list] = field(default_factory=list)  # pyoxigraph terms, None where unbound
    #: how many solutions the query gave, when ``rows`` keeps only a page of them (from ``offset``): see ``_page``
    total: int | None = None
    offset: int = 0
    form = "select"
    default_format = "table"

    @property
    def more(self) -> int:
        """How many solutions come after the page ``rows`` holds (0 when it holds all of them)."""
        return 0 if self.total is None else max(0, self.total - self.offset - len(self.rows))

    def to_json(self) -> dict:
        bindings = [
            {name: term_json(term) for name, term in zip(self.variables, row) if term is not None} for row in self.rows
        ]
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}

    def tables(self) -> list[Table]:
        rows = [[display(term) for term in row] for row in self.rows]
        return [Table(list(self.variables), rows)]

    def records(self) -> list[dict]:
        """Rows as dicts of Python values (see ``python_value``)."""
        return [{name: python_value(term) for name, term in zip(self.variables, row)} for row in self.rows]


@dataclass
class AskResult:
    boolean: bool
    form = "ask"
    default_format = "table"

    def to_json(self) -> dict:
        return {"head": {}, "boolean": self.boolean}

    def tables(self) -> list[Table]:
        return [Table(["boolean"], [[self.text().strip()]])]

    def text(self) -> str:
        return "true\n" if self.boolean else "false\n"

    def rich(self, console) -> None:
        console.print(self.text().strip(), highlight=False)


@dataclass
class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE, sorted (a graph has no order)."""

    triples: list = field(default_factory=list)
    form = "graph"
    default_format = "ttl"

    def to_json(self) -> dict:
        names = ["subject", "predicate", "object"]
        bindings = [
            {n: term_json(t) for n, t in zip(names, (tr.subject, tr.predicate, tr.object))} for tr in self.triples
        ]
        return {"head": {"vars": names}, "results": {"bindings": bindings}}

    def tables(self) -> list[Table]:
        rows = [[display(t.subject), display(t.predicate), display(t.object)] for t in self.triples]
        return [Table(["subject", "predicate", "object"], rows)]

    def serialize(self, fmt: str) -> str:
        import pyoxigraph

        if fmt == "nt":
            return pyoxigraph.serialize(self.triples, format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8")  # type: ignore[union-attr]  # pyoxigraph's stub: serialize() without an output returns bytes, never None
        return pyoxigraph.serialize(
            self.triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=self._used_prefixes()
        ).decode("utf-8")  # type: ignore[union-attr]  # as above

    def _used_prefixes(self) -> dict[str, str]:
        """The project prefixes whose namespace some IRI of the result starts with (Turtle declares no others)."""
        import pyoxigraph

        iris = set()
        for triple in self.triples:
            for term in (triple.subject, triple.predicate, triple.object):
                if isinstance(term, pyoxigraph.NamedNode):
                    iris.add(term.value)
                elif isinstance(term, pyoxigraph.Literal) and term.datatype:
                    iris.add(term.datatype.value)
        used = {}
        for prefix, namespace in PREFIXES.items():
            locals_ = [iri[len(namespace) :] for iri in iris if iri.startswith(namespace)]
            # a prefix whose names would need escapes (id:claim\/slug\/x) reads worse than the full IRI
            if locals_ and all(_PLAIN_LOCAL.fullmatch(local) for local in locals_):
                used[prefix] = namespace
        return used


QueryResult = SelectResult | AskResult | GraphResult


def render_result(result: QueryResult, fmt: str | None) -> str:
    """The result as text: ``fmt`` None picks the form's own (a table, true/false, Turtle)."""
    from kg.util.render import render

    fmt = fmt or result.default_format
    if fmt in RDF_FORMATS:
        if not isinstance(result, GraphResult):
            kind = "an ASK" if isinstance(result, AskResult) else "a SELECT"
            raise QueryError(
                f"--format {fmt} is for CONSTRUCT and DESCRIBE results; this is {kind} (use table, json, csv or md)"
            )
        return result.serialize(fmt)
    return render(result, fmt)


def _sort_triples(triples) -> list:
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _from_oxigraph(answer, limit: int | None = None, offset: int = 0) -> QueryResult:
    """The result of a store's query: pyoxigraph's, or a server's read the same way (kg.remote.client.RemoteStore: a
    bool, RemoteSolutions, or a list of triples). ``limit``/``offset``: keep only that page of a SELECT's rows."""
    import pyoxigraph

    if isinstance(answer, (pyoxigraph.QueryBoolean, bool)):
        return AskResult(bool(answer))
    if hasattr(answer, "variables"):  # pyoxigraph's QuerySolutions, or a server's RemoteSolutions
        names = [v.value for v in answer.variables]
        if limit is None and not offset:
            positions = range(len(names))
            return SelectResult(names, [[solution[i] for i in positions] for solution in answer])
        return _page(names, answer, limit, offset)
    return GraphResult(_sort_triples(answer))


def _page(names: list[str], solutions, limit: int | None, offset: int) -> SelectResult:
    """The rows ``offset`` to ``offset + limit`` of ``solutions``, and how many there are in all. The others are
    counted, never read: pyoxigraph decodes a term from the store only when it is asked for (at 1,000 articles,
    reading the 51,474 rows of `findings` took about a third of its time)."""
    end = None if limit is None else offset + limit
    rows, total = [], 0
    positions = range(len(names))
    for solution in solutions:
        if total >= offset and (end is None or total < end):
            rows.append([solution[i] for i in positions])
        total += 1
    return SelectResult(names, rows, total=total, offset=offset)


# ------------------------------------------------------------------ running


def _substitutions(bindings: dict[str, Any] | None):
    import pyoxigraph

    if not bindings:
        return None
    return {
        pyoxigraph.Variable(name): (
            value if isinstance(value, (pyoxigraph.NamedNode, pyoxigraph.Literal)) else literal(value)
        )
        for name, value in bindings.items()
    }


def _runtime_error(exc: Exception) -> QueryError:
    """Oxigraph's RuntimeError: a bound variable missing from the SELECT clause, or an evaluation error."""
    message = str(exc)
    if "SELECT projection" in message:
        message = message.replace("does not contains", "does not contain")
        return QueryError(f"cannot bind a value: {message} (a bound variable must be in the SELECT clause)")
    return QueryError(f"the query failed: {message}")


def run_query(
    target,
    text: str,
    bindings: dict[str, Any] | None = None,
    timeout: float | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run a read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE) with the project prefixes over the union graph.

    ``target`` is an open pyoxigraph ``Store``, or the path of an on-disk store. With a ``timeout`` (seconds)
    the query runs in a child process that is killed when the time is up (``QueryTimeout``); that needs a
    path. ``bindings`` pre-bind variables to values (never pasted into the text). An update is refused
    (``UpdateRefused``) and never executed; a syntax error raises ``SparqlSyntaxError`` with line and column.
    ``limit``/``offset``: a SELECT's result keeps only those rows, and counts the others (``SelectResult.more``).
    """
    if timeout is not None:
        if not isinstance(target, (str, os.PathLike)):
            raise TypeError("a query with a timeout needs the store's path (it runs in a child process)")
        return _run_in_child(Path(target), text, bindings, timeout, limit, offset)
    import pyoxigraph

    store = target
    if isinstance(target, (str, os.PathLike)):
        try:
            store = pyoxigraph.Store.read_only(str(target))
        except OSError as exc:
            raise QueryError(f"cannot open the store in {target}: {exc} (run: ekg build --force)") from None
    try:
        answer = store.query(
            text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=_substitutions(bindings)
        )
        # solutions are computed here, lazily: evaluation errors surface here too
        return _from_oxigraph(answer, limit, offset)
    except SyntaxError as exc:
        raise _reject(text, str(exc)) from None
    except RuntimeError as exc:
        raise _runtime_error(exc) from None
    except OSError as exc:  # reading the store, or a SERVICE call
        raise QueryError(f"the query failed: {exc}") from None


def _run_in_child(
    path: Path, text: str, bindings: dict[str, Any] | None, timeout: float, limit: int | None, offset: int
) -> QueryResult:
    import subprocess

    import pyoxigraph

    substitutions = _substitutions(bindings) or {}
    request = {
        "store": str(path),
        "query": text,
        "prefixes": PREFIXES,
        "bindings": {variable.value: term_json(term) for variable, term in substitutions.items()},
        "limit": limit,
        "offset": offset,
        "path": [str(Path(pyoxigraph.__file__).resolve().parent.parent)],
    }
    # -I: the worker imports only pyoxigraph (found through "path"), never this package or the user's site
    worker = Path(__file__).with_name("worker.py")
    proc = subprocess.Popen(
        [sys.executable, "-I", str(worker)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        out, err = proc.communicate(json.dumps(request).encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise QueryTimeout(
            f"the query was stopped after {timeout:g} s (--timeout); narrow it (LIMIT, more specific patterns) "
            "or allow more time"
        ) from None
    finally:
        if proc.poll() is None:  # interrupted (Ctrl-C): never leave the child running
            proc.kill()
            proc.wait()
    head, _, payload = out.partition(b"\n")
    kind = head.decode("ascii", "replace")
    if proc.returncode != 0 or kind not in ("select", "page", "ask", "graph", "syntax", "runtime", "error"):
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise QueryError(f"the query process failed (exit {proc.returncode}): {last[0]}")
    if kind == "syntax":
        raise _reject(text, payload.decode("utf-8"))
    if kind == "runtime":
        raise _runtime_error(RuntimeError(payload.decode("utf-8")))
    if kind == "error":
        raise QueryError(payload.decode("utf-8"))
    if kind == "graph":
        quads = pyoxigraph.parse(payload, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return GraphResult(_sort_triples(pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads))
    if kind == "page":  # the child kept the page's rows, and counted the others
        total, _, payload = payload.partition(b"\n")
        page = _from_oxigraph(pyoxigraph.parse_query_results(payload, format=pyoxigraph.QueryResultsFormat.JSON))
        assert isinstance(page, SelectResult)
        return SelectResult(page.variables, page.rows, total=int(total), offset=offset)
    answer = pyoxigraph.parse_query_results(payload, format=pyoxigraph.QueryResultsFormat.JSON)
    return _from_oxigraph(answer, limit, offset)
