"""The network: nodes, links, services and the sources behind their numbers."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from corridor.distributions import Triangular, Uniform
from corridor.errors import AmbiguousNodeError, UnknownNodeError
from corridor.network.columns import RecordColumns
from corridor.network.records import BulkLink, BulkTransfer, DgRule, DisruptionProcess
from corridor.tables import Source


@dataclass(frozen=True, slots=True)
class Transfer:
    """What it takes to move a container between modes or gauges at a node."""

    dwell_h: Triangular
    cost_usd_per_teu: float
    capacity_teu_per_day: float | None = None


@dataclass(frozen=True, slots=True)
class Node:
    """A place in the network: terminal, port, border crossing, gauge-change station."""

    node_id: str
    name: str
    country: str
    lat: float
    lon: float
    kind: str
    alt_names: tuple[str, ...] = ()
    locode: str | None = None
    transfer: Transfer | None = None
    pass_dwell_h: Triangular | None = None
    pass_cost_usd_per_teu: float = 0.0
    source_ids: tuple[str, ...] = ()
    note: str | None = None
    #: Container trains leaving the node per week on the network's corridors (``None``: not known).
    rail_departures_per_week: float | None = None

    @property
    def label(self) -> str:
        """Name with id, as shown to people: ``Duisburg (DEDUI)``."""
        return f"{self.name} ({self.node_id})"

    @property
    def rail_wait_h(self) -> Uniform | None:
        """The wait of a box handed to the railway here (from a truck or a ship) for the next train.

        Uniform between 0 and the hours between departures, as the wait for a
        sailing (:func:`combined_interval_h`); ``None`` where the node states no
        train frequency (the box then leaves with the transfer dwell alone).
        """
        if self.rail_departures_per_week is None:
            return None
        return Uniform(0.0, 168.0 / self.rail_departures_per_week)


@dataclass(frozen=True, slots=True)
class Link:
    """A connection between two nodes by one mode."""

    link_id: str
    from_node: str
    to_node: str
    mode: str
    distance_km: float
    duration_h: Triangular
    cost_usd_20: float
    cost_usd_40: float
    countries: tuple[str, ...]
    gauge_mm: int | None = None
    bidirectional: bool = True
    capacity_teu_per_day: float | None = None
    electric_share: float | None = None
    toc_id: str | None = None
    reefer: bool = True
    dg_refused: frozenset[int] = frozenset()
    source_ids: tuple[str, ...] = ()
    note: str | None = None

    @property
    def platform(self) -> str:
        """What the container rides on: ``rail/1520``, ``road``, ``sea`` or ``iww``.

        Rail ferries carry wagons, so they share the rail platform of their
        gauge; Ro-Ro ferries without a gauge carry trucks.
        """
        return platform_of(self.mode, self.gauge_mm)


def platform_of(mode: str, gauge_mm: int | None) -> str:
    """The platform of a link of ``mode`` and gauge (see :attr:`Link.platform`)."""
    if mode == "rail" or (mode == "ferry" and gauge_mm is not None):
        return f"rail/{gauge_mm}"
    if mode == "ferry":
        return "road"
    return mode


@dataclass(frozen=True, slots=True)
class Service:
    """A scheduled service on a link: a ferry line, a feeder, a block-train product."""

    service_id: str
    link_id: str
    name: str
    departures_per_week: float
    capacity_teu_per_departure: float
    operator: str | None = None
    dg_refused: frozenset[int] = frozenset()
    source_ids: tuple[str, ...] = ()
    note: str | None = None
    policy: str = "timetable"
    load_factor: float = 1.0
    fill_h: float | None = None

    @property
    def headway_h(self) -> float:
        """Hours between departures at the most (the timetable's, or the fleet's fastest cycle)."""
        return 168.0 / self.departures_per_week

    @property
    def interval_h(self) -> float:
        """Typical hours between departures.

        The headway, or for a ship that sails when full the time it takes to
        fill at the typical demand (``fill_h``).
        """
        if self.policy == "when_full" and self.fill_h is not None:
            return max(self.fill_h, self.headway_h)
        return self.headway_h

    @property
    def usable_teu_per_departure(self) -> float:
        """What one departure can take: capacity times the load factor (e.g. a draught limit)."""
        return self.capacity_teu_per_departure * self.load_factor


@dataclass(frozen=True, slots=True)
class Departure:
    """One actual departure of a service (a sailing, a block train), from a loaded timetable.

    Times are naive UTC; ``arrives`` is the timetable's arrival at ``to_node`` where it gives one.
    """

    service_id: str
    from_node: str
    to_node: str
    departs: dt.datetime
    arrives: dt.datetime | None = None
    voyage: str | None = None
    vessel: str | None = None
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, times in ISO 8601 with the UTC offset."""
        return {
            "service_id": self.service_id,
            "from_node": self.from_node,
            "to_node": self.to_node,
            "departs": _utc(self.departs),
            "arrives": _utc(self.arrives) if self.arrives is not None else None,
            "voyage": self.voyage,
            "vessel": self.vessel,
            "source": self.source,
        }


