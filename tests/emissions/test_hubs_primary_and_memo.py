"""Hub emissions of each kind, measured (primary) energy, carrier intensities per TEU-km, and reuse.

Oracles are hand calculations from the published figures in the bundled factor set: diesel
3.17 kg CO2e TTW and 4.13 kg WTW per kg (GLEC Framework v3, fuel table), Kazakhstan's grid at
802 g CO2e/kWh, GLEC's transshipment hub default of 0.6 kg CO2e per tonne (GLEC v3 Module 2
Table 3 p.87), and GLEC's electric container train at 0.024 kWh per tonne-km.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from corridor.chain import chain_from_document
from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.results import ElementEmissions
from corridor.errors import ChainInputError, FactorLookupError

FACTORS = bundled_factors()
CARGO: dict[str, Any] = {"mass_t": 20, "containers": [{"type": "40", "count": 1}]}
DIESEL_TTW, DIESEL_WTW, KZ_GRID = 3.17, 4.13, 802.0


def _one(element: dict[str, Any], cargo: dict[str, Any] | None = None) -> ElementEmissions:
    doc = chain_from_dict({"cargo": cargo or CARGO, "elements": [element]})
    return chain_emissions(doc, FACTORS).elements[0]


def test_the_published_figures_the_oracles_use() -> None:
    diesel = FACTORS.fuel("diesel", where="test")
    assert (diesel.ttw_kg_per_kg, diesel.wtw_kg_per_kg) == (DIESEL_TTW, DIESEL_WTW)
    assert FACTORS.grid_g_per_kwh("KZ", where="test") == KZ_GRID
    assert FACTORS.hoc("transshipment", where="test").wtw_kg == 0.6
    assert FACTORS.tocs["rail-container-electric"].kwh_per_unit == 0.024


def test_a_hub_with_measured_fuel_and_electricity() -> None:
    hub = _one(
        {
            "type": "hub",
            "node_id": "KZAKX",
            "primary": {
                "fuels": [{"fuel": "diesel", "kg": 30}],
                "electricity_kwh": 100,
                "grid_country": "KZ",
            },
        }
    )
    ttw = 30 * DIESEL_TTW  # 95.1 kg burnt on site
    wtt = 30 * (DIESEL_WTW - DIESEL_TTW) + 100 * KZ_GRID / 1000  # 28.8 kg upstream + 80.2 kg grid
    assert (hub.wtt_kg, hub.ttw_kg, hub.wtw_kg) == pytest.approx((wtt, ttw, wtt + ttw))
    assert (hub.electricity_kwh, hub.electricity_kg) == pytest.approx((100, 80.2))
    assert (hub.activity, hub.activity_unit, hub.data_category) == (20, "t", "primary")
    assert hub.notes == ("30.0 kg diesel", "100 kWh at 802 g/kWh")
    assert hub.to_dict()["electricity_kwh"] == 100


def test_a_hub_without_handling_emits_nothing_and_says_why() -> None:
    assert _one({"type": "hub", "node_id": "KZDOS"}).to_dict() == {
        "index": 0,
        "type": "hub",
        "mode": None,
        "category": "none",
        "node_id": "KZDOS",
        "activity": 0.0,
        "activity_unit": "-",
        "distance_km": 0.0,
        "intensity_wtw_g_per_unit": None,
        "wtt_kg": 0.0,
        "ttw_kg": 0.0,
        "wtw_kg": 0.0,
        "data_category": "not applicable",
        "energy_carriers": [],
        "electricity_kwh": 0.0,
        "fuels_kg": {},
        "energy_mj": None,
        "energy_mj_per_unit": None,
        "operation": None,
        "allocation_share": None,
        "load_factor_included": None,
        "empty_running_included": None,
        "notes": ["no handling: border formalities or dwell only"],
    }


def test_a_hub_default_is_one_wtw_figure_per_tonne() -> None:
    hub = _one({"type": "hub", "node_id": "KZAKX", "hoc": "transshipment"}).to_dict()
    assert hub["wtw_kg"] == pytest.approx(20 * 0.6)  # 20 t x 0.6 kg/t
    assert (hub["category"], hub["activity"], hub["activity_unit"]) == ("transshipment", 20, "t")
    assert (hub["wtt_kg"], hub["ttw_kg"], hub["data_category"]) == (None, None, "default")
    assert hub["energy_carriers"] == []


def test_a_carrier_intensity_per_teu_km_is_applied_to_teu() -> None:
    # ten 20-foot boxes (10 TEU, 100 t) over 1,000 km at 20 g WTW and 15 g TTW per TEU-km
    leg = _one(
        {
            "type": "leg",
            "mode": "sea",
            "distance_km": 1000,
            "intensity": {"wtw_g": 20, "ttw_g": 15, "unit": "TEUkm"},
        },
        {"mass_t": 100, "containers": [{"type": "20", "count": 10}]},
    )
    assert (leg.activity, leg.activity_unit) == (10_000, "TEUkm")
    assert (leg.wtw_kg, leg.ttw_kg, leg.wtt_kg) == pytest.approx((200, 150, 50))


def test_a_leg_on_a_modelled_category_is_modelled() -> None:
    # GLEC's electric train figure is modelled from kWh per tonne-km and the grid, not measured
    leg = _one(
        {
            "type": "leg",
            "mode": "rail",
            "distance_km": 1000,
            "toc": "rail-container-electric",
            "countries": ["KZ"],
        }
    )
    assert leg.data_category == "modelled"
    assert leg.wtt_kg == pytest.approx(20 * 1000 * 0.024 * KZ_GRID / 1000)  # 385 kg from the grid
    assert (leg.ttw_kg, leg.electricity_kwh) == pytest.approx((0.0, 480.0))
    mixed = _one(
        {"type": "leg", "mode": "rail", "distance_km": 1000, "electric_share": 0.5, "countries": ["KZ"]}
    )
    assert mixed.data_category == "modelled"  # half of it is
    diesel = _one(
        {"type": "leg", "mode": "rail", "distance_km": 1000, "electric_share": 0, "countries": ["KZ"]}
    )
    assert diesel.data_category == "default"


def test_an_unknown_grid_country_in_measured_data_names_the_element() -> None:
    with pytest.raises(FactorLookupError) as err:
        _one({"type": "hub", "node_id": "KZAKX", "primary": {"electricity_kwh": 10, "grid_country": "XK"}})
    assert str(err.value).startswith("elements[0]: no grid factor for country 'XK'")


def test_a_chain_without_cargo_is_refused_naming_cargo() -> None:
    doc = chain_from_dict({"cargo": CARGO, "elements": [{"type": "hub", "node_id": "KZDOS"}]})
    empty = replace(chain_from_document(doc), cargo=None)
    with pytest.raises(ChainInputError) as err:
        chain_emissions(empty, FACTORS)
    assert (str(err.value), err.value.field) == ("cargo: the chain carries no cargo", "cargo")


def test_a_memo_reuses_figures_and_keeps_each_elements_place() -> None:
    hub = {"type": "hub", "node_id": "KZAKX", "hoc": "transshipment"}
    leg = {"type": "leg", "mode": "rail", "distance_km": 100, "electric_share": 1, "countries": ["KZ"]}
    doc = chain_from_dict({"cargo": CARGO, "elements": [hub, leg, hub, leg]})
    plain = chain_emissions(doc, FACTORS)
    memo: dict[Any, ElementEmissions] = {}
    reused = chain_emissions(doc, FACTORS, memo=memo)
    computed = [key for key in memo if not isinstance(key, tuple)]
    assert len(computed) == 2  # the repeated hub and leg are computed once
    placed = [key for key in memo if isinstance(key, tuple) and not isinstance(key[1], int)]
    assert len(placed) == 4  # and kept at each of their places
    assert [e.index for e in reused.elements] == [0, 1, 2, 3]
    assert reused.elements == plain.elements
    assert chain_emissions(doc, FACTORS, memo=memo).elements == plain.elements


def test_a_chain_without_tonne_km_has_no_intensity() -> None:
    doc = chain_from_dict(
        {"cargo": CARGO, "elements": [{"type": "hub", "node_id": "KZAKX", "hoc": "transshipment"}]}
    )
    totals = chain_emissions(doc, FACTORS).to_dict()["totals"]
    assert totals["tkm"] == 0
    assert totals["intensity_wtw_g_per_tkm"] is None


def test_a_leg_on_measured_electricity_reports_the_grid_emissions() -> None:
    leg = _one(
        {
            "type": "leg",
            "mode": "rail",
            "distance_km": 100,
            "primary": {"electricity_kwh": 50, "grid_country": "KZ"},
        }
    )
    assert (leg.electricity_kwh, leg.electricity_kg) == pytest.approx((50, 50 * KZ_GRID / 1000))  # 40.1 kg
    assert (leg.wtt_kg, leg.ttw_kg) == pytest.approx((40.1, 0.0))


@pytest.mark.parametrize("missing", ["rail-container-diesel", "rail-container-electric"])
def test_a_factor_set_without_a_rail_category_names_the_element(missing: str) -> None:
    # a revised factor set may lack a category: the message says which element needed it
    factors = replace(FACTORS, tocs={k: v for k, v in FACTORS.tocs.items() if k != missing})
    doc = chain_from_dict(
        {
            "cargo": CARGO,
            "elements": [
                {
                    "type": "leg",
                    "mode": "rail",
                    "distance_km": 100,
                    "electric_share": 0.5,
                    "countries": ["KZ"],
                }
            ],
        }
    )
    with pytest.raises(FactorLookupError) as err:
        chain_emissions(doc, factors)
    assert str(err.value).startswith(f"elements[0]: unknown transport operation category {missing!r}")
