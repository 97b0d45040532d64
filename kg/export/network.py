"""The claim→source dependency network, with networkx: what rests on what, and pictures of it.

Edges point from what depends to what it rests on::

    article --contains--> claim --cites--> source            (CiTO intent and the article's cue type)
    claim --states--> statistic --derived-from--> source statistic --reported-in--> source
    article --lists--> reference entry --refers-to--> source
    claim --attributed-to--> person or organisation

so everything that rests on a source, directly or through a chain, is among its ancestors, and the chain from a
claim to its primary study is a path. Node ids are IRIs; every node has ``kind`` and ``label``.

Exports: ``graphml`` (Gephi, yEd) and ``dot`` (Graphviz) register with ``kg.export.registry``; ``draw()`` runs Graphviz
``dot`` for an SVG or PNG of one claim's or one source's neighbourhood. This module is imported whenever the
export formats are listed, so networkx and graphviz are imported inside the functions that need them.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import EkgError, GraphvizMissing, NotInGraph, did_you_mean
from kg.export.registry import exporter
from kg.util.render import Table
from kg.util.safe import source_link

#: node kinds, in the order pictures and listings give them
KINDS = ("article", "claim", "statistic", "reference", "source", "source-statistic", "agent")


# ------------------------------------------------------------------ building

_ARTICLES = """
SELECT ?a ?slug ?title WHERE { ?a a schema:MedicalWebPage ; dcterms:identifier ?slug . OPTIONAL { ?a dcterms:title ?title } }
"""
_CLAIMS = """
SELECT ?c ?id ?a ?text ?evidence WHERE {
  ?c a ekg:Claim ; dcterms:identifier ?id ; dcterms:isPartOf ?a .
  OPTIONAL { ?c schema:text ?text } OPTIONAL { ?c ekg:evidenceType ?evidence }
}
"""
_CLAIM_TYPES = "SELECT ?c ?type WHERE { ?c a ekg:Claim ; a ?type . ?type rdfs:subClassOf ekg:Claim }"
_STATISTICS = """
SELECT ?owner ?s ?statedAs ?measure ?derivedFrom ?reported WHERE {
  { ?owner ekg:statistic ?s } UNION { ?owner ekg:reportsStatistic ?s BIND(true AS ?reported) }
  ?s ekg:statedAs ?statedAs .
  OPTIONAL { ?s ekg:measure ?measure }
  OPTIONAL { ?s prov:wasDerivedFrom ?derivedFrom }
}
"""
_SOURCES = """
SELECT ?s ?title ?doi ?url ?year ?authors ?publisher ?design ?level ?notation WHERE {
  ?s a ekg:Source .
  OPTIONAL { ?s dcterms:title ?title } OPTIONAL { ?s bibo:doi ?doi } OPTIONAL { ?s schema:url ?url }
  OPTIONAL { ?s fabio:hasPublicationYear ?year } OPTIONAL { ?s ekg:authorList ?authors }
  OPTIONAL { ?s dcterms:publisher/schema:name ?publisher }
  OPTIONAL { ?s ekg:studyDesign/skos:prefLabel ?design }
  OPTIONAL { ?s ekg:evidenceLevel ?l . ?l skos:prefLabel ?level ; skos:notation ?notation }
}
"""
_REFERENCES = """
SELECT ?a ?e ?key ?number ?source WHERE {
  ?a ekg:hasReference ?e . ?e ekg:refersTo ?source ; ekg:citationKey ?key .
  OPTIONAL { ?e ekg:referenceNumber ?number }
}
"""
_CITATIONS = """
SELECT ?c ?source ?intent ?cueType ?cue ?confidence WHERE {
  ?citation a ekg:Citation ; cito:hasCitingEntity ?c ; cito:hasCitedEntity ?source .
  OPTIONAL { ?citation cito:hasCitationCharacterization ?intent }
  OPTIONAL { ?citation ekg:cueType ?cueType }
  OPTIONAL { ?citation ekg:cue ?cue }
  OPTIONAL { ?citation ekg:confidence ?confidence }
}
"""
#: citations recorded only as a cito:cites triple (no ekg:Citation node), e.g. from other tools' data
_BARE_CITATIONS = """
SELECT ?c ?source WHERE {
  ?c a ekg:Claim ; cito:cites ?source .
  FILTER NOT EXISTS { ?citation cito:hasCitingEntity ?c ; cito:hasCitedEntity ?source }
}
"""
_ATTRIBUTIONS = """
SELECT ?c ?agent ?name ?credentials ?person WHERE {
  ?c a ekg:Claim ; prov:wasAttributedTo ?agent .
  OPTIONAL { ?agent schema:name ?name } OPTIONAL { ?agent schema:honorificSuffix ?credentials }
  OPTIONAL { ?agent a schema:Person BIND(true AS ?person) }
}
"""


def _local(iri: str | None) -> str | None:
    """The last segment of an IRI: ``…/cito/citesAsDataSource`` -> ``citesAsDataSource``."""
    if iri is None:
        return None
    return re.split(r"[/#]", iri)[-1]


def _cue_key(iri: str | None) -> str | None:
    from kg.dataset.vocab import CUE_TYPE_BY_IRI

    return CUE_TYPE_BY_IRI.get(iri, _local(iri)) if iri else None


def source_label(authors: str | None, year: Any, publisher: str | None, title: str | None) -> str:
    """A short name for a source: ``Wu et al. 2021``, ``Raabe & Chaudhari 2018``, ``Cleveland Clinic 2020``."""
    year = f" {year}" if year else ""
    names = [a.strip() for a in (authors or "").split(";") if a.strip()]
    families = [n.split(",")[0].strip() for n in names]
    if len(families) == 1:
        return f"{families[0]}{year}"
    if len(families) == 2:
        return f"{families[0]} & {families[1]}{year}"
    if families:
        return f"{families[0]} et al.{year}"
    if publisher:
        return f"{publisher}{year}"
    title = title or "untitled source"
    return (title if len(title) <= 40 else title[:39] + "…") + year


def _clean(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if v is not None}


def dependency_graph(store):
    """The whole network of the built graph as an ``nx.DiGraph`` (see the module's docstring)."""
    import networkx as nx

    from kg.dataset.vocab import CLAIM_TYPE_BY_IRI, ECO_LABELS
    from kg.sparql.run import select

    g = nx.DiGraph()
    for row in select(store, _ARTICLES):
        g.add_node(
            row["a"], **_clean({"kind": "article", "label": row["slug"], "slug": row["slug"], "title": row["title"]})
        )
    slugs = {a: d["slug"] for a, d in g.nodes(data=True)}
    for row in select(store, _CLAIMS):
        slug = slugs.get(row["a"])
        g.add_node(
            row["c"],
            **_clean(
                {
                    "kind": "claim",
                    "label": row["id"],
                    "id": row["id"],
                    "slug": slug,
                    "text": row["text"],
                    "evidence": ECO_LABELS.get(row["evidence"], row["evidence"]),
                    "types": "",
                }
            ),
        )
        g.add_edge(row["a"], row["c"], relation="contains")
    for row in select(store, _CLAIM_TYPES):
        types = g.nodes[row["c"]]["types"].split(", ") if g.nodes[row["c"]]["types"] else []
        g.nodes[row["c"]]["types"] = ", ".join(
            sorted({*types, CLAIM_TYPE_BY_IRI.get(row["type"], _local(row["type"]))})
        )
    for row in select(store, _SOURCES):
        if row["s"] in g and g.nodes[row["s"]].get("kind") == "source":
            continue  # a second value of a many-valued field (a source with two publishers): keep the first
        g.add_node(
            row["s"],
            **_clean(
                {
                    "kind": "source",
                    "label": source_label(row["authors"], row["year"], row["publisher"], row["title"]),
                    "title": row["title"],
                    "doi": row["doi"],
                    "url": row["url"],
                    "design": row["design"],
                    "level": row["level"],
                    "notation": row["notation"],
                    "year": str(row["year"]) if row["year"] else None,
                }
            ),
        )
    for row in select(store, _REFERENCES):
        number = f"[{row['number']}] " if row["number"] is not None else ""
        g.add_node(
            row["e"],
            **_clean(
                {
                    "kind": "reference",
                    "label": f"{number}{row['key']}",
                    "key": row["key"],
                    "slug": slugs.get(row["a"]),
                    "number": row["number"],
                }
            ),
        )
        g.add_edge(row["a"], row["e"], relation="lists")
        g.add_edge(row["e"], row["source"], relation="refers-to")
    for row in select(store, _STATISTICS):
        kind = "source-statistic" if row["reported"] else "statistic"
        g.add_node(row["s"], **_clean({"kind": kind, "label": row["statedAs"], "measure": row["measure"]}))
        if row["reported"]:
            g.add_edge(row["s"], row["owner"], relation="reported-in")
        else:
            g.add_edge(row["owner"], row["s"], relation="states")
        if row["derivedFrom"]:
            g.add_edge(row["s"], row["derivedFrom"], relation="derived-from")
    for row in select(store, _CITATIONS):
        g.add_edge(
            row["c"],
            row["source"],
            **_clean(
                {
                    "relation": "cites",
                    "intent": _local(row["intent"]) or "cites",
                    "cue": _cue_key(row["cueType"]),
                    "cueText": row["cue"],
                    "confidence": None if row["confidence"] is None else float(row["confidence"]),
                }
            ),
        )
    for row in select(store, _BARE_CITATIONS):
        g.add_edge(row["c"], row["source"], relation="cites", intent="cites")
    for row in select(store, _ATTRIBUTIONS):
        label = row["name"] or _local(row["agent"])
        if row["credentials"]:
            label = f"{label}, {row['credentials']}"
        g.add_node(row["agent"], **_clean({"kind": "agent", "label": label, "person": bool(row["person"])}))
        g.add_edge(row["c"], row["agent"], relation="attributed-to")
    for node, data in g.nodes(data=True):  # a node only an edge named (a source without ekg:Source type)
        data.setdefault(
            "kind",
            "source"
            if any(d.get("relation") in ("cites", "refers-to") for _, _, d in g.in_edges(node, data=True))
            else "other",
        )
        data.setdefault("label", _local(node) or node)
    return g


# ------------------------------------------------------------------ finding a node


def resolve(g, text: str, kinds: tuple[str, ...] = ("claim", "source")) -> str:
    """The node a user names: a claim by id, ``slug/id`` or IRI; a source by BibTeX key, DOI (any case, with
    or without ``doi:`` or ``https://doi.org/``) or URL. Compared in Python: the text never reaches SPARQL."""
    from kg.dataset.bib import normalise_doi

    wanted = text.strip()
    found: set[str] = set()
    if wanted in g and g.nodes[wanted].get("kind") in kinds:
        return wanted
    doi = normalise_doi(wanted)
    for node, data in g.nodes(data=True):
        kind = data.get("kind")
        if kind not in kinds:
            continue
        if kind == "claim" and wanted in (data.get("id"), f"{data.get('slug')}/{data.get('id')}"):
            found.add(node)
        elif kind == "source":
            if doi and data.get("doi") and doi == data["doi"].lower():
                found.add(node)
            elif wanted and wanted in (data.get("url"), node):
                found.add(node)
    if "source" in kinds:
        for node, data in g.nodes(data=True):
            if data.get("kind") == "reference" and data.get("key") == wanted:
                found.update(t for t in g.successors(node) if g.nodes[t].get("kind") == "source")
    if len(found) == 1:
        return found.pop()
    if found:
        names = sorted(_qualified(g, n) for n in found)
        raise NotInGraph(f"{text!r} matches {len(found)} nodes: {', '.join(names)} (name one of them)")
    what = " or ".join(kinds)
    candidates = [d.get("id") for _, d in g.nodes(data=True) if d.get("kind") == "claim" and "claim" in kinds]
    candidates += [d.get("key") for _, d in g.nodes(data=True) if d.get("kind") == "reference" and "source" in kinds]
    hint = did_you_mean(wanted, sorted({c for c in candidates if c}))
    fix = hint or "give a claim id, slug/id or IRI, or a source's BibTeX key, DOI or URL"
    raise NotInGraph(f"no {what} matches {text!r} ({fix})")


def _qualified(g, node: str) -> str:
    data = g.nodes[node]
    if data.get("kind") == "claim":
        return f"{data.get('slug')}/{data.get('id')}"
    return node


# ------------------------------------------------------------------ questions


def neighbourhood(g, node: str):
    """The provenance neighbourhood of a claim or a source, as a subgraph.

    A claim: the claim, everything it rests on (statistics, the source statistics they derive from, cited
    sources, who it is attributed to), its article and that article's reference entries for those sources.
    A source: the source and everything that rests on it (claims, directly or through a chain, their
    statistics, the reference entries and articles), plus the statistics it reports.
    """
    import networkx as nx

    kind = g.nodes[node].get("kind")
    keep = {node}
    if kind == "claim":
        keep |= nx.descendants(g, node)
        articles = {p for p in g.predecessors(node) if g.nodes[p].get("kind") == "article"}
        keep |= articles
        sources = {n for n in keep if g.nodes[n].get("kind") == "source"}
        for source in sources:
            for entry in g.predecessors(source):
                if g.nodes[entry].get("kind") == "reference" and any(a in articles for a in g.predecessors(entry)):
                    keep.add(entry)
    else:
        keep |= nx.ancestors(g, node)
    return g.subgraph(keep).copy()


@dataclass
class Impact:
    """What a source's retraction touches: every claim resting on it, directly or through a chain, and the
    articles that hold those claims or list the source."""

    source: str
    label: str
    claims: list[dict] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"source": self.source, "label": self.label, "claims": self.claims, "articles": self.articles}

    def tables(self) -> list[Table]:
        return [
            Table(
                ["article", "claim", "how", "path"],
                [[c["article"], c["claim"], c["how"], " → ".join(c["path"])] for c in self.claims],
                title=f"Claims resting on {self.label}",
            ),
            Table(
                ["article", "claims", "lists it"],
                [[a["article"], a["claims"], a["lists_source"]] for a in self.articles],
                title="Articles affected",
            ),
        ]


