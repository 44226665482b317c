"""Reading typed rows from CSV tables, collecting every problem with file, row and field.

Shared by every data set Corridor reads (networks, emission factors): each
turns rows into records with a ``make`` function over :class:`RowReader`.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from corridor.distributions import Triangular
from corridor.errors import DataFileError, Problem

T = TypeVar("T")

COUNTRY = re.compile(r"^[A-Z]{2}$")
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SOURCE_KINDS: tuple[str, ...] = ("official", "paper", "press", "low", "dataset", "method")


@dataclass(frozen=True, slots=True)
class Source:
    """A document, dataset or stated method that numbers in the network come from."""

    source_id: str
    kind: str
    title: str
    publisher: str
    url: str | None = None
    date: str | None = None
    note: str | None = None


Row = tuple[int, dict[str, str]]
NO_CLASSES: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of one file: ``(row number, {column: text})``; row numbers count the header as 1.

    ``rows`` is a list, or for a large file a :class:`CsvRows` that reads the
    file again on each pass instead of holding every row. ``shared`` lets equal
    cell lists (countries, source ids) read from the table be one object.
    """

    file: str
    rows: Iterable[Row]
    columns: tuple[str, ...] = ()
    shared: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)


class RowReader:
    """Typed access to one row's fields, recording problems instead of raising."""

    def __init__(self, table: Table, row: int, values: dict[str, str], problems: list[Problem]):
        self.table = table
        self.row = row
        self.values = values
        self.problems = problems
        self.ok = True

    def problem(self, field: str | None, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.table.file, self.row, field, message))

    def raw(self, field: str) -> str:
        return (self.values.get(field) or "").strip()

    def text(
        self,
        field: str,
        *,
        required: bool = True,
        pattern: re.Pattern[str] | None = None,
        choices: tuple[str, ...] | None = None,
    ) -> str:
        value = self.raw(field)
        if not value:
            if required:
                self.problem(field, "is required but empty")
            return ""
        if pattern is not None and not pattern.match(value):
            self.problem(field, f"malformed value {value!r}")
        if choices is not None and value not in choices:
            self.problem(field, f"unknown value {value!r}; expected one of {', '.join(choices)}")
        return value

    def optional_text(self, field: str) -> str | None:
        return self.raw(field) or None

    def number(
        self,
        field: str,
        *,
        required: bool = True,
        minimum: float | None = 0.0,
        maximum: float | None = None,
        positive: bool = False,
    ) -> float | None:
        value = self.raw(field)
        if not value:
            if required:
                self.problem(field, "is required but empty")
            return None
        try:
            number = float(value)
        except ValueError:
            self.problem(field, f"not a number: {value!r}")
            return None
        if not math.isfinite(number):
            self.problem(field, f"not a finite number: {value!r}")
            return None
        if positive and number <= 0:
            self.problem(field, f"must be > 0, got {value!r}")
            return None
        if minimum is not None and number < minimum:
            self.problem(field, f"must be >= {minimum:g}, got {value!r}")
            return None
        if maximum is not None and number > maximum:
            self.problem(field, f"must be <= {maximum:g}, got {value!r}")
            return None
        return number

    def boolean(self, field: str) -> bool:
        value = self.raw(field).lower()
        if value in ("true", "yes", "1"):
            return True
        if value in ("false", "no", "0"):
            return False
        self.problem(field, f"expected true or false, got {self.raw(field)!r}")
        return False

    def items(
        self, field: str, *, required: bool = False, pattern: re.Pattern[str] | None = None
    ) -> tuple[str, ...]:
        value = self.raw(field)
        if not value:
            if required:
                self.problem(field, "is required but empty")
            return ()
        parts = tuple(p.strip() for p in value.split("|"))
        for part in parts:
            if not part or (pattern is not None and not pattern.match(part)):
                self.problem(field, f"malformed item {part!r} in {value!r}")
        return self.table.shared.setdefault(parts, parts)

    def dg_classes(self, field: str) -> frozenset[int]:
        classes: set[int] = set()
        for part in self.items(field):
            if part.isdigit() and 1 <= int(part) <= 9:
                classes.add(int(part))
            else:
                self.problem(field, f"dangerous-goods class must be 1-9, got {part!r}")
        return frozenset(classes) if classes else NO_CLASSES

    def triangular(self, prefix: str, *, required: bool) -> Triangular | None:
        fields = (f"{prefix}_min", f"{prefix}_mode", f"{prefix}_max")
        given = [bool(self.raw(f)) for f in fields]
        if not any(given) and not required:
            return None
        values = [self.number(f) for f in fields]
        if any(v is None for v in values):
            return None
        low, mode, high = (float(v) for v in values if v is not None)
        if not low <= mode <= high:
            self.problem(prefix + "_*", f"needs min <= mode <= max, got {low:g}, {mode:g}, {high:g}")
            return None
        return Triangular(low, mode, high)


