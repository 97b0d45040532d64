"""The seed article's quantitative statements are all in the graph, each with its source or marked uncited.

The expectations below were written from the article text, not from claims.yaml: a figure dropped from the
curated data, or linked to the wrong reference, fails here.
"""

from __future__ import annotations

import re

import pytest

from kg.dataset.loader import load_corpus
from kg.dataset.paths import bundled_data_dir
from kg.sparql.run import select
from kg.util.text import find_all

MASELLI = "https://doi.org/10.1186/s12891-020-03357-4"
WU = "https://doi.org/10.1155/2021/6660304"
ACE = "https://www.acefitness.org/resources/everyone/blog/6675/healthy-hydration/"
CLEVELAND = (
    "https://health.clevelandclinic.org/do-you-have-sports-related-back-pain-know-when-to-call-a-doctor/"
    "#:~:text=The%20pain%20radiates%20to%20your,for%20more%20than%20two%20months."
)

# (verbatim figure, value, min, max, unit text, cited sources, expert or None)
FIGURES = [
    ("Eighty percent", 80, None, None, "percent", set(), "Steven Goostree"),
    ("up to 20%", None, None, 20, "percent", {MASELLI}, None),
    ("2.6 times", 2.6, None, None, "times", {WU}, None),
    ("three miles a week", 3, None, None, "miles per week", set(), "Steven Goostree"),
    ("15", 15, None, None, "miles per week", set(), "Steven Goostree"),
    ("about 75%", 75, None, None, "percent", set(), "Steven Goostree"),
    ("about 20 ounces", 20, None, None, "fluid ounce", {ACE}, None),
    ("two hours", 2, None, None, "hour", {ACE}, None),
    ("seven to 10 ounces", None, 7, 10, "fluid ounce", {ACE}, None),
    ("every 10-20 minutes", None, 10, 20, "minute", {ACE}, None),
    ("20 minutes", 20, None, None, "minute", set(), None),
    ("more than four to six weeks", None, 4, 6, "week", {CLEVELAND}, None),
    ("100+", None, 100, None, "exercises", set(), None),
    ("once or twice a week", None, 1, 2, "times per week", set(), None),
    ("three to six months", None, 3, 6, "month", set(), None),
    ("about 350-500 miles", None, 350, 500, "mile", set(), None),
    ("more than 800K", None, 800000, None, "members", set(), None),
    ("over 1,700", None, 1700, None, "companies", set(), None),
    ("two", 2, None, None, "count", set(), None),
]

QUERY = """
SELECT ?statedAs ?claim ?value ?min ?max ?unit ?expert WHERE {
  ?claim a ekg:Claim ; ekg:statistic ?stat .
  ?stat ekg:statedAs ?statedAs ; schema:unitText ?unit .
  OPTIONAL { ?stat schema:value ?value }
  OPTIONAL { ?stat schema:minValue ?min }
  OPTIONAL { ?stat schema:maxValue ?max }
  OPTIONAL { ?claim prov:wasAttributedTo ?person . ?person a schema:Person ; schema:name ?expert }
}
"""


@pytest.mark.parametrize("figure, value, low, high, unit, sources, expert", FIGURES, ids=[f[0] for f in FIGURES])
def test_each_figure_is_in_the_graph_with_its_source(seed_store, figure, value, low, high, unit, sources, expert):
    rows = select(seed_store, QUERY, {"statedAs": figure})
    assert rows, f"{figure!r} is not in the graph"
    row = rows[0]
    assert (row["value"], row["min"], row["max"], row["unit"]) == (value, low, high, unit)
    assert row["expert"] == expert
    claim = _iri(row["claim"])
    cited = {
        r["source"]
        for r in select(seed_store, "SELECT ?claim ?source WHERE { ?claim cito:cites ?source }", {"claim": claim})
    }
    assert cited == sources
    evidence = {
        r["t"] for r in select(seed_store, "SELECT ?claim ?t WHERE { ?claim ekg:evidenceType ?t }", {"claim": claim})
    }
    if sources:  # a cited study, or a traceable reference
        assert evidence <= {"http://purl.obolibrary.org/obo/ECO_0006016", "http://purl.obolibrary.org/obo/ECO_0000033"}
    else:  # an expert's word, or nothing traceable
        assert evidence <= {"http://purl.obolibrary.org/obo/ECO_0000034", "http://purl.obolibrary.org/obo/ECO_0006018"}
    assert len(evidence) == 1


