"""The transport chain (ISO 14083): a sequence of legs and hubs.

Every part of Corridor speaks this vocabulary: routing returns chains,
emissions are computed per chain element, simulations execute chains.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corridor.distributions import Distribution, sample_sum, sum_quantiles
from corridor.vocabulary import HubKind


@dataclass(frozen=True, slots=True)
class LegSegment:
    """One network link of a leg, with what its emissions depend on."""

    link_id: str
    distance_km: float
    countries: tuple[str, ...]
    electric_share: float | None = None
    toc_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in the chain document's segment form."""
        return {
            "link_id": self.link_id,
            "distance_km": self.distance_km,
            "toc": self.toc_id,
            "electric_share": self.electric_share,
            "countries": list(self.countries),
        }


@dataclass(frozen=True, slots=True)
class Leg:
    """A move between two hubs on one mode: a block train, a sailing, a truck run."""

    mode: str
    from_node: str
    to_node: str
    link_ids: tuple[str, ...]
    node_ids: tuple[str, ...]
    distance_km: float
    cost_usd: float
    duration_h: tuple[Distribution, ...]
    countries: tuple[str, ...]
    gauge_mm: int | None = None
    electric_share: float | None = None
    service_ids: tuple[str, ...] = ()
    segments: tuple[LegSegment, ...] = ()

    @property
    def duration_h_mean(self) -> float:
        """Expected time on the leg, waiting for departures included."""
        return sum(d.mean for d in self.duration_h)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {
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


@dataclass(frozen=True, slots=True)
class Hub:
    """A stop at a node: transshipment, gauge change, border formalities, terminal dwell."""

    node_id: str
    kind: HubKind
    activities: tuple[str, ...]
    cost_usd: float
    duration_h: tuple[Distribution, ...]
    country: str
    hoc: str | None = None

    @property
    def duration_h_mean(self) -> float:
        """Expected dwell."""
        return sum(d.mean for d in self.duration_h)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {
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


Element = Leg | Hub


@dataclass(frozen=True)
class TransportChain:
    """Legs and hubs from origin to destination, with their totals."""

    origin: str
    destination: str
    elements: tuple[Element, ...]
    node_countries: tuple[str, ...] = field(default=())

    @property
    def legs(self) -> list[Leg]:
        """The legs, in order."""
        return [e for e in self.elements if isinstance(e, Leg)]

    @property
    def hubs(self) -> list[Hub]:
        """The hubs, in order."""
        return [e for e in self.elements if isinstance(e, Hub)]

    @property
    def distance_km(self) -> float:
        """Distance travelled."""
        return sum(leg.distance_km for leg in self.legs)

    @property
    def cost_usd(self) -> float:
        """Door-to-door cost for the whole cargo."""
        return sum(e.cost_usd for e in self.elements)

    @property
    def duration_h_mean(self) -> float:
        """Expected door-to-door time."""
        return sum(e.duration_h_mean for e in self.elements)

    @property
    def countries(self) -> tuple[str, ...]:
        """Countries crossed, in order of first appearance."""
        seen: list[str] = []
        for element in self.elements:
            codes = element.countries if isinstance(element, Leg) else (element.country,)
            for code in codes:
                if code not in seen:
                    seen.append(code)
        return tuple(seen)

    @property
    def transshipments(self) -> int:
        """Hubs where containers are lifted between modes or gauges."""
        return sum(1 for h in self.hubs if HubKind(h.kind).lifts)

    @property
    def border_crossings(self) -> int:
        """Times the chain passes from one country's territory into another's."""
        codes = self.node_countries
        return sum(1 for a, b in itertools.pairwise(codes) if a != b)

    def duration_samples_h(self, *, seed: int, size: int = 20_000) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Samples of the door-to-door time, every element's distribution drawn independently."""
        components: list[Distribution] = []
        for element in self.elements:
            components.extend(element.duration_h)
        return sample_sum(components, rng=np.random.default_rng(seed), size=size)

    def duration_quantiles_h(self, quantiles: tuple[float, ...] = (0.5, 0.9)) -> tuple[float, ...]:
        """Quantiles of the door-to-door time: every element's distribution convolved numerically."""
        components: list[Distribution] = []
        for element in self.elements:
            components.extend(element.duration_h)
        return sum_quantiles(components, quantiles)
