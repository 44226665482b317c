"""Each field of a transport category reaches the leg: zero factors stay zero, data categories and
reefer figures are used only where the category has them.

Oracles: the GLEC v3 rows in the bundled factor set (the EU electric container train at 6.4 g WTT
and 0 g TTW per tonne-km; the Ro-Pax ferry at 18.4 g WTT and 106.4 g TTW per gross tonne-km, with
no reefer figure) and hand arithmetic.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.factors import FactorDataset
from corridor.emissions.results import ElementEmissions

FACTORS = bundled_factors()
AMBIENT_NOTE = "no reefer intensity for this category: ambient value used"
FERRY = {"type": "leg", "mode": "ferry", "distance_km": 450, "countries": ["KZ", "AZ"]}


def _one(element: dict[str, Any], box: str = "40", factors: FactorDataset = FACTORS) -> ElementEmissions:
    cargo = {"mass_t": 20, "containers": [{"type": box, "count": 1}]}
    return chain_emissions(chain_from_dict({"cargo": cargo, "elements": [element]}), factors).elements[0]


def _changed(toc_id: str, **changes: Any) -> FactorDataset:
    return replace(FACTORS, tocs={**FACTORS.tocs, toc_id: replace(FACTORS.tocs[toc_id], **changes)})


def test_the_glec_eu_electric_train_has_no_tank_to_wheel_emissions() -> None:
    """Scope 1 of electric traction is zero: GLEC's EU default gives 6.4 g WTT and 0 g TTW per tkm."""
    leg = _one({"type": "leg", "mode": "rail", "distance_km": 1000, "toc": "rail-container-electric-eu"})
    assert leg.ttw_kg == 0.0
    assert leg.wtt_kg == pytest.approx(20 * 1000 * 6.4 / 1000)


def test_a_category_with_zero_well_to_tank_reports_zero() -> None:
    """A factor set may state 0 g WTT for a category: the leg's WTT is zero, not a stand-in figure."""
    factors = _changed("rail-container-diesel", wtt_g=0.0)
    leg = _one(
        {"type": "leg", "mode": "rail", "distance_km": 1000, "electric_share": 0, "countries": ["KZ"]},
        factors=factors,
    )
    assert leg.wtt_kg == 0.0
    assert leg.ttw_kg == pytest.approx(20 * 1000 * 21.2 / 1000)


def test_a_reefer_on_a_category_without_a_reefer_figure_uses_the_ambient_one_and_says_so() -> None:
    ambient = _one(FERRY, box="40")
    reefer = _one(FERRY, box="40RF")
    assert AMBIENT_NOTE in reefer.notes
    assert AMBIENT_NOTE not in ambient.notes  # an ambient box needs no such note
    # same gross-mass activity basis, same factor: only the reefer's heavier tare differs
    assert reefer.wtw_kg / reefer.activity == pytest.approx(ambient.wtw_kg / ambient.activity)
    assert reefer.wtw_kg / reefer.activity == pytest.approx((18.4 + 106.4) / 1000)


def test_a_category_with_half_a_reefer_figure_uses_the_ambient_one() -> None:
    """A reefer WTT without a reefer TTW cannot be mixed: the ambient figures are used, and said."""
    factors = _changed("ferry-ropax-10-20k-gt-mdo", reefer_wtt_g=30.0, reefer_ttw_g=None)
    reefer = _one(FERRY, box="40RF", factors=factors)
    assert AMBIENT_NOTE in reefer.notes
    assert reefer.wtw_kg / reefer.activity == pytest.approx((18.4 + 106.4) / 1000)


def test_a_modelled_category_makes_the_leg_modelled() -> None:
    """The data category of a fuel-burning category reaches the leg (GLEC: default, modelled, primary)."""
    factors = _changed("rail-container-diesel", data_category="modelled")
    leg = _one(
        {"type": "leg", "mode": "rail", "distance_km": 100, "electric_share": 0, "countries": ["KZ"]},
        factors=factors,
    )
    assert leg.data_category == "modelled"
    assert (
        _one(
            {"type": "leg", "mode": "rail", "distance_km": 100, "electric_share": 0, "countries": ["KZ"]}
        ).data_category
        == "default"
    )


def test_a_sea_leg_without_a_lane_carries_the_industry_averages_fields() -> None:
    """The GLEC industry average stands in for an unknown lane with its own load factor and data category."""
    factors = _changed(
        "sea-container-industry-average", load_factor=0.7, empty_running=0.1, data_category="modelled"
    )
    leg = _one({"type": "leg", "mode": "sea", "distance_km": 1000}, factors=factors)
    assert leg.category_id == "sea-container-industry-average"
    assert (leg.load_factor, leg.empty_running, leg.data_category) == (0.7, 0.1, "modelled")
    assert "trade lane not given: GLEC industry average" in leg.notes


def test_an_electric_ferry_category_takes_the_grid_of_the_countries_it_sails_between() -> None:
    """A factor set whose Ro-Pax default is battery-electric (kWh per gross tkm): the grid of KZ and AZ."""
    factors = _changed("ferry-ropax-10-20k-gt-mdo", kwh_per_unit=0.05, wtt_g=None, ttw_g=None)
    leg = _one(FERRY, factors=factors)
    grid = (FACTORS.grid_g_per_kwh("KZ", where="t") + FACTORS.grid_g_per_kwh("AZ", where="t")) / 2
    assert leg.electricity_kwh == pytest.approx(leg.activity * 0.05)
    assert leg.wtw_kg == pytest.approx(leg.activity * 0.05 * grid / 1000)
    assert leg.ttw_kg == 0.0


def test_a_leg_whose_segments_use_different_units_is_in_mixed_units() -> None:
    """A ferry leg on two categories, one per gross tonne-km (the default) and one per net tonne-km (a
    carrier's): the activity is the sum of both parts, stated as mixed, not as either unit."""
    ropax = FACTORS.tocs["ferry-ropax-10-20k-gt-mdo"]
    net = replace(ropax, toc_id="ferry-carrier-net", mass_basis="net")
    factors = replace(FACTORS, tocs={**FACTORS.tocs, "ferry-carrier-net": net})
    leg = {
        "type": "leg",
        "mode": "ferry",
        "segments": [
            {"distance_km": 200, "countries": ["KZ", "AZ"]},
            {"distance_km": 100, "countries": ["KZ", "AZ"], "toc": "ferry-carrier-net"},
        ],
    }
    mixed = _one(leg, factors=factors)
    gross = _one({**FERRY, "distance_km": 200}, factors=factors)
    assert mixed.activity_unit == "mixed"
    assert mixed.activity == pytest.approx(gross.activity + 20 * 100)
