"""Electric rail over several grids, carriers' own electric factors, and gross tonne-km of several boxes.

Oracles: GLEC v3's electric container train at 0.024 kWh per tonne-km times the grid of the countries
crossed (their mean when a segment crosses two), and the gross mass a per-gross-tonne-km ferry factor
is applied to: cargo + container tares + wagon tares of all the boxes (GLEC3 p.95).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from corridor.cargo import CONTAINER_TYPES
from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.factors import FactorDataset
from corridor.emissions.results import ElementEmissions
from corridor.errors import ChainInputError, FactorLookupError

FACTORS = bundled_factors()
ELECTRIC = "rail-container-electric"


def _one(
    element: dict[str, Any], cargo: dict[str, Any] | None = None, factors: FactorDataset = FACTORS
) -> ElementEmissions:
    doc = chain_from_dict(
        {"cargo": cargo or {"mass_t": 20, "containers": [{"type": "40", "count": 1}]}, "elements": [element]}
    )
    return chain_emissions(doc, factors).elements[0]


def _with_electric(**changes: Any) -> FactorDataset:
    toc = replace(FACTORS.tocs[ELECTRIC], **changes)
    return replace(FACTORS, tocs={**FACTORS.tocs, ELECTRIC: toc})


def test_an_electric_leg_across_two_grids_takes_their_mean_and_names_both() -> None:
    leg = _one(
        {"type": "leg", "mode": "rail", "distance_km": 500, "electric_share": 1, "countries": ["KZ", "RU"]}
    )
    grid = (FACTORS.grid_g_per_kwh("KZ", where="t") + FACTORS.grid_g_per_kwh("RU", where="t")) / 2
    kwh = 20 * 500 * 0.024
    assert leg.electricity_kwh == pytest.approx(kwh)
    assert leg.wtw_kg == pytest.approx(kwh * grid / 1000)
    assert leg.electricity_kg == pytest.approx(kwh * grid / 1000)  # the grid's share, for Scope 2 and iLEAP
    assert f"0.024 kWh/tkm x {grid:.0f} g/kWh (KZ/RU grid)" in leg.notes


def test_an_electric_leg_without_countries_names_the_element_and_the_category() -> None:
    with pytest.raises(ChainInputError, match=rf"^elements\[0\]: countries are needed .* for {ELECTRIC}$"):
        _one({"type": "leg", "mode": "rail", "distance_km": 500, "electric_share": 1, "countries": []})


def test_an_electric_leg_in_a_country_without_a_grid_factor_names_the_element() -> None:
    with pytest.raises(FactorLookupError, match=r"^elements\[0\]: no grid factor for country 'XX'"):
        _one({"type": "leg", "mode": "rail", "distance_km": 500, "electric_share": 1, "countries": ["XX"]})


def test_a_carriers_electric_factor_per_teu_km_counts_teu_km() -> None:
    """An electric train per TEU-km in a factor set: activity and kWh per TEU-km (1 x 40' = 2 TEU)."""
    factors = _with_electric(activity_unit="TEUkm", kwh_per_unit=0.3)
    leg = _one(
        {"type": "leg", "mode": "rail", "distance_km": 500, "electric_share": 1, "countries": ["KZ"]},
        factors=factors,
    )
    assert (leg.activity, leg.activity_unit) == pytest.approx((2 * 500, "TEUkm"))
    assert leg.electricity_kwh == pytest.approx(2 * 500 * 0.3)


def test_the_electric_factors_load_factor_is_reported_with_the_leg() -> None:
    """GLEC asks for the load factor behind a default; a factor set that states one shows it on the leg."""
    factors = _with_electric(load_factor=0.6, empty_running=0.2)
    leg = _one(
        {"type": "leg", "mode": "rail", "distance_km": 500, "electric_share": 1, "countries": ["KZ"]},
        factors=factors,
    )
    assert (leg.load_factor, leg.empty_running) == (0.6, 0.2)
    assert leg.to_dict()["load_factor_included"] == 0.6


def test_a_ferry_per_gross_tonne_km_counts_every_box_with_its_tare_and_wagon() -> None:
    forty = CONTAINER_TYPES["40"]
    wagon = FACTORS.equipment["wagon-1520-flat"].tare_t
    cargo = {"mass_t": 40, "containers": [{"type": "40", "count": 2}]}
    leg = _one({"type": "leg", "mode": "ferry", "distance_km": 450, "countries": ["KZ", "AZ"]}, cargo=cargo)
    gross = 40 + 2 * forty.tare_t + 2 / forty.boxes_per_wagon * wagon
    assert leg.activity_unit == "gross tkm"
    assert leg.activity == pytest.approx(gross * 450)
    one = _one({"type": "leg", "mode": "ferry", "distance_km": 450, "countries": ["KZ", "AZ"]})
    assert leg.wtw_kg == pytest.approx(2 * one.wtw_kg)  # two boxes of 20 t emit twice one box of 20 t


def test_a_ferry_per_gross_tonne_km_without_container_types_says_what_to_give() -> None:
    with pytest.raises(ChainInputError) as info:
        _one(
            {"type": "leg", "mode": "ferry", "distance_km": 450, "countries": ["KZ", "AZ"]},
            cargo={"mass_t": 20},
        )
    assert str(info.value) == (
        "elements[0]: ferry-ropax-10-20k-gt-mdo is per gross tonne-km; give container types so the gross "
        "mass "
        "(cargo + container + wagon) can be reallocated to the cargo, or ferry_load.vehicle_tare_t"
    )
