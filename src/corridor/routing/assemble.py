"""Chain assembly: a search path's arcs grouped into the legs and hubs of a transport chain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from corridor.chain import Element, Hub, Leg, LegSegment, TransportChain
from corridor.distributions import Distribution
from corridor.emissions.network import hoc_for_transfer
from corridor.network.model import Link, Network
from corridor.routing.cargo import Cargo
from corridor.routing.graph import RoutingGraph
from corridor.routing.search import bulk_link_cost_usd, service_wait, usable_services
from corridor.vocabulary import HubKind


@dataclass
class _Step:
    transfer: bool
    link_index: int
    from_node: str
    to_node: str


def _steps(graph: RoutingGraph, arcs: list[int]) -> list[_Step]:
    index = np.asarray(arcs, dtype=np.int64)
    links = graph.link[index].tolist()
    tails = graph.sub_node[graph.tail[index]].tolist()
    heads = graph.sub_node[graph.head[index]].tolist()
    ids = graph.node_ids
    return [_Step(link < 0, link, ids[t], ids[h]) for link, t, h in zip(links, tails, heads, strict=True)]


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
    links, the nodes it runs through and the cargo.
    """
    network = graph.network
    steps = _steps(graph, arcs)
    elements: list[Element] = []
    node_countries: list[str] = [network.nodes[graph.node_ids[origin]].country]
    run: list[_Step] = []
    legs: dict[Any, Leg] = {} if memo is None else memo
    teu = cargo.teu

    def link_of(step: _Step) -> Any:
        return network.links[graph.link_ids[step.link_index]]

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
        if isinstance(previous, Hub) and previous.node_id == node_id:
            elements[-1] = Hub(
                node_id=node_id,
                kind=max(HubKind(previous.kind or kind), HubKind(kind), key=lambda k: k.rank),
                activities=(*previous.activities, activity),
                cost_usd=previous.cost_usd + cost,
                duration_h=previous.duration_h + durations,
                country=previous.country,
                hoc=previous.hoc or hoc,
            )
        else:
            country = network.nodes[node_id].country
            elements.append(
                Hub(
                    node_id=node_id,
                    kind=kind,
                    activities=(activity,),
                    cost_usd=cost,
                    duration_h=durations,
                    country=country,
                    hoc=hoc,
                )
            )

    def pass_hub(node_id: str, index: int) -> None:
        node = network.nodes[node_id]
        # Disruptions (storms, congestion) wait once per visit of the node, on the hub that visit
        # makes: a node with a disruption process always gets one, even where nothing else stops.
        waits = tuple(process.wait for process in network.disruptions_at(node_id))
        if node.pass_dwell_h is None and node.pass_cost_usd_per_teu == 0 and not waits:
            return
        neighbours = [s for s in steps[max(index - 1, 0) : index + 2] if not s.transfer]
        crosses = node.kind == "border" or any(
            len(link_of(s).countries) > 1 for s in neighbours if node_id in (s.from_node, s.to_node)
        )
        activity = HubKind.BORDER if crosses else HubKind.TERMINAL
        dwell = (node.pass_dwell_h,) if node.pass_dwell_h is not None else ()
        add_hub(node_id, activity, activity, teu * node.pass_cost_usd_per_teu, (*dwell, *waits))

    pass_hub(graph.node_ids[origin], 0)
    for index, step in enumerate(steps):
        if step.transfer:
            node = network.nodes[step.to_node]
            a, b = graph.sub_platform[graph.tail[arcs[index]]], graph.sub_platform[graph.head[arcs[index]]]
            kind = (
                HubKind.GAUGE_CHANGE
                if a.startswith("rail/") and b.startswith("rail/")
                else HubKind.TRANSSHIPMENT
            )
            assert node.transfer is not None  # transfer arcs exist only at transfer points
            add_hub(
                step.to_node,
                f"{kind}:{a}->{b}",
                kind,
                teu * node.transfer.cost_usd_per_teu,
                (node.transfer.dwell_h,),
                hoc_for_transfer(a, b),
            )
            continue
        link = link_of(step)
        if run and (link_of(run[-1]).mode != link.mode or link_of(run[-1]).gauge_mm != link.gauge_mm):
            close_leg()
        run.append(step)
        codes = _countries_travelled(network, link, step.from_node)
        if link.mode in ("sea", "ferry"):
            codes = (network.nodes[step.from_node].country, network.nodes[step.to_node].country)
        node_countries.extend(codes)
        pass_hub(step.to_node, index)
    close_leg()
    return TransportChain(
        graph.node_ids[origin], graph.node_ids[destination], tuple(elements), tuple(node_countries), cargo
    )


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
                add("ship" if element.mode == "sea" else element.mode)
            if element.to_node == chain.destination or network.nodes[element.end].kind in (
                "seaport",
                "ferry_port",
            ):
                add(network.nodes[element.end].name)
    return " → ".join(words)


__all__ = ["chain_from_arcs", "describe_chain"]
