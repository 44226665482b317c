"""Monte Carlo over the appraisal's uncertain inputs, run through the simulation's executor.

Each draw takes a demand factor, a value-of-time factor, a capital-cost
factor and (optionally) a benefit growth rate from triangular distributions,
re-runs the reference and every intervention's equilibrium with the routes
found once in the parent (no routing in the workers), and appraises them. The
draws are made up front from one seeded generator, so the results are the
same whichever executor runs them and in whatever order they finish
(local processes, one process, or a Dask cluster).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from corridor.assignment.appraisal import (
    Intervention,
    Reference,
    _run,
    evaluate,
    intervention_network,
    ranked_by_npv,
)
from corridor.assignment.appraisal_model import Settings, Triangle, Uncertainty
from corridor.assignment.appraisal_results import CandidateSpread, Draw, MonteCarlo
from corridor.assignment.demand import Demand
from corridor.assignment.run import ChoiceSets
from corridor.assignment.scenarios import cached_choice_sets
from corridor.emissions.factors import bundled_factors
from corridor.network.model import Network
from corridor.simulation.executor import Executor, LocalExecutor


@dataclass(frozen=True)
class _Job:
    draw: Draw
    reference: Reference
    reference_choice_sets: ChoiceSets
    interventions: tuple[tuple[Intervention, Network, ChoiceSets], ...]
    settings: Settings


def _triangle(rng: np.random.Generator, t: Triangle, n: int) -> np.ndarray[Any, np.dtype[np.float64]]:
    if t.low == t.high:
        return np.full(n, t.mode)
    return rng.triangular(t.low, t.mode, t.high, size=n)


def make_draws(uncertainty: Uncertainty, settings: Settings) -> tuple[Draw, ...]:
    """The draws, from one generator seeded with ``uncertainty.seed``."""
    rng = np.random.default_rng(uncertainty.seed)
    n = uncertainty.draws
    demand = _triangle(rng, uncertainty.demand_factor, n)
    vot = _triangle(rng, uncertainty.value_of_time_factor, n)
    capital = _triangle(rng, uncertainty.capital_cost_factor, n)
    growth = (
        _triangle(rng, uncertainty.benefit_growth_per_year, n)
        if uncertainty.benefit_growth_per_year is not None
        else np.full(n, settings.benefit_growth_per_year)
    )
    return tuple(
        Draw(i, float(demand[i]), float(vot[i]), float(capital[i]), float(growth[i])) for i in range(n)
    )


def _scaled_demand(demand: Demand, draw: Draw) -> Demand:
    segments = {
        k: replace(
            s, value_of_time_usd_per_teu_day=s.value_of_time_usd_per_teu_day * draw.value_of_time_factor
        )
        for k, s in demand.segments.items()
    }
    return replace(demand.scaled(draw.demand_factor), segments=segments)


def _run_draw(job: _Job) -> tuple[int, list[tuple[str, float, int]]]:
    """One draw: the reference and every intervention at the drawn inputs (module level: picklable)."""
    draw = job.draw
    factors = bundled_factors()
    reference = replace(job.reference, demand=_scaled_demand(job.reference.demand, draw))
    settings = job.settings.model_copy(update={"benefit_growth_per_year": draw.benefit_growth_per_year})
    before = _run(reference, reference.network, factors, job.reference_choice_sets)
    results = []
    for intervention, network, choice_sets in job.interventions:
        costs = tuple((y, c * draw.capital_cost_factor, o) for y, c, o in intervention.costs)
        scaled = replace(intervention, costs=costs)
        results.append(
            evaluate(
                reference, before, scaled, settings, factors=factors, network=network, choice_sets=choice_sets
            )
        )
    return draw.index, [(r.id, r.npv_usd, r.rank) for r in ranked_by_npv(results)]


def monte_carlo(
    reference: Reference,
    interventions: list[Intervention],
    settings: Settings,
    uncertainty: Uncertainty,
    *,
    executor: Executor | None = None,
) -> MonteCarlo:
    """Appraise every intervention over the draws (see the module docstring)."""
    factors = bundled_factors()

    def routes(network: Network) -> ChoiceSets:
        return cached_choice_sets(
            network, reference.demand, avoid_countries=reference.closed, factors=factors
        )

    prepared = tuple((i, n, routes(n)) for i in interventions for n in (intervention_network(reference, i),))
    draws = make_draws(uncertainty, settings)
    jobs = [_Job(d, reference, routes(reference.network), prepared, settings) for d in draws]
    by_draw = dict((executor or LocalExecutor(1)).map_unordered(_run_draw, jobs))
    ids = [i.id for i in interventions]
    npv: dict[str, list[float]] = {i: [] for i in ids}
    rank: dict[str, list[int]] = {i: [] for i in ids}
    for index in range(len(draws)):
        for cid, value, position in by_draw[index]:
            npv[cid].append(value)
            rank[cid].append(position)
    spread = tuple(
        CandidateSpread(
            cid,
            float(np.percentile(npv[cid], 10)),
            float(np.percentile(npv[cid], 50)),
            float(np.percentile(npv[cid], 90)),
            float(np.mean([v > 0 for v in npv[cid]])),
            float(np.mean([r == 1 for r in rank[cid]])),
            float(np.mean(rank[cid])),
        )
        for cid in ids
    )
    return MonteCarlo(
        draws,
        {k: tuple(v) for k, v in npv.items()},
        {k: tuple(v) for k, v in rank.items()},
        tuple(sorted(spread, key=lambda s: (s.mean_rank, s.id))),
    )


__all__ = ["CandidateSpread", "Draw", "MonteCarlo", "make_draws", "monte_carlo"]
