"""Tables as an Excel workbook (XLSX), through openpyxl (``corridor[xlsx]``).

Every surface that offers a table for download (the CLI's ``--format xlsx``,
the web page's export, a simulation run's ``tables.xlsx``) builds it here:
one sheet per table, a bold frozen header of field names, numbers stored as
numbers, and the table's title and notes (units, provenance) on a last sheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corridor.optional import import_optional

#: Excel's limit on a sheet name, and the characters it refuses in one.
SHEET_NAME_MAX = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table: a sheet name, field names, rows of plain values, and lines that describe it."""

    name: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str] = field(default_factory=tuple)


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", name)[:SHEET_NAME_MAX] or "table"
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = base[: SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as the bytes of an XLSX workbook.

    Parameters
    ----------
    sheets
        The tables, in order; a sheet named ``about`` is added with each one's notes.

    Returns
    -------
    bytes
        The workbook (a ZIP file, as Excel, LibreOffice and pandas read it).

    Raises
    ------
    MissingDependencyError
        openpyxl is not installed (``pip install 'corridor[xlsx]'``).

    Examples
    --------
    >>> data = workbook_bytes([Sheet("options", ["rank", "cost_usd"], [[1, 5200.0]], ["USD 2024"])])
    >>> data[:2]
    b'PK'

    """
    openpyxl = import_optional("openpyxl", "xlsx")
    styles = import_optional("openpyxl.styles", "xlsx")
    book = openpyxl.Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    about: list[list[str]] = []
    for sheet in sheets:
        page = book.create_sheet(_sheet_name(sheet.name, taken))
        page.append(list(sheet.header))
        for cell in page[1]:
            cell.font = styles.Font(bold=True)
        for row in sheet.rows:
            page.append([_cell(v) for v in row])
        page.freeze_panes = "A2"
        for index, name in enumerate(sheet.header, start=1):
            page.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(10, len(name) + 2)
        about.extend([page.title, note] for note in sheet.notes)
    if about:
        notes = book.create_sheet(_sheet_name("about", taken))
        notes.append(["sheet", "note"])
        for cell in notes[1]:
            cell.font = styles.Font(bold=True)
        for line in about:
            notes.append(line)
        notes.column_dimensions["B"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _typed(text: str) -> Any:
    """A CSV cell as a number where it is one (so a spreadsheet can sum it), else the text."""
    if not _NUMBER.match(text):
        return text
    number = float(text)
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number


def sheet_from_csv(path: Path, *, name: str | None = None, notes: Sequence[str] = ()) -> Sheet:
    r"""A CSV file (with a header row) as a sheet, its numbers as numbers.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "t.csv"
    ...     _ = path.write_text("flow,p50\nXi'an,18.5\n", encoding="utf-8")
    ...     sheet_from_csv(path).rows
    [["Xi'an", 18.5]]

    """
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        rows = [[_typed(cell) for cell in row] for row in reader if row]
    return Sheet(name or path.stem, header, rows, notes)
