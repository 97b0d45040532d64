"""The remote backend's query rewriting and result reading, checked against Oxigraph itself (no server)."""

from __future__ import annotations

import json

import pyoxigraph
import pytest

from kg.provenance import listings, why
from kg.remote.client import RemoteSolutions, term_from_server
from kg.settings import SETTINGS
from kg.sparql.text import query_form, substitute


class SubstitutingStore:
    """The seed store, queried the way RemoteStore queries a server: bindings written into the query text."""

    def __init__(self, store) -> None:
        self.store = store
        self.rewritten = 0

    def query(self, query, prefixes=None, use_default_graph_as_union=False, substitutions=None, **_):
        if substitutions:
            self.rewritten += 1
            query = substitute(query, {k.value: v for k, v in substitutions.items()})
        return self.store.query(query, prefixes=prefixes, use_default_graph_as_union=use_default_graph_as_union)

    def __len__(self):
        return len(self.store)


#: the provenance questions by name, each from its module
QUESTION = {
    "why": why.why,
    **{n: getattr(listings, n) for n in ("list_claims", "source_report", "list_experts", "expert_report")},
}

CALLS = [
    ("why", ("2.6×",)),
    ("why", ("hydration",)),
    ("why", ("warm-up",)),
    ("why", ("up to 20%",)),
    ("list_claims", ("statistical", True)),
    ("list_claims", (None, False, "wu2021")),
    ("list_claims", (None, False, None, "back", "Goostree", "lower-back-pain-after-running")),
    ("source_report", ("wu2021",)),
    ("list_experts", ()),
    ("expert_report", ("Goostree",)),
]


@pytest.mark.parametrize("name, args", CALLS, ids=[f"{n}{a}" for n, a in CALLS])
def test_rewritten_bindings_answer_like_oxigraph_substitutions(seed_store, name, args, monkeypatch):
    """Every provenance function gives the same answer when its bindings are written into the query text
    (as kg.sparql.run.select does, and as RemoteStore sends them) as with Oxigraph's own substitutions."""

    monkeypatch.setattr(SETTINGS, "inline_bindings", False)
    rewriting = SubstitutingStore(seed_store)
    direct = QUESTION[name](seed_store, *args).to_json()
    rewritten = QUESTION[name](rewriting, *args).to_json()
    assert json.dumps(rewritten, sort_keys=True, default=str) == json.dumps(direct, sort_keys=True, default=str)
    if name not in ("why", "list_experts"):  # these bind nothing now: why's figures and words come from the
        assert rewriting.rewritten > 0  # search index and its claims by VALUES; the experts are read all at once
    monkeypatch.setattr(SETTINGS, "inline_bindings", True)
    inlined = QUESTION[name](seed_store, *args).to_json()
    assert json.dumps(inlined, sort_keys=True, default=str) == json.dumps(direct, sort_keys=True, default=str)


def test_substitute_reaches_filters_in_nested_groups_and_keeps_the_projection():
    query = "SELECT ?w ?c WHERE { { ?c <http://x/p> ?t . FILTER (CONTAINS(?t, ?w)) } UNION { ?c <http://x/q> ?w } } ORDER BY ?w"
    out = substitute(query, {"w": pyoxigraph.Literal('say "hi"\n')})
    assert out == (
        'SELECT ?w ?c WHERE { { ?c <http://x/p> ?t . FILTER (CONTAINS(?t, "say \\"hi\\"\\n")) } '
        'UNION { ?c <http://x/q> "say \\"hi\\"\\n" }  VALUES (?w) { ("say \\"hi\\"\\n") } } ORDER BY ?w'
    )


def test_substitute_leaves_strings_iris_comments_projections_and_other_scopes_alone():
    """A sub-select that projects the variable is rewritten and binds it itself (its GROUP BY is left as
    written); one that does not project it has a variable of its own of that name, renamed; AS ?s is never
    rewritten."""
    query = (
        'SELECT ?s WHERE { ?s <http://x/p?s=1> "?s" . # ?s in a comment\n'
        "{ SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <http://x/q> ?o } GROUP BY ?s } "
        "{ SELECT ?o WHERE { ?s <http://x/r> ?o } } BIND (?o AS ?s) }"
    )
    out = substitute(query, {"s": pyoxigraph.NamedNode("http://e/a")})
    assert out == (
        'SELECT ?s WHERE { <http://e/a> <http://x/p?s=1> "?s" . # ?s in a comment\n'
        "{ SELECT ?s (COUNT(?o) AS ?n) WHERE { <http://e/a> <http://x/q> ?o  VALUES (?s) { (<http://e/a>) } } GROUP BY ?s } "
        "{ SELECT ?o WHERE { ?s_1 <http://x/r> ?o } } BIND (?o AS ?s)  VALUES (?s) { (<http://e/a>) } }"
    )


