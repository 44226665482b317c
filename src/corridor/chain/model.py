"""The typed transport chain (ISO 14083): the cargo and a sequence of legs and hubs.

Routing builds chains from network paths; a chain document (JSON, see
:mod:`corridor.chain.document`) converts to one and back
(:mod:`corridor.chain.convert`). The emissions engine, the simulation's plan
compiler, the shipment ETA and the transport documents all read this one
model. Fields a planned chain always has (nodes, links, cost, time
distributions) are optional here, because a user's chain document may give
only what emissions need (mode, distance, categories, primary data).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor.cargo import Cargo
from corridor.convolution import grouped_sum_quantiles
from corridor.distributions import Distribution, resolved, sample_sum
from corridor.errors import ChainInputError
from corridor.vocabulary import HubKind

if TYPE_CHECKING:  # the pydantic document models are imported where documents are read, not here
    from corridor.chain.document import (
        Ancillary,
        FerryLoad,
        HubIntensity,
        Intensity,
        Operation,
        Primary,
        UserFuel,
    )


def _named(value: str | None, what: str) -> str:
    if value is None:
        raise ChainInputError(
            f"{what} is not given: this needs a planned chain, whose elements name their nodes"
        )
    return value


@dataclass(frozen=True, slots=True)
class LegSegment:
    """A stretch of a leg with uniform characteristics (one network link where the chain was planned)."""

    link_id: str | None
    distance_km: float
    countries: tuple[str, ...] = ()
    electric_share: float | None = None
    toc: str | None = None

    @property
    def toc_id(self) -> str | None:
        """The transport operation category (also ``toc``)."""
        return self.toc

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in the chain document's segment form."""
        return {
            "link_id": self.link_id,
            "distance_km": self.distance_km,
            "toc": self.toc,
            "electric_share": self.electric_share,
            "countries": list(self.countries),
        }


