"""Provenance questions over the built store: why (where a figure or statement comes from), claims,
sources, source, experts, expert.

Everything here runs on Oxigraph through ``kg.sparql.select`` and never imports rdflib: ``ekg why`` must
answer as a whole process faster than rdflib's SPARQL engine imports. User text is only ever bound as a
value (Oxigraph substitutions), never pasted into query text; numbers parsed from a query are formatted by
us as literals.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from kg.errors import EkgError
from kg.findings import SEVERITY_RANK
from kg.iris import PREFIXES
from kg.numbers import Figure, match_score, parse_figure
from kg.render import Many, Table
from kg.safe import source_link
from kg.sparql import iri as named, select, values_blocks
from kg.vocab import CLAIM_TYPE_BY_IRI, CUE_TYPE_BY_IRI, ECO_LABELS, ROLE_BY_IRI, UNITS

_UNIT_KEY_BY_TEXT = {text: key for key, (text, _) in UNITS.items()}


class NotFound(EkgError):
    """A claim, source or expert that is not in the graph (exit 1, with suggestions)."""

    exit_code = 1


# ---------------------------------------------------------------------------- small helpers


def _num(value: Any) -> str:
    """A number as people write it: 2.6, 20, 800000."""
    if value is None:
        return ""
    value = float(value)
    return f"{int(value)}" if value.is_integer() else f"{value:g}"


def figure_text(stat: dict) -> str:
    """'2.6 times', 'up to 20 percent', '7–10 fluid ounce'."""
    unit = stat.get("unit") or ""
    if stat.get("value") is not None:
        core = _num(stat["value"])
    elif stat.get("min") is not None and stat.get("max") is not None:
        core = f"{_num(stat['min'])}–{_num(stat['max'])}"
    elif stat.get("max") is not None:
        core = f"up to {_num(stat['max'])}"
    else:
        core = f"at least {_num(stat['min'])}"
    return f"{core} {unit}".strip()


def short_citation(authors: str | None, year: Any, title: str | None, publisher: str | None) -> str:
    """'Wu et al. 2021', 'Raabe & Chaudhari 2018', or the publisher/title for authorless web pages."""
    names = [a.strip() for a in (authors or "").split(";") if a.strip()]
    surnames = [n.split(",")[0].strip() for n in names]
    if len(surnames) >= 3:
        who = f"{surnames[0]} et al."
    elif len(surnames) == 2:
        who = f"{surnames[0]} & {surnames[1]}"
    elif surnames:
        who = surnames[0]
    else:
        who = publisher or title or "Anonymous"
    return f"{who} {year}".strip() if year else who


def _words(query: str) -> list[str]:
    """Lower-cased search words with light stemming ('hydration' and 'hydrated' both give 'hydrat')."""
    words = []
    for word in re.findall(r"[^\W_]+(?:['’][^\W_]+)?", query.lower().replace("-", " ")):
        if len(word) <= 2 and not word.isdigit():
            continue
        for suffix in ("ation", "ions", "ion", "ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        words.append(word)
    return list(dict.fromkeys(words))


# ---------------------------------------------------------------------------- claim details

_CLAIM = """
SELECT ?claim ?id ?text ?article ?slug ?title ?section ?evidence WHERE {
  ?claim a ekg:Claim ; dcterms:identifier ?id ; schema:text ?text ; dcterms:isPartOf ?article .
  ?article dcterms:identifier ?slug ; dcterms:title ?title .
  OPTIONAL { ?claim ekg:inSection ?s . ?s rdfs:label ?section }
  OPTIONAL { ?claim ekg:evidenceType ?evidence }
}"""

# Written as separate triple patterns: Oxigraph plans `?target oa:hasSelector ?q, ?p` far worse (50 ms vs 0.3).
# The OPTIONALs come last: between the two selector patterns they cost 115 ms at 100 articles (0.4 ms here).
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
#: kg.backend.substitute: `ekg why` runs it once per cited source and should not pay that regex's compilation
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
        "evidence_level": {"label": row["levelLabel"], "notation": row["levelNotation"]} if row["levelLabel"] and appraised else None,
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
            found.setdefault(f.iri, {
                "iri": f.iri,
                "id": f.id,
                "concerns": f.concerns,
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "evidence": f.evidence,
                "fix": f.fix,
            })
    return sorted(found.values(), key=lambda f: (SEVERITY_RANK.get(f["severity"] or "", 9), f["rule"] or "", f["iri"]))


def findings_for(store, targets: list[str]) -> list[dict]:
    """The audit's stored findings about any of ``targets`` (a claim and its sources), each once, worst first."""
    from kg.findings import findings_for_many

    return _findings(findings_for_many(store, targets), targets)


def claim_details(store, claim: str) -> dict | None:
    """Everything the graph says about one claim, as plain data (the JSON of ``ekg why``)."""
    return claims_details(store, [claim]).get(claim)


