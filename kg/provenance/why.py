"""``ekg why``: where a figure or statement comes from, found by the figure's number or the query's words."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from kg.errors import EkgError
from kg.provenance.common import _UNIT_KEY_BY_TEXT, _num, _words, figure_text
from kg.provenance.details import _INTENT_WORDS, claims_details, support_summary
from kg.sparql.run import select
from kg.sparql.store import index_of
from kg.util.numbers import Figure, match_score, parse_figure
from kg.util.render import Table

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
    index = index_of(store)  # the build's figure index (kg.build.search), where there is one
    rows = (
        index.figures(figure.numbers)
        if index is not None
        else select(store, _FIGURE_CANDIDATES % _number_literals(figure.numbers))
    )
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
    index = index_of(store)  # the build's word index (kg.build.search), where there is one
    for word in words:
        for row in index.hits(word) if index is not None else select(store, _WORD_QUERY, {"w": word}):
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
            figure = {
                "value": self.figure.value,
                "min": self.figure.min,
                "max": self.figure.max,
                "unit": self.figure.unit,
            }
        return {
            "query": self.query,
            "figure": figure,
            "matches": self.matches,
            "total_matches": self.total,
            "suggestions": self.suggestions,
        }

    def _more(self) -> list[str]:
        """A line saying how many matching claims are not shown, if any."""
        if self.total <= len(self.matches):
            return []
        return [
            f"Showing the best {len(self.matches)} of {self.total} claims that match {self.query!r} (--limit N shows up to 100)."
        ]

    def tables(self) -> list[Table]:
        rows = []
        for m in self.matches:
            sources = m["sources"] or [None]
            for s in sources:
                rows.append(
                    [
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
                    ]
                )
        columns = [
            "article",
            "claim",
            "types",
            "quote",
            "figures",
            "expert",
            "source",
            "doi_or_url",
            "cue_type",
            "cue",
            "design",
            "evidence_level",
            "evidence_type",
            "findings",
        ]
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
        lines.append(
            f"  figure: “{st['stated_as']}” = {figure_text(st)}" + (f" ({'; '.join(detail)})" if detail else "")
        )
        if st["source_reports"]:
            sr = st["source_reports"]
            lines.append(
                f"    the source reports: {sr['stated_as']}" + (f" ({sr['measure']})" if sr["measure"] else "")
            )
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
        signal = {
            "explicit": "explicit in-text cue",
            "organisation": "named organisation",
            "implicit": "implicit (no in-text cue)",
        }.get(s["cue_type"], s["cue_type"])
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
        from kg.provenance.verdicts import verdict_lines

        lines.extend(verdict_lines(m["verdict"]))
    return "\n".join(lines) + "\n"


def _decision_text(f: dict) -> str:
    """ " [id] (dismissed by …: reason)" after a finding in `ekg why`."""
    text = f" [{f['id']}]" if f.get("id") else ""
    r = f.get("review")
    if r:
        text += f" ({r['decision']} by {r['by']} on {r['date']}" + (f": {r['reason']}" if r.get("reason") else "") + ")"
    return text


def _suggestions(store, query: str, limit: int = 3) -> list[str]:
    rows = select(
        store,
        "SELECT ?claim ?id ?text ?slug WHERE { ?claim a ekg:Claim ; dcterms:identifier ?id ; schema:text ?text ; dcterms:isPartOf/dcterms:identifier ?slug }",
    )
    by_text = {f"{r['slug']}/{r['id']}: {r['text']}": r["text"].lower() for r in rows}
    needle = query.lower()
    scored = sorted(
        by_text, key=lambda k: -difflib.SequenceMatcher(None, needle, by_text[k][: max(len(needle) * 3, 40)]).ratio()
    )
    return scored[:limit]


def why(store, query: str, limit: int = 5) -> WhyResult:
    """Where a figure or a statement comes from: the best-matching claims, with everything about each, and how
    many claims matched in all."""
    query = query.strip()
    if not query:
        raise EkgError('empty query: give a figure (e.g. "2.6×", "20%") or words (e.g. "warm-up")')
    figure = parse_figure(query)
    scores: dict[str, float] = {}
    total = None  # len(scores), unless the word index ranked and counted the matches itself
    if figure is not None:
        scores = _figure_matches(store, figure)
        if scores and figure.words:
            bonus = _word_matches(store, _words(figure.words))
            scores = {c: s + 0.1 * bonus.get(c, 0.0) for c, s in scores.items()}
    index = index_of(store)
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
