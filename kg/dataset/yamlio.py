"""YAML reading that remembers line numbers, and a field reader that turns mistakes into precise errors."""

from __future__ import annotations

import builtins
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, overload

import yaml

from kg.errors import (
    DataError,
    SchemaError,
    UnknownId,
    YamlSyntaxError,
    choices_hint,
    did_you_mean,
)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class LineDict(dict):
    """A mapping that knows the line of each key (1-based) and its own first line."""

    line: int = 0
    lines: dict


class LineList(list):
    """A sequence that knows the line of each item (1-based) and its own first line."""

    line: int = 0
    lines: list


class _LineLoader(yaml.SafeLoader):
    """The pure-Python loader: used only to word the error of a file that libyaml rejected."""


#: libyaml's parser (shipped in PyYAML's wheels) is many times faster than the pure-Python one; the
#: line-keeping constructors below are Python and work on the nodes of either.
try:
    from yaml import CSafeLoader as _FastBase
except ImportError:  # a PyYAML built without libyaml
    from yaml import SafeLoader as _FastBase  # type: ignore[assignment]  # either loader takes the same constructors


class _FastLineLoader(_FastBase):
    """libyaml's loader (the pure-Python one where PyYAML has no libyaml), with the line-keeping constructors."""


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader, node, deep=False):
    seq = LineList(loader.construct_object(child, deep=True) for child in node.value)
    seq.line = node.start_mark.line + 1
    seq.lines = [child.start_mark.line + 1 for child in node.value]
    return seq


class _BadScalar(yaml.constructor.ConstructorError):
    """A plain value YAML reads as a date or time that does not exist (2023-02-30, 25:00)."""

    fix = "write a real date, e.g. 2023-02-02, or quote the value"


def _construct_timestamp(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise _BadScalar(None, None, f"{node.value!r} is not a valid date or time ({exc})", node.start_mark) from None


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_SEQ_TAG = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG


def _fast_load(text: str) -> Any:
    """libyaml composes the node tree; a direct walk turns it into LineDict/LineList/str, leaving only
    non-string scalars and anything unusual (merge keys, aliases, other tags) to PyYAML's constructors.
    Same result as ``yaml.load(text, Loader=_LineLoader)``, several times faster on curated files."""
    loader = _FastLineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        seen: set[int] = set()

        def convert(node):
            if id(node) in seen:  # an alias: let PyYAML handle the shared (maybe recursive) node
                return loader.construct_object(node, deep=True)
            seen.add(id(node))
            tag = node.tag
            if tag == _STR_TAG:
                return node.value
            if tag == _MAP_TAG:
                if any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value):
                    return loader.construct_object(node, deep=True)
                mapping = LineDict()
                mapping.line = node.start_mark.line + 1
                mapping.lines = {}
                for key_node, value_node in node.value:
                    key = convert(key_node)
                    try:
                        hash(key)
                    except TypeError:
                        raise yaml.constructor.ConstructorError(
                            None, None, "a mapping key must be a plain value", key_node.start_mark
                        ) from None
                    if key in mapping:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {key!r}", key_node.start_mark
                        )
                    mapping[key] = convert(value_node)
                    mapping.lines[key] = key_node.start_mark.line + 1
                return mapping
            if tag == _SEQ_TAG:
                seq = LineList(convert(child) for child in node.value)
                seq.line = node.start_mark.line + 1
                seq.lines = [child.start_mark.line + 1 for child in node.value]
                return seq
            return loader.construct_object(node, deep=True)

        return convert(node)
    finally:
        loader.dispose()


#: a YAML escape of half a UTF-16 surrogate pair: PyYAML turns it into a lone surrogate, which is no character
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F][0-9a-fA-F]{2}|U0000[dD][89a-fA-F][0-9a-fA-F]{2})")


