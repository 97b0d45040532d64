"""A claim's and a source's details: quote, type, statistics, attribution, citations, the source's record, the
audit's findings and the reviewers' verdicts (``ekg why``, ``ekg claim``, ``ekg source``)."""

from __future__ import annotations

from kg.dataset.vocab import CLAIM_TYPE_BY_IRI, CUE_TYPE_BY_IRI, ECO_LABELS, ROLE_BY_IRI
from kg.iris import PREFIXES
from kg.provenance.common import short_citation
from kg.provenance.findings import SEVERITY_RANK
from kg.sparql.run import select
from kg.sparql.terms import iri as named
from kg.sparql.terms import values_blocks
from kg.util.safe import source_link

# ---------------------------------------------------------------------------- claim details

_CLAIM = """
SELECT ?claim ?id ?text ?article ?slug ?title ?section ?evidence WHERE {
  ?claim a ekg:Claim ; dcterms:identifier ?id ; schema:text ?text ; dcterms:isPartOf ?article .
  ?article dcterms:identifier ?slug ; dcterms:title ?title .
  OPTIONAL { ?claim ekg:inSection ?s . ?s rdfs:label ?section }
  OPTIONAL { ?claim ekg:evidenceType ?evidence }
}"""

# Written as separate triple patterns: Oxigraph plans `?target oa:hasSelector ?q, ?p` far worse. The OPTIONALs
# come last: between the two selector patterns they made the query hundreds of times slower.
_QUOTE = """
SELECT ?claim ?exact ?prefix ?suffix ?start ?end WHERE {
  ?anno oa:hasBody ?claim . ?anno oa:hasTarget ?target .
  ?target oa:hasSelector ?q . ?q oa:exact ?exact .
  ?target oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end .
  OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix }
}"""

_TYPES = "SELECT ?claim ?type WHERE { ?claim a ?type . ?type rdfs:subClassOf ekg:Claim }"

_STATS = """
SELECT ?claim ?stat ?statedAs ?measure ?value ?min ?max ?unit ?population ?comparator ?outcome ?approximate
       ?qualifier ?derived ?dStatedAs ?dMeasure ?dValue ?dMin ?dMax WHERE {
  ?claim ekg:statistic ?stat . ?stat ekg:statedAs ?statedAs ; schema:unitText ?unit .
  OPTIONAL { ?stat ekg:measure ?measure } OPTIONAL { ?stat schema:value ?value }
  OPTIONAL { ?stat schema:minValue ?min } OPTIONAL { ?stat schema:maxValue ?max }
  OPTIONAL { ?stat ekg:population ?population } OPTIONAL { ?stat ekg:comparator ?comparator }
  OPTIONAL { ?stat ekg:outcome ?outcome } OPTIONAL { ?stat ekg:approximate ?approximate }
  OPTIONAL { ?stat ekg:qualifier ?qualifier }
  OPTIONAL { ?stat prov:wasDerivedFrom ?derived . ?derived ekg:statedAs ?dStatedAs .
             OPTIONAL { ?derived ekg:measure ?dMeasure } OPTIONAL { ?derived schema:value ?dValue }
             OPTIONAL { ?derived schema:minValue ?dMin } OPTIONAL { ?derived schema:maxValue ?dMax } }
} ORDER BY ?stat"""

_ATTRIBUTION = """
SELECT ?claim ?agent ?name ?credentials ?job ?role ?mode ?cue ?isPerson WHERE {
  ?claim prov:qualifiedAttribution ?a . ?a prov:agent ?agent ; prov:hadRole ?role .
  ?agent schema:name ?name .
  OPTIONAL { ?agent schema:honorificSuffix ?credentials } OPTIONAL { ?agent schema:jobTitle ?job }
  OPTIONAL { ?a ekg:attributionMode ?mode } OPTIONAL { ?a ekg:cue ?cue }
  BIND (EXISTS { ?agent a schema:Person } AS ?isPerson)
}"""

