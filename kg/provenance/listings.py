"""The listings: claims (filtered by type, source, article, concept), sources and one source's report, experts
and one expert's report."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from kg.dataset.vocab import CLAIM_TYPE_BY_IRI, CUE_TYPE_BY_IRI, ECO_LABELS, ROLE_BY_IRI
from kg.errors import EkgError, NotFound
from kg.provenance.common import _words, short_citation
from kg.provenance.details import source_details
from kg.provenance.resolve import _source_not_found, resolve_people, resolve_sources
from kg.settings import SETTINGS
from kg.sparql.run import select
from kg.sparql.terms import iri as named
from kg.sparql.terms import values_blocks
from kg.util.render import Many, Table
from kg.util.safe import source_link

# ---------------------------------------------------------------------------- claims

# The whole-corpus listings (claims, sources, experts) join subqueries, one per pattern, rather than writing
# one basic graph pattern: Oxigraph (0.5) evaluates a pattern by looking each solution up in the next index,
# one by one, but joins subqueries by hashing, several times faster on a whole corpus (benchmarks/README.md,
# "Listings and named queries"). They are sorted in Python: Oxigraph's ORDER BY on every claim was slow.
# A few claims named in a VALUES block are read the plain way, which starts from the block.


def _patterns(parts: list[tuple[str, str]], hashed: bool) -> str:
    """Patterns, each with the variables it shares, as one group: each in its own subquery when ``hashed``
    (every claim; see above), else as they are (after a VALUES block that names a few claims)."""
    if hashed:
        return " ".join(f"{{ SELECT {names} WHERE {{ {pattern} }} }}" for pattern, names in parts)
    return " ".join(f"{pattern} ." for pattern, _ in parts)


#: what each claim row of `ekg claims` is made of (and ?evidence, optional)
_CLAIM_ROW = [
    ("?claim a ekg:Claim", "?claim"),
    ("?claim dcterms:identifier ?id", "?claim ?id"),
    ("?claim schema:text ?text", "?claim ?text"),
    ("?claim dcterms:isPartOf ?article", "?claim ?article"),
    ("?article dcterms:identifier ?slug", "?article ?slug"),
]


def _claims_query(scope: str, hashed: bool, filters: str) -> str:
    """The claims of ``scope`` (a VALUES block, or nothing for every claim) with ``filters`` (see _claim_filters)."""
    evidence = _patterns([("?claim ekg:evidenceType ?evidence", "?claim ?evidence")], hashed)
    return (
        f"SELECT ?claim ?slug ?id ?text ?evidence WHERE {{ {scope} {_patterns(_CLAIM_ROW, hashed)} "
        f"OPTIONAL {{ {evidence} }} {filters} }}"
    )


def _claim_filters(hashed: bool) -> dict[str, str]:
    """The filters of `ekg claims`, written for every claim (``hashed``) or for a few in a VALUES block. Every
    claim's ``type`` goes first in the query (see list_claims)."""
    uncited = (
        "MINUS { SELECT ?claim WHERE { ?claim cito:cites ?anySource } }"
        if hashed
        else "FILTER NOT EXISTS { ?claim cito:cites ?anySource }"
    )
    # the claims of a type as a subquery: after the other subqueries, a plain pattern looked each claim's type up
    # one by one (`ekg claims --type statistical` at 1,000 articles: that query 3.6 s -> 1.8 s)
    of_type = "{ SELECT ?typeIri ?claim WHERE { ?claim a ?typeIri } }" if hashed else "?claim a ?typeIri ."
    return {"type": of_type, "uncited": uncited, "article": "?article dcterms:identifier ?articleSlug ."}


@dataclass
class ClaimList:
    claims: list[dict]
    title: str = "Claims"

    def to_json(self) -> list[dict]:
        return self.claims

    def tables(self) -> list[Table]:
        rows = [
            [
                c["article"],
                c["id"],
                ", ".join(c["types"]),
                c["evidence"],
                "; ".join(c["sources"]) or "uncited",
                c["expert"],
                c["text"],
            ]
            for c in self.claims
        ]
        columns = ["article", "claim", "types", "evidence", "sources", "expert", "text"]
        return [Table(columns, rows, title=f"{self.title} ({len(rows)})")]


#: reading a claim through a VALUES block costs about this many times what one pass over every claim costs per
#: claim (measured with `ekg claims --about dehydration` on a synthetic corpus: benchmarks/README.md)
_VALUES_COST = 5


