"""The bundled named queries: ekg queries / ekg query, their params, and the same answers from Oxigraph
(the store) and from rdflib's own SPARQL engine over the same quads."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib.resources import files

import pytest

from kg.cli.main import main
from kg.iris import PREFIXES
from kg.sparql.named import bundled, parse_header
from kg.sparql.run import run_query

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

QUERY_NAMES = sorted(
    p.name[: -len(".rq")] for p in (files("kg.ontology") / "queries").iterdir() if p.name.endswith(".rq")
)
XSD = PREFIXES["xsd"]
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}
AUDIT_GRAPH = "https://w3id.org/evidence-kg/id/graph/audit"


# ------------------------------------------------------------------ the two engines


@pytest.fixture(scope="module")
def quads(seed_cache):
    from kg.export.rdf import nquads

    return nquads(seed_cache.open(auto_build=False))  # the build stores the audit's findings


@pytest.fixture(scope="module")
def oxigraph_store(quads):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(quads.encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def rdflib_dataset(quads):
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(data=quads, format="nquads")
    return dataset


def norm_oxigraph(term):
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return ("uri", term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return ("bnode",)
    datatype = term.datatype.value if term.datatype else None
    return _literal(term.value, None if term.language else datatype, term.language)


def norm_rdflib(term):
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    assert isinstance(term, Literal)
    datatype = str(term.datatype) if term.datatype else (None if term.language else XSD + "string")
    return _literal(str(term), datatype, term.language)


def _literal(value: str, datatype: str | None, language: str | None):
    if datatype in NUMERIC:
        return ("number", Decimal(value).normalize())
    return ("literal", value, datatype, language.lower() if language else None)


def has_order_by(text: str) -> bool:
    """Whether the query's algebra sorts (found by rdflib's parser, not by searching the text)."""
    from rdflib.plugins.sparql import prepareQuery

    def walk(node) -> bool:
        if getattr(node, "name", None) == "OrderBy":
            return True
        if isinstance(node, dict):
            return any(walk(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return any(walk(v) for v in node)
        return False

    return walk(prepareQuery(text, initNs=PREFIXES).algebra)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_oxigraph_and_rdflib_agree(name, oxigraph_store, rdflib_dataset):
    from rdflib import Literal

    query = bundled()[name]
    ours = run_query(oxigraph_store, query.text, bindings=query.example)
    theirs = rdflib_dataset.query(
        query.text, initNs=PREFIXES, initBindings={k: Literal(v) for k, v in query.example.items()}
    )
    assert [str(v) for v in theirs.vars] == ours.variables
    ours_rows = [tuple(norm_oxigraph(t) for t in row) for row in ours.rows]
    theirs_rows = [tuple(norm_rdflib(row[i]) for i in range(len(ours.variables))) for row in theirs]
    if has_order_by(query.text):
        assert ours_rows == theirs_rows
    else:
        assert sorted(ours_rows, key=repr) == sorted(theirs_rows, key=repr)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_every_query_answers_on_the_seed_plus_one_finding(name, oxigraph_store):
    """So that engine agreement is never two empty lists agreeing."""
    query = bundled()[name]
    assert run_query(oxigraph_store, query.text, bindings=query.example).rows, f"{name} returns nothing"


def test_findings_query_reads_the_audit_graph(oxigraph_store):
    records = run_query(oxigraph_store, bundled()["findings"].text).records()
    assert records[0]["severity"] == "error"
    assert [r["severity"] for r in records] == sorted(
        (r["severity"] for r in records), key=["error", "warning", "info"].index
    )
    found = {(r["severity"], r["rule"], r["concerns"]) for r in records}
    assert ("error", "discrepancy", "warmup-2-6x") in found
    assert ("warning", "vague-attribution", "stay-active-studies") in found
    assert all(r["message"] for r in records)


# ------------------------------------------------------------------ the files


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_each_file_opens_with_what_it_answers(name):
    text = (files("kg.ontology") / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    assert text.startswith("# ")
    query = parse_header(name, text)
    assert len(query.description) > 20
    assert set(query.example) == set(query.params)


def test_a_file_without_an_opening_comment_is_rejected():
    from kg.errors import QueryError

    with pytest.raises(QueryError, match=r"queries/bare.rq: the first line must be a '#' comment"):
        parse_header("bare", "SELECT * WHERE {}")


def test_the_required_queries_are_bundled():
    assert {
        "uncited-statistics",
        "claims-per-source",
        "expert-only-claims",
        "claims-by-evidence-level",
        "claims-by-type",
        "sources-by-evidence",
        "implicit-only-citations",
        "red-flags",
        "claims-about-concept",
        "statistics-with-sources",
        "findings",
    } <= set(QUERY_NAMES)


# ------------------------------------------------------------------ CLI


def test_ekg_queries_lists_name_and_first_comment_line(runner):
    result = runner.invoke(main, ["queries", "--format", "csv"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "name,answers,params"
    assert lines[1] == (
        'claims-about-concept,"Claims about a concept (schema:about), found by the concept\'s id or by words in its label.",concept'
    )
    assert lines[-1] == (
        "unused-references,References an article lists that none of its claims cites: what the reference list adds "
        "without a link in the text.,"
    )
    assert [line.split(",")[0] for line in lines[1:]] == QUERY_NAMES


def test_ekg_queries_json(runner):
    listed = json.loads(runner.invoke(main, ["queries", "--format", "json"]).output)
    assert listed[0] == {
        "name": "claims-about-concept",
        "description": "Claims about a concept (schema:about), found by the concept's id or by words in its label.",
        "params": {"concept": "a concept id (warm-up) or words of its label (hydrat); matched case-insensitively"},
        "example": {"concept": "warm-up"},
    }
    assert [q["name"] for q in listed] == QUERY_NAMES


def test_ekg_query_red_flags(ekg):
    result = ekg("query", "red-flags", "--format", "csv")
    assert result.exit_code == 0
    assert result.output == (
        "article,claim,text,key,cue\n"
        "lower-back-pain-after-running,red-flag-balance-walking,See a doctor if your pain affects your balance or makes it hard to walk.,clevelandclinic2020,implicit\n"
        "lower-back-pain-after-running,red-flag-incontinence,See a doctor if you have bladder or bowel incontinence.,clevelandclinic2020,implicit\n"
        'lower-back-pain-after-running,red-flag-radiating-leg,"See a doctor if the pain radiates down your leg, or you have leg weakness or tingling.",clevelandclinic2020,implicit\n'
        'lower-back-pain-after-running,red-flag-worsening,"See a doctor if your pain is getting worse, not better, with the treatments above.",clevelandclinic2020,implicit\n'
        "lower-back-pain-after-running,see-doctor-4-6-weeks,See a doctor if back pain lasts more than four to six weeks.,clevelandclinic2020,implicit\n"
    )


def test_ekg_query_claims_by_evidence_level_table(ekg):
    result = ekg("query", "claims-by-evidence-level")
    assert result.exit_code == 0
    assert result.output == (
        "level           label     claims  sources\n"
        "--------------  --------  ------  -------\n"
        "level:level-1   Level 1   1       1\n"
        "level:level-2   Level 2   0       0\n"
        "level:level-3   Level 3   0       0\n"
        "level:level-4   Level 4   1       1\n"
        "level:level-5   Level 5   1       2\n"
        "level:ungraded  Ungraded  14      4\n"
    )


def test_ekg_query_with_a_param(ekg):
    result = ekg("query", "claims-about-concept", "--param", "concept=warm-up", "--format", "md")
    assert result.exit_code == 0
    assert result.output == (
        "| concept | label | article | claim | text |\n"
        "|---|---|---|---|---|\n"
        "| warm-up | dynamic warm-up | lower-back-pain-after-running | dynamic-warm-up | Do a dynamic warm-up: a series of short, quick stretches rather than longer, sustained holds. |\n"
        "| warm-up | warming up before running | lower-back-pain-after-running | dynamic-warm-up | Do a dynamic warm-up: a series of short, quick stretches rather than longer, sustained holds. |\n"
        "| warm-up | warming up before running | lower-back-pain-after-running | tip-warm-up | Warm up before running. |\n"
        "| warm-up | warming up before running | lower-back-pain-after-running | warmup-2-6x | Marathon runners who don't warm up before running are 2.6 times more likely to experience low back pain than those who do. |\n"
    )


def test_ekg_query_json_is_sparql_results_json(ekg):
    result = ekg("query", "claims-by-type", "--format", "json")
    data = json.loads(result.output)
    assert data["head"] == {"vars": ["type", "label", "claims"]}
    assert data["results"]["bindings"][0] == {
        "type": {"type": "uri", "value": "https://w3id.org/evidence-kg/ontology#RecommendationClaim"},
        "label": {"type": "literal", "value": "recommendation", "xml:lang": "en"},
        "claims": {"type": "literal", "value": "51", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
    }


@pytest.mark.parametrize("value", ['"', "{ } }", "'; DROP", "\\", "", "ünïcödé", 'hydrat" || true || "'])
def test_ekg_query_hostile_param_values_match_nothing(ekg, value):
    result = ekg("query", "claims-about-concept", "--param", f"concept={value}", "--format", "csv", "--timeout", "0")
    assert result.exit_code == 0, result.output
    assert result.output == "concept,label,article,claim,text\n"


def test_ekg_query_a_quote_is_just_a_character_to_match(ekg):
    result = ekg("query", "claims-about-concept", "--param", "concept='", "--format", "json")
    rows = json.loads(result.output)["results"]["bindings"]
    assert {row["label"]["value"] for row in rows} == {"the article's back exercise routine"}
    assert {row["concept"]["value"] for row in rows} == {"'"}


def test_ekg_query_unknown_name(ekg):
    result = ekg("query", "red-flag")
    assert result.exit_code == 2
    assert (
        result.output == "Error: no bundled query named 'red-flag' (did you mean red-flags? ekg queries lists them)\n"
    )


def test_ekg_query_missing_param(ekg):
    result = ekg("query", "claims-about-concept")
    assert result.exit_code == 2
    assert result.output == (
        "Error: query claims-about-concept needs --param concept=… (concept: a concept id (warm-up) or words of its "
        "label (hydrat); matched case-insensitively)\n"
    )


def test_ekg_query_unknown_param(ekg):
    result = ekg("query", "red-flags", "--param", "slug=x")
    assert result.exit_code == 2
    assert result.output == "Error: query red-flags takes no param 'slug' (its params: none)\n"


# ------------------------------------------------------------------ rewritten for Oxigraph, same answers

# The plain forms of the queries that were rewritten as joins of subqueries (Oxigraph hashes those, but looks
# a plain pattern's rows up one by one: 2-3 times slower at 1,000 articles).
PLAIN = {
    "findings": """SELECT ?severity ?rule ?article ?concerns ?message WHERE {
  ?finding a ekg:Finding ; ekg:concerns ?target .
  OPTIONAL { ?finding ekg:severity ?severity } OPTIONAL { ?finding ekg:ruleId ?ownRule }
  OPTIONAL { ?finding ekg:rule/ekg:ruleId ?planRule } OPTIONAL { ?finding rdfs:comment ?comment }
  OPTIONAL { ?finding schema:description ?description } OPTIONAL { ?target dcterms:identifier ?claimId }
  OPTIONAL { ?target ekg:citationKey ?refKey } OPTIONAL { ?target dcterms:isPartOf/dcterms:identifier ?article }
  BIND (COALESCE(?ownRule, ?planRule) AS ?rule) BIND (COALESCE(?comment, ?description) AS ?message)
  BIND (COALESCE(?claimId, ?refKey, STR(?target)) AS ?concerns)
  BIND (IF(?severity = "error", 0, IF(?severity = "warning", 1, 2)) AS ?rank)
} ORDER BY ?rank ?rule ?article ?concerns ?message""",
    "claims-by-evidence-level": """SELECT ?level ?label (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?source) AS ?sources)
