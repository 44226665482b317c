"""Trucks as a mode of the bundled network: long-haul TIR trucking, the Caspian Ro-Ro, road borders.

Oracles are published figures: the IRU's 2024 Middle Corridor TIR pilot (Zhengzhou and Urumqi to
Azerbaijan and Georgia, 6,600 km in two weeks), the Xi'an-Baku block train (11 days, Trend 2024),
ASCO's tariffs and the stated distance and time methods of ``sources.csv``.
"""

from __future__ import annotations

import math

import pytest

from corridor.chain import Leg
from corridor.network import Network
from corridor.network.io import bundled_network
from corridor.routing import Cargo, Constraints, RouteResult, route

TRUCK_ONLY = Constraints(avoid_modes=frozenset({"rail", "sea"}))
RORO = "L-KZ-KURYK-AZ-ALAT-RORO"


@pytest.fixture(scope="module")
def net() -> Network:
    return bundled_network()


def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _legs(result: RouteResult, index: int = 0) -> list[Leg]:
    return result.options[index].chain.legs


def _all_truck(result: RouteResult) -> list[int]:
    """Options whose every leg rides a truck (road, or a Ro-Ro ferry carrying it)."""
    return [
        i
        for i, option in enumerate(result.options)
        if all(leg.road_unit is not None for leg in option.chain.legs)
    ]


def test_road_links_follow_the_stated_distance_and_time_methods(net: Network) -> None:
    """m-road-distance (great-circle x 1.2) and m-road-duration (636 / 848 / 378 km a day)."""
    roads = [link for link in net.links.values() if link.mode == "road"]
    assert len(roads) >= 15
    for link in roads:
        a, b = net.nodes[link.from_node], net.nodes[link.to_node]
        assert link.distance_km == round(_great_circle_km(a.lat, a.lon, b.lat, b.lon) * 1.2), link.link_id
        d = link.distance_km
        expected = (d / 848 * 24, d / 636 * 24, d / 378 * 24)
        got = (link.duration_h.min, link.duration_h.mode, link.duration_h.max)
        assert got == pytest.approx(expected, abs=0.051), link.link_id
        assert link.cost_usd_20 == link.cost_usd_40  # a truck is hired per vehicle
        assert "m-road-distance" in link.source_ids


def test_a_truck_crosses_the_caspian_on_the_ro_ro(net: Network) -> None:
    """Almaty-Tbilisi by truck: road to Kuryk, ASCO's Ro-Pax to Alat, road over the Red Bridge."""
    result = route(net, "Almaty", "Tbilisi", cargo=Cargo.parse("2x40"), constraints=TRUCK_ONLY)
    (index, *_) = _all_truck(result)
    legs = _legs(result, index)
    ferry = [leg for leg in legs if leg.mode == "ferry"]
    assert [leg.link_ids for leg in ferry] == [(RORO,)]
    assert ferry[0].road_unit == "container-on-chassis"
    assert ferry[0].cost_usd == 2 * 1650  # one truck per box at US$1,650 each (m-roro-cost)
    assert ferry[0].ferry_load is not None
    assert [(u.type, u.count) for u in ferry[0].ferry_load.units] == [("articulated-truck", 2)]
    assert ferry[0].ferry_load.vehicle_tare_t == pytest.approx(2 * 10.9)
    nodes = [n for leg in legs for n in leg.node_ids]
    assert "GE-RED-BRIDGE" in nodes
    assert "KZ-NUR-ZHOLY" not in nodes  # Almaty is west of the Chinese border


def test_trucks_from_tashkent_take_the_turkmenbashi_ro_ro(net: Network) -> None:
    """Tashkent-Tbilisi by truck: via Turkmenistan on ASCO's US$1,000 truck fare, cheaper than via Kuryk."""
    result = route(net, "Tashkent", "Tbilisi", cargo=Cargo.parse("1x40"), constraints=TRUCK_ONLY)
    via = {
        leg.link_ids[0]: option.chain.cost_usd
        for option in result.options
        for leg in option.chain.legs
        if leg.mode == "ferry" and leg.road_unit is not None
    }
    assert {"L-TMKRW-AZ-ALAT-RORO", RORO} <= set(via)
    assert via["L-TMKRW-AZ-ALAT-RORO"] < via[RORO]
    turkmen = [
        leg for o in result.options for leg in o.chain.legs if leg.link_ids == ("L-TMKRW-AZ-ALAT-RORO",)
    ]
    assert {leg.cost_usd for leg in turkmen} == {1000.0}