def test_substitute_skips_a_construct_template():
    out = substitute(
        "CONSTRUCT { ?s <http://x/p> ?o } WHERE { ?s <http://x/p> ?o }", {"s": pyoxigraph.NamedNode("http://e/a")}
    )
    assert (
        out == "CONSTRUCT { ?s <http://x/p> ?o } WHERE { <http://e/a> <http://x/p> ?o  VALUES (?s) { (<http://e/a>) } }"
    )


# Where a bound variable may stand in a query; each is run on the seed with Oxigraph's own substitutions and as
# the text kg.sparql.text.substitute writes for a server (and for kg.sparql.run.select): the answers must be the same.
SCOPES = [
    ("top level", "SELECT ?id ?want WHERE { ?c dcterms:identifier ?id FILTER (?id = ?want) }"),
    ("a pattern", "SELECT ?c ?want WHERE { ?c dcterms:identifier ?want }"),
    (
        "nested group and UNION",
        "SELECT ?c ?want WHERE { { ?c dcterms:identifier ?want } UNION { ?c rdfs:label ?want } }",
    ),
    (
        "OPTIONAL",
        "SELECT ?c ?t ?want WHERE { ?c a ekg:Claim ; dcterms:identifier ?id OPTIONAL { ?c schema:text ?t FILTER (?id = ?want) } }",
    ),
    (
        "MINUS",
        "SELECT ?id ?want WHERE { ?c a ekg:Claim ; dcterms:identifier ?id MINUS { ?c dcterms:identifier ?want } }",
    ),
    (
        "sub-select that projects it",
        "SELECT ?id ?want WHERE { { SELECT ?id ?want WHERE { ?c dcterms:identifier ?id FILTER (?id = ?want) } } }",
    ),
    (
        "sub-select with *, filtering on it",
        "SELECT ?id ?want WHERE { { SELECT * WHERE { ?c dcterms:identifier ?id FILTER (?id = ?want) } } }",
    ),
    (
        "sub-select with *, binding it",
        'SELECT ?c ?want WHERE { { SELECT * WHERE { ?c dcterms:identifier ?want FILTER (?want != "x") } } }',
    ),
    (
        "sub-select that does not project it",
        "SELECT ?id ?want WHERE { { SELECT ?id WHERE { ?c dcterms:identifier ?id FILTER (?id = ?want) } } }",
    ),
    (
        "grouped sub-select",
        "SELECT ?want ?n WHERE { { SELECT ?want (COUNT(?c) AS ?n) WHERE { ?c dcterms:identifier ?want } GROUP BY ?want } }",
    ),
    ("BIND target", "SELECT ?id ?want WHERE { ?c dcterms:identifier ?id BIND (?id AS ?want) }"),
    ("ASK", "ASK { ?c dcterms:identifier ?want }"),
    ("CONSTRUCT", "CONSTRUCT { ?c <http://example.org/id> ?want } WHERE { ?c dcterms:identifier ?want }"),
]


@pytest.mark.parametrize("value", ["warmup-2-6x", "no such id"])
@pytest.mark.parametrize("query", [q for _, q in SCOPES], ids=[name for name, _ in SCOPES])
def test_substituted_text_answers_as_oxigraph_substitutions(seed_store, query, value):
    from kg.iris import PREFIXES

    def answer(result):
        if isinstance(result, pyoxigraph.QueryBoolean):
            return bool(result)
        if isinstance(result, pyoxigraph.QuerySolutions):
            names = [v.value for v in result.variables]
            return sorted(tuple(str(s[n]) for n in names) for s in result)
        return sorted(str(t) for t in result)

    term = pyoxigraph.Literal(value)
    options = {"prefixes": PREFIXES, "use_default_graph_as_union": True}
    bound = answer(seed_store.query(query, substitutions={pyoxigraph.Variable("want"): term}, **options))
    assert answer(seed_store.query(substitute(query, {"want": term}), **options)) == bound


@pytest.mark.parametrize(
    "query, form",
    [
        ("PREFIX a: <http://x/> SELECT * { ?s ?p ?o }", "SELECT"),
        ("# c\nASK { }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://x>", "DESCRIBE"),
        ("PREFIX a: <http://x/> INSERT DATA { a:s a:p a:o }", "UPDATE"),
        ("DROP ALL", "UPDATE"),
    ],
)
def test_query_form(query, form):
    assert query_form(query) == form


