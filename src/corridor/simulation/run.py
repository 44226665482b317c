"""Replications: run them (through an executor), summarise them, write and read run folders."""

from __future__ import annotations

import csv
import json
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from corridor import __version__
from corridor.errors import CorridorError, RunFolderError
from corridor.files import write_text_atomic
from corridor.simulation.compiled import Plan
from corridor.simulation.engine import ReplicationResult, run_replication
from corridor.simulation.executor import Executor, LocalExecutor
from corridor.simulation.stats import mean_ci

QUANTILES = ("p2_5", "p25", "p50", "p75", "p97_5")


def replication_seeds(seed: int, replications: int) -> list[int]:
    """Independent seeds for the replications, reproducible from ``seed``."""
    children = np.random.SeedSequence(seed).spawn(replications)
    return [int(child.generate_state(1)[0]) for child in children]


def _run(job: tuple[Plan, int, int, bool]) -> tuple[int, ReplicationResult]:
    plan, index, seed, record_events = job
    return index, run_replication(plan, seed, record_events=record_events)


def simulate(
    plan: Plan,
    *,
    replications: int,
    seed: int,
    executor: Executor | None = None,
    on_result: Callable[[int, ReplicationResult], None] | None = None,
    record_events: bool = False,
) -> list[ReplicationResult]:
    """Run ``replications`` independent replications of ``plan``; results in replication order.

    ``on_result`` is called as each finishes (to save it, or show progress). With
    ``record_events`` each result carries every lot's tracking events (``tracking``), for
    :func:`corridor.simulation.events.write_events`; recording draws nothing, so the
    results are the same either way.
    """
    if not 1 <= replications <= 100_000:
        raise CorridorError(f"replications must be 1-100000, got {replications}")
    jobs = [(plan, i, s, record_events) for i, s in enumerate(replication_seeds(seed, replications))]
    results: dict[int, ReplicationResult] = {}
    for index, result in (executor or LocalExecutor()).map_unordered(_run, jobs):
        results[index] = result
        if on_result is not None:
            on_result(index, result)
    return [results[i] for i in sorted(results)]


def _mean_ci(values: list[float]) -> dict[str, float | None]:
    return mean_ci(values)


