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
- results come back as SPARQL JSON and are turned into pyoxigraph terms, so ``kg.sparql.run.python_value`` and
  everything above it work unchanged.

HTTP goes through ``urllib.request`` from the standard library: no dependency, quicker to import than httpx
(``ekg why --endpoint`` is a whole process), and it does the Digest authentication Virtuoso asks for.

User text never becomes query text here either: a bound value is written as the N-Triples form of a pyoxigraph
term (``str(term)``), which escapes quotes, backslashes and newlines, and whose IRIs pyoxigraph has validated.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from kg.errors import EkgError
from kg.iris import GRAPH


class EndpointError(EkgError):
    """A SPARQL server that cannot be reached, refuses a request or answers something unreadable."""


# ---------------------------------------------------------------------------- query text

#: Each token ends where SPARQL's would (Oxigraph's parser reads the same text): a word never runs past a
#: character that ends a prefixed name (``[ ?p ex:a]SERVICE<…>`` holds the keyword SERVICE), a local name's
#: escapes (``ex:a\(\'``) are part of it, an IRI may hold ``\u`` escapes, and a comment ends at CR as at LF;
#: a token read differently (a string where SPARQL sees code) could hide a SERVICE from ``kg.serve.app``. A string
#: left open runs to the end of its line (of the text, for a long string): read once, not again from each quote
#: inside it (``"\"\"\"…`` took 40 s at 80 kB).
_TOKEN_PATTERN = (
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|.*)|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*+(?:\'\'\'|.*)'
    r'|"(?:[^"\\\n\r]|\\.)*+"?|\'(?:[^\'\\\n\r]|\\.)*+\'?)'
    r"|(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)"
    r"|(?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)"
    r"|(?P<comment>#[^\r\n]*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::(?:[\w\-:%]|\\.|\.(?=[\w\-:%\\]))*)?)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<lparen>\()|(?P<rparen>\))"
    r"|(?P<other>\S)"
)


@functools.cache
def _token_regex() -> re.Pattern:
    """Compiled when first needed (3 ms): `ekg why` imports this module for _term_text alone."""
    return re.compile(_TOKEN_PATTERN, re.DOTALL)


def _tokens(query: str) -> list[tuple[str, str, int, int]]:
    return [(m.lastgroup, m.group(), m.start(), m.end()) for m in _token_regex().finditer(query)]


