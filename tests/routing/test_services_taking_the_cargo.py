"""A link is used by the services that take the cargo, whichever of them is listed first; a reefer
still obeys the modes to avoid.

Oracle: networks drawn by hand. One sailing KZ-P -> AZ-Q with a small service (10 TEU a departure,
twice a week, refusing class 3) listed before a large one (100 TEU, weekly): a cargo the small one
cannot take waits for the large one alone (0 to 168 h), one both take waits for either (0 to 56 h).
"""

from __future__ import annotations

import pytest

from corridor.distributions import Uniform
from corridor.errors import NoRouteError
from corridor.network import Network
from corridor.routing import Cargo, Constraints, route

from .networks import link, node, service, small_network


def _two_services() -> Network:
    return small_network(
        [node("KZ-P", "KZ", kind="seaport"), node("AZ-Q", "AZ", kind="seaport")],
        [link("SEA", "KZ-P", "AZ-Q", "KZ|AZ", 20, mode="sea")],
        [
            service("S-SMALL", "SEA", 2, capacity_teu_per_departure=10, dg_refused="3"),
            service("S-BIG", "SEA", 1),
        ],
    )


@pytest.mark.parametrize(
    ("cargo", "services", "wait_h"),
    [
        (Cargo.parse("1x40"), ("S-SMALL", "S-BIG"), 56.0),
        (Cargo.parse("5x40"), ("S-SMALL", "S-BIG"), 56.0),  # exactly the small ship's 10 TEU
        (Cargo.parse("6x40"), ("S-BIG",), 168.0),
        (Cargo.parse("50x40"), ("S-BIG",), 168.0),
        (Cargo.parse("1x40", dg_class=3), ("S-BIG",), 168.0),
    ],
)
def test_the_cargo_boards_every_service_that_takes_it(
    cargo: Cargo, services: tuple[str, ...], wait_h: float
) -> None:
    (leg,) = route(_two_services(), "KZ-P", "AZ-Q", cargo=cargo).options[0].chain.legs
    assert leg.service_ids == services
    assert Uniform(0.0, wait_h) in leg.duration_h


def test_a_cargo_no_service_takes_finds_no_route_and_says_the_cargo_is_too_large() -> None:
    with pytest.raises(NoRouteError) as err:
        route(_two_services(), "KZ-P", "AZ-Q", cargo=Cargo.parse("51x40"))  # 102 TEU
    assert str(err.value) == (
        "no route from KZ-P to AZ-Q for 51x40: the nodes are connected for one 40' container, but every "
        "way between them has a service or link that cannot take 102 TEU at once; split the shipment"
    )
    assert "constraints" not in str(err.value)  # no constraint was given: none is blamed


def test_a_reefer_avoiding_the_road_takes_the_slower_railway() -> None:
    network = small_network(
        [node("CN-A", "CN", transfer=(1, 1, 1, 5)), node("KZ-B", "KZ", transfer=(1, 1, 1, 5))],
        [
            link("RAIL", "CN-A", "KZ-B", "CN|KZ", 40),
            link("ROAD", "CN-A", "KZ-B", "CN|KZ", 20, mode="road"),
        ],
    )
    reefer = Cargo.parse("1x40RF")
    assert [
        leg.mode
        for leg in route(network, "CN-A", "KZ-B", cargo=reefer, criteria=("time",)).options[0].chain.legs
    ] == ["road"]
    avoiding = Constraints(avoid_modes=frozenset({"road"}))
    option = route(network, "CN-A", "KZ-B", cargo=reefer, constraints=avoiding, criteria=("time",)).options[0]
    assert [leg.mode for leg in option.chain.legs] == ["rail"]
