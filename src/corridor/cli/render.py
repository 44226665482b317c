"""The one table renderer of the CLI: a Rich table as text at the terminal's width, or rows as CSV or XLSX."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich import box
from rich.console import Console
from rich.table import Table

from corridor.sheets import Sheet, workbook_bytes

#: Width for output that goes to no terminal (a pipe, a file) when ``COLUMNS`` is not set.
PIPE_WIDTH = 120

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header on screen, its field name in CSV, and how a row shows in it.

    ``show`` formats the cell for the screen (default: ``str`` of the field);
    CSV gets the field's plain value. ``screen`` or ``csv`` false leaves the
    column out of that output; ``screen_min`` leaves it off screens narrower
    than that many columns, so that the figures of the others are never cut.
    """

    header: str
    key: str
    show: Callable[[Row], str] | None = None
    justify: Literal["left", "right"] = "left"
    no_wrap: bool = False
    ratio: int | None = None
    min_width: int | None = None
    max_width: int | None = None
    screen: bool = True
    csv: bool = True
    screen_min: int = 0


@dataclass(frozen=True, slots=True)
class TableData:
    """Rows (mappings of field to plain value) with their columns, a title and notes printed below."""

    columns: Sequence[Column]
    rows: Sequence[Row]
    title: str | None = None
    notes: Sequence[str] = ()


def table_width() -> int:
    """``COLUMNS`` if set, else the terminal's width as Rich finds it, else :data:`PIPE_WIDTH`."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():  # also where Rich would say 80 (TERM=dumb)
        return int(columns)
    return Console(file=io.StringIO()).size.width if _on_terminal() else PIPE_WIDTH


def _on_terminal() -> bool:
    for fd in (0, 1, 2):  # the streams Rich asks for the terminal's size
        try:
            os.get_terminal_size(fd)
        except (OSError, ValueError):
            continue
        return True
    return False


def table_to_text(*tables: TableData, width: int | None = None) -> str:
    """The tables as plain text, one after the other, with trailing spaces removed."""
    console = Console(
        width=width or table_width(), record=True, highlight=False, file=io.StringIO(), color_system=None
    )
    width = console.width
    for index, data in enumerate(tables):
        if index:
            console.print()
        table = Table(title=data.title, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
        shown = [c for c in data.columns if c.screen and width >= c.screen_min]
        left_out = [c.header for c in data.columns if c.screen and width < c.screen_min]
        for column in shown:
            table.add_column(
                column.header,
                justify=column.justify,
                no_wrap=column.no_wrap,
                ratio=column.ratio,
                min_width=column.min_width,
                max_width=column.max_width,
            )
        for row in data.rows:
            table.add_row(*(c.show(row) if c.show else str(row[c.key]) for c in shown))
        console.print(table)
        for note in data.notes:
            console.print(note)
        if left_out:
            console.print(f"Not shown at {width} columns: {', '.join(left_out)} (in --format csv, json).")
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    while lines and not lines[0]:  # a table without a title starts with its empty top edge
        lines.pop(0)
    return "\n".join(lines) + "\n"


def _csv_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return "" if value is None else value


def table_to_csv(*tables: TableData) -> str:
    """The rows of the tables as one CSV (the tables share their columns), with a header of field names."""
    columns = [c for c in tables[0].columns if c.csv]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for data in tables:
        writer.writerows([_csv_value(row[c.key]) for c in columns] for row in data.rows)
    return text.getvalue()


def table_to_xlsx(*tables: TableData, sheet: str = "table") -> bytes:
    """The tables as one XLSX sheet of plain values (as :func:`table_to_csv`), titles and notes on ``about``.

    Raises
    ------
    MissingDependencyError
        openpyxl is not installed (``corridor[xlsx]``).

    """
    columns = [c for c in tables[0].columns if c.csv]
    rows = [[row[c.key] for c in columns] for data in tables for row in data.rows]
    notes = [line for data in tables for line in ([data.title] if data.title else []) + list(data.notes)]
    return workbook_bytes([Sheet(sheet, [c.key for c in columns], rows, notes)])
