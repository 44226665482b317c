"""Disruptions in the twin: storm closures as episodes, congestion delays, holds at closed nodes.

The network's disruption processes (``disruptions.csv``) and a scenario's
``weather`` and ``closures`` become, per node, the spans of time it is
closed; cargo ready to leave a closed node is held until it reopens. A
``delay`` process holds the cargo it hits (a share by month) for an episode.
The planner convolves the same parameters (see :class:`corridor.distributions.Seasonal`).
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable

from corridor.distributions import Triangular, Uniform
from corridor.simulation.compiled import Plan


def draw(rng: random.Random, d: Triangular | Uniform) -> float:
    """One draw of a triangular distribution (or of a uniform wait for the next train)."""
    if isinstance(d, Uniform):
        return rng.uniform(d.low, d.high)
    return d.min if d.max == d.min else rng.triangular(d.min, d.max, d.mode)


def _episodes(
    rng: random.Random,
    monthly: tuple[float, ...],
    episode_h: Triangular,
    month_of: Callable[[float], int],
    month_starts: list[float],
    until_h: float,
) -> list[tuple[float, float]]:
    """Closed spans: episodes of ``episode_h``, open gaps exponential.

    The gaps' mean makes a share ``monthly[m]`` of month ``m``'s time closed.
    """
    t = 0.0
    spans = []
    while t < until_h:
        share = monthly[month_of(t)]
        if share <= 0:
            t = month_starts[bisect.bisect_right(month_starts, t)]
            continue
        length = draw(rng, episode_h)
        mean_open = length * (1.0 - share) / share if share < 1 else 0.0
        gap = rng.expovariate(1.0 / mean_open) if mean_open > 0 else 0.0
        next_month = month_starts[bisect.bisect_right(month_starts, t)]
        if t + gap >= next_month:
            # the open time runs into the next month: the gaps are memoryless, so the rest of it
            # is drawn again at that month's share (else a calm month's long gap starves a stormy one)
            t = next_month
            continue
        t += gap
        spans.append((t, t + length))
        t += length
    return spans


def closed_spans(
    plan: Plan,
    rng: random.Random,
    month_of: Callable[[float], int],
    month_starts: list[float],
    until_h: float,
) -> dict[str, list[tuple[float, float]]]:
    """Per node, the sorted spans of time it is closed (hours from the scenario's start)."""
    closed: dict[str, list[tuple[float, float]]] = {}
    for process in plan.disruptions:  # the network's, one independent process per node
        if process.kind == "closure":
            spans = _episodes(rng, process.monthly_chance, process.episode_h, month_of, month_starts, until_h)
            closed.setdefault(process.node, []).extend(spans)
    for weather in plan.weather:  # a scenario's: one process closing all its nodes together
        days = weather.episode_days
        length_h = Triangular(days.min * 24.0, days.mode * 24.0, days.max * 24.0)
        spans = _episodes(rng, weather.monthly_closed_share, length_h, month_of, month_starts, until_h)
        for node in weather.nodes:
            closed.setdefault(node, []).extend(spans)
    for node, start, end in plan.closures:
        closed.setdefault(node, []).append((start, end))
    return {node: sorted(spans) for node, spans in closed.items()}


def reopen(spans: list[tuple[float, float]] | None, t: float) -> float:
    """The first time from ``t`` on when a node closed during ``spans`` is open."""
    if not spans:
        return t
    moved = True
    while moved:
        moved = False
        i = bisect.bisect_right(spans, (t, math.inf)) - 1
        for start, end in spans[max(i - 2, 0) : i + 1]:
            if start <= t < end:
                t, moved = end, True
    return t


def delays_by_node(plan: Plan) -> dict[str, list[tuple[tuple[float, ...], Triangular]]]:
    """Per node, the ``delay`` processes: monthly chance and episode length (hours)."""
    out: dict[str, list[tuple[tuple[float, ...], Triangular]]] = {}
    for process in plan.disruptions:
        if process.kind == "delay":
            out.setdefault(process.node, []).append((process.monthly_chance, process.episode_h))
    return out


__all__ = ["closed_spans", "delays_by_node", "draw", "reopen"]
