"""The child process of ``kg.sparql.run.run_query`` with a timeout: runs one query and exits.

Run as a script (``python -I kg/sparql/worker.py``), not imported: it needs nothing but pyoxigraph, so it
starts in a few tens of milliseconds, and the parent can kill it when the time is up (Oxigraph cannot
cancel a query). Request (JSON on stdin): the store's path, the query, the prefixes, the bound values as
SPARQL JSON terms, and where pyoxigraph lives. Reply on stdout: a kind line, then the payload:
``select``/``ask`` + SPARQL JSON results, ``graph`` + N-Triples, or ``syntax``/``runtime``/``error`` + a message.
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
