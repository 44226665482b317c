"""The options of each origin, destination and cargo: the routing engine's Pareto sets, found once.

For every OD and cargo type, the choice set is the union of the Pareto sets
(criteria time, cost and CO2e) of three queries: unrestricted, avoiding Russia
and Belarus, and avoiding Russia, Belarus and Iran, so that every corridor
that can serve the OD has its own non-dominated options even where another
corridor dominates it. Each option is reduced to what the assignment needs:
its uncongested price, P50/P90, CO2e and border crossings per TEU, its
corridor, and the capacity-bearing elements it loads (link directions,
transfer hubs, the services of a link). Congestion does not change a Pareto
set, only the costs, so this is computed once per run and may be reused
across runs on the same network (``options=`` of :func:`run_flows`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from corridor.assignment.choice import classify_corridor
from corridor.chain.model import Hub, Leg, TransportChain
from corridor.emissions.factors import FactorDataset
from corridor.errors import NoRouteError
from corridor.network.model import Network, combined_headway_h
from corridor.routing import RouteOption, RouteQuery, route_query

DAYS_PER_YEAR = 365.0
WEEKS_PER_YEAR = 52.0
CHOICE_SET_AVOIDS: tuple[tuple[str, ...], ...] = ((), ("RU", "BY"), ("RU", "BY", "IR"))
# Services are capacity elements where a link has an end in one of these countries (the Caspian and
# Black Sea crossings, the Van ferry); deep-sea and East Asian feeder services in the network are one
# sample product each, not the trade lane's fleet, so they are left unconstrained.
CAPACITY_COUNTRIES = frozenset({"KZ", "TM", "UZ", "AZ", "GE", "TR"})


@dataclass(frozen=True, slots=True)
class Element:
    """Something with a capacity that a route loads: a link direction, a transfer hub, a link's services."""

    key: str
    kind: str
    ref: str
    capacity_teu_per_year: float
    base_h: float
    name: str


@dataclass(frozen=True, slots=True)
class Option:
    """One route option of an OD and cargo, reduced to per-TEU figures."""

    corridor: str
    price_usd_per_teu: float
    p50_days: float
    p90_days: float
    co2e_t_per_teu: float
    border_crossings: int
    countries: tuple[str, ...]
    link_ids: tuple[tuple[str, bool], ...]
    hub_ids: tuple[str, ...]
    service_ids: tuple[str, ...]
    elements: tuple[str, ...]
    summary: str
    chain: TransportChain | None = field(default=None, repr=False, compare=False)

    def __reduce__(self) -> tuple[type[Option], tuple[object, ...]]:
        """Pickled without its chain (kept for the twin in the process that routed it).

        Monte Carlo jobs ship choice sets to other processes; the chains would multiply their size.
        """
        values = tuple(getattr(self, f) for f in self.__dataclass_fields__ if f != "chain")
        return (Option, values)


def _direction(leg: Leg, index: int, link_from: str) -> bool:
    """True if the leg runs its ``index``-th link from the link's from_node to its to_node."""
    nodes = leg.node_ids
    if len(nodes) == len(leg.link_ids) + 1:
        return nodes[index] == link_from
    return True


def leg_elements(
    network: Network, leg: Leg, cargo_services: set[str]
) -> list[tuple[Element, tuple[str, bool]]]:
    out: list[tuple[Element, tuple[str, bool]]] = []
    for i, link_id in enumerate(leg.link_ids):
        link = network.links[link_id]
        forward = _direction(leg, i, link.from_node)
        arrow = f"{link.from_node}>{link.to_node}" if forward else f"{link.to_node}>{link.from_node}"
        ref = (link_id, forward)
        if link.capacity_teu_per_day:
            key = f"link:{link_id}:{'fwd' if forward else 'rev'}"
            cap = link.capacity_teu_per_day * DAYS_PER_YEAR
            out.append((Element(key, "link", link_id, cap, link.duration_h.mean, arrow), ref))
        services = [s for s in network.services_on(link_id) if s.service_id in cargo_services]
        ends = {network.nodes[link.from_node].country, network.nodes[link.to_node].country}
        if services and ends & CAPACITY_COUNTRIES:
            key = f"services:{link_id}:{'fwd' if forward else 'rev'}"
            cap = sum(s.departures_per_week * s.usable_teu_per_departure for s in services) * WEEKS_PER_YEAR
            names = " + ".join(s.name for s in services)
            out.append((Element(key, "services", link_id, cap, combined_headway_h(services), names), ref))
        if not out or out[-1][1] != ref:
            out.append((Element(f"plain:{link_id}", "plain", link_id, 0.0, 0.0, arrow), ref))
    return out


