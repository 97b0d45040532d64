"""Compute once, render many times: every command's result renders as a table, JSON, CSV or Markdown.

A result is either a ``Table`` or an object with ``to_json()`` and ``tables()`` (and optionally ``text()``
for a hand-made terminal rendering). ``render()`` is the only place that knows the formats.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any, Protocol

FORMATS = ("table", "json", "csv", "md")


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]
    title: str | None = None
    footer: list[str] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_json(self) -> Any:
        return self.records()

    def tables(self) -> list[Table]:
        return [self]


class Renderable(Protocol):
    def to_json(self) -> Any: ...

    def tables(self) -> list[Table]: ...


class Many(list):
    """A cell's items, of which a table on a terminal shows the first ``shown`` and how many more (an expert
    quoted in 75 of 1,000 articles); CSV, Markdown and JSON get every one."""

    shown = 5

    def __init__(self, items, sep: str = ", ") -> None:
        super().__init__(items)
        self.sep = sep


def _cell(value: Any, brief: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, Many):
        more = len(value) - value.shown if brief else 0
        text = value.sep.join(_cell(v) for v in (value[: value.shown] if more > 0 else value))
        return f"{text} … ({more} more)" if more > 0 else text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def to_json(result: Renderable) -> str:
    return json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"


def to_csv(result: Renderable) -> str:
    out = io.StringIO()
    tables = result.tables()
    for i, table in enumerate(tables):
        if len(tables) > 1:
            if i:
                out.write("\n")
            out.write(f"# {table.title or ''}\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(result: Renderable) -> str:
    parts = []
    for table in result.tables():
        lines = []
        if table.title:
            lines.append(f"### {table.title}\n")
        lines.append("| " + " | ".join(_md_escape(c) for c in table.columns) + " |")
        lines.append("|" + "|".join("---" for _ in table.columns) + "|")
        for row in table.rows:
            lines.append("| " + " | ".join(_md_escape(_cell(v)) for v in row) + " |")
        for note in table.footer:
            lines.append(f"\n{note}")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def to_plain(result: Renderable) -> str:
    """A fixed-width text table: what ``table`` gives when stdout is not a terminal (pipes, tests)."""
    text = getattr(result, "text", None)
    if callable(text):
        return text()
    parts = []
    for table in result.tables():
        cells = [[_cell(v, brief=True) for v in row] for row in table.rows]
        widths = [len(c) for c in table.columns]
        for row in cells:
            for i, value in enumerate(row):
                widths[i] = max(widths[i], max((len(line) for line in value.split("\n")), default=0))
        lines = []
        if table.title:
            lines.append(table.title)
        lines.append("  ".join(c.ljust(w) for c, w in zip(table.columns, widths)).rstrip())
        lines.append("  ".join("-" * w for w in widths))
        for row in cells:
            lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
        lines.extend(table.footer)
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def print_rich(result: Renderable, stream) -> None:
    """Tables drawn by rich, for a terminal. Every string reaches rich as a ``Text`` (never parsed as markup:
    a page's "[link=…]" is shown, not made a link, and its "[/]" cannot crash the table) with its control
    characters shown as escapes (kg.util.safe.for_terminal): a page's text cannot clear the screen or write the
    clipboard."""
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    from kg.util.safe import for_terminal

    def plain(value: str) -> Text:
        return Text(for_terminal(value))

    console = Console(file=stream)
    text = getattr(result, "text", None)
    if callable(text):
        console.print(plain(text()), highlight=False, end="")
        return
    # cells are data, never markup: "[/x]" in a title would raise, "[bold]" would style the rest (plain())
    for table in result.tables():
        rich_table = RichTable(title=plain(table.title) if table.title else None, title_justify="left")
        for column in table.columns:
            rich_table.add_column(plain(column), overflow="fold")
        for row in table.rows:
            rich_table.add_row(*[plain(_cell(v, brief=True)) for v in row])
        console.print(rich_table)
        for note in table.footer:
            console.print(plain(note), highlight=False)


def render(result: Renderable, fmt: str) -> str:
    """The result as text in ``fmt`` (``table`` is the plain-text table; see ``print_rich``)."""
    if fmt == "json":
        return to_json(result)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "md":
        return to_markdown(result)
    return to_plain(result)
