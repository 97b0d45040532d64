"""The SHACL shapes accept the seed graph and reject each kind of broken graph they describe."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from kg.build.quads import corpus_quads, sorted_ntriples
from kg.build.validate import validate
from kg.dataset.loader import load_corpus
from kg.dataset.paths import bundled_data_dir

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
EKG = Namespace("https://w3id.org/evidence-kg/ontology#")
ID = "https://w3id.org/evidence-kg/id/"
CLAIM = URIRef(ID + "claim/lower-back-pain-after-running/warmup-2-6x")
WU = URIRef("https://doi.org/10.1155/2021/6660304")
ACE = URIRef("https://www.acefitness.org/resources/everyone/blog/6675/healthy-hydration/")


@pytest.fixture(scope="module")
def seed_nt() -> str:
    return sorted_ntriples(corpus_quads(load_corpus(bundled_data_dir()).articles))


@pytest.fixture
def graph(seed_nt) -> Graph:
    g = Graph()
    g.parse(data=seed_nt, format="nt")
    return g


def test_seed_graph_conforms(graph):
    result = validate(graph)
    assert result.conforms, result.text()
    assert result.problems == []


def remove_quote_selectors(g):
    for sel in list(g.subjects(RDF.type, OA.TextQuoteSelector)):
        g.remove((None, None, sel))
        g.remove((sel, None, None))


def shift_offsets(g):
    position = URIRef(str(CLAIM) + "/quote/position")
    start = g.value(position, OA.start)
    g.set((position, OA.start, Literal(int(start) + 1, datatype=XSD.integer)))


def change_exact_quote(g):
    exact = URIRef(str(CLAIM) + "/quote/exact")
    g.set((exact, OA.exact, Literal("Marathon runners who warm up")))


def claim_without_article(g):
    g.remove((CLAIM, DCTERMS.isPartOf, None))


def claim_in_two_articles(g):
    other = URIRef(ID + "article/other")
    g.add((other, RDF.type, SCHEMA.MedicalWebPage))
    g.add((CLAIM, DCTERMS.isPartOf, other))


def claim_without_quote(g):
    g.remove((URIRef(str(CLAIM) + "/quote"), OA.hasBody, CLAIM))


def statistic_without_value(g):
    stat = URIRef(str(CLAIM) + "/statistic/1")
    g.remove((stat, SCHEMA.value, None))


def statistic_without_unit(g):
    stat = URIRef(str(CLAIM) + "/statistic/1")
    g.remove((stat, SCHEMA.unitText, None))


def statistic_with_text_value(g):
    stat = URIRef(str(CLAIM) + "/statistic/1")
    g.set((stat, SCHEMA.value, Literal("2.6 times")))


def range_upside_down(g):
    stat = URIRef(ID + "claim/lower-back-pain-after-running/ace-hydration-during-workout/statistic/1")
    g.set((stat, SCHEMA.minValue, Literal(11, datatype=XSD.integer)))


def source_without_title(g):
    g.remove((WU, DCTERMS.title, None))


def source_without_year(g):
    g.remove((WU, FABIO.hasPublicationYear, None))


def web_source_without_url(g):
    g.remove((ACE, SCHEMA.url, None))


def source_with_two_years(g):
    g.add((WU, FABIO.hasPublicationYear, Literal("2020", datatype=XSD.gYear)))


def malformed_pmid(g):
    g.add((WU, BIBO.pmid, Literal("PMID: 33712345")))


def isbn_with_hyphens(g):
    g.add((ACE, BIBO.isbn, Literal("978-0-306-40615-7")))


def malformed_doi(g):
    g.set((WU, BIBO.doi, Literal("doi:10.1155/2021/6660304")))


def doi_iri_mismatch(g):
    g.set((WU, BIBO.doi, Literal("10.1155/2021/6660305")))


def attribution_without_role(g):
    g.remove((URIRef(ID + "claim/lower-back-pain-after-running/dynamic-warm-up/attribution"), PROV.hadRole, None))


def attribution_to_unnamed_agent(g):
    node = URIRef(ID + "claim/lower-back-pain-after-running/dynamic-warm-up/attribution")
    g.set((node, PROV.agent, URIRef(ID + "person/nobody")))


def citation_without_direct_triple(g):
    g.remove((CLAIM, CITO.cites, WU))


# Each breakage, and the message of the shape that must catch it.
BREAKAGES = [
    (remove_quote_selectors, "exactly one oa:TextQuoteSelector"),
    (shift_offsets, "must stand in its article's text at its stated offsets"),
    (change_exact_quote, "must stand in its article's text at its stated offsets"),
    (claim_without_article, "must belong to exactly one article"),
    (claim_in_two_articles, "must belong to exactly one article"),
    (claim_without_quote, "A claim needs a quote"),
    (statistic_without_value, "needs a value, or a minValue"),
    (statistic_without_unit, "needs a unit"),
    (statistic_with_text_value, "value must be one number"),
    (range_upside_down, "no greater than its maxValue"),
    (source_with_two_years, "at most one publication year"),
    (malformed_pmid, "A PubMed ID (bibo:pmid) is digits alone"),
    (isbn_with_hyphens, "An ISBN (bibo:isbn) is 10 or 13 characters"),
    (malformed_doi, "A DOI must look like 10.NNNN/suffix"),
    (doi_iri_mismatch, "IRI must be https://doi.org/"),
    (attribution_without_role, "must give the agent's role"),
    (attribution_to_unnamed_agent, "must name exactly one person"),
    (citation_without_direct_triple, "backed by the direct triple"),
]


@pytest.mark.parametrize("breakage, message", BREAKAGES, ids=[b.__name__ for b, _ in BREAKAGES])
def test_shapes_reject_broken_graphs(graph, breakage, message):
    breakage(graph)
    result = validate(graph)
    assert not result.conforms
    assert any(message in p.message for p in result.problems), result.text()


def test_a_source_the_page_printed_without_identifier_title_or_year_conforms(graph):
    """Issue 19: every reference is a source whatever it prints; what it lacks is the audit's to report."""
    source_without_title(graph)
    source_without_year(graph)
    web_source_without_url(graph)
    result = validate(graph)
    assert result.conforms, result.text()
