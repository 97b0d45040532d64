"""Every error a user can cause, each with a message that says where and how to fix it.

The CLI turns any ``EkgError`` into one line on stderr and exit code 2; no traceback reaches a user.
"""

from __future__ import annotations

import difflib
from pathlib import Path


class EkgError(Exception):
    """Base class: something the user can fix. ``str()`` is the whole one-line message."""

    exit_code = 2


class DataError(EkgError):
    """A problem in a data file, located by file, line and field."""

    def __init__(
        self,
        path: Path | str | None,
        line: int | None,
        field: str | None,
        problem: str,
        fix: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.problem = problem
        self.fix = fix
        super().__init__(self.format())

    def format(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.line:
            where.append(f"line {self.line}")
        head = " ".join(where)
        if self.field:
            head = f"{head}, field {self.field}" if head else f"field {self.field}"
        message = f"{type(self).__name__}: {head}: {self.problem}" if head else f"{type(self).__name__}: {self.problem}"
        if self.fix:
            message += f" ({self.fix})"
        return message


class MissingData(DataError):
    """A data folder or file that should exist does not."""


class YamlSyntaxError(DataError):
    """A YAML file that does not parse."""


class BibtexError(DataError):
    """A BibTeX file or entry that does not parse or lacks what a reference needs."""


class SchemaError(DataError):
    """A field that is missing, of the wrong kind, or unknown."""


class QuoteNotFound(DataError):
    """A quote (or cue) that is not in the article text."""


class AmbiguousQuote(DataError):
    """A quote that occurs more than once without an ``occurrence``."""


class UnknownReference(DataError):
    """A citation of a BibTeX key that is not in references.bib."""


class UnknownId(DataError):
    """A reference to a person, organisation, concept or section that is not defined."""


class DuplicateId(DataError):
    """The same id (claim, BibTeX key, slug) defined twice."""


class UnknownClaimType(DataError):
    """A claim type outside the ontology's claim classes."""


class MalformedDOI(DataError):
    """A DOI that is not of the form 10.NNNN/suffix."""


class OutsideDataFolder(DataError):
    """A data file that is a link to a file outside the data folder."""


class IngestError(DataError):
    """An article that cannot be drafted as given (no text, no publication date, an existing draft)."""


class CacheError(EkgError):
    """The build cache is missing or unreadable."""


class QueryError(EkgError):
    """A query that cannot run: a syntax error, an update, a timeout."""


class ExportError(EkgError):
    """An export that cannot be written."""


class ServeError(EkgError):
    """An endpoint that cannot listen where it was asked to."""


def did_you_mean(word: str, choices) -> str:
    """' (did you mean X?)'-style hint, or an empty string when nothing is close."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"did you mean {close[0]}?" if close else ""


def choices_hint(word: str, choices) -> str:
    """A fix hint: the closest valid value if any, else the list of valid values."""
    close = did_you_mean(word, choices)
    if close:
        return close
    return "use one of: " + ", ".join(sorted(str(c) for c in choices))


# ---------------------------------------------------------------- the claim-source network (ekg network)


class NotInGraph(EkgError):
    """A claim or source named on the command line that the graph does not hold."""


class GraphvizMissing(EkgError):
    """Graphviz's ``dot`` program is not installed."""


# ---------------------------------------------------------------- the audit


class UnknownArticle(EkgError):
    """An --article slug that is not in the graph."""


class UnknownRule(EkgError):
    """A --rule id that is not an audit rule."""


# ---------------------------------------------------------------- the retraction list the audit reads


class RetractionsError(DataError):
    """A retractions CSV that cannot be read."""


# ---------------------------------------------------------------- ekg refs


class ReferenceInputError(DataError):
    """A reference list that cannot be read."""


# ---------------------------------------------------------------- a remote SPARQL server


class EndpointError(EkgError):
    """A SPARQL server that cannot be reached, refuses a request or answers something unreadable."""


# ---------------------------------------------------------------- the provenance questions


class NotFound(EkgError):
    """A claim, source or expert that is not in the graph (exit 1, with suggestions)."""

    exit_code = 1


# ---------------------------------------------------------------- reviewers' verdicts


class ReviewError(EkgError):
    """A verdict or decision that cannot be recorded as asked."""


# ---------------------------------------------------------------- SPARQL


class SparqlSyntaxError(QueryError):
    """A query the parser rejects; the message carries the parser's line and column."""


class UpdateRefused(QueryError):
    """A SPARQL Update: the query commands only read the graph."""


class QueryTimeout(QueryError):
    """A query still running when its time was up; it was stopped."""


class EmptyQuery(QueryError):
    """A query with nothing but whitespace, comments or prefixes."""
