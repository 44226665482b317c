"""Door to door: a place off the network joins it by truck to several terminals, and routing chooses.

A door (a town, coordinates or a UN/LOCODE that is not a node) becomes a node
of its own, with a road leg (:mod:`corridor.road.leg`) to each of the
:data:`MAX_TERMINALS` terminals nearest by road within :data:`MAX_ROAD_KM`
(pre-carriage from an origin, on-carriage to a destination). The Pareto
search then picks among them on time, cost and CO2e like any other link, so
the first terminal is the one that gives the best chain, not the nearest.

A terminal the network gives no transfer record (most inland rail terminals
begin or end trains, so a box never changes mode there in the network's own
data) gets one for the truck, from the road data's method ``m-door-terminal``;
a node served by two gauges without a transfer record is not a candidate
(a transfer there would open a gauge change the data does not have).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from corridor.distributions import Triangular
from corridor.errors import NoRouteError
from corridor.network.model import Link, Network, Node, Transfer
from corridor.places.gazetteer import Place, great_circle_km_array
from corridor.road.leg import RoadModel, bundled_road_model

#: At most this many candidate terminals per door.
MAX_TERMINALS = 6
#: Candidate terminals lie within this road distance (km) of the door.
MAX_ROAD_KM = 1500.0
#: Node kinds a truck can deliver a container to or collect one from.
TERMINAL_KINDS = frozenset({"rail_terminal", "dry_port", "seaport", "ferry_port", "gauge_change"})
#: The transfer of a door's truck at a terminal without one (method ``m-door-terminal``).
DOOR_TRANSFER = Transfer(dwell_h=Triangular(2.0, 8.0, 36.0), cost_usd_per_teu=181.0)
#: Container trains a week at a terminal a door's truck reaches that states none (``m-door-terminal``):
#: the box waits for the next one (:attr:`corridor.network.model.Node.rail_wait_h`).
DOOR_RAIL_DEPARTURES_PER_WEEK = 2.0
DOOR_TRANSFER_SOURCES = ("m-door-terminal",)
ORIGIN_DOOR = "DOOR-ORIGIN"
DESTINATION_DOOR = "DOOR-DESTINATION"


@dataclass(frozen=True)
class Doors:
    """The network with its doors and road legs, and the ids to route between."""

    network: Network
    origin: str
    destination: str
    #: Candidate terminals per door id, nearest by road first.
    candidates: dict[str, tuple[str, ...]]


def _door_node(node_id: str, place: Place) -> Node:
    return Node(
        node_id=node_id,
        name=place.name,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        kind="city",
        locode=place.locode,
        source_ids=("geonames",),
        note=f"door: {place.origin}",
    )


def _candidates(
    network: Network, place: Place, road: RoadModel, max_terminals: int, max_road_km: float
) -> list[tuple[float, Node]]:
    """The terminals nearest to ``place`` by road within ``max_road_km``, nearest first.

    Great-circle distances of every terminal are one array operation; road
    distances (never shorter, a circuity factor is at least 1) only for those
    within reach as the crow flies.
    """
    terminals = [n for n in network.nodes.values() if n.kind in TERMINAL_KINDS]
    if not terminals:
        return []
    lats = np.array([n.lat for n in terminals], dtype=np.float64)
    lons = np.array([n.lon for n in terminals], dtype=np.float64)
    crow = great_circle_km_array(place.lat, place.lon, lats, lons)
    found: list[tuple[float, Node]] = []
    for i in np.flatnonzero(crow <= max_road_km).tolist():
        node = terminals[i]
        platforms = network.platforms_at(node.node_id)
        if not platforms or (node.transfer is None and len(platforms) > 1):
            continue
        distance = road.road_km(float(crow[i]), place.country, node.country)
        if distance <= max_road_km:
            found.append((distance, node))
    found.sort(key=lambda item: (item[0], item[1].node_id))
    return found[:max_terminals]


def add_doors(
    network: Network,
    origin: Node | Place,
    destination: Node | Place,
    *,
    road: RoadModel | None = None,
    max_terminals: int = MAX_TERMINALS,
    max_road_km: float = MAX_ROAD_KM,
) -> Doors:
    """``network`` with a door and its road legs for each endpoint that is a place, not a node.

    Raises
    ------
    NoRouteError
        No terminal lies within ``max_road_km`` of a door.

    """
    road = road or bundled_road_model()
    nodes = dict(network.nodes)
    links = dict(network.links)
    candidates: dict[str, tuple[str, ...]] = {}
    ends: list[str] = []
    for door_id, end, outbound in ((ORIGIN_DOOR, origin, True), (DESTINATION_DOOR, destination, False)):
        if isinstance(end, Node):
            ends.append(end.node_id)
            continue
        near = _candidates(network, end, road, max_terminals, max_road_km)
        if not near:
            raise NoRouteError(
                f"no terminal of the network lies within {max_road_km:,.0f} km by road of {end.label}",
            ).about("origin" if outbound else "destination")
        nodes[door_id] = _door_node(door_id, end)
        for _, node in near:
            if node.transfer is None or node.rail_departures_per_week is None:
                nodes[node.node_id] = dataclasses.replace(
                    node,
                    transfer=node.transfer or DOOR_TRANSFER,
                    rail_departures_per_week=DOOR_RAIL_DEPARTURES_PER_WEEK,
                    source_ids=(*node.source_ids, *DOOR_TRANSFER_SOURCES),
                )
            leg = road.leg(end.lat, end.lon, end.country, node.lat, node.lon, node.country)
            a, b = (door_id, node.node_id) if outbound else (node.node_id, door_id)
            link_id = f"ROAD-{a}-{b}"
            links[link_id] = Link(
                link_id=link_id,
                from_node=a,
                to_node=b,
                mode="road",
                distance_km=round(leg.distance_km, 1),
                duration_h=leg.duration_h,
                cost_usd_20=round(leg.cost_usd_per_truck, 2),
                cost_usd_40=round(leg.cost_usd_per_truck, 2),
                countries=leg.countries if outbound else tuple(reversed(leg.countries)),
                bidirectional=False,
                source_ids=leg.source_ids,
                note=(
                    f"{'pre' if outbound else 'on'}-carriage by truck: {leg.great_circle_km:,.0f} km "
                    f"great-circle x circuity, {leg.driving_h:.1f} h driving, EU 561/2006 / AETR rests"
                ),
            )
        candidates[door_id] = tuple(node.node_id for _, node in near)
        ends.append(door_id)
    sources = {**network.sources, **road.sources}
    routed = dataclasses.replace(network, nodes=nodes, links=links, sources=sources)
    return Doors(routed, ends[0], ends[1], candidates)


__all__ = [
    "DESTINATION_DOOR",
    "DOOR_TRANSFER",
    "MAX_ROAD_KM",
    "MAX_TERMINALS",
    "ORIGIN_DOOR",
    "Doors",
    "add_doors",
]
