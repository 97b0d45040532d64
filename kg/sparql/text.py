"""SPARQL query text read and rewritten without a parser: a tokenizer that knows strings, IRIs and comments, the
query's form and projected variables, and bindings substituted as a VALUES block at the top of the WHERE group
(with the variable replaced inside it), for servers that take no pre-bound variables.

User text never becomes query text here: a bound value is written as the N-Triples form of a pyoxigraph term
(``str(term)``), which escapes quotes, backslashes and newlines, and whose IRIs pyoxigraph has validated."""

from __future__ import annotations

import functools
import re
from typing import Any, cast

from kg.errors import EkgError

# ---------------------------------------------------------------------------- query text

#: Each token ends where SPARQL's would (Oxigraph's parser reads the same text): a word never runs past a
#: character that ends a prefixed name (``[ ?p ex:a]SERVICE<…>`` holds the keyword SERVICE), a local name's
#: escapes (``ex:a\(\'``) are part of it, an IRI may hold ``\u`` escapes, and a comment ends at CR as at LF;
#: a token read differently (a string where SPARQL sees code) could hide a SERVICE from ``kg.serve.app``. A string
#: left open runs to the end of its line (of the text, for a long string): read once, not again from each quote
#: inside it (``"\"\"\"…`` took quadratic time).
_TOKEN_PATTERN = (
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|.*)|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*+(?:\'\'\'|.*)'
    r'|"(?:[^"\\\n\r]|\\.)*+"?|\'(?:[^\'\\\n\r]|\\.)*+\'?)'
    r"|(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)"
    r"|(?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)"
    r"|(?P<comment>#[^\r\n]*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::(?:[\w\-:%]|\\.|\.(?=[\w\-:%\\]))*)?)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<lparen>\()|(?P<rparen>\))"
    r"|(?P<other>\S)"
)


@functools.cache
def _token_regex() -> re.Pattern:
    """Compiled when first needed: `ekg why` imports this module for _term_text alone."""
    return re.compile(_TOKEN_PATTERN, re.DOTALL)


def _tokens(query: str) -> list[tuple[str, str, int, int]]:
    # every alternative of the pattern is a named group, so a match always has a lastgroup
    return [(cast(str, m.lastgroup), m.group(), m.start(), m.end()) for m in _token_regex().finditer(query)]


