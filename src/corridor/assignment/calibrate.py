"""Fitting the logit scale and the rail constant to the observed base-year corridor shares.

Two observed shares (westbound 2024: rail among all containers, Middle among
Northern + Middle) identify two parameters: an alternative-specific constant
shared by the rail corridors (what the costs do not capture of rail against
sea, which sets the rail share) and a Middle constant on top of it (which sets
the Middle share of rail). Costs are held at the equilibrium's (congestion and
shadow prices included). The logit scale, the nest scales and the values of
time cannot be identified from two shares as well and are fixed (see
``docs/flows.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from corridor.assignment.choice import LogitParameters
from corridor.assignment.equilibrium import CODES, Array, Problem, logit_probabilities
from corridor.vocabulary import Corridor

RAIL_CORRIDORS = (Corridor.NORTHERN, Corridor.MIDDLE, Corridor.SOUTHERN)


@dataclass(frozen=True, slots=True)
class ShareTargets:
    """Observed westbound shares: rail among all, Middle among Northern + Middle."""

    rail_share: float
    middle_share_of_rail: float


def corridor_teu(problem: Problem, flows: Array, *, westbound_only: bool) -> dict[str, float]:
    """TEU/yr by corridor (and ``unserved``), westbound rows only if asked."""
    weights = np.where(problem.westbound[problem.alt_row], flows, 0.0) if westbound_only else flows
    sums = np.bincount(problem.alt_code, weights=weights, minlength=len(CODES)).tolist()
    return {code: float(v) for code, v in zip(CODES, sums, strict=True)}


def modelled_shares(problem: Problem, flows: Array) -> ShareTargets:
    """The two calibration shares of westbound flows."""
    teu = corridor_teu(problem, flows, westbound_only=True)
    rail = sum(teu.get(c, 0.0) for c in RAIL_CORRIDORS)
    served = rail + teu.get(Corridor.SEA, 0.0)
    northern_middle = teu.get(Corridor.NORTHERN, 0.0) + teu.get(Corridor.MIDDLE, 0.0)
    return ShareTargets(
        rail_share=rail / served if served else 0.0,
        middle_share_of_rail=teu.get(Corridor.MIDDLE, 0.0) / northern_middle if northern_middle else 0.0,
    )


def _with(logit: LogitParameters, rail: float, middle: float) -> LogitParameters:
    constants = {
        str(Corridor.NORTHERN): rail,
        str(Corridor.MIDDLE): rail + middle,
        str(Corridor.SOUTHERN): rail,
    }
    return LogitParameters(logit.scale_per_usd, constants, dict(logit.nest_scales), logit.default_nest_scale)


def _bisect(f: Callable[[float], float], low: float, high: float, *, steps: int = 50) -> float:
    """A root of increasing ``f`` in [low, high] (an end if it has none there)."""
    if f(low) >= 0:
        return low
    if f(high) <= 0:
        return high
    for _ in range(steps):
        mid = 0.5 * (low + high)
        if f(mid) < 0:
            low = mid
        else:
            high = mid
    return 0.5 * (low + high)


def fit_logit(
    problem: Problem, costs: Array, targets: ShareTargets, logit: LogitParameters
) -> LogitParameters:
    """The rail and Middle constants that reproduce ``targets`` at the given alternative ``costs``.

    The rail constant (shared by the Northern, Middle and Southern nests) sets
    the rail share; a Middle constant on top of it sets the Middle share of
    rail. theta and the nest scales are kept as given.
    """
    demand_alt = problem.demand[problem.alt_row]

    def shares(rail: float, middle: float) -> ShareTargets:
        flows = demand_alt * logit_probabilities(problem, costs, _with(logit, rail, middle))
        return modelled_shares(problem, flows)

    def rail_for(middle: float) -> float:
        return _bisect(lambda c: shares(c, middle).rail_share - targets.rail_share, -200.0, 50.0, steps=40)

    def middle_error(middle: float) -> float:
        return shares(rail_for(middle), middle).middle_share_of_rail - targets.middle_share_of_rail

    middle = _bisect(middle_error, -50.0, 50.0, steps=30)
    return _with(logit, rail_for(middle), middle)


__all__ = ["RAIL_CORRIDORS", "ShareTargets", "corridor_teu", "fit_logit", "modelled_shares"]