def _reject_surrogates(path: Path, text: str, data: Any) -> None:
    """Raise if a string of ``data`` holds a lone surrogate (written as an escape that matched in ``text``)."""
    todo = [data]
    seen: set[int] = set()  # aliases share values: look at each once (nested aliases would otherwise take for ever)
    while todo:
        value = todo.pop()
        if isinstance(value, (dict, list)):
            if id(value) in seen:
                continue
            seen.add(id(value))
        if isinstance(value, str):
            if any("\ud800" <= char <= "\udfff" for char in value):
                escape = _SURROGATE_ESCAPE.search(text)
                line = text.count("\n", 0, escape.start()) + 1 if escape else None
                raise YamlSyntaxError(
                    path,
                    line,
                    None,
                    f"{escape.group() if escape else 'an escape'} is half of a UTF-16 surrogate pair, not a character",
                    "write the character itself, or its \\U00XXXXXX escape",
                )
        elif isinstance(value, dict):
            todo.extend(value.keys())
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file, keeping line numbers; a syntax error names the file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        from kg.errors import MissingData

        raise MissingData(path, None, None, "file not found", "create it, see docs/data-format.md") from None
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(path, None, None, f"not UTF-8 ({exc.reason})", "save the file as UTF-8") from exc
    try:
        data = _fast_load(text)
    except yaml.YAMLError:
        # re-read with the pure-Python parser, whose messages say more ("expected <block end>, …"); libyaml also
        # refuses some texts PyYAML reads (an escaped lone surrogate)
        data = _slow_load(path, text)
    if "*" in text:
        _reject_alias_bombs(path, text, data)
    if _SURROGATE_ESCAPE.search(text):
        _reject_surrogates(path, text, data)
    return data


#: how many values a file's aliases may expand to: far more than any curated file holds, far fewer than a
#: "billion laughs" of nested aliases, which every reader of the data (and every check) would walk in full
MAX_EXPANDED_VALUES = 1_000_000


def _reject_alias_bombs(path: Path, text: str, data: Any) -> None:
    """Raise if ``data``, with every alias written out, holds more than MAX_EXPANDED_VALUES values. Counted
    once per shared value, so the count itself is quick however far the aliases expand."""
    sizes: dict[int, int] = {}

    def size(value) -> int:
        if not isinstance(value, (dict, list)):
            return 1
        key = id(value)
        if key in sizes:
            return sizes[key]
        sizes[key] = 1  # a value that holds itself (an alias of an enclosing anchor) counts once
        items = list(value.items()) if isinstance(value, dict) else [(None, v) for v in value]
        total = 1
        for _, item in items:
            total += size(item)
            if total > MAX_EXPANDED_VALUES:
                break
        sizes[key] = total
        return total

    if size(data) > MAX_EXPANDED_VALUES:
        alias = re.search(r"(?<![\w'\"])\*[^\s,\[\]{}]+", text)
        line = text.count("\n", 0, alias.start()) + 1 if alias else None
        raise YamlSyntaxError(
            path,
            line,
            None,
            f"its aliases (*name) expand to more than {MAX_EXPANDED_VALUES:,} values",
            "write the values out instead of nesting aliases",
        )