def test_sparql_json_terms_become_pyoxigraph_terms():
    document = {
        "head": {"vars": ["a", "b", "c", "d", "e"]},
        "results": {
            "bindings": [
                {
                    "a": {"type": "uri", "value": "http://x/a"},
                    "b": {"type": "literal", "value": "chat", "xml:lang": "fr"},
                    "c": {
                        "type": "typed-literal",
                        "value": "2.6",
                        "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
                    },
                    "d": {"type": "literal", "value": "plain"},
                }
            ]
        },
    }
    solutions = RemoteSolutions(document)
    assert [v.value for v in solutions.variables] == ["a", "b", "c", "d", "e"]
    row = next(iter(solutions))
    assert row["a"] == pyoxigraph.NamedNode("http://x/a")
    assert row["b"] == pyoxigraph.Literal("chat", language="fr")
    assert row["c"] == pyoxigraph.Literal(
        "2.6", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    )
    assert row["d"] == pyoxigraph.Literal("plain")
    assert row["e"] is None
    # by position in the head, as kg.sparql.run reads a row, and by Variable
    assert [row[i] for i in range(5)] == [row[name] for name in "abcde"]
    assert row[pyoxigraph.Variable("b")] == row[1]
    assert term_from_server({"type": "bnode", "value": "b0"}) == pyoxigraph.BlankNode("b0")


def test_an_unreachable_endpoint_is_a_one_line_error(runner):
    from kg.cli.main import main

    result = runner.invoke(main, ["stats", "--endpoint", "http://127.0.0.1:9/sparql"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: http://127.0.0.1:9/sparql: cannot reach the server ([Errno 111] Connection refused); "
        "is it running, and is the URL right?\n"
    )


def test_build_refuses_an_endpoint(runner):
    from kg.cli.main import main

    result = runner.invoke(main, ["build", "--endpoint", "http://127.0.0.1:9/sparql"])
    assert result.exit_code == 2
    assert (
        result.stderr
        == "Error: ekg build builds the local graph; to load it into a server, run: ekg publish --endpoint URL\n"
    )


@pytest.fixture
def fake_endpoint():
    """A real HTTP server on loopback that answers every POST with the body (and length) a test sets: a server
    that is not quite a SPARQL endpoint."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    answer = {"body": b"{}", "length": None}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(answer["length"] or len(answer["body"])))
            self.end_headers()
            self.wfile.write(answer["body"])  # with a longer length announced, the connection closes short

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", answer
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "args, body, length, problem",
    [
        (["stats"], b"[1, 2]", None, "the answer is not SPARQL JSON results (a JSON list, not an object)"),
        (
            ["stats"],
            b'{"head": {"vars": []}, "results": {"bindings": [{}]}}',
            None,
            "the answer is not SPARQL JSON results (it lacks ?n, which the query selects)",
        ),
        (
            ["why", "2.6"],
            b'{"head": {"vars": ["claim"]}, "results": {"bindings": [{"claim": "x"}]}}',
            None,
            "the answer is not SPARQL JSON results (results.bindings is not a list of rows of terms)",
        ),
        (
            ["sparql", "ASK {}"],
            b'{"head": {}, "boolean": "yes"}',
            None,
            "the answer is not SPARQL JSON results (no boolean for an ASK query)",
        ),
        (
            ["stats"],
            b'{"head": {"vars": ["n"]}, "results"',
            1000,
            "the server's answer broke off (IncompleteRead); try again",
        ),
    ],
)
def test_an_endpoint_whose_answers_are_not_sparql_results_is_a_one_line_error(
    runner, fake_endpoint, args, body, length, problem
):
    from kg.cli.main import main

    url, answer = fake_endpoint
    answer.update(body=body, length=length)
    result = runner.invoke(main, [*args, "--endpoint", url])
    assert result.exit_code == 2, result.output
    hint = "; is this URL the server's SPARQL endpoint?" if problem.startswith("the answer") else ""
    assert result.stderr == f"Error: {url}: {problem}{hint}\n"


@pytest.mark.parametrize(
    "url, problem",
    [
        ("http://[::1", "Invalid IPv6 URL"),
        ("http://host:port/sparql", "Port could not be cast to integer value as 'port'"),
    ],
)
def test_an_endpoint_url_that_does_not_parse_is_a_one_line_error(runner, url, problem):
    from kg.cli.main import main

    for args in (
        ["stats", "--endpoint", url],
        ["publish", "--endpoint", "http://127.0.0.1:9/sparql", "--graph-store", url],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines()[-1].startswith(
            f"Error: {url!r} is not a valid URL ({problem}); give the server's "
        ), result.stderr


def test_the_projection_of_a_select_query():
    from kg.sparql.text import projected

    assert projected(
        "PREFIX x: <urn:y> SELECT DISTINCT ?a (COUNT(DISTINCT ?c) AS ?n) (STR(?y) AS ?z) FROM <urn:g> WHERE { ?a ?b ?c }"
    ) == ["a", "n", "z"]
    assert projected("SELECT * { ?s ?p ?o }") is None
    assert projected("SELECT ?s { { SELECT ?t WHERE { ?t ?p ?o } } }") == ["s"]