_CITATIONS = """
SELECT ?claim ?source ?intent ?cueType ?cue ?confidence ?basis ?key ?number ?verbatim WHERE {
  ?citation cito:hasCitingEntity ?claim ; cito:hasCitedEntity ?source ;
            cito:hasCitationCharacterization ?intent ; ekg:cueType ?cueType .
  OPTIONAL { ?citation ekg:cue ?cue } OPTIONAL { ?citation ekg:confidence ?confidence }
  OPTIONAL { ?citation ekg:basis ?basis }
  OPTIONAL { ?citation dcterms:references ?entry . ?entry ekg:citationKey ?key .
             OPTIONAL { ?entry ekg:referenceNumber ?number }
             OPTIONAL { ?entry dcterms:bibliographicCitation ?verbatim } }
} ORDER BY ?number"""

_SOURCE = """
SELECT ?source ?title ?authors ?year ?venue ?publisher ?volume ?issue ?pages ?doi ?url ?kind
       ?design ?designLabel ?level ?levelLabel ?levelNotation ?appraisedIn ?basis ?ratedBy WHERE {
  ?source a ekg:Source ; dcterms:title ?title .
  OPTIONAL { ?source ekg:authorList ?authors } OPTIONAL { ?source fabio:hasPublicationYear ?year }
  OPTIONAL { ?source dcterms:isPartOf ?v . ?v dcterms:title ?venue }
  OPTIONAL { ?source dcterms:publisher ?o . ?o schema:name ?publisher }
  OPTIONAL { ?source bibo:volume ?volume } OPTIONAL { ?source bibo:issue ?issue }
  OPTIONAL { ?source bibo:pages ?pages } OPTIONAL { ?source bibo:doi ?doi } OPTIONAL { ?source schema:url ?url }
  OPTIONAL { ?source a ?kind FILTER (?kind IN (fabio:JournalArticle, fabio:WebPage)) }
  OPTIONAL { ?source ekg:appraisal ?ap . ?ap ekg:studyDesign ?design ; ekg:evidenceLevel ?level .
             ?design skos:prefLabel ?designLabel . ?level skos:prefLabel ?levelLabel ; skos:notation ?levelNotation .
             OPTIONAL { ?ap ekg:appraisedIn ?appraisedIn }
             OPTIONAL { ?ap ekg:basis ?basis }
             OPTIONAL { ?ap prov:wasAttributedTo ?rater . ?rater schema:name ?ratedBy } }
}"""

_DISCREPANCIES = """
SELECT ?claim ?source ?says ?note ?by WHERE {
  ?claim ekg:discrepancy ?d . ?d ekg:source ?source ; ekg:sourceSays ?says .
  OPTIONAL { ?d rdfs:comment ?note } OPTIONAL { ?d prov:wasAttributedTo ?a . ?a schema:name ?by }
}"""

_AMBIGUITIES = "SELECT ?claim ?note WHERE { ?claim ekg:ambiguity ?note }"

_INTENT_WORDS = {
    "citesAsDataSource": "cited as the data source",
    "citesAsEvidence": "cited as evidence",
    "obtainsSupportFrom": "cited for support",
    "citesAsAuthority": "cited as an authority",
    "citesForInformation": "cited for information",
    "citesAsRecommendedReading": "cited as recommended reading",
    "disputes": "disputes",
}


def _grouped(store, query: str, var: str, iris: list[str]) -> dict[str, list[dict]]:
    """Rows of ``query`` for each of ``iris`` (bound to ``?var`` by a VALUES block at the top of the WHERE group:
    one query for all of them, where a bound query each cost a parse and a plan per claim), in query order."""
    out: dict[str, list[dict]] = {iri: [] for iri in iris}
    if iris:
        start = query.index("{") + 1
        for block in values_blocks(var, iris):
            for row in select(store, f"{query[:start]} {block} {query[start:]}"):
                out.setdefault(row[var], []).append(row)
    return out


#: _SOURCE with the source written in as a constant (an escaped IRI), without the query tokenizer of
#: kg.sparql.text.substitute: `ekg why` runs it once per cited source and should not pay that regex's compilation
_SOURCE_FOR = _SOURCE.replace("SELECT ?source ", "SELECT ", 1).replace("?source", "%(source)s")


def _source_rows(store, source: str) -> list[dict]:
    rows = select(store, _SOURCE_FOR % {"source": str(named(source))})
    for row in rows:
        row["source"] = source
    return rows


