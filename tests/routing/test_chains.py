"""The chain a route is described by, in both directions over the same links, with stops of several kinds.

Oracles: countries and counts by hand from the network tables, and the same
route travelled the other way must give the same counts and the reverse order.
"""

from __future__ import annotations

import itertools

import pytest

from corridor.chain import Hub, Leg, TransportChain
from corridor.network import Network
from corridor.routing import Cargo, Constraints, route

from .networks import link, node, service, small_network

NORTH = Constraints(via_nodes=("Northton",))


def _dedup(codes: list[str]) -> list[str]:
    return [c for i, c in enumerate(codes) if i == 0 or codes[i - 1] != c]


def _in_travel_order(network: Network, leg: Leg) -> bool:
    """Oracle: the countries of a leg's nodes, in the order travelled, appear in that order in its list."""
    wanted = _dedup([network.nodes[n].country for n in leg.node_ids])
    remaining = iter(leg.countries)
    return all(code in remaining for code in wanted)


def _only(network: Network, origin: str, destination: str, **kwargs: object) -> TransportChain:
    options = route(network, origin, destination, criteria=("time",), **kwargs).options  # type: ignore[arg-type]
    assert len(options) == 1
    return options[0].chain


@pytest.mark.parametrize(
    ("origin", "destination", "countries"),
    [
        ("Alpha", "Omega", ("CN", "KZ", "RU", "BY", "PL", "DE")),
        ("Omega", "Alpha", ("DE", "PL", "BY", "RU", "KZ", "CN")),
    ],
)
def test_countries_and_borders_in_both_directions_over_the_same_links(
    tiny: Network, origin: str, destination: str, countries: tuple[str, ...]
) -> None:
    """The tiny network stores its links westbound (from Alpha towards Omega): eastbound, every link is
    used against its stored direction. By hand, five borders: CN|KZ, KZ|RU, RU|BY, BY|PL, PL|DE."""
    chain = _only(tiny, origin, destination, constraints=NORTH)
    assert chain.countries == countries
    assert chain.border_crossings == 5
    assert chain.transshipments == 1
    for leg in chain.legs:
        assert _in_travel_order(tiny, leg), (leg.node_ids, leg.countries)
        assert leg.countries[0] == tiny.nodes[leg.start].country
        assert leg.countries[-1] == tiny.nodes[leg.end].country
        for segment, a in zip(leg.segments, leg.node_ids, strict=False):
            stored = tiny.links[segment.link_id or ""]
            expected = stored.countries if a == stored.from_node else stored.countries[::-1]
            assert segment.countries == expected


def test_the_way_back_is_the_way_there_reversed(tiny: Network) -> None:
    there = _only(tiny, "Alpha", "Omega", constraints=NORTH)
    back = _only(tiny, "Omega", "Alpha", constraints=NORTH)
    assert back.countries == there.countries[::-1]
    assert [leg.countries for leg in back.legs] == [leg.countries[::-1] for leg in there.legs[::-1]]
    assert back.border_crossings == there.border_crossings
    assert back.cost_usd == there.cost_usd
    assert back.duration_h_mean == pytest.approx(there.duration_h_mean)


@pytest.fixture(scope="module")
def merged_stops() -> Network:
    """Stops where one node does two things, with links stored in both directions along the way.

    KZ-BOR is a border station (pass dwell and fee) that also changes gauge; KZ-POR has a terminal
    dwell and transships rail to sea. R2 and R3 are stored against the westward direction of travel.
    """
    return small_network(
        [
            node("CN-ANT", "CN"),
            node("KZ-BOR", "KZ", kind="border", passing=(2, 4, 6, 10), transfer=(10, 12, 14, 50)),
            node("KZ-POR", "KZ", kind="seaport", passing=(1, 2, 3, 5), transfer=(20, 24, 28, 100)),
            node("AZ-POR", "AZ", kind="seaport", transfer=(20, 24, 28, 100)),
            node("GE-END", "GE"),
        ],
        [
            link("R1", "CN-ANT", "KZ-BOR", "CN|KZ", 20),
            link("R2", "KZ-POR", "KZ-BOR", "KZ", 30, gauge_mm=1520),
            link("S1", "KZ-POR", "AZ-POR", "KZ|AZ", 18, mode="sea"),
            link("R3", "GE-END", "AZ-POR", "GE|AZ", 12, gauge_mm=1520),
        ],
        [service("F1", "S1", 7)],
    )


@pytest.mark.parametrize(
    ("origin", "destination", "stops"),
    [
        (
            "CN-ANT",
            "GE-END",
            [("KZ-BOR", "gauge_change"), ("KZ-POR", "transshipment"), ("AZ-POR", "transshipment")],
        ),
        (
            "GE-END",
            "CN-ANT",
            [("AZ-POR", "transshipment"), ("KZ-POR", "transshipment"), ("KZ-BOR", "gauge_change")],
        ),
    ],
)
def test_a_stop_of_two_kinds_counts_as_the_weightier(
    merged_stops: Network, origin: str, destination: str, stops: list[tuple[str, str]]
) -> None:
    """A border that also changes gauge is a gauge change; a terminal that transships is a transshipment:
    three transshipments either way, each stop once, charging both its activities."""
    chain = _only(merged_stops, origin, destination, cargo=Cargo.parse("1x40"))
    assert [(h.node_id, h.kind) for h in chain.hubs] == stops
    assert chain.transshipments == 3
    assert chain.border_crossings == 3  # CN-KZ, KZ-AZ (by sea), AZ-GE
    assert chain.countries == (("CN", "KZ", "AZ", "GE") if origin == "CN-ANT" else ("GE", "AZ", "KZ", "CN"))
    for hub in chain.hubs:
        station = merged_stops.nodes[hub.node]
        assert station.transfer is not None
        fees = station.pass_cost_usd_per_teu + station.transfer.cost_usd_per_teu
        assert hub.cost_usd == 2 * fees  # one 40' box is 2 TEU
    assert all(
        not isinstance(a, Hub) or not isinstance(b, Hub) for a, b in itertools.pairwise(chain.elements)
    )


def test_a_route_of_fixed_durations_has_its_time_as_p50_and_p90() -> None:
    """Two links of exactly 10 h: nothing is uncertain, so P50 = P90 = 20 h (not 20.25 h and 20.35 h)."""
    network = small_network(
        [node("CN-ANT", "CN"), node("KZ-MID", "KZ"), node("KZ-END", "KZ")],
        [link("A", "CN-ANT", "KZ-MID", "CN|KZ", 10), link("B", "KZ-END", "KZ-MID", "KZ", 10)],
    )
    option = route(network, "CN-ANT", "KZ-END").options[0]
    assert (option.duration_h_p50, option.duration_h_p90) == (20.0, 20.0)
    assert option.summary()["duration_days_p90"] == round(20 / 24, 2)
