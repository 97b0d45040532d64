"""Retractions: read the Retraction Watch data set's CSV and trace which claims rest on a retracted work.

The CSV is the one Crossref publishes for the Retraction Watch database (columns ``Record ID``, ``Title``,
``Journal``, ``RetractionDate``, ``RetractionDOI``, ``OriginalPaperDOI``, ``RetractionNature``, ``Reason``, …).
It is read from a file the user names; nothing is fetched. Only rows whose ``OriginalPaperDOI`` is a DOI
in the graph are kept, so the full data set (tens of thousands of rows) streams through in one pass.

The impact is a dependency graph (networkx): claims depend on the sources they cite, and on the source
statistics their figures were derived from; a retracted source's ancestors are the claims and articles
that rest on it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from kg.dataset.bib import normalise_doi
from kg.errors import MissingData, RetractionsError

REQUIRED = ("OriginalPaperDOI", "RetractionNature")
#: RetractionNature -> severity of the claims resting on the work; a reinstatement lifts an earlier notice
NATURES = {"retraction": "error", "expression of concern": "warning", "correction": "info"}
_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Notice:
    doi: str
    nature: str
    severity: str
    date: str | None = None
    notice_doi: str | None = None
    reason: str | None = None
    record_id: str | None = None

    def describe(self) -> str:
        parts = [self.nature.lower()]
        if self.date:
            parts.append(f"dated {self.date}")
        if self.notice_doi:
            parts.append(f"notice {self.notice_doi}")
        if self.reason:
            parts.append(f"reason: {self.reason}")
        head = ("an " if parts[0][:1] in "aeiou" else "a ") + parts[0]
        return f"{head} ({', '.join(parts[1:])})" if len(parts) > 1 else head


def _date(raw: str) -> str | None:
    """'2/28/1998 0:00' (the data set's form) or an ISO date -> 'YYYY-MM-DD'."""
    raw = (raw or "").strip()
    if not raw:
        return None
    head = raw.split()[0]
    if "/" in head:
        try:
            month, day, year = (int(x) for x in head.split("/"))
            return f"{year:04d}-{month:02d}-{day:02d}"
        except ValueError:
            return raw
    return head[:10]


def _reason(raw: str) -> str | None:
    """'+Falsification/Fabrication of Data;+Investigation by Journal/Publisher;' -> 'Falsification/…; Investigation …'"""
    items = [r.strip().lstrip("+").strip() for r in (raw or "").split(";")]
    items = [r for r in items if r]
    return "; ".join(items) if items else None


def load_retractions(path: Path, dois: set[str] | None = None) -> dict[str, Notice]:
    """The notices of a Retraction Watch CSV, by lower-cased original-paper DOI (the most serious per DOI).

    ``dois`` limits the result to those DOIs. A reinstatement after a retraction clears it.
    """
    path = Path(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise MissingData(
            path, None, None, "retractions file not found", "pass the Retraction Watch CSV you downloaded"
        ) from None
    except OSError as exc:
        raise RetractionsError(
            path, None, None, f"cannot read it ({exc.strerror})", "check the path and permissions"
        ) from exc
    found: dict[str, list[tuple[int, Notice]]] = {}
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as exc:
            raise RetractionsError(path, 1, None, f"not a readable CSV ({exc})", "save it as UTF-8 CSV") from exc
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise RetractionsError(
                path,
                1,
                None,
                f"no column {', '.join(missing)} (columns: {', '.join(h for h in header if h)[:120]})",
                "use the Retraction Watch data set's CSV, whose header names OriginalPaperDOI and RetractionNature",
            )
        try:
            for row in reader:
                raw = (row.get("OriginalPaperDOI") or "").strip()
                if not raw or raw.lower() in ("unavailable", "na", "n/a"):
                    continue
                doi = normalise_doi(raw)
                if dois is not None and doi not in dois:
                    continue
                nature = (row.get("RetractionNature") or "").strip()
                key = nature.lower()
                if key not in NATURES and key != "reinstatement":
                    continue
                found.setdefault(doi, []).append(
                    (
                        reader.line_num,
                        Notice(
                            doi=doi,
                            nature=nature,
                            severity=NATURES.get(key, "info"),
                            date=_date(row.get("RetractionDate") or ""),
                            notice_doi=normalise_doi(row["RetractionDOI"])
                            if (row.get("RetractionDOI") or "").strip().startswith("10.")
                            else None,
                            reason=_reason(row.get("Reason") or ""),
                            record_id=(row.get("Record ID") or "").strip() or None,
                        ),
                    )
                )
        except (UnicodeDecodeError, csv.Error) as exc:
            raise RetractionsError(
                path, reader.line_num, None, f"not a readable CSV ({exc})", "save it as UTF-8 CSV"
            ) from exc
    notices: dict[str, Notice] = {}
    for doi, rows in found.items():
        rows.sort(key=lambda r: ((r[1].date or ""), r[0]))
        live: list[Notice] = []
        for _, notice in rows:
            if notice.nature.lower() == "reinstatement":
                live = [n for n in live if n.severity != "error"]
            else:
                live.append(notice)
        if live:
            notices[doi] = min(live, key=lambda n: (_RANK[n.severity], n.date or ""))
    return notices


@dataclass
class Impact:
    claims: dict[str, list[str]] = field(default_factory=dict)  # claim IRI -> retracted source IRIs it rests on
    reach: dict[str, tuple[int, int]] = field(default_factory=dict)  # source IRI -> (claims, articles) resting on it


def dependency_graph(articles, facts):
    """Claims -> the sources they cite and the source statistics their figures derive from; articles -> claims."""
    import networkx as nx

    graph = nx.DiGraph()
    stat_owner = {iri: src.iri for src in facts.sources.values() for iri in src.statistics}
    for article in articles:
        graph.add_node(article.iri, kind="article")
        for claim in article.claims:
            graph.add_node(claim.iri, kind="claim")
            graph.add_edge(article.iri, claim.iri)
            for citation in claim.citations:
                graph.add_edge(claim.iri, citation.source)
            for stat in claim.statistics:
                for origin in stat.derived_from:
                    if origin in stat_owner:
                        graph.add_edge(claim.iri, origin)
                        graph.add_edge(origin, stat_owner[origin])
    for source in facts.sources.values():
        graph.add_node(source.iri, kind="source")
    return graph


def impact(articles, facts, notices: dict[str, Notice]) -> Impact:
    import networkx as nx

    graph = dependency_graph(articles, facts)
    result = Impact()
    for source in sorted(facts.sources.values(), key=lambda s: s.iri):
        if source.doi not in notices or source.iri not in graph:
            continue
        upstream = nx.ancestors(graph, source.iri)
        claims = sorted(n for n in upstream if graph.nodes[n].get("kind") == "claim")
        articles_hit = [n for n in upstream if graph.nodes[n].get("kind") == "article"]
        result.reach[source.iri] = (len(claims), len(articles_hit))
        for claim in claims:
            result.claims.setdefault(claim, []).append(source.iri)
    return result