def _iri(value: str):
    from kg.sparql.terms import iri

    return iri(value)


# Numbers in the article body that are not figures, and why.
NOT_FIGURES = {
    ("2,", "Published Date: Feb 2, 2023"): "the publication date, recorded as article metadata",
    ("2023", "Published Date: Feb 2, 2023"): "the publication date, recorded as article metadata",
    ("two", "an injury or two"): "an idiom, not a count",
    ("one", "do one of your favorite"): "'one of', not a count",
    ("one", "This one’s important"): "a pronoun",
}
NUMBER = re.compile(
    r"\$?\d[\d,.]*(?:K\b|\+|%)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b",
    re.IGNORECASE,
)


def test_every_number_in_the_body_is_a_curated_figure_or_a_citation_cue():
    """Scan the article text itself: each number must lie inside a statistic's wording in some claim's
    quote, or inside a citation cue (the years of "a 2021 study"), or be one of NOT_FIGURES."""
    article = load_corpus(bundled_data_dir()).articles[0]
    text = article.text
    body_end = next(s.start for s in article.sections if s.id == "references")
    figures = [
        (claim.start + pos, claim.start + pos + len(stat.stated_as))
        for claim in article.claims
        for stat in claim.statistics
        for pos in find_all(claim.quote, stat.stated_as)
    ]
    cues = [
        (pos, pos + len(c.cue))
        for claim in article.claims
        for c in claim.citations
        if c.cue
        for pos in find_all(text, c.cue)
    ]
    leftovers = set()
    for match in NUMBER.finditer(text[:body_end]):
        at = match.start()
        if any(s <= at < e for s, e in figures) or any(s <= at < e for s, e in cues):
            continue
        leftovers.add(match.group())
        context = text[max(0, at - 30) : at + 30]
        assert any(token == match.group() and phrase in context for token, phrase in NOT_FIGURES), (
            f"{match.group()!r} at offset {at} is neither a curated figure nor a cue: …{context}…"
        )
    assert leftovers == {token for token, _ in NOT_FIGURES}


def test_every_reference_is_in_the_graph_with_its_verbatim_entry(seed_store):
    rows = select(
        seed_store,
        """SELECT ?n ?source ?verbatim WHERE {
             ?entry a ekg:ReferenceEntry ; ekg:referenceNumber ?n ; ekg:refersTo ?source ;
                    dcterms:bibliographicCitation ?verbatim } ORDER BY ?n""",
    )
    assert [r["n"] for r in rows] == list(range(1, 9))
    text = load_corpus(bundled_data_dir()).articles[0].text
    for row in rows:
        assert row["verbatim"] in text
    assert rows[1]["source"] == WU


def test_experts_and_reviewers(seed_store):
    rows = select(
        seed_store,
        """SELECT ?name ?credentials ?role WHERE {
             ?article a schema:MedicalWebPage ; prov:qualifiedAttribution ?a .
             ?a prov:agent ?p ; prov:hadRole ?r . ?r rdfs:label ?role .
             ?p schema:name ?name ; schema:honorificSuffix ?credentials } ORDER BY ?name""",
    )
    assert [(r["name"], r["credentials"], r["role"]) for r in rows] == [
        ("Dylan Peterson", "PT, DPT", "clinical reviewer"),
        ("Jonathan Lee", "MD, MBA", "medical reviewer"),
        ("Steven Goostree", "PT, DPT", "quoted expert"),
    ]
