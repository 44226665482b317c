"""What ``corridor simulate`` leaves in its run folder: tables, plots and the HTML report."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.errors import MissingDependencyError
from corridor.files import write_text_atomic
from corridor.network.model import Network
from corridor.simulation.compiled import Plan
from corridor.simulation.engine import ReplicationResult
from corridor.simulation.events import write_events
from corridor.simulation.report import compare_report, run_report
from corridor.simulation.run import RunFolder, read_replications, summarise, write_tables


@dataclass(frozen=True, slots=True)
class RunFiles:
    """The report written, the plot images in it, why plots are missing if they are, the events files."""

    report: Path
    plots: list[Path]
    plots_missing: str | None = None
    events: tuple[Path, ...] = ()


def write_run(
    out: Path,
    summary: dict[str, Any],
    results: list[ReplicationResult],
    network: Network,
    *,
    events: Sequence[str] = (),
) -> RunFiles:
    """Write the tables, plots and HTML report of a run into the folder ``out``.

    Plots need matplotlib (``corridor[plots]``); without it the tables and the
    report are written all the same, and ``plots_missing`` says how to get them.

    Parameters
    ----------
    out
        The run folder (created if missing).
    summary
        :func:`corridor.simulation.run.summarise` of the run.
    results
        Its replications.
    network
        The network the run used (for the map).
    events
        Also write every lot's tracking events in these formats (``"csv"``, ``"parquet"``):
        ``events.csv`` / ``events.parquet`` (:func:`corridor.simulation.events.write_events`). The
        replications must have been run with ``record_events=True``.

    Returns
    -------
    RunFiles
        What was written.

    """
    from corridor.simulation import plots

    out.mkdir(parents=True, exist_ok=True)
    write_tables(out, summary, results)
    event_files: list[Path] = []
    if events:
        start = dt.date.fromisoformat(summary["start"])
        event_files = write_events(out, results, start=start, formats=events)
    try:
        images = [
            plots.transit_plot(summary, results, out / "transit_times.png"),
            plots.queue_plot(summary, results, out / "queues.png"),
            plots.utilisation_plot(summary, out / "utilisation.png"),
            plots.throughput_plot(summary, out / "throughput.png"),
            plots.map_plot(network, summary, out / "map.png"),
        ]
        missing = None
    except MissingDependencyError as err:
        images, missing = [], str(err)
    report = write_text_atomic(out / "report.html", run_report(summary, images))
    return RunFiles(report, images, missing, tuple(event_files))


#: The run folder's tables, in the order of the workbook's sheets (:func:`write_tables_xlsx`).
RUN_TABLES = ("transit_times", "transit_by_departure_month", "services", "hubs", "queues")


def write_tables_xlsx(out: Path, summary: dict[str, Any]) -> Path:
    """The run folder's CSV tables as one workbook, ``tables.xlsx``, one sheet per table.

    Raises
    ------
    MissingDependencyError
        openpyxl is not installed (``corridor[xlsx]``).

    """
    from corridor.files import write_bytes_atomic

    return write_bytes_atomic(out / "tables.xlsx", run_tables_workbook(out, summary))


def run_tables_workbook(out: Path, summary: dict[str, Any]) -> bytes:
    """The bytes of :func:`write_tables_xlsx`'s workbook, for a server to send.

    Raises
    ------
    MissingDependencyError
        openpyxl is not installed (``corridor[xlsx]``).

    """
    from corridor.sheets import sheet_from_csv, workbook_bytes

    prov = summary.get("provenance", {})
    about = (
        f"scenario {summary.get('scenario')}; {summary.get('replications')} replications, seed "
        f"{prov.get('seed')}; from {summary.get('start')}; corridor {prov.get('corridor_version')}, "
        f"network {prov.get('network_version')}; the run folder's CSV files of the same names"
    )
    sheets = [
        sheet_from_csv(out / f"{name}.csv", notes=[about] if index == 0 else [])
        for index, name in enumerate(RUN_TABLES)
        if (out / f"{name}.csv").is_file()
    ]
    return workbook_bytes(sheets)


def start_run(out: Path) -> None:
    """Make ``out`` ready for a new run: created if missing, replications saved by an earlier run removed.

    Replications are saved as they finish (:func:`corridor.simulation.run.write_replication`),
    so that :func:`recover_run` can write the run folder of an interrupted run
    from the ones it finished.
    """
    out.mkdir(parents=True, exist_ok=True)
    for stale in (out / "replications").glob("rep-*.json"):
        stale.unlink()


def recover_run(out: Path, plan: Plan, network: Network, *, seed: int) -> list[ReplicationResult]:
    """Write the run folder of an interrupted run from the replications it saved in ``out``.

    Parameters
    ----------
    out
        The run folder, prepared by :func:`start_run`.
    plan, network
        What the run simulated.
    seed
        The run's seed (recorded in the summary).

    Returns
    -------
    list of ReplicationResult
        The finished replications; when there are none, nothing is written.

    """
    finished = read_replications(out)
    if finished:
        write_run(out, summarise(plan, finished, seed=seed), finished, network)
    return finished


def write_compare_report(path: Path, a: RunFolder, b: RunFolder, rows: list[dict[str, Any]]) -> RunFiles:
    """Write the HTML report comparing run ``b`` with run ``a`` (rows of :func:`compare_runs`).

    The transit-time plot needs matplotlib; without it the report has the table
    only, and ``plots_missing`` says how to get the plot.
    """
    from corridor.simulation import plots

    names = (a.summary["scenario"], b.summary["scenario"])
    with tempfile.TemporaryDirectory() as tmp:
        try:
            images = [
                plots.transit_plot(
                    a.summary, a.results, Path(tmp) / "transit_compare.png", other=b.results, labels=names
                )
            ]
            missing = None
        except MissingDependencyError as err:
            images, missing = [], str(err)
        report = write_text_atomic(path, compare_report(rows, names, images))
    return RunFiles(report, [], missing)
