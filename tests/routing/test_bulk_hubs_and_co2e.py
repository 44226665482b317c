"""Bulk cargo at a hub pays the hub's bulk tariff per tonne and waits its bulk dwell; bulk is
routed by CO2e over the links that carry it.

Oracles: the bundled bulk-transfer table (the Aktau grain terminal's transloading and Akhalkalaki's
bogie exchange, US$13.25 a tonne each, with their own dwell triangles) rather than the nodes'
container tariffs per TEU; GLEC v3 intensities per tonne-km for the links bulk can use.
"""

from __future__ import annotations

import pytest

from corridor import bundled_network
from corridor.chain import Hub
from corridor.routing import RouteQuery, describe_chain, route_query

NETWORK = bundled_network()
MASS_T = 3000.0


def _hubs(criterion: str) -> dict[str, Hub]:
    query = RouteQuery.build(
        "KZ-ASTANA", "TR-ERZURUM", commodity="wheat", mass_t=MASS_T, criteria=[criterion]
    )
    option = route_query(NETWORK, query).options[0]
    return {h.node_id: h for h in option.chain.hubs if h.node_id is not None}


def test_grain_pays_each_hub_s_bulk_tariff_per_tonne_and_waits_its_bulk_dwell() -> None:
    hubs = _hubs("cost")
    for node_id, activity in (
        ("KZAAU", "transshipment:rail/1520->bulk_carrier"),
        ("GE-AKHALKALAKI", "gauge_change:rail/1520->rail/1435"),
    ):
        row = NETWORK.bulk_transfers[node_id]
        assert row.cost_usd_per_t == 13.25
        hub = hubs[node_id]
        assert activity in hub.activities
        assert hub.cost_usd == pytest.approx(MASS_T * row.cost_usd_per_t)  # 39,750 USD
        assert row.dwell_h in hub.duration_h
    # the bogie exchange takes its dwell alone: no wait for a train of the other gauge is added
    assert hubs["GE-AKHALKALAKI"].duration_h == (NETWORK.bulk_transfers["GE-AKHALKALAKI"].dwell_h,)


def test_grain_is_routed_by_co2e_over_the_links_that_carry_it() -> None:
    query = RouteQuery.build("KZ-ASTANA", "TR-ERZURUM", commodity="wheat", mass_t=MASS_T, criteria=["co2e"])
    (option,) = route_query(NETWORK, query).options
    assert option.emissions is not None
    assert option.values["co2e"] == pytest.approx(option.emissions.wtw_kg)
    assert all(leg.mode in ("rail", "bulk_carrier") for leg in option.chain.legs)


def test_a_grain_route_reads_with_its_bulk_carrier_named_in_words() -> None:
    query = RouteQuery.build("KZ-ASTANA", "TR-ERZURUM", commodity="wheat", mass_t=MASS_T, criteria=["cost"])
    option = route_query(NETWORK, query).options[0]
    assert describe_chain(NETWORK, option.chain) == (
        "Astana → Aktau (transshipment) → bulk carrier → Alat (transshipment)"
        " → Akhalkalaki (gauge change) → Erzurum"
    )
