"""Timetabled departures in a planned chain: wait for the actual next sailing or train, not the average.

Without a timetable, the wait for a service is uniform between 0 and its interval (sourced weekly
frequencies, :func:`corridor.routing.costs.service_wait`). When the network carries loaded
departures (:mod:`corridor.network.schedules`) and the plan has a departure date, the chain is
walked in time from midnight UTC of that date, each element taking its expected time (the
month's disruptions included); at a link whose usable services have loaded departures, the cargo
waits for the first one leaving at or after its expected arrival: the wait becomes that fixed
time, and, where the timetable gives an arrival, the link's running time becomes the
timetable's. Later elements move with it.

The search itself ranks routes by the average waits; the departures re-time the options it found.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from corridor.chain import Hub, Leg, TransportChain
from corridor.distributions import Distribution, Uniform, resolved
from corridor.network.model import Departure, Network
from corridor.routing.cargo import Cargo
from corridor.routing.costs import usable_services


@dataclass(frozen=True)
class Boarding:
    """The departure a chain's cargo takes on one link, and how long it waits for it."""

    element: int
    link_id: str
    departure: Departure | None
    wait_h: float | None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        out: dict[str, Any] = {"element": self.element, "link_id": self.link_id}
        if self.departure is not None:
            out |= self.departure.to_dict()
        out["wait_h"] = round(self.wait_h, 2) if self.wait_h is not None else None
        if self.note:
            out["note"] = self.note
        return out


def _start(depart: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(depart, dt.datetime):
        return depart
    return dt.datetime(depart.year, depart.month, depart.day)


def _mean(parts: tuple[Distribution, ...], month: int) -> float:
    return sum(resolved(d, month).mean for d in parts)


#: A loaded departure more than this many hours after the cargo arrives is not waited for (a year):
#: the wait would swamp every other figure and the convolution's grid.
MAX_WAIT_H = 8760.0


def next_departure(network: Network, service_ids: list[str], start: str, at: dt.datetime) -> Departure | None:
    """The first loaded departure of ``service_ids`` from ``start`` at or after ``at``, within a year."""
    best: Departure | None = None
    for service_id in service_ids:
        timetable = [d for d in network.departures.get(service_id, ()) if d.from_node == start]
        i = bisect.bisect_left([d.departs for d in timetable], at)
        if i < len(timetable) and (best is None or timetable[i].departs < best.departs):
            best = timetable[i]
    if best is not None and best.departs - at > dt.timedelta(hours=MAX_WAIT_H):
        return None
    return best


def apply_departures(
    network: Network, chain: TransportChain, cargo: Cargo, depart: dt.date | dt.datetime
) -> tuple[TransportChain, tuple[Boarding, ...]]:
    """``chain`` re-timed with the network's loaded departures when it leaves on ``depart``.

    Returns the chain (unchanged where no link has loaded departures) and the departure boarded
    on each timetabled link, in order.
    """
    if not network.departures:
        return chain, ()
    clock = _start(depart)
    elements: list[Any] = []
    boardings: list[Boarding] = []
    for index, element in enumerate(chain.elements):
        if isinstance(element, Hub) or not element.link_ids:
            elements.append(element)
            clock += dt.timedelta(hours=_mean(element.duration_h, clock.month))
            continue
        leg, clock = _retime_leg(network, element, index, cargo, clock, boardings)
        elements.append(leg)
    if not boardings:
        return chain, ()
    return replace(chain, elements=tuple(elements)), tuple(boardings)


def _retime_leg(
    network: Network, leg: Leg, index: int, cargo: Cargo, clock: dt.datetime, boardings: list[Boarding]
) -> tuple[Leg, dt.datetime]:
    """The leg with fixed waits (and timetabled running times) at its timetabled links; the clock after it.

    The leg's ``duration_h`` holds, per link in order, the link's running time and, for a link
    with services, the wait for them (as :func:`corridor.routing.assemble` builds it).
    """
    parts = list(leg.duration_h)
    position = 0
    for link_id, start in zip(leg.link_ids, leg.node_ids, strict=False):
        link = network.links[link_id]
        has_services = bool(network.services_on(link_id))
        run_at, wait_at = position, position + 1 if has_services else None
        position += 2 if has_services else 1
        usable = [s.service_id for s in usable_services(network, link, cargo)] if has_services else []
        timed = [s for s in usable if network.departures.get(s)]
        if wait_at is None or not timed:
            clock += dt.timedelta(hours=_mean(tuple(parts[run_at:position]), clock.month))
            continue
        found = next_departure(network, timed, start, clock)
        if found is None:
            note = (
                f"no loaded departure from {start} within a year after {clock.isoformat()}; "
                "the weekly frequency is used"
            )
            boardings.append(Boarding(index, link_id, None, None, note))
            clock += dt.timedelta(hours=_mean(tuple(parts[run_at:position]), clock.month))
            continue
        wait_h = (found.departs - clock).total_seconds() / 3600.0
        parts[wait_at] = Uniform(wait_h, wait_h)
        if found.arrives is not None:
            running_h = (found.arrives - found.departs).total_seconds() / 3600.0
            parts[run_at] = Uniform(running_h, running_h)
        boardings.append(Boarding(index, link_id, found, wait_h))
        clock = found.departs + dt.timedelta(hours=parts[run_at].mean)
    return replace(leg, duration_h=tuple(parts)), clock


__all__ = ["Boarding", "apply_departures", "next_departure"]
