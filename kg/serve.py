"""``ekg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built store.

Starlette parses the HTTP (query strings, forms, bodies, headers) and uvicorn serves it: both are small,
well-kept and typed, and nothing here reads raw HTTP. What this module adds is the protocol's meaning:

- ``GET /sparql?query=…``, ``POST /sparql`` with a ``query=`` form or an ``application/sparql-query`` body;
  ``default-graph-uri`` / ``named-graph-uri`` pick a dataset, otherwise the default graph is the union of
  all graphs (as everywhere in this tool); the project prefixes are predeclared;
- results by content negotiation (``Accept``, or ``format=json|xml|csv|tsv|ttl|nt``): SPARQL JSON, XML,
  CSV or TSV for SELECT and ASK, Turtle or N-Triples for CONSTRUCT and DESCRIBE, serialised by pyoxigraph;
- updates are refused (403), whichever way they are sent; the store is opened read-only anyway; so is SERVICE
  (400): Oxigraph would fetch the URL it names, making the endpoint a way into whatever this machine can reach;
- each query has a time limit and a cap on the size of its result (503 and 413-style 400 answers that say so);
- ``GET /`` is a small page with a query box and the bundled named queries (``ontology/queries/*.rq``).

The query runs in a worker thread; the time limit is checked while results are written, and the request is
answered at the deadline even if Oxigraph is still computing (it cannot be interrupted: such a query keeps
one thread busy until it ends, and the result is thrown away).
"""

from __future__ import annotations

import html
import json
import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from kg.iris import PREFIXES

#: media type -> format name; the first of each kind is the default
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
}
CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
}
FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "ttl": "ttl", "turtle": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt"}


@dataclass
class Limits:
    timeout: float = 30.0  # seconds per query
    max_bytes: int = 64 * 1024 * 1024  # size of one serialised result


class QueryTooLarge(Exception):
    pass


class QueryTimedOut(Exception):
    pass


