"""A remote SPARQL 1.1 server as a store: the same small interface the library uses on Oxigraph.

Every ``kg`` function takes a ``store`` and reads it through ``store.query(...)`` (via ``kg.sparql.run.select``),
``store.quads_for_pattern``, ``store.dump`` and ``len(store)``. ``RemoteStore`` provides exactly these over
the SPARQL 1.1 Protocol, so every command runs unchanged against Virtuoso, GraphDB, Fuseki or Neptune:

- the project prefixes are prepended to the query text;
- ``use_default_graph_as_union``: the server's default graph must be the union of its named graphs (Virtuoso,
  GraphDB and Neptune do this by default; Fuseki needs ``unionDefaultGraph``; ``ekg publish`` checks it);
- substitutions (pre-bound variables, SEP-0007, as Oxigraph does them) become a ``VALUES`` block at the top of
  the WHERE group, and the variable is replaced by the same escaped term inside that group, so that filters in
  nested groups (which a VALUES join alone would not reach) see the value too;
- results come back as SPARQL JSON and are turned into pyoxigraph terms, so ``kg.sparql.terms.python_value`` and
  everything above it work unchanged.

HTTP goes through ``urllib.request`` from the standard library: no dependency, quicker to import than httpx
(``ekg why --endpoint`` is a whole process), and it does the Digest authentication Virtuoso asks for.

User text never becomes query text here either: a bound value is written as the N-Triples form of a pyoxigraph
term (``str(term)``), which escapes quotes, backslashes and newlines, and whose IRIs pyoxigraph has validated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kg.errors import EkgError, EndpointError
from kg.iris import GRAPH
from kg.sparql.text import projected, query_form, substitute


def _check_results(endpoint: str, document, form: str, query: str) -> None:
    """Raise unless ``document`` is SPARQL JSON results for ``form``, holding the variables ``query`` selects."""

    def bad(what: str) -> EndpointError:
        return EndpointError(
            f"{endpoint}: the answer is not SPARQL JSON results ({what}); is this URL the server's SPARQL endpoint?"
        )

    if not isinstance(document, dict):
        raise bad(f"a JSON {type(document).__name__}, not an object")
    if form == "ASK":
        if not isinstance(document.get("boolean"), bool):
            raise bad("no boolean for an ASK query")
        return
    head, results = document.get("head"), document.get("results")
    if not isinstance(head, dict) or not isinstance(results, dict):
        raise bad("no head or results")
    variables, rows = head.get("vars", []), results.get("bindings")
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise bad("head.vars is not a list of names")
    if not isinstance(rows, list) or not all(
        isinstance(row, dict) and all(isinstance(b, dict) for b in row.values()) for row in rows
    ):
        raise bad("results.bindings is not a list of rows of terms")
    missing = [name for name in projected(query) or () if name not in variables]
    if missing:
        raise bad("it lacks " + ", ".join("?" + name for name in missing) + ", which the query selects")


# ---------------------------------------------------------------------------- results


def term_from_server(binding: dict):
    """A SPARQL JSON result term as a pyoxigraph term."""
    import pyoxigraph

    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return pyoxigraph.NamedNode(value)
    if kind in ("literal", "typed-literal"):
        if binding.get("xml:lang"):
            return pyoxigraph.Literal(value, language=binding["xml:lang"])
        if binding.get("datatype"):
            return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(binding["datatype"]))
        return pyoxigraph.Literal(value)
    if kind == "bnode":
        return pyoxigraph.BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", value) or "b")
    raise EndpointError(f"the server sent a result term of unknown type {kind!r}")


class RemoteSolution:
    """One row, read like a pyoxigraph QuerySolution: ``row["name"]``, ``row[Variable("name")]`` or ``row[0]`` (the
    variable's position in the head) is a term, or None if unbound."""

    __slots__ = ("_names", "_terms")

    def __init__(self, terms: dict[str, Any], names: list[str] | None = None) -> None:
        self._terms = terms
        self._names = names or []

    def __getitem__(self, key):
        if isinstance(key, int):
            key = self._names[key]
        name = key if isinstance(key, str) else key.value
        return self._terms.get(name)


class RemoteSolutions:
    """The rows of a SELECT, read like pyoxigraph's QuerySolutions (``variables`` and iteration)."""

    def __init__(self, document: dict) -> None:
        import pyoxigraph

        self._names = list(document.get("head", {}).get("vars", []))
        self.variables = [pyoxigraph.Variable(v) for v in self._names]
        self._rows = document.get("results", {}).get("bindings", [])

    def __iter__(self) -> Iterator[RemoteSolution]:
        for row in self._rows:
            yield RemoteSolution({name: term_from_server(b) for name, b in row.items()}, self._names)

    def __len__(self) -> int:
        return len(self._rows)


# ---------------------------------------------------------------------------- HTTP


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict


def _opener(url: str, user: str | None, password: str | None):
    """An opener that authenticates with Basic or Digest, whichever the server asks for.

    Both remember a successful authentication and send it up front on later requests: Virtuoso answers
    401 to a large PUT before reading its body, and a client that waits for that challenge on every request
    gets a broken pipe instead. Call ``prime(opener, url)`` once to learn the challenge with a small request.
    """
    import threading
    import urllib.request

    handlers = []
    if user:
        manager = urllib.request.HTTPPasswordMgrWithPriorAuth()
        manager.add_password(None, url, user, password or "", is_authenticated=False)

        class PreemptiveDigest(urllib.request.HTTPDigestAuthHandler):
            challenge = None
            lock = threading.Lock()

            def retry_http_digest_auth(self, req, auth):
                token, challenge = auth.split(" ", 1)
                type(self).challenge = urllib.request.parse_keqv_list(
                    filter(None, urllib.request.parse_http_list(challenge))
                )
                return super().retry_http_digest_auth(req, auth)

            def http_request(self, req):
                if self.challenge and not req.has_header("Authorization"):
                    with self.lock:
                        auth = self.get_authorization(req, self.challenge)
                    if auth:
                        req.add_unredirected_header("Authorization", f"Digest {auth}")
                return req

            https_request = http_request

        handlers += [PreemptiveDigest(manager), urllib.request.HTTPBasicAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def prime(opener, url: str, timeout: float = 30.0) -> None:
    """One small request, so that the opener learns how the server wants to be authenticated."""
    import urllib.error
    import urllib.request

    try:
        with opener.open(urllib.request.Request(url, method="GET"), timeout=timeout) as reply:
            reply.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise EndpointError(
                f"{url}: the server refused the credentials ({exc.code}; check --user/--password)"
            ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise EndpointError(
            f"{url}: cannot reach the server ({getattr(exc, 'reason', exc)}); is it running, and is the URL right?"
        ) from None


def check_url(url: str, what: str) -> None:
    """Raise unless ``url`` is an http(s) URL that urllib can use (``what``: what to give instead)."""
    from urllib.parse import urlsplit

    if not re.match(r"^https?://", url or ""):
        raise EkgError(f"{url!r} is not an http(s) URL (give {what})")
    try:
        urlsplit(url).port  # noqa: B018 - parses the host and port: "http://[::1" and "http://h:x" fail here
    except ValueError as exc:
        raise EkgError(f"{url!r} is not a valid URL ({exc}); give {what}") from None


def http(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60.0,
    opener=None,
) -> Response:
    """One HTTP request; any failure is an EndpointError that names the URL and what the server said."""
    import http.client as http_client
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    opener = opener or _opener(url, user, password)
    try:
        with opener.open(request, timeout=timeout) as reply:
            return Response(reply.status, reply.headers.get("Content-Type", ""), reply.read(), dict(reply.headers))
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace").strip().replace("\n", " ")
        hint = " (check --user/--password)" if exc.code in (401, 403) else ""
        raise EndpointError(f"{url}: the server answered {exc.code} {exc.reason}{hint}: {detail}") from None
    except urllib.error.URLError as exc:
        raise EndpointError(
            f"{url}: cannot reach the server ({exc.reason}); is it running, and is the URL right?"
        ) from None
    except http_client.HTTPException as exc:  # IncompleteRead: the connection closed in the middle of the answer
        raise EndpointError(f"{url}: the server's answer broke off ({type(exc).__name__}); try again") from None
    except (TimeoutError, OSError) as exc:
        raise EndpointError(f"{url}: {exc} (the server did not answer in {timeout:g} s)") from None


# ---------------------------------------------------------------------------- the store


class RemoteStore:
    """A SPARQL 1.1 endpoint, read like a read-only pyoxigraph Store.

    ``graphs`` is the IRI prefix of the graphs that belong to the knowledge graph: counting and dumping look
    only at those (a server keeps graphs of its own, Virtuoso its system graphs).
    """

    def __init__(
        self,
        endpoint: str,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 60.0,
        graphs: str = GRAPH,
    ) -> None:
        check_url(endpoint, "the server's SPARQL endpoint, e.g. http://localhost:8890/sparql")
        self.endpoint = endpoint
        self.user, self.password, self.timeout = user, password, timeout
        self.graphs = graphs
        self._opener = _opener(endpoint, user, password)

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    def _post(self, query: str, accept: str) -> Response:
        from urllib.parse import urlencode

        body = urlencode({"query": query}).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        return http("POST", self.endpoint, body, headers, timeout=self.timeout, opener=self._opener)

    def query(
        self,
        query: str,
        *,
        prefixes: dict[str, str] | None = None,
        use_default_graph_as_union: bool = False,
        substitutions: dict | None = None,
        base_iri: str | None = None,
        **_ignored,
    ):
        """Run a query: RemoteSolutions for SELECT, a bool for ASK, a list of Triples for CONSTRUCT/DESCRIBE.

        ``use_default_graph_as_union`` is accepted for the interface's sake: on a server the default graph is
        whatever the server makes it, which for this tool must be the union of the named graphs.
        """
        form = query_form(query)
        if form == "UPDATE":
            raise EkgError("updates are not run through queries (use ekg publish to load a server)")
        if substitutions:
            query = substitute(query, {(k if isinstance(k, str) else k.value): v for k, v in substitutions.items()})
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        if base_iri:
            prologue = f"BASE <{base_iri}>\n" + prologue
        text = prologue + query
        if form in ("SELECT", "ASK"):
            reply = self._post(text, "application/sparql-results+json")
            try:
                document = json.loads(reply.body.decode("utf-8"))
            except ValueError:
                raise EndpointError(
                    f"{self.endpoint}: the answer is not SPARQL JSON (Content-Type {reply.content_type!r})"
                ) from None
            _check_results(self.endpoint, document, form, text)
            if form == "ASK":
                return bool(document.get("boolean"))
            return RemoteSolutions(document)
        return self._triples(text)

    def _triples(self, text: str) -> list:
        import pyoxigraph

        reply = self._post(text, "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5")
        kind = reply.content_type.split(";")[0].strip().lower()
        fmt = (
            pyoxigraph.RdfFormat.TURTLE
            if kind in ("text/turtle", "application/x-turtle")
            else pyoxigraph.RdfFormat.N_TRIPLES
        )
        try:
            return list(pyoxigraph.parse(reply.body, format=fmt))
        except SyntaxError as exc:
            raise EndpointError(f"{self.endpoint}: cannot read the server's {kind or 'RDF'} answer: {exc}") from None

    # -- the rest of the Store interface the library uses

    def named_graphs(self) -> list:
        """The knowledge graph's named graphs on the server (those under ``graphs``)."""

        # `{ ?s a ?t }`, not `{ ?s ?p ?o }`: every graph of this tool types its nodes, and Virtuoso answers
        # this from its type index in milliseconds, where listing the graphs of all quads ran out of time
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a ?t } }")
        return (
            sorted(
                (r["g"] for r in rows if r["g"] is not None and r["g"].value.startswith(self.graphs)),
                key=lambda g: g.value,
            )
            or []
        )

    def graph_size(self, graph) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": graph}))
        return int(rows[0]["n"].value) if rows else 0

    def __len__(self) -> int:
        rows = list(
            self.query(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), ?prefix)) }",
                substitutions={"prefix": _plain(self.graphs)},
            )
        )
        return int(rows[0]["n"].value) if rows else 0

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> Iterator:
        """Every quad of the knowledge graph's named graphs matching the pattern (None matches anything)."""
        import pyoxigraph

        graphs = [graph_name] if graph_name is not None else self.named_graphs()
        pattern = " ".join(
            str(t) if t is not None else f"?{n}" for t, n in ((subject, "s"), (predicate, "p"), (object, "o"))
        )
        for graph in graphs:
            triples = self._triples(f"CONSTRUCT {{ {pattern} }} WHERE {{ GRAPH {graph} {{ {pattern} }} }}")
            if subject is None and predicate is None and object is None:
                expected = self.graph_size(graph)
                if len(set(triples)) != expected:
                    raise EndpointError(
                        f"{self.endpoint}: the server returned {len(set(triples))} of the {expected} triples of {graph.value} "
                        "(it caps result sizes: raise the cap, e.g. Virtuoso's ResultSetMaxRows)"
                    )
            for t in triples:
                yield pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)

    def dump(self, output=None, format=None, *, from_graph=None, **_ignored):
        import pyoxigraph

        format = format or pyoxigraph.RdfFormat.N_QUADS
        quads = self.quads_for_pattern(None, None, None, from_graph)
        if from_graph is not None or format in (pyoxigraph.RdfFormat.N_TRIPLES, pyoxigraph.RdfFormat.TURTLE):
            data: Iterable = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads]
        else:
            data = list(quads)
        return pyoxigraph.serialize(data, output, format=format)

    def flush(self) -> None:
        pass


def _plain(text: str):
    import pyoxigraph

    return pyoxigraph.Literal(text)


class RemoteCache:
    """What commands get instead of a kg.cache.store.Cache with --endpoint: the server is the graph."""

    data_dir = None

    def __init__(self, endpoint: str, user: str | None = None, password: str | None = None) -> None:
        self.endpoint, self.user, self.password = endpoint, user, password
        self.dir = None

    def open(self, auto_build: bool = True, progress=None) -> RemoteStore:
        return RemoteStore(self.endpoint, self.user, self.password)

    def build(self, force: bool = False, progress=None):
        raise EkgError("ekg build builds the local graph; to load it into a server, run: ekg publish --endpoint URL")

    def is_fresh(self) -> bool:
        return True

    def store_path(self, auto_build: bool = True, progress=None):
        raise EkgError(f"{self.endpoint} is a server, not a local build (leave out --endpoint)")
