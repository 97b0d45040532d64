"""``ekg publish``: the built graphs sent to a SPARQL server's Graph Store Protocol endpoint (or by SPARQL Update),
retried on a server's transient deadlocks, then checked: the server's default graph must be the union of the
named graphs."""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import EndpointError
from kg.remote.client import RemoteStore, _opener, check_url, http, prime

# ---------------------------------------------------------------------------- publish


@dataclass
class PublishSummary:
    endpoint: str
    graphs: int
    removed: int
    triples: int
    seconds: float
    method: str


#: triples per INSERT DATA operation when publishing by SPARQL UPDATE
UPDATE_BATCH = 500


def _graph_store_url(graph_store: str, graph: str) -> str:
    from urllib.parse import quote

    joiner = "&" if "?" in graph_store else "?"
    return f"{graph_store}{joiner}graph={quote(graph, safe='')}"


def publish(
    store,
    endpoint: str,
    graph_store: str | None = None,
    user: str | None = None,
    password: str | None = None,
    update_endpoint: str | None = None,
    progress=None,
    workers: int = 4,
    timeout: float = 300.0,
) -> PublishSummary:
    """Load every named graph of a built store into a SPARQL server, one request per graph.

    With ``graph_store`` each graph is sent with the SPARQL 1.1 Graph Store HTTP Protocol (``PUT``, which
    replaces the graph); otherwise with SPARQL UPDATE (``DROP SILENT GRAPH`` then ``INSERT DATA``, one request,
    which servers run as one transaction). Either way a graph is replaced whole, and graphs of this tool
    that the build no longer has (a deleted article) are dropped. Afterwards the server must answer for the
    union of its graphs, counted against the local store.
    """
    import time
    from concurrent.futures import ThreadPoolExecutor

    import pyoxigraph

    started = time.perf_counter()
    remote = RemoteStore(endpoint, user, password, timeout=timeout)
    if graph_store:
        check_url(
            graph_store, "the server's Graph Store Protocol URL, e.g. http://localhost:8890/sparql-graph-crud-auth"
        )
    local_graphs = sorted(
        (g for g in store.named_graphs() if isinstance(g, pyoxigraph.NamedNode)), key=lambda g: g.value
    )
    update_url = update_endpoint or endpoint
    target = graph_store or update_url
    opener = _opener(target, user, password)
    if user:
        prime(opener, _graph_store_url(graph_store, local_graphs[0].value) if graph_store and local_graphs else target)

    def send(graph) -> int:
        data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
        if graph_store:
            # N-Triples is Turtle, and every Graph Store implementation reads Turtle
            _retrying(
                lambda: http(
                    "PUT",
                    _graph_store_url(graph_store, graph.value),
                    data,
                    {"Content-Type": "text/turtle; charset=utf-8"},
                    timeout=timeout,
                    opener=opener,
                )
            )
        else:
            from urllib.parse import urlencode

            # one request (one transaction on servers that run a request as one), the data in several INSERT DATA
            # operations: Virtuoso compiles each to SQL and refuses one that grows past 10,000 lines
            lines = data.decode("utf-8").splitlines(keepends=True)
            inserts = [
                f"INSERT DATA {{ GRAPH {graph} {{\n{''.join(lines[i : i + UPDATE_BATCH])}}} }}"
                for i in range(0, len(lines), UPDATE_BATCH)
            ]
            update = " ;\n".join([f"DROP SILENT GRAPH {graph}", *inserts])
            _retrying(
                lambda: http(
                    "POST",
                    update_url,
                    urlencode({"update": update}).encode("utf-8"),
                    {"Content-Type": "application/x-www-form-urlencoded"},
                    timeout=timeout,
                    opener=opener,
                )
            )
        return data.count(b"\n")

    total, done = len(local_graphs), 0
    if progress:
        progress(0, total, "Publishing graphs")
    triples = 0
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for count in pool.map(send, local_graphs):
            triples += count
            done += 1
            if progress:
                progress(done, total, "Publishing graphs")
    stale = [g for g in remote.named_graphs() if g not in set(local_graphs)]
    for graph in stale:
        if graph_store:
            http("DELETE", _graph_store_url(graph_store, graph.value), timeout=timeout, opener=opener)
        else:
            from urllib.parse import urlencode

            http(
                "POST",
                update_url,
                urlencode({"update": f"DROP SILENT GRAPH {graph}"}).encode("utf-8"),
                {"Content-Type": "application/x-www-form-urlencoded"},
                timeout=timeout,
                opener=opener,
            )
    _check_union(remote, store, local_graphs)
    return PublishSummary(
        endpoint,
        total,
        len(stale),
        triples,
        time.perf_counter() - started,
        "Graph Store Protocol (PUT)" if graph_store else "SPARQL UPDATE",
    )


#: What servers answer when concurrent writes collide (Virtuoso: "SR172: Transaction deadlocked", SQL state
#: 40001); replacing a graph whole is idempotent, so such a request is simply sent again.
_TRANSIENT = ("SR172", "40001", "deadlock", "Deadlock")


def _retrying(request, attempts: int = 6):
    import random
    import time

    for attempt in range(1, attempts + 1):
        try:
            return request()
        except EndpointError as exc:
            if attempt == attempts or not any(mark in str(exc) for mark in _TRANSIENT):
                raise
            time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))


def _check_union(remote: RemoteStore, store, graphs: list) -> None:
    """The server holds what was sent, and its default graph is the union of the named graphs."""
    expected = len(store)
    held = len(remote)
    if held != expected:
        raise EndpointError(
            f"{remote.endpoint}: the server holds {held} triples in this tool's graphs after publishing, not {expected}"
        )
    if not graphs:
        return
    sample = next(iter(store.quads_for_pattern(None, None, None, graphs[-1])))
    if not remote.query(
        "ASK { ?s ?p ?o }", substitutions={"s": sample.subject, "p": sample.predicate, "o": sample.object}
    ):
        raise EndpointError(
            f"{remote.endpoint}: queries do not see the named graphs: the server's default graph must be the union "
            "of its named graphs (Fuseki: set unionDefaultGraph; Oxigraph server: --union-default-graph)"
        )