def claims_details(store, claims: list[str]) -> dict[str, dict]:
    """``claim_details`` of several claims, each query run once for all of them; claims not in the graph are left out."""
    from kg.findings import findings_for_many

    main = _grouped(store, _CLAIM, "claim", claims)
    claims = [c for c in claims if main.get(c)]
    quotes, types = _grouped(store, _QUOTE, "claim", claims), _grouped(store, _TYPES, "claim", claims)
    stats, attributions = _grouped(store, _STATS, "claim", claims), _grouped(store, _ATTRIBUTION, "claim", claims)
    citations = _grouped(store, _CITATIONS, "claim", claims)
    discrepancies, ambiguities = _grouped(store, _DISCREPANCIES, "claim", claims), _grouped(store, _AMBIGUITIES, "claim", claims)
    # one query per source, its IRI written in as a constant: with a VALUES block Oxigraph planned _SOURCE from every
    # source of the corpus (820 ms at 1,000 articles, against about 1 ms per source)
    source_rows = {src: _source_rows(store, src) for src in sorted({c["source"] for rows in citations.values() for c in rows})}
    stored = findings_for_many(store, [*claims, *source_rows])
    out = {}
    for claim in claims:
        row = main[claim][0]
        quote = quotes[claim][0] if quotes[claim] else {k: None for k in ("exact", "prefix", "suffix", "start", "end")}
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
            details.update({
                "intent": c["intent"].rsplit("/", 1)[-1],
                "cue_type": CUE_TYPE_BY_IRI.get(c["cueType"], c["cueType"]),
                "cue": c["cue"],
                "confidence": c["confidence"],
                "basis": c["basis"],
                "key": c["key"],
                "reference_number": c["number"],
                "reference": c["verbatim"],
            })
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
    from kg.verdicts import decisions, verdicts_for

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


# ---------------------------------------------------------------------------- why

_FIGURE_CANDIDATES = """
SELECT ?claim ?stat ?value ?min ?max ?unit ?statedAs WHERE {
  VALUES ?n { %s }
  { ?stat schema:value ?n } UNION { ?stat schema:minValue ?n } UNION { ?stat schema:maxValue ?n }
  ?claim ekg:statistic ?stat . ?stat schema:unitText ?unit ; ekg:statedAs ?statedAs .
  OPTIONAL { ?stat schema:value ?value } OPTIONAL { ?stat schema:minValue ?min } OPTIONAL { ?stat schema:maxValue ?max }
}"""

#: where words are looked for, and how much a hit there counts
_WORD_FIELDS = {
    "text": (1.0, "?claim a ekg:Claim ; schema:text ?t ."),
    "quote": (1.0, "?anno oa:hasBody ?claim ; oa:hasTarget/oa:hasSelector/oa:exact ?t ."),
    "about": (0.8, "?claim a ekg:Claim ; schema:about/rdfs:label ?t ."),
    "section": (0.5, "?claim ekg:inSection/rdfs:label ?t ."),
    "id": (0.6, "?claim a ekg:Claim ; dcterms:identifier ?t ."),
}
#: One query per word: every field, each branch tagged with its name. The word is bound, never pasted.
_WORD_QUERY = "SELECT ?w ?claim ?field WHERE { %s }" % " UNION ".join(
    '{ %s FILTER (CONTAINS(LCASE(REPLACE(?t, "-", " ")), ?w)) BIND ("%s" AS ?field) }' % (pattern, name)
    for name, (_, pattern) in _WORD_FIELDS.items()
)


def _number_literals(numbers: tuple[float, ...]) -> str:
    """VALUES terms for numbers we parsed ourselves: each as an integer (if whole) and as a decimal."""
    terms = set()
    for n in numbers:
        if float(n).is_integer():
            terms.add(str(int(n)))
            terms.add(f"{int(n)}.0")
        else:
            terms.add(repr(float(n)))
    return " ".join(sorted(terms))


def _figure_matches(store, figure: Figure) -> dict[str, float]:
    scores: dict[str, float] = {}
    if not figure.numbers:
        return scores
    index = getattr(store, "search_index", None)  # the build's figure index (kg.search), where there is one
    rows = index.figures(figure.numbers) if index is not None else select(store, _FIGURE_CANDIDATES % _number_literals(figure.numbers))
    for row in rows:
        unit = _UNIT_KEY_BY_TEXT.get(row["unit"], row["unit"])
        score = match_score(figure, row["value"], row["min"], row["max"], unit)
        if score:
            scores[row["claim"]] = max(scores.get(row["claim"], 0.0), score)
    return scores


def _word_matches(store, words: list[str]) -> dict[str, float]:
    """Score claims by how many of the words they contain, in which fields."""
    if not words:
        return {}
    per_claim: dict[str, dict[str, float]] = {}
    index = getattr(store, "search_index", None)  # the build's word index (kg.search), where there is one
    for word in words:
        for row in (index.hits(word) if index is not None else select(store, _WORD_QUERY, {"w": word})):
            hits = per_claim.setdefault(row["claim"], {})
            hits[word] = max(hits.get(word, 0.0), _WORD_FIELDS[row["field"]][0])
    return {claim: sum(hits.values()) / len(words) for claim, hits in per_claim.items()}


@dataclass
class WhyResult:
    query: str
    figure: Figure | None
    matches: list[dict] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    total: int = 0  # how many claims matched; ``matches`` holds the best --limit of them

    def to_json(self) -> dict:
        figure = None
        if self.figure:
            figure = {"value": self.figure.value, "min": self.figure.min, "max": self.figure.max, "unit": self.figure.unit}
        return {"query": self.query, "figure": figure, "matches": self.matches, "total_matches": self.total,
                "suggestions": self.suggestions}

    def _more(self) -> list[str]:
        """A line saying how many matching claims are not shown, if any."""
        if self.total <= len(self.matches):
            return []
        return [f"Showing the best {len(self.matches)} of {self.total} claims that match {self.query!r} (--limit N shows up to 100)."]

    def tables(self) -> list[Table]:
        rows = []
        for m in self.matches:
            sources = m["sources"] or [None]
            for s in sources:
                rows.append([
                    m["article"]["slug"],
                    m["id"],
                    ", ".join(m["types"]),
                    m["quote"]["exact"],
                    "; ".join(figure_text(st) for st in m["statistics"]),
                    (m["attribution"] or {}).get("name"),
                    s["citation"] if s else "uncited",
                    s.get("link") if s else None,
                    s["cue_type"] if s else None,
                    s["cue"] if s else None,
                    s["design"] if s else None,
                    (s["evidence_level"] or {}).get("label") if s else None,
                    (m["evidence_type"] or {}).get("label"),
                    len(m["findings"]),
                ])
        columns = ["article", "claim", "types", "quote", "figures", "expert", "source", "doi_or_url", "cue_type",
                   "cue", "design", "evidence_level", "evidence_type", "findings"]
        footer = self._more() if self.matches else [f"No claim matches {self.query!r}."]
        return [Table(columns, rows, title=f"Why: {self.query}", footer=footer)]

    def text(self) -> str:
        if not self.matches:
            lines = [f"No claim matches {self.query!r}."]
            if self.suggestions:
                lines.append("Nearest claims:")
                lines.extend(f"  {s}" for s in self.suggestions)
            return "\n".join(lines) + "\n"
        more = self._more()
        return "\n".join([*(render_claim_text(m) for m in self.matches), *more]) + ("\n" if more else "")


