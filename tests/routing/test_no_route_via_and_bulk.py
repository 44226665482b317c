"""The no-route message blames the via nodes when they alone remove the route; bulk cargo's
connectivity is judged for the bulk, not for a container.

Oracles: networks drawn by hand (a one-way spur whose end cannot be left; the bundled network's
pipelines and tankers, which do not reach Duisburg, while its railways do).
"""

from __future__ import annotations

import pytest

from corridor.errors import NoRouteError
from corridor.network import Network
from corridor.network.io import bundled_network
from corridor.routing import Cargo, Constraints, route

from .networks import link, node, small_network


def _with_a_dead_end() -> Network:
    """CN-A - KZ-B - DE-D by rail, and a one-way spur KZ-B -> KZ-C: KZ-C can be reached but not left."""
    return small_network(
        [node("CN-A", "CN"), node("KZ-B", "KZ"), node("KZ-C", "KZ"), node("DE-D", "DE")],
        [
            link("AB", "CN-A", "KZ-B", "CN|KZ", 10),
            link("BD", "KZ-B", "DE-D", "KZ|DE", 10),
            link("BC", "KZ-B", "KZ-C", "KZ", 5, bidirectional="false"),
        ],
    )


def test_a_via_node_that_cannot_be_left_is_named_as_the_culprit() -> None:
    network = _with_a_dead_end()
    assert route(network, "CN-A", "DE-D").options  # without the via node there is a route
    with pytest.raises(NoRouteError) as err:
        route(network, "CN-A", "DE-D", constraints=Constraints(via_nodes=("KZ-C",)))
    assert (
        str(err.value)
        == "no route from CN-A to DE-D: it is the via nodes that removes the last route (via KZ-C)"
    )
    assert err.value.culprits == ("via",)


def test_the_via_nodes_share_the_blame_with_another_constraint() -> None:
    # a road link leaves the spur's end: avoiding the road and passing there cannot both hold
    network = small_network(
        [
            node("CN-A", "CN"),
            node("KZ-B", "KZ"),
            node("KZ-C", "KZ", transfer=(1, 1, 1, 5)),
            node("DE-D", "DE", transfer=(1, 1, 1, 5)),
        ],
        [
            link("AB", "CN-A", "KZ-B", "CN|KZ", 10),
            link("BD", "KZ-B", "DE-D", "KZ|DE", 10),
            link("BC", "KZ-B", "KZ-C", "KZ", 5, bidirectional="false"),
            link("CD", "KZ-C", "DE-D", "KZ|DE", 30, mode="road"),
        ],
    )
    constraints = Constraints(via_nodes=("KZ-C",), avoid_modes=frozenset({"road"}))
    with pytest.raises(NoRouteError) as err:
        route(network, "CN-A", "DE-D", constraints=constraints)
    assert str(err.value) == (
        "no route from CN-A to DE-D: it is the modes to avoid or the via nodes that removes the last route"
        " (avoid modes road; via KZ-C)"
    )
    assert err.value.culprits == ("avoid_modes", "via")


def test_bulk_cargo_between_places_no_bulk_link_joins_is_not_connected() -> None:
    # crude oil leaves Tengiz by pipeline or tanker, none of which reaches Duisburg; a container would
    network = bundled_network()
    assert route(network, "Tengiz", "Duisburg").options
    with pytest.raises(NoRouteError) as err:
        route(network, "Tengiz", "Duisburg", cargo=Cargo.bulk(1000, "liquid_bulk", dg_class=3))
    assert str(err.value) == (
        "no route from Tengiz to Duisburg: the two nodes are not connected in this network"
    )