def retraction_impact(g, source: str) -> Impact:
    """Every claim and article that rests on ``source``, each claim with its shortest path to it."""
    import networkx as nx

    claims = []
    reverse = g.reverse(copy=False)
    paths = nx.single_source_shortest_path(reverse, source)
    for node, path in paths.items():
        data = g.nodes[node]
        if data.get("kind") != "claim":
            continue
        forward = list(reversed(path))
        how = "cites it" if len(forward) == 2 else "through " + ", ".join(g.nodes[n]["kind"] for n in forward[1:-1])
        claims.append(
            {
                "article": data.get("slug"),
                "claim": data.get("id"),
                "iri": node,
                "how": how,
                "path": [g.nodes[n]["label"] for n in forward],
            }
        )
    claims.sort(key=lambda c: (c["article"] or "", c["claim"] or ""))
    articles: dict[str, dict] = {}
    for claim in claims:
        entry = articles.setdefault(claim["article"], {"article": claim["article"], "claims": 0, "lists_source": False})
        entry["claims"] += 1
    for entry_node in g.predecessors(source):
        if g.nodes[entry_node].get("kind") == "reference":
            for article in g.predecessors(entry_node):
                slug = g.nodes[article].get("slug")
                articles.setdefault(slug, {"article": slug, "claims": 0, "lists_source": False})["lists_source"] = True
    return Impact(source, g.nodes[source]["label"], claims, sorted(articles.values(), key=lambda a: a["article"] or ""))