def render_claim_text(m: dict) -> str:
    """The human answer for one claim: what, where, who, from which sources, and what the audit found."""
    q = m["quote"]
    lines = [f"{m['article']['slug']}/{m['id']}  [{', '.join(m['types'])}]"]
    lines.append(f"  “{q['exact']}”")
    where = f"section “{q['section']}”, " if q["section"] else ""
    lines.append(f"  {where}characters {q['start']}–{q['end']} of “{m['article']['title']}”")
    for st in m["statistics"]:
        detail = [st["measure"]] if st["measure"] else []
        if st["population"]:
            detail.append(f"population: {st['population']}")
        if st["comparator"]:
            detail.append(f"compared with: {st['comparator']}")
        lines.append(f"  figure: “{st['stated_as']}” = {figure_text(st)}" + (f" ({'; '.join(detail)})" if detail else ""))
        if st["source_reports"]:
            sr = st["source_reports"]
            lines.append(f"    the source reports: {sr['stated_as']}" + (f" ({sr['measure']})" if sr["measure"] else ""))
    a = m["attribution"]
    if a:
        who = a["name"] + (f", {a['credentials']}" if a["credentials"] else "")
        how = f"{a['mode']}: “{a['cue']}”" if a["cue"] else (a["mode"] or "")
        lines.append(f"  attributed to {who} ({a['role']}; {how})")
    if not m["sources"]:
        lines.append(f"  {support_summary(m)}")
    for s in m["sources"]:
        number = f"[{s['reference_number']}] " if s.get("reference_number") else ""
        venue = f", {s['venue']}" if s.get("venue") else (f", {s['publisher']}" if s.get("publisher") else "")
        link = f"doi:{s['doi']}" if s.get("doi") else s.get("url")
        lines.append(f"  source {number}{s['citation']}{venue}" + (f", {link}" if link else ", no DOI or URL"))
        lines.append(f"    {s['title']}")
        signal = {"explicit": "explicit in-text cue", "organisation": "named organisation", "implicit": "implicit (no in-text cue)"}.get(s["cue_type"], s["cue_type"])
        cue = f": “{s['cue']}”" if s.get("cue") else ""
        confidence = f" (link confidence {_num(s['confidence'])})" if s.get("confidence") not in (None, 1, 1.0) else ""
        lines.append(f"    {_INTENT_WORDS.get(s['intent'], s['intent'])}; {signal}{cue}{confidence}")
        if s.get("design"):
            level = s["evidence_level"]["label"] if s.get("evidence_level") else "not rated"
            rater = f", rated by {s['rated_by']}" if s.get("rated_by") else ""
            lines.append(f"    design: {s['design']}; evidence: {level}{rater}")
    if m["evidence_type"]:
        lines.append(f"  evidence type: {m['evidence_type']['label']}")
    for d in m["discrepancies"]:
        lines.append(f"  discrepancy: the source says “{d['source_says']}”" + (f" — {d['note']}" if d["note"] else ""))
    for note in m["ambiguities"]:
        lines.append(f"  ambiguity: {note}")
    if m["findings"]:
        for f in m["findings"]:
            lines.append(f"  audit [{f['severity']}] {f['rule']}: {f['message']}" + _decision_text(f))
    if "verdict" in m:
        from kg.verdicts import verdict_lines

        lines.extend(verdict_lines(m["verdict"]))
    return "\n".join(lines) + "\n"


def _decision_text(f: dict) -> str:
    """" [id] (dismissed by …: reason)" after a finding in `ekg why`."""
    text = f" [{f['id']}]" if f.get("id") else ""
    r = f.get("review")
    if r:
        text += f" ({r['decision']} by {r['by']} on {r['date']}" + (f": {r['reason']}" if r.get("reason") else "") + ")"
    return text


def _suggestions(store, query: str, limit: int = 3) -> list[str]:
    rows = select(store, "SELECT ?claim ?id ?text ?slug WHERE { ?claim a ekg:Claim ; dcterms:identifier ?id ; schema:text ?text ; dcterms:isPartOf/dcterms:identifier ?slug }")
    by_text = {f"{r['slug']}/{r['id']}: {r['text']}": r["text"].lower() for r in rows}
    needle = query.lower()
    scored = sorted(by_text, key=lambda k: -difflib.SequenceMatcher(None, needle, by_text[k][: max(len(needle) * 3, 40)]).ratio())
    return scored[:limit]


