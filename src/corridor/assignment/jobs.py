"""Flows runs and appraisals as jobs of the job manager (:class:`corridor.simulation.jobs.JobManager`).

Each task runs in the job's worker process, writes its run folder exactly as
``corridor flows run --out`` and ``corridor appraise --out`` do, and returns
the summary the API serves. Work is bounded before submission
(:func:`check_flows_work`, :func:`check_appraisal_work`): scenarios and
appraisal files by name only (the server's own files), a bounded number of
twin rounds and Monte Carlo draws.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.errors import LimitExceededError

#: Twin rounds one flows job may run (each a simulated year per replication and an assignment).
MAX_TWIN_ROUNDS = 8
#: Monte Carlo draws one appraisal job may run (each a flows run per candidate).
MAX_DRAWS = 50


def check_flows_work(*, twin_rounds: int) -> int:
    """The job's progress steps: the assignment, then each twin round.

    Raises
    ------
    LimitExceededError
        More than :data:`MAX_TWIN_ROUNDS` twin rounds.

    """
    if not 0 <= twin_rounds <= MAX_TWIN_ROUNDS:
        raise LimitExceededError(
            f"twin_rounds must be 0-{MAX_TWIN_ROUNDS}, got {twin_rounds}", field="twin_rounds"
        )
    return 1 + twin_rounds


def check_appraisal_work(*, draws: int | None) -> int:
    """The job's progress steps (one).

    Raises
    ------
    LimitExceededError
        More than :data:`MAX_DRAWS` Monte Carlo draws.

    """
    if draws is not None and not 1 <= draws <= MAX_DRAWS:
        raise LimitExceededError(f"draws must be 1-{MAX_DRAWS}, got {draws}", field="draws")
    return 1


@dataclass(frozen=True)
class FlowsTask:
    """A scenario's flows run (``corridor flows run SCENARIO``), with the twin's rounds if asked."""

    scenario: Path
    twin_rounds: int = 0
    twin_replications: int = 2
    kind: str = "flows"

    def run(self, out: Path | None, progress: Callable[[], None]) -> dict[str, Any]:
        """Run the flows, write the run folder, return the summary (with the bottlenecks' rows)."""
        from corridor.assignment.output import write_flows_run
        from corridor.assignment.scenarios import run_scenario_flows
        from corridor.assignment.twin import TwinSettings

        twin = (
            TwinSettings(rounds=self.twin_rounds, replications=self.twin_replications)
            if self.twin_rounds
            else None
        )
        run = run_scenario_flows(self.scenario, twin=twin, on_round=lambda _: progress())
        if out is not None:
            write_flows_run(out, run.result, run.network)
        if twin is None:
            progress()
        return flows_summary(run.result.summary(), run.result.bottlenecks)


def flows_summary(summary: dict[str, Any], bottlenecks: Any) -> dict[str, Any]:
    """What a flows job serves: ``summary.json`` with 40 elements' utilisation (for the web view)."""
    elements = [
        {
            "key": b.key,
            "name": b.name,
            "kind": b.kind,
            "teu_per_year": b.teu_per_year,
            "capacity_teu_per_year": b.capacity_teu_per_year,
            "utilisation": b.utilisation,
            "shadow_price_usd_per_teu": b.shadow_price_usd_per_teu,
        }
        for b in bottlenecks
    ]
    return {"kind": "flows", **summary, "bottlenecks": elements[:40]}


@dataclass(frozen=True)
class AppraisalTask:
    """An appraisal (``corridor appraise FILE``) with its Monte Carlo draws run in the job's process."""

    candidates: Path
    draws: int | None = None
    kind: str = "appraisal"

    def run(self, out: Path | None, progress: Callable[[], None]) -> dict[str, Any]:
        """Appraise, write the run folder, return the summary with the ranking."""
        from corridor.assignment.appraisal_file import appraise
        from corridor.assignment.appraisal_output import write_appraisal_run

        appraisal = appraise(self.candidates, draws=self.draws)
        if out is not None:
            write_appraisal_run(out, appraisal)
        progress()
        return {"kind": "appraisal", **appraisal_summary(appraisal)}


def appraisal_summary(appraisal: Any) -> dict[str, Any]:
    """The ranking and settings of an appraisal as JSON-ready values."""
    s = appraisal.settings
    ranking = [
        {
            "rank": r.rank,
            "id": r.id,
            "npv_usd": r.npv_usd,
            "bcr": r.bcr,
            "teu_diverted_per_year": r.teu_diverted_per_year,
            "co2e_change_t_per_year": r.co2e_change_t_per_year,
            "abatement_cost_usd_per_t": r.abatement_cost_usd_per_t,
        }
        for r in appraisal.ranking()
    ]
    spread = []
    if appraisal.monte_carlo is not None:
        spread = [
            {
                "id": x.id,
                "probability_npv_positive": x.probability_npv_positive,
                "share_ranked_first": x.share_ranked_first,
                "mean_rank": x.mean_rank,
            }
            for x in appraisal.monte_carlo.spread
        ]
    return {
        "settings": {
            "discount_rate": s.discount_rate,
            "horizon_years": s.horizon_years,
            "base_year": s.base_year,
            "carbon_price_usd_per_t": s.carbon_price_usd_per_t,
        },
        "ranking": ranking,
        "robustness": spread,
        "provenance": appraisal.provenance,
    }


__all__ = [
    "MAX_DRAWS",
    "MAX_TWIN_ROUNDS",
    "AppraisalTask",
    "FlowsTask",
    "appraisal_summary",
    "check_appraisal_work",
    "check_flows_work",
    "flows_summary",
]
