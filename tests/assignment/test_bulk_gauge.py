"""Tank cars and hoppers across the 1520/1435 mm boundary; stranded crude priced at its value.

Figures are the sources' (recorded in bulk_transfers.csv and bulk.csv):
the Alashankou transloading lines, 500,000 t of oil and 2.5 Mt of other
commodities a year (China Daily, 2010); a transfer charge of US$13.25/t (the
Aktau grain terminal's US$13-13.5/t, Grain Union 2022); crude worth US$586/t
(2024 Brent, US$80/bbl x 7.33 bbl/t).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from corridor import bundled_network
from corridor.assignment.bulk import T_PER_TEU_SLOT, BulkDemandRow, assign_bulk, unserved_usd_per_t
from corridor.chain import Hub, TransportChain
from corridor.errors import NoRouteError
from corridor.routing import RouteQuery, route_query
from corridor.simulation.edits import apply_edits
from corridor.simulation.scenario import Edit

CPC = "L-KZ-TENGIZ-RU-NOVOROSSIYSK-CPC-PIPELINE"
AKTAU_TANKER = "L-KZAAU-AZ-SANGACHAL-TANKER"
ALASHANKOU_T_PER_YEAR = 500_000 + 2_500_000
TRANSFER_USD_PER_T = 13.25
CRUDE_USD_PER_T = 80 * 7.33


def _route(origin: str, destination: str, commodity: str, mass_t: float, network=None):  # type: ignore[no-untyped-def]
    query = RouteQuery.build(origin, destination, commodity=commodity, mass_t=mass_t)
    return route_query(network or bundled_network(), query).options


def _gauge_hubs(chain: TransportChain) -> list[Hub]:
    return [h for h in chain.hubs if h.kind == "gauge_change"]


def test_crude_by_tank_car_to_china_is_transloaded_at_the_border() -> None:
    network = bundled_network()
    (option, *_) = _route("KZ-TENGIZ", "CNURC", "crude-oil", 5000)
    (hub,) = _gauge_hubs(option.chain)
    assert hub.node_id == "KZ-DOSTYK"
    assert hub.cost_usd == pytest.approx(5000 * TRANSFER_USD_PER_T)
    # 4 h 15 min to 9 h processing at Dostyk (2016), 48 h the congested bound (beside the border's
    # pass dwell and congestion, which the hub also carries)
    assert any(d.mean == pytest.approx((4.25 + 9 + 48) / 3) for d in hub.duration_h)
    # oracle: the chain's cost is the tariffs of the links it rides plus the transloading
    links = [link for leg in option.chain.legs for link in leg.link_ids]
    tariffs = sum(network.bulk[link].tariff_for("liquid_bulk") for link in links)
    assert option.chain.cost_usd == pytest.approx(5000 * (tariffs + TRANSFER_USD_PER_T))
    gauges = {leg.gauge_mm for leg in option.chain.legs}
    assert gauges == {1520, 1435}


@pytest.mark.slow  # builds a second routing graph (about 3 s)
def test_a_gauge_change_without_a_bulk_transfer_does_not_take_bulk_across() -> None:
    bundled = bundled_network()
    without = replace(
        bundled, bulk_transfers={k: v for k, v in bundled.bulk_transfers.items() if k != "KZ-DOSTYK"}
    )
    # Altynkol takes grain only (KTZ 2019 names grain wagons there, no tank cars): crude has no way over
    with pytest.raises(NoRouteError):
        _route("KZ-TENGIZ", "CNURC", "crude-oil", 5000, without)
    (option, *_) = _route("KZ-ASTANA", "CNURC", "wheat", 5000, without)
    assert [h.node_id for h in _gauge_hubs(option.chain)] == ["KZ-ALTYNKOL"]


def test_wheat_finds_hopper_routes_to_china_and_to_aktau() -> None:
    (to_china, *_) = _route("KZ-ASTANA", "CNURC", "wheat", 3000)
    assert _gauge_hubs(to_china.chain)
    # KTZ's grain tariff (about US$12 per tonne for 2,100 km) is cheaper than the tank cars' US$0.03/tkm
    (crude, *_) = _route("KZ-ASTANA", "CNURC", "crude-oil", 3000)
    assert to_china.chain.cost_usd < crude.chain.cost_usd
    (to_aktau, *_) = _route("KZ-ASTANA", "KZAAU", "wheat", 3000)
    assert to_aktau.chain.end == "KZAAU"


def test_tank_cars_to_turkiye_have_their_bogies_exchanged_at_akhalkalaki() -> None:
    network = bundled_network()
    assert network.bulk_transfers["GE-AKHALKALAKI"].method == "bogie_exchange"
    (option, *_) = _route("AZBAK", "TR-ERZURUM", "crude-oil", 3000)
    assert [h.node_id for h in _gauge_hubs(option.chain)] == ["GE-AKHALKALAKI"]


def test_the_transloading_capacity_at_the_border_binds_bulk_flows() -> None:
    demand = [BulkDemandRow("KZ-TENGIZ", "CNURC", "crude-oil", 5_000_000)]
    flows = assign_bulk(bundled_network(), demand)
    assert flows.totals["served_t_per_year"] == pytest.approx(ALASHANKOU_T_PER_YEAR)
    (hub,) = [e for e in flows.elements if e.key == "bulkhub:KZ-DOSTYK"]
    assert hub.load_t_per_year == pytest.approx(ALASHANKOU_T_PER_YEAR)
    assert "transloading" in hub.name


def test_stranded_crude_costs_its_value_so_shadow_prices_stay_below_it() -> None:
    """The cpc-disruption case: the Aktau lane's shadow price is crude's value less its route cost."""
    assert unserved_usd_per_t("crude-oil") == pytest.approx(CRUDE_USD_PER_T, abs=0.5)
    network = apply_edits(
        bundled_network(), [Edit(target="bulk", id=CPC, field="capacity_t_per_year", value=36_250_000)], []
    )
    flows = assign_bulk(network, [BulkDemandRow("KZ-TENGIZ", "ITTRS", "crude-oil", 64_192_000)])
    assert flows.totals["unserved_t_per_year"] > 1e6
    assert flows.totals["unserved_value_usd_per_year"] == pytest.approx(
        flows.totals["unserved_t_per_year"] * unserved_usd_per_t("crude-oil")
    )
    lane = next(e for e in flows.elements if e.link_id == AKTAU_TANKER)
    used = [o for o in flows.options if o.t_per_year > 1 and "Aktau" in o.route]
    cheapest_aktau = min(o.price_usd_per_t for o in used)
    # the LP dual: a tonne more on the lane moves one stranded tonne (saving its value) at the route's cost
    assert 0 < lane.shadow_price_usd_per_t <= CRUDE_USD_PER_T
    assert lane.shadow_price_usd_per_t == pytest.approx(
        unserved_usd_per_t("crude-oil") - cheapest_aktau, rel=0.05
    )
    for element in flows.elements:
        assert element.shadow_price_usd_per_t <= unserved_usd_per_t("crude-oil") + 1e-6


def test_a_commodity_without_a_value_is_stranded_at_the_stated_penalty() -> None:
    from corridor.assignment.bulk import UNSERVED_USD_PER_T

    assert unserved_usd_per_t("rare-earth-concentrate") == UNSERVED_USD_PER_T
    # wheat has a value: Kazakhstan's export unit value, US$876.7 M for 3.3 Mt (Jan-May 2023)
    assert unserved_usd_per_t("wheat") == pytest.approx(876.7e6 / 3.3e6, abs=1)


def test_compare_shows_the_crude_a_cpc_disruption_strands() -> None:
    from corridor.assignment.output import compare_bulk

    crude = [BulkDemandRow("KZ-TENGIZ", "ITTRS", "crude-oil", 64_192_000)]
    base = assign_bulk(bundled_network(), crude).summary()
    halved = apply_edits(
        bundled_network(), [Edit(target="bulk", id=CPC, field="capacity_t_per_year", value=36_250_000)], []
    )
    disrupted = assign_bulk(halved, crude).summary()
    change = compare_bulk(base, disrupted)
    assert change is not None
    stranded = change["totals"]["unserved_t_per_year"]
    # oracle by hand: 64.192 Mt less the half CPC (36.25 Mt), Aktau's 7 Mt of oil capacity and the
    # rail ferries' decks of tank cars (Kuryk 3 x 92, Aktau 2 x 54 TEU a week, 72 % usable, 40.2 t/TEU)
    decks = (3 * 92 + 2 * 54) * 0.72 * 52 * T_PER_TEU_SLOT
    assert stranded["a"] == pytest.approx(0, abs=1)
    assert stranded["b"] == pytest.approx(64_192_000 - 36_250_000 - 7_000_000 - decks)
    assert change["totals"]["unserved_value_usd_per_year"]["change"] == pytest.approx(
        stranded["b"] * unserved_usd_per_t("crude-oil")
    )
    assert not change["full"]["a"]
    assert any("Aktau" in e["name"] for e in change["full"]["b"])
    assert compare_bulk(None, None) is None


def test_crude_is_not_counted_against_the_aktau_grain_terminal() -> None:
    # Aktau's bulk transfer row is for dry bulk (the grain terminal): crude there uses the oil berths.
    flows = assign_bulk(
        bundled_network(), [BulkDemandRow("KZ-TENGIZ", "ITTRS", "crude-oil", 64_192_000)], closed=["RU"]
    )
    decks = (3 * 92 + 2 * 54) * 0.72 * 52 * T_PER_TEU_SLOT  # and the rail ferries' decks of tank cars
    assert flows.totals["served_t_per_year"] == pytest.approx(7_000_000 + decks)
    assert all(e.key != "bulkhub:KZAAU" for e in flows.elements)