def _source_row(rows: list[dict], article: str | None) -> dict:
    """Of a source's rows (one per appraisal, venue, …), the one appraised in ``article`` if there is one; else the
    first in a fixed order. A source that many articles cite has an appraisal from each."""
    rows = sorted(rows, key=lambda r: sorted((k, str(v)) for k, v in r.items()))
    if article is not None:
        for row in rows:
            if row["appraisedIn"] == article:
                return row
        unappraised = [r for r in rows if r["appraisedIn"] is None]
        if unappraised:
            return unappraised[0]
    return rows[0]


def _source_dict(source: str, rows: list[dict], article: str | None = None) -> dict:
    if not rows:
        return {"iri": source}
    row = _source_row(rows, article)
    doi = row["doi"]
    appraised = article is None or row["appraisedIn"] in (None, article)
    return {
        "iri": source,
        "citation": short_citation(row["authors"], row["year"], row["title"], row["publisher"]),
        "title": row["title"],
        "authors": [a.strip() for a in (row["authors"] or "").split(";") if a.strip()],
        "year": int(row["year"]) if row["year"] else None,
        "venue": row["venue"],
        "publisher": row["publisher"],
        "volume": row["volume"],
        "issue": row["issue"],
        "pages": row["pages"],
        "doi": doi,
        "url": row["url"],
        "link": source_link(doi, row["url"]),
        "kind": "journal article" if row["kind"] == PREFIXES["fabio"] + "JournalArticle" else "web page",
        "design": row["designLabel"] if appraised else None,
        "evidence_level": {"label": row["levelLabel"], "notation": row["levelNotation"]}
        if row["levelLabel"] and appraised
        else None,
        "appraisal_basis": row["basis"] if appraised else None,
        "rated_by": row["ratedBy"] if appraised else None,
    }


def source_details(store, source: str, article: str | None = None) -> dict:
    """A source as plain data; its design and evidence level as ``article`` appraised it (any, if None)."""
    return _source_dict(source, _source_rows(store, source), article)


def _findings(stored: dict, targets: list[str], article: str | None = None) -> list[dict]:
    """The stored findings about any of ``targets`` (a claim and its sources), each once, worst first; with
    ``article``, only those its audit found (or the corpus's): a source many articles cite has a finding for
    every article's reference to it, and the others' say nothing about this claim."""
    found: dict[str, dict] = {}
    for target in targets:
        for f in stored.get(target, []):
            if article and f.article and f.article != article:
                continue
            found.setdefault(
                f.iri,
                {
                    "iri": f.iri,
                    "id": f.id,
                    "concerns": f.concerns,
                    "rule": f.rule,
                    "severity": f.severity,
                    "message": f.message,
                    "evidence": f.evidence,
                    "fix": f.fix,
                },
            )
    return sorted(found.values(), key=lambda f: (SEVERITY_RANK.get(f["severity"] or "", 9), f["rule"] or "", f["iri"]))


def findings_for(store, targets: list[str]) -> list[dict]:
    """The audit's stored findings about any of ``targets`` (a claim and its sources), each once, worst first."""
    from kg.provenance.findings import findings_for_many

    return _findings(findings_for_many(store, targets), targets)


def claim_details(store, claim: str) -> dict | None:
    """Everything the graph says about one claim, as plain data (the JSON of ``ekg why``)."""
    return claims_details(store, [claim]).get(claim)