def _utc(value: dt.datetime) -> str:
    return value.replace(tzinfo=dt.UTC).isoformat()


@dataclass(frozen=True, slots=True)
class LinkGeometry:
    """The line a link follows on the map, from its ``from_node`` to its ``to_node``.

    ``coordinates`` are ``(lon, lat)`` pairs; ``method`` says how the line was made (a routing
    library, hand-drawn waypoints) and ``source_ids`` where its data comes from.
    """

    coordinates: tuple[tuple[float, float], ...]
    method: str
    source_ids: tuple[str, ...] = ()


def combined_headway_h(services: Sequence[Service]) -> float:
    """Hours between departures of several services on one link taken together (168 h / weekly departures)."""
    return 168.0 / sum(s.departures_per_week for s in services)


def combined_interval_h(services: Sequence[Service]) -> float:
    """Typical hours between departures of several services together (sail-when-full ones at their fill time).

    The wait for the next departure, arriving at a random time, is uniform on
    ``[0, combined_interval_h]`` in the planner and in an unloaded twin.
    """
    return 1.0 / sum(1.0 / s.interval_h for s in services)


def normalise_name(text: str) -> str:
    """Fold case, accents and punctuation: ``"Xi'an"`` and ``"XIAN"`` become ``"xian"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_only = ascii_only.replace("ł", "l").replace("Ł", "L").replace("ı", "i")
    return re.sub(r"[^a-z0-9]", "", ascii_only.casefold())


@dataclass(frozen=True)
class Network:
    """A validated transport network. Build one with :func:`build_network`."""

    name: str
    version: str
    title: str
    currency_year: int
    licence: str
    nodes: Mapping[str, Node]
    links: Mapping[str, Link]
    services: Mapping[str, Service]
    sources: Mapping[str, Source]
    _services_by_link: Mapping[str, tuple[Service, ...]] = field(default_factory=dict, repr=False)
    disruptions: Mapping[str, DisruptionProcess] = field(default_factory=dict)
    geometries: Mapping[str, LinkGeometry] = field(default_factory=dict)
    departures: Mapping[str, tuple[Departure, ...]] = field(default_factory=dict)

    def link_coordinates(self, link_id: str, *, start: str | None = None) -> list[list[float]]:
        """The ``[lon, lat]`` points of a link, travelled from ``start`` (default its ``from_node``).

        The stored geometry where the data has one (:attr:`geometries`), else the straight line
        between the two nodes.

        Examples
        --------
        >>> from corridor import bundled_network
        >>> lane = bundled_network().link_coordinates("L-CNSHA-NLRTM-SEA-SUEZ")
        >>> lane[0], lane[-1], len(lane) > 100
        ([121.497, 31.4], [4.442, 51.904], True)

        """
        link = self.links[link_id]
        stored = self.geometries.get(link_id)
        if stored is not None:
            points = [[lon, lat] for lon, lat in stored.coordinates]
        else:
            a, b = self.nodes[link.from_node], self.nodes[link.to_node]
            points = [[a.lon, a.lat], [b.lon, b.lat]]
        return points[::-1] if start is not None and start == link.to_node != link.from_node else points

    dg_rules: Mapping[str, DgRule] = field(default_factory=dict)
    bulk: Mapping[str, BulkLink] = field(default_factory=dict)
    #: Bulk transfers by node (``bulk_transfers.csv``): gauge changes and terminals for tank cars and hoppers.
    bulk_transfers: Mapping[str, BulkTransfer] = field(default_factory=dict)

    def dg_rule(self, applies_to: str, target_id: str, dg_class: int) -> DgRule | None:
        """The rule that speaks for ``dg_class`` at a node, on a link or a service (``None``: no source)."""
        return self._dg_index.get((applies_to, target_id, dg_class))

    def dg_refused(self, applies_to: str, dg_class: int) -> frozenset[str]:
        """Ids of the nodes, links or services a rule refuses ``dg_class`` at."""
        return frozenset(
            target
            for (scope, target, cls), rule in self._dg_index.items()
            if scope == applies_to and cls == dg_class and rule.verdict == "refused"
        )

    @cached_property
    def _dg_index(self) -> dict[tuple[str, str, int], DgRule]:
        index: dict[tuple[str, str, int], DgRule] = {}
        for key in sorted(self.dg_rules):
            rule = self.dg_rules[key]
            for cls in rule.dg_classes:
                index.setdefault((rule.applies_to, rule.target_id, cls), rule)
        return index

    def disruptions_at(self, node_id: str) -> tuple[DisruptionProcess, ...]:
        """The disruption processes at ``node_id``, in id order."""
        return self._disruptions_by_node.get(node_id, ())

    @cached_property
    def _disruptions_by_node(self) -> dict[str, tuple[DisruptionProcess, ...]]:
        index: dict[str, list[DisruptionProcess]] = {}
        for key in sorted(self.disruptions):
            process = self.disruptions[key]
            index.setdefault(process.node_id, []).append(process)
        return {k: tuple(v) for k, v in index.items()}

    def services_on(self, link_id: str) -> tuple[Service, ...]:
        """Services running on ``link_id``."""
        return self._services_by_link.get(link_id, ())

    @cached_property
    def _name_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for node in self.nodes.values():
            keys = {normalise_name(node.name), normalise_name(node.node_id)}
            if "(" in node.name:  # "Frankfurt (Oder)" is also found as "Frankfurt"
                keys.add(normalise_name(node.name.split("(")[0]))
            keys.update(normalise_name(alt) for alt in node.alt_names)
            if node.locode:
                keys.add(normalise_name(node.locode))
            for key in keys:
                if key:
                    index.setdefault(key, []).append(node.node_id)
        return index

    def search_nodes(self, query: str, *, limit: int = 10) -> list[Node]:
        """Nodes whose name, other name, id or UN/LOCODE starts with ``query``, then those containing it.

        Case, accents and punctuation are ignored; ties are ordered by name. An
        empty query lists nodes by name.

        Examples
        --------
        >>> from corridor import bundled_network
        >>> [n.node_id for n in bundled_network().search_nodes("duis")]
        ['DEDUI']

        """
        key = normalise_name(query)
        ranked: list[tuple[int, str, str]] = []
        for node in self.nodes.values():
            names = [node.name, node.node_id, *node.alt_names, node.locode or ""]
            keys = [normalise_name(n) for n in names if n]
            if not key:
                score = 2
            elif any(k.startswith(key) for k in keys):
                score = 0
            elif any(key in k for k in keys):
                score = 1
            else:
                continue
            ranked.append((score, node.name, node.node_id))
        return [self.nodes[node_id] for _, _, node_id in sorted(ranked)[:limit]]

    def find_node(self, query: str) -> Node:
        """The node whose id, UN/LOCODE, name or alternative name is ``query``.

        Parameters
        ----------
        query
            ``"DEDUI"``, ``"Duisburg"``, ``"xian"`` and ``"Xi'an"`` all work;
            case, accents and punctuation are ignored.

        Raises
        ------
        UnknownNodeError
            Nothing matches; the error suggests close names.
        AmbiguousNodeError
            The name matches several nodes; the error lists their ids.

        Examples
        --------
        >>> from corridor import bundled_network
        >>> bundled_network().find_node("duisburg").node_id
        'DEDUI'

        """
        if query in self.nodes:
            return self.nodes[query]
        key = normalise_name(query)
        matches = self._name_index.get(key, []) if key else []
        if len(matches) == 1:
            return self.nodes[matches[0]]
        if len(matches) > 1:
            listed = ", ".join(self.nodes[m].label for m in sorted(matches))
            raise AmbiguousNodeError(f"'{query}' matches several nodes: {listed}; use an id")
        close = difflib.get_close_matches(key, list(self._name_index), n=3, cutoff=0.6)
        suggestions: list[str] = []
        for candidate in close:
            for node_id in self._name_index[candidate]:
                label = self.nodes[node_id].label
                if label not in suggestions:
                    suggestions.append(label)
        raise UnknownNodeError(query, suggestions[:3])

    @cached_property
    def countries(self) -> frozenset[str]:
        """ISO codes of every country a node of the network is in or a link crosses."""
        nodes, links = self.nodes, self.links
        if isinstance(nodes, RecordColumns) and isinstance(links, RecordColumns):
            codes = set(nodes.field_values("country"))
            lists: Iterable[tuple[str, ...]] = set(links.field_values("countries"))
        else:
            codes = {node.country for node in nodes.values()}
            lists = (link.countries for link in links.values())
        for countries in lists:
            codes.update(countries)
        return frozenset(codes)

    def platforms_at(self, node_id: str) -> list[str]:
        """The platforms (``rail/1435``, ``sea``, ...) of the links that touch ``node_id``."""
        return sorted(self._platforms[node_id])

    @cached_property
    def _platforms(self) -> dict[str, set[str]]:
        platforms: dict[str, set[str]] = {node_id: set() for node_id in self.nodes}
        for link in self.links.values():
            platforms[link.from_node].add(link.platform)
            platforms[link.to_node].add(link.platform)
        return platforms

    def gauges_at(self, node_id: str) -> list[int]:
        """Track gauges (mm) present at ``node_id``."""
        return sorted(int(p.split("/")[1]) for p in self._platforms[node_id] if p.startswith("rail/"))
