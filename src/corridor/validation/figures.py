"""Published figures to hold Corridor against: one sourced row each, read from a CSV table.

Each row names the figure (``figure_id``), what is compared (``what``), the
measure that computes Corridor's value (a name in
:data:`corridor.validation.measures.MEASURES`, with its arguments), the
published value as published and as numbers (``published_low`` to
``published_high``), whether the figure is independent of the data (``no``: a
parameter was set from it, so the row is a consistency check), the band
Corridor's value must stay in (``band_low`` to ``band_high``, in the figure's
unit), the source (title, URL, date, kind) and,
where Corridor is known to be outside the band, the reason (``known_outside``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from corridor.errors import DataFileError, Problem

CATEGORIES = ("distance", "transit", "capacity", "throughput", "price")
SOURCE_KINDS = ("official", "press", "low", "derived")
COLUMNS = (
    "figure_id",
    "category",
    "what",
    "measure",
    "args",
    "published",
    "published_low",
    "published_high",
    "unit",
    "band_low",
    "band_high",
    "source_title",
    "source_url",
    "source_date",
    "source_kind",
    "independent",
    "known_outside",
    "note",
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One published figure, Corridor's measure of the same thing, and the band it must stay in."""

    figure_id: str
    category: str
    what: str
    measure: str
    args: tuple[tuple[str, str], ...]
    published: str
    published_low: float
    published_high: float
    unit: str
    band_low: float
    band_high: float
    source_title: str
    source_url: str
    source_date: str
    source_kind: str
    independent: bool = True
    known_outside: str = ""
    note: str = ""

    @property
    def published_mid(self) -> float:
        """The middle of the published range (the value itself when one number was published)."""
        return (self.published_low + self.published_high) / 2.0


def parse_args(text: str) -> tuple[tuple[str, str], ...]:
    """``"origin=CN-XIAN;via=KZAAU"`` as ``(("origin", "CN-XIAN"), ("via", "KZAAU"))``.

    Examples
    --------
    >>> parse_args("origin=CN-XIAN; avoid_countries=RU|BY")
    (('origin', 'CN-XIAN'), ('avoid_countries', 'RU|BY'))
    >>> parse_args("")
    ()

    """
    pairs = []
    for item in text.split(";"):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"argument {item.strip()!r} is not key=value")
        pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


def _number(row: dict[str, str], field: str, file: str, line: int, problems: list[Problem]) -> float:
    text = (row.get(field) or "").strip()
    try:
        return float(text)
    except ValueError:
        problems.append(Problem(file, line, field, f"not a number: {text!r}"))
        return float("nan")


def figures_from_csv(path: str | Path) -> list[Figure]:
    """Read and check a figures table.

    Raises
    ------
    DataFileError
        A column is missing, a value is malformed, an id repeats, a band does not
        contain... anything wrong, each problem with its row and field.

    """
    from corridor.validation.measures import MEASURES

    file = str(path)
    problems: list[Problem] = []
    figures: list[Figure] = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError([Problem(file, 1, missing[0], "column missing")])
        seen: set[str] = set()
        for line, row in enumerate(reader, start=2):
            before = len(problems)
            figure_id = row["figure_id"].strip()
            if not figure_id or figure_id in seen:
                problems.append(Problem(file, line, "figure_id", f"empty or repeated: {figure_id!r}"))
            seen.add(figure_id)
            for field, choices in (
                ("category", CATEGORIES),
                ("measure", tuple(MEASURES)),
                ("source_kind", SOURCE_KINDS),
            ):
                if row[field].strip() not in choices:
                    problems.append(
                        Problem(file, line, field, f"unknown value {row[field]!r}; expected one of {choices}")
                    )
            if row["independent"].strip() not in ("yes", "no"):
                problems.append(
                    Problem(file, line, "independent", f"expected yes or no, got {row['independent']!r}")
                )
            for field in ("what", "published", "unit", "source_title", "source_url", "source_date"):
                if not row[field].strip():
                    problems.append(Problem(file, line, field, "is required but empty"))
            low, high, band_low, band_high = (
                _number(row, f, file, line, problems)
                for f in ("published_low", "published_high", "band_low", "band_high")
            )
            if len(problems) == before and not (low <= high and band_low <= band_high):
                problems.append(Problem(file, line, "band_high", "a range runs from low to high"))
            try:
                args = parse_args(row["args"])
            except ValueError as err:
                problems.append(Problem(file, line, "args", str(err)))
                args = ()
            if len(problems) > before:
                continue
            figures.append(
                Figure(
                    figure_id,
                    row["category"].strip(),
                    row["what"].strip(),
                    row["measure"].strip(),
                    args,
                    row["published"].strip(),
                    low,
                    high,
                    row["unit"].strip(),
                    band_low,
                    band_high,
                    row["source_title"].strip(),
                    row["source_url"].strip(),
                    row["source_date"].strip(),
                    row["source_kind"].strip(),
                    row["independent"].strip() == "yes",
                    (row.get("known_outside") or "").strip(),
                    (row.get("note") or "").strip(),
                )
            )
    if problems:
        raise DataFileError(problems)
    return figures


def bundled_figures_path() -> Path:
    """The figures table shipped with Corridor."""
    return Path(str(resources.files("corridor") / "data" / "validation" / "figures.csv"))


def bundled_figures() -> list[Figure]:
    """The figures table shipped with Corridor, read and checked."""
    return figures_from_csv(bundled_figures_path())


def bundled_calibration_path() -> Path:
    """The calibration record shipped with Corridor: which parameter was set from which published input."""
    return Path(str(resources.files("corridor") / "data" / "validation" / "calibration.csv"))