def why(store, query: str, limit: int = 5) -> WhyResult:
    """Where a figure or a statement comes from: the best-matching claims, with everything about each, and how
    many claims matched in all."""
    query = query.strip()
    if not query:
        raise EkgError("empty query: give a figure (e.g. \"2.6×\", \"20%\") or words (e.g. \"warm-up\")")
    figure = parse_figure(query)
    scores: dict[str, float] = {}
    total = None  # len(scores), unless the word index ranked and counted the matches itself
    if figure is not None:
        scores = _figure_matches(store, figure)
        if scores and figure.words:
            bonus = _word_matches(store, _words(figure.words))
            scores = {c: s + 0.1 * bonus.get(c, 0.0) for c, s in scores.items()}
    index = getattr(store, "search_index", None)
    if not scores:
        words = _words(query)
        if len(words) == 1 and index is not None:  # one word: the index ranks it, only the best few come back
            best, total = index.best(words[0], {name: weight for name, (weight, _) in _WORD_FIELDS.items()}, limit)
            scores = dict(best)
        else:
            scores = {c: s for c, s in _word_matches(store, words).items() if s >= 0.5 or len(words) == 1}
    ranked = sorted(scores, key=lambda c: (-scores[c], c))[:limit]
    result = WhyResult(query, figure, total=len(scores) if total is None else total)
    found = claims_details(store, ranked)
    for claim in ranked:
        details = found.get(claim)
        if details:
            details["score"] = round(scores[claim], 3)
            result.matches.append(details)
    if not result.matches:
        result.suggestions = _suggestions(store, query)
    return result


# ---------------------------------------------------------------------------- resolving user references


def resolve_sources(store, ref: str) -> list[str]:
    """Source IRIs for a BibTeX key, a DOI (any case, with or without doi:/https://doi.org/) or a URL."""
    from kg.bib import normalise_doi

    ref = ref.strip()
    doi = normalise_doi(ref)
    if re.match(r"^10\.\d{4,9}/\S", doi):  # looked up as a parameter: any DOI-shaped text may be asked for
        return [r["s"] for r in select(store, "SELECT ?doi ?s WHERE { ?s bibo:doi ?doi }", {"doi": doi})]
    if re.match(r"^https?://", ref):
        return [r["s"] for r in select(store, "SELECT ?s WHERE { ?s a ekg:Source }", {"s": named(ref)})]
    rows = select(store, "SELECT ?key ?s WHERE { ?e ekg:citationKey ?key ; ekg:refersTo ?s }", {"key": ref})
    return sorted({r["s"] for r in rows})


def _source_not_found(store, ref: str) -> NotFound:
    keys = [r["key"] for r in select(store, "SELECT DISTINCT ?key WHERE { ?e ekg:citationKey ?key }")]
    close = difflib.get_close_matches(ref, keys, n=1, cutoff=0.5)
    hint = f" (did you mean {close[0]}?)" if close else " (give a BibTeX key, a DOI or a URL; `ekg sources` lists them)"
    return NotFound(f"no source {ref!r} in the graph{hint}")


def resolve_people(store, name: str) -> list[str]:
    """Person IRIs whose name or alias contains every word of ``name`` ("Goostree", "Dr. Goostree")."""
    words = [w for w in re.findall(r"[^\W_]+", name.lower()) if w not in ("dr", "mr", "ms", "mrs", "prof")]
    if not words:
        return []
    people = select(store, """SELECT ?p ?name WHERE { ?p a schema:Person .
        { ?p schema:name ?name } UNION { ?p schema:alternateName ?name } }""")
    found: dict[str, set[str]] = {}
    for row in people:
        found.setdefault(row["p"], set()).add(row["name"].lower())
    return sorted(p for p, names in found.items() if any(all(w in n for w in words) for n in names))


# ---------------------------------------------------------------------------- claims

# The whole-corpus listings (claims, sources, experts) join subqueries, one per pattern, rather than writing
# one basic graph pattern: Oxigraph (0.5) evaluates a pattern by looking each solution up in the next index,
# one by one, but joins subqueries by hashing. At 1,000 articles `ekg claims --type statistical` took 6.4 s
# the first way and 1 s this way. They are sorted in Python: Oxigraph's ORDER BY on 40,000 rows took 1.1 s.
# A few claims named in a VALUES block are read the plain way, which starts from the block.


def _patterns(parts: list[tuple[str, str]], hashed: bool) -> str:
    """Patterns, each with the variables it shares, as one group: each in its own subquery when ``hashed``
    (every claim; see above), else as they are (after a VALUES block that names a few claims)."""
    if hashed:
        return " ".join(f"{{ SELECT {names} WHERE {{ {pattern} }} }}" for pattern, names in parts)
    return " ".join(f"{pattern} ." for pattern, _ in parts)


#: what each claim row of `ekg claims` is made of (and ?evidence, optional)
_CLAIM_ROW = [("?claim a ekg:Claim", "?claim"), ("?claim dcterms:identifier ?id", "?claim ?id"),
              ("?claim schema:text ?text", "?claim ?text"), ("?claim dcterms:isPartOf ?article", "?claim ?article"),
              ("?article dcterms:identifier ?slug", "?article ?slug")]


def _claims_query(scope: str, hashed: bool, filters: str) -> str:
    """The claims of ``scope`` (a VALUES block, or nothing for every claim) with ``filters`` (see _claim_filters)."""
    evidence = _patterns([("?claim ekg:evidenceType ?evidence", "?claim ?evidence")], hashed)
    return (f"SELECT ?claim ?slug ?id ?text ?evidence WHERE {{ {scope} {_patterns(_CLAIM_ROW, hashed)} "
            f"OPTIONAL {{ {evidence} }} {filters} }}")


def _claim_filters(hashed: bool) -> dict[str, str]:
    uncited = "MINUS { SELECT ?claim WHERE { ?claim cito:cites ?anySource } }" if hashed \
        else "FILTER NOT EXISTS { ?claim cito:cites ?anySource }"
    return {"type": "?claim a ?typeIri .", "uncited": uncited, "article": "?article dcterms:identifier ?articleSlug ."}


