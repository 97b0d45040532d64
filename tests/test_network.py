"""The claim→source network (kg.export.network): its shape, a retraction's impact, chains to the primary study, the
most relied-upon sources, GraphML and DOT exports, and `ekg graph` pictures drawn by the real Graphviz."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter

import pytest

from kg.errors import NotInGraph
from kg.export import network

ID = "https://w3id.org/evidence-kg/id/"
WARMUP = ID + "claim/lower-back-pain-after-running/warmup-2-6x"
WU = "https://doi.org/10.1155/2021/6660304"
ACE_PT = "https://www.ace-pt.org/ace-physical-therapy-and-sports-medicine-institute-what-is-correct-running-form/"
SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: str) -> list[str]:
    """The text lines of an SVG as a reader sees them (Graphviz writes "-" as "&#45;", and so on)."""
    import xml.etree.ElementTree as ET

    return ["".join(t.itertext()) for t in ET.fromstring(svg.encode("utf-8")).iter(f"{SVG}text")]


def svg_links(svg: str) -> set[str]:
    import xml.etree.ElementTree as ET

    return {a.get("{http://www.w3.org/1999/xlink}href") for a in ET.fromstring(svg.encode("utf-8")).iter(f"{SVG}a")}


#: skipped on a machine without Graphviz, never in CI (.ci/run installs it): there a missing dot fails
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None and not os.environ.get("CI"),
    reason="Graphviz dot is not installed (apt-get install graphviz)",
)


@pytest.fixture(scope="module")
def graph(seed_cache):
    return network.dependency_graph(seed_cache.open(auto_build=False))


# ------------------------------------------------------------------ the network


def test_nodes_and_edges_of_the_seed(graph):
    kinds = Counter(d["kind"] for _, d in graph.nodes(data=True))
    assert kinds == {
        "claim": 117,
        "statistic": 26,
        "source": 8,
        "reference": 8,
        "agent": 3,
        "article": 1,
        "source-statistic": 1,
    }
    relations = Counter(d["relation"] for _, _, d in graph.edges(data=True))
    assert relations["contains"] == 117
    assert relations["cites"] == 17
    assert relations["derived-from"] == 1


def test_citation_edges_carry_intent_cue_and_confidence(graph):
    assert graph.edges[WARMUP, WU] == {
        "relation": "cites",
        "intent": "citesAsDataSource",
        "cue": "explicit",
        "cueText": "according to a 2021 study published in Pain Research Management",
        "confidence": 1.0,
    }
    implicit = graph.edges[ID + "claim/lower-back-pain-after-running/form-arm-swing", ACE_PT]
    assert (implicit["intent"], implicit["cue"], implicit["confidence"]) == ("obtainsSupportFrom", "implicit", 0.5)


def test_source_nodes(graph):
    data = graph.nodes[WU]
    assert (data["kind"], data["label"], data["doi"], data["design"], data["level"]) == (
        "source",
        "Wu et al. 2021",
        "10.1155/2021/6660304",
        "cross-sectional study",
        "Level 4",
    )
    assert graph.nodes["https://doi.org/10.1016/j.jbiomech.2017.11.037"]["label"] == "Raabe & Chaudhari 2018"
    assert graph.nodes[ACE_PT]["label"] == "ACE Physical Therapy and Sports Medicine Institute 2017"


@pytest.mark.parametrize(
    "authors, year, publisher, title, expected",
    [
        ("Wu, B.; Chen, C.-C.; Wang, J.", "2021", None, None, "Wu et al. 2021"),
        ("Raabe, M. E.; Chaudhari, A. M. W.", "2018", None, None, "Raabe & Chaudhari 2018"),
        ("Weber, S.", "2021", "University Hospitals", None, "Weber 2021"),
        (None, "2020", "Cleveland Clinic", "Sports & Back Pain", "Cleveland Clinic 2020"),
        (
            None,
            None,
            None,
            "A very long title that goes on and on and on forever",
            "A very long title that goes on and on a…",
        ),
        (None, None, None, None, "untitled source"),
    ],
)
def test_source_label(authors, year, publisher, title, expected):
    assert network.source_label(authors, year, publisher, title) == expected


def test_retraction_impact_of_wu2021(graph):
    impact = network.retraction_impact(graph, WU)
    assert impact.to_json() == {
        "source": WU,
        "label": "Wu et al. 2021",
        "claims": [
            {
                "article": "lower-back-pain-after-running",
                "claim": "warmup-2-6x",
                "iri": WARMUP,
                "how": "cites it",
                "path": ["warmup-2-6x", "Wu et al. 2021"],
            },
        ],
        "articles": [{"article": "lower-back-pain-after-running", "claims": 1, "lists_source": True}],
    }


def test_retraction_impact_of_a_source_no_claim_cites(graph):
    impact = network.retraction_impact(
        graph, "https://www.uptodate.com/contents/low-back-pain-in-adults-beyond-the-basics"
    )
    assert impact.claims == []
    assert impact.articles == [{"article": "lower-back-pain-after-running", "claims": 0, "lists_source": True}]


def test_retraction_impact_follows_chains_through_statistics(graph):
    """A claim that only derives a figure from a source (no citation of its own) still rests on it."""
    g = graph.copy()
    g.remove_edge(WARMUP, WU)
    impact = network.retraction_impact(g, WU)
    assert [(c["claim"], c["how"], c["path"]) for c in impact.claims] == [
        (
            "warmup-2-6x",
            "through statistic, source-statistic",
            ["warmup-2-6x", "2.6 times", "OR 2.617", "Wu et al. 2021"],
        )
    ]


def test_chains_from_a_claim_to_its_primary_study(graph):
    chains = network.chains_to_sources(graph, WARMUP)
    assert [[graph.nodes[n]["label"] for n in chain] for chain in chains] == [
        ["warmup-2-6x", "Wu et al. 2021"],
        ["warmup-2-6x", "2.6 times", "OR 2.617", "Wu et al. 2021"],
    ]


def test_an_uncited_claim_has_no_chain(graph):
    assert network.chains_to_sources(graph, ID + "claim/lower-back-pain-after-running/prevalence-80-percent") == []


def test_most_relied_upon_sources(graph):
    ranked = network.most_relied_upon(graph)
    assert [(r["label"], r["claims"], r["direct"], r["articles"]) for r in ranked] == [
        ("ACE Physical Therapy and Sports Medicine Institute 2017", 7, 7, 1),
        ("Cleveland Clinic 2020", 5, 5, 1),
        ("American Council on Exercise 2009", 2, 2, 1),
        ("Wu et al. 2021", 1, 1, 1),
        ("Maselli et al. 2020", 1, 1, 1),
        ("Raabe & Chaudhari 2018", 1, 1, 1),
        ("Chou 2021", 0, 0, 1),
        ("Weber 2021", 0, 0, 1),
    ]
    assert ranked[0]["in_degree_centrality"] == round(8 / (graph.number_of_nodes() - 1), 6)
    assert len(network.most_relied_upon(graph, top=2)) == 2


# ------------------------------------------------------------------ naming a claim or a source


@pytest.mark.parametrize(
    "text, expected",
    [
        ("warmup-2-6x", WARMUP),
        ("lower-back-pain-after-running/warmup-2-6x", WARMUP),
        (WARMUP, WARMUP),
        ("wu2021", WU),
        ("10.1155/2021/6660304", WU),
        ("10.1155/2021/6660304".upper(), WU),
        ("doi:10.1155/2021/6660304", WU),
        ("DOI: 10.1155/2021/6660304", WU),
        ("https://doi.org/10.1155/2021/6660304", WU),
        ("http://dx.doi.org/10.1155/2021/6660304", WU),
        ("  wu2021 ", WU),
        (ACE_PT, ACE_PT),
        ("ace-pt2017", ACE_PT),
    ],
)
def test_resolve(graph, text, expected):
    assert network.resolve(graph, text) == expected


@pytest.mark.parametrize("text", ['"', "'", "{ } }", "'; DROP", "\\", "", "ünïcödé", "\n"])
def test_resolve_hostile_text(graph, text):
    with pytest.raises(NotInGraph, match="^no claim or source matches "):
        network.resolve(graph, text)


def test_resolve_suggests_the_nearest(graph):
    with pytest.raises(NotInGraph) as caught:
        network.resolve(graph, "wu2012")
    assert str(caught.value) == "no claim or source matches 'wu2012' (did you mean wu2021?)"


def test_resolve_reports_an_ambiguous_name(graph):
    g = graph.copy()
    g.add_node(
        ID + "claim/other-article/warmup-2-6x",
        kind="claim",
        id="warmup-2-6x",
        slug="other-article",
        label="warmup-2-6x",
    )
    with pytest.raises(NotInGraph) as caught:
        network.resolve(g, "warmup-2-6x")
    assert str(caught.value) == (
        "'warmup-2-6x' matches 2 nodes: lower-back-pain-after-running/warmup-2-6x, other-article/warmup-2-6x (name one of them)"
    )
    assert network.resolve(g, "other-article/warmup-2-6x") == ID + "claim/other-article/warmup-2-6x"


# ------------------------------------------------------------------ neighbourhoods


def test_a_claims_neighbourhood(graph):
    sub = network.neighbourhood(graph, WARMUP)
    assert sorted(d["label"] for _, d in sub.nodes(data=True)) == [
        "2.6 times",
        "OR 2.617",
        "Wu et al. 2021",
        "[2] wu2021",
        "lower-back-pain-after-running",
        "warmup-2-6x",
    ]


def test_a_sources_neighbourhood_is_everything_resting_on_it(graph):
    sub = network.neighbourhood(graph, ACE_PT)
    claims = sorted(d["label"] for _, d in sub.nodes(data=True) if d["kind"] == "claim")
    assert claims == [
        "form-arm-swing",
        "form-land-softly",
        "form-leg-lift",
        "form-look-ahead",
        "form-relaxed-shoulders",
        "pain-change-technique",
        "tip-running-form",
    ]
    assert {d["kind"] for _, d in sub.nodes(data=True)} == {"article", "claim", "reference", "source"}


# ------------------------------------------------------------------ exports


def test_graphml_export_reads_back(seed_cache, ekg):
    import networkx as nx

    result = ekg("export", "--format", "graphml")
    assert result.exit_code == 0
    back = nx.read_graphml(__import__("io").BytesIO(result.output.encode("utf-8")))
    assert back.number_of_nodes() == 164
    assert back.edges[WARMUP, WU]["intent"] == "citesAsDataSource"
    assert back.nodes[WU]["label"] == "Wu et al. 2021"


def test_exports_are_byte_identical_across_runs(seed_cache):
    store = seed_cache.open(auto_build=False)
    assert network.export_graphml(store) == network.export_graphml(store)
    assert network.export_dot(store) == network.export_dot(store)


@needs_dot
def test_dot_export_is_valid_graphviz(ekg):
    result = ekg("export", "--format", "dot")
    assert result.exit_code == 0
    assert result.output.startswith("digraph evidence {\n")
    drawn = subprocess.run(["dot", "-Tsvg"], input=result.output.encode(), capture_output=True, check=True)
    texts = svg_texts(drawn.stdout.decode("utf-8"))
    assert "Wu et al. 2021" in texts
    assert sum(1 for t in texts if t.startswith("warmup-2-6x (")) == 1


def test_dot_labels_escape_hostile_text(graph):
    g = graph.subgraph([WARMUP]).copy()
    g.nodes[WARMUP]["text"] = 'a "quote" {brace} <b>bold</b> back\\slash \\n not a newline'
    source = network.to_dot(g)
    assert '\\"quote\\"' in source
    assert "back\\\\slash \\\\n not a newline" in source


# ------------------------------------------------------------------ ekg graph


@needs_dot
def test_ekg_graph_draws_an_svg_of_a_claim(ekg, tmp_path):
    out = tmp_path / "warmup.svg"
    result = ekg("graph", "warmup-2-6x", "-o", str(out), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "# Nodes drawn in " + str(out) + "\n"
        "kind,label,iri\n"
        f"article,lower-back-pain-after-running,{ID}article/lower-back-pain-after-running\n"
        f"claim,warmup-2-6x,{WARMUP}\n"
        f"statistic,2.6 times,{WARMUP}/statistic/1\n"
        f"reference,[2] wu2021,{ID}reference/lower-back-pain-after-running/wu2021\n"
        f"source,Wu et al. 2021,{WU}\n"
        f"source-statistic,OR 2.617,{ID}statistic/lower-back-pain-after-running/wu2021/warmup-or\n"
        "\n"
        "# Edges\n"
        "from,relation,to\n"
        "lower-back-pain-after-running,contains,warmup-2-6x\n"
        "lower-back-pain-after-running,lists,[2] wu2021\n"
        "warmup-2-6x,states,2.6 times\n"
        "warmup-2-6x,citesAsDataSource (explicit cue),Wu et al. 2021\n"
        "2.6 times,derived-from,OR 2.617\n"
        "[2] wu2021,refers-to,Wu et al. 2021\n"
        "OR 2.617,reported-in,Wu et al. 2021\n"
    )
    svg = out.read_text(encoding="utf-8")
    texts = svg_texts(svg)
    for label in (
        "warmup-2-6x (association, statistical)",
        "Wu et al. 2021",
        "doi:10.1155/2021/6660304",
        "cross-sectional study · Level 4",
        "“2.6 times”",
        "risk-ratio",
        "“OR 2.617”",
        "odds-ratio",
        "citesAsDataSource",
        "(explicit cue)",
        "[2] wu2021",
        "lower-back-pain-after-running",
    ):
        assert label in texts, label
    assert "https://doi.org/10.1155/2021/6660304" in svg_links(svg)


@needs_dot
def test_ekg_graph_draws_a_png_of_a_source_named_by_doi(ekg, tmp_path):
    out = tmp_path / "wu.png"
    result = ekg("graph", "DOI:10.1155/2021/6660304", "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    drawn = json.loads(result.stdout)
    assert drawn["focus"] == WU
    assert {n["label"] for n in drawn["nodes"]} >= {"warmup-2-6x", "Wu et al. 2021"}


@needs_dot
def test_ekg_graph_of_an_uncited_claim_shows_who_said_it(ekg, tmp_path):
    out = tmp_path / "p80.svg"
    result = ekg("graph", "prevalence-80-percent", "-o", str(out), "--format", "json")
    assert result.exit_code == 0
    texts = svg_texts(out.read_text(encoding="utf-8"))
    assert "Steven Goostree, PT, DPT" in texts
    assert "[expert opinion]" in texts


def test_ekg_graph_writes_dot_source_without_graphviz(ekg, tmp_path):
    out = tmp_path / "warmup.dot"
    result = ekg("graph", "warmup-2-6x", "-o", str(out), "--format", "json", env={"PATH": ""})
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith('digraph "warmup-2-6x" {')


def test_ekg_graph_without_dot_says_how_to_install_it(ekg, tmp_path):
    out = tmp_path / "warmup.svg"
    result = ekg("graph", "warmup-2-6x", "-o", str(out), env={"PATH": ""})
    assert result.exit_code == 2
    assert result.output == (
        "Error: Graphviz's dot program was not found on PATH (install it: apt-get install graphviz, or brew install graphviz)\n"
    )
    assert not out.exists()


def test_ekg_graph_unknown_suffix(ekg, tmp_path):
    result = ekg("graph", "warmup-2-6x", "-o", str(tmp_path / "x.jpg"))
    assert result.exit_code == 2
    assert result.output == f"Error: cannot draw {tmp_path}/x.jpg: give a file ending in .svg, .png or .dot\n"


@pytest.mark.parametrize("text", ['"', "'; DROP", "{ } }", "\\", "", "ünïcödé"])
def test_ekg_graph_hostile_names(ekg, tmp_path, text):
    result = ekg("graph", text, "-o", str(tmp_path / "x.dot"))
    assert result.exit_code == 2
    assert result.output.startswith("Error: no claim or source matches ")
    assert result.output.count("\n") == 1
    assert not (tmp_path / "x.dot").exists()


def test_ekg_graph_suggests_a_claim(ekg, tmp_path):
    result = ekg("graph", "warmup", "-o", str(tmp_path / "x.dot"))
    assert result.output == "Error: no claim or source matches 'warmup' (did you mean warmup-2-6x?)\n"


@needs_dot
def test_ekg_graph_unwritable_output(ekg, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = ekg("graph", "warmup-2-6x", "-o", str(blocker / "x.svg"))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: cannot write {blocker}/x.svg: ")
