"""What the interoperability exports share: the claims as plain records read from the store, the audit's
verdict on each claim as a rating on an explained scale, and the export's generation time.

Rating scale (schema.org ``reviewRating``: worstRating 1, bestRating 5), from what a claim rests on:

    5  well supported     cites a clinical study, with a cue in the text, appraised at evidence level 1 or 2
    4  supported          cites a clinical study, with a cue in the text, of a lower or no level
    3  traceable          cites a source, but not a clinical study (or links it without a cue)
    2  weak               rests on a named expert's or organisation's word alone
    1  unsupported        neither cites a source nor says who says it

then capped by what reviewers and the audit found: a recorded discrepancy with a cited source or an audit
warning caps it at 2, an audit error at 1. Audit info findings do not change the rating. Findings about a
cited source (not the claim) are named in the explanation but do not cap the claim's rating.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.iris import (
    AUDIT_GRAPH,
    ECO_CLINICAL_STUDY,
    ECO_EXPERT,
    ECO_TRACEABLE,
    ECO_UNTRACEABLE,
    ID,
    PREFIXES,
)

SOFTWARE_IRI = ID + "software/evidence-kg"
AUDIT_AGENT_IRI = ID + "agent/evidence-kg-audit"

WORST, BEST = 1, 5
LABELS = {5: "Well supported", 4: "Supported", 3: "Traceable", 2: "Weak", 1: "Unsupported"}
SCALE_NOTE = "Scale: 1 unsupported, 2 weak, 3 traceable, 4 supported, 5 well supported."
SEVERITY_CAP = {"error": 1, "warning": 2}


def generation_time() -> dt.datetime:
    """When an export is generated: ``$SOURCE_DATE_EPOCH`` if set (the reproducible-builds convention, for
    byte-identical output), else now. UTC, whole seconds."""
    from kg.util.reproducible import source_date_epoch

    return source_date_epoch() or dt.datetime.now(dt.UTC).replace(microsecond=0)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def software_version() -> str:
    from kg import __version__

    return __version__


@dataclass
class ArticleRecord:
    iri: str
    slug: str
    title: str
    url: str | None
    published: str | None
    language: str | None
    publisher: str | None
    publisher_name: str | None

    @property
    def address(self) -> str:
        """Where an annotation client finds the article: its URL when known, else its IRI."""
        return self.url or self.iri


@dataclass
class CitedSource:
    iri: str
    key: str | None
    cue_type: str  # explicit | organisation | implicit
    design: str | None  # its label: "systematic review"
    level: str | None  # level-1 … level-5, ungraded


@dataclass
class FindingRecord:
    iri: str
    concerns: str
    severity: str
    rule: str | None
    comment: str | None
    fix: str | None


@dataclass
class ClaimRecord:
    iri: str
    id: str
    text: str
    article: ArticleRecord
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    evidence_type: str
    annotation: str
    agent: str | None = None
    agent_name: str | None = None
    agent_is_person: bool = False
    citations: list[CitedSource] = field(default_factory=list)
    discrepancies: int = 0


@dataclass
class Assessment:
    value: int
    label: str
    explanation: str
    findings: list[FindingRecord]
    audited: bool  # whether an audit has run on this graph


_ARTICLES = """
SELECT ?article ?slug ?title ?url ?published ?language ?publisher ?publisherName WHERE {
  ?article a schema:MedicalWebPage ; dcterms:identifier ?slug ; dcterms:title ?title .
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:inLanguage ?language }
  OPTIONAL { ?article schema:publisher ?publisher . OPTIONAL { ?publisher schema:name ?publisherName } }
}"""

# Each pattern in its own subquery: Oxigraph hashes subqueries, but looks a plain pattern's rows up one by one
# (reading every claim as one group of patterns took about four times as long; tests/test_listings.py checks
# the rows).
_CLAIMS = """
SELECT ?claim ?id ?text ?article ?eco ?anno ?quote ?prefix ?suffix ?start ?end WHERE {
  { SELECT ?claim WHERE { ?claim a ekg:Claim } }
  { SELECT ?claim ?id WHERE { ?claim dcterms:identifier ?id } }
  { SELECT ?claim ?text WHERE { ?claim schema:text ?text } }
  { SELECT ?claim ?article WHERE { ?claim dcterms:isPartOf ?article } }
  { SELECT ?claim ?eco WHERE { ?claim ekg:evidenceType ?eco } }
  { SELECT ?anno ?claim WHERE { ?anno oa:hasBody ?claim } }
  { SELECT ?anno WHERE { ?anno a oa:Annotation } }
  { SELECT ?anno ?target WHERE { ?anno oa:hasTarget ?target } }
  { SELECT ?target ?q WHERE { ?target oa:hasSelector ?q } }
  { SELECT ?q WHERE { ?q a oa:TextQuoteSelector } }
  { SELECT ?q ?quote WHERE { ?q oa:exact ?quote } }
  { SELECT ?q ?prefix WHERE { ?q oa:prefix ?prefix } }
  { SELECT ?q ?suffix WHERE { ?q oa:suffix ?suffix } }
  { SELECT ?target ?p WHERE { ?target oa:hasSelector ?p } }
  { SELECT ?p WHERE { ?p a oa:TextPositionSelector } }
  { SELECT ?p ?start WHERE { ?p oa:start ?start } }
  { SELECT ?p ?end WHERE { ?p oa:end ?end } }
}"""

_ATTRIBUTIONS = """
SELECT ?claim ?agent ?name ?person WHERE {
  { SELECT ?claim WHERE { ?claim a ekg:Claim } }
  { SELECT ?claim ?agent WHERE { ?claim prov:qualifiedAttribution/prov:agent ?agent } }
  OPTIONAL { SELECT ?agent ?name WHERE { ?agent schema:name ?name } }
  OPTIONAL { SELECT DISTINCT ?agent ?isPerson WHERE { ?agent a schema:Person BIND (true AS ?isPerson) } }
  BIND (BOUND(?isPerson) AS ?person)
}"""

_CITATIONS = """
SELECT ?claim ?source ?cueType ?key ?design ?designLabel ?level WHERE {
  { SELECT ?citation WHERE { ?citation a ekg:Citation } }
  { SELECT ?citation ?claim WHERE { ?citation cito:hasCitingEntity ?claim } }
  { SELECT ?citation ?source WHERE { ?citation cito:hasCitedEntity ?source } }
  { SELECT ?citation ?cueType WHERE { ?citation ekg:cueType ?cueType } }
  OPTIONAL { SELECT ?citation ?key WHERE { ?citation dcterms:references/ekg:citationKey ?key } }
  OPTIONAL { SELECT ?source ?design ?designLabel WHERE { ?source ekg:studyDesign ?design OPTIONAL { ?design skos:prefLabel ?designLabel } } }
  OPTIONAL { SELECT ?source ?level WHERE { ?source ekg:evidenceLevel ?level } }
}"""

_DISCREPANCIES = "SELECT ?claim (COUNT(?d) AS ?n) WHERE { ?claim a ekg:Claim ; ekg:discrepancy ?d } GROUP BY ?claim"

_FINDINGS = """
SELECT ?finding ?concerns ?severity ?rule ?comment ?fix WHERE {
  ?finding a ekg:Finding ; ekg:concerns ?concerns ; ekg:severity ?severity .
  OPTIONAL { ?finding ekg:ruleId ?rule }
  OPTIONAL { ?finding rdfs:comment ?comment }
  OPTIONAL { ?finding ekg:suggestedFix ?fix }
}"""

_AUDITED = f"""
ASK {{ {{ ?x a ekg:AuditRun }} UNION {{ ?x a ekg:Finding }} UNION {{ GRAPH <{AUDIT_GRAPH}> {{ ?s ?p ?o }} }} }}"""

_AUDIT_TIME = """
SELECT (MAX(STR(?t)) AS ?time) WHERE { ?run a ekg:AuditRun ; prov:endedAtTime|prov:startedAtTime ?t }"""


def _tail(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if iri else None


def articles(store) -> dict[str, ArticleRecord]:
    from kg.sparql.run import select

    found: dict[str, ArticleRecord] = {}
    for row in select(store, _ARTICLES):
        found.setdefault(
            row["article"],
            ArticleRecord(
                row["article"],
                row["slug"],
                row["title"],
                row["url"],
                row["published"],
                row["language"],
                row["publisher"],
                row["publisherName"],
            ),
        )
    return found


def claims(store) -> list[ClaimRecord]:
    """Every claim with its quote, attribution and citations, in article order then text order."""
    from kg.sparql.run import select

    arts = articles(store)
    records: dict[str, ClaimRecord] = {}
    for row in select(store, _CLAIMS):
        records[row["claim"]] = ClaimRecord(
            iri=row["claim"],
            id=row["id"],
            text=row["text"],
            article=arts[row["article"]],
            quote=row["quote"],
            prefix=row["prefix"],
            suffix=row["suffix"],
            start=row["start"],
            end=row["end"],
            evidence_type=row["eco"],
            annotation=row["anno"],
        )
    for row in sorted(select(store, _ATTRIBUTIONS), key=lambda r: (r["claim"], r["agent"])):
        record = records.get(row["claim"])
        if record and record.agent is None:
            record.agent, record.agent_name, record.agent_is_person = row["agent"], row["name"], bool(row["person"])
    cited: dict[tuple[str, str], CitedSource] = {}
    for row in sorted(
        select(store, _CITATIONS), key=lambda r: (r["claim"], r["source"], r["level"] or "", r["design"] or "")
    ):
        record = records.get(row["claim"])
        if not record:
            continue
        key = (row["claim"], row["source"])
        if key in cited:  # a source appraised by two articles: keep its best level
            continue
        design = row["designLabel"] or (_tail(row["design"]) or "").replace("-", " ") or None
        source = CitedSource(
            row["source"],
            row["key"],
            (_tail(row["cueType"]) or "").removesuffix("Cue").lower(),
            design,
            _tail(row["level"]),
        )
        cited[key] = source
        record.citations.append(source)
    for row in select(store, _DISCREPANCIES):
        if row["claim"] in records:
            records[row["claim"]].discrepancies = row["n"]
    return sorted(records.values(), key=lambda r: (r.article.slug, r.start, r.end, r.id))


def findings(store) -> list[FindingRecord]:
    from kg.sparql.run import select

    rows = select(store, _FINDINGS)
    found = [
        FindingRecord(r["finding"], r["concerns"], str(r["severity"]).lower(), r["rule"], r["comment"], r["fix"])
        for r in rows
    ]
    return sorted(found, key=lambda f: (f.concerns, -SEVERITY_CAP.get(f.severity, 9), f.rule or "", f.iri))


def audited(store) -> bool:
    return bool(store.query(_AUDITED, prefixes=PREFIXES, use_default_graph_as_union=True))


def audit_time(store) -> str | None:
    """When the audit ran, if it recorded it (prov:endedAtTime or prov:startedAtTime of an ekg:AuditRun)."""
    from kg.sparql.run import select

    rows = select(store, _AUDIT_TIME)
    return rows[0]["time"] if rows and rows[0]["time"] else None


def _level_number(level: str | None) -> int | None:
    if level and level.startswith("level-") and level[6:].isdigit():
        return int(level[6:])
    return None


def _source_phrase(source: CitedSource) -> str:
    name = source.key or source.iri
    details = [source.design] if source.design else []
    number = _level_number(source.level)
    if number is not None:
        details.append(f"evidence level {number}")
    elif source.level:
        details.append(source.level)
    if source.cue_type == "implicit":
        details.append("linked without a cue in the text")
    return f"{name} ({', '.join(details)})" if details else name


def _grounds(record: ClaimRecord) -> tuple[int, str]:
    """The rating from what the graph says the claim rests on, and why."""
    sources = "; ".join(_source_phrase(s) for s in record.citations)
    if record.evidence_type == ECO_CLINICAL_STUDY:
        levels = [
            n for s in record.citations if s.cue_type != "implicit" for n in [_level_number(s.level)] if n is not None
        ]
        best = min(levels) if levels else None
        value = 5 if best is not None and best <= 2 else 4
        return value, f"Rests on a cited clinical study: {sources}."
    if record.evidence_type == ECO_TRACEABLE:
        return 3, f"Cites {sources}: traceable, but not a clinical study the text points to."
    if record.evidence_type == ECO_EXPERT:
        who = record.agent_name or "a named expert"
        return 2, f"Rests on the word of {who} alone; no source is cited."
    if record.evidence_type == ECO_UNTRACEABLE:
        return 1, "Cites no source and is attributed to no one."
    return 1, f"Its evidence type ({record.evidence_type}) is not one the scale knows."


def assess(
    record: ClaimRecord, claim_findings: list[FindingRecord], source_findings: list[FindingRecord], audit_ran: bool
) -> Assessment:
    """The verdict on one claim: its grounds, capped by discrepancies and the audit's findings."""
    value, why = _grounds(record)
    notes = [why]
    if record.discrepancies:
        value = min(value, 2)
        notes.append("A reviewer recorded that a cited source says something else.")
    for finding in claim_findings:
        value = min(value, SEVERITY_CAP.get(finding.severity, value))
    if claim_findings:
        listed = "; ".join(
            f"{f.rule or 'finding'} ({f.severity})" + (f": {f.comment.rstrip('. ')}" if f.comment else "")
            for f in claim_findings
        )
        notes.append(f"The audit found: {listed}.")
    elif audit_ran:
        notes.append("The audit found nothing wrong with this claim.")
    else:
        notes.append(
            "No audit has been run on this graph: rated from the citations, evidence type and source evidence levels alone."
        )
    if source_findings:
        listed = "; ".join(f"{f.rule or 'finding'} ({f.severity})" for f in source_findings)
        notes.append(f"About its cited sources, the audit found: {listed}.")
    notes.append(SCALE_NOTE)
    return Assessment(value, LABELS[value], " ".join(notes), claim_findings + source_findings, audit_ran)


def assessments(store, records: list[ClaimRecord] | None = None) -> dict[str, Assessment]:
    """claim IRI -> its assessment, for every claim of the store."""
    records = claims(store) if records is None else records
    by_target: dict[str, list[FindingRecord]] = {}
    for finding in findings(store):
        by_target.setdefault(finding.concerns, []).append(finding)
    audit_ran = audited(store)
    result = {}
    for record in records:
        source_findings = [f for s in record.citations for f in by_target.get(s.iri, [])]
        result[record.iri] = assess(record, by_target.get(record.iri, []), source_findings, audit_ran)
    return result
