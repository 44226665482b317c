"""Avoiding a country avoids the links through it even where no node of it is on the network; a node
that refuses a dangerous-goods class is not passed with that class.

Oracles: networks drawn by hand (a direct railway CN-A -> DE-D through Kazakhstan without a station
there, 10 h, against 50 h by Turkiye) and the tiny test network with a dangerous-goods rule added
(Northton refuses class 3: the cargo then goes by sea, Porto -> Harbour).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.network import Network, network_from_csv
from corridor.routing import Cargo, Constraints, route

from .networks import link, node, small_network


def _transit_through_kazakhstan() -> Network:
    return small_network(
        [node("CN-A", "CN"), node("TR-T", "TR"), node("DE-D", "DE")],
        [
            link("DIRECT", "CN-A", "DE-D", "CN|KZ|DE", 10),
            link("CT", "CN-A", "TR-T", "CN|TR", 25),
            link("TD", "TR-T", "DE-D", "TR|DE", 25),
        ],
    )


def test_avoiding_a_country_crossed_without_a_station_takes_the_longer_way() -> None:
    network = _transit_through_kazakhstan()
    assert route(network, "CN-A", "DE-D", criteria=("time",)).options[0].chain.countries == ("CN", "KZ", "DE")
    option = route(
        network,
        "CN-A",
        "DE-D",
        criteria=("time",),
        constraints=Constraints(avoid_countries=frozenset({"KZ"})),
    ).options[0]
    assert option.chain.countries == ("CN", "TR", "DE")
    assert option.chain.duration_h_mean == 50.0


def test_avoiding_a_country_with_a_station_but_not_on_the_way_changes_nothing() -> None:
    network = _transit_through_kazakhstan()
    option = route(
        network,
        "CN-A",
        "DE-D",
        criteria=("time",),
        constraints=Constraints(avoid_countries=frozenset({"TR"})),
    ).options[0]
    assert (option.chain.countries, option.chain.duration_h_mean) == (("CN", "KZ", "DE"), 10.0)


@pytest.fixture
def northton_refuses_class_3(tiny_copy: Path) -> Network:
    (tiny_copy / "dg_rules.csv").write_text(
        "rule_id,applies_to,target_id,dg_classes,verdict,source_ids,note\n"
        "DG-NORTH-3,node,RU-NORTH,3,refused,fixture,made up for the test\n",
        encoding="utf-8",
    )
    with (tiny_copy / "network.toml").open("a", encoding="utf-8") as f:
        f.write('dg_rules = "dg_rules.csv"\n')
    return network_from_csv(tiny_copy)


def test_a_node_refusing_the_class_is_not_passed(northton_refuses_class_3: Network) -> None:
    network = northton_refuses_class_3
    plain = route(network, "Alpha", "Omega", criteria=("time",)).options[0]
    assert "RU-NORTH" in plain.chain.legs[-1].node_ids  # the quickest way is by Russia
    result = route(network, "Alpha", "Omega", cargo=Cargo.parse("1x40", dg_class=3), criteria=("time",))
    (best,) = result.options
    assert "RU" not in best.chain.countries
    assert "sea" in [leg.mode for leg in best.chain.legs]
    # other classes still pass
    other = route(
        network, "Alpha", "Omega", cargo=Cargo.parse("1x40", dg_class=8), criteria=("time",)
    ).options[0]
    assert other.chain.countries == plain.chain.countries
