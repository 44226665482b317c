"""Origin-destination demand by cargo segment: reading, validating, the bundled 2024 table.

A demand folder holds ``demand.toml`` (name, version, base year, whether the
table is observed or modelled, control totals, the observed shares the choice
model is calibrated to) and three tables: ``demand.csv`` (TEU/yr per origin,
destination and segment), ``segments.csv`` (the cargo and value of time of
each segment) and ``sources.csv``. It is read like a network
(:func:`corridor.tables.read_folder`): every problem names file, row and field.
A user may also give a single demand CSV, which then uses the bundled segments
and sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from corridor.errors import DataFileError, DemandDataError, Problem
from corridor.network.model import Network
from corridor.tables import (
    SOURCE_ID,
    RowReader,
    Source,
    Table,
    check_columns,
    make_source,
    read_folder,
    read_rows,
    read_table,
)

BASES = ("modelled", "observed")
DIRECTIONS = ("westbound", "eastbound")
DEMAND_COLUMNS = ("origin", "destination", "segment", "teu_per_year", "basis")
SEGMENT_COLUMNS = ("segment", "name", "cargo", "value_of_time_usd_per_teu_day", "source_ids")
SOURCE_COLUMNS = ("source_id", "kind", "title", "publisher")


@dataclass(frozen=True, slots=True)
class Segment:
    """A class of cargo with its own container type and value of time."""

    segment_id: str
    name: str
    cargo: str
    value_of_time_usd_per_teu_day: float
    value_usd_per_teu: float | None = None
    time_cost_share_per_day: float | None = None
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DemandRow:
    """TEU per year of one segment from one origin node to one destination node."""

    origin: str
    destination: str
    segment: str
    teu_per_year: float
    basis: str
    direction: str | None = None
    origin_region: str | None = None
    destination_region: str | None = None
    source_ids: tuple[str, ...] = ()
    row: int = 0


@dataclass(frozen=True)
class Demand:
    """A validated demand table with its segments, sources and calibration targets."""

    name: str
    version: str
    title: str
    base_year: int
    basis: str
    rows: tuple[DemandRow, ...]
    segments: dict[str, Segment]
    sources: dict[str, Source]
    file: str = "demand.csv"
    control_totals: dict[str, Any] = field(default_factory=dict)
    observed_shares: dict[str, Any] = field(default_factory=dict)

    @property
    def total_teu_per_year(self) -> float:
        """All demand, TEU/yr."""
        return sum(r.teu_per_year for r in self.rows)

    def scaled(self, factor: float) -> Demand:
        """The same table with every volume multiplied by ``factor`` (growth scenarios)."""
        rows = tuple(_replace_teu(r, r.teu_per_year * factor) for r in self.rows)
        return Demand(**{**self.__dict__, "rows": rows})

    def provenance(self) -> dict[str, Any]:
        """What the table is and where it came from, as plain values."""
        return {
            "demand": self.name,
            "demand_version": self.version,
            "demand_basis": self.basis,
            "base_year": self.base_year,
        }


def _replace_teu(row: DemandRow, teu: float) -> DemandRow:
    return DemandRow(
        row.origin,
        row.destination,
        row.segment,
        teu,
        row.basis,
        row.direction,
        row.origin_region,
        row.destination_region,
        row.source_ids,
        row.row,
    )


def _make_segment(r: RowReader) -> Segment:
    return Segment(
        segment_id=r.text("segment", pattern=SOURCE_ID),
        name=r.text("name"),
        cargo=r.text("cargo"),
        value_of_time_usd_per_teu_day=r.number("value_of_time_usd_per_teu_day") or 0.0,
        value_usd_per_teu=r.number("value_usd_per_teu", required=False),
        time_cost_share_per_day=r.number("time_cost_share_per_day", required=False, maximum=1.0),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
    )


def _make_row(r: RowReader) -> DemandRow:
    origin, destination = r.text("origin"), r.text("destination")
    if origin and origin == destination:
        r.problem("destination", f"equals the origin {origin!r}")
    direction = r.optional_text("direction")
    if direction is not None and direction not in DIRECTIONS:
        r.problem("direction", f"unknown value {direction!r}; expected one of {', '.join(DIRECTIONS)}")
    return DemandRow(
        origin=origin,
        destination=destination,
        segment=r.text("segment"),
        teu_per_year=r.number("teu_per_year") or 0.0,
        basis=r.text("basis", choices=BASES),
        direction=direction,
        origin_region=r.optional_text("origin_region"),
        destination_region=r.optional_text("destination_region"),
        source_ids=r.items("source_ids", pattern=SOURCE_ID),
        row=r.row,
    )


def build_demand(
    manifest: dict[str, Any],
    *,
    demand: Table,
    segments: Table,
    sources: Table,
    manifest_file: str = "demand.toml",
) -> Demand:
    """Validate the tables and build a :class:`Demand`.

    Raises
    ------
    DemandDataError
        With every problem found, each naming file, row and field: unknown
        segments or sources, negative volumes, an OD and segment given twice.

    """
    problems: list[Problem] = []
    tables: list[tuple[Table, tuple[str, ...]]] = [
        (demand, DEMAND_COLUMNS),
        (segments, SEGMENT_COLUMNS),
        (sources, SOURCE_COLUMNS),
    ]
    if not all(check_columns(t, cols, problems) for t, cols in tables):
        raise DemandDataError(problems)
    built_sources = {s.source_id: s for _, s in read_rows(sources, problems, make_source)}
    built_segments = {s.segment_id: s for _, s in read_rows(segments, problems, _make_segment)}
    rows = read_rows(demand, problems, _make_row)
    seen: dict[tuple[str, str, str], int] = {}
    for row, item in rows:
        key = (item.origin, item.destination, item.segment)
        if key in seen:
            problems.append(
                Problem(demand.file, row, "segment", f"{key} is given twice (first on row {seen[key]})")
            )
        seen.setdefault(key, row)
    known = ", ".join(sorted(built_segments))
    for row, values in demand.rows:
        named = (values.get("segment") or "").strip()
        if named and named not in built_segments:
            problems.append(
                Problem(demand.file, row, "segment", f"unknown segment {named!r}; known: {known}")
            )
        for source_id in (s.strip() for s in (values.get("source_ids") or "").split("|") if s.strip()):
            if source_id not in built_sources:
                problems.append(Problem(demand.file, row, "source_ids", f"unknown source id {source_id!r}"))
    for segment in built_segments.values():
        for source_id in segment.source_ids:
            if source_id not in built_sources:
                problems.append(
                    Problem(segments.file, None, "source_ids", f"unknown source id {source_id!r}")
                )
    if problems:
        raise DemandDataError(problems)
    bases = {item.basis for _, item in rows}
    return Demand(
        name=str(manifest.get("name", "demand")),
        version=str(manifest.get("version", "")),
        title=str(manifest.get("title", "")),
        base_year=int(manifest.get("base_year", 0)),
        basis="observed" if bases == {"observed"} else "modelled",
        rows=tuple(item for _, item in rows),
        segments=built_segments,
        sources=built_sources,
        file=demand.file,
        control_totals=dict(manifest.get("control_totals", {})),
        observed_shares=dict(manifest.get("observed_shares", {})),
    )


def demand_from_csv(path: str | Path) -> Demand:
    """Read a demand folder (``demand.toml`` and its tables), its manifest, or one demand CSV.

    A single CSV uses the bundled segments and sources; its rows need the
    columns ``origin, destination, segment, teu_per_year, basis``.

    Parameters
    ----------
    path
        A folder holding ``demand.toml``, that file, or a ``.csv`` file.

    Returns
    -------
    Demand
        The validated table.

    Raises
    ------
    DemandDataError
        A file is missing or malformed; every problem names file, row and field.

    Examples
    --------
    >>> demand = demand_from_csv(bundled_demand_path())
    >>> demand.basis, demand.base_year
    ('modelled', 2024)

    """
    path = Path(path)
    try:
        if path.suffix == ".csv":
            folder = bundled_demand_path()
            manifest, tables, label = read_folder(
                folder, manifest_name="demand.toml", keys=("segments", "sources")
            )
            tables["demand"] = read_table(path, str(path))
            manifest = {"name": path.stem, "version": "", "title": path.name}
        else:
            manifest, tables, label = read_folder(
                path, manifest_name="demand.toml", keys=("demand", "segments", "sources")
            )
    except DataFileError as err:
        raise DemandDataError(err.problems) from err
    return build_demand(manifest, manifest_file=label, **tables)


def check_demand_nodes(demand: Demand, network: Network) -> None:
    """Raise :class:`DemandDataError` naming every row whose origin or destination the network lacks."""
    problems = [
        Problem(demand.file, row.row, end, f"unknown node {getattr(row, end)!r} in network {network.name!r}")
        for row in demand.rows
        for end in ("origin", "destination")
        if getattr(row, end) not in network.nodes
    ]
    if problems:
        raise DemandDataError(problems)


def bundled_demand_path() -> Path:
    """Folder of the bundled 2024 Asia-Europe demand table."""
    return Path(str(resources.files("corridor") / "data" / "demand"))


def bundled_demand() -> Demand:
    """The bundled 2024 demand table (modelled from published control totals)."""
    return demand_from_csv(bundled_demand_path())


__all__ = [
    "Demand",
    "DemandRow",
    "Segment",
    "build_demand",
    "bundled_demand",
    "bundled_demand_path",
    "check_demand_nodes",
    "demand_from_csv",
]