def _few(store, claims: set[str] | None) -> bool:
    """Whether reading just these claims, in VALUES blocks, is cheaper than one pass over every claim."""
    if claims is None:
        return False
    if len(claims) <= SETTINGS.index_subset:
        return True
    total = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?claim a ekg:Claim }")[0]["n"]  # not free: asked only here
    return len(claims) * _VALUES_COST <= total


def _claim_index(
    store, claims: set[str] | None = None, few: bool | None = None, of_type: str | None = None
) -> tuple[dict, dict, dict]:
    """types, cited sources (short citations) and experts of every claim (or of ``claims``), in three queries
    (for each block of claims). ``few``: read only ``claims`` (VALUES blocks) rather than every claim once (by
    default when that is cheaper). ``of_type``: a claim type's IRI that every claim of ``claims`` has; one pass
    then reads the claims of that type only, not every claim (`ekg claims --type statistical`: about a third of
    them)."""
    few = claims is not None and (_few(store, claims) if few is None else few)
    typed = f"?claim a {named(of_type)}" if of_type and not few else "?claim a ekg:Claim"
    # a few claims: start from their VALUES blocks; all of them: join subqueries
    scopes = values_blocks("claim", sorted(claims)) if few and claims is not None else [""]

    def rows(head: str, parts: list[tuple[str, str]]) -> list[dict]:
        body = _patterns([(typed, "?claim"), *parts], hashed=not few)
        return [r for scope in scopes for r in select(store, f"{head} WHERE {{ {scope} {body} }}")]

    types: dict[str, list[str]] = {}
    for r in rows("SELECT ?claim ?type", [("?type rdfs:subClassOf ekg:Claim . ?claim a ?type", "?claim ?type")]):
        types.setdefault(r["claim"], []).append(CLAIM_TYPE_BY_IRI.get(r["type"], r["type"]))
    cited = {
        (r["claim"], r["source"])
        for r in rows("SELECT ?claim ?source", [("?claim cito:cites ?source", "?claim ?source")])
    }
    citations: dict[str, list[str]] = {}  # a source without a title has none, and is not listed
    for r in _source_citations(store, sorted({source for _, source in cited}) if few else None):
        citations.setdefault(r["source"], []).append(
            short_citation(r["authors"], r["year"], r["title"], r["publisher"])
        )
    sources: dict[str, list[str]] = {}
    for claim, source in sorted(cited):
        sources.setdefault(claim, []).extend(citations.get(source, ()))
    experts: dict[str, str] = {}
    for r in rows(
        "SELECT ?claim ?name", [("?claim prov:wasAttributedTo ?p", "?claim ?p"), ("?p schema:name ?name", "?p ?name")]
    ):
        experts[r["claim"]] = r["name"]
    return types, sources, experts


#: what a short citation is made of: the title, and the authors, year and publisher if any
_CITATION_PARTS = [
    ("?source dcterms:title ?title", "?source ?title"),
    ("?source ekg:authorList ?authors", "?source ?authors"),
    ("?source fabio:hasPublicationYear ?year", "?source ?year"),
    ("?source dcterms:publisher ?org", "?source ?org"),
    ("?org schema:name ?publisher", "?org ?publisher"),
]


