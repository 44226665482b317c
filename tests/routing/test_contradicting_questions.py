"""A question that contradicts itself is refused before any search, saying what contradicts what and
naming the field to change.

Oracle: the tiny test network's places (Alpha in CN, Omega in DE, Northton in RU) and the
documented rules: the ends differ, and neither an end nor a via node may be avoided.
"""

from __future__ import annotations

import pytest

from corridor.errors import AmbiguousNodeError, ConstraintError, UnknownConstraintValueError
from corridor.network import Network
from corridor.network.io import bundled_network
from corridor.routing import Constraints, route

from .networks import link, node, small_network

F = frozenset


@pytest.mark.parametrize(
    ("origin", "destination", "constraints", "message", "field"),
    [
        (
            "Alpha",
            "Alpha",
            Constraints(),
            "origin and destination are the same node (CN-ALPHA)",
            "destination",
        ),
        (
            "Alpha",
            "Omega",
            Constraints(avoid_countries=F({"CN"})),
            "the origin Alpha (CN-ALPHA) is in CN, which is to be avoided",
            "origin",
        ),
        (
            "Alpha",
            "Omega",
            Constraints(avoid_countries=F({"DE"})),
            "the destination Omega (DE-OMEGA) is in DE, which is to be avoided",
            "destination",
        ),
        (
            "Alpha",
            "Omega",
            Constraints(avoid_nodes=("CN-ALPHA",)),
            "the origin Alpha (CN-ALPHA) is also a node to avoid",
            "origin",
        ),
        (
            "Alpha",
            "Omega",
            Constraints(avoid_nodes=("DE-OMEGA",)),
            "the destination Omega (DE-OMEGA) is also a node to avoid",
            "destination",
        ),
        (
            "Alpha",
            "Omega",
            Constraints(via_nodes=("CN-ALPHA",)),
            "the origin Alpha (CN-ALPHA) cannot also be a via node",
            "origin",
        ),
        (
            "Alpha",
            "Omega",
            Constraints(via_nodes=("DE-OMEGA",)),
            "the destination Omega (DE-OMEGA) cannot also be a via node",
            "destination",
        ),
        (
            "Alpha",
            "Omega",
            Constraints(via_nodes=("RU-NORTH",), avoid_nodes=("RU-NORTH",)),
            "Northton (RU-NORTH) is both a via node and a node to avoid",
            "via",
        ),
        (
            "Alpha",
            "Omega",
            Constraints(via_nodes=("AZ-PORT", "RU-NORTH"), avoid_countries=F({"RU"})),
            "via node Northton (RU-NORTH) is in RU, which is to be avoided",
            "via",
        ),
    ],
)
def test_a_contradiction_is_named_with_its_field(
    tiny: Network, origin: str, destination: str, constraints: Constraints, message: str, field: str
) -> None:
    with pytest.raises(ConstraintError) as err:
        route(tiny, origin, destination, constraints=constraints)
    assert (str(err.value), err.value.field) == (message, field)


def test_a_question_without_contradiction_is_answered(tiny: Network) -> None:
    constraints = Constraints(via_nodes=("AZ-PORT",), avoid_nodes=("RU-NORTH",), avoid_countries=F({"BY"}))
    assert route(tiny, "Alpha", "Omega", constraints=constraints).options


def test_an_unknown_node_to_avoid_is_named_under_its_field(tiny: Network) -> None:
    with pytest.raises(UnknownConstraintValueError) as err:
        route(tiny, "Alpha", "Omega", constraints=Constraints(avoid_nodes=("Nowhere",)))
    assert (str(err.value), err.value.field) == (
        "unknown node 'Nowhere' in the nodes to avoid",
        "avoid_nodes",
    )


def test_an_ambiguous_node_to_avoid_is_named_under_its_field() -> None:
    network = small_network(
        [
            node("CN-A", "CN"),
            node("KZ-T1", "KZ", name="Twin"),
            node("KZ-T2", "KZ", name="Twin"),
            node("DE-D", "DE"),
        ],
        [
            link("A1", "CN-A", "KZ-T1", "CN|KZ", 10),
            link("A2", "CN-A", "KZ-T2", "CN|KZ", 10),
            link("D1", "KZ-T1", "DE-D", "KZ|DE", 10),
            link("D2", "KZ-T2", "DE-D", "KZ|DE", 10),
        ],
    )
    for field, constraints in (
        ("avoid_nodes", Constraints(avoid_nodes=("Twin",))),
        ("via", Constraints(via_nodes=("Twin",))),
    ):
        with pytest.raises(AmbiguousNodeError) as err:
            route(network, "CN-A", "DE-D", constraints=constraints)
        assert err.value.field == field


def test_an_unknown_country_suggests_the_three_closest_codes() -> None:
    # BL is as close to PL, NL, BY and BG (one letter of two): the first three are offered
    with pytest.raises(UnknownConstraintValueError) as err:
        route(bundled_network(), "Xi'an", "Duisburg", constraints=Constraints(avoid_countries=F({"BL"})))
    assert (
        str(err.value) == "unknown country code 'BL' in the countries to avoid: did you mean PL or NL or BY?"
    )


def test_an_unknown_mode_in_the_constraints_suggests_the_three_closest() -> None:
    with pytest.raises(UnknownConstraintValueError) as err:
        Constraints(require_modes=("era",))
    assert str(err.value) == "unknown mode 'era' in the required modes: did you mean sea or road or rail?"
    assert err.value.field == "require_modes"
