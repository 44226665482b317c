"""A planned chain reads as a shipper expects: one hub per place, each with all it does there."""

from __future__ import annotations

import itertools
from pathlib import Path

from corridor.chain import Hub, Leg
from corridor.network import bundled_network, network_from_csv
from corridor.routing import Cargo, Constraints, route
from corridor.routing.plan import chain_to_dict


def test_a_place_is_one_hub_with_every_activity_there() -> None:
    network = bundled_network()
    result = route(network, "Xi'an", "Duisburg", constraints=Constraints(avoid_countries=frozenset({"RU"})))
    for option in result.options:
        elements = option.chain.elements
        assert isinstance(elements[0], Leg)
        assert isinstance(elements[-1], Leg)
        for a, b in itertools.pairwise(elements):
            assert not (isinstance(a, Hub) and isinstance(b, Hub)), (a, b)
    altynkol = next(
        e for e in result.options[0].chain.elements if isinstance(e, Hub) and e.node_id == "KZ-ALTYNKOL"
    )
    # the border crossing and the gauge change at Altynkol are one stop, ranked by its biggest job
    assert altynkol.kind == "gauge_change"
    assert altynkol.activities == ("border", "gauge_change:rail/1435->rail/1520")
    assert altynkol.country == "KZ"
    assert altynkol.hoc == "transshipment"  # the gauge change's hub operation category (emissions)
    # the border's dwell, the congestion disruption (waits once per visit) and the gauge change's dwell
    assert len(altynkol.duration_h) == 3


def test_a_toll_without_a_dwell_adds_cost_and_no_time(tiny_copy: Path) -> None:
    nodes = tiny_copy / "nodes.csv"
    text = nodes.read_text(encoding="utf-8")
    toll = text.replace(
        "GE-MID,Midway,,,GE,41.7,44.8,city,,,,,,,,,,fixture,",
        "GE-MID,Midway,,,GE,41.7,44.8,city,,,,,,,,,5,fixture,",
    )
    assert toll != text
    nodes.write_text(toll, encoding="utf-8")
    network = network_from_csv(tiny_copy)
    option = route(
        network, "Alpha", "Omega", constraints=Constraints(avoid_countries=frozenset({"RU"}))
    ).options[0]
    (midway,) = [e for e in option.chain.elements if isinstance(e, Hub) and e.node_id == "GE-MID"]
    assert midway.cost_usd == 5 * Cargo().teu
    assert midway.duration_h == ()


def test_the_chain_document_leaves_out_what_was_not_given() -> None:
    network = bundled_network()
    option = route(network, "Xi'an", "Duisburg").options[0]
    assert chain_to_dict(option.chain, Cargo.parse("1x40"))["cargo"] == {
        "containers": [{"type": "40", "count": 1}]
    }
    with_mass = chain_to_dict(option.chain, Cargo.parse("1x40", mass_t=20))["cargo"]
    assert with_mass == {"containers": [{"type": "40", "count": 1}], "mass_t": 20}
