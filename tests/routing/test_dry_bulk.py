"""Grain in bulk: hopper wagons to the Aktau grain terminal, Caspian bulk carriers to Iran and Baku.

Figures from the sources recorded in the data: Aktau's grain terminal loads
50,000 t a month, 600,000 t a year (AJOT); Baku's handles 750,000 t a year
(AJOT); Caspian grain freight US$36/t (SL Ship, 2020); GLEC v3.0 Table 12
bulk carrier 35,000-59,999 dwt on HFO, TTW 5.4 g/tkm, WTT by the HFO ratio
3.86/3.18 kg CO2e per kg fuel.
"""

from __future__ import annotations

import pytest

from corridor import bundled_network
from corridor.assignment.bulk import BulkDemandRow, assign_bulk
from corridor.errors import CorridorError
from corridor.routing import RouteQuery, route_query

NETWORK = bundled_network()
TO_IRAN = "L-KZAAU-IR-AMIRABAD-BULK"
GRAIN_FREIGHT_USD_PER_T = 36.0
BULK_CARRIER_WTW_G_PER_TKM = 5.4 * 3.86 / 3.18


def _best(origin: str, destination: str, commodity: str = "wheat", mass_t: float = 3000.0):  # type: ignore[no-untyped-def]
    query = RouteQuery.build(origin, destination, commodity=commodity, mass_t=mass_t, criteria=["cost"])
    return route_query(NETWORK, query).options[0]


@pytest.mark.slow
def test_wheat_crosses_the_caspian_to_iran_by_bulk_carrier() -> None:
    option = _best("KZ-ASTANA", "IR-AMIRABAD")
    (sea,) = [leg for leg in option.chain.legs if leg.mode == "bulk_carrier"]
    assert sea.link_ids == (TO_IRAN,)
    assert sea.cost_usd == pytest.approx(3000 * GRAIN_FREIGHT_USD_PER_T)
    (aktau,) = [h for h in option.chain.hubs if h.node_id == "KZAAU"]
    assert aktau.cost_usd == pytest.approx(3000 * 13.25)  # the Aktau grain terminal's US$13-13.5/t
    (leg_co2e,) = [e for e in option.emissions.elements if e.mode == "bulk_carrier"]
    km = NETWORK.links[TO_IRAN].distance_km
    assert leg_co2e.wtw_kg == pytest.approx(3000 * km * BULK_CARRIER_WTW_G_PER_TKM / 1000, rel=0.01)


def test_kazakh_grain_reaches_turkiye_by_baku_and_a_bogie_exchange() -> None:
    option = _best("KZ-ASTANA", "TR-ERZURUM")
    assert "bulk_carrier" in [leg.mode for leg in option.chain.legs]
    assert [h.node_id for h in option.chain.hubs if h.kind == "gauge_change"] == ["GE-AKHALKALAKI"]


@pytest.mark.slow
def test_containers_and_crude_never_board_a_bulk_carrier() -> None:
    query = RouteQuery.build("KZAAU", "IR-AMIRABAD", cargo="1x20")
    with pytest.raises(CorridorError):
        route_query(NETWORK, query)
    query = RouteQuery.build("KZAAU", "IR-AMIRABAD", commodity="crude-oil", mass_t=1000)
    with pytest.raises(CorridorError):
        route_query(NETWORK, query)


@pytest.mark.slow
def test_the_aktau_grain_terminal_binds_grain_flows_to_iran() -> None:
    flows = assign_bulk(NETWORK, [BulkDemandRow("KZ-ASTANA", "IR-AMIRABAD", "wheat", 1_000_000)])
    assert flows.totals["served_t_per_year"] == pytest.approx(600_000)
    (terminal,) = [e for e in flows.elements if e.key == "bulkhub:KZAAU"]
    assert terminal.load_t_per_year == pytest.approx(600_000)
