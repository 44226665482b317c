"""The network of a door-to-door shipment: its doors rebuilt from the places it was booked between.

A planned option from a place off the network starts at ``DOOR-ORIGIN`` (or
ends at ``DOOR-DESTINATION``), joined by truck to terminals
(:mod:`corridor.routing.doors`). A booking of it names the places as they
were asked (``"Suzhou, CN"``, ``"31.3,120.6"``, a UN/LOCODE), and the
service rebuilds the doors and their road legs from them with the routing's
own code. The chain is then checked against that network as strictly as any
other: a door id other than these two, a road leg to a terminal out of
reach, or a door leg whose distance is not the rebuilt leg's is refused.
"""

from __future__ import annotations

from typing import Any

from corridor.errors import CorridorError, ShipmentInputError
from corridor.network.model import Network, Node
from corridor.places.gazetteer import Place
from corridor.places.resolve import resolve_place
from corridor.routing.doors import DESTINATION_DOOR, ORIGIN_DOOR, add_doors
from corridor.shipments.validation import validate_node

#: A door leg's distance may differ from the rebuilt leg's by this much (km): the chain rounds to 0.1 km.
DOOR_KM_TOLERANCE = 0.5


def _end(network: Network, query: str, *, field: str, door: bool) -> Node | Place:
    if not door:
        validate_node(network, query, field=field)
        return network.nodes[query]
    try:
        resolved = resolve_place(network, query)
    except CorridorError as err:
        raise ShipmentInputError(f"{field}: {err}", field) from err
    if resolved.place is None:
        door_id = ORIGIN_DOOR if field == "origin" else DESTINATION_DOOR
        raise ShipmentInputError(
            f"{field}: {query!r} is the network's node {resolved.node.node_id if resolved.node else '?'}, "
            f"but the chain's {field} is {door_id}, a place off the network",
            field,
        )
    return resolved.place


def door_network(network: Network, origin: str, destination: str, chain: dict[str, Any]) -> Network:
    """``network`` with the doors of a chain that starts or ends at one, rebuilt from the booked places.

    ``origin`` and ``destination`` are the shipment's: node ids, or for a door the place as it was
    routed (a town, coordinates or a UN/LOCODE). A chain between network nodes gets ``network`` itself.
    A node id that is no node of ``network`` is refused.

    Raises
    ------
    ShipmentInputError
        An end is an unknown node; a door's place is unknown, ambiguous or a network node, or no
        terminal lies within reach of it.

    """
    from_door = chain.get("origin") == ORIGIN_DOOR
    to_door = chain.get("destination") == DESTINATION_DOOR
    start = _end(network, origin, field="origin", door=from_door)
    end = _end(network, destination, field="destination", door=to_door)
    if not (from_door or to_door):
        return network
    try:
        return add_doors(network, start, end).network
    except CorridorError as err:
        raise ShipmentInputError(f"chain: {err}", "chain") from err


def chain_ends(origin: str, destination: str, chain: dict[str, Any]) -> tuple[str, str]:
    """The ids the chain must start and end at: a door's id where it starts or ends at a door."""
    return (
        ORIGIN_DOOR if chain.get("origin") == ORIGIN_DOOR else origin,
        DESTINATION_DOOR if chain.get("destination") == DESTINATION_DOOR else destination,
    )


def check_door_leg(network: Network, index: int, link_ids: tuple[str, ...], distance_km: float) -> None:
    """A leg on a door's road link has that link's distance (the doors were rebuilt, not trusted).

    Raises
    ------
    ShipmentInputError
        The leg's distance is not the rebuilt road leg's.

    """
    doors = (ORIGIN_DOOR, DESTINATION_DOOR)
    door_links = [network.links[i] for i in link_ids if i in network.links]
    if not any(link.from_node in doors or link.to_node in doors for link in door_links):
        return
    expected = sum(link.distance_km for link in door_links)
    if abs(distance_km - expected) > DOOR_KM_TOLERANCE:
        raise ShipmentInputError(
            f"chain.elements[{index}].distance_km: {distance_km:g} km, but the road leg "
            f"{'+'.join(link_ids)} rebuilt from the booked places is {expected:g} km",
            "chain",
        )


__all__ = ["DOOR_KM_TOLERANCE", "chain_ends", "check_door_leg", "door_network"]