def test_truck_time_on_the_middle_corridor_matches_the_iru_tir_pilot(net: Network) -> None:
    """IRU 2024: TIR trucks from Urumqi and Zhengzhou reached Azerbaijan and Georgia in two weeks.

    The block train is faster on the same lane: Xi'an-Baku took 11 days (Trend, Jan 2024); the model
    keeps that order.
    """
    truck = route(net, "Urumqi", "Tbilisi", constraints=TRUCK_ONLY, criteria=("time",))
    (index, *_) = _all_truck(truck)
    days = truck.options[index].duration_days_p50
    assert 14 * 0.75 <= days <= 14 * 1.25
    assert any(leg.link_ids == (RORO,) for leg in _legs(truck, index))
    rail = route(net, "Urumqi", "Tbilisi", constraints=Constraints(avoid_modes=frozenset({"road"})))
    assert min(o.duration_days_p50 for o in rail.options) < days


def test_reefer_trucks_compete_with_rail_across_the_caspian(net: Network) -> None:
    """Caspian rail ferries cannot power a reefer (m-reefer); a reefer truck runs its own unit on the Ro-Ro.

    Almaty-Istanbul for a 40' reefer without Russia or Iran: the truck option stands beside the rail
    options and is the fastest of them.
    """
    result = route(
        net,
        "Almaty",
        "Istanbul",
        cargo=Cargo.parse("1x40RF"),
        constraints=Constraints(avoid_countries=frozenset({"RU", "IR"})),
    )
    with_truck = [
        i
        for i, o in enumerate(result.options)
        if any(leg.link_ids == (RORO,) for leg in o.chain.legs)
        and any(leg.mode == "road" for leg in o.chain.legs)
    ]
    with_rail = [i for i, o in enumerate(result.options) if any(leg.mode == "rail" for leg in o.chain.legs)]
    assert with_truck
    assert set(with_rail) - set(with_truck)  # rail options remain beside it
    fastest = min(range(len(result.options)), key=lambda i: result.options[i].chain.duration_h_mean)
    assert fastest in with_truck


def test_truck_emissions_use_the_glec_road_categories(net: Network) -> None:
    """Road legs in Asia take GLEC's +22% road category, in Europe the European one."""
    result = route(net, "Almaty", "Duisburg", constraints=TRUCK_ONLY)
    (index, *_) = _all_truck(result)
    emissions = result.options[index].emissions
    assert emissions is not None
    chain = result.options[index].chain
    categories = {
        (element.from_node, e.category_id)
        for element, e in zip(chain.elements, emissions.elements, strict=True)
        if isinstance(element, Leg) and element.mode == "road"
    }
    assert ("KZALA", "road-artic-40t-container-asia") in categories
    assert ("BG-KAPITAN-ANDREEVO", "road-artic-40t-container-eu") in categories
    ferry = [
        e
        for element, e in zip(chain.elements, emissions.elements, strict=True)
        if isinstance(element, Leg) and element.mode == "ferry"
    ]
    assert ferry
    assert all("vehicles' 10.9 t tare" in " ".join(e.notes) for e in ferry)


def test_a_road_border_adds_its_sourced_crossing_time(net: Network) -> None:
    """Nur Zholy and the Red Bridge: mean pass = CAREC CPMM 2022's average road crossing, 9.9 h."""
    for node_id in ("KZ-NUR-ZHOLY", "KZ-ZHIBEK-ZHOLY", "TM-FARAP-ROAD", "GE-RED-BRIDGE"):
        node = net.nodes[node_id]
        assert node.pass_dwell_h is not None
        assert node.pass_dwell_h.mean == pytest.approx(9.9, abs=0.05)
        assert node.pass_cost_usd_per_teu == 104  # US$208 a truck, 2 TEU a truck
    for node_id in ("KZ-NUR-ZHOLY", "GE-RED-BRIDGE", "GE-SARPI", "BG-KAPITAN-ANDREEVO"):
        assert [p.kind for p in net.disruptions_at(node_id)] == ["delay"]
