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
- request bodies (forms and ``application/sparql-query``) are read in pieces up to a cap (413 past it);
- the ``Host`` header must name this server (``HostPolicy``): a web page cannot reach a loopback endpoint
  through a name of its own that it points at 127.0.0.1 (DNS rebinding);
- ``GET /`` is a small page with a query box and the bundled named queries (``ontology/queries/*.rq``).

Oxigraph cannot interrupt a query, so queries run in worker processes (``QueryWorkers``, each with the store
open read-only): a query past its time limit is answered with 503 and its process is killed, so its work stops,
and a new process takes its place. Stopping the server (SIGTERM, SIGINT) kills them all first, so it stops
at once whatever is running.
"""

from __future__ import annotations

import functools
import html
import json
import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from kg.iris import PREFIXES
from kg.sparql.store import BuiltStore

if TYPE_CHECKING:
    import asyncio

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
FORMAT_ALIASES = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "ttl": "ttl",
    "turtle": "ttl",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
}


@dataclass
class Limits:
    timeout: float = 30.0  # seconds per query
    max_bytes: int = 64 * 1024 * 1024  # size of one serialised result
    max_request: int = 1024 * 1024  # size of one request body (a form or a query)
    workers: int = 2  # query processes at most (more queries wait for one, up to their time limit)


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
    from kg.sparql.text import _tokens

    return any(
        kind == "word" and text.upper() == "SERVICE"
        for kind, text, _, _ in (_tokens(query) if tokens is None else tokens)
    )


def _graph_iri(parameter: str, value: str):
    """A graph's IRI as pyoxigraph takes it, or a ValueError that says which parameter is wrong and why."""
    import pyoxigraph

    try:
        return pyoxigraph.NamedNode(value)
    except ValueError as exc:
        raise ValueError(
            f"{parameter} must be an absolute IRI such as https://w3id.org/evidence-kg/id/graph/<slug>; "
            f"{json.dumps(value)[:200]} is not one ({exc})"
        ) from None


def run_query(
    store,
    query: str,
    fmt: str | None,
    accept: str | None,
    limits: Limits,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> tuple[int, str, bytes]:
    """Run one query on the store and serialise its result: (status, content type, body)."""
    import pyoxigraph

    from kg.sparql.text import _tokens, query_form

    tokens = _tokens(query)  # read once, for the form and for SERVICE
    try:
        form = query_form(query, tokens)
    except Exception:  # noqa: BLE001 - not recognisably a query: let the parser say why
        form = "SELECT"
    if form == "UPDATE":
        return 403, "text/plain; charset=utf-8", b"This endpoint is read-only: SPARQL updates are refused.\n"
    if uses_service(query, tokens):
        return (
            400,
            "text/plain; charset=utf-8",
            (
                b"SERVICE (a federated query) is refused here: Oxigraph would fetch the URL it names "
                b"from this server, for whoever sent the query. Query that endpoint yourself.\n"
            ),
        )
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    kinds = GRAPH_TYPES if graph_form else RESULT_TYPES
    # format=… (a short name or a media type, as SPARQLWrapper sends) wins over Accept when it fits the query
    wanted = (fmt or "").split(";")[0].strip().lower()
    chosen = FORMAT_ALIASES.get(wanted) or RESULT_TYPES.get(wanted) or GRAPH_TYPES.get(wanted)
    if chosen not in kinds.values():
        chosen = negotiate(accept, kinds, "ttl" if graph_form else "json")
    if chosen is None:
        return (
            406,
            "text/plain; charset=utf-8",
            f"None of the accepted types can carry a {form} result; this endpoint offers {', '.join(kinds)}.\n".encode(),
        )
    kwargs: dict = {"prefixes": PREFIXES}
    try:
        if default_graphs:
            kwargs["default_graph"] = [_graph_iri("default-graph-uri", g) for g in default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs:
            kwargs["named_graphs"] = [_graph_iri("named-graph-uri", g) for g in named_graphs]
    except ValueError as exc:
        return 400, "text/plain; charset=utf-8", f"{exc}\n".encode()
    writer = _CappedWriter(limits.max_bytes, time.monotonic() + limits.timeout)
    try:
        results = store.query(query, **kwargs)
        if isinstance(results, pyoxigraph.QueryTriples):
            rdf = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES}[chosen]
            results.serialize(writer, rdf)  # type: ignore[arg-type]  # pyoxigraph only calls write(); its stub asks for IO[bytes]
        else:
            formats = {
                "json": pyoxigraph.QueryResultsFormat.JSON,
                "xml": pyoxigraph.QueryResultsFormat.XML,
                "csv": pyoxigraph.QueryResultsFormat.CSV,
                "tsv": pyoxigraph.QueryResultsFormat.TSV,
            }
            results.serialize(writer, formats[chosen])
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"Query syntax error: {exc}\n".encode()
    except (ValueError, OSError, QueryTooLarge, QueryTimedOut) as exc:
        stopped = writer.stopped or (exc if isinstance(exc, (QueryTooLarge, QueryTimedOut)) else None)
        if isinstance(stopped, QueryTooLarge):
            return (
                400,
                "text/plain; charset=utf-8",
                (
                    f"The result is larger than this endpoint's cap of {limits.max_bytes:,} bytes: add a LIMIT, or ask "
                    "for fewer variables.\n"
                ).encode(),
            )
        if isinstance(stopped, QueryTimedOut):
            return (
                503,
                "text/plain; charset=utf-8",
                f"The query ran past this endpoint's limit of {limits.timeout:g} s.\n".encode(),
            )
        return 400, "text/plain; charset=utf-8", f"The query could not be evaluated: {exc}\n".encode()
    return 200, CONTENT_TYPES[chosen], b"".join(writer.chunks)


_TEXT = "text/plain; charset=utf-8"
_READ_ONLY = "This endpoint is read-only: SPARQL updates are refused.\n"


class QueryWorkers:
    """At most ``size`` query processes (``kg/serve/worker.py``) over the store at ``path``: started when first
    needed, and kept for the next query unless their query runs past its time, when they are killed (so its work
    stops) and a later query starts a new one. A query waits for a free process up to its time limit."""

    def __init__(self, path, size: int) -> None:
        self.path, self.size = str(path), max(1, size)
        self.idle: list = []
        self.living: set = set()  # every process started and not yet ended
        self.slots: asyncio.Semaphore | None = None  # made in the server's event loop
        self.closing = False

    async def _start(self):
        import asyncio
        import os
        import subprocess
        import sys

        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-I",
            str(Path(__file__).with_name("worker.py")),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.living.add(proc)
        try:
            if self.closing:
                raise OSError("the server is stopping")
            proc.stdin.write(json.dumps({"path": sys.path, "store": self.path, "parent": os.getpid()}).encode() + b"\n")
            await proc.stdin.drain()
            header = json.loads(await proc.stdout.readline() or b"{}")
        except (OSError, ValueError) as exc:
            header = {"error": str(exc)}
        except BaseException:  # cancelled: never leave a process behind
            self._forget(proc)
            raise
        if not header.get("ready"):
            await self._end(proc)
            raise OSError(header.get("error") or f"the query process exited at start (exit {proc.returncode})")
        return proc

    @staticmethod
    def _kill(proc) -> None:
        try:
            proc.kill()
        except ProcessLookupError:  # ended already
            pass

    def _forget(self, proc) -> None:
        self._kill(proc)  # asyncio's child watcher reaps it
        self.living.discard(proc)

    async def _end(self, proc) -> None:
        self._kill(proc)
        await proc.wait()
        self.living.discard(proc)

    def kill_all(self) -> None:
        """Kill every query process now (safe in a signal handler); the queries they ran are answered 503."""
        self.closing = True
        for proc in list(self.living):
            self._kill(proc)

    async def close(self) -> None:
        self.kill_all()
        for proc in list(self.living):
            await self._end(proc)
        self.idle.clear()

    async def run(self, request: dict, timeout: float) -> tuple[int, str, bytes]:
        """Run ``kg.serve.app.run_query`` with ``request``'s arguments in a query process: (status, type, body)."""
        import asyncio

        if self.slots is None:
            self.slots = asyncio.Semaphore(self.size)
        try:
            await asyncio.wait_for(self.slots.acquire(), timeout)
        except TimeoutError:
            return (
                503,
                _TEXT,
                (
                    f"The endpoint is busy: its {self.size} query process(es) stayed taken for this endpoint's "
                    f"limit of {timeout:g} s; try again later.\n"
                ).encode(),
            )
        try:
            return await self._run(request, timeout)
        finally:
            self.slots.release()

    async def _run(self, request: dict, timeout: float) -> tuple[int, str, bytes]:
        import asyncio

        stopping = (503, _TEXT, b"The server is stopping: the query was not answered.\n")
        if self.closing:
            return stopping
        try:
            proc = self.idle.pop() if self.idle else await asyncio.wait_for(self._start(), 60)
        except TimeoutError:  # (an OSError too)
            return 500, _TEXT, b"Cannot start a query process: it did not open the store within 60 s.\n"
        except OSError as exc:
            return stopping if self.closing else (500, _TEXT, f"Cannot start a query process: {exc}\n".encode())
        try:
            answer = await asyncio.wait_for(self._exchange(proc, request), timeout)
        except TimeoutError:
            await self._end(proc)  # Oxigraph cannot stop a query; ending its process does
            return 503, _TEXT, f"The query ran past this endpoint's limit of {timeout:g} s.\n".encode()
        except (OSError, ValueError, asyncio.IncompleteReadError):
            await self._end(proc)
            return (
                stopping
                if self.closing
                else (
                    500,
                    _TEXT,
                    f"The query process ended unexpectedly (exit {proc.returncode}); the query was not answered.\n".encode(),
                )
            )
        except BaseException:
            self._forget(proc)
            raise
        if self.closing:
            await self._end(proc)
        else:
            self.idle.append(proc)
        return answer

    @staticmethod
    async def _exchange(proc, request: dict) -> tuple[int, str, bytes]:
        proc.stdin.write(json.dumps(request).encode() + b"\n")
        await proc.stdin.drain()
        header = json.loads(await proc.stdout.readline())
        return header["status"], header["type"], await proc.stdout.readexactly(header["length"])


@functools.cache
def _host_regex():
    import re

    return re.compile(r"(\[[0-9a-f:.]+\]|[^:\[\]\s/@]+)(?::([0-9]{1,5}))?", re.ASCII)


def split_host(value: str) -> tuple[str, int | None] | None:
    """A Host header's (lower-case name, port or None): ``name``, ``name:port``, ``[v6]`` or ``[v6]:port``; None
    if it is none of these."""
    found = _host_regex().fullmatch(value.strip().lower())
    return (found[1], int(found[2]) if found[2] else None) if found else None


class HostPolicy:
    """The ``Host`` headers a server answers to, so that a web page cannot send it queries through a name of the
    page's own that resolves to this machine (DNS rebinding).

    Bound to loopback: localhost, 127.0.0.1, [::1], the address and the name (``--host``) it was started with. Bound to any other address
    (0.0.0.0, ::, one of this machine's): those, this machine's host name, and any IP address (an address cannot
    be rebound; a name can). Either way without a port or with the port it listens on, and ``allowed`` adds
    names (``name``: on any port, ``name:port``: on that one). No Host header at all (HTTP/1.0) is answered: a
    browser always sends one."""

    def __init__(self, address: str, port: int, allowed=(), name: str | None = None) -> None:
        import socket

        from kg.errors import ServeError

        self.port, self.loopback = port, is_loopback(address)
        self.names = {"localhost", "127.0.0.1", "[::1]"}
        for given in filter(None, (address, name)):
            self.names.add(given.lower() if ":" not in given else f"[{given.lower()}]")
        if not self.loopback:
            self.names.add(socket.gethostname().lower())
        self.extra = []
        for name in allowed:
            parsed = split_host(name)
            if parsed is None:
                raise ServeError(
                    f"--allow-host {name!r} is not a host name or address (examples: example.org, "
                    "example.org:8000, [2001:db8::1])"
                )
            self.extra.append(parsed)

    def allows(self, header: str) -> bool:
        import ipaddress

        parsed = split_host(header)
        if parsed is None:
            return False
        name, port = parsed
        if any(name == known and (wanted is None or port == wanted) for known, wanted in self.extra):
            return True
        if port is not None and port != self.port:
            return False
        if name in self.names:
            return True
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
        return not self.loopback

    def refusal(self, header: str) -> str:
        names = ", ".join(sorted(self.names)) + ("" if self.loopback else ", any IP address")
        name = (split_host(header) or (header,))[0]
        return (
            f"Host {json.dumps(header)[:200]} is not a name of this server, which answers to {names} on port "
            f"{self.port} (a guard against DNS rebinding); to accept it, start ekg serve with --allow-host "
            f"{json.dumps(name)[1:-1][:100]}.\n"
        )


class _HostGuard:
    """ASGI middleware: a request whose Host header the policy refuses gets a 400 that says why."""

    def __init__(self, app, policy: HostPolicy) -> None:
        self.app, self.policy = app, policy

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            from starlette.responses import PlainTextResponse

            for key, value in scope["headers"]:
                host = value.decode("latin-1")
                if key == b"host" and not self.policy.allows(host):
                    await PlainTextResponse(self.policy.refusal(host), status_code=400)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


async def _read_body(request, cap: int) -> bytes | None:
    """The request's body, read as it arrives; None as soon as it passes ``cap`` bytes (or says it will)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > cap:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(store, limits: Limits | None = None, queries: list[dict] | None = None, hosts: HostPolicy | None = None):
    """The Starlette application over a built store: its folder, or an opened ``kg.cache.store.LocalStore`` (its
    ``path``); queries run in ``QueryWorkers`` (``app.state.workers``). ``hosts``: the Host headers it answers
    (``run_serve`` always passes one; None answers any)."""
    import contextlib
    from urllib.parse import parse_qsl

    from starlette.applications import Starlette
    from starlette.datastructures import MultiDict
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    limits = limits or Limits()
    queries = named_queries() if queries is None else queries
    workers = QueryWorkers(store.path if isinstance(store, BuiltStore) else store, limits.workers)

    async def sparql(request):
        params = request.query_params
        query = params.get("query")
        if "update" in params:
            return PlainTextResponse(_READ_ONLY, status_code=403)
        default_graphs = params.getlist("default-graph-uri")
        named = params.getlist("named-graph-uri")
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-update":
                return PlainTextResponse(_READ_ONLY, status_code=403)
            if kind not in ("application/x-www-form-urlencoded", "application/sparql-query"):
                return PlainTextResponse(
                    "Send the query as a query= form (application/x-www-form-urlencoded) or as an "
                    "application/sparql-query body.\n",
                    status_code=415,
                )
            body = await _read_body(request, limits.max_request)
            if body is None:  # the rest is left unread: the connection closes
                return PlainTextResponse(
                    f"The request body is larger than this endpoint's cap of {limits.max_request:,} bytes (ekg serve "
                    "--max-request-mb): send a shorter query.\n",
                    status_code=413,
                    headers={"Connection": "close"},
                )
            if kind == "application/x-www-form-urlencoded":
                form = MultiDict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
                if "update" in form:
                    return PlainTextResponse(_READ_ONLY, status_code=403)
                query = form.get("query")
                default_graphs = default_graphs or form.getlist("default-graph-uri")
                named = named or form.getlist("named-graph-uri")
            else:
                query = body.decode("utf-8", "replace")
        if not query:
            return PlainTextResponse(
                "No query: pass query=… (GET or POST), or see / for a query page.\n", status_code=400
            )
        status, content_type, body = await workers.run(
            {
                "query": query,
                "format": params.get("format"),
                "accept": request.headers.get("accept"),
                "default_graphs": default_graphs,
                "named_graphs": named,
                "timeout": limits.timeout,
                "max_bytes": limits.max_bytes,
            },
            limits.timeout,
        )
        return Response(body, status_code=status, media_type=content_type, headers={"Vary": "Accept"})

    async def page(request):
        return HTMLResponse(
            render_page(queries),
            headers={
                "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'",
            },
        )

    async def script(request):
        return Response(_SCRIPT, media_type="text/javascript; charset=utf-8")

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await workers.close()

    app = Starlette(
        routes=[
            Route("/", page),
            Route("/app.js", script),
            Route("/sparql", sparql, methods=["GET", "POST"]),
        ],
        middleware=[Middleware(_HostGuard, policy=hosts)] if hosts else [],
        lifespan=lifespan,
    )
    app.state.workers = workers
    return app


_DEFAULT_QUERY = """SELECT ?claim ?statedAs ?source WHERE {
  ?claim ekg:statistic ?s ; cito:cites ?source .
  ?s ekg:statedAs ?statedAs .
} LIMIT 20"""


def render_page(queries: list[dict]) -> str:
    options = "".join(f'<option value="{html.escape(q["name"])}">{html.escape(q["title"])}</option>' for q in queries)
    picker = (
        f'<label>Bundled queries <select id="named"><option value="">choose…</option>{options}</select></label>'
        if queries
        else "<p>No bundled named queries.</p>"
    )
    # raw text inside <script>: HTML entities are not decoded there, so the JSON escapes what could end the element
    data = (
        json.dumps({q["name"]: q["query"] for q in queries})
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
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
        raise ServeError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; pass --host an address of this machine"
        ) from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ServeError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port "
            "(or stop what holds it), or another --host"
        ) from None
    return sock


def run_serve(
    store, sock, limits: Limits | None = None, log_level: str = "warning", allowed_hosts=(), name: str | None = None
) -> None:
    """Serve the store (its folder, or a ``LocalStore``) on a listening socket (``listen``) until SIGTERM or
    SIGINT, which first kill the query processes, so that it stops at once whatever they are running. The Host
    headers answered: ``HostPolicy`` for the socket's address, ``name`` (the --host it was given) and
    ``allowed_hosts``."""
    import uvicorn

    address, port = sock.getsockname()[:2]
    app = create_app(store, limits, hosts=HostPolicy(address, port, allowed_hosts, name))
    workers = app.state.workers

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            workers.kill_all()
            super().handle_exit(sig, frame)

    Server(uvicorn.Config(app, log_level=log_level, timeout_graceful_shutdown=1)).run(sockets=[sock])
