"""ekg sparql and kg.sparql.run.run_query: every query form and format, updates refused, syntax errors located,
runaway queries stopped, and hostile values bound rather than pasted."""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from kg.errors import EmptyQuery, QueryTimeout, SparqlSyntaxError, UpdateRefused
from kg.sparql.run import AskResult, GraphResult, SelectResult, render_result, run_query

WARMUP = "https://w3id.org/evidence-kg/id/claim/lower-back-pain-after-running/warmup-2-6x"
MASELLI = "https://w3id.org/evidence-kg/id/claim/lower-back-pain-after-running/runners-lbp-up-to-20-percent"
STAT_KEYS = (
    "SELECT ?id ?key WHERE { ?c a ekg:StatisticalClaim ; dcterms:identifier ?id ; "
    "cito:citesAsDataSource/^ekg:refersTo/ekg:citationKey ?key } ORDER BY ?id"
)
DATA_SOURCES = "CONSTRUCT { ?c cito:citesAsDataSource ?s } WHERE { ?c cito:citesAsDataSource ?s }"
#: four unconstrained patterns over ~4,800 triples: 5e14 solutions, far beyond any timeout
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HOSTILE = ['"', "'", "{ } }", "'; DROP", "\\", "", "ünïcödé “2.6×”", '" } ; DROP ALL ; #', "\n"]


# ------------------------------------------------------------------ query forms, in and out of process


@pytest.mark.parametrize("timeout", [None, 20], ids=["in-process", "child-process"])
def test_select_rows_in_query_order(seed_cache, timeout):
    result = run_query(seed_cache.store_path(), STAT_KEYS, timeout=timeout)
    assert isinstance(result, SelectResult)
    assert result.records() == [
        {"id": "runners-lbp-up-to-20-percent", "key": "maselli2020"},
        {"id": "warmup-2-6x", "key": "wu2021"},
    ]


@pytest.mark.parametrize("timeout", [None, 20], ids=["in-process", "child-process"])
def test_ask(seed_cache, timeout):
    assert run_query(seed_cache.store_path(), "ASK { ?c a ekg:RedFlagClaim }", timeout=timeout) == AskResult(True)
    assert run_query(seed_cache.store_path(), "ASK { ?c a ekg:NoSuchClass }", timeout=timeout) == AskResult(False)


@pytest.mark.parametrize("timeout", [None, 20], ids=["in-process", "child-process"])
def test_construct_gives_sorted_triples(seed_cache, timeout):
    result = run_query(seed_cache.store_path(), DATA_SOURCES, timeout=timeout)
    assert isinstance(result, GraphResult)
    assert [(t.subject.value, t.object.value) for t in result.triples] == [
        (MASELLI, "https://doi.org/10.1186/s12891-020-03357-4"),
        (WARMUP, "https://doi.org/10.1155/2021/6660304"),
    ]


def test_child_and_in_process_runs_agree_term_for_term(seed_cache):
    query = "SELECT ?c ?p ?o WHERE { ?c dcterms:identifier 'warmup-2-6x' ; ?p ?o } ORDER BY ?p ?o"
    here = run_query(seed_cache.open(auto_build=False), query)
    there = run_query(seed_cache.store_path(), query, timeout=20)
    assert here.to_json() == there.to_json()
    assert len(here.rows) > 10


def test_describe_a_source(seed_cache):
    result = run_query(seed_cache.store_path(), "DESCRIBE <https://doi.org/10.1155/2021/6660304>")
    predicates = {t.predicate.value for t in result.triples}
    assert "http://purl.org/ontology/bibo/doi" in predicates
    assert "http://purl.org/dc/terms/title" in predicates


def test_users_own_prefix_overrides_a_project_prefix(seed_cache):
    query = "PREFIX ekg: <http://example.org/other#>\nASK { ?c a ekg:Claim }"
    assert run_query(seed_cache.store_path(), query) == AskResult(False)


# ------------------------------------------------------------------ refusals and errors


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { ekg:a ekg:b ekg:c }",
        "DELETE WHERE { ?s ?p ?o }",
        "# SELECT * WHERE { ?s ?p ?o }\nDELETE WHERE { ?s ?p ?o }",
        "PREFIX x: <http://x/>\nINSERT { ?s x:p 1 } WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/evidence-kg/id/graph/lower-back-pain-after-running>",
        "CREATE GRAPH <http://example.org/g>",
        "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "select * {} ; clear all",
    ],
)
def test_updates_are_refused_and_never_run(seed_cache, update):
    before = len(seed_cache.open(auto_build=False))
    with pytest.raises((UpdateRefused, SparqlSyntaxError)) as caught:
        run_query(seed_cache.store_path(), update)
    if "select * {}" not in update:
        assert isinstance(caught.value, UpdateRefused)
    assert len(seed_cache.open(auto_build=False)) == before


