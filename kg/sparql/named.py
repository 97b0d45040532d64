"""Named queries: the bundled ``.rq`` files in ``ontology/queries/`` (package data of ``kg.ontology``).

Each file opens with ``#`` comment lines: the first says what the query answers; ``# param NAME: …`` lines
declare the values it takes (bound to ``?NAME``, never pasted into the text, so a param's variable must be
in the SELECT clause); an ``# example: --param NAME=VALUE`` line shows a call.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from importlib.resources import files

from kg.errors import QueryError, did_you_mean
from kg.util.render import Table

_PARAM = re.compile(r"^param\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")
VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class NamedQuery:
    name: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"name": self.name, "description": self.description, "params": self.params, "example": self.example}


def parse_header(name: str, text: str) -> NamedQuery:
    """A query's name, description, params and example from its opening comment lines."""
    comments = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        comments.append(stripped.lstrip("#").strip())
    if not comments or not comments[0]:
        raise QueryError(f"queries/{name}.rq: the first line must be a '#' comment saying what the query answers")
    params: dict[str, str] = {}
    example: dict[str, str] = {}
    for comment in comments[1:]:
        match = _PARAM.match(comment)
        if match:
            params[match.group(1)] = match.group(2)
        elif comment.startswith("example:"):
            example = parse_params(shlex.split(comment[len("example:") :])[1::2])
    return NamedQuery(name, comments[0], text, params, example)


def parse_params(pairs) -> dict[str, str]:
    """``["key=value", …]`` (from repeated ``--param``) as a dict; the value may be empty or hold ``=``."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise QueryError(f"--param {pair!r}: give KEY=VALUE (e.g. --param concept=warm-up)")
        if not VARIABLE_NAME.fullmatch(key):
            raise QueryError(
                f"--param {pair!r}: {key!r} is not a variable name (letters, digits and _, not starting with a digit)"
            )
        params[key] = value
    return params


def bundled() -> dict[str, NamedQuery]:
    """Every bundled query by name, sorted by name."""
    folder = files("kg.ontology") / "queries"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            found[name] = parse_header(name, entry.read_text(encoding="utf-8"))
    return found


def get(name: str) -> NamedQuery:
    queries = bundled()
    if name not in queries:
        close = did_you_mean(name, queries)
        raise QueryError(f"no bundled query named {name!r} ({close + ' ' if close else ''}ekg queries lists them)")
    return queries[name]


def check_params(query: NamedQuery, params: dict[str, str]) -> None:
    """Every given param is declared, and every declared param is given."""
    for key in params:
        if key not in query.params:
            known = ", ".join(query.params) or "none"
            raise QueryError(f"query {query.name} takes no param {key!r} (its params: {known})")
    missing = [key for key in query.params if key not in params]
    if missing:
        hint = " ".join(f"--param {key}=…" for key in missing)
        raise QueryError(f"query {query.name} needs {hint} ({'; '.join(f'{k}: {query.params[k]}' for k in missing)})")


def run_named(
    target,
    name: str,
    params: dict[str, str] | None = None,
    timeout: float | None = None,
    limit: int | None = None,
    offset: int = 0,
):
    """Run a bundled query with its params bound as string literals (written into the text as constants: see
    ``kg.sparql.run.bound``); see ``kg.sparql.run.run_query``."""
    from kg.sparql.run import bound, run_query

    query = get(name)
    params = dict(params or {})
    check_params(query, params)
    text, substitutions = bound(query.text, params)
    left = params if substitutions else None  # bound by Oxigraph (SETTINGS.inline_bindings off), not in the text
    return run_query(target, text, bindings=left, timeout=timeout, limit=limit, offset=offset)


@dataclass
class QueryList:
    """What ``ekg queries`` shows."""

    queries: list[NamedQuery]

    def to_json(self) -> list[dict]:
        return [q.to_json() for q in self.queries]

    def tables(self) -> list[Table]:
        rows = [[q.name, q.description, ", ".join(q.params)] for q in self.queries]
        return [Table(["name", "answers", "params"], rows, footer=["Run one: ekg query NAME [--param KEY=VALUE]"])]


def list_queries() -> QueryList:
    return QueryList(list(bundled().values()))
