"""Turn a written draft folder into the plain structure the fixtures' expected.yaml files describe."""

from __future__ import annotations

from pathlib import Path

from kg.dataset.loader import load_article


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def draft_summary(folder: Path) -> dict:
    """Load a draft exactly as `ekg build` does and reduce it to what the fixtures compare."""
    article = load_article(folder)
    people = []
    for person in article.people.values():
        entry = {"name": person.name, "credentials": person.credentials, "roles": person.roles}
        if person.aliases:
            entry["aliases"] = person.aliases
        if person.affiliation:
            entry["affiliation"] = article.organisations[person.affiliation].name
        people.append(entry)
    quantities, links, review, attributions, claims = [], [], [], [], []
    for claim in article.claims:
        claims.append({"quote": claim.quote, "types": claim.types})
        for stat in claim.statistics:
            entry = {"stated_as": stat.stated_as, "measure": stat.measure}
            for name in ("value", "min", "max"):
                if getattr(stat, name) is not None:
                    entry[name] = _number(getattr(stat, name))
            entry["unit"] = stat.unit
            quantities.append(entry)
        for citation in claim.citations:
            links.append(
                {"quote": claim.quote, "source": citation.source, "cue": citation.cue, "cue_type": citation.cue_type}
            )
        for note in claim.draft.review if claim.draft else []:
            if not note.startswith("statistic "):
                review.append({"quote": claim.quote, "note": note})
        if claim.attribution:
            attributions.append(
                {
                    "quote": claim.quote,
                    "agent": claim.attribution.agent,
                    "mode": claim.attribution.mode,
                    "cue": claim.attribution.cue,
                }
            )
    references = []
    for ref in article.references.values():
        entry = {"key": ref.key, "type": ref.entry_type}
        entry.update({k: v for k, v in ref.fields.items() if k not in ("verbatim", "date")})
        references.append(entry)
    return {
        "slug": article.slug,
        "title": article.title,
        "published": article.published.isoformat(),
        "publisher": article.organisations[article.publisher].name,
        "people": people,
        "quantities": quantities,
        "links": links,
        "review": review,
        "attributions": attributions,
        "references": references,
        "claims": claims,
    }
