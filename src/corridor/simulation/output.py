"""What ``corridor simulate`` leaves in its run folder: tables, plots and the HTML report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.errors import MissingDependencyError
from corridor.files import write_text_atomic
from corridor.network.model import Network
from corridor.simulation.engine import ReplicationResult
from corridor.simulation.events import write_events
from corridor.simulation.report import run_report
from corridor.simulation.run import write_tables


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
