"""The whole-corpus listings (`ekg claims`, `ekg sources`, `ekg experts`) on a corpus of many articles.

They join subqueries and read claims in VALUES blocks for speed (kg/provenance/questions.py); here each is checked
against an answer worked out another way: the claims against a reading of the store's quads in plain Python,
for every filter and with blocks small enough that a corpus needs several; the experts against the
one-person queries of `ekg expert`; the sources against the plain SPARQL they replaced.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kg.cache.store import Cache
from kg.dataset.vocab import CLAIM_TYPE_BY_IRI, CLAIM_TYPES, ECO_LABELS
from kg.iris import EKG, PREFIXES
from kg.provenance import common, listings
from kg.settings import SETTINGS
from kg.sparql.run import select
from kg.sparql.terms import python_value

REPO = Path(__file__).resolve().parent.parent
RDF_TYPE = PREFIXES["rdf"] + "type"
DCTERMS, SCHEMA, PROV, CITO = (PREFIXES[p] for p in ("dcterms", "schema", "prov", "cito"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A built synthetic corpus of 30 articles (by the benchmark generator), opened read-only."""
    spec = importlib.util.spec_from_file_location("generate_corpus", REPO / "benchmarks" / "generate_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data = module.generate(tmp_path_factory.mktemp("corpus"), 30, seed=11, claims_per_article=12)
    cache = Cache(data, tmp_path_factory.mktemp("cache"))
    cache.hooks = False  # the stored audit is not what these listings read
    cache.build()
    return cache.open(auto_build=False)


@pytest.fixture(params=["one block", "many blocks", "many blocks, or one pass by corpus size"])
def blocks(request, monkeypatch):
    """VALUES blocks as large as in use, or of 7 IRIs, so that the corpus's claims need many; and with no fixed
    number of claims read through VALUES blocks, so that the corpus's size decides (kg.provenance.listings._few)."""
    if request.param != "one block":
        monkeypatch.setattr(SETTINGS, "values_block", 7)
    if request.param == "many blocks, or one pass by corpus size":
        monkeypatch.setattr(SETTINGS, "index_subset", 0)
    return request.param


class Quads:
    """The store's quads as subject -> predicate -> values (the union of the graphs, as the listings see it)."""

    def __init__(self, store) -> None:
        self.by: dict[str, dict[str, set]] = {}
        for quad in store.quads_for_pattern(None, None, None, None):
            self.by.setdefault(quad.subject.value, {}).setdefault(quad.predicate.value, set()).add(
                python_value(quad.object)
            )

    def get(self, subject: str, prop: str) -> set:
        return self.by.get(subject, {}).get(prop, set())

    def one(self, subject: str, prop: str):
        found = sorted(self.get(subject, prop), key=str)
        return found[0] if found else None


def expected_claims(
    q: Quads, type=None, uncited=False, cites=None, about=None, expert=None, article=None
) -> list[dict]:
    claim_types = {s for s, props in q.by.items() if EKG + "Claim" in props.get(PREFIXES["rdfs"] + "subClassOf", ())}
    out = []
    for iri, props in q.by.items():
        if EKG + "Claim" not in props.get(RDF_TYPE, ()):
            continue
        slug = q.one(q.one(iri, DCTERMS + "isPartOf"), DCTERMS + "identifier")
        cited = q.get(iri, CITO + "cites")
        people = {p for p in q.get(iri, PROV + "wasAttributedTo") if SCHEMA + "Person" in q.get(p, RDF_TYPE)}
        if (
            (type and CLAIM_TYPES[type] not in q.get(iri, RDF_TYPE))
            or (uncited and cited)
            or (cites and cites not in cited)
            or (article and slug != article)
            or (expert and expert not in people)
            or (
                about
                and not any(
                    about in label.lower()
                    for c in q.get(iri, SCHEMA + "about")
                    for label in q.get(c, PREFIXES["rdfs"] + "label")
                )
            )
        ):
            continue
        sources = {
            common.short_citation(
                q.one(s, EKG + "authorList"),
                q.one(s, PREFIXES["fabio"] + "hasPublicationYear"),
                q.one(s, DCTERMS + "title"),
                q.one(q.one(s, DCTERMS + "publisher"), SCHEMA + "name"),
            )
            for s in cited
            if q.get(s, DCTERMS + "title")
        }
        names = [q.one(p, SCHEMA + "name") for p in q.get(iri, PROV + "wasAttributedTo") if q.get(p, SCHEMA + "name")]
        out.append(
            {
                "iri": iri,
                "article": slug,
                "id": q.one(iri, DCTERMS + "identifier"),
                "types": sorted(CLAIM_TYPE_BY_IRI.get(t, t) for t in q.get(iri, RDF_TYPE) & claim_types),
                "evidence": ECO_LABELS.get(q.one(iri, EKG + "evidenceType"), q.one(iri, EKG + "evidenceType")),
                "sources": sorted(sources),
                "expert": names[0] if names else None,
                "text": q.one(iri, SCHEMA + "text"),
            }
        )
    return sorted(out, key=lambda c: (c["article"], c["iri"]))


def test_claims_with_every_filter_equal_a_reading_of_the_quads(store, blocks):
    q = Quads(store)
    person = next(
        p
        for p, props in q.by.items()
        if SCHEMA + "Person" in props.get(RDF_TYPE, ()) and any(p in q.get(c, PROV + "wasAttributedTo") for c in q.by)
    )
    name = q.one(person, SCHEMA + "name")
    source = next(iter(sorted({s for props in q.by.values() for s in props.get(CITO + "cites", ())})))
    doi = q.one(source, PREFIXES["bibo"] + "doi")
    about_pain = expected_claims(q, about="pain")[-1]["article"]
    cases = [
        ({}, {}),
        ({"type": "statistical"}, {"type": "statistical"}),
        ({"uncited": True}, {"uncited": True}),
        ({"about": "pain"}, {"about": "pain"}),
        ({"article": "article-00007"}, {"article": "article-00007"}),
        ({"expert": name}, {"expert": person}),
        ({"cites": doi}, {"cites": source}),
        (
            {"expert": name, "type": "expert-opinion", "uncited": True},
            {"expert": person, "type": "expert-opinion", "uncited": True},
        ),
        ({"about": "pain", "article": about_pain}, {"about": "pain", "article": about_pain}),
        ({"cites": doi, "uncited": True}, {"cites": source, "uncited": True}),
    ]
    sizes = []
    for asked, meant in cases:
        got = listings.list_claims(store, **asked).claims
        assert got == expected_claims(q, **meant), asked
        sizes.append(len(got))
    assert sizes[0] == 360 and all(0 < n < 360 for n in sizes[1:-1]) and sizes[-1] == 0


def test_claim_index_of_some_claims_equals_that_of_all(store, blocks):
    every = listings._claim_index(store)
    some = sorted(every[0])[::3]
    assert len(some) > SETTINGS.values_block or blocks == "one block"
    part = listings._claim_index(store, set(some), few=True)  # through VALUES blocks, whatever the corpus's size
    for got, whole in zip(part, every):
        assert got == {claim: value for claim, value in whole.items() if claim in some}


def test_experts_equal_the_one_person_queries(store):
    listed = listings.list_experts(store).experts
    people = {row["p"]: row for row in select(store, listings._PEOPLE)}
    assert len(listed) == len(people) > 10
    assert listed == sorted(
        (listings._person(store, row) for row in people.values()), key=lambda e: (-e["claims"], e["name"])
    )
    assert sum(e["claims"] for e in listed) > 0 and any(e["articles"] for e in listed)


PLAIN_SOURCES = """SELECT ?source ?title ?authors ?year ?publisher ?doi ?url ?designLabel ?levelLabel WHERE {
  ?source a ekg:Source ; dcterms:title ?title .
  OPTIONAL { ?source ekg:authorList ?authors } OPTIONAL { ?source fabio:hasPublicationYear ?year }
  OPTIONAL { ?source dcterms:publisher/schema:name ?publisher }
  OPTIONAL { ?source bibo:doi ?doi } OPTIONAL { ?source schema:url ?url }
  OPTIONAL { ?source ekg:studyDesign/skos:prefLabel ?designLabel }
  OPTIONAL { ?source ekg:evidenceLevel/skos:prefLabel ?levelLabel } }"""
PLAIN_USES = """SELECT ?source ?claim ?article ?cueType WHERE {
  ?c cito:hasCitedEntity ?source ; cito:hasCitingEntity ?claim ; ekg:cueType ?cueType . ?claim dcterms:isPartOf ?article }"""
PLAIN_ENTRIES = "SELECT ?source ?key ?n WHERE { ?e ekg:refersTo ?source ; ekg:citationKey ?key . OPTIONAL { ?e ekg:referenceNumber ?n } }"


def test_sources_equal_the_plain_queries(store):
    rows = lambda query: sorted(map(repr, select(store, query)))  # noqa: E731
    assert rows(listings._SOURCES) == rows(PLAIN_SOURCES)
    listed = listings.list_sources(store).sources
    uses = select(store, PLAIN_USES)
    entries = select(store, PLAIN_ENTRIES)
    assert len(listed) == len({r["source"] for r in select(store, PLAIN_SOURCES)}) > 10
    for source in listed:
        mine = [r for r in uses if r["source"] == source["iri"]]
        assert source["claims"] == len({r["claim"] for r in mine})
        assert source["articles"] == len({r["article"] for r in mine})
        assert source["keys"] == sorted({r["key"] for r in entries if r["source"] == source["iri"]})
        assert source["reference_numbers"] == sorted(
            {r["n"] for r in entries if r["source"] == source["iri"] and r["n"] is not None}
        )
    assert sum(s["claims"] for s in listed) > 0 and any(s["reference_numbers"] for s in listed)


def test_a_terminal_table_shows_the_first_articles_of_a_long_list_and_the_files_show_all(store, monkeypatch):
    """An expert quoted in many articles: the table names the first few and says how many more; CSV, Markdown
    and JSON name every one."""
    import csv
    import io
    import json

    from kg.util.render import Many, render

    monkeypatch.setattr(Many, "shown", 3)  # 30 articles: an expert is in about five
    experts = listings.list_experts(store)
    busiest = max(experts.experts, key=lambda e: len(e["articles"]))
    articles = busiest["articles"]
    assert len(articles) > 3
    table = render(experts, "table")
    row = next(line for line in table.splitlines() if line.startswith(busiest["name"]))
    assert row.rstrip().endswith(", ".join(articles[:3]) + f" … ({len(articles) - 3} more)")
    assert articles[3] not in row
    rows = list(csv.DictReader(io.StringIO(render(experts, "csv"))))
    assert next(r for r in rows if r["name"] == busiest["name"])["articles"] == ", ".join(articles)
    assert ", ".join(articles) in render(experts, "md")
    assert next(e for e in json.loads(render(experts, "json")) if e["name"] == busiest["name"])["articles"] == articles


# The plain forms of the queries `ekg diff` and the exports read every claim with, before they were written as
# joins of subqueries (kg/export/common.py, kg/provenance/diff.py): the rows must be the same, duplicates included.
PLAIN_READS = {
    ("kg.export.common", "_CLAIMS"): """
SELECT ?claim ?id ?text ?article ?eco ?anno ?quote ?prefix ?suffix ?start ?end WHERE {
  ?claim a ekg:Claim ; dcterms:identifier ?id ; schema:text ?text ; dcterms:isPartOf ?article ; ekg:evidenceType ?eco .
  ?anno a oa:Annotation ; oa:hasBody ?claim ; oa:hasTarget ?target .
  ?target oa:hasSelector ?q, ?p .
  ?q a oa:TextQuoteSelector ; oa:exact ?quote ; oa:prefix ?prefix ; oa:suffix ?suffix .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}""",
    ("kg.export.common", "_ATTRIBUTIONS"): """
SELECT ?claim ?agent ?name ?person WHERE {
  ?claim a ekg:Claim ; prov:qualifiedAttribution/prov:agent ?agent .
  OPTIONAL { ?agent schema:name ?name }
  BIND (EXISTS { ?agent a schema:Person } AS ?person)
}""",
    ("kg.export.common", "_CITATIONS"): """
SELECT ?claim ?source ?cueType ?key ?design ?designLabel ?level WHERE {
  ?citation a ekg:Citation ; cito:hasCitingEntity ?claim ; cito:hasCitedEntity ?source ; ekg:cueType ?cueType .
  OPTIONAL { ?citation dcterms:references/ekg:citationKey ?key }
  OPTIONAL { ?source ekg:studyDesign ?design OPTIONAL { ?design skos:prefLabel ?designLabel } }
  OPTIONAL { ?source ekg:evidenceLevel ?level }
}""",
    ("kg.review.diff", "_TYPES"): "SELECT ?claim ?type WHERE { ?claim a ekg:Claim ; a ?type }",
    ("kg.review.diff", "_FIGURES"): """
SELECT ?claim ?statistic ?statedAs ?value ?min ?max ?unit WHERE {
  ?claim a ekg:Claim ; ekg:statistic ?statistic . ?statistic ekg:statedAs ?statedAs .
  OPTIONAL { ?statistic schema:value ?value } OPTIONAL { ?statistic schema:minValue ?min }
  OPTIONAL { ?statistic schema:maxValue ?max } OPTIONAL { ?statistic schema:unitText ?unit }
}""",
    ("kg.review.diff", "_CITATIONS"): """
SELECT ?claim ?source ?intent WHERE {
  ?citation a ekg:Citation ; cito:hasCitingEntity ?claim ; cito:hasCitedEntity ?source ;
            cito:hasCitationCharacterization ?intent .
}""",
    ("kg.review.diff", "_SOURCES"): """
SELECT ?article ?source ?key WHERE {
  ?article ekg:hasReference ?entry . ?entry ekg:refersTo ?source . OPTIONAL { ?entry ekg:citationKey ?key }
}""",
}


@pytest.mark.parametrize("module, name", list(PLAIN_READS), ids=[f"{m}.{n}" for m, n in PLAIN_READS])
def test_the_whole_corpus_reads_of_diff_and_the_exports_give_their_plain_forms_rows(store, module, name):
    import importlib
    from collections import Counter

    rewritten = select(store, getattr(importlib.import_module(module), name))
    plain = select(store, PLAIN_READS[(module, name)])
    key = lambda row: tuple(sorted((k, repr(v)) for k, v in row.items()))  # noqa: E731
    assert Counter(map(key, rewritten)) == Counter(map(key, plain))
    assert len(plain) > 50