def query_form(query: str, tokens: list | None = None) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (the first keyword after the prologue); ``tokens``: the query's, if the
    caller has them already."""
    for kind, text, _, _ in _tokens(query) if tokens is None else tokens:
        if kind == "word" and text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return text.upper()
        if kind == "word" and text.upper() in (
            "INSERT",
            "DELETE",
            "LOAD",
            "CLEAR",
            "DROP",
            "CREATE",
            "ADD",
            "MOVE",
            "COPY",
            "WITH",
        ):
            return "UPDATE"
    raise EkgError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def projected(query: str) -> list[str] | None:
    """The names of the variables a SELECT query projects, in order; None for SELECT * (or no SELECT)."""
    names: list[str] = []
    tokens = _tokens(query)
    start = next(
        (i for i, (kind, text, _, _) in enumerate(tokens) if kind == "word" and text.upper() == "SELECT"), None
    )
    if start is None:
        return None
    depth = 0
    for i in range(start + 1, len(tokens)):
        kind, text = tokens[i][:2]
        if kind == "lparen":
            depth += 1
        elif kind == "rparen":
            depth -= 1
        elif depth == 0 and (kind == "open" or (kind == "word" and text.upper() in ("WHERE", "FROM"))):
            break
        elif depth == 0 and kind == "other" and text == "*":
            return None
        elif kind == "var" and (depth == 0 or (tokens[i - 1][0] == "word" and tokens[i - 1][1].upper() == "AS")):
            names.append(text[1:])
    return names


def _where_group(tokens: list[tuple[str, str, int, int]]) -> int:
    """Index of the ``{`` that opens the query's WHERE group."""
    form_at = next(
        i for i, t in enumerate(tokens) if t[0] == "word" and t[1].upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    )
    i = form_at + 1
    if tokens[form_at][1].upper() == "CONSTRUCT":
        # skip the template, if there is one (CONSTRUCT WHERE { … } has none)
        while i < len(tokens) and tokens[i][0] == "comment":
            i += 1
        if i < len(tokens) and tokens[i][0] == "open":
            i = _closing(tokens, i) + 1
    depth = 0
    for j in range(i, len(tokens)):
        kind = tokens[j][0]
        if kind == "lparen":
            depth += 1
        elif kind == "rparen":
            depth -= 1
        elif kind == "open" and depth == 0:
            return j
    raise EkgError("the query has no WHERE group")


def substitute(query: str, bindings: dict[str, Any]) -> str:
    """The query with variables pre-bound as Oxigraph binds them (its substitutions, SEP-0007), for servers that
    have no such thing: ``bindings`` maps names to pyoxigraph terms.

    Inside the WHERE group each bound variable is replaced by its term, and a ``VALUES`` block at the end of the
    group binds the variable itself, so that the projection, ORDER BY and a CONSTRUCT template still see it
    (at the end, not the top: a ``BIND (… AS ?v)`` may follow, and SPARQL forbids binding a variable the group
    already used). An ``AS ?v`` is never rewritten. A sub-select is a scope of its own:
    - a bound variable it projects is replaced in it, and bound by a VALUES block of its own;
    - one it does not project is another variable of the same name there, and is renamed (Virtuoso would
      otherwise join it with the bound value outside);
    - ``SELECT *`` is left as written (it projects what its patterns bind: the VALUES block outside joins it).
    tests/test_backend.py runs each case both ways on Oxigraph, tests/test_virtuoso.py on a server.
    """
    if not bindings:
        return query
    terms = {name: _term_text(value) for name, value in bindings.items()}
    tokens = _tokens(query)
    taken = {text[1:] for kind, text, _, _ in tokens if kind == "var"}
    pieces: list[str] = []
    rewrite = _Rewrite(query, tokens, terms, taken, pieces)
    cursor = rewrite.group(_where_group(tokens), set(terms), {}, 0)
    pieces.append(query[cursor:])
    return "".join(pieces)


def _closing(tokens: list[tuple[str, str, int, int]], opening: int) -> int:
    """Index of the token that closes the brace at ``opening``."""
    depth = 0
    for j in range(opening, len(tokens)):
        depth += {"open": 1, "close": -1}.get(tokens[j][0], 0)
        if depth == 0:
            return j
    raise EkgError("the query's braces do not balance")


class _Rewrite:
    """kg.sparql.text.substitute's walk over the tokens: appends the rewritten text to ``pieces``; each method takes
    and returns the offset in the query up to which the text is already appended."""

    def __init__(self, query: str, tokens, terms: dict[str, str], taken: set[str], pieces: list[str]) -> None:
        self.query, self.tokens, self.terms, self.taken, self.pieces = query, tokens, terms, taken, pieces

    def _fresh(self, name: str) -> str:
        n = 1
        while f"{name}_{n}" in self.taken:
            n += 1
        self.taken.add(f"{name}_{n}")
        return f"{name}_{n}"

    def group(self, opening: int, replace: set[str], rename: dict[str, str], cursor: int) -> int:
        """The group that opens at token ``opening``, with the bound variables of ``replace`` bound at its end."""
        close = _closing(self.tokens, opening)
        cursor = self.span(opening + 1, close, replace, rename, cursor)
        bound = [name for name in self.terms if name in replace]
        if bound:
            end = self.tokens[close][2]
            values = (
                " VALUES ("
                + " ".join(f"?{n}" for n in bound)
                + ") { ("
                + " ".join(self.terms[n] for n in bound)
                + ") } "
            )
            self.pieces += [self.query[cursor:end], values]
            cursor = end
        return cursor

    def span(self, lo: int, hi: int, replace: set[str], rename: dict[str, str], cursor: int) -> int:
        tokens = self.tokens
        j = lo
        while j < hi:
            kind, text, a, b = tokens[j]
            if kind == "word" and text.upper() == "SELECT":  # a sub-select: its projection, WHERE group, modifiers
                wrapper = max(i for i in range(lo - 1, j) if tokens[i][0] == "open")
                end = _closing(tokens, wrapper)
                where, depth, projected, star = j + 1, 0, set(), False
                while not (tokens[where][0] == "open" and depth == 0):
                    k, t = tokens[where][0], tokens[where][1]
                    depth += {"lparen": 1, "rparen": -1}.get(k, 0)
                    if depth == 0 and k == "var":
                        projected.add(t[1:])
                    star = star or (depth == 0 and t == "*")
                    where += 1
                inner_rename = dict(rename)
                if not star:
                    inner_rename.update({name: self._fresh(name) for name in sorted(replace - projected)})
                inner = replace & projected
                cursor = self.span(j + 1, where, set(), inner_rename, cursor)
                cursor = self.group(where, inner, inner_rename, cursor)
                cursor = self.span(_closing(tokens, where) + 1, end, set(), inner_rename, cursor)
                j = end
                continue
            if kind == "var":
                name = text[1:]
                after_as = tokens[j - 1][0] == "word" and tokens[j - 1][1].upper() == "AS"
                if name in replace and not after_as:
                    self.pieces += [self.query[cursor:a], self.terms[name]]
                    cursor = b
                elif name in rename:
                    self.pieces += [self.query[cursor:a], "?" + rename[name]]
                    cursor = b
            j += 1
        return cursor


def _term_text(value) -> str:
    import pyoxigraph

    if isinstance(value, (pyoxigraph.NamedNode, pyoxigraph.Literal)):
        return str(value)
    if isinstance(value, pyoxigraph.BlankNode):
        raise EkgError("a blank node cannot be bound in a query sent to a server")
    from kg.sparql.terms import literal

    return str(literal(value))
