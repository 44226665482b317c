"""The records of a flows run: flows per link, hub, service and OD, bottlenecks, and the whole result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from corridor.assignment.bulk import BulkFlows
from corridor.assignment.choice import LogitParameters
from corridor.assignment.equilibrium import Convergence


@dataclass(frozen=True, slots=True)
class LinkFlow:
    """TEU/yr on a link, by direction (forward = from_node to to_node)."""

    link_id: str
    from_node: str
    to_node: str
    mode: str
    teu_per_year_forward: float
    teu_per_year_reverse: float

    @property
    def teu_per_year(self) -> float:
        """Both directions."""
        return self.teu_per_year_forward + self.teu_per_year_reverse


@dataclass(frozen=True, slots=True)
class HubFlow:
    """TEU/yr through a node's hub, with its transfer capacity where the network has one."""

    node_id: str
    name: str
    teu_per_year: float
    capacity_teu_per_year: float | None
    utilisation: float | None


@dataclass(frozen=True, slots=True)
class ServiceFlow:
    """TEU/yr on a scheduled service, by direction of its link, against its capacity per direction."""

    service_id: str
    link_id: str
    name: str
    teu_per_year_forward: float
    teu_per_year_reverse: float
    capacity_teu_per_year: float
    utilisation: float


@dataclass(frozen=True, slots=True)
class Bottleneck:
    """A capacity element at equilibrium: load, utilisation, delay and shadow price."""

    key: str
    kind: str
    ref: str
    name: str
    teu_per_year: float
    capacity_teu_per_year: float
    utilisation: float
    delay_h: float
    shadow_price_usd_per_teu: float
    #: TEU slots taken by bulk (tank cars on a shared ferry deck or line); utilisation counts them
    bulk_teu_slots_per_year: float = 0.0


@dataclass(frozen=True, slots=True)
class ODFlow:
    """One demand row at equilibrium: its shares by corridor, unmet TEU and mean times and costs."""

    origin: str
    destination: str
    segment: str
    direction: str | None
    demand_teu_per_year: float
    shares: dict[str, float]
    unserved_teu_per_year: float
    generalised_cost_usd_per_teu: float
    price_usd_per_teu: float
    p50_days: float
    co2e_t_per_teu: float


@dataclass(frozen=True, slots=True)
class AltFlow:
    """One alternative of a demand row at equilibrium: its flow and its generalised cost (for appraisal)."""

    row: int
    key: str
    corridor: str
    teu_per_year: float
    cost_usd_per_teu: float


@dataclass(frozen=True)
class FlowsResult:
    """Equilibrium flows, shares, bottlenecks, the fit and where everything came from."""

    links: tuple[LinkFlow, ...]
    hubs: tuple[HubFlow, ...]
    services: tuple[ServiceFlow, ...]
    bottlenecks: tuple[Bottleneck, ...]
    ods: tuple[ODFlow, ...]
    corridor_teu: dict[str, dict[str, float]]
    totals: dict[str, float]
    fit: dict[str, Any]
    convergence: Convergence
    parameters: dict[str, Any]
    provenance: dict[str, Any]
    timings_s: dict[str, float] = field(default_factory=dict)
    alternatives: tuple[AltFlow, ...] = ()
    twin: dict[str, Any] = field(default_factory=dict)
    bulk: BulkFlows | None = None

    def fitted_logit(self) -> LogitParameters:
        """The logit parameters of this run, to apply unchanged to a scenario (``calibrate=False``)."""
        logit = self.parameters["logit"]
        return LogitParameters(
            float(logit["scale_per_usd"]), dict(logit["constants"]), dict(logit["nest_scales"])
        )

    def summary(self) -> dict[str, Any]:
        """Headline figures as JSON-ready values (what ``summary.json`` holds)."""
        return {
            "totals": self.totals,
            "corridor_teu": self.corridor_teu,
            "corridor_shares": {direction: _shares(teu) for direction, teu in self.corridor_teu.items()},
            "fit": self.fit,
            "convergence": {k: v for k, v in asdict(self.convergence).items() if k != "gaps"},
            "bottlenecks": [asdict(b) for b in self.bottlenecks[:10]],
            "parameters": self.parameters,
            "provenance": self.provenance,
            "timings_s": self.timings_s,
            **({"twin": self.twin} if self.twin else {}),
            **({"bulk": self.bulk.summary()} if self.bulk is not None else {}),
        }


def _shares(teu: dict[str, float]) -> dict[str, float]:
    total = sum(teu.values())
    return {k: (v / total if total else 0.0) for k, v in teu.items()}


__all__ = ["AltFlow", "Bottleneck", "FlowsResult", "HubFlow", "LinkFlow", "ODFlow", "ServiceFlow"]