def _by_month(per_rep: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Monthly rows averaged over replications (transit P50: mean of the replications' P50s)."""
    rows = []
    for month in range(12):
        reps = [rows_of_rep[month] for rows_of_rep in per_rep]
        p50s = [r["transit_p50_days"] for r in reps if r["transit_p50_days"] is not None]
        rows.append(
            {
                "month": month + 1,
                "measured_days": reps[0]["measured_days"],
                "departed_teu": statistics.fmean(r["departed_teu"] for r in reps),
                "delivered_teu": statistics.fmean(r["delivered_teu"] for r in reps),
                "in_transit_teu_end": statistics.fmean(r["in_transit_teu_end"] for r in reps),
                "transit_p50_days": _mean_ci(p50s),
            }
        )
    return rows


def _pooled(results: list[ReplicationResult], flow: str) -> dict[str, float | None]:
    samples: list[float] = []
    weights: list[float] = []
    for r in results:
        samples += r.flows[flow]["transit_samples_days"]
        weights += r.flows[flow]["transit_weights_teu"]
    if not samples:
        return dict.fromkeys(QUANTILES)
    order = np.argsort(samples)
    values, w = np.asarray(samples)[order], np.cumsum(np.asarray(weights)[order])
    out: dict[str, float | None] = {}
    for key, q in zip(QUANTILES, (0.025, 0.25, 0.5, 0.75, 0.975), strict=True):
        out[key] = float(values[min(int(np.searchsorted(w, q * w[-1])), len(values) - 1)])
    return out


def summarise(plan: Plan, results: list[ReplicationResult], *, seed: int) -> dict[str, Any]:
    """KPIs across replications: means with 95% Student-t half-widths and ``n``, pooled percentiles."""
    flows = {}
    for flow in plan.flows:
        per_rep = [r.flows[flow.name] for r in results]
        flows[flow.name] = {
            "origin": flow.origin,
            "destination": flow.destination,
            "path": flow.path,
            "background": flow.background,
            "teu_per_week": flow.teu_per_week,
            "transit_days": _pooled(results, flow.name),
            "transit_p50_days": _mean_ci([p["transit_days"]["p50"] for p in per_rep]),
            "delivered_teu": _mean_ci([p["delivered_teu"] for p in per_rep]),
            "departed_teu": _mean_ci([p["departed_teu"] for p in per_rep]),
            "in_transit_teu_end": _mean_ci([p["in_transit_teu_end"] for p in per_rep]),
            "delivered_after_window_teu": _mean_ci([p["delivered_after_window_teu"] for p in per_rep]),
            "undelivered_teu": _mean_ci([p["undelivered_teu"] for p in per_rep]),
            "by_departure_month": _by_month([p["by_departure_month"] for p in per_rep]),
        }
    services = {
        link: {
            "from_node": plan.services[link].from_node,
            "to_node": plan.services[link].to_node,
            "carried_teu": _mean_ci([r.services[link]["carried_teu"] for r in results]),
            "utilisation": _mean_ci([r.services[link]["utilisation"] for r in results]),
            "queue_teu_mean": _mean_ci(
                [statistics.fmean(r.services[link]["queue_teu_daily"] or [0.0]) for r in results]
            ),
            "queue_teu_end": _mean_ci([r.services[link]["queue_teu_end"] for r in results]),
        }
        for link in plan.services
    }
    hub_names = sorted({h for r in results for h in r.hubs})
    hubs = {
        node: {
            "handled_teu": _mean_ci([r.hubs[node]["handled_teu"] for r in results if node in r.hubs]),
            "utilisation": _mean_ci(
                [
                    r.hubs[node]["utilisation"]
                    for r in results
                    if node in r.hubs and r.hubs[node]["utilisation"] is not None
                ]
            ),
        }
        for node in hub_names
    }
    return {
        "scenario": plan.scenario,
        "start": plan.start.isoformat(),
        "horizon_days": plan.horizon_h / 24,
        "warmup_days": plan.warmup_h / 24,
        "replications": len(results),
        "provenance": {
            "corridor_version": __version__,
            "network_version": plan.network_version,
            "seed": seed,
            "replication_seeds": [r.seed for r in results],
        },
        "flows": flows,
        "services": services,
        "hubs": hubs,
        # TEU departed in the window and still travelling at its end (the run then drains, so
        # their transit times are measured; undelivered_teu per flow is what never arrived).
        "stranded_teu": _mean_ci([r.stranded_teu for r in results]),
        "co2e_t": _mean_ci([r.co2e_t for r in results]),
        "events_per_replication": _mean_ci([float(r.events) for r in results]),
    }


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text, newline="")


def write_replication(out: Path, index: int, result: ReplicationResult) -> None:
    """Save one finished replication (so an interrupted run keeps what it finished)."""
    _atomic_write(out / "replications" / f"rep-{index + 1:05d}.json", json.dumps(result.to_dict()))


def read_replications(out: Path) -> list[ReplicationResult]:
    """Replications saved in a run folder."""
    results = []
    for path in sorted((out / "replications").glob("rep-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        results.append(
            ReplicationResult(
                data["seed"],
                data["flows"],
                data["services"],
                data["hubs"],
                data["stranded_teu"],
                data["co2e_t"],
                data["events"],
            )
        )
    return results


def _csv(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    with tempfile.SpooledTemporaryFile(mode="w+", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        handle.seek(0)
        return handle.read()


def write_tables(out: Path, summary: dict[str, Any], results: list[ReplicationResult]) -> None:
    """summary.json and the CSV tables of a run."""
    _atomic_write(out / "summary.json", json.dumps(summary, indent=2))
    _atomic_write(
        out / "transit_times.csv",
        _csv(
            [
                {
                    "flow": name,
                    **f["transit_days"],
                    "p50_mean_days": f["transit_p50_days"]["mean"],
                    "p50_ci95_days": f["transit_p50_days"]["ci95"],
                    "delivered_teu_mean": f["delivered_teu"]["mean"],
                    "background": f["background"],
                }
                for name, f in summary["flows"].items()
            ]
        ),
    )
    _atomic_write(
        out / "transit_by_departure_month.csv",
        _csv(
            [
                {
                    "flow": name,
                    "month": m["month"],
                    "measured_days": m["measured_days"],
                    "departed_teu_mean": m["departed_teu"],
                    "delivered_teu_mean": m["delivered_teu"],
                    "in_transit_teu_end_mean": m["in_transit_teu_end"],
                    "transit_p50_days_mean": m["transit_p50_days"]["mean"],
                    "transit_p50_days_ci95": m["transit_p50_days"]["ci95"],
                }
                for name, f in summary["flows"].items()
                for m in f["by_departure_month"]
            ]
        ),
    )
    _atomic_write(
        out / "services.csv",
        _csv(
            [
                {
                    "link": link,
                    "from_node": s["from_node"],
                    "to_node": s["to_node"],
                    "carried_teu_mean": s["carried_teu"]["mean"],
                    "utilisation_mean": s["utilisation"]["mean"],
                    "queue_teu_mean": s["queue_teu_mean"]["mean"],
                    "queue_teu_end_mean": s["queue_teu_end"]["mean"],
                }
                for link, s in summary["services"].items()
            ]
        ),
    )
    _atomic_write(
        out / "hubs.csv",
        _csv(
            [
                {
                    "node": node,
                    "handled_teu_mean": h["handled_teu"]["mean"],
                    "utilisation_mean": h["utilisation"]["mean"],
                }
                for node, h in summary["hubs"].items()
            ]
        ),
    )
    days = max((len(r.services[k]["queue_teu_daily"]) for r in results for k in r.services), default=0)
    rows = []
    for day in range(days):
        row: dict[str, Any] = {"day": day}
        for link in summary["services"]:
            values = [
                r.services[link]["queue_teu_daily"][day]
                for r in results
                if day < len(r.services[link]["queue_teu_daily"])
            ]
            row[f"queue_teu:{link}"] = round(statistics.fmean(values), 1) if values else ""
        rows.append(row)
    _atomic_write(out / "queues.csv", _csv(rows))


@dataclass(frozen=True)
class RunFolder:
    """A finished (or interrupted) run read back from disk."""

    path: Path
    summary: dict[str, Any]
    results: list[ReplicationResult]


def read_run(path: str | Path) -> RunFolder:
    """Read a run folder written by ``corridor simulate``."""
    folder = Path(path)
    summary_path = folder / "summary.json"
    if not summary_path.is_file():
        raise RunFolderError(
            f"{folder}: no summary.json: not a simulation run folder (corridor simulate --out)"
        )
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise RunFolderError(f"{summary_path}: not valid JSON ({err.msg})") from err
    return RunFolder(folder, summary, read_replications(folder))
