"""Where a command's output goes: stdout, or a file written whole (``--out``, ``--report``)."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from corridor.cli.render import TableData, table_to_csv, table_to_text, table_to_xlsx
from corridor.files import write_bytes_atomic, write_text_atomic


class TableFormat(enum.StrEnum):
    """Output of a command whose result is a table."""

    table = "table"
    csv = "csv"
    xlsx = "xlsx"


def emit(text: str, out: Path | None = None) -> None:
    """Write ``text`` to ``out`` (atomically, 0644, through symlinks), or to stdout."""
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_text_atomic(out, text)


def emit_binary(data: bytes, out: Path | None, *, what: str) -> None:
    """Write a binary file (``what``, e.g. "XLSX") to ``out``; without ``--out`` a clear usage error."""
    if out is None:
        raise typer.BadParameter(f"{what} output is a binary file: give --out FILE", param_hint="--format")
    write_bytes_atomic(out, data)


def emit_table(output_format: str, out: Path | None, *tables: TableData, sheet: str = "table") -> None:
    """Tables as text (``table``/``text``), CSV or XLSX (``--out`` required) to ``out`` or stdout."""
    if output_format == "csv":
        emit(table_to_csv(*tables), out)
    elif output_format == "xlsx":
        emit_binary(table_to_xlsx(*tables, sheet=sheet), out, what="XLSX")
    else:
        emit(table_to_text(*tables), out)


OutOption = Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")]