def check_unique(table: Table, key: str, problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for row, values in table.rows:
        value = (values.get(key) or "").strip()
        if value in seen:
            problems.append(
                Problem(table.file, row, key, f"duplicate id {value!r} (first on row {seen[value]})")
            )
        elif value:
            seen[value] = row


def read_rows(
    table: Table, problems: list[Problem], make: Callable[[RowReader], T | None]
) -> list[tuple[int, T]]:
    built: list[tuple[int, T]] = []
    for row, values in table.rows:
        reader = RowReader(table, row, values, problems)
        item = make(reader)
        if item is not None and reader.ok:
            built.append((row, item))
    return built


def keyed_rows(
    table: Table,
    key: str,
    problems: list[Problem],
    make: Callable[[RowReader], T | None],
    seen: dict[str, int],
) -> Iterator[tuple[int, T]]:
    """:func:`read_rows` and :func:`check_unique` in one pass, yielding each record as it is built.

    ``seen`` is filled with the row every id in ``key`` (built or not) first appears on.
    """
    for row, values in table.rows:
        value = (values.get(key) or "").strip()
        if value in seen:
            problems.append(
                Problem(table.file, row, key, f"duplicate id {value!r} (first on row {seen[value]})")
            )
        elif value:
            seen[value] = row
        reader = RowReader(table, row, values, problems)
        item = make(reader)
        if item is not None and reader.ok:
            yield row, item


def row_count(table: Table) -> int:
    """How many rows ``table`` has (a streamed table counted them when it was opened)."""
    rows = table.rows
    return rows.count if isinstance(rows, CsvRows) else sum(1 for _ in rows)


def records_from_csv(
    path: str | Path, columns: tuple[str, ...], make: Callable[[RowReader], T | None], what: str
) -> list[T]:
    """The records of a CSV file of ``what`` (e.g. "trip records"), all of them or none.

    Raises
    ------
    DataFileError
        A missing column, a bad value (every problem names file, row and field) or no record.

    """
    table = read_table(Path(path), str(path))
    problems: list[Problem] = []
    records: list[T] = []
    if check_columns(table, columns, problems):
        records = [record for _, record in read_rows(table, problems, make)]
    if not problems and not records:
        problems.append(Problem(str(path), None, None, f"no {what}"))
    if problems:
        raise DataFileError(problems)
    return records


def check_columns(table: Table, required: tuple[str, ...], problems: list[Problem]) -> bool:
    missing = [c for c in required if c not in table.columns]
    for column in missing:
        problems.append(Problem(table.file, 1, column, "required column is missing from the header"))
    return not missing


def read_table(path: Path, label: str, *, stream: bool = False) -> Table:
    """A CSV table; with ``stream``, rows are read from the file on each pass, not kept.

    Raises
    ------
    DataFileError
        The file is missing, not UTF-8 or malformed (with ``stream``, the first
        pass reads it whole to check, so later passes meet no such error).

    """
    rows = CsvRows(path, label)
    if stream:
        for _ in rows:  # reads the whole file once now to check it, keeping nothing
            rows.count += 1
        return Table(file=label, rows=rows, columns=rows.columns())
    return Table(file=label, rows=list(rows), columns=rows.columns())


class CsvRows:
    """The non-empty rows of a CSV file, read from disk on every iteration."""

    def __init__(self, path: Path, label: str) -> None:
        self.path = path
        self.label = label
        self.count = 0

    def columns(self) -> tuple[str, ...]:
        """The header's column names, stripped."""
        with self._open() as handle:
            header = next(csv.reader(handle), [])
        return tuple(c.strip() for c in header)

    def _open(self) -> Any:
        try:
            return self.path.open(newline="", encoding="utf-8")
        except FileNotFoundError as err:
            raise DataFileError([Problem(self.label, None, None, "file not found")]) from err

    def __iter__(self) -> Iterator[Row]:
        try:
            with self._open() as handle:
                reader = csv.DictReader(handle)
                reader.fieldnames = [c.strip() for c in (reader.fieldnames or ())]
                for values in reader:
                    if None in values:
                        extra = values.pop(None)  # type: ignore[call-overload, unused-ignore]
                        raise DataFileError(
                            [
                                Problem(
                                    self.label,
                                    reader.line_num,
                                    None,
                                    f"more cells than header columns: {extra!r}",
                                )
                            ]
                        )
                    if any((v or "").strip() for v in values.values()):
                        yield reader.line_num, values
        except UnicodeDecodeError as err:
            raise DataFileError([Problem(self.label, None, None, f"not UTF-8 text ({err.reason})")]) from err
        except csv.Error as err:
            raise DataFileError([Problem(self.label, None, None, f"malformed CSV: {err}")]) from err


def make_source(r: RowReader) -> Source:
    kind = r.text("kind", choices=SOURCE_KINDS)
    url = r.optional_text("url")
    note = r.optional_text("note")
    if kind != "method" and not url:
        r.problem("url", "is required for a source that is not a method")
    if kind == "method" and not note:
        r.problem("note", "a method source must say how its numbers are derived")
    date = r.optional_text("date")
    if date and not DATE.match(date):
        r.problem("date", f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {date!r}")
    return Source(
        source_id=r.text("source_id", pattern=SOURCE_ID),
        kind=kind,
        title=r.text("title"),
        publisher=r.text("publisher"),
        url=url,
        date=date,
        note=note,
    )


def read_manifest(manifest: Mapping[str, Any], file: str, problems: list[Problem]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key, kind in (
        ("name", str),
        ("version", str),
        ("title", str),
        ("licence", str),
        ("currency_year", int),
    ):
        value = manifest.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(Problem(file, None, key, f"expected a {kind.__name__}, got {value!r}"))
            value = kind()
        meta[key] = value
    return meta


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML manifest; a missing or malformed one is a :class:`NetworkDataError` naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise DataFileError([Problem(str(path), None, None, "manifest not found")]) from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise DataFileError([Problem(str(path), None, None, f"malformed TOML: {err}")]) from err


def read_folder(
    folder: str | Path,
    *,
    manifest_name: str,
    keys: tuple[str, ...],
    optional: tuple[str, ...] = (),
    stream: bool = False,
) -> tuple[dict[str, Any], dict[str, Table], str]:
    """Read a manifest and the CSV tables it names (``keys``, default ``<key>.csv``).

    ``folder`` is the folder or the manifest itself. Returns the manifest, the
    tables by key, and the manifest's path as a label for messages. An
    ``optional`` table is read when the manifest names it (then it must exist).
    With ``stream``, tables read their file on each pass (see :func:`read_table`).
    """
    path = Path(folder)
    manifest_path = path if path.suffix == ".toml" else path / manifest_name
    label = str(manifest_path)
    manifest = read_toml(manifest_path)
    tables: dict[str, Table] = {}
    for key in (*keys, *(k for k in optional if k in manifest)):
        name = manifest.get(key, f"{key}.csv")
        if not isinstance(name, str):
            raise DataFileError([Problem(label, None, key, f"expected a file name, got {name!r}")])
        table_path = manifest_path.parent / name
        tables[key] = read_table(table_path, str(table_path), stream=stream)
    return manifest, tables, label