def chains_to_sources(g, claim: str) -> list[list[str]]:
    """Every path from a claim to a source it rests on, shortest first: ``[claim, source]`` for a citation,
    ``[claim, statistic, source statistic, source]`` where a stated figure derives from the source's own."""
    import networkx as nx

    chains: list[list[str]] = []
    for node in nx.descendants(g, claim):
        if g.nodes[node].get("kind") == "source":
            chains.extend(nx.all_simple_paths(g, claim, node))
    return sorted(chains, key=lambda p: (len(p), p))


def most_relied_upon(g, top: int | None = None) -> list[dict]:
    """Sources ranked by how many claims rest on them (directly or through a chain), then by articles and by
    in-degree centrality (the share of nodes that point straight at them)."""
    import networkx as nx

    centrality = nx.in_degree_centrality(g)
    ranked = []
    for node, data in g.nodes(data=True):
        if data.get("kind") != "source":
            continue
        above = nx.ancestors(g, node)
        claims = [n for n in above if g.nodes[n].get("kind") == "claim"]
        direct = [n for n in g.predecessors(node) if g.nodes[n].get("kind") == "claim"]
        articles = {n for n in above if g.nodes[n].get("kind") == "article"}
        ranked.append(
            {
                "source": node,
                "label": data["label"],
                "claims": len(claims),
                "direct": len(direct),
                "articles": len(articles),
                "in_degree_centrality": round(centrality[node], 6),
            }
        )
    ranked.sort(key=lambda r: (-r["claims"], -r["articles"], -r["in_degree_centrality"], r["label"]))
    return ranked[:top] if top else ranked