def test_a_keyword_in_a_string_or_comment_does_not_make_a_query_an_update(seed_cache):
    query = 'SELECT ?t WHERE { ?c schema:text ?t FILTER(CONTAINS(?t, "DELETE DATA { }")) } # INSERT DATA'
    assert run_query(seed_cache.store_path(), query).rows == []


def test_cli_refuses_an_update(ekg):
    result = ekg("sparql", "# just a look\nCLEAR ALL")
    assert result.exit_code == 2
    assert result.output == (
        "Error: SPARQL Update refused: the built graph is read-only here (run SELECT, ASK, CONSTRUCT or DESCRIBE; "
        "to change the graph, edit the curated files and run ekg build)\n"
    )


@pytest.mark.parametrize(
    "query, message",
    [
        (
            "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }",
            "Error: SPARQL syntax error at line 3, column 18: expected one of ABS, AVG, DAY, IRI, MAX, MD5, MIN, NOT, NOW, "
            "PREDICATE, STR, STRBEFORE, STRSTARTS, SUM, URI, [_], isLITERAL, isNUMERIC\n",
        ),
        (
            "SELECT ?x WHERE { ?x a 'unterminated }",
            """Error: SPARQL syntax error at line 1, column 39: expected one of "'", "\\\\", "\\\\U", "\\\\u", [_]\n""",
        ),
    ],
)
def test_syntax_error_shows_the_parsers_message_and_position(ekg, query, message):
    result = ekg("sparql", query)
    assert result.exit_code == 2
    assert result.output == message


def test_syntax_error_with_a_long_expected_list_stays_on_one_line(ekg):
    result = ekg("sparql", "SELECT * WHERE {\n ?s ?p ")
    assert result.exit_code == 2
    assert result.output.startswith("Error: SPARQL syntax error at line 2, column 8: expected one of ")
    assert result.output.count("\n") == 1
    assert "a name character" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_query(ekg, text):
    result = ekg("sparql", text)
    assert result.exit_code == 2
    assert result.output == "Error: the query is empty (give a SELECT, ASK, CONSTRUCT or DESCRIBE query)\n"


def test_empty_query_is_not_taken_for_an_update(seed_cache):
    # An empty string is a valid (empty) SPARQL Update; it must be reported as empty, not as an update.
    with pytest.raises(EmptyQuery):
        run_query(seed_cache.store_path(), "")


def test_timeout_stops_an_explosive_query_and_kills_its_process(seed_cache, monkeypatch):
    started = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        proc = real_popen(*args, **kwargs)
        started.append(proc)
        return proc

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    began = time.perf_counter()
    with pytest.raises(QueryTimeout) as caught:
        run_query(seed_cache.store_path(), EXPLOSIVE, timeout=0.5)
    elapsed = time.perf_counter() - began
    assert str(caught.value) == (
        "the query was stopped after 0.5 s (--timeout); narrow it (LIMIT, more specific patterns) or allow more time"
    )
    assert elapsed < 10
    assert len(started) == 1
    assert started[0].poll() is not None  # killed and reaped: nothing left running


def test_cli_timeout(ekg):
    result = ekg("sparql", EXPLOSIVE, "--timeout", "0.3")
    assert result.exit_code == 2
    assert result.output == (
        "Error: the query was stopped after 0.3 s (--timeout); narrow it (LIMIT, more specific patterns) or allow more time\n"
    )


def test_a_timeout_needs_a_store_path(seed_store):
    with pytest.raises(TypeError):
        run_query(seed_store, "ASK {}", timeout=1)


# ------------------------------------------------------------------ CLI formats, exact


def test_cli_select_table(ekg):
    result = ekg("sparql", STAT_KEYS)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "id                            key\n"
        "----------------------------  -----------\n"
        "runners-lbp-up-to-20-percent  maselli2020\n"
        "warmup-2-6x                   wu2021\n"
    )