class _CappedWriter:
    """Where pyoxigraph writes a result: stops it once the result passes the size cap or the deadline."""

    def __init__(self, max_bytes: int, deadline: float) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.max_bytes, self.deadline = max_bytes, deadline
        self.stopped: Exception | None = None

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.max_bytes:
            self.stopped = QueryTooLarge()
            raise self.stopped
        if time.monotonic() > self.deadline:
            self.stopped = QueryTimedOut()
            raise self.stopped
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def negotiate(accept: str | None, kinds: dict[str, str], default: str) -> str | None:
    """The format for an Accept header: the acceptable type with the highest q (ties: the header's order)."""
    if not accept:
        return default
    choices = []
    for position, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media, q = parts[0].lower(), 1.0
        for param in parts[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            choices.append((-q, position, media))
    for _, _, media in sorted(choices):
        if media in kinds:
            return kinds[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


def named_queries(folder: Path | None = None) -> list[dict]:
    """The bundled named queries: ``ontology/queries/*.rq`` (title from a first ``#`` comment line)."""
    if folder is None:
        base = files("kg.ontology")
        candidates = [Path(str(base / "queries")), Path(str(base))]
    else:
        candidates = [Path(folder)]
    found = []
    for place in candidates:
        if not place.is_dir():
            continue
        for path in sorted(place.glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            first = text.lstrip().splitlines()[0] if text.strip() else ""
            title = first.lstrip("#").strip() if first.startswith("#") else path.stem
            found.append({"name": path.stem, "title": title, "query": text})
        if found:
            break
    return found


def uses_service(query: str, tokens: list | None = None) -> bool:
    """Whether a query holds the SERVICE keyword (not in a string, an IRI, a comment, a prefixed name or a variable);
    ``tokens``: the query's, if the caller has them already."""
    from kg.backend import _tokens

    return any(kind == "word" and text.upper() == "SERVICE" for kind, text, _, _ in (_tokens(query) if tokens is None else tokens))


def run_query(store, query: str, fmt: str | None, accept: str | None, limits: Limits,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> tuple[int, str, bytes]:
    """Run one query on the store and serialise its result: (status, content type, body)."""
    import pyoxigraph

    from kg.backend import _tokens, query_form

    tokens = _tokens(query)  # read once, for the form and for SERVICE
    try:
        form = query_form(query, tokens)
    except Exception:  # noqa: BLE001 - not recognisably a query: let the parser say why
        form = "SELECT"
    if form == "UPDATE":
        return 403, "text/plain; charset=utf-8", b"This endpoint is read-only: SPARQL updates are refused.\n"
    if uses_service(query, tokens):
        return 400, "text/plain; charset=utf-8", (b"SERVICE (a federated query) is refused here: Oxigraph would fetch the URL it names "
                                                  b"from this server, for whoever sent the query. Query that endpoint yourself.\n")
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    kinds = GRAPH_TYPES if graph_form else RESULT_TYPES
    # format=… (a short name or a media type, as SPARQLWrapper sends) wins over Accept when it fits the query
    wanted = (fmt or "").split(";")[0].strip().lower()
    chosen = FORMAT_ALIASES.get(wanted) or RESULT_TYPES.get(wanted) or GRAPH_TYPES.get(wanted)
    if chosen not in kinds.values():
        chosen = negotiate(accept, kinds, "ttl" if graph_form else "json")
    if chosen is None:
        return 406, "text/plain; charset=utf-8", f"None of the accepted types can carry a {form} result; this endpoint offers {', '.join(kinds)}.\n".encode()
    kwargs: dict = {"prefixes": PREFIXES}
    if default_graphs:
        kwargs["default_graph"] = [pyoxigraph.NamedNode(g) for g in default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = [pyoxigraph.NamedNode(g) for g in named_graphs]
    writer = _CappedWriter(limits.max_bytes, time.monotonic() + limits.timeout)
    try:
        results = store.query(query, **kwargs)
        if isinstance(results, pyoxigraph.QueryTriples):
            rdf = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES}[chosen]
            results.serialize(writer, rdf)
        else:
            formats = {"json": pyoxigraph.QueryResultsFormat.JSON, "xml": pyoxigraph.QueryResultsFormat.XML,
                       "csv": pyoxigraph.QueryResultsFormat.CSV, "tsv": pyoxigraph.QueryResultsFormat.TSV}
            results.serialize(writer, formats[chosen])
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"Query syntax error: {exc}\n".encode()
    except (ValueError, OSError, QueryTooLarge, QueryTimedOut) as exc:
        stopped = writer.stopped or (exc if isinstance(exc, (QueryTooLarge, QueryTimedOut)) else None)
        if isinstance(stopped, QueryTooLarge):
            return 400, "text/plain; charset=utf-8", (
                f"The result is larger than this endpoint's cap of {limits.max_bytes:,} bytes: add a LIMIT, or ask "
                "for fewer variables.\n").encode()
        if isinstance(stopped, QueryTimedOut):
            return 503, "text/plain; charset=utf-8", f"The query ran past this endpoint's limit of {limits.timeout:g} s.\n".encode()
        return 400, "text/plain; charset=utf-8", f"The query could not be evaluated: {exc}\n".encode()
    return 200, CONTENT_TYPES[chosen], b"".join(writer.chunks)


def create_app(store, limits: Limits | None = None, queries: list[dict] | None = None):
    """The Starlette application over a (read-only) store."""
    import anyio
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    limits = limits or Limits()
    queries = named_queries() if queries is None else queries

    async def sparql(request):
        params = request.query_params
        query = params.get("query")
        if "update" in params:
            return PlainTextResponse("This endpoint is read-only: SPARQL updates are refused.\n", status_code=403)
        default_graphs = params.getlist("default-graph-uri")
        named = params.getlist("named-graph-uri")
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind == "application/x-www-form-urlencoded":
                form = await request.form()
                if "update" in form:
                    return PlainTextResponse("This endpoint is read-only: SPARQL updates are refused.\n", status_code=403)
                query = form.get("query")
                default_graphs = default_graphs or form.getlist("default-graph-uri")
                named = named or form.getlist("named-graph-uri")
            elif kind == "application/sparql-query":
                query = (await request.body()).decode("utf-8", "replace")
            elif kind == "application/sparql-update":
                return PlainTextResponse("This endpoint is read-only: SPARQL updates are refused.\n", status_code=403)
            else:
                return PlainTextResponse(
                    "Send the query as a query= form (application/x-www-form-urlencoded) or as an "
                    "application/sparql-query body.\n", status_code=415)
        if not query:
            return PlainTextResponse("No query: pass query=… (GET or POST), or see / for a query page.\n", status_code=400)
        fmt = params.get("format")
        accept = request.headers.get("accept")
        try:
            with anyio.fail_after(limits.timeout + 1.0):
                status, content_type, body = await anyio.to_thread.run_sync(
                    run_query, store, query, fmt, accept, limits, default_graphs, named, abandon_on_cancel=True)
        except TimeoutError:
            return PlainTextResponse(f"The query ran past this endpoint's limit of {limits.timeout:g} s.\n", status_code=503)
        return Response(body, status_code=status, media_type=content_type, headers={"Vary": "Accept"})

    async def page(request):
        return HTMLResponse(render_page(queries), headers={
            "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'",
        })

    async def script(request):
        return Response(_SCRIPT, media_type="text/javascript; charset=utf-8")

    return Starlette(routes=[
        Route("/", page),
        Route("/app.js", script),
        Route("/sparql", sparql, methods=["GET", "POST"]),
    ])


_DEFAULT_QUERY = """SELECT ?claim ?statedAs ?source WHERE {
  ?claim ekg:statistic ?s ; cito:cites ?source .
  ?s ekg:statedAs ?statedAs .
} LIMIT 20"""


def render_page(queries: list[dict]) -> str:
    options = "".join(f'<option value="{html.escape(q["name"])}">{html.escape(q["title"])}</option>' for q in queries)
    picker = (f'<label>Bundled queries <select id="named"><option value="">choose…</option>{options}</select></label>'
              if queries else "<p>No bundled named queries.</p>")
    data = html.escape(json.dumps({q["name"]: q["query"] for q in queries}), quote=False)
    prefixes = ", ".join(sorted(PREFIXES))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>evidence-kg SPARQL endpoint</title>
<style>body{{font:15px/1.4 system-ui,sans-serif;margin:2em;max-width:70em}}textarea{{width:100%;font:13px monospace}}
table{{border-collapse:collapse;margin-top:1em}}td,th{{border:1px solid #ccc;padding:.2em .5em;vertical-align:top;font-size:13px}}
#status{{color:#555}}</style></head>
<body><h1>evidence-kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over every article's graph (the default graph is their union). Endpoint:
<code>/sparql</code> (GET or POST). Predeclared prefixes: {html.escape(prefixes)}.</p>
{picker}
<form id="form"><textarea id="query" name="query" rows="14">{html.escape(_DEFAULT_QUERY)}</textarea>
<p><button type="submit">Run</button> <span id="status"></span></p></form>
<div id="results"></div>
<script type="application/json" id="queries">{data}</script>
<script src="/app.js"></script>
</body></html>
"""


_SCRIPT = """
const queries = JSON.parse(document.getElementById('queries').textContent);
const picker = document.getElementById('named');
if (picker) picker.addEventListener('change', () => {
  if (queries[picker.value]) document.getElementById('query').value = queries[picker.value];
});
document.getElementById('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = document.getElementById('status'), out = document.getElementById('results');
  status.textContent = 'running…'; out.replaceChildren();
  const started = performance.now();
  const reply = await fetch('/sparql', {method: 'POST', body: document.getElementById('query').value,
    headers: {'Content-Type': 'application/sparql-query',
              'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}});
  const ms = Math.round(performance.now() - started);
  if (!reply.ok) { status.textContent = reply.status + ': ' + await reply.text(); return; }
  if (!(reply.headers.get('Content-Type') || '').includes('json')) {
    const pre = document.createElement('pre'); pre.textContent = await reply.text(); out.append(pre);
    status.textContent = ms + ' ms'; return;
  }
  const data = await reply.json();
  if ('boolean' in data) { status.textContent = String(data.boolean) + ' (' + ms + ' ms)'; return; }
  const table = document.createElement('table'), head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement('th'); th.textContent = v; head.append(th); }
  for (const row of data.results.bindings) {
    const tr = table.insertRow();
    for (const v of data.head.vars) tr.insertCell().textContent = row[v] ? row[v].value : '';
  }
  out.append(table);
  status.textContent = data.results.bindings.length + ' rows (' + ms + ' ms)';
});
"""


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int):
    """A socket bound to ``host``:``port`` and listening (port 0: one the system picks), or a one-line error:
    bound here, before anything is announced, rather than by uvicorn, which logs and exits when it cannot."""
    import socket

    from kg.errors import ServeError

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:  # socket.gaierror: a host name that does not resolve
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; pass --host an address of this machine") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port "
                         "(or stop what holds it), or another --host") from None
    return sock


def run_serve(store, sock, limits: Limits | None = None, log_level: str = "warning") -> None:
    """Serve the store on a listening socket (``listen``) until interrupted."""
    import uvicorn

    uvicorn.Server(uvicorn.Config(create_app(store, limits), log_level=log_level)).run(sockets=[sock])
