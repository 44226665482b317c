"""Estimated time of arrival of a shipment from its last actual event, with the planner's time model.

Method
------
A shipment is booked on a planned chain, whose every element carries the time
distributions routing planned with (link running times; the wait for the
next departure of the services that accept the cargo; dwell at hubs). The
ETA starts at the time of the last *actual* event (an actual event at element
``i`` means element ``i`` is done) and adds the distribution of the remaining
elements' total time, computed exactly as the planner computes P50/P90: by
numerical convolution on a quarter-hour grid
(:func:`corridor.distributions.sum_quantiles`). So a shipment with no event
yet has the P50/P90 of its planned option, and a new actual event moves the
start and drops the elements already done.

Legs of a stored chain without time distributions (a chain document written
by hand) get them from the network as routing would: each link's running
time and, where it has scheduled services, the wait for the next departure of
those that accept the shipment's cargo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from corridor.cargo import Cargo
from corridor.chain.model import Element, Leg, TransportChain
from corridor.distributions import Distribution
from corridor.errors import ShipmentInputError
from corridor.network.model import Network
from corridor.routing.costs import service_wait, usable_services
from corridor.routing.plan import times_basis

METHOD = (
    "numerical convolution (0.25 h grid) of the remaining elements' planned time distributions "
    "(link running times, waits for the next departure of the services that take the cargo, hub "
    "dwell), added to the last actual event's time: the planner's P50/P90 method"
)
#: Latest arrival an estimate may give (later dates cannot be represented as times).
_LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)


def leg_durations(
    network: Network, leg: Leg, cargo: Cargo, *, where: str = "leg"
) -> tuple[Distribution, ...]:
    """Durations of a leg over its links as routing plans them: waits for usable services, running times.

    Raises
    ------
    ShipmentInputError
        A link is not in the network, or none of its services takes the cargo.

    """
    durations: list[Distribution] = []
    for index, link_id in enumerate(leg.link_ids):
        link = network.links.get(link_id)
        if link is None:
            raise ShipmentInputError(f"{where}.link_ids[{index}]: unknown link {link_id!r}", "chain")
        durations.append(link.duration_h)
        if network.services_on(link_id):
            usable = usable_services(network, link, cargo)
            if not usable:  # routing never plans such a leg; no departure to wait for
                raise ShipmentInputError(
                    f"{where}.link_ids[{index}]: no service on link {link_id!r} takes this cargo "
                    f"({cargo.teu} TEU{'' if cargo.dg_class is None else f', class {cargo.dg_class}'})",
                    "chain",
                )
            durations.append(service_wait(usable))
    return tuple(durations)


def timed_chain(network: Network, chain: TransportChain) -> TransportChain:
    """The chain with time distributions on every leg (from the network where the stored chain has none)."""
    cargo = chain.cargo or Cargo()
    elements: list[Element] = []
    for index, element in enumerate(chain.elements):
        if isinstance(element, Leg) and not element.duration_h:
            element = replace(
                element, duration_h=leg_durations(network, element, cargo, where=f"chain.elements[{index}]")
            )
        elements.append(element)
    return replace(chain, elements=tuple(elements))


@dataclass(frozen=True, slots=True)
class Eta:
    """P50 and P90 arrival times and where the estimate starts from."""

    start: dt.datetime
    after_element: int
    arrival_p50: dt.datetime
    arrival_p90: dt.datetime
    remaining_h_p50: float
    remaining_h_p90: float
    method: str = METHOD
    times: str = ""


def estimate_arrival(
    chain: TransportChain, *, start: dt.datetime, after_element: int, dated: bool = False
) -> Eta:
    """P50/P90 arrival: ``start`` plus the convolved time of the elements after ``after_element``.

    Parameters
    ----------
    chain
        The shipment's chain, with time distributions (:func:`timed_chain`).
    start
        Time of the last actual event (time-zone aware).
    after_element
        Index of the element that event completes; ``-1`` for none.
    dated
        If true, disruptions (storms, congestion) take the months in which the
        cargo reaches them leaving at ``start``, as the planner does for a
        departure date; otherwise their annual mix, as a plan without a date.

    Returns
    -------
    Eta
        The quantiles as times and as remaining hours.

    Examples
    --------
    A wait of 0-24 h for a sailing remains after the first element is done:

    >>> from corridor.chain import Hub
    >>> from corridor.distributions import Triangular, Uniform
    >>> chain = TransportChain("A", "B", (Hub(duration_h=(Triangular(10, 10, 10),)),
    ...                                   Hub(duration_h=(Uniform(0, 24),))))
    >>> eta = estimate_arrival(chain, start=dt.datetime(2026, 3, 1, tzinfo=dt.UTC), after_element=0)
    >>> eta.arrival_p50.isoformat(), round(eta.remaining_h_p90, 2)
    ('2026-03-01T12:00:00+00:00', 21.6)

    """
    depart = start if dated else None
    p50, p90 = chain.duration_quantiles_h((0.5, 0.9), after_element=after_element, depart=depart)
    if start + dt.timedelta(hours=p90) > _LATEST:
        raise ShipmentInputError(
            f"the estimate from {start.isoformat()} falls beyond the year 9000", "event_time"
        )
    return Eta(
        start=start,
        after_element=after_element,
        arrival_p50=start + dt.timedelta(hours=p50),
        arrival_p90=start + dt.timedelta(hours=p90),
        remaining_h_p50=p50,
        remaining_h_p90=p90,
        times=times_basis(None if depart is None else depart.date()),
    )


__all__ = ["METHOD", "Eta", "estimate_arrival", "leg_durations", "timed_chain"]