def claims_details(store, claims: list[str]) -> dict[str, dict]:
    """``claim_details`` of several claims, each query run once for all of them; claims not in the graph are left out."""
    from kg.provenance.findings import findings_for_many

    main = _grouped(store, _CLAIM, "claim", claims)
    claims = [c for c in claims if main.get(c)]
    quotes, types = _grouped(store, _QUOTE, "claim", claims), _grouped(store, _TYPES, "claim", claims)
    stats, attributions = _grouped(store, _STATS, "claim", claims), _grouped(store, _ATTRIBUTION, "claim", claims)
    citations = _grouped(store, _CITATIONS, "claim", claims)
    discrepancies, ambiguities = (
        _grouped(store, _DISCREPANCIES, "claim", claims),
        _grouped(store, _AMBIGUITIES, "claim", claims),
    )
    # one query per source, its IRI written in as a constant: with a VALUES block Oxigraph planned _SOURCE from every
    # source of the corpus (hundreds of times slower than a query per source)
    source_rows = {
        src: _source_rows(store, src) for src in sorted({c["source"] for rows in citations.values() for c in rows})
    }
    stored = findings_for_many(store, [*claims, *source_rows])
    out = {}
    for claim in claims:
        row = main[claim][0]
        quote = quotes[claim][0] if quotes[claim] else dict.fromkeys(("exact", "prefix", "suffix", "start", "end"))
        statistics = []
        for s in stats[claim]:
            stat = {
                "stated_as": s["statedAs"],
                "measure": s["measure"],
                "value": s["value"],
                "min": s["min"],
                "max": s["max"],
                "unit": s["unit"],
                "approximate": bool(s["approximate"]),
                "qualifier": s["qualifier"],
                "population": s["population"],
                "comparator": s["comparator"],
                "outcome": s["outcome"],
                "source_reports": None,
            }
            if s["derived"]:
                stat["source_reports"] = {
                    "stated_as": s["dStatedAs"],
                    "measure": s["dMeasure"],
                    "value": s["dValue"],
                    "min": s["dMin"],
                    "max": s["dMax"],
                }
            statistics.append(stat)
        attribution = None
        for a in attributions[claim]:
            attribution = {
                "name": a["name"],
                "credentials": a["credentials"],
                "job_title": a["job"],
                "kind": "person" if a["isPerson"] else "organisation",
                "role": ROLE_BY_IRI.get(a["role"], a["role"].rsplit("#", 1)[-1]),
                "mode": a["mode"],
                "cue": a["cue"],
            }
        sources = []
        for c in citations[claim]:
            details = _source_dict(c["source"], source_rows.get(c["source"], []), row["article"])
            details.update(
                {
                    "intent": c["intent"].rsplit("/", 1)[-1],
                    "cue_type": CUE_TYPE_BY_IRI.get(c["cueType"], c["cueType"]),
                    "cue": c["cue"],
                    "confidence": c["confidence"],
                    "basis": c["basis"],
                    "key": c["key"],
                    "reference_number": c["number"],
                    "reference": c["verbatim"],
                }
            )
            sources.append(details)
        evidence = row["evidence"]
        out[claim] = {
            "iri": claim,
            "id": row["id"],
            "article": {"slug": row["slug"], "title": row["title"], "iri": row["article"]},
            "types": sorted(CLAIM_TYPE_BY_IRI.get(r["type"], r["type"]) for r in types[claim]),
            "text": row["text"],
            "quote": {
                "exact": quote["exact"],
                "prefix": quote["prefix"],
                "suffix": quote["suffix"],
                "start": quote["start"],
                "end": quote["end"],
                "section": row["section"],
            },
            "statistics": statistics,
            "attribution": attribution,
            "sources": sources,
            "uncited": not sources,
            "evidence_type": {"iri": evidence, "label": ECO_LABELS.get(evidence, evidence)} if evidence else None,
            "discrepancies": [
                {"source": d["source"], "source_says": d["says"], "note": d["note"], "recorded_by": d["by"]}
                for d in discrepancies[claim]
            ],
            "ambiguities": sorted(r["note"] for r in ambiguities[claim]),
            "findings": _findings(stored, [claim, *(s["iri"] for s in sources)], row["article"]),
        }
    _add_reviews(store, out)
    return out


def _add_reviews(store, details: dict[str, dict]) -> None:
    """Each claim's verdict (reviewed.yaml) and each finding's decision, if a reviewer recorded one."""
    from kg.provenance.verdicts import decisions, verdicts_for

    verdicts = verdicts_for(store, list(details))
    decided = decisions(store) if any(d["findings"] for d in details.values()) else {}
    for claim, d in details.items():
        d["verdict"] = verdicts.get(claim)
        slug = d["article"]["slug"]
        for f in d["findings"]:
            f["review"] = decided.get((slug, f["id"]))


def support_summary(details: dict) -> str:
    """One line on what a claim rests on: its sources, or plainly that it has none."""
    if details["sources"]:
        return "; ".join(
            f"{s['citation']}" + (f" ({s['cue_type']} cue)" if s.get("cue_type") else "") for s in details["sources"]
        )
    attribution = details["attribution"]
    if attribution and attribution["kind"] == "person":
        who = attribution["name"] + (f", {attribution['credentials']}" if attribution["credentials"] else "")
        return f"no cited source; attributed to {who} (expert opinion)"
    if attribution:
        return f"no cited source; attributed to {attribution['name']} (organisation)"
    return "no cited source; not attributed to anyone"
