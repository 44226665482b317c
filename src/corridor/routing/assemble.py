"""Chain assembly: a search path's arcs grouped into the legs and hubs of a transport chain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from corridor.chain import Element, Hub, Leg, LegSegment, TransportChain
from corridor.distributions import Distribution
from corridor.emissions.network import hoc_for_transfer
from corridor.network.model import Link, Network
from corridor.routing.cargo import Cargo
from corridor.routing.costs import bulk_link_cost_usd, service_wait, usable_services
from corridor.routing.graph import RoutingGraph
from corridor.vocabulary import HubKind


@dataclass(frozen=True, slots=True)
class _Step:
    """One arc of a path: a transfer, or a link travelled from ``from_node`` to ``to_node``."""

    transfer: bool
    link_index: int
    from_node: str
    to_node: str
    link: Link | None = None
    codes: tuple[str, ...] = ()  # the countries travelled through, in order
    crosses: bool = False  # the link runs through more than one country


def _step(graph: RoutingGraph, arc: int) -> _Step:
    network, ids = graph.network, graph.node_ids
    link_index = int(graph.link[arc])
    tail, head = ids[int(graph.sub_node[graph.tail[arc]])], ids[int(graph.sub_node[graph.head[arc]])]
    if link_index < 0:
        return _Step(True, link_index, tail, head)
    link = network.links[graph.link_ids[link_index]]
    codes = _countries_travelled(network, link, tail)
    if link.mode in ("sea", "ferry"):
        codes = (network.nodes[tail].country, network.nodes[head].country)
    return _Step(False, link_index, tail, head, link, codes, len(link.countries) > 1)


def _steps(graph: RoutingGraph, arcs: list[int], memo: dict[Any, Any]) -> list[_Step]:
    out = []
    for arc in arcs:
        step = memo.get(("arc", arc))
        if step is None:
            step = memo[("arc", arc)] = _step(graph, arc)
        out.append(step)
    return out


def chain_from_arcs(
    graph: RoutingGraph,
    origin: int,
    destination: int,
    arcs: list[int],
    cargo: Cargo,
    *,
    memo: dict[Any, Any] | None = None,
) -> TransportChain:
    """Group a path's arcs into legs and hubs.

    ``memo`` lets a caller assembling many paths for one cargo (the options
    of a route) build each distinct leg once: a leg depends only on its
    links, the nodes it runs through and the cargo; what passing a node
    costs and takes is kept there too.
    """
    network = graph.network
    legs: dict[Any, Any] = {} if memo is None else memo
    steps = _steps(graph, arcs, legs)
    elements: list[Element] = []
    node_countries: list[str] = [network.nodes[graph.node_ids[origin]].country]
    run: list[_Step] = []
    teu = cargo.teu

    def link_of(step: _Step) -> Link:
        assert step.link is not None  # a leg's steps are links
        return step.link

    def close_leg() -> None:
        if run:
            nodes = (*(s.from_node for s in run), run[-1].to_node)
            key = (tuple(s.link_index for s in run), nodes)
            leg = legs.get(key)
            if leg is None:
                leg = legs[key] = _leg(network, [link_of(s) for s in run], list(nodes), cargo)
            elements.append(leg)
            run.clear()

    def add_hub(
        node_id: str,
        activity: str,
        kind: HubKind,
        cost: float,
        durations: tuple[Distribution, ...],
        hoc: str | None = None,
    ) -> None:
        close_leg()
        previous = elements[-1] if elements else None
        merge = isinstance(previous, Hub) and previous.node_id == node_id
        done = previous.activities if isinstance(previous, Hub) and merge else ()
        # a node and the activities done there, in order, always make the same hub
        key = ("hub", node_id, (*done, activity))
        hub = legs.get(key)
        if hub is None and isinstance(previous, Hub) and merge:
            hub = legs[key] = Hub(
                node_id=node_id,
                kind=max(HubKind(previous.kind or kind), HubKind(kind), key=lambda k: k.rank),
                activities=key[2],
                cost_usd=previous.cost_usd + cost,
                duration_h=previous.duration_h + durations,
                country=previous.country,
                hoc=previous.hoc or hoc,
            )
        elif hub is None:
            hub = legs[key] = Hub(
                node_id=node_id,
                kind=kind,
                activities=key[2],
                cost_usd=cost,
                duration_h=durations,
                country=network.nodes[node_id].country,
                hoc=hoc,
            )
        if merge:
            elements[-1] = hub
        else:
            elements.append(hub)

    def pass_hub(node_id: str, index: int) -> None:
        key = ("pass", node_id)
        if key not in legs:
            legs[key] = _pass_stop(network, node_id, teu)
        stop = legs[key]
        if stop is None:
            return
        cost, durations, is_border = stop
        crosses = is_border or any(
            s.crosses for s in steps[max(index - 1, 0) : index + 2] if node_id in (s.from_node, s.to_node)
        )
        activity = HubKind.BORDER if crosses else HubKind.TERMINAL
        add_hub(node_id, activity, activity, cost, durations)

    pass_hub(graph.node_ids[origin], 0)
    for index, step in enumerate(steps):
        if step.transfer:
            transfer = legs.get(("transfer", arcs[index]))
            if transfer is None:
                transfer = legs[("transfer", arcs[index])] = _transfer(
                    graph, arcs[index], step.to_node, cargo
                )
            add_hub(*transfer)
            continue
        link = link_of(step)
        if run and (link_of(run[-1]).mode != link.mode or link_of(run[-1]).gauge_mm != link.gauge_mm):
            close_leg()
        run.append(step)
        node_countries.extend(step.codes)
        pass_hub(step.to_node, index)
    close_leg()
    return TransportChain(
        graph.node_ids[origin], graph.node_ids[destination], tuple(elements), tuple(node_countries), cargo
    )


def _transfer(
    graph: RoutingGraph, arc: int, node_id: str, cargo: Cargo
) -> tuple[str, str, HubKind, float, tuple[Distribution, ...], str | None]:
    """What a transfer arc adds: node, activity, kind, cost, durations and hub operation category."""
    node = graph.network.nodes[node_id]
    a, b = graph.sub_platform[graph.tail[arc]], graph.sub_platform[graph.head[arc]]
    kind = HubKind.GAUGE_CHANGE if a.startswith("rail/") and b.startswith("rail/") else HubKind.TRANSSHIPMENT
    assert node.transfer is not None  # transfer arcs exist only at transfer points
    bulk = graph.network.bulk_transfers.get(node_id) if cargo.is_bulk else None
    if bulk is not None and cargo.form in bulk.cargo_forms:
        cost = (cargo.mass_t or 0.0) * bulk.cost_usd_per_t
        return node_id, f"{kind}:{a}->{b}", kind, cost, (bulk.dwell_h,), hoc_for_transfer(a, b)
    cost = cargo.teu * node.transfer.cost_usd_per_teu
    durations: tuple[Distribution, ...] = (node.transfer.dwell_h,)
    wait = node.rail_wait_h
    if wait is not None and bool(graph.boards_rail[arc]):  # handed to the railway: waits for the next train
        durations += (wait,)
    return node_id, f"{kind}:{a}->{b}", kind, cost, durations, hoc_for_transfer(a, b)


def _pass_stop(
    network: Network, node_id: str, teu: float
) -> tuple[float, tuple[Distribution, ...], bool] | None:
    """Cost, durations and border kind of passing ``node_id`` (``None``: passing costs nothing)."""
    node = network.nodes[node_id]
    # Disruptions (storms, congestion) wait once per visit of the node, on the hub that visit
    # makes: a node with a disruption process always gets one, even where nothing else stops.
    waits = tuple(process.wait for process in network.disruptions_at(node_id))
    if node.pass_dwell_h is None and node.pass_cost_usd_per_teu == 0 and not waits:
        return None
    dwell = (node.pass_dwell_h,) if node.pass_dwell_h is not None else ()
    return teu * node.pass_cost_usd_per_teu, (*dwell, *waits), node.kind == "border"


def _countries_travelled(network: Network, link: Link, start: str) -> tuple[str, ...]:
    """The link's countries in the order travelled from ``start``.

    They open and close with the countries of the link's ends even where the
    link's own list leaves one out (a user network may).
    """
    codes = link.countries if start == link.from_node else link.countries[::-1]
    end = link.to_node if start == link.from_node else link.from_node
    first, last = network.nodes[start].country, network.nodes[end].country
    return (first,) * (codes[:1] != (first,)) + codes + (last,) * (codes[-1:] != (last,))


def _leg(network: Network, links: list[Any], nodes: list[str], cargo: Cargo) -> Leg:
    durations: list[Distribution] = []
    services: list[str] = []
    countries: list[str] = []
    cost = 0.0
    segments: list[LegSegment] = []
    for link, a in zip(links, nodes, strict=False):
        durations.append(link.duration_h)
        if network.services_on(link.link_id):
            usable = usable_services(network, link, cargo)
            durations.append(service_wait(usable))
            services.extend(s.service_id for s in usable)
        cost += bulk_link_cost_usd(network, link, cargo)
        codes = link.countries if a == link.from_node else tuple(reversed(link.countries))
        countries.extend(c for c in _countries_travelled(network, link, a) if c not in countries)
        segments.append(LegSegment(link.link_id, link.distance_km, codes, link.electric_share, link.toc_id))
    distance = sum(link.distance_km for link in links)
    on_truck = links[0].mode == "road" or (links[0].mode == "ferry" and links[0].gauge_mm is None)
    ferry_load = None
    if links[0].mode == "ferry" and links[0].gauge_mm is None:
        # A Ro-Ro ferry carries the trucks: GLEC's gross-mass intensity needs their tare (GLEC3 p.95).
        from corridor.chain.inputs import FerryLoad, FerryUnit  # pydantic: only for Ro-Ro legs

        ferry_load = FerryLoad(
            units=[FerryUnit(type="articulated-truck", count=cargo.trucks)], vehicle_tare_t=cargo.truck_tare_t
        )
    electric = None
    if links[0].mode == "rail" and all(lk.electric_share is not None for lk in links):
        electric = sum(lk.electric_share * lk.distance_km for lk in links) / distance
    return Leg(
        mode=links[0].mode,
        from_node=nodes[0],
        to_node=nodes[-1],
        link_ids=tuple(lk.link_id for lk in links),
        node_ids=tuple(nodes),
        distance_km=distance,
        cost_usd=cost,
        duration_h=tuple(durations),
        countries=tuple(countries),
        gauge_mm=links[0].gauge_mm,
        electric_share=electric,
        service_ids=tuple(services),
        segments=tuple(segments),
        ferry_load=ferry_load,
        road_unit=cargo.road_unit if on_truck else None,
    )


def describe_chain(network: Network, chain: TransportChain) -> str:
    """The path in words: ``Xi'an → Altynkol (gauge change) → Aktau → ferry → Alat → ...``.

    Names the places where the cargo changes mode or gauge, the ports and the
    modes other than rail; plain border stations are left to the counts.
    """
    words: list[str] = [network.nodes[chain.start].name]
    labels = {"gauge_change": "gauge change", "transshipment": "transshipment"}

    def add(name: str) -> None:
        if words[-1] != name:
            words.append(name)

    for element in chain.elements:
        if isinstance(element, Hub):
            node = network.nodes[element.node]
            label = labels.get(element.kind or "")
            if label:
                if words[-1] == node.name:
                    words.pop()
                words.append(f"{node.name} ({label})")
            elif node.kind in ("seaport", "ferry_port"):
                add(node.name)
        else:
            if element.mode != "rail":
                add("ship" if element.mode == "sea" else element.mode.replace("_", " "))
            if element.to_node == chain.destination or network.nodes[element.end].kind in (
                "seaport",
                "ferry_port",
            ):
                add(network.nodes[element.end].name)
    return " → ".join(words)


__all__ = ["chain_from_arcs", "describe_chain"]