def _source_citations(store, sources: list[str] | None) -> list[dict]:
    """Each source's title, authors, year and publisher (of these sources, or of all of them: then as joins of
    subqueries, see _patterns; with each source's optional parts looked up one by one, 0.31 s -> 0.15 s of CPU at
    1,000 articles)."""
    hashed = sources is None
    title, authors, year, *publisher = (_patterns([part], hashed) for part in _CITATION_PARTS)
    query = (
        f"SELECT ?source ?authors ?year ?title ?publisher WHERE {{ %s {title} OPTIONAL {{ {authors} }} "
        f"OPTIONAL {{ {year} }} OPTIONAL {{ {' '.join(publisher)} }} }}"
    )
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
    from kg.dataset.vocab import CLAIM_TYPES

    if type and type not in CLAIM_TYPES:
        close = difflib.get_close_matches(type, CLAIM_TYPES, n=1)
        raise EkgError(
            f"unknown claim type {type!r} ("
            + (f"did you mean {close[0]}?" if close else "use one of: " + ", ".join(CLAIM_TYPES))
            + ")"
        )
    # the filters that name claims outright first: when they leave few, only those claims are read
    allowed: set[str] | None = None
    if about:
        # labels and claims' concepts as two subqueries, hashed: as one FILTER EXISTS per claim, Oxigraph walked
        # the labels of every concept for every claim (hundreds of times slower)
        stems = _words(about)
        word = stems[0] if len(stems) == 1 else about.lower()
        allowed = {
            r["claim"]
            for r in select(
                store,
                """SELECT ?word ?claim WHERE {
            { SELECT ?concept ?label WHERE { ?concept rdfs:label ?label } } FILTER (CONTAINS(LCASE(?label), ?word))
            { SELECT ?claim ?concept WHERE { ?claim schema:about ?concept } } }""",
                {"word": word},
            )
        }
    if cites:
        sources = resolve_sources(store, cites)
        if not sources:
            raise _source_not_found(store, cites)
        cites_them = {
            r["claim"]
            for s in sources
            for r in select(store, "SELECT ?s ?claim WHERE { ?claim a ekg:Claim ; cito:cites ?s }", {"s": named(s)})
        }
        allowed = cites_them if allowed is None else allowed & cites_them
    if expert:
        people = resolve_people(store, expert)
        if not people:
            raise NotFound(f"no expert matching {expert!r} (`ekg experts` lists them)")
        attributed = {
            r["claim"]
            for p in people
            for r in select(store, "SELECT ?p ?claim WHERE { ?claim prov:wasAttributedTo ?p }", {"p": named(p)})
        }
        allowed = attributed if allowed is None else allowed & attributed
    if article:
        # an article's claims, looked up from its slug: filtering every claim by it read the whole corpus
        in_article = {
            r["claim"]
            for r in select(
                store,
                """SELECT ?slug ?claim WHERE {
            ?article dcterms:identifier ?slug . ?claim dcterms:isPartOf ?article ; a ekg:Claim }""",
                {"slug": article},
            )
        }
        allowed = in_article if allowed is None else allowed & in_article
    few = _few(store, allowed)
    filters = _claim_filters(hashed=not few)
    blocks, bindings, first = [], {}, ""
    if type:
        if few:
            blocks.append(filters["type"])
        else:  # first: of the orders measured, the fastest
            first = filters["type"]
        bindings["typeIri"] = named(CLAIM_TYPES[type])
    if uncited:
        blocks.append(filters["uncited"])
    if article:
        blocks.append(filters["article"])
        bindings["articleSlug"] = article
    scopes = values_blocks("claim", sorted(allowed)) if few and allowed is not None else [""]
    queries = [_claims_query(first + scope, not few, "\n  ".join(blocks)) for scope in scopes]
    rows: list[dict] = []
    for query in queries:
        # bound variables must be projected (Oxigraph substitutions)
        if bindings:
            query = query.replace("SELECT ?claim", "SELECT " + " ".join(f"?{v}" for v in bindings) + " ?claim", 1)
        rows.extend(r for r in select(store, query, bindings) if allowed is None or r["claim"] in allowed)
    rows.sort(key=lambda r: (r["slug"], r["claim"]))
    types, sources_by_claim, experts = _claim_index(
        store, {r["claim"] for r in rows}, few if allowed is not None else None, CLAIM_TYPES[type] if type else None
    )
    claims = []
    for r in rows:
        claims.append(
            {
                "iri": r["claim"],
                "article": r["slug"],
                "id": r["id"],
                "types": sorted(types.get(r["claim"], [])),
                "evidence": ECO_LABELS.get(r["evidence"], r["evidence"]),
                "sources": sorted(set(sources_by_claim.get(r["claim"], []))),
                "expert": experts.get(r["claim"]),
                "text": r["text"],
            }
        )
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
        rows = [
            [
                Many(s["keys"]),
                Many(s["reference_numbers"]),
                s["citation"],
                s["design"],
                s["evidence_level"],
                s["claims"],
                s["articles"],
                ", ".join(s["cue_types"]),
                source_link(s["doi"], s["url"]),
            ]
            for s in self.sources
        ]
        columns = ["key", "ref", "source", "design", "evidence_level", "claims", "articles", "cue_types", "doi_or_url"]
        return [Table(columns, rows, title=f"Sources ({len(rows)})")]


