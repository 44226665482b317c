"""Required modes: each must be used at least once, two at a time too, and a transfer is no mode.

Oracles: the tiny test network (rail all the way by Russia, or rail, sea and rail by Porto and
Harbour; no road at all) and a network drawn by hand whose only road link is its first link.
"""

from __future__ import annotations

import pytest

from corridor.errors import NoRouteError
from corridor.network import Network
from corridor.routing import Constraints, route

from .networks import link, node, small_network


@pytest.mark.parametrize("required", [("sea",), ("rail", "sea"), ("sea", "rail")])
def test_every_required_mode_is_used(tiny: Network, required: tuple[str, ...]) -> None:
    result = route(tiny, "Alpha", "Omega", constraints=Constraints(require_modes=required))
    assert result.options
    for option in result.options:
        assert {leg.mode for leg in option.chain.legs} == {"rail", "sea"}


def test_a_mode_the_network_lacks_cannot_be_required(tiny: Network) -> None:
    # the gauge change and the port transfers are no road, although they change platform
    with pytest.raises(NoRouteError) as err:
        route(tiny, "Alpha", "Omega", constraints=Constraints(require_modes=("road",)))
    assert str(err.value) == (
        "no route from Alpha to Omega: it is the required modes that removes the last route"
        " (require modes road)"
    )


def test_a_mode_served_only_by_the_network_s_first_link_can_be_required() -> None:
    network = small_network(
        [
            node("CN-A", "CN", transfer=(1, 1, 1, 5)),
            node("KZ-B", "KZ", transfer=(1, 1, 1, 5)),
            node("DE-D", "DE"),
        ],
        [
            link("ROAD", "CN-A", "KZ-B", "CN|KZ", 30, mode="road"),  # the first link: index 0
            link("RAIL1", "CN-A", "KZ-B", "CN|KZ", 10),
            link("RAIL2", "KZ-B", "DE-D", "KZ|DE", 10),
        ],
    )
    assert [leg.mode for leg in route(network, "CN-A", "DE-D", criteria=("time",)).options[0].chain.legs] == [
        "rail"
    ]
    required = Constraints(require_modes=("road",))
    option = route(network, "CN-A", "DE-D", criteria=("time",), constraints=required).options[0]
    assert [leg.mode for leg in option.chain.legs] == ["road", "rail"]
