"""Door to door: places off the network join it by truck to several terminals, and the search chooses."""

from __future__ import annotations

import math

import pytest

from corridor import Cargo, Constraints, bundled_network, route
from corridor.chain import Leg
from corridor.emissions.calculate import cargo_facts
from corridor.emissions.factors import bundled_factors
from corridor.errors import NoRouteError
from corridor.road.leg import bundled_road_model
from corridor.road.rules import elapsed_h
from corridor.routing.doors import DESTINATION_DOOR, MAX_ROAD_KM, ORIGIN_DOOR

from .networks import link, node, small_network

#: Asia artic 40 t container truck, GLEC3 Table 8 and p.94: 26.84 + 89.06 g WTW per tkm.
ASIA_TRUCK_G_PER_TKM = 26.84 + 89.06
EU_TRUCK_G_PER_TKM = 22 + 73


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_pre_carriage_takes_the_terminal_that_gives_the_better_chain_not_the_nearest() -> None:
    """A door near Atyrau: NEAR (45 km) has a 500 h train to DEST, FAR (155 km) a 10 h one.

    DEST is beyond a truck's reach from the door.

    Nearest-node snapping would start at NEAR; the search starts the fastest option at FAR.
    """
    net = small_network(
        [
            node("KZ-NEAR", "KZ", lat=47.5, lon=51.9),
            node("KZ-FAR", "KZ", lat=48.5, lon=51.9),
            node("KZ-DEST", "KZ", lat=50.0, lon=75.0),
        ],
        [link("L-NEAR", "KZ-NEAR", "KZ-DEST", "KZ", 500.0), link("L-FAR", "KZ-FAR", "KZ-DEST", "KZ", 10.0)],
    )
    result = route(net, "47.10,51.90", "KZ-DEST", criteria=("time",))
    assert len(result.options) == 1
    first = result.options[0].chain.legs[0]
    assert (first.mode, first.from_node, first.to_node) == ("road", ORIGIN_DOOR, "KZ-FAR")
    # NEAR was a candidate, and the nearer one
    near_km = result.network.links[f"ROAD-{ORIGIN_DOOR}-KZ-NEAR"].distance_km  # type: ignore[union-attr]
    assert near_km < first.distance_km
    # on cost alone the short truck to NEAR wins: both stay on the Pareto front of time and cost
    both = route(net, "47.10,51.90", "KZ-DEST", criteria=("time", "cost"))
    assert {o.chain.legs[0].to_node for o in both.options} == {"KZ-NEAR", "KZ-FAR"}


def test_a_door_beyond_reach_of_every_terminal_is_a_clear_error() -> None:
    net = small_network(
        [node("KZ-A", "KZ", lat=47.5, lon=51.9), node("KZ-B", "KZ", lat=48.5, lon=52.9)],
        [link("L", "KZ-A", "KZ-B", "KZ", 10.0)],
    )
    with pytest.raises(
        NoRouteError,
        match=f"no terminal of the network lies within {MAX_ROAD_KM:,.0f} km by road of Lyon, FR",
    ):
        route(net, "Lyon, FR", "KZ-B")


@pytest.fixture(scope="module")
def suzhou_lyon() -> object:
    return route(
        bundled_network(),
        "Suzhou, CN",
        "Lyon, FR",
        cargo=Cargo.parse("40HC"),
        constraints=Constraints(avoid_countries=frozenset({"RU", "BY"})),
    )


def test_door_to_door_suzhou_lyon_end_to_end(suzhou_lyon: object) -> None:
    result = suzhou_lyon
    assert result.options  # type: ignore[attr-defined]
    road = bundled_road_model()
    mass_t = cargo_facts(Cargo.parse("40HC"), bundled_factors()).mass_t
    network = result.network  # type: ignore[attr-defined]
    suzhou, lyon = network.nodes[ORIGIN_DOOR], network.nodes[DESTINATION_DOOR]
    assert (suzhou.country, lyon.country) == ("CN", "FR")
    first_terminals = set()
    for option in result.options:  # type: ignore[attr-defined]
        chain = option.chain
        assert "RU" not in chain.countries
        assert "BY" not in chain.countries
        pre, on = chain.legs[0], chain.legs[-1]
        assert (pre.mode, pre.from_node, on.mode, on.to_node) == (
            "road",
            ORIGIN_DOOR,
            "road",
            DESTINATION_DOOR,
        )
        first_terminals.add(pre.to_node)
        # oracle: the truck leg recomputed from the coordinates, the circuity, the speed and the cost per km
        terminal = network.nodes[pre.to_node]
        gc = haversine_km(suzhou.lat, suzhou.lon, terminal.lat, terminal.lon)
        cn = road.country("CN")
        assert pre.distance_km == pytest.approx(gc * cn.circuity, abs=0.1)
        assert pre.duration_h[0].mode == pytest.approx(elapsed_h(gc * cn.circuity / cn.speed_kmh))
        assert pre.cost_usd == pytest.approx(gc * cn.circuity * cn.cost_usd_per_km, abs=0.01)
        # emissions through the engine: GLEC Asia truck for the pre-carriage, Europe for the on-carriage
        assert option.emissions is not None
        by_index = {e.index: e for e in option.emissions.elements}
        legs = [i for i, e in enumerate(chain.elements) if isinstance(e, Leg)]
        pre_e, on_e = by_index[legs[0]], by_index[legs[-1]]
        assert pre_e.category_id == "road-artic-40t-container-asia"
        assert on_e.category_id == "road-artic-40t-container-eu"
        assert pre_e.wtw_kg == pytest.approx(pre_e.activity * ASIA_TRUCK_G_PER_TKM / 1000)
        assert on_e.wtw_kg == pytest.approx(on_e.activity * EU_TRUCK_G_PER_TKM / 1000)
        assert pre_e.activity == pytest.approx(pre.distance_km * mass_t)  # tonne-km of the truck run
    # several first terminals are in use: the search chose among the candidates
    assert len(first_terminals) >= 2


def test_door_to_door_keeps_the_node_names_and_says_how_places_were_read(suzhou_lyon: object) -> None:
    ends = suzhou_lyon.endpoints  # type: ignore[attr-defined]
    assert [e.label for e in ends] == ["Suzhou, CN", "Lyon, FR"]
    assert ends[0].how == "town, the largest of several"


def test_a_door_in_western_kazakhstan_starts_at_a_port_or_an_inland_terminal() -> None:
    """Issue 11: from Atyrau the search trucks to Kuryk, Aktau or the inland Mangyshlak rail terminal."""
    result = route(
        bundled_network(),
        "Atyrau, KZ",
        "Lyon, FR",
        constraints=Constraints(avoid_countries=frozenset({"RU", "BY"})),
        criteria=("time", "cost"),
    )
    network = result.network
    assert network is not None
    first = {str(o.chain.legs[0].to_node) for o in result.options}
    kinds = {network.nodes[n].kind for n in first}
    assert len(first) >= 2
    assert "rail_terminal" in kinds  # an inland terminal wins on some criterion
    assert kinds & {"seaport", "ferry_port"}  # and so does a Caspian port