@dataclass
class ClaimList:
    claims: list[dict]
    title: str = "Claims"

    def to_json(self) -> list[dict]:
        return self.claims

    def tables(self) -> list[Table]:
        rows = [[c["article"], c["id"], ", ".join(c["types"]), c["evidence"], "; ".join(c["sources"]) or "uncited",
                 c["expert"], c["text"]] for c in self.claims]
        columns = ["article", "claim", "types", "evidence", "sources", "expert", "text"]
        return [Table(columns, rows, title=f"{self.title} ({len(rows)})")]


#: up to this many claims, _claim_index and list_claims read only theirs (VALUES blocks); more, and it depends on
#: the corpus: see _few
_INDEX_SUBSET = 5000
#: reading a claim through a VALUES block costs about this many times what one pass over every claim costs per
#: claim (10,000 articles, `ekg claims --about dehydration`, 33,000 of 400,000 claims: 10.3 s through VALUES
#: blocks, 29.2 s in one pass over all)
_VALUES_COST = 5


def _few(store, claims: set[str] | None) -> bool:
    """Whether reading just these claims, in VALUES blocks, is cheaper than one pass over every claim."""
    if claims is None:
        return False
    if len(claims) <= _INDEX_SUBSET:
        return True
    total = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?claim a ekg:Claim }")[0]["n"]  # 0.15 s at 10,000 articles
    return len(claims) * _VALUES_COST <= total


def _claim_index(store, claims: set[str] | None = None, few: bool | None = None, of_type: str | None = None) -> tuple[dict, dict, dict]:
    """types, cited sources (short citations) and experts of every claim (or of ``claims``), in three queries
    (for each block of claims). ``few``: read only ``claims`` (VALUES blocks) rather than every claim once (by
    default when that is cheaper). ``of_type``: a claim type's IRI that every claim of ``claims`` has; one pass
    then reads the claims of that type only, not every claim (`ekg claims --type statistical` at 1,000 articles:
    13,000 of 40,000 claims)."""
    few = claims is not None and (_few(store, claims) if few is None else few)
    typed = f"?claim a {named(of_type)}" if of_type and not few else "?claim a ekg:Claim"
    # a few claims: start from their VALUES blocks; all of them: join subqueries
    scopes = values_blocks("claim", sorted(claims)) if few else [""]

    def rows(head: str, parts: list[tuple[str, str]]) -> list[dict]:
        body = _patterns([(typed, "?claim"), *parts], hashed=not few)
        return [r for scope in scopes for r in select(store, f"{head} WHERE {{ {scope} {body} }}")]

    types: dict[str, list[str]] = {}
    for r in rows("SELECT ?claim ?type", [("?type rdfs:subClassOf ekg:Claim . ?claim a ?type", "?claim ?type")]):
        types.setdefault(r["claim"], []).append(CLAIM_TYPE_BY_IRI.get(r["type"], r["type"]))
    cited = {(r["claim"], r["source"]) for r in rows("SELECT ?claim ?source", [("?claim cito:cites ?source", "?claim ?source")])}
    citations: dict[str, list[str]] = {}  # a source without a title has none, and is not listed
    for r in _source_citations(store, sorted({source for _, source in cited}) if few else None):
        citations.setdefault(r["source"], []).append(short_citation(r["authors"], r["year"], r["title"], r["publisher"]))
    sources: dict[str, list[str]] = {}
    for claim, source in sorted(cited):
        sources.setdefault(claim, []).extend(citations.get(source, ()))
    experts: dict[str, str] = {}
    for r in rows("SELECT ?claim ?name", [("?claim prov:wasAttributedTo ?p", "?claim ?p"), ("?p schema:name ?name", "?p ?name")]):
        experts[r["claim"]] = r["name"]
    return types, sources, experts


def _source_citations(store, sources: list[str] | None) -> list[dict]:
    """Each source's title, authors, year and publisher (of these sources, or of all of them)."""
    query = """SELECT ?source ?authors ?year ?title ?publisher WHERE { %s
        ?source dcterms:title ?title .
        OPTIONAL { ?source ekg:authorList ?authors } OPTIONAL { ?source fabio:hasPublicationYear ?year }
        OPTIONAL { ?source dcterms:publisher/schema:name ?publisher } }"""
    if sources is None:
        return select(store, query % "")
    return [r for block in values_blocks("source", sources) for r in select(store, query % block)]