def query_form(query: str, tokens: list | None = None) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (the first keyword after the prologue); ``tokens``: the query's, if the
    caller has them already."""
    for kind, text, _, _ in (_tokens(query) if tokens is None else tokens):
        if kind == "word" and text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return text.upper()
        if kind == "word" and text.upper() in ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"):
            return "UPDATE"
    raise EkgError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def projected(query: str) -> list[str] | None:
    """The names of the variables a SELECT query projects, in order; None for SELECT * (or no SELECT)."""
    names: list[str] = []
    tokens = _tokens(query)
    start = next((i for i, (kind, text, _, _) in enumerate(tokens) if kind == "word" and text.upper() == "SELECT"), None)
    if start is None:
        return None
    depth = 0
    for i in range(start + 1, len(tokens)):
        kind, text = tokens[i][:2]
        if kind == "lparen":
            depth += 1
        elif kind == "rparen":
            depth -= 1
        elif depth == 0 and (kind == "open" or (kind == "word" and text.upper() in ("WHERE", "FROM"))):
            break
        elif depth == 0 and kind == "other" and text == "*":
            return None
        elif kind == "var" and (depth == 0 or (tokens[i - 1][0] == "word" and tokens[i - 1][1].upper() == "AS")):
            names.append(text[1:])
    return names


def _check_results(endpoint: str, document, form: str, query: str) -> None:
    """Raise unless ``document`` is SPARQL JSON results for ``form``, holding the variables ``query`` selects."""
    def bad(what: str) -> EndpointError:
        return EndpointError(f"{endpoint}: the answer is not SPARQL JSON results ({what}); is this URL the server's SPARQL endpoint?")

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
    if not isinstance(rows, list) or not all(isinstance(row, dict) and all(isinstance(b, dict) for b in row.values()) for row in rows):
        raise bad("results.bindings is not a list of rows of terms")
    missing = [name for name in projected(query) or () if name not in variables]
    if missing:
        raise bad("it lacks " + ", ".join("?" + name for name in missing) + ", which the query selects")


def _where_group(tokens: list[tuple[str, str, int, int]]) -> int:
    """Index of the ``{`` that opens the query's WHERE group."""
    form_at = next(i for i, t in enumerate(tokens) if t[0] == "word" and t[1].upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"))
    i = form_at + 1
    if tokens[form_at][1].upper() == "CONSTRUCT":
        # skip the template, if there is one (CONSTRUCT WHERE { … } has none)
        while i < len(tokens) and tokens[i][0] == "comment":
            i += 1
        if i < len(tokens) and tokens[i][0] == "open":
            i = _closing(tokens, i) + 1
    depth = 0
    for j in range(i, len(tokens)):
        kind = tokens[j][0]
        if kind == "lparen":
            depth += 1
        elif kind == "rparen":
            depth -= 1
        elif kind == "open" and depth == 0:
            return j
    raise EkgError("the query has no WHERE group")


def substitute(query: str, bindings: dict[str, Any]) -> str:
    """The query with variables pre-bound as Oxigraph binds them (its substitutions, SEP-0007), for servers that
    have no such thing: ``bindings`` maps names to pyoxigraph terms.

    Inside the WHERE group each bound variable is replaced by its term, and a ``VALUES`` block at the end of the
    group binds the variable itself, so that the projection, ORDER BY and a CONSTRUCT template still see it
    (at the end, not the top: a ``BIND (… AS ?v)`` may follow, and SPARQL forbids binding a variable the group
    already used). An ``AS ?v`` is never rewritten. A sub-select is a scope of its own:
    - a bound variable it projects is replaced in it, and bound by a VALUES block of its own;
    - one it does not project is another variable of the same name there, and is renamed (Virtuoso would
      otherwise join it with the bound value outside);
    - ``SELECT *`` is left as written (it projects what its patterns bind: the VALUES block outside joins it).
    tests/test_backend.py runs each case both ways on Oxigraph, tests/test_virtuoso.py on a server.
    """
    if not bindings:
        return query
    terms = {name: _term_text(value) for name, value in bindings.items()}
    tokens = _tokens(query)
    taken = {text[1:] for kind, text, _, _ in tokens if kind == "var"}
    pieces: list[str] = []
    rewrite = _Rewrite(query, tokens, terms, taken, pieces)
    cursor = rewrite.group(_where_group(tokens), set(terms), {}, 0)
    pieces.append(query[cursor:])
    return "".join(pieces)


def _closing(tokens: list[tuple[str, str, int, int]], opening: int) -> int:
    """Index of the token that closes the brace at ``opening``."""
    depth = 0
    for j in range(opening, len(tokens)):
        depth += {"open": 1, "close": -1}.get(tokens[j][0], 0)
        if depth == 0:
            return j
    raise EkgError("the query's braces do not balance")


class _Rewrite:
    """kg.remote.client.substitute's walk over the tokens: appends the rewritten text to ``pieces``; each method takes
    and returns the offset in the query up to which the text is already appended."""

    def __init__(self, query: str, tokens, terms: dict[str, str], taken: set[str], pieces: list[str]) -> None:
        self.query, self.tokens, self.terms, self.taken, self.pieces = query, tokens, terms, taken, pieces

    def _fresh(self, name: str) -> str:
        n = 1
        while f"{name}_{n}" in self.taken:
            n += 1
        self.taken.add(f"{name}_{n}")
        return f"{name}_{n}"

    def group(self, opening: int, replace: set[str], rename: dict[str, str], cursor: int) -> int:
        """The group that opens at token ``opening``, with the bound variables of ``replace`` bound at its end."""
        close = _closing(self.tokens, opening)
        cursor = self.span(opening + 1, close, replace, rename, cursor)
        bound = [name for name in self.terms if name in replace]
        if bound:
            end = self.tokens[close][2]
            values = " VALUES (" + " ".join(f"?{n}" for n in bound) + ") { (" + " ".join(self.terms[n] for n in bound) + ") } "
            self.pieces += [self.query[cursor:end], values]
            cursor = end
        return cursor

    def span(self, lo: int, hi: int, replace: set[str], rename: dict[str, str], cursor: int) -> int:
        tokens = self.tokens
        j = lo
        while j < hi:
            kind, text, a, b = tokens[j]
            if kind == "word" and text.upper() == "SELECT":  # a sub-select: its projection, WHERE group, modifiers
                wrapper = max(i for i in range(lo - 1, j) if tokens[i][0] == "open")
                end = _closing(tokens, wrapper)
                where, depth, projected, star = j + 1, 0, set(), False
                while not (tokens[where][0] == "open" and depth == 0):
                    k, t = tokens[where][0], tokens[where][1]
                    depth += {"lparen": 1, "rparen": -1}.get(k, 0)
                    if depth == 0 and k == "var":
                        projected.add(t[1:])
                    star = star or (depth == 0 and t == "*")
                    where += 1
                inner_rename = dict(rename)
                if not star:
                    inner_rename.update({name: self._fresh(name) for name in sorted(replace - projected)})
                inner = replace & projected
                cursor = self.span(j + 1, where, set(), inner_rename, cursor)
                cursor = self.group(where, inner, inner_rename, cursor)
                cursor = self.span(_closing(tokens, where) + 1, end, set(), inner_rename, cursor)
                j = end
                continue
            if kind == "var":
                name = text[1:]
                after_as = tokens[j - 1][0] == "word" and tokens[j - 1][1].upper() == "AS"
                if name in replace and not after_as:
                    self.pieces += [self.query[cursor:a], self.terms[name]]
                    cursor = b
                elif name in rename:
                    self.pieces += [self.query[cursor:a], "?" + rename[name]]
                    cursor = b
            j += 1
        return cursor


def _term_text(value) -> str:
    import pyoxigraph

    if isinstance(value, (pyoxigraph.NamedNode, pyoxigraph.Literal)):
        return str(value)
    if isinstance(value, pyoxigraph.BlankNode):
        raise EkgError("a blank node cannot be bound in a query sent to a server")
    from kg.sparql.run import literal

    return str(literal(value))


# ---------------------------------------------------------------------------- results


def term_from_json(binding: dict):
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
    """One row, read like a pyoxigraph QuerySolution: ``row["name"]`` is a term, or None if unbound."""

    __slots__ = ("_terms",)

    def __init__(self, terms: dict[str, Any]) -> None:
        self._terms = terms

    def __getitem__(self, key):
        name = key if isinstance(key, str) else key.value
        return self._terms.get(name)


class RemoteSolutions:
    """The rows of a SELECT, read like pyoxigraph's QuerySolutions (``variables`` and iteration)."""

    def __init__(self, document: dict) -> None:
        import pyoxigraph

        self.variables = [pyoxigraph.Variable(v) for v in document.get("head", {}).get("vars", [])]
        self._rows = document.get("results", {}).get("bindings", [])

    def __iter__(self) -> Iterator[RemoteSolution]:
        for row in self._rows:
            yield RemoteSolution({name: term_from_json(b) for name, b in row.items()})

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
                type(self).challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge)))
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
            raise EndpointError(f"{url}: the server refused the credentials ({exc.code}; check --user/--password)") from None
    except (urllib.error.URLError, OSError) as exc:
        raise EndpointError(f"{url}: cannot reach the server ({getattr(exc, 'reason', exc)}); is it running, and is the URL right?") from None