# ------------------------------------------------------------------ exports and pictures


def to_graphml(g) -> str:
    """GraphML for Gephi or yEd: node ids are IRIs, every attribute a string, number or boolean."""
    import io

    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(_sorted_copy(g), out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def _sorted_copy(g):
    """The same graph with nodes and edges inserted in a stable order, so exports are byte-identical."""
    import networkx as nx

    h = nx.DiGraph()
    for node in sorted(g.nodes, key=lambda n: _sort_key(g, n)):
        h.add_node(node, **{k: v for k, v in sorted(g.nodes[node].items()) if v is not None})
    for u, v in sorted(g.edges, key=lambda e: (_sort_key(g, e[0]), _sort_key(g, e[1]))):
        h.add_edge(u, v, **{k: val for k, val in sorted(g.edges[u, v].items()) if val is not None})
    return h


def _sort_key(g, node: str):
    kind = g.nodes[node].get("kind", "other")
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), str(g.nodes[node].get("label", "")), node)


_STYLE = {
    "article": {"shape": "tab", "style": "filled", "fillcolor": "#dfe8f5"},
    "claim": {"shape": "box", "style": "rounded,filled", "fillcolor": "#fff3cf"},
    "statistic": {"shape": "note", "style": "filled", "fillcolor": "#fffbe8"},
    "reference": {"shape": "note", "style": "filled", "fillcolor": "#f2f2f2"},
    "source": {"shape": "box3d", "style": "filled", "fillcolor": "#e3f1e0", "margin": "0.2,0.08"},
    "source-statistic": {"shape": "note", "style": "filled", "fillcolor": "#eef7ec"},
    "agent": {"shape": "ellipse", "style": "filled", "fillcolor": "#f1e6f5"},
    "other": {"shape": "box"},
}
#: evidence-level notation -> source fill: stronger evidence greener, ungraded grey
_LEVEL_FILL = {"1": "#b9e3b0", "2": "#c9eac1", "3": "#e3f1e0", "4": "#f4f0d0", "5": "#f5e3cf", "U": "#e6e6e6"}