def test_cli_select_csv(ekg):
    result = ekg("sparql", STAT_KEYS, "--format", "csv")
    assert result.output == "id,key\nrunners-lbp-up-to-20-percent,maselli2020\nwarmup-2-6x,wu2021\n"


def test_cli_select_md(ekg):
    result = ekg("sparql", STAT_KEYS, "--format", "md")
    assert result.output == (
        "| id | key |\n|---|---|\n| runners-lbp-up-to-20-percent | maselli2020 |\n| warmup-2-6x | wu2021 |\n"
    )


def test_cli_select_json_is_sparql_results_json(ekg):
    result = ekg("sparql", STAT_KEYS, "--format", "json")
    assert json.loads(result.output) == {
        "head": {"vars": ["id", "key"]},
        "results": {
            "bindings": [
                {
                    "id": {"type": "literal", "value": "runners-lbp-up-to-20-percent"},
                    "key": {"type": "literal", "value": "maselli2020"},
                },
                {"id": {"type": "literal", "value": "warmup-2-6x"}, "key": {"type": "literal", "value": "wu2021"}},
            ]
        },
    }


def test_cli_json_terms_carry_datatype_and_language(ekg):
    query = "SELECT ?n ?label ?none WHERE { BIND(2.6 AS ?n) level:level-1 skos:prefLabel ?label }"
    result = ekg("sparql", query, "--format", "json")
    assert json.loads(result.output)["results"]["bindings"] == [
        {
            "n": {"type": "literal", "value": "2.6", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"},
            "label": {"type": "literal", "value": "Level 1", "xml:lang": "en"},
        }
    ]


def test_cli_table_compacts_iris_with_project_prefixes(ekg):
    result = ekg("sparql", "SELECT ?type WHERE { ?c dcterms:identifier 'warmup-2-6x' ; a ?type } ORDER BY ?type")
    assert result.output == (
        "type\n--------------------\nmp:Claim\nschema:Claim\nekg:AssociationClaim\nekg:Claim\nekg:StatisticalClaim\n"
    )


@pytest.mark.parametrize("fmt, expected", [(None, "true\n"), ("table", "true\n"), ("csv", "boolean\ntrue\n")])
def test_cli_ask_prints_true_or_false(ekg, fmt, expected):
    args = ["sparql", "ASK { ?c cito:citesAsDataSource ?s }"] + (["--format", fmt] if fmt else [])
    result = ekg(*args)
    assert result.exit_code == 0
    assert result.output == expected


def test_cli_ask_false_still_exits_zero(ekg):
    result = ekg("sparql", "ASK { ?c a ekg:NoSuchClass }")
    assert (result.exit_code, result.output) == (0, "false\n")


def test_cli_ask_json(ekg):
    assert json.loads(ekg("sparql", "ASK {}", "--format", "json").output) == {"head": {}, "boolean": True}


def test_cli_construct_prints_turtle(ekg):
    result = ekg("sparql", DATA_SOURCES)
    assert result.exit_code == 0
    assert result.output == (
        "@prefix cito: <http://purl.org/spar/cito/> .\n"
        f"<{MASELLI}> cito:citesAsDataSource <https://doi.org/10.1186/s12891-020-03357-4> .\n"
        f"<{WARMUP}> cito:citesAsDataSource <https://doi.org/10.1155/2021/6660304> .\n"
    )


def test_cli_construct_as_ntriples(ekg):
    result = ekg("sparql", DATA_SOURCES, "--format", "nt")
    assert result.output == (
        f"<{MASELLI}> <http://purl.org/spar/cito/citesAsDataSource> <https://doi.org/10.1186/s12891-020-03357-4> .\n"
        f"<{WARMUP}> <http://purl.org/spar/cito/citesAsDataSource> <https://doi.org/10.1155/2021/6660304> .\n"
    )


def test_cli_construct_as_a_table(ekg):
    result = ekg("sparql", DATA_SOURCES, "--format", "csv")
    assert result.output == (
        "subject,predicate,object\n"
        "id:claim/lower-back-pain-after-running/runners-lbp-up-to-20-percent,cito:citesAsDataSource,https://doi.org/10.1186/s12891-020-03357-4\n"
        "id:claim/lower-back-pain-after-running/warmup-2-6x,cito:citesAsDataSource,https://doi.org/10.1155/2021/6660304\n"
    )


def test_turtle_output_parses_back_to_the_same_triples(seed_cache):
    import pyoxigraph

    result = run_query(seed_cache.store_path(), "DESCRIBE <https://doi.org/10.1155/2021/6660304>")
    parsed = list(pyoxigraph.parse(render_result(result, "ttl").encode(), format=pyoxigraph.RdfFormat.TURTLE))
    assert sorted(str(q.triple) for q in parsed) == sorted(str(t) for t in result.triples)


def test_cli_rdf_format_on_a_select_is_an_error(ekg):
    result = ekg("sparql", STAT_KEYS, "--format", "ttl")
    assert result.exit_code == 2
    assert (
        result.output
        == "Error: --format ttl is for CONSTRUCT and DESCRIBE results; this is a SELECT (use table, json, csv or md)\n"
    )


def test_cli_reads_the_query_from_stdin(ekg):
    result = ekg("sparql", "-", input="ASK { ?c a ekg:Claim }\n")
    assert (result.exit_code, result.output) == (0, "true\n")


def test_cli_reads_the_query_from_a_file(ekg, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(STAT_KEYS + "\n", encoding="utf-8")
    result = ekg("sparql", f"@{path}", "--format", "csv")
    assert result.output == "id,key\nrunners-lbp-up-to-20-percent,maselli2020\nwarmup-2-6x,wu2021\n"


def test_cli_missing_query_file(ekg, tmp_path):
    result = ekg("sparql", f"@{tmp_path}/nope.rq")
    assert result.exit_code == 2
    assert result.output == (
        f"Error: cannot read the query file {tmp_path}/nope.rq: No such file or directory (give @FILE with an existing .rq file)\n"
    )


def test_cli_no_time_limit_runs_in_process(ekg):
    result = ekg("sparql", "ASK { ?c a ekg:Claim }", "--timeout", "0")
    assert (result.exit_code, result.output) == (0, "true\n")


# ------------------------------------------------------------------ hostile values are bound, never pasted


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("timeout", [None, 20], ids=["in-process", "child-process"])
def test_hostile_values_are_bound_as_plain_strings(seed_cache, value, timeout):
    query = "SELECT ?v (STRLEN(?v) AS ?n) ?id WHERE { OPTIONAL { ?c dcterms:identifier ?v ; dcterms:identifier ?id } }"
    result = run_query(seed_cache.store_path(), query, bindings={"v": value}, timeout=timeout)
    assert result.records() == [{"v": value, "n": len(value), "id": None}]


@pytest.mark.parametrize("value", HOSTILE)
def test_cli_param_values_are_bound(ekg, value):
    result = ekg("sparql", "SELECT ?v WHERE {}", "--param", f"v={value}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"]["bindings"] == [{"v": {"type": "literal", "value": value}}]


def test_cli_param_must_be_key_value(ekg):
    result = ekg("sparql", "SELECT ?v WHERE {}", "--param", "novalue")
    assert result.exit_code == 2
    assert result.output == "Error: --param 'novalue': give KEY=VALUE (e.g. --param concept=warm-up)\n"


def test_cli_param_key_must_be_a_variable_name(ekg):
    result = ekg("sparql", "SELECT ?v WHERE {}", "--param", "v }=1")
    assert result.exit_code == 2
    assert (
        result.output
        == "Error: --param 'v }=1': 'v }' is not a variable name (letters, digits and _, not starting with a digit)\n"
    )


def test_cli_param_not_in_the_select_clause(ekg):
    result = ekg("sparql", "SELECT ?x WHERE { BIND(?v AS ?x) }", "--param", "v=1")
    assert result.exit_code == 2
    assert result.output == (
        "Error: cannot bind a value: The SPARQL query does not contain variable ?v in its SELECT projection "
        "(a bound variable must be in the SELECT clause)\n"
    )


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_text_is_an_error_not_a_crash(ekg, query):
    result = ekg("sparql", query)
    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("timeout", ["0", "20"], ids=["in-process", "child-process"])
def test_an_evaluation_error_is_one_line_not_a_traceback(ekg, timeout):
    # Oxigraph refuses port 9 before connecting, so this fails the same way on any machine, offline too.
    result = ekg("sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "--timeout", timeout)
    assert result.exit_code == 2
    assert result.output == (
        "Error: the query failed: The port 9 is not allowed for HTTP(S) because it is dedicated to an other use\n"
    )


def test_a_missing_store_is_an_error(tmp_path):
    from kg.errors import QueryError

    with pytest.raises(QueryError, match=r"^cannot open the store in "):
        run_query(tmp_path / "nothing-here", "ASK {}")
