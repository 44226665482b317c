"""Constraints on networks whose data is imperfect, and limits of zero.

Users bring their own networks: a link's country list may leave out a
country one of its nodes lies in, and a limit of 0 is a limit, not "none".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corridor.chain import TransportChain
from corridor.cli import main
from corridor.errors import NoRouteError
from corridor.network import Network
from corridor.routing import Cargo, Constraints, route

from .networks import link, node, small_network


@pytest.fixture(scope="module")
def unlisted_russia() -> Network:
    """A fast northern line through a Russian node whose links do not list RU, and a slow southern line."""
    return small_network(
        [node("CN-ANT", "CN"), node("RU-MID", "RU"), node("TR-SUD", "TR"), node("DE-END", "DE")],
        [
            link("N1", "CN-ANT", "RU-MID", "CN", 10),  # omits RU although RU-MID is in Russia
            link("N2", "DE-END", "RU-MID", "DE", 10),  # idem, and stored against the direction of travel
            link("S1", "CN-ANT", "TR-SUD", "CN|TR", 50),
            link("S2", "TR-SUD", "DE-END", "TR|DE", 50),
        ],
    )


def _countries_of_nodes(network: Network, chain: TransportChain) -> set[str]:
    """Oracle: the countries of every node a route's legs pass, from the node table."""
    return {network.nodes[n].country for leg in chain.legs for n in leg.node_ids}


@pytest.mark.parametrize(("origin", "destination"), [("CN-ANT", "DE-END"), ("DE-END", "CN-ANT")])
def test_avoiding_a_country_avoids_its_nodes_even_when_no_link_lists_it(
    unlisted_russia: Network, origin: str, destination: str
) -> None:
    free = route(unlisted_russia, origin, destination, criteria=("time",))
    assert "RU" in _countries_of_nodes(
        unlisted_russia, free.options[0].chain
    )  # the line exists and is fastest
    avoiding = route(
        unlisted_russia,
        origin,
        destination,
        criteria=("time", "cost", "distance"),
        constraints=Constraints(avoid_countries=frozenset({"RU"})),
    )
    for option in avoiding.options:
        assert "RU" not in _countries_of_nodes(unlisted_russia, option.chain)
        assert option.chain.duration_h_mean == 100.0  # S1 + S2, the only route left


@pytest.mark.parametrize(
    ("origin", "destination", "countries"),
    [("CN-ANT", "DE-END", ("CN", "RU", "DE")), ("DE-END", "CN-ANT", ("DE", "RU", "CN"))],
)
def test_a_route_lists_the_countries_of_its_nodes_even_when_no_link_lists_them(
    unlisted_russia: Network, origin: str, destination: str, countries: tuple[str, ...]
) -> None:
    """The fast line runs through Russia: the route says so, and counts two borders, not one."""
    chain = route(unlisted_russia, origin, destination, criteria=("time",)).options[0].chain
    assert chain.countries == countries
    assert [leg.countries for leg in chain.legs] == [countries]
    assert chain.border_crossings == 2


def test_avoiding_the_only_country_in_between_leaves_no_route(unlisted_russia: Network) -> None:
    with pytest.raises(NoRouteError, match="the countries to avoid"):
        route(
            unlisted_russia,
            "CN-ANT",
            "DE-END",
            constraints=Constraints(avoid_countries=frozenset({"RU", "TR"})),
        )


@pytest.fixture(scope="module")
def gauge_or_road() -> Network:
    """Rail with a gauge change (fast, cheap) or one truck all the way (slow, dear, no transshipment)."""
    return small_network(
        [
            node("CN-ANT", "CN", transfer=(1, 1, 1, 5)),
            node("KZ-GAU", "KZ", kind="gauge_change", transfer=(2, 2, 2, 10)),
            node("DE-END", "DE", transfer=(1, 1, 1, 5)),
        ],
        [
            link("R1", "CN-ANT", "KZ-GAU", "CN|KZ", 20),
            link("R2", "KZ-GAU", "DE-END", "KZ|DE", 20, gauge_mm=1520),
            link("T1", "CN-ANT", "DE-END", "CN|KZ|DE", 200, mode="road", cost_usd_20=900, cost_usd_40=1500),
        ],
    )


def test_zero_transshipments_allows_none(gauge_or_road: Network) -> None:
    unlimited = route(gauge_or_road, "CN-ANT", "DE-END")
    assert [o.chain.transshipments for o in unlimited.options] == [1]  # rail dominates the truck
    none = route(gauge_or_road, "CN-ANT", "DE-END", constraints=Constraints(max_transshipments=0))
    assert [o.chain.transshipments for o in none.options] == [0]
    assert [leg.mode for leg in none.options[0].chain.legs] == ["road"]
    assert none.options[0].chain.duration_h_mean == 200.0
    one = route(gauge_or_road, "CN-ANT", "DE-END", constraints=Constraints(max_transshipments=1))
    assert [o.chain.transshipments for o in one.options] == [1]


def test_zero_transshipments_where_every_route_changes_gauge(tiny: Network) -> None:
    with pytest.raises(NoRouteError, match="the transshipment limit") as caught:
        route(tiny, "Alpha", "Omega", constraints=Constraints(max_transshipments=0))
    assert caught.value.culprits == ("max_transshipments",)
    with pytest.raises(NoRouteError, match="the transshipment limit"):
        route(
            tiny, "Alpha", "Omega", cargo=Cargo.parse("2x20"), constraints=Constraints(max_transshipments=0)
        )


def test_zero_transshipments_through_the_api(client: TestClient) -> None:
    """Every Xi'an-Duisburg rail route changes gauge at the Chinese border: with none allowed, only trucks go.

    A truck drives the box from door to door and rolls onto the Caspian Ro-Ro: no lift on the way.
    """
    response = client.post(
        "/v1/routes?include=chain",
        json={"origin": "Xi'an", "destination": "Duisburg", "max_transshipments": 0},
    )
    assert response.status_code == 200
    options = response.json()["options"]
    assert options
    for option in options:
        assert option["transshipments"] == 0
        legs = [e for e in option["chain"]["elements"] if e["type"] == "leg"]
        assert {leg["mode"] for leg in legs} <= {"road", "ferry"}
        assert all(leg["road_unit"] == "container-on-chassis" for leg in legs)
    no_road = client.post(
        "/v1/routes",
        json={"origin": "Xi'an", "destination": "Duisburg", "max_transshipments": 0, "avoid_modes": ["road"]},
    )
    assert no_road.status_code == 422
    assert "the transshipment limit" in no_road.json()["detail"]["message"]


def test_zero_transshipments_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    tiny = str(Path(__file__).parents[1] / "data" / "tiny")
    code = main(["route", "Alpha", "Omega", "--network", tiny, "--max-transshipments", "0"])
    err = capsys.readouterr().err
    assert code == 1
    assert "max-transshipments" in err
    assert "at most 0 transshipments" in err