def _wrap(text: str, width: int = 38, lines: int = 4) -> list[str]:
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1] + "…"
    return wrapped


def node_lines(data: dict) -> list[str]:
    """The lines of a node's label in a picture."""
    kind = data.get("kind")
    if kind == "claim":
        head = f"{data.get('id')}" + (f" ({data['types']})" if data.get("types") else "")
        evidence = [f"[{data['evidence']}]"] if data.get("evidence") else []
        return [head, *_wrap(data.get("text", "")), *evidence]
    if kind == "source":
        lines = [data["label"], *_wrap(data.get("title", ""), 40, 2)]
        rating = " · ".join(x for x in (data.get("design"), data.get("level")) if x)
        if rating:
            lines.append(rating)
        if data.get("doi"):
            lines.append(f"doi:{data['doi']}")
        return lines
    if kind == "article":
        return [data["label"], *_wrap(data.get("title", ""), 40, 2)]
    if kind in ("statistic", "source-statistic"):
        return [f"“{data['label']}”", *([data["measure"]] if data.get("measure") else [])]
    return [str(data.get("label", ""))]


def edge_label(data: dict) -> str:
    if data.get("relation") == "cites":
        cue = f"\n({data['cue']} cue)" if data.get("cue") else ""
        return f"{data.get('intent', 'cites')}{cue}"
    return str(data.get("relation", ""))


def to_dot(g, focus: str | None = None, name: str = "evidence", svg: bool = False) -> str:
    """Graphviz DOT source of the network (or a neighbourhood). Node ids are n0, n1, … (IRIs are full of
    colons, which DOT reads as ports); each node's IRI is its tooltip, and a source links to its DOI or URL.
    ``svg``: the source is for ``dot -Tsvg``, which writes links into the SVG unescaped."""
    import graphviz

    h = _sorted_copy(g)
    ids = {node: f"n{i}" for i, node in enumerate(h.nodes)}
    dot = graphviz.Digraph(name)
    dot.attr(rankdir="LR", fontname="Helvetica", nodesep="0.25", ranksep="0.5")
    dot.attr("node", fontname="Helvetica", fontsize="10")
    dot.attr("edge", fontname="Helvetica", fontsize="8", color="#555555")
    for node, data in h.nodes(data=True):
        kind = data.get("kind", "other")
        style = dict(_STYLE.get(kind, _STYLE["other"]))
        if kind == "source" and data.get("notation") in _LEVEL_FILL:
            style["fillcolor"] = _LEVEL_FILL[data["notation"]]
        if node == focus:
            style["penwidth"] = "2.5"
        label = graphviz.nohtml("\\n".join(graphviz.escape(line) for line in node_lines(data)))
        link = None
        if kind == "source":
            # a DOI or URL from a page is checked where it enters; the link is percent-encoded all the same
            link = source_link(data.get("doi"), data.get("url"))
            if link and svg:  # dot copies a URL into the SVG as given: "&" must already be XML's "&amp;"
                link = link.replace("&", "&amp;")
        dot.node(
            ids[node],
            label=label,
            tooltip=graphviz.escape(node),
            **({"URL": graphviz.escape(link)} if link else {}),
            **style,
        )
    for u, v, data in h.edges(data=True):
        attrs = {"label": graphviz.nohtml("\\n".join(graphviz.escape(x) for x in edge_label(data).split("\n")))}
        if data.get("cue") == "implicit":
            attrs["style"] = "dashed"
        if data.get("relation") in ("lists", "refers-to", "contains"):
            attrs["color"] = "#aaaaaa"
        dot.edge(ids[u], ids[v], **attrs)
    return dot.source