WHERE {
  ?level a ekg:EvidenceLevel ; skos:prefLabel ?label ; skos:notation ?notation .
  OPTIONAL {
    ?source a ekg:Source ; ekg:evidenceLevel ?level .
    OPTIONAL { ?c a ekg:Claim ; cito:cites ?source }
  }
} GROUP BY ?level ?label ?notation ORDER BY ?notation""",
    "claims-by-verdict": """SELECT ?rating ?article ?claim ?reviewer ?date ?stale WHERE {
  ?c a ekg:Claim ; dcterms:identifier ?claim ; dcterms:isPartOf ?a .
  ?a dcterms:identifier ?article .
  OPTIONAL {
    ?v schema:itemReviewed ?c ; ekg:verdictRating ?r ; prov:wasAttributedTo ?who ; ekg:stale ?isStale .
    OPTIONAL { ?who schema:name ?reviewer }
    OPTIONAL { ?v dcterms:created ?date }
  }
  BIND (IF(BOUND(?r), STRAFTER(STR(?r), "/rating/"), "not reviewed") AS ?rating)
  BIND (IF(BOUND(?isStale), ?isStale, false) AS ?stale)
} ORDER BY ?rating ?article ?claim""",
    "claims-about-concept": """SELECT ?concept ?label ?article ?claim ?text WHERE {
  ?c a ekg:Claim ; schema:about ?x ; dcterms:identifier ?claim ; dcterms:isPartOf/dcterms:identifier ?article ;
     schema:text ?text .
  ?x rdfs:label ?label .
  FILTER (STRLEN(?concept) > 0 &&
          (STRAFTER(STR(?x), "/concept/") = ?concept || CONTAINS(LCASE(STR(?label)), LCASE(?concept))))
} ORDER BY ?label ?article ?claim""",
    "expert-only-claims": """SELECT ?article ?claim ?expert ?credentials ?text WHERE {
  ?c a ekg:Claim ; dcterms:identifier ?claim ; dcterms:isPartOf/dcterms:identifier ?article ; schema:text ?text ;
     prov:wasAttributedTo ?person .
  ?person a schema:Person ; schema:name ?expert .
  OPTIONAL { ?person schema:honorificSuffix ?credentials }
  FILTER NOT EXISTS { ?c cito:cites ?source }
} ORDER BY ?article ?claim""",
    "claims-per-source": """SELECT (MIN(?k) AS ?key) (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?a) AS ?articles)
       (MIN(?t) AS ?title) ?source WHERE {
  ?entry a ekg:ReferenceEntry ;
         ekg:citationKey ?k ;
         ekg:refersTo ?source .
  OPTIONAL { ?source dcterms:title ?t }
  OPTIONAL { ?c a ekg:Claim ; cito:cites ?source ; dcterms:isPartOf ?a }
}
GROUP BY ?source
ORDER BY DESC(?claims) ?key""",
    "statistics-with-sources": """SELECT ?article ?claim ?statedAs ?measure ?key ?sourceSays ?sourceMeasure WHERE {
  ?c a ekg:Claim ;
     ekg:statistic ?stat ;
     dcterms:identifier ?claim ;
     dcterms:isPartOf ?a .
  ?a dcterms:identifier ?article .
  ?stat ekg:statedAs ?statedAs .
  OPTIONAL { ?stat ekg:measure ?measure }
  OPTIONAL {
    ?c cito:cites ?source .
    ?entry dcterms:isPartOf ?a ; ekg:refersTo ?source ; ekg:citationKey ?key .
  }
  OPTIONAL {
    ?stat prov:wasDerivedFrom ?original .
    ?original ekg:statedAs ?sourceSays .
    OPTIONAL { ?original ekg:measure ?sourceMeasure }
  }
}
ORDER BY ?article ?claim ?statedAs ?key""",
    "uncited-statistics": """SELECT ?article ?claim ?statedAs ?measure ?saidBy WHERE {
  ?c a ekg:Claim ;
     ekg:statistic ?stat ;
     dcterms:identifier ?claim ;
     dcterms:isPartOf/dcterms:identifier ?article .
  ?stat ekg:statedAs ?statedAs .
  OPTIONAL { ?stat ekg:measure ?measure }
  OPTIONAL { ?c prov:wasAttributedTo/schema:name ?saidBy }
  FILTER NOT EXISTS { ?c cito:cites ?source }
}
ORDER BY ?article ?claim ?statedAs""",
    "unused-references": """SELECT ?article ?key ?number ?verbatim WHERE {
  ?entry a ekg:ReferenceEntry ;
         ekg:citationKey ?key ;
         ekg:refersTo ?source ;
         dcterms:isPartOf ?a .
  ?a dcterms:identifier ?article .
  OPTIONAL { ?entry ekg:referenceNumber ?number }
  OPTIONAL { ?entry dcterms:bibliographicCitation ?verbatim }
  FILTER NOT EXISTS { ?c dcterms:isPartOf ?a ; cito:cites ?source }
}
ORDER BY ?article ?number ?key""",
    "implicit-only-citations": """SELECT ?article ?claim ?key ?confidence ?basis WHERE {
  ?citation a ekg:Citation ;
            cito:hasCitingEntity ?c ;
            ekg:cueType ekg:ImplicitCue ;
            dcterms:references/ekg:citationKey ?key .
  OPTIONAL { ?citation ekg:confidence ?confidence }
  OPTIONAL { ?citation ekg:basis ?basis }
  ?c dcterms:identifier ?claim ;
     dcterms:isPartOf/dcterms:identifier ?article .
  FILTER NOT EXISTS {
    ?other a ekg:Citation ; cito:hasCitingEntity ?c ; ekg:cueType ?cue .
    FILTER (?cue != ekg:ImplicitCue)
  }
}
ORDER BY ?article ?claim ?key""",
    "red-flags": """SELECT ?article ?claim ?text ?key ?cue WHERE {
  ?c a ekg:RedFlagClaim ;
     dcterms:identifier ?claim ;
     dcterms:isPartOf/dcterms:identifier ?article ;
     schema:text ?text .
  OPTIONAL {
    ?citation cito:hasCitingEntity ?c ;
              dcterms:references/ekg:citationKey ?key ;
              ekg:cueType ?cueType .
    ?cueType rdfs:label ?cue .
  }
}
ORDER BY ?article ?claim ?key""",
    "sources-by-evidence": """SELECT ?article ?key ?design ?level ?title WHERE {
  ?entry a ekg:ReferenceEntry ;
         ekg:citationKey ?key ;
         ekg:refersTo ?source ;
         dcterms:isPartOf/dcterms:identifier ?article .
  OPTIONAL { ?source dcterms:title ?title }
  OPTIONAL { ?source ekg:studyDesign/skos:prefLabel ?design }
  OPTIONAL { ?source ekg:evidenceLevel ?l . ?l skos:prefLabel ?level ; skos:notation ?notation }
}
ORDER BY ?notation ?article ?key""",
}


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """A built synthetic corpus of 20 articles and the seed article, with the stored audit."""
    import importlib.util
    import shutil
    from pathlib import Path

    from kg.cache.store import Cache
    from kg.dataset.paths import bundled_data_dir

    repo = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("generate_corpus", repo / "benchmarks" / "generate_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data = module.generate(tmp_path_factory.mktemp("corpus"), 20, seed=5, claims_per_article=12)
    shutil.copytree(
        bundled_data_dir() / "articles" / "lower-back-pain-after-running",
        data / "articles" / "lower-back-pain-after-running",
    )
    cache = Cache(data, tmp_path_factory.mktemp("corpus-cache"))
    cache.build()
    return cache.store_path()


@pytest.mark.parametrize(
    "name, params",
    [
        ("findings", {}),
        ("expert-only-claims", {}),
        ("claims-by-verdict", {}),
        ("claims-by-evidence-level", {}),
        ("claims-about-concept", {"concept": "pain"}),
        ("claims-about-concept", {"concept": "warm-up"}),
        ("claims-about-concept", {"concept": "hydrat"}),
        *(
            (name, {})
            for name in (
                "claims-per-source",
                "statistics-with-sources",
                "uncited-statistics",
                "unused-references",
                "implicit-only-citations",
                "red-flags",
                "sources-by-evidence",
            )
        ),
    ],
)
def test_the_rewritten_queries_answer_as_their_plain_forms(corpus_store, name, params):
    """Same rows in the same order, on a corpus of many articles and the seed."""
    rewritten = run_query(corpus_store, bundled()[name].text, params or None).rows
    assert rewritten == run_query(corpus_store, PLAIN[name], params or None).rows
    assert len(rewritten) > 5


@pytest.mark.parametrize("concept", ["warm-up", "hydrat", "Pain", "", "x\"'} ."])
def test_a_param_written_into_the_text_answers_as_an_oxigraph_substitution(corpus_store, concept, monkeypatch):
    """ekg query writes a param into the query as a constant (kg.sparql.run.bound): the same rows as Oxigraph's
    substitution of the variable, in this process and in the child process a --timeout runs."""
    from kg.settings import SETTINGS
    from kg.sparql.named import run_named

    written = run_named(corpus_store, "claims-about-concept", {"concept": concept}).rows
    assert run_named(corpus_store, "claims-about-concept", {"concept": concept}, timeout=60).rows == written
    monkeypatch.setattr(SETTINGS, "inline_bindings", False)
    assert run_named(corpus_store, "claims-about-concept", {"concept": concept}).rows == written
    assert bool(written) == (concept not in ("", "x\"'} ."))


# ------------------------------------------------------------------ paging: a table shows a page, machine formats all


def test_a_page_of_rows_is_the_same_slice_of_every_row_in_this_process_and_in_a_child(corpus_store):
    every = run_query(corpus_store, bundled()["findings"].text)
    assert len(every.rows) > 20 and every.more == 0
    for timeout in (None, 60):
        page = run_query(corpus_store, bundled()["findings"].text, timeout=timeout, limit=7, offset=5)
        assert page.rows == every.rows[5:12]
        assert (page.total, page.offset, page.more) == (len(every.rows), 5, len(every.rows) - 12)
    tail = run_query(corpus_store, bundled()["findings"].text, limit=50, offset=len(every.rows) - 3)
    assert tail.rows == every.rows[-3:] and tail.more == 0
    past = run_query(corpus_store, bundled()["findings"].text, offset=len(every.rows) + 1)
    assert past.rows == [] and past.more == 0


def test_a_page_cut_in_the_child_process_keeps_every_kind_of_term(corpus_store):
    """The child process serializes only a page's rows (kg.sparql.worker.page): IRIs, numbers, booleans, language
    tags and datatypes come back as the terms the whole result holds."""
    text = """SELECT ?s ?n ?b ?l ?d ?u WHERE { VALUES (?s ?n ?b ?l ?d) {
        (<http://e/a> 3 true "chat"@fr "2026-12-07"^^xsd:date) (<http://e/b> 2.5 false "x" UNDEF)
        (<http://e/c> 1e3 true "y"@en-GB "z") } } ORDER BY ?s"""
    every = run_query(corpus_store, text)
    for offset, limit in ((0, 2), (1, 5), (3, 1)):
        page = run_query(corpus_store, text, timeout=60, limit=limit, offset=offset)
        assert page.rows == every.rows[offset : offset + limit]
        assert (page.total, page.offset) == (3, offset)


def test_ekg_query_table_shows_a_page_and_says_how_many_more_on_stderr(ekg, monkeypatch):
    import kg.cli.sparql_cmds

    monkeypatch.setattr(kg.cli.sparql_cmds, "TABLE_PAGE", 2)
    result = ekg("query", "red-flags")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["article", "claim", "text", "key", "cue"]
    assert [line.split()[1] for line in lines[2:]] == ["red-flag-balance-walking", "red-flag-incontinence"]
    assert result.stderr == (
        "3 more rows (rows 1-2 of 5 shown): --limit N --offset 2 shows the next ones, --format csv or json all of them\n"
    )
    # machine formats: every row, and nothing on stderr
    for fmt in ("csv", "json", "md"):
        whole = ekg("query", "red-flags", "--format", fmt)
        assert whole.exit_code == 0 and whole.stderr == ""
    assert len(ekg("query", "red-flags", "--format", "csv").stdout.splitlines()) == 1 + 5


def test_ekg_query_limit_and_offset_page_any_format(ekg):
    result = ekg("query", "red-flags", "--format", "csv", "--limit", "2", "--offset", "3")
    assert result.exit_code == 0
    assert [line.split(",")[1] for line in result.stdout.splitlines()] == [
        "claim",
        "red-flag-worsening",
        "see-doctor-4-6-weeks",
    ]
    assert result.stderr == ""  # the last rows: none left
    first = ekg("query", "red-flags", "--format", "json", "--limit", "1", "--timeout", "0")
    assert len(json.loads(first.stdout)["results"]["bindings"]) == 1
    assert first.stderr.startswith("4 more rows (rows 1-1 of 5 shown): --limit N --offset 1")
    bad = ekg("query", "red-flags", "--limit", "0")
    assert bad.exit_code == 2 and "--limit" in bad.output