@dataclass(frozen=True, slots=True)
class Leg:
    """A move between two hubs on one mode: a block train, a sailing, a truck run."""

    mode: str
    distance_km: float
    from_node: str | None = None
    to_node: str | None = None
    link_ids: tuple[str, ...] = ()
    node_ids: tuple[str, ...] = ()
    cost_usd: float = 0.0
    duration_h: tuple[Distribution, ...] = ()
    countries: tuple[str, ...] = ()
    gauge_mm: int | None = None
    electric_share: float | None = None
    service_ids: tuple[str, ...] = ()
    segments: tuple[LegSegment, ...] = ()
    toc: str | None = None
    intensity: Intensity | None = None
    primary: Primary | None = None
    daf: float | None = None
    operation: str | None = None
    ferry_load: FerryLoad | None = None
    #: On a truck (a road leg, or a Ro-Ro ferry with trucks): ``container-on-chassis`` or ``semi-trailer``.
    road_unit: str | None = None

    @property
    def start(self) -> str:
        """The node the leg leaves from (a planned chain's; :class:`ChainInputError` if not given)."""
        return _named(self.from_node, "the leg's from_node")

    @property
    def end(self) -> str:
        """The node the leg arrives at (a planned chain's; :class:`ChainInputError` if not given)."""
        return _named(self.to_node, "the leg's to_node")

    @property
    def duration_h_mean(self) -> float:
        """Expected time on the leg, waiting for departures included."""
        return sum(d.mean for d in self.duration_h)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in the chain document's leg form."""
        data: dict[str, Any] = {
            "type": "leg",
            "mode": self.mode,
            "from_node": self.from_node,
            "to_node": self.to_node,
            "node_ids": list(self.node_ids),
            "link_ids": list(self.link_ids),
            "distance_km": self.distance_km,
            "cost_usd": self.cost_usd,
            "duration_h_mean": self.duration_h_mean,
            "duration_h": [d.to_dict() for d in self.duration_h],
            "countries": list(self.countries),
            "gauge_mm": self.gauge_mm,
            "electric_share": self.electric_share,
            "service_ids": list(self.service_ids),
            "segments": [s.to_dict() for s in self.segments],
        }
        for name in ("toc", "daf", "operation", "road_unit"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.intensity is not None:
            data["intensity"] = self.intensity.model_dump(mode="json", exclude_none=True)
        if self.ferry_load is not None:
            data["ferry_load"] = self.ferry_load.model_dump(mode="json", exclude_none=True)
        if self.primary is not None:
            data["primary"] = self.primary.model_dump(mode="json", exclude_none=True)
        return data


@dataclass(frozen=True, slots=True)
class Hub:
    """A stop at a node: transshipment, gauge change, border formalities, terminal dwell."""

    node_id: str | None = None
    kind: str | None = None
    activities: tuple[str, ...] = ()
    cost_usd: float = 0.0
    duration_h: tuple[Distribution, ...] = ()
    country: str | None = None
    hoc: str | None = None
    primary: Primary | None = None
    operation: str | None = None
    intensity: HubIntensity | None = None
    ancillary: tuple[Ancillary, ...] = ()

    @property
    def node(self) -> str:
        """The hub's node (a planned chain's; :class:`ChainInputError` if not given)."""
        return _named(self.node_id, "the hub's node_id")

    @property
    def duration_h_mean(self) -> float:
        """Expected dwell."""
        return sum(d.mean for d in self.duration_h)

    @property
    def lifts(self) -> bool:
        """True if containers are lifted here (between modes or gauges)."""
        return self.kind in (HubKind.GAUGE_CHANGE, HubKind.TRANSSHIPMENT)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in the chain document's hub form."""
        data: dict[str, Any] = {
            "type": "hub",
            "node_id": self.node_id,
            "kind": self.kind,
            "activities": list(self.activities),
            "cost_usd": self.cost_usd,
            "duration_h_mean": self.duration_h_mean,
            "duration_h": [d.to_dict() for d in self.duration_h],
            "country": self.country,
            "hoc": self.hoc,
        }
        if self.primary is not None:
            data["primary"] = self.primary.model_dump(mode="json", exclude_none=True)
        if self.operation is not None:
            data["operation"] = self.operation
        if self.intensity is not None:
            data["intensity"] = self.intensity.model_dump(mode="json", exclude_none=True)
        if self.ancillary:
            data["ancillary"] = [a.model_dump(mode="json", exclude_none=True) for a in self.ancillary]
        return data


Element = Leg | Hub


@dataclass(frozen=True)
class TransportChain:
    """Legs and hubs from origin to destination, with the cargo they carry and their totals.

    Immutable: the totals are computed once, when first asked for.
    """

    origin: str | None
    destination: str | None
    elements: tuple[Element, ...]
    node_countries: tuple[str, ...] = field(default=())
    cargo: Cargo | None = None
    operations: tuple[Operation, ...] = ()
    fuels: tuple[UserFuel, ...] = ()
    gwp: str | None = None

    @property
    def start(self) -> str:
        """The origin node (a planned chain's; :class:`ChainInputError` if not given)."""
        return _named(self.origin, "the chain's origin")

    @property
    def end(self) -> str:
        """The destination node (a planned chain's; :class:`ChainInputError` if not given)."""
        return _named(self.destination, "the chain's destination")

    @property
    def legs(self) -> list[Leg]:
        """The legs, in order."""
        return [e for e in self.elements if isinstance(e, Leg)]

    @property
    def hubs(self) -> list[Hub]:
        """The hubs, in order."""
        return [e for e in self.elements if isinstance(e, Hub)]

    @cached_property
    def distance_km(self) -> float:
        """Distance travelled."""
        return sum(leg.distance_km for leg in self.legs)

    @cached_property
    def cost_usd(self) -> float:
        """Door-to-door cost for the whole cargo."""
        return sum(e.cost_usd for e in self.elements)

    @cached_property
    def duration_h_mean(self) -> float:
        """Expected door-to-door time."""
        return sum(e.duration_h_mean for e in self.elements)

    @cached_property
    def countries(self) -> tuple[str, ...]:
        """Countries crossed, in order of first appearance."""
        seen: list[str] = []
        for element in self.elements:
            if isinstance(element, Leg):
                codes = element.countries
            else:
                codes = (element.country,) if element.country else ()
            for code in codes:
                if code not in seen:
                    seen.append(code)
        return tuple(seen)

    @cached_property
    def transshipments(self) -> int:
        """Hubs where containers are lifted between modes or gauges."""
        return sum(1 for h in self.hubs if h.lifts)

    @cached_property
    def border_crossings(self) -> int:
        """Times the chain passes from one country's territory into another's."""
        codes = self.node_countries
        return sum(1 for a, b in itertools.pairwise(codes) if a != b)

    def durations_h(
        self, *, after_element: int = -1, depart: dt.datetime | dt.date | None = None
    ) -> list[Distribution]:
        """Every time distribution of the elements after ``after_element`` (all by default), in order.

        Seasonal disruptions are resolved for the month in which the cargo
        reaches their element when it leaves at ``depart`` (expected times
        added up on the way), or for the annual mix without ``depart``.
        """
        return [d for group in self._durations_by_element(after_element, depart) for d in group]

    def _durations_by_element(
        self, after_element: int, depart: dt.datetime | dt.date | None
    ) -> list[tuple[Distribution, ...]]:
        elements = self.elements[after_element + 1 :]
        if depart is None:
            return [tuple(resolved(d) for d in e.duration_h) for e in elements]
        clock = (
            depart if isinstance(depart, dt.datetime) else dt.datetime(depart.year, depart.month, depart.day)
        )
        out: list[tuple[Distribution, ...]] = []
        for element in elements:
            month = clock.month
            out.append(tuple(resolved(d, month) for d in element.duration_h))
            clock += dt.timedelta(hours=element.duration_h_mean)
        return out

    def duration_samples_h(
        self, *, seed: int, size: int = 20_000, depart: dt.datetime | dt.date | None = None
    ) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Samples of the door-to-door time, every element's distribution drawn independently."""
        return sample_sum(self.durations_h(depart=depart), rng=np.random.default_rng(seed), size=size)

    def duration_quantiles_h(
        self,
        quantiles: tuple[float, ...] = (0.5, 0.9),
        *,
        after_element: int = -1,
        depart: dt.datetime | dt.date | None = None,
    ) -> tuple[float, ...]:
        """Quantiles of the time from after ``after_element`` to arrival, by numerical convolution.

        ``depart``: when the cargo leaves (after ``after_element``); disruptions then take the
        months in which it reaches them. Without it, every disruption is its annual mix.
        """
        return grouped_sum_quantiles(
            self.convolution_groups(after_element=after_element, depart=depart), quantiles
        )

    def convolution_groups(
        self, *, after_element: int = -1, depart: dt.datetime | dt.date | None = None
    ) -> list[tuple[Distribution, ...]]:
        """Each element's durations after ``after_element``, as :mod:`corridor.convolution` takes them.

        With ``depart``, seasonal disruptions resolved for their month; without it, the
        elements' own tuples (the convolution resolves them to the annual mix, and knows them again
        by identity).
        """
        if depart is None:
            return [e.duration_h for e in self.elements[after_element + 1 :]]
        return self._durations_by_element(after_element, depart)


__all__ = ["Element", "Hub", "Leg", "LegSegment", "TransportChain"]
