"""The twin's tracking events as data: one row per event, written as CSV (or Parquet), and measured.

Every lot of every replication reports its events in the shared vocabulary of
:mod:`corridor.events` (gate-in, departure, arrival, load, gauge change,
border, discharge, gate-out; classifier ``ACT``), with its TEU, place and time.
Segment times, dwell and waits are then measured from these rows exactly as
from real tracking data: :func:`crossing_times_h` (departure from one node to
arrival at the next) and :func:`stay_times_h` (arrival at a node to departure
from it).

A lot is the containers of one block train; when a ship cannot take a lot
whole, the part it takes is named after its parent (``"xian-baku#12.1"`` is a
part of ``"xian-baku#12"``), so a part's stay joins its parent's arrival.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from corridor.errors import CorridorError, MissingDependencyError
from corridor.events import EventType
from corridor.files import write_text_atomic
from corridor.simulation.engine import ReplicationResult

#: The columns of ``events.csv``, in order.
EVENT_COLUMNS = (
    "replication",
    "lot",
    "flow",
    "teu",
    "node_id",
    "event_type",
    "classifier",
    "time_h",
    "timestamp_utc",
    "step",
)
EVENT_FORMATS = ("csv", "parquet")


def event_rows(results: Sequence[ReplicationResult], *, start: dt.date) -> list[dict[str, Any]]:
    """Every tracking event of ``results`` as plain rows, by replication and then in time order.

    Ties in time keep the order in which the engine recorded the events, so the
    rows are the same for the same seed in any process.

    Parameters
    ----------
    results
        Replications run with ``record_events=True``.
    start
        The scenario's start date (hour 0), for the UTC timestamps.

    Returns
    -------
    list of dict
        One row per event, with the keys :data:`EVENT_COLUMNS`.

    Raises
    ------
    CorridorError
        A replication carries no events: it was run without ``record_events``.

    Examples
    --------
    >>> event_rows([], start=dt.date(2024, 1, 1))
    []

    """
    origin = dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)
    rows: list[dict[str, Any]] = []
    for number, result in enumerate(results, start=1):
        if not result.tracking and result.events:
            raise CorridorError(
                f"replication {number} has no tracking events: run it with record_events=True"
            )
        ordered = sorted(enumerate(result.tracking), key=lambda item: (item[1].time_h, item[0]))
        for _, event in ordered:
            stamp = origin + dt.timedelta(hours=event.time_h)
            rows.append(
                {
                    "replication": number,
                    "lot": event.shipment_id,
                    "flow": event.shipment_id.rpartition("#")[0],
                    "teu": round(event.teu, 3),
                    "node_id": event.node_id,
                    "event_type": str(event.event_type),
                    "classifier": str(event.classifier),
                    "time_h": round(event.time_h, 4),
                    "timestamp_utc": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "step": event.element_index,
                }
            )
    return rows


def _csv_text(rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(EVENT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_events(
    out: Path,
    results: Sequence[ReplicationResult],
    *,
    start: dt.date,
    formats: Sequence[str] = ("csv",),
) -> list[Path]:
    """Write every lot's tracking events into the run folder ``out``: ``events.csv`` (``events.parquet``).

    Parameters
    ----------
    out
        The run folder (created if missing).
    results
        Replications run with ``record_events=True``.
    start
        The scenario's start date.
    formats
        ``"csv"`` and/or ``"parquet"``; Parquet needs pyarrow, which Corridor does not install.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    CorridorError
        An unknown format, or replications without events.
    MissingDependencyError
        Parquet asked for and pyarrow is not installed.

    """
    unknown = [f for f in formats if f not in EVENT_FORMATS]
    if unknown:
        expected = ", ".join(EVENT_FORMATS)
        raise CorridorError(f"unknown events format {unknown[0]!r}; expected one of {expected}")
    rows = event_rows(results, start=start)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if "csv" in formats:
        written.append(write_text_atomic(out / "events.csv", _csv_text(rows), newline=""))
    if "parquet" in formats:
        written.append(_write_parquet(out / "events.parquet", rows))
    return written


def _write_parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    try:
        import pyarrow as pa  # type: ignore[import-not-found,unused-ignore]
        import pyarrow.parquet as pq  # type: ignore[import-not-found,unused-ignore]
    except ImportError as err:
        raise MissingDependencyError(
            "pyarrow is needed for Parquet events: pip install pyarrow (events.csv needs nothing)"
        ) from err
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: [] for c in EVENT_COLUMNS})
    pq.write_table(table, path)
    return path


def read_events(path: str | Path) -> list[dict[str, Any]]:
    """Read ``events.csv`` back, numbers as numbers.

    Raises
    ------
    CorridorError
        The file lacks a column of :data:`EVENT_COLUMNS`.

    """
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in EVENT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CorridorError(f"{path}: not an events file (no column {missing[0]!r})")
        return [
            {
                **row,
                "replication": int(row["replication"]),
                "teu": float(row["teu"]),
                "time_h": float(row["time_h"]),
                "step": int(row["step"]),
            }
            for row in reader
        ]


def _by_lot(rows: Iterable[dict[str, Any]]) -> dict[tuple[int, str], list[dict[str, Any]]]:
    lots: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for row in rows:
        lots.setdefault((row["replication"], row["lot"]), []).append(row)
    return lots


def crossing_times_h(
    rows: Iterable[dict[str, Any]], from_node: str, to_node: str
) -> list[tuple[float, float]]:
    """Hours from each departure at ``from_node`` to the lot's next arrival at ``to_node``, with its TEU.

    Examples
    --------
    >>> def event(lot, teu, node, kind, t):
    ...     return dict(replication=1, lot=lot, teu=teu, node_id=node, event_type=kind, time_h=t)
    >>> rows = [event("f#1", 80.0, "A", "departure", 5.0), event("f#1", 80.0, "B", "arrival", 27.0)]
    >>> crossing_times_h(rows, "A", "B")
    [(22.0, 80.0)]

    """
    out = []
    for events in _by_lot(rows).values():
        left: dict[str, Any] | None = None
        for row in events:
            if row["event_type"] == EventType.DEPARTURE and row["node_id"] == from_node:
                left = row
            elif row["event_type"] == EventType.ARRIVAL and left is not None:
                if row["node_id"] == to_node:
                    out.append((row["time_h"] - left["time_h"], left["teu"]))
                left = None
    return out


def stay_times_h(rows: Iterable[dict[str, Any]], node: str) -> list[tuple[float, float]]:
    """Hours from each lot's arrival at ``node`` to its departure from it (dwell and waits), with TEU.

    A part of a lot split at ``node`` (``#12.1``) is timed from its parent's arrival.

    Examples
    --------
    >>> def event(lot, teu, node, kind, t):
    ...     return dict(replication=1, lot=lot, teu=teu, node_id=node, event_type=kind, time_h=t)
    >>> rows = [
    ...     event("f#1", 80.0, "P", "arrival", 0.0),
    ...     event("f#1.1", 50.0, "P", "departure", 30.0),  # the part a ship took
    ...     event("f#1", 30.0, "P", "departure", 90.0),  # the rest, on the next ship
    ... ]
    >>> stay_times_h(rows, "P")
    [(30.0, 50.0), (90.0, 30.0)]

    """
    arrived: dict[tuple[int, str], float] = {}
    out = []
    for row in sorted(rows, key=lambda r: r["time_h"]):
        if row["node_id"] != node:
            continue
        key = (row["replication"], row["lot"])
        if row["event_type"] == EventType.ARRIVAL:
            arrived[key] = row["time_h"]
        elif row["event_type"] == EventType.DEPARTURE:
            lot = row["lot"]
            while (row["replication"], lot) not in arrived and "." in lot.rpartition("#")[2]:
                lot = lot.rpartition(".")[0]  # a part: timed from its parent's arrival
            since = arrived.get((row["replication"], lot))
            if since is not None:
                out.append((row["time_h"] - since, row["teu"]))
    return out