def check_url(url: str, what: str) -> None:
    """Raise unless ``url`` is an http(s) URL that urllib can use (``what``: what to give instead)."""
    from urllib.parse import urlsplit

    if not re.match(r"^https?://", url or ""):
        raise EkgError(f"{url!r} is not an http(s) URL (give {what})")
    try:
        urlsplit(url).port  # noqa: B018 - parses the host and port: "http://[::1" and "http://h:x" fail here
    except ValueError as exc:
        raise EkgError(f"{url!r} is not a valid URL ({exc}); give {what}") from None


def http(method: str, url: str, body: bytes | None = None, headers: dict | None = None, user: str | None = None,
         password: str | None = None, timeout: float = 60.0, opener=None) -> Response:
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
        raise EndpointError(f"{url}: cannot reach the server ({exc.reason}); is it running, and is the URL right?") from None
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

    def __init__(self, endpoint: str, user: str | None = None, password: str | None = None, timeout: float = 60.0,
                 graphs: str = GRAPH) -> None:
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

    def query(self, query: str, *, prefixes: dict[str, str] | None = None, use_default_graph_as_union: bool = False,
              substitutions: dict | None = None, base_iri: str | None = None, **_ignored):
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
                raise EndpointError(f"{self.endpoint}: the answer is not SPARQL JSON (Content-Type {reply.content_type!r})") from None
            _check_results(self.endpoint, document, form, text)
            if form == "ASK":
                return bool(document.get("boolean"))
            return RemoteSolutions(document)
        return self._triples(text)

    def _triples(self, text: str) -> list:
        import pyoxigraph

        reply = self._post(text, "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5")
        kind = reply.content_type.split(";")[0].strip().lower()
        fmt = pyoxigraph.RdfFormat.TURTLE if kind in ("text/turtle", "application/x-turtle") else pyoxigraph.RdfFormat.N_TRIPLES
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
        return sorted((r["g"] for r in rows if r["g"] is not None and r["g"].value.startswith(self.graphs)), key=lambda g: g.value) or []

    def graph_size(self, graph) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": graph}))
        return int(rows[0]["n"].value) if rows else 0

    def __len__(self) -> int:
        rows = list(self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), ?prefix)) }",
            substitutions={"prefix": _plain(self.graphs)},
        ))
        return int(rows[0]["n"].value) if rows else 0

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> Iterator:
        """Every quad of the knowledge graph's named graphs matching the pattern (None matches anything)."""
        import pyoxigraph

        graphs = [graph_name] if graph_name is not None else self.named_graphs()
        pattern = " ".join(str(t) if t is not None else f"?{n}" for t, n in ((subject, "s"), (predicate, "p"), (object, "o")))
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


