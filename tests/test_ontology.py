"""The ontology's Turtle and the Python namespace module agree, and every local term is documented."""

from __future__ import annotations

from importlib.resources import files

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg import iris
from kg.dataset import vocab
from kg.iris import namespaces
from kg.iris.namespaces import EKG


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for name in ("evidence-kg.ttl", "schemes.ttl"):
        g.parse(data=(files("kg.ontology") / name).read_text(encoding="utf-8"), format="turtle")
    return g


def local_terms(g: Graph) -> set[str]:
    ns = str(EKG._NS)
    return {str(s)[len(ns) :] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}


def test_namespace_module_matches_the_turtle(ontology):
    declared = set(EKG.__annotations__)
    assert declared == local_terms(ontology)


def test_misspelt_terms_raise():
    with pytest.raises(AttributeError):
        EKG.Cliam  # noqa: B018


@pytest.mark.parametrize("term", sorted(EKG.__annotations__))
def test_every_term_has_label_and_comment(ontology, term):
    iri = EKG[term]
    assert ontology.value(iri, RDFS.label) is not None, f"ekg:{term} has no rdfs:label"
    assert ontology.value(iri, RDFS.comment) is not None, f"ekg:{term} has no rdfs:comment"


@pytest.mark.parametrize("term", sorted(EKG.__annotations__))
def test_classes_and_properties_hang_off_standard_terms_or_ours(ontology, term):
    iri = EKG[term]
    kinds = set(ontology.objects(iri, RDF.type))
    if OWL.Class in kinds:
        assert list(ontology.objects(iri, RDFS.subClassOf)), f"ekg:{term} is not a subclass of anything"
    elif kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
        # local-only datatype properties (our own glue) need a domain/range or a parent
        assert list(ontology.objects(iri, RDFS.subPropertyOf)) or list(ontology.objects(iri, RDFS.range)), term


def test_plain_iri_module_matches_namespaces():
    assert iris.EKG == str(EKG._NS)
    assert namespaces.PREFIXES is iris.PREFIXES
    assert str(namespaces.ID) == iris.ID


def test_vocabulary_iris_exist_in_the_ontology(ontology):
    subjects = set(ontology.subjects())
    for iri in [*vocab.CLAIM_TYPES.values(), *vocab.CUE_TYPES.values(), *vocab.ROLES.values()]:
        assert URIRef(iri) in subjects, iri
    for design in vocab.STUDY_DESIGNS:
        assert URIRef(vocab.DESIGN + design) in subjects, design
    for level in vocab.EVIDENCE_LEVELS:
        assert URIRef(vocab.LEVEL + level) in subjects, level


def test_every_design_implies_a_level(ontology):
    for design in vocab.STUDY_DESIGNS:
        assert ontology.value(URIRef(vocab.DESIGN + design), EKG.impliedLevel) is not None, design