def option_from_route(network: Network, option: RouteOption, elements: dict[str, Element]) -> Option:
    """Reduce a routing option to an :class:`Option`, registering its capacity elements in ``elements``."""
    chain: TransportChain = option.chain
    teu = chain.cargo.teu if chain.cargo is not None else 2.0
    keys: list[str] = []
    links: list[tuple[str, bool]] = []
    hubs: list[str] = []
    services: list[str] = []
    modes: list[str] = []
    nodes: list[str] = []
    for element in chain.elements:
        if isinstance(element, Leg):
            modes.append(element.mode)
            nodes.extend(element.node_ids)
            services.extend(element.service_ids)
            for item, ref in leg_elements(network, element, set(element.service_ids)):
                if item.kind != "plain":
                    elements.setdefault(item.key, item)
                    keys.append(item.key)
                if ref not in links:
                    links.append(ref)
        elif isinstance(element, Hub) and element.node_id is not None:
            hubs.append(element.node_id)
            transfer = network.nodes[element.node_id].transfer
            if element.lifts and transfer is not None and transfer.capacity_teu_per_day:
                key = f"hub:{element.node_id}"
                cap = transfer.capacity_teu_per_day * DAYS_PER_YEAR
                name = network.nodes[element.node_id].label
                elements.setdefault(
                    key, Element(key, "hub", element.node_id, cap, element.duration_h_mean, name)
                )
                keys.append(key)
    co2e_kg = option.emissions.wtw_kg if option.emissions is not None else 0.0
    return Option(
        corridor=str(classify_corridor(chain.countries, modes, nodes)),
        price_usd_per_teu=chain.cost_usd / teu,
        p50_days=option.duration_h_p50 / 24.0,
        p90_days=option.duration_h_p90 / 24.0,
        co2e_t_per_teu=co2e_kg / 1000.0 / teu,
        border_crossings=chain.border_crossings,
        countries=chain.countries,
        link_ids=tuple(links),
        hub_ids=tuple(dict.fromkeys(hubs)),
        service_ids=tuple(dict.fromkeys(services)),
        elements=tuple(dict.fromkeys(keys)),
        summary=" - ".join(dict.fromkeys(nodes)) if nodes else "",
        chain=chain,
    )


def option_key(option: Option) -> str:
    """What identifies a route across runs: its link directions and hubs (not its services).

    Services are left out so that a route keeps its identity when a service is
    added on one of its links (the routing then names the new service too).
    """
    links = ",".join(f"{link_id}{'>' if forward else '<'}" for link_id, forward in option.link_ids)
    return f"{links}#{','.join(option.hub_ids)}"


def network_countries(network: Network) -> frozenset[str]:
    """Every country a node or link of the network is in (computed once per network)."""
    return network.countries


def _signature(option: RouteOption) -> tuple[object, ...]:
    return tuple(
        (e.link_ids, e.service_ids) if isinstance(e, Leg) else (e.node_id, e.kind)
        for e in option.chain.elements
    )


def od_options(
    network: Network,
    origin: str,
    destination: str,
    cargo: str,
    elements: dict[str, Element],
    *,
    avoid_countries: Iterable[str] = (),
    factors: FactorDataset | None = None,
) -> tuple[Option, ...]:
    """The choice set of one OD and cargo (see the module docstring); empty if no route exists."""
    closed = tuple(avoid_countries)
    seen: set[tuple[object, ...]] = set()
    found: list[Option] = []
    present = network_countries(network)
    crossed: set[str] = set()
    previous: set[str] = set()
    for wanted in CHOICE_SET_AVOIDS:
        avoid = tuple(c for c in wanted if c in present)
        if avoid and not crossed & (set(avoid) - previous):
            continue  # the wider query found no option through the newly avoided countries: same answer
        previous, crossed = set(avoid), set()
        query = RouteQuery.build(
            origin, destination, cargo=cargo, avoid_countries=(*closed, *avoid), criteria="time,cost,co2e"
        )
        try:
            result = route_query(network, query, factors=factors, places=False)
        except NoRouteError:
            continue
        for route in result.options:
            crossed.update(route.chain.countries)
            signature = _signature(route)
            if signature not in seen:
                seen.add(signature)
                found.append(option_from_route(network, route, elements))
    return tuple(found)


__all__ = [
    "CAPACITY_COUNTRIES",
    "CHOICE_SET_AVOIDS",
    "Element",
    "Option",
    "leg_elements",
    "network_countries",
    "od_options",
    "option_from_route",
    "option_key",
]
