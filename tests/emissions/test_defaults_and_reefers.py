"""GLEC defaults where the chain gives no detail, reefer factors for reefers, electricity by grid."""

from __future__ import annotations

from typing import Any

import pytest

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict


def _elements(container: str) -> list[dict[str, Any]]:
    chain = {
        "origin": "Aktau",
        "destination": "Dostyk",
        "cargo": {"containers": [{"type": container, "count": 1}], "mass_t": 20},
        "elements": [
            {"type": "leg", "mode": "sea", "distance_km": 1000},
            {"type": "hub", "hoc": "maritime-container-terminal"},
            {"type": "leg", "mode": "rail", "distance_km": 500, "electric_share": 0.5, "countries": ["KZ"]},
        ],
    }
    elements: list[dict[str, Any]] = chain_emissions(chain_from_dict(chain), bundled_factors()).to_dict()[
        "elements"
    ]
    return elements


def test_a_sea_leg_without_trade_lane_uses_the_glec_industry_average() -> None:
    sea = _elements("40")[0]
    assert (sea["category"], sea["activity_unit"]) == ("sea-container-industry-average", "TEUkm")
    assert sea["notes"] == ["trade lane not given: GLEC industry average"]
    toc = bundled_factors().tocs["sea-container-industry-average"]
    assert toc.wtt_g is not None
    assert toc.ttw_g is not None
    assert sea["wtw_kg"] == pytest.approx(2 * 1000 * (toc.wtt_g + toc.ttw_g) / 1000)  # a 40' box is 2 TEU


def test_a_reefer_at_a_terminal_takes_the_reefer_hub_factor() -> None:
    hoc = bundled_factors().hocs["maritime-container-terminal"]
    assert hoc.reefer_wtw_kg is not None
    assert _elements("40RF")[1]["wtw_kg"] == pytest.approx(hoc.reefer_wtw_kg)
    assert _elements("40")[1]["wtw_kg"] == pytest.approx(hoc.wtw_kg)
    assert hoc.reefer_wtw_kg > hoc.wtw_kg


def test_electric_traction_draws_kwh_per_tonne_km_from_the_countrys_grid() -> None:
    rail = _elements("40")[2]
    electric = bundled_factors().tocs["rail-container-electric"]
    assert electric.kwh_per_unit is not None
    # 20 t over 500 km, half of it electric
    assert rail["electricity_kwh"] == pytest.approx(0.5 * 20 * 500 * electric.kwh_per_unit)
    assert any("KZ grid" in note for note in rail["notes"])
    assert rail["activity_unit"] == "tkm"
