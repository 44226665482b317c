"""Where a command's output goes: stdout, or a file written whole (``--out``, ``--report``)."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from corridor.files import write_text_atomic


class TableFormat(enum.StrEnum):
    """Output of a command whose result is a table."""

    table = "table"
    csv = "csv"


def emit(text: str, out: Path | None = None) -> None:
    """Write ``text`` to ``out`` (atomically, 0644, through symlinks), or to stdout."""
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_text_atomic(out, text)


OutOption = Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")]