def _slow_load(path: Path, text: str) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f" column {mark.column + 1}" if mark else ""
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise YamlSyntaxError(
            path,
            line,
            None,
            f"{problem}{col}",
            getattr(exc, "fix", "fix the YAML syntax: check indentation and quoting"),
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(path, None, None, str(exc).splitlines()[0], "fix the YAML syntax") from exc


class Fields:
    """Typed access to one YAML mapping, with errors that name the file, line and field.

    ``name`` is the dotted path of the mapping itself (``claims[3]``), used in messages.
    """

    # The methods str, bool and list shadow the builtins in this class body: its annotations say builtins.str etc.

    def __init__(self, data: Any, path: Path, name: str, line: int | None = None) -> None:
        self.path = path
        self.name = name
        if not isinstance(data, dict):
            raise SchemaError(path, line, name, f"expected a mapping, found {_kind(data)}", "see docs/data-format.md")
        self.data = data
        self.line = getattr(data, "line", line)
        self.seen: set[str] = set()

    def line_of(self, key: str) -> int | None:
        return getattr(self.data, "lines", {}).get(key, self.line)

    def field(self, key: str) -> str:
        return f"{self.name}.{key}" if self.name else key

    def error(self, key: str, problem: str, fix: str | None = None, cls=SchemaError):
        return cls(self.path, self.line_of(key), self.field(key), problem, fix)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str, required: bool = False) -> Any:
        self.seen.add(key)
        value = self.data.get(key)
        if value is None and required:
            raise SchemaError(
                self.path, self.line, self.field(key), "missing", f"add '{key}:', see docs/data-format.md"
            )
        return value

    # required=True never returns None: the overloads say so, for str, date, choice and ref
    @overload
    def str(
        self, key: builtins.str, required: Literal[True], pattern: re.Pattern | None = None, hint: builtins.str = ""
    ) -> builtins.str: ...
    @overload
    def str(
        self,
        key: builtins.str,
        required: builtins.bool = False,
        pattern: re.Pattern | None = None,
        hint: builtins.str = "",
    ) -> builtins.str | None: ...

    def str(
        self,
        key: builtins.str,
        required: builtins.bool = False,
        pattern: re.Pattern | None = None,
        hint: builtins.str = "",
    ) -> builtins.str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self.error(key, f"expected text, found {_kind(value)}", "write it as a quoted string")
        if required and not value.strip():
            raise self.error(key, "is empty", f"give '{key}' a value")
        if pattern and not pattern.match(value):
            raise self.error(key, f"{value!r} is not valid", hint or f"it must match {pattern.pattern}")
        return value

    def id(self, key: builtins.str = "id") -> builtins.str:
        return self.str(key, required=True, pattern=ID_PATTERN, hint="use lower-case letters, digits and hyphens")

    def number(self, key: builtins.str, required: builtins.bool = False) -> float | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(
                key, f"expected a number, found {_kind(value)} {value!r}", "write a plain number, e.g. 2.6"
            )
        if value != value or value in (float("inf"), float("-inf")):
            raise self.error(key, f"{value!r} is not a finite number", "write a plain number, e.g. 2.6")
        return value

    def integer(self, key: builtins.str, minimum: int = 1) -> int | None:
        value = self.number(key)
        if value is None:
            return None
        if value != int(value) or value < minimum:
            raise self.error(
                key, f"{value!r} is not a whole number from {minimum} up", f"write a whole number, e.g. {minimum}"
            )
        return int(value)

    def bool(self, key: builtins.str, default: builtins.bool) -> builtins.bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, found {value!r}", "write true or false")
        return value

    @overload
    def date(self, key: builtins.str, required: Literal[True]) -> dt.date: ...
    @overload
    def date(self, key: builtins.str, required: builtins.bool = False) -> dt.date | None: ...

    def date(self, key: builtins.str, required: builtins.bool = False) -> dt.date | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.error(key, f"{value!r} is not a date", "write an ISO date, e.g. 2023-02-02") from None

    @overload
    def choice(
        self,
        key: builtins.str,
        choices: Iterable[builtins.str],
        required: Literal[True] = True,
        cls: type[DataError] = SchemaError,
    ) -> builtins.str: ...
    @overload
    def choice(
        self,
        key: builtins.str,
        choices: Iterable[builtins.str],
        required: builtins.bool,
        cls: type[DataError] = SchemaError,
    ) -> builtins.str | None: ...

    def choice(
        self,
        key: builtins.str,
        choices: Iterable[builtins.str],
        required: builtins.bool = True,
        cls: type[DataError] = SchemaError,
    ) -> builtins.str | None:
        value = self.str(key, required)
        if value is None:
            return None
        choices = list(choices)
        if value not in choices:
            raise self.error(key, f"{value!r} is not one of the allowed values", choices_hint(value, choices), cls)
        return value

    @overload
    def ref(
        self,
        key: builtins.str,
        known: dict | Iterable[builtins.str],
        noun: builtins.str,
        where: builtins.str,
        required: Literal[True] = True,
    ) -> builtins.str: ...
    @overload
    def ref(
        self,
        key: builtins.str,
        known: dict | Iterable[builtins.str],
        noun: builtins.str,
        where: builtins.str,
        required: builtins.bool,
    ) -> builtins.str | None: ...

    def ref(
        self,
        key: builtins.str,
        known: dict | Iterable[builtins.str],
        noun: builtins.str,
        where: builtins.str,
        required: builtins.bool = True,
    ) -> builtins.str | None:
        """An id that must name something defined elsewhere: ``noun`` for the message ("person"),
        ``where`` for the fix ("people: or organisations: in article.yaml")."""
        value = self.str(key, required)
        if value is None:
            return None
        if value not in known:
            hint = did_you_mean(value, known) or f"define it under {where} first"
            raise self.error(key, f"{value!r} is not a defined {noun}", hint, UnknownId)
        return value

    def list(self, key: builtins.str, required: builtins.bool = False) -> builtins.list:
        value = self.raw(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(
                key, f"expected a list, found {_kind(value)}", f"write '{key}: [a, b]' or one '- item' per line"
            )
        return value

    def str_list(self, key: builtins.str, required: builtins.bool = False) -> builtins.list[builtins.str]:
        """A list of strings; a single string is accepted as a list of one."""
        value = self.raw(key, required)
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        items = self.list(key)
        for i, item in enumerate(items):
            if not isinstance(item, str):
                line = items.lines[i] if hasattr(items, "lines") else self.line_of(key)
                raise SchemaError(
                    self.path, line, f"{self.field(key)}[{i}]", f"expected text, found {_kind(item)}", "quote it"
                )
        return list(items)

    def item_line(self, key: builtins.str, index: int) -> int | None:
        items = self.data.get(key)
        lines = getattr(items, "lines", None)
        return lines[index] if lines and index < len(lines) else self.line_of(key)

    def mapping(self, key: builtins.str, required: builtins.bool = False) -> dict:
        value = self.raw(key, required)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(key, f"expected a mapping, found {_kind(value)}", "see docs/data-format.md")
        return value

    def entries(self, key: builtins.str, ids: builtins.bool = False) -> builtins.list[tuple[builtins.str, Fields]]:
        """The items of a mapping of mappings (``people:``, ``sources:``), each as Fields; with ``ids``, the keys
        must be ids (they become part of IRIs)."""
        mapping = self.mapping(key)
        lines = getattr(mapping, "lines", {})
        if ids:
            for k in mapping:
                if not isinstance(k, str) or not ID_PATTERN.match(k):
                    raise SchemaError(
                        self.path,
                        lines.get(k, self.line_of(key)),
                        f"{self.field(key)}.{k}",
                        f"{k!r} is not a valid id",
                        "use lower-case letters, digits and hyphens, e.g. low-back-pain",
                    )
        return [
            (str(k), Fields(v, self.path, f"{self.field(key)}.{k}", lines.get(k, self.line_of(key))))
            for k, v in mapping.items()
        ]

    def sub(self, key: builtins.str, value: Any, index: int | None = None) -> Fields:
        """Fields of a nested mapping (``key`` or ``key[index]``)."""
        name = self.field(key) + (f"[{index}]" if index is not None else "")
        line = self.item_line(key, index) if index is not None else self.line_of(key)
        return Fields(value, self.path, name, line)

    def done(self) -> None:
        """Reject keys nobody read: a misspelt field must not be silently ignored."""
        for key in self.data:
            if key not in self.seen:
                known = sorted(self.seen)
                raise SchemaError(
                    self.path,
                    self.line_of(key),
                    self.field(str(key)),
                    "unknown field",
                    did_you_mean(str(key), known) or ("allowed: " + ", ".join(known)),
                )


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
