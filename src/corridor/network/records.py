"""Records of the network's optional tables: bulk links and transfers, dangerous-goods rules, disruptions.

:class:`corridor.network.model.Network` holds them beside its nodes, links and
services; the readers (:mod:`corridor.network.io`) build them from
``bulk.csv``, ``bulk_transfers.csv``, ``dg_rules.csv`` and ``disruptions.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from corridor.distributions import Seasonal, Triangular


@dataclass(frozen=True, slots=True)
class BulkLink:
    """What a link carries in bulk: the forms, a yearly capacity and a tariff per tonne.

    Pipelines and tankers carry bulk only; a rail link with a bulk row also
    runs tank cars or hopper wagons beside its container trains (sharing the
    line: :mod:`corridor.assignment` counts both against it).
    """

    link_id: str
    cargo_forms: tuple[str, ...]
    tariff_usd_per_t: float
    capacity_t_per_year: float | None = None
    source_ids: tuple[str, ...] = ()
    note: str | None = None
    #: Tariff for dry bulk where it differs (grain hoppers beside tank cars); ``None``: ``tariff_usd_per_t``.
    dry_bulk_tariff_usd_per_t: float | None = None

    def tariff_for(self, form: str) -> float:
        """Tariff per tonne for cargo of ``form``."""
        if form == "dry_bulk" and self.dry_bulk_tariff_usd_per_t is not None:
            return self.dry_bulk_tariff_usd_per_t
        return self.tariff_usd_per_t


#: How bulk cargo crosses a break of gauge or changes mode at a hub.
BULK_TRANSFER_METHODS = ("transloading", "bogie_exchange")


@dataclass(frozen=True, slots=True)
class BulkTransfer:
    """What it takes to move bulk (tank cars, hoppers) through a hub: time, cost per tonne, capacity.

    At a gauge change, bulk either is pumped or tipped from wagons of one
    gauge into wagons of the other (``transloading``) or stays in its wagons
    while their bogies are exchanged (``bogie_exchange``). A gauge-change node
    without a row for a bulk form does not take that form across.
    """

    node_id: str
    cargo_forms: tuple[str, ...]
    method: str
    dwell_h: Triangular
    cost_usd_per_t: float
    capacity_t_per_year: float | None = None
    source_ids: tuple[str, ...] = ()
    note: str | None = None


#: What a dangerous-goods rule applies to, and what it says about the classes it names.
DG_SCOPES = ("node", "link", "service")
DG_VERDICTS = ("refused", "accepted", "unknown")


@dataclass(frozen=True, slots=True)
class DgRule:
    """What a source says about dangerous goods of some classes at a node, on a link or a service.

    ``verdict`` is ``refused`` (routing removes the element for those
    classes), ``accepted`` (a source says such cargo has passed or is taken),
    or ``unknown`` (looked for, no source found; the same as no rule, but
    with a note saying what was searched). Where no rule speaks, a route is
    allowed and the planner warns.
    """

    rule_id: str
    applies_to: str
    target_id: str
    dg_classes: frozenset[int]
    verdict: str
    source_ids: tuple[str, ...] = ()
    note: str | None = None


#: Kinds of disruption process: a ``closure`` holds cargo at the node until the episode it arrived in
#: ends (storms closing a port); a ``delay`` adds a whole episode to the cargo it hits (congestion,
#: a border queue).
DISRUPTION_KINDS = ("closure", "delay")


@dataclass(frozen=True, slots=True)
class DisruptionProcess:
    """A disruption at one node: its monthly chance, episode length and sources.

    ``monthly_chance[m]`` (January first) is, for a ``closure``, the share of
    month ``m``'s time the node is closed, and for a ``delay`` the share of
    the cargo passing in that month that is held for an episode. The planner
    turns it into a seasonal wait (:attr:`wait`); the twin runs it as episodes.
    """

    disruption_id: str
    node_id: str
    kind: str
    monthly_chance: tuple[float, ...]
    episode_h: Triangular
    source_ids: tuple[str, ...] = ()
    note: str | None = None

    @property
    def wait(self) -> Seasonal:
        """The wait it adds to cargo at the node, by month (the planner's form)."""
        return _process_wait(self)


@lru_cache(maxsize=1024)
def _process_wait(process: DisruptionProcess) -> Seasonal:
    e = process.episode_h
    return Seasonal(
        process.disruption_id,
        process.monthly_chance,
        e.min,
        e.mode,
        e.max,
        residual=process.kind == "closure",
    )