def publish(store, endpoint: str, graph_store: str | None = None, user: str | None = None, password: str | None = None,
            update_endpoint: str | None = None, progress=None, workers: int = 4, timeout: float = 300.0) -> PublishSummary:
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
        check_url(graph_store, "the server's Graph Store Protocol URL, e.g. http://localhost:8890/sparql-graph-crud-auth")
    local_graphs = sorted((g for g in store.named_graphs() if isinstance(g, pyoxigraph.NamedNode)), key=lambda g: g.value)
    update_url = update_endpoint or endpoint
    target = graph_store or update_url
    opener = _opener(target, user, password)
    if user:
        prime(opener, _graph_store_url(graph_store, local_graphs[0].value) if graph_store and local_graphs else target)

    def send(graph) -> int:
        data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
        if graph_store:
            # N-Triples is Turtle, and every Graph Store implementation reads Turtle
            _retrying(lambda: http("PUT", _graph_store_url(graph_store, graph.value), data,
                                   {"Content-Type": "text/turtle; charset=utf-8"}, timeout=timeout, opener=opener))
        else:
            from urllib.parse import urlencode

            # one request (one transaction on servers that run a request as one), the data in several INSERT DATA
            # operations: Virtuoso compiles each to SQL and refuses one that grows past 10,000 lines
            lines = data.decode("utf-8").splitlines(keepends=True)
            inserts = [f"INSERT DATA {{ GRAPH {graph} {{\n{''.join(lines[i:i + UPDATE_BATCH])}}} }}" for i in range(0, len(lines), UPDATE_BATCH)]
            update = " ;\n".join([f"DROP SILENT GRAPH {graph}", *inserts])
            _retrying(lambda: http("POST", update_url, urlencode({"update": update}).encode("utf-8"),
                                   {"Content-Type": "application/x-www-form-urlencoded"}, timeout=timeout, opener=opener))
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

            http("POST", update_url, urlencode({"update": f"DROP SILENT GRAPH {graph}"}).encode("utf-8"),
                 {"Content-Type": "application/x-www-form-urlencoded"}, timeout=timeout, opener=opener)
    _check_union(remote, store, local_graphs)
    return PublishSummary(endpoint, total, len(stale), triples, time.perf_counter() - started,
                          "Graph Store Protocol (PUT)" if graph_store else "SPARQL UPDATE")


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
            time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))


def _check_union(remote: RemoteStore, store, graphs: list) -> None:
    """The server holds what was sent, and its default graph is the union of the named graphs."""
    expected = len(store)
    held = len(remote)
    if held != expected:
        raise EndpointError(f"{remote.endpoint}: the server holds {held} triples in this tool's graphs after publishing, not {expected}")
    if not graphs:
        return
    sample = next(iter(store.quads_for_pattern(None, None, None, graphs[-1])))
    if not remote.query("ASK { ?s ?p ?o }", substitutions={"s": sample.subject, "p": sample.predicate, "o": sample.object}):
        raise EndpointError(
            f"{remote.endpoint}: queries do not see the named graphs: the server's default graph must be the union "
            "of its named graphs (Fuseki: set unionDefaultGraph; Oxigraph server: --union-default-graph)"
        )