def list_claims(
    store,
    type: str | None = None,
    uncited: bool = False,
    cites: str | None = None,
    about: str | None = None,
    expert: str | None = None,
    article: str | None = None,
) -> ClaimList:
    """Claims, filtered by type, citation status, cited source, concept, expert and article."""
    from kg.vocab import CLAIM_TYPES

    if type and type not in CLAIM_TYPES:
        close = difflib.get_close_matches(type, CLAIM_TYPES, n=1)
        raise EkgError(f"unknown claim type {type!r} (" + (f"did you mean {close[0]}?" if close else "use one of: " + ", ".join(CLAIM_TYPES)) + ")")
    # the filters that name claims outright first: when they leave few, only those claims are read
    allowed: set[str] | None = None
    if about:
        # labels and claims' concepts as two subqueries, hashed: as one FILTER EXISTS per claim, Oxigraph walked
        # the labels of every concept for every claim (150 s at 1,000 articles; 0.3 s this way)
        stems = _words(about)
        word = stems[0] if len(stems) == 1 else about.lower()
        allowed = {r["claim"] for r in select(store, """SELECT ?word ?claim WHERE {
            { SELECT ?concept ?label WHERE { ?concept rdfs:label ?label } } FILTER (CONTAINS(LCASE(?label), ?word))
            { SELECT ?claim ?concept WHERE { ?claim schema:about ?concept } } }""", {"word": word})}
    if cites:
        sources = resolve_sources(store, cites)
        if not sources:
            raise _source_not_found(store, cites)
        cites_them = {r["claim"] for s in sources for r in select(store, "SELECT ?s ?claim WHERE { ?claim a ekg:Claim ; cito:cites ?s }", {"s": named(s)})}
        allowed = cites_them if allowed is None else allowed & cites_them
    if expert:
        people = resolve_people(store, expert)
        if not people:
            raise NotFound(f"no expert matching {expert!r} (`ekg experts` lists them)")
        attributed = {r["claim"] for p in people for r in select(store, "SELECT ?p ?claim WHERE { ?claim prov:wasAttributedTo ?p }", {"p": named(p)})}
        allowed = attributed if allowed is None else allowed & attributed
    if article:
        # an article's claims, looked up from its slug: filtering every claim by it took 4.3 s at 10,000 articles
        in_article = {r["claim"] for r in select(store, """SELECT ?slug ?claim WHERE {
            ?article dcterms:identifier ?slug . ?claim dcterms:isPartOf ?article ; a ekg:Claim }""", {"slug": article})}
        allowed = in_article if allowed is None else allowed & in_article
    few = _few(store, allowed)
    filters = _claim_filters(hashed=not few)
    blocks, bindings = [], {}
    if type:
        blocks.append(filters["type"])
        bindings["typeIri"] = named(CLAIM_TYPES[type])
    if uncited:
        blocks.append(filters["uncited"])
    if article:
        blocks.append(filters["article"])
        bindings["articleSlug"] = article
    scopes = values_blocks("claim", sorted(allowed)) if few else [""]
    queries = [_claims_query(scope, not few, "\n  ".join(blocks)) for scope in scopes]
    rows = []
    for query in queries:
        # bound variables must be projected (Oxigraph substitutions)
        if bindings:
            query = query.replace("SELECT ?claim", "SELECT " + " ".join(f"?{v}" for v in bindings) + " ?claim", 1)
        rows.extend(r for r in select(store, query, bindings) if allowed is None or r["claim"] in allowed)
    rows.sort(key=lambda r: (r["slug"], r["claim"]))
    types, sources_by_claim, experts = _claim_index(store, {r["claim"] for r in rows}, few if allowed is not None else None,
                                                    CLAIM_TYPES[type] if type else None)
    claims = []
    for r in rows:
        claims.append({
            "iri": r["claim"],
            "article": r["slug"],
            "id": r["id"],
            "types": sorted(types.get(r["claim"], [])),
            "evidence": ECO_LABELS.get(r["evidence"], r["evidence"]),
            "sources": sorted(set(sources_by_claim.get(r["claim"], []))),
            "expert": experts.get(r["claim"]),
            "text": r["text"],
        })
    return ClaimList(claims)


# ---------------------------------------------------------------------------- sources

# joins of subqueries, sorted in Python: see _patterns
_SOURCES = """
SELECT ?source ?title ?authors ?year ?publisher ?doi ?url ?designLabel ?levelLabel WHERE {
  { SELECT ?source WHERE { ?source a ekg:Source } }
  { SELECT ?source ?title WHERE { ?source dcterms:title ?title } }
  OPTIONAL { SELECT ?source ?authors WHERE { ?source ekg:authorList ?authors } }
  OPTIONAL { SELECT ?source ?year WHERE { ?source fabio:hasPublicationYear ?year } }
  OPTIONAL { SELECT ?source ?publisher WHERE { ?source dcterms:publisher/schema:name ?publisher } }
  OPTIONAL { SELECT ?source ?doi WHERE { ?source bibo:doi ?doi } }
  OPTIONAL { SELECT ?source ?url WHERE { ?source schema:url ?url } }
  OPTIONAL { SELECT ?source ?designLabel WHERE { ?source ekg:studyDesign/skos:prefLabel ?designLabel } }
  OPTIONAL { SELECT ?source ?levelLabel WHERE { ?source ekg:evidenceLevel/skos:prefLabel ?levelLabel } }
}"""


@dataclass
class SourceList:
    sources: list[dict]

    def to_json(self) -> list[dict]:
        return self.sources

    def tables(self) -> list[Table]:
        rows = [[Many(s["keys"]), Many(s["reference_numbers"]), s["citation"], s["design"],
                 s["evidence_level"], s["claims"], s["articles"], ", ".join(s["cue_types"]), source_link(s["doi"], s["url"])]
                for s in self.sources]
        columns = ["key", "ref", "source", "design", "evidence_level", "claims", "articles", "cue_types", "doi_or_url"]
        return [Table(columns, rows, title=f"Sources ({len(rows)})")]


