"""What the provenance questions share: a figure as text, a short citation, the words of a query, and the
error for something not in the graph.

Everything in kg.provenance runs on Oxigraph through ``kg.sparql.run.select`` and never imports rdflib: ``ekg why``
must answer as a whole process faster than rdflib's SPARQL engine imports. User text is only ever bound as a
value (Oxigraph substitutions), never pasted into query text; numbers parsed from a query are formatted by us as
literals.
"""

from __future__ import annotations

import re
from typing import Any

from kg.dataset.vocab import UNITS

_UNIT_KEY_BY_TEXT = {text: key for key, (text, _) in UNITS.items()}


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
