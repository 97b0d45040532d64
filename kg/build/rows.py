"""An article part's quads by property, as the audit reads them, written beside the part as it is built.

The audit reads its facts from the parts the store is loaded from (kg.audit.facts.FileReader). Parsing a part's
N-Quads costs four pyoxigraph terms per quad and was most of the audit's time (16 s of an audit of 1,000
articles). The build knows every quad's values as it writes the line (kg.build.quads.article_rows), so it also
writes them, grouped as the reader groups them, to ``<key>.rows``: the reader merges them at the speed of
``marshal``. A part without its rows file, or with one that is damaged or of another format, is parsed as before;
tests/test_build_rows.py checks that both give the same facts.

A rows file is ``MAGIC``, the CRC-32 of the rest, and the marshalled ``(maps, classes, mentions)``:

- ``maps``: predicate IRI -> subject IRI -> the distinct values, in the order of the part's lines (IRIs as str,
  literals as ``kg.sparql.terms.python_value`` gives them), for every predicate but rdf:type;
- ``classes``: class IRI -> its members (a set) — the part's rdf:type statements;
- ``mentions``: the distinct (graph, organisation) of its ``schema:mentions`` statements, in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.iris import PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"
MENTIONS = PREFIXES["schema"] + "mentions"
#: the first bytes of a rows file: changed whenever what it holds changes meaning
MAGIC = b"ekg-rows 1\n"

Grouped = tuple[dict[str, dict[str, list]], dict[str, set[str]], dict[tuple[str, str], None]]


def empty() -> Grouped:
    return {}, {}, {}


def group(rows: Iterable[tuple[str, str, Any]], into: Grouped, graph: str | None) -> Grouped:
    """Add quads of one graph (``graph``; None for the default graph), given as (subject, predicate, value), to
    ``into``."""
    maps, classes, mentions = into
    for subject, prop, value in rows:
        if prop == RDF_TYPE:
            members = classes.get(value)
            if members is None:
                members = classes[value] = set()
            members.add(subject)
            continue
        by_subject = maps.get(prop)
        if by_subject is None:
            by_subject = maps[prop] = {}
        kept = by_subject.get(subject)
        if kept is None:
            by_subject[subject] = [value]
        elif value not in kept:
            kept.append(value)
        if prop == MENTIONS and graph is not None:
            mentions[(graph, value)] = None
    return into


def merge(part: Grouped, into: Grouped) -> None:
    """Add one part's grouped quads to ``into``, as ``group`` would have added the part's quads one by one."""
    maps, classes, mentions = into
    for prop, subjects in part[0].items():
        kept = maps.get(prop)
        if kept is None:
            maps[prop] = subjects
        elif kept.keys().isdisjoint(subjects):  # articles describe their own nodes: the usual case
            kept.update(subjects)
        else:
            for subject, values in subjects.items():
                mine = kept.setdefault(subject, [])
                mine.extend(v for v in values if v not in mine)
    for cls, members in part[1].items():
        classes.setdefault(cls, set()).update(members)
    for mention in part[2]:
        mentions[mention] = None


def dumps(grouped: Grouped) -> bytes:
    import marshal
    import zlib

    data = marshal.dumps((grouped[0], grouped[1], list(grouped[2])))
    return MAGIC + zlib.crc32(data).to_bytes(4, "big") + data


def load(path: Path) -> Grouped | None:
    """The grouped quads of a rows file, or None if it is missing, damaged or of another format."""
    try:
        return load_bytes(path.read_bytes())
    except OSError:
        return None


def load_bytes(blob: bytes) -> Grouped | None:
    """The grouped quads of a rows file's bytes, or None if they are damaged or of another format."""
    import marshal
    import zlib

    head = len(MAGIC) + 4
    if not blob.startswith(MAGIC) or int.from_bytes(blob[len(MAGIC) : head], "big") != zlib.crc32(blob[head:]):
        return None
    try:
        maps, classes, mentions = marshal.loads(blob[head:])
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(maps, dict) and isinstance(classes, dict) and isinstance(mentions, list)):
        return None
    return maps, classes, dict.fromkeys(mentions)