def list_sources(store) -> SourceList:
    """Every source, and how many claims (in how many articles) rest on it."""
    claims: dict[str, set[str]] = {}
    articles: dict[str, set[str]] = {}
    cues: dict[str, set[str]] = {}
    for r in select(store, """SELECT ?source ?claim ?article ?cueType WHERE {
            { SELECT ?c ?source WHERE { ?c cito:hasCitedEntity ?source } }
            { SELECT ?c ?claim WHERE { ?c cito:hasCitingEntity ?claim } }
            { SELECT ?c ?cueType WHERE { ?c ekg:cueType ?cueType } }
            { SELECT ?claim ?article WHERE { ?claim dcterms:isPartOf ?article } } }"""):
        claims.setdefault(r["source"], set()).add(r["claim"])
        articles.setdefault(r["source"], set()).add(r["article"])
        cues.setdefault(r["source"], set()).add(CUE_TYPE_BY_IRI.get(r["cueType"], r["cueType"]))
    entries: dict[str, tuple[set, set]] = {}
    for r in select(store, """SELECT ?source ?key ?n WHERE {
            { SELECT ?e ?source WHERE { ?e ekg:refersTo ?source } } { SELECT ?e ?key WHERE { ?e ekg:citationKey ?key } }
            OPTIONAL { SELECT ?e ?n WHERE { ?e ekg:referenceNumber ?n } } }"""):
        keys, numbers = entries.setdefault(r["source"], (set(), set()))
        keys.add(r["key"])
        if r["n"] is not None:
            numbers.add(r["n"])
    out = []
    seen = set()
    for r in sorted(select(store, _SOURCES), key=lambda r: r["source"]):
        if r["source"] in seen:
            continue
        seen.add(r["source"])
        keys, numbers = entries.get(r["source"], (set(), set()))
        out.append({
            "iri": r["source"],
            "keys": sorted(keys),
            "reference_numbers": sorted(numbers),
            "citation": short_citation(r["authors"], r["year"], r["title"], r["publisher"]),
            "title": r["title"],
            "doi": r["doi"],
            "url": r["url"],
            "design": r["designLabel"],
            "evidence_level": r["levelLabel"],
            "claims": len(claims.get(r["source"], ())),
            "articles": len(articles.get(r["source"], ())),
            "cue_types": sorted(cues.get(r["source"], ())),
        })
    out.sort(key=lambda s: (-s["claims"], min(s["reference_numbers"] or [999]), s["iri"]))
    return SourceList(out)


@dataclass
class SourceReport:
    source: dict
    claims: list[dict]
    listed_in: list[str]

    def to_json(self) -> dict:
        return {"source": self.source, "claims": self.claims, "listed_in": self.listed_in}

    def tables(self) -> list[Table]:
        s = self.source
        info = [["citation", s.get("citation")], ["title", s.get("title")], ["link", s.get("link")],
                ["design", s.get("design")], ["evidence level", (s.get("evidence_level") or {}).get("label")],
                ["listed in", Many(self.listed_in)], ["claims resting on it", len(self.claims)]]
        rows = [[c["article"], c["id"], c["intent"], c["cue_type"], c["cue"], c["text"]] for c in self.claims]
        return [
            Table(["field", "value"], info, title=f"Source {s.get('citation')}"),
            Table(["article", "claim", "intent", "cue_type", "cue", "text"], rows,
                  title="Claims that rest on it (what breaks if it is retracted)"),
        ]


def source_report(store, ref: str) -> SourceReport:
    """One source and every claim, in every article, that rests on it."""
    sources = resolve_sources(store, ref)
    if not sources:
        raise _source_not_found(store, ref)
    source = sources[0]
    details = source_details(store, source)
    claims = []
    for r in select(store, """SELECT ?source ?claim ?slug ?id ?text ?intent ?cueType ?cue WHERE {
            ?c cito:hasCitedEntity ?source ; cito:hasCitingEntity ?claim ;
               cito:hasCitationCharacterization ?intent ; ekg:cueType ?cueType .
            OPTIONAL { ?c ekg:cue ?cue }
            ?claim dcterms:identifier ?id ; schema:text ?text ; dcterms:isPartOf/dcterms:identifier ?slug
        } ORDER BY ?slug ?id""", {"source": named(source)}):
        claims.append({
            "iri": r["claim"], "article": r["slug"], "id": r["id"], "text": r["text"],
            "intent": r["intent"].rsplit("/", 1)[-1], "cue_type": CUE_TYPE_BY_IRI.get(r["cueType"], r["cueType"]),
            "cue": r["cue"],
        })
    listed = sorted(r["slug"] for r in select(store, """SELECT ?source ?slug WHERE {
        ?e ekg:refersTo ?source ; dcterms:isPartOf/dcterms:identifier ?slug }""", {"source": named(source)}))
    return SourceReport(details, claims, listed)


# ---------------------------------------------------------------------------- experts

_PEOPLE = """
SELECT ?p ?name ?credentials ?job ?bio WHERE {
  ?p a schema:Person ; schema:name ?name .
  OPTIONAL { ?p schema:honorificSuffix ?credentials } OPTIONAL { ?p schema:jobTitle ?job }
  OPTIONAL { ?p schema:description ?bio }
} ORDER BY ?name ?p"""


@dataclass
class ExpertList:
    experts: list[dict]

    def to_json(self) -> list[dict]:
        return self.experts

    def tables(self) -> list[Table]:
        rows = [[e["name"], e["credentials"], e["job_title"], ", ".join(e["roles"]), e["claims"],
                 e["claims_without_source"], Many(e["articles"])] for e in self.experts]
        columns = ["name", "credentials", "job_title", "roles", "claims", "uncited_claims", "articles"]
        return [Table(columns, rows, title=f"Experts ({len(rows)})")]


def _person(store, row: dict) -> dict:
    """One person's roles, attributed claims and articles (``ekg expert``); list_experts asks it of everyone."""
    roles = {ROLE_BY_IRI.get(r["role"], r["role"]) for r in select(store, """SELECT ?p ?role WHERE {
        ?x prov:qualifiedAttribution ?a . ?a prov:agent ?p ; prov:hadRole ?role }""", {"p": named(row["p"])})}
    claims = select(store, """SELECT ?p ?claim ?cited WHERE { ?claim a ekg:Claim ; prov:wasAttributedTo ?p .
        BIND (EXISTS { ?claim cito:cites ?s } AS ?cited) }""", {"p": named(row["p"])})
    # the article's own patterns inside each branch: joined after the UNION, they made Oxigraph walk every
    # article for each person (3.6 s per person at 1,000 articles; 11 ms this way)
    articles = {r["slug"] for r in select(store, """SELECT ?p ?slug WHERE {
        { ?a prov:agent ?p . ?article prov:qualifiedAttribution ?a ; a schema:MedicalWebPage ; dcterms:identifier ?slug }
        UNION
        { ?claim prov:wasAttributedTo ?p ; dcterms:isPartOf ?article . ?article a schema:MedicalWebPage ; dcterms:identifier ?slug }
        }""", {"p": named(row["p"])})}
    return _person_entry(row, roles, [c["claim"] for c in claims], {c["claim"] for c in claims if c["cited"]}, articles)


