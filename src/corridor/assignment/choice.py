"""Route choice: corridors, generalised cost and the nested logit over them.

An option is classified by the countries it crosses, its modes and nodes
(:func:`classify_corridor`): Russia or Belarus make it *northern*, Iran
*southern*, a Caspian crossing (or the Caucasus reached from Central Asia)
*middle*; an option with a sea leg or without rail is *sea*.
Its generalised cost per TEU is

    price + VoT x P50 + reliability_ratio x VoT x (P90 - P50)
          + carbon price x CO2e + border penalty x crossings (+ congestion)

and the probability of choosing it is a nested logit with one nest per
corridor: ``P(r) = P(nest) P(r | nest)`` with ``P(r | n) ~ exp(-theta g_r / lambda_n)``
and ``P(n) ~ exp(ASC_n + lambda_n log sum_{sin n} exp(-theta g_s / lambda_n))``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from corridor.vocabulary import Corridor

CORRIDORS: tuple[Corridor, ...] = tuple(Corridor)
NORTHERN_COUNTRIES = frozenset({"RU", "BY"})
SOUTHERN_COUNTRIES = frozenset({"IR"})
MIDDLE_COUNTRIES = frozenset({"AZ", "GE"})
CENTRAL_ASIA = frozenset({"KZ", "TM", "UZ"})
CASPIAN_PORTS = frozenset({"KZAAU", "KZ-KURYK", "TMKRW", "AZ-ALAT"})


def classify_corridor(
    countries: Sequence[str], modes: Sequence[str], node_ids: Sequence[str] = ()
) -> Corridor:
    """The corridor of an option from the countries it crosses, its modes and nodes.

    Russia or Belarus: Northern. Iran: Southern. A Caspian port, or Azerbaijan
    or Georgia together with Kazakhstan, Turkmenistan or Uzbekistan: Middle.
    Otherwise an option with a sea leg or with neither rail nor road is sea (so a
    ship to Poti with a train on to Tbilisi is sea, not Middle), and an all-land
    option, by rail or by truck, is Middle.

    Examples
    --------
    >>> classify_corridor(["CN", "KZ", "RU", "BY", "PL", "DE"], ["rail"])
    'northern'
    >>> classify_corridor(["CN", "KZ", "AZ", "GE", "TR"], ["rail", "ferry"], ["KZAAU", "AZ-ALAT"])
    'middle'
    >>> classify_corridor(["CN", "EG", "NL"], ["sea"])
    'sea'
    >>> classify_corridor(["CN", "GE"], ["sea", "rail"])
    'sea'
    >>> classify_corridor(["TR", "BG", "RO", "HU", "AT", "DE"], ["road"])
    'middle'

    """
    crossed = set(countries)
    if crossed & NORTHERN_COUNTRIES:
        return Corridor.NORTHERN
    if crossed & SOUTHERN_COUNTRIES:
        return Corridor.SOUTHERN
    if CASPIAN_PORTS & set(node_ids) or (crossed & MIDDLE_COUNTRIES and crossed & CENTRAL_ASIA):
        return Corridor.MIDDLE
    if "sea" in modes or not {"rail", "road"} & set(modes):
        return Corridor.SEA
    return Corridor.MIDDLE


@dataclass(frozen=True, slots=True)
class CostParameters:
    """What a TEU's generalised cost weighs besides price and time (values of time are per segment)."""

    reliability_ratio: float = 1.2
    carbon_price_usd_per_t: float = 0.0
    border_penalty_usd_per_crossing: float = 100.0


def generalised_cost_usd_per_teu(
    *,
    price_usd_per_teu: float,
    p50_days: float,
    p90_days: float,
    co2e_t_per_teu: float,
    border_crossings: int,
    value_of_time_usd_per_teu_day: float,
    parameters: CostParameters,
) -> float:
    """One option's uncongested generalised cost per TEU (see the module docstring).

    Examples
    --------
    >>> generalised_cost_usd_per_teu(price_usd_per_teu=1000, p50_days=20, p90_days=25, co2e_t_per_teu=1.0,
    ...     border_crossings=2, value_of_time_usd_per_teu_day=100,
    ...     parameters=CostParameters(reliability_ratio=1.0, carbon_price_usd_per_t=50,
    ...                               border_penalty_usd_per_crossing=10))
    3570.0

    """
    vot = value_of_time_usd_per_teu_day
    return (
        price_usd_per_teu
        + vot * p50_days
        + parameters.reliability_ratio * vot * max(0.0, p90_days - p50_days)
        + parameters.carbon_price_usd_per_t * co2e_t_per_teu
        + parameters.border_penalty_usd_per_crossing * border_crossings
    )


@dataclass(frozen=True, slots=True)
class LogitParameters:
    """Scale theta (per USD), corridor constants (utility units) and nest scales lambda in (0, 1]."""

    scale_per_usd: float = 1.0 / 1000.0
    constants: Mapping[str, float] = field(default_factory=dict)
    nest_scales: Mapping[str, float] = field(default_factory=dict)
    default_nest_scale: float = 0.5

    def nest_scale(self, corridor: str) -> float:
        """Lambda of a corridor's nest."""
        return float(self.nest_scales.get(corridor, self.default_nest_scale))

    def constant(self, corridor: str) -> float:
        """The alternative-specific constant of a corridor (0 for the reference, sea)."""
        return float(self.constants.get(corridor, 0.0))


def nested_logit_shares(
    costs: Sequence[float], corridors: Sequence[str], parameters: LogitParameters
) -> list[float]:
    """Choice probabilities of options with generalised ``costs`` in the given corridor nests.

    Computed stably (costs shifted by the lowest in each nest and in total).
    An option of infinite cost gets probability 0.

    Examples
    --------
    >>> p = nested_logit_shares([1000.0, 1000.0], ["sea", "northern"], LogitParameters())
    >>> [round(x, 3) for x in p]
    [0.5, 0.5]

    """
    by_nest: dict[str, list[int]] = {}
    for i, corridor in enumerate(corridors):
        if math.isfinite(costs[i]):
            by_nest.setdefault(corridor, []).append(i)
    theta = parameters.scale_per_usd
    shares = [0.0] * len(costs)
    nest_v: dict[str, float] = {}
    within: dict[str, list[tuple[int, float]]] = {}
    for nest, members in by_nest.items():
        lam = parameters.nest_scale(nest)
        low = min(costs[i] for i in members)
        weights = [(i, math.exp(-theta * (costs[i] - low) / lam)) for i in members]
        total = sum(w for _, w in weights)
        within[nest] = [(i, w / total) for i, w in weights]
        nest_v[nest] = parameters.constant(nest) - theta * low + lam * math.log(total)
    if not nest_v:
        return shares
    top = max(nest_v.values())
    nest_w = {n: math.exp(v - top) for n, v in nest_v.items()}
    total_w = sum(nest_w.values())
    for nest, conditional in within.items():
        p_nest = nest_w[nest] / total_w
        for i, p in conditional:
            shares[i] = p_nest * p
    return shares


__all__ = [
    "CORRIDORS",
    "Corridor",
    "CostParameters",
    "LogitParameters",
    "classify_corridor",
    "generalised_cost_usd_per_teu",
    "nested_logit_shares",
]
