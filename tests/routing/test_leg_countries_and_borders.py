"""A leg's countries open and close with the countries of its ends even where a link's own list
leaves one out; a border station is a border stop even between links of one country each.

Oracle: a network drawn by hand, CN-A -> KZ-B (a border station, 2 h) -> DE-D, whose two links
each list only Kazakhstan (a user network may): the cargo crosses two borders, CN-KZ and KZ-DE.
"""

from __future__ import annotations

from corridor.chain import Hub
from corridor.network import Network
from corridor.routing import route

from .networks import link, node, service, small_network


def _border_between_short_lists() -> Network:
    return small_network(
        [node("CN-A", "CN"), node("KZ-B", "KZ", kind="border", passing=(2, 2, 2, 0)), node("DE-D", "DE")],
        [link("AB", "CN-A", "KZ-B", "KZ", 10), link("BD", "KZ-B", "DE-D", "KZ", 10)],
    )


def test_each_leg_names_the_countries_of_its_ends() -> None:
    chain = route(_border_between_short_lists(), "CN-A", "DE-D").options[0].chain
    assert [leg.countries for leg in chain.legs] == [("CN", "KZ"), ("KZ", "DE")]
    assert chain.countries == ("CN", "KZ", "DE")
    assert chain.border_crossings == 2


def test_a_border_station_is_a_border_stop() -> None:
    chain = route(_border_between_short_lists(), "CN-A", "DE-D").options[0].chain
    (stop,) = [e for e in chain.elements if isinstance(e, Hub)]
    assert (stop.node_id, stop.kind, stop.activities) == ("KZ-B", "border", ("border",))
    assert chain.duration_h_mean == 22.0  # 10 + 2 + 10


def test_a_stop_and_a_gauge_change_at_one_node_make_one_gauge_change_hub() -> None:
    # KZ-G: a 1 h stop on arrival, then the gauge change (2 h, 10 USD per TEU): the more handling wins
    network = small_network(
        [
            node("KZ-A", "KZ"),
            node("KZ-G", "KZ", kind="gauge_change", passing=(1, 1, 1, 0), transfer=(2, 2, 2, 10)),
            node("KZ-D", "KZ"),
        ],
        [link("AG", "KZ-A", "KZ-G", "KZ", 10), link("GD", "KZ-G", "KZ-D", "KZ", 10, gauge_mm=1520)],
    )
    chain = route(network, "KZ-A", "KZ-D").options[0].chain
    (hub,) = chain.hubs
    assert (hub.node_id, hub.kind) == ("KZ-G", "gauge_change")
    assert hub.activities == ("terminal", "gauge_change:rail/1435->rail/1520")
    assert hub.cost_usd == 20.0  # 10 USD per TEU x 2 TEU
    assert (chain.transshipments, chain.duration_h_mean) == (1, 23.0)


def test_stops_at_the_ends_of_a_cross_border_link_are_border_stops() -> None:
    # CN-A -(CN|KZ)- KZ-B -(KZ)- KZ-D, a stop at each: the first link crosses the border, the second does not
    network = small_network(
        [
            node("CN-A", "CN", passing=(1, 1, 1, 0)),
            node("KZ-B", "KZ", passing=(2, 2, 2, 0)),
            node("KZ-D", "KZ", passing=(3, 3, 3, 0)),
        ],
        [link("AB", "CN-A", "KZ-B", "CN|KZ", 10), link("BD", "KZ-B", "KZ-D", "KZ", 10)],
    )
    chain = route(network, "CN-A", "KZ-D").options[0].chain
    assert [(h.node_id, h.kind) for h in chain.hubs] == [
        ("CN-A", "border"),
        ("KZ-B", "border"),
        ("KZ-D", "terminal"),
    ]
    assert chain.border_crossings == 1


def test_a_ferry_through_another_country_s_waters_crosses_one_border() -> None:
    # a Caspian ferry from Kazakhstan to Azerbaijan through Turkmen waters: port to port, one crossing
    network = small_network(
        [node("KZ-P", "KZ", kind="ferry_port"), node("AZ-Q", "AZ", kind="ferry_port")],
        [link("F", "KZ-P", "AZ-Q", "KZ|TM|AZ", 20, mode="ferry")],
        [service("S", "F", 2)],
    )
    chain = route(network, "KZ-P", "AZ-Q").options[0].chain
    assert chain.legs[0].countries == ("KZ", "TM", "AZ")  # the waters it sails through, for the rules
    assert chain.border_crossings == 1