PICTURE_FORMATS = {".svg": "svg", ".png": "png", ".dot": None, ".gv": None}


def dot_program() -> str:
    """The path of Graphviz's ``dot``, or GraphvizMissing with how to install it."""
    found = shutil.which("dot")
    if not found:
        raise GraphvizMissing(
            "Graphviz's dot program was not found on PATH (install it: apt-get install graphviz, or brew install graphviz)"
        )
    return found


def render_dot(source: str, fmt: str) -> bytes:
    """Run ``dot -T<fmt>`` on DOT source."""
    import graphviz

    dot_program()
    try:
        return graphviz.pipe("dot", fmt, source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing(
            "Graphviz's dot program was not found on PATH (install it: apt-get install graphviz, or brew install graphviz)"
        ) from None
    except graphviz.CalledProcessError as exc:
        message = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[:1] or [str(exc)]
        raise EkgError(f"dot failed: {message[0]}") from None


@dataclass
class Picture:
    """What ``ekg graph`` drew: the file, the focus node, and the nodes and edges in the picture."""

    file: str
    focus: str
    nodes: list[dict]
    edges: list[dict]

    def to_json(self) -> dict:
        return {"file": self.file, "focus": self.focus, "nodes": self.nodes, "edges": self.edges}

    def tables(self) -> list[Table]:
        return [
            Table(
                ["kind", "label", "iri"],
                [[n["kind"], n["label"], n["iri"]] for n in self.nodes],
                title=f"Nodes drawn in {self.file}",
            ),
            Table(["from", "relation", "to"], [[e["from"], e["relation"], e["to"]] for e in self.edges], title="Edges"),
        ]


def draw(store, target: str, output: Path) -> Picture:
    """Draw the provenance neighbourhood of a claim or source into ``output`` (.svg, .png, or .dot source)."""
    from kg.util.fsutil import atomic_write_bytes

    suffix = Path(output).suffix.lower()
    if suffix not in PICTURE_FORMATS:
        raise EkgError(f"cannot draw {output}: give a file ending in .svg, .png or .dot")
    fmt = PICTURE_FORMATS[suffix]
    if fmt:
        dot_program()  # before any work: say how to install it
    g = dependency_graph(store)
    node = resolve(g, target)
    sub = neighbourhood(g, node)
    source = to_dot(sub, focus=node, name=g.nodes[node]["label"], svg=fmt == "svg")
    data = render_dot(source, fmt) if fmt else source.encode("utf-8")
    try:
        atomic_write_bytes(Path(output), data)
    except OSError as exc:
        raise EkgError(f"cannot write {output}: {exc.strerror} (check the folder exists and is writable)") from None
    h = _sorted_copy(sub)
    nodes = [{"kind": d.get("kind"), "label": d.get("label"), "iri": n} for n, d in h.nodes(data=True)]
    labels = {n: h.nodes[n].get("label") for n in h.nodes}
    edges = [
        {"from": labels[u], "relation": edge_label(d).replace("\n", " "), "to": labels[v]}
        for u, v, d in h.edges(data=True)
    ]
    return Picture(str(output), node, nodes, edges)


@exporter(
    "graphml", ".graphml", "GraphML of the claim-source network (articles, claims, statistics, sources), for Gephi"
)
def export_graphml(store, include_ontology: bool = True) -> str:
    return to_graphml(dependency_graph(store))


@exporter("dot", ".dot", "Graphviz DOT of the claim-source network")
def export_dot(store, include_ontology: bool = True) -> str:
    return to_dot(dependency_graph(store))