def _person_entry(row: dict, roles, claims: list[str], cited: set[str], articles) -> dict:
    """A person's entry: ``row`` from _PEOPLE, the claims attributed to them and which of all claims cite a source."""
    return {
        "iri": row["p"], "name": row["name"], "credentials": row["credentials"], "job_title": row["job"],
        "bio": row["bio"], "roles": sorted(roles), "claims": len(claims),
        "claims_without_source": sum(1 for c in claims if c not in cited), "articles": sorted(articles),
    }


def list_experts(store) -> ExpertList:
    """Every person in the graph, with roles and how many claims rest on their word.

    What ``_person`` asks of one person, asked of everyone at once: three queries that join subqueries (see
    _patterns), where three per person took 1.8 s for 50 people at 1,000 articles. tests/test_listings.py
    checks that both give each person the same entry."""
    roles: dict[str, set[str]] = {}
    for r in select(store, """SELECT ?p ?role WHERE {
            { SELECT DISTINCT ?a WHERE { ?x prov:qualifiedAttribution ?a } }
            { SELECT ?a ?p WHERE { ?a prov:agent ?p } } { SELECT ?a ?role WHERE { ?a prov:hadRole ?role } } }"""):
        roles.setdefault(r["p"], set()).add(ROLE_BY_IRI.get(r["role"], r["role"]))
    cited = {r["claim"] for r in select(store, "SELECT DISTINCT ?claim WHERE { ?claim cito:cites ?s }")}
    claims: dict[str, list[str]] = {}
    for r in select(store, """SELECT ?p ?claim WHERE {
            { SELECT ?claim WHERE { ?claim a ekg:Claim } } { SELECT ?claim ?p WHERE { ?claim prov:wasAttributedTo ?p } } }"""):
        claims.setdefault(r["p"], []).append(r["claim"])
    articles: dict[str, set[str]] = {}
    for r in select(store, """SELECT ?p ?slug WHERE {
            { SELECT ?article ?slug WHERE { ?article a schema:MedicalWebPage ; dcterms:identifier ?slug } }
            { { SELECT ?a ?p WHERE { ?a prov:agent ?p } } { SELECT ?article ?a WHERE { ?article prov:qualifiedAttribution ?a } } }
            UNION
            { { SELECT ?claim ?p WHERE { ?claim prov:wasAttributedTo ?p } } { SELECT ?claim ?article WHERE { ?claim dcterms:isPartOf ?article } } }
            }"""):
        articles.setdefault(r["p"], set()).add(r["slug"])
    seen, people = set(), []
    for row in select(store, _PEOPLE):
        if row["p"] not in seen:
            seen.add(row["p"])
            people.append(_person_entry(row, roles.get(row["p"], set()), claims.get(row["p"], []), cited, articles.get(row["p"], set())))
    people.sort(key=lambda e: (-e["claims"], e["name"]))
    return ExpertList(people)


@dataclass
class ExpertReport:
    expert: dict
    claims: list[dict]

    def to_json(self) -> dict:
        return {"expert": self.expert, "claims": self.claims}

    def tables(self) -> list[Table]:
        e = self.expert
        info = [["name", e["name"]], ["credentials", e["credentials"]], ["job title", e["job_title"]],
                ["roles", ", ".join(e["roles"])], ["articles", Many(e["articles"])],
                ["claims attributed", e["claims"]], ["of which uncited", e["claims_without_source"]]]
        rows = [[c["article"], c["id"], ", ".join(c["types"]), c["mode"], "; ".join(c["sources"]) or "uncited", c["text"]]
                for c in self.claims]
        return [Table(["field", "value"], info, title=e["name"]),
                Table(["article", "claim", "types", "mode", "sources", "text"], rows, title="Claims attributed")]


def expert_report(store, name: str) -> ExpertReport:
    people = resolve_people(store, name)
    if not people:
        names = [r["name"] for r in select(store, "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }")]
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (`ekg experts` lists them)"
        raise NotFound(f"no expert matching {name!r}{hint}")
    if len(people) > 1:
        raise EkgError(f"{name!r} matches {len(people)} people; give more of the name")
    person = people[0]
    row = select(store, _PEOPLE, {"p": named(person)})[0]
    expert = _person(store, row)
    rows = select(store, """SELECT ?p ?claim ?slug ?id ?text ?mode WHERE {
            ?claim prov:wasAttributedTo ?p ; dcterms:identifier ?id ; schema:text ?text ;
                   dcterms:isPartOf/dcterms:identifier ?slug .
            OPTIONAL { ?claim prov:qualifiedAttribution/ekg:attributionMode ?mode } } ORDER BY ?slug ?claim""",
            {"p": named(person)})
    types, sources, _ = _claim_index(store, {r["claim"] for r in rows})
    claims = []
    for r in rows:
        claims.append({"iri": r["claim"], "article": r["slug"], "id": r["id"], "text": r["text"], "mode": r["mode"],
                       "types": sorted(types.get(r["claim"], [])), "sources": sorted(set(sources.get(r["claim"], [])))})
    return ExpertReport(expert, claims)