def list_sources(store) -> SourceList:
    """Every source, and how many claims (in how many articles) rest on it."""
    claims: dict[str, set[str]] = {}
    articles: dict[str, set[str]] = {}
    cues: dict[str, set[str]] = {}
    for r in select(
        store,
        """SELECT ?source ?claim ?article ?cueType WHERE {
            { SELECT ?c ?source WHERE { ?c cito:hasCitedEntity ?source } }
            { SELECT ?c ?claim WHERE { ?c cito:hasCitingEntity ?claim } }
            { SELECT ?c ?cueType WHERE { ?c ekg:cueType ?cueType } }
            { SELECT ?claim ?article WHERE { ?claim dcterms:isPartOf ?article } } }""",
    ):
        claims.setdefault(r["source"], set()).add(r["claim"])
        articles.setdefault(r["source"], set()).add(r["article"])
        cues.setdefault(r["source"], set()).add(CUE_TYPE_BY_IRI.get(r["cueType"], r["cueType"]))
    entries: dict[str, tuple[set, set]] = {}
    for r in select(
        store,
        """SELECT ?source ?key ?n WHERE {
            { SELECT ?e ?source WHERE { ?e ekg:refersTo ?source } } { SELECT ?e ?key WHERE { ?e ekg:citationKey ?key } }
            OPTIONAL { SELECT ?e ?n WHERE { ?e ekg:referenceNumber ?n } } }""",
    ):
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
        out.append(
            {
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
            }
        )
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
        info: list[list] = [
            ["citation", s.get("citation")],
            ["title", s.get("title")],
            ["link", s.get("link")],
            ["design", s.get("design")],
            ["evidence level", (s.get("evidence_level") or {}).get("label")],
            ["listed in", Many(self.listed_in)],
            ["claims resting on it", len(self.claims)],
        ]
        rows = [[c["article"], c["id"], c["intent"], c["cue_type"], c["cue"], c["text"]] for c in self.claims]
        return [
            Table(["field", "value"], info, title=f"Source {s.get('citation')}"),
            Table(
                ["article", "claim", "intent", "cue_type", "cue", "text"],
                rows,
                title="Claims that rest on it (what breaks if it is retracted)",
            ),
        ]


def source_report(store, ref: str) -> SourceReport:
    """One source and every claim, in every article, that rests on it."""
    sources = resolve_sources(store, ref)
    if not sources:
        raise _source_not_found(store, ref)
    source = sources[0]
    details = source_details(store, source)
    claims = []
    for r in select(
        store,
        """SELECT ?source ?claim ?slug ?id ?text ?intent ?cueType ?cue WHERE {
            ?c cito:hasCitedEntity ?source ; cito:hasCitingEntity ?claim ;
               cito:hasCitationCharacterization ?intent ; ekg:cueType ?cueType .
            OPTIONAL { ?c ekg:cue ?cue }
            ?claim dcterms:identifier ?id ; schema:text ?text ; dcterms:isPartOf/dcterms:identifier ?slug
        } ORDER BY ?slug ?id""",
        {"source": named(source)},
    ):
        claims.append(
            {
                "iri": r["claim"],
                "article": r["slug"],
                "id": r["id"],
                "text": r["text"],
                "intent": r["intent"].rsplit("/", 1)[-1],
                "cue_type": CUE_TYPE_BY_IRI.get(r["cueType"], r["cueType"]),
                "cue": r["cue"],
            }
        )
    listed = sorted(
        r["slug"]
        for r in select(
            store,
            """SELECT ?source ?slug WHERE {
        ?e ekg:refersTo ?source ; dcterms:isPartOf/dcterms:identifier ?slug }""",
            {"source": named(source)},
        )
    )
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
        rows = [
            [
                e["name"],
                e["credentials"],
                e["job_title"],
                ", ".join(e["roles"]),
                e["claims"],
                e["claims_without_source"],
                Many(e["articles"]),
            ]
            for e in self.experts
        ]
        columns = ["name", "credentials", "job_title", "roles", "claims", "uncited_claims", "articles"]
        return [Table(columns, rows, title=f"Experts ({len(rows)})")]


def _person(store, row: dict) -> dict:
    """One person's roles, attributed claims and articles (``ekg expert``); list_experts asks it of everyone."""
    roles = {
        ROLE_BY_IRI.get(r["role"], r["role"])
        for r in select(
            store,
            """SELECT ?p ?role WHERE {
        ?x prov:qualifiedAttribution ?a . ?a prov:agent ?p ; prov:hadRole ?role }""",
            {"p": named(row["p"])},
        )
    }
    claims = select(
        store,
        """SELECT ?p ?claim ?cited WHERE { ?claim a ekg:Claim ; prov:wasAttributedTo ?p .
        BIND (EXISTS { ?claim cito:cites ?s } AS ?cited) }""",
        {"p": named(row["p"])},
    )
    # the article's own patterns inside each branch: joined after the UNION, they made Oxigraph walk every
    # article for each person (hundreds of times slower)
    articles = {
        r["slug"]
        for r in select(
            store,
            """SELECT ?p ?slug WHERE {
        { ?a prov:agent ?p . ?article prov:qualifiedAttribution ?a ; a schema:MedicalWebPage ; dcterms:identifier ?slug }
        UNION
        { ?claim prov:wasAttributedTo ?p ; dcterms:isPartOf ?article . ?article a schema:MedicalWebPage ; dcterms:identifier ?slug }
        }""",
            {"p": named(row["p"])},
        )
    }
    return _person_entry(row, roles, [c["claim"] for c in claims], {c["claim"] for c in claims if c["cited"]}, articles)


