"""The child process of ``kg.sparql.run.run_query`` with a timeout: runs one query and exits.

Run as a script (``python -I kg/sparql/worker.py``), not imported: it needs nothing but pyoxigraph, so it
starts in a few tens of milliseconds, and the parent can kill it when the time is up (Oxigraph cannot
cancel a query). Request (JSON on stdin): the store's path, the query, the prefixes, the bound values as
SPARQL JSON terms, a SELECT's page (limit and offset, or none) and where pyoxigraph lives. Reply on stdout: a
kind line, then the payload: ``select``/``ask`` + SPARQL JSON results, ``page`` + the number of solutions in all
on a line + SPARQL JSON results of the page's rows, ``graph`` + N-Triples, or ``syntax``/``runtime``/``error`` + a
message. A page is cut here: the other rows are counted, never serialized, sent and parsed again (the table of
`ekg query findings` at 1,000 articles shows 100 of 51,474 rows).
"""

import json
import sys


def term(data):
    import pyoxigraph

    kind = data["type"]
    if kind == "uri":
        return pyoxigraph.NamedNode(data["value"])
    if kind == "bnode":
        return pyoxigraph.BlankNode(data["value"])
    if kind == "triple":
        value = data["value"]
        return pyoxigraph.Triple(term(value["subject"]), term(value["predicate"]), term(value["object"]))
    if "xml:lang" in data:
        return pyoxigraph.Literal(data["value"], language=data["xml:lang"])
    if "datatype" in data:
        return pyoxigraph.Literal(data["value"], datatype=pyoxigraph.NamedNode(data["datatype"]))
    return pyoxigraph.Literal(data["value"])


def term_json(value) -> dict:
    """A term in the SPARQL 1.1 Query Results JSON format (as kg.sparql.terms.term_json writes it)."""
    import pyoxigraph

    if isinstance(value, pyoxigraph.NamedNode):
        return {"type": "uri", "value": value.value}
    if isinstance(value, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": value.value}
    if isinstance(value, pyoxigraph.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {k: term_json(getattr(value, k)) for k in parts}}
    out = {"type": "literal", "value": value.value}
    if value.language:
        out["xml:lang"] = value.language
    elif value.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = value.datatype.value
    return out


def page(answer, limit, offset: int) -> bytes:
    """The number of solutions, a line break, and the SPARQL JSON results of those from ``offset`` (``limit`` of them,
    or all if None)."""
    names = [v.value for v in answer.variables]
    end = None if limit is None else offset + limit
    bindings, total = [], 0
    for solution in answer:
        if total >= offset and (end is None or total < end):
            terms = (solution[i] for i in range(len(names)))
            bindings.append({name: term_json(t) for name, t in zip(names, terms) if t is not None})
        total += 1
    results = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return f"{total}\n".encode("ascii") + json.dumps(results).encode("utf-8")


def main() -> None:
    request = json.loads(sys.stdin.buffer.read())
    sys.path[:0] = request["path"]
    import pyoxigraph

    out = sys.stdout.buffer

    def reply(kind: str, payload: bytes) -> None:
        out.write(kind.encode("ascii") + b"\n" + payload)
        out.flush()

    try:
        store = pyoxigraph.Store.read_only(request["store"])
    except OSError as exc:
        reply("error", f"cannot open the store in {request['store']}: {exc} (run: ekg build --force)".encode())
        return
    substitutions = {pyoxigraph.Variable(k): term(v) for k, v in request["bindings"].items()} or None
    try:
        answer = store.query(
            request["query"], prefixes=request["prefixes"], use_default_graph_as_union=True, substitutions=substitutions
        )
        if isinstance(answer, pyoxigraph.QueryBoolean):
            # pyoxigraph's stub: serialize() without an output returns bytes, never None (typed bytes | None)
            reply("ask", answer.serialize(format=pyoxigraph.QueryResultsFormat.JSON))  # type: ignore[arg-type]
        elif isinstance(answer, pyoxigraph.QuerySolutions) and (request["limit"] is not None or request["offset"]):
            reply("page", page(answer, request["limit"], request["offset"]))
        elif isinstance(answer, pyoxigraph.QuerySolutions):
            reply("select", answer.serialize(format=pyoxigraph.QueryResultsFormat.JSON))  # type: ignore[arg-type]
        else:
            reply("graph", pyoxigraph.serialize(answer, format=pyoxigraph.RdfFormat.N_TRIPLES))  # type: ignore[arg-type]
    except SyntaxError as exc:
        reply("syntax", str(exc).encode("utf-8"))
    except RuntimeError as exc:
        reply("runtime", str(exc).encode("utf-8"))
    except OSError as exc:  # reading the store, or a SERVICE call
        reply("error", f"the query failed: {exc}".encode())


if __name__ == "__main__":
    main()
