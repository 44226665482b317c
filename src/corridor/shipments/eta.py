"""Estimated time of arrival of a shipment, a Monte Carlo run from its last actual event.

Method
------
Every element of the shipment's planned chain has a duration distribution:

- a **leg** takes, per link, the link's running time (triangular, from the
  network) and, where the link has scheduled services (a ferry, a feeder), first
  a wait for the next departure, uniform between 0 and the combined headway
  (168 h over the departures per week), as the routing engine plans it;
- a **hub** takes the dwell distributions stored in the chain.

The ETA starts at the time of the last *actual* event (latest event time; an
actual event at element ``i`` means element ``i`` is done) and adds the sum of
independent draws of the durations of elements ``i + 1`` onwards: 10,000 draws
from a seeded generator by default, so the same events give the same ETA. P50
and P90 are quantiles of these sums. With no actual event yet, the estimate runs
from the shipment's creation over the whole chain. A new actual event moves the
start and drops the elements already done: the ETA updates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from corridor.distributions import Distribution, Triangular, Uniform, sample_sum
from corridor.errors import ShipmentInputError
from corridor.network.model import Network

DEFAULT_DRAWS = 10_000


def _distribution(data: Any, where: str) -> Distribution:
    if not isinstance(data, dict):
        raise ShipmentInputError(f"{where}: expected a distribution object", where)
    try:
        if data.get("distribution") == "triangular":
            return Triangular(float(data["min"]), float(data["mode"]), float(data["max"]))
        if data.get("distribution") == "uniform":
            return Uniform(float(data["low"]), float(data["high"]))
    except (KeyError, TypeError, ValueError) as err:
        raise ShipmentInputError(f"{where}: invalid distribution: {err}", where) from err
    raise ShipmentInputError(f"{where}: expected a triangular or uniform distribution", where)


def leg_durations(
    network: Network, link_ids: Sequence[str], *, where: str = "leg"
) -> tuple[Distribution, ...]:
    """Durations of a leg over ``link_ids``: waits for services where links have them, running times.

    Raises
    ------
    ShipmentInputError
        A link is not in the network.

    """
    durations: list[Distribution] = []
    for index, link_id in enumerate(link_ids):
        link = network.links.get(link_id)
        if link is None:
            raise ShipmentInputError(f"{where}.link_ids[{index}]: unknown link {link_id!r}", where)
        services = network.services_on(link_id)
        if services:
            per_week = sum(s.departures_per_week for s in services)
            durations.append(Uniform(0.0, 168.0 / per_week))
        durations.append(link.duration_h)
    return tuple(durations)


def chain_durations(network: Network, chain: dict[str, Any]) -> tuple[tuple[Distribution, ...], ...]:
    """The duration distributions of every element of a chain document, in order.

    Raises
    ------
    ShipmentInputError
        An element is neither a leg nor a hub, names an unknown link, or has an invalid dwell.

    """
    out: list[tuple[Distribution, ...]] = []
    elements = chain.get("elements")
    if not isinstance(elements, list) or not elements:
        raise ShipmentInputError("chain.elements: expected a non-empty list", "chain")
    for index, element in enumerate(elements):
        where = f"chain.elements[{index}]"
        kind = element.get("type") if isinstance(element, dict) else None
        if kind == "leg":
            link_ids = element.get("link_ids") or []
            if not isinstance(link_ids, list) or not all(isinstance(x, str) for x in link_ids):
                raise ShipmentInputError(f"{where}.link_ids: expected a list of link ids", "chain")
            out.append(leg_durations(network, link_ids, where=where))
        elif kind == "hub":
            dwell = element.get("duration_h") or []
            if not isinstance(dwell, list):
                raise ShipmentInputError(f"{where}.duration_h: expected a list of distributions", "chain")
            out.append(tuple(_distribution(d, f"{where}.duration_h[{i}]") for i, d in enumerate(dwell)))
        else:
            raise ShipmentInputError(f"{where}.type: expected 'leg' or 'hub'", "chain")
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Eta:
    """P50 and P90 arrival times and where the estimate starts from."""

    start: dt.datetime
    after_element: int
    arrival_p50: dt.datetime
    arrival_p90: dt.datetime
    remaining_h_p50: float
    remaining_h_p90: float
    draws: int
    seed: int


def estimate_arrival(
    durations: Sequence[Sequence[Distribution]],
    *,
    start: dt.datetime,
    after_element: int,
    seed: int = 0,
    draws: int = DEFAULT_DRAWS,
) -> Eta:
    """P50/P90 arrival: ``start`` plus sampled durations of the elements after ``after_element``.

    Parameters
    ----------
    durations
        Per chain element, its duration distributions (:func:`chain_durations`).
    start
        Time of the last actual event (time-zone aware).
    after_element
        Index of the element that event completes; ``-1`` for none.
    seed, draws
        Random seed and number of Monte Carlo draws.

    Returns
    -------
    Eta
        The quantiles as times and as remaining hours.

    Examples
    --------
    >>> start = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    >>> durations = [(Triangular(10, 10, 10),), (Triangular(2, 2, 2),)]
    >>> eta = estimate_arrival(durations, start=start, after_element=0)
    >>> eta.arrival_p50.isoformat(), eta.remaining_h_p90
    ('2026-03-01T02:00:00+00:00', 2.0)

    """
    remaining: list[Distribution] = [d for element in durations[after_element + 1 :] for d in element]
    samples = sample_sum(remaining, rng=np.random.default_rng(seed), size=draws)
    p50, p90 = (float(q) for q in np.quantile(samples, (0.5, 0.9)))
    return Eta(
        start=start,
        after_element=after_element,
        arrival_p50=start + dt.timedelta(hours=p50),
        arrival_p90=start + dt.timedelta(hours=p90),
        remaining_h_p50=p50,
        remaining_h_p90=p90,
        draws=draws,
        seed=seed,
    )