def _person_entry(row: dict, roles, claims: list[str], cited: set[str], articles) -> dict:
    """A person's entry: ``row`` from _PEOPLE, the claims attributed to them and which of all claims cite a source."""
    return {
        "iri": row["p"],
        "name": row["name"],
        "credentials": row["credentials"],
        "job_title": row["job"],
        "bio": row["bio"],
        "roles": sorted(roles),
        "claims": len(claims),
        "claims_without_source": sum(1 for c in claims if c not in cited),
        "articles": sorted(articles),
    }


def list_experts(store) -> ExpertList:
    """Every person in the graph, with roles and how many claims rest on their word.

    What ``_person`` asks of one person, asked of everyone at once: three queries that join subqueries (see
    _patterns), instead of three per person, which grew with the number of people. tests/test_listings.py
    checks that both give each person the same entry."""
    roles: dict[str, set[str]] = {}
    for r in select(
        store,
        """SELECT ?p ?role WHERE {
            { SELECT DISTINCT ?a WHERE { ?x prov:qualifiedAttribution ?a } }
            { SELECT ?a ?p WHERE { ?a prov:agent ?p } } { SELECT ?a ?role WHERE { ?a prov:hadRole ?role } } }""",
    ):
        roles.setdefault(r["p"], set()).add(ROLE_BY_IRI.get(r["role"], r["role"]))
    cited = {r["claim"] for r in select(store, "SELECT DISTINCT ?claim WHERE { ?claim cito:cites ?s }")}
    claims: dict[str, list[str]] = {}
    for r in select(
        store,
        """SELECT ?p ?claim WHERE {
            { SELECT ?claim WHERE { ?claim a ekg:Claim } } { SELECT ?claim ?p WHERE { ?claim prov:wasAttributedTo ?p } } }""",
    ):
        claims.setdefault(r["p"], []).append(r["claim"])
    articles: dict[str, set[str]] = {}
    for r in select(
        store,
        """SELECT ?p ?slug WHERE {
            { SELECT ?article ?slug WHERE { ?article a schema:MedicalWebPage ; dcterms:identifier ?slug } }
            { { SELECT ?a ?p WHERE { ?a prov:agent ?p } } { SELECT ?article ?a WHERE { ?article prov:qualifiedAttribution ?a } } }
            UNION
            { { SELECT ?claim ?p WHERE { ?claim prov:wasAttributedTo ?p } } { SELECT ?claim ?article WHERE { ?claim dcterms:isPartOf ?article } } }
            }""",
    ):
        articles.setdefault(r["p"], set()).add(r["slug"])
    seen, people = set(), []
    for row in select(store, _PEOPLE):
        if row["p"] not in seen:
            seen.add(row["p"])
            people.append(
                _person_entry(
                    row, roles.get(row["p"], set()), claims.get(row["p"], []), cited, articles.get(row["p"], set())
                )
            )
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
        info = [
            ["name", e["name"]],
            ["credentials", e["credentials"]],
            ["job title", e["job_title"]],
            ["roles", ", ".join(e["roles"])],
            ["articles", Many(e["articles"])],
            ["claims attributed", e["claims"]],
            ["of which uncited", e["claims_without_source"]],
        ]
        rows = [
            [c["article"], c["id"], ", ".join(c["types"]), c["mode"], "; ".join(c["sources"]) or "uncited", c["text"]]
            for c in self.claims
        ]
        return [
            Table(["field", "value"], info, title=e["name"]),
            Table(["article", "claim", "types", "mode", "sources", "text"], rows, title="Claims attributed"),
        ]


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
    rows = select(
        store,
        """SELECT ?p ?claim ?slug ?id ?text ?mode WHERE {
            ?claim prov:wasAttributedTo ?p ; dcterms:identifier ?id ; schema:text ?text ;
                   dcterms:isPartOf/dcterms:identifier ?slug .
            OPTIONAL { ?claim prov:qualifiedAttribution/ekg:attributionMode ?mode } } ORDER BY ?slug ?claim""",
        {"p": named(person)},
    )
    types, sources, _ = _claim_index(store, {r["claim"] for r in rows})
    claims = []
    for r in rows:
        claims.append(
            {
                "iri": r["claim"],
                "article": r["slug"],
                "id": r["id"],
                "text": r["text"],
                "mode": r["mode"],
                "types": sorted(types.get(r["claim"], [])),
                "sources": sorted(set(sources.get(r["claim"], []))),
            }
        )
    return ExpertReport(expert, claims)
