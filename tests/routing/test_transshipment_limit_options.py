"""A transshipment limit that does not bind changes no answer: a route no better in any criterion
asked for, only in transshipments, is not offered.

Oracle: a network drawn by hand, two routes from CN-A to DE-D taking 20 h each: all rail for
150 USD (no transshipment), or road then rail for 10 + 2 TEU x 5 USD + 50 = 70 USD (one
transshipment at KZ-M, 1 h).
"""

from __future__ import annotations

import pytest

from corridor.network import Network
from corridor.routing import Constraints, route

from .networks import link, node, small_network


def _two_routes_of_equal_time() -> Network:
    return small_network(
        [
            node("CN-A", "CN", transfer=(1, 1, 1, 5)),
            node("KZ-M", "KZ", transfer=(1, 1, 1, 5)),
            node("DE-D", "DE"),
        ],
        [
            link("R1", "CN-A", "DE-D", "CN|KZ|DE", 20),
            link("T1", "CN-A", "KZ-M", "CN|KZ", 9, mode="road", cost_usd_20=10, cost_usd_40=10),
            link("R2", "KZ-M", "DE-D", "KZ|DE", 10, cost_usd_20=50, cost_usd_40=50),
        ],
    )


@pytest.mark.parametrize("limit", [None, 1, 5])
def test_the_cheaper_route_of_equal_time_is_the_only_option(limit: int | None) -> None:
    result = route(
        _two_routes_of_equal_time(),
        "CN-A",
        "DE-D",
        criteria=("time", "cost"),
        constraints=Constraints(max_transshipments=limit),
    )
    assert [
        ([leg.mode for leg in o.chain.legs], o.values["time"], o.values["cost"]) for o in result.options
    ] == [(["road", "rail"], 20.0, 70.0)]


def test_a_binding_limit_leaves_the_route_without_transshipment() -> None:
    result = route(
        _two_routes_of_equal_time(),
        "CN-A",
        "DE-D",
        criteria=("time", "cost"),
        constraints=Constraints(max_transshipments=0),
    )
    assert [([leg.mode for leg in o.chain.legs], o.values["cost"]) for o in result.options] == [
        (["rail"], 150.0)
    ]
