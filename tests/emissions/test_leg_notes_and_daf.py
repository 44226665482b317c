"""What an emissions statement says about each leg: the distance adjustment factor, the source of an
intensity, a gross-mass reallocation, and the hub a figure is for.

Oracles: the GLEC Framework v3 rules the notes cite (a DAF scales the activity, GLEC3 p.20; a
per-gross-tonne-km category is reallocated to the cargo, GLEC3 p.95) and the ratio of two runs of
the same leg, which must be the DAF itself.
"""

from __future__ import annotations

from typing import Any

import pytest

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.results import ElementEmissions

FACTORS = bundled_factors()
CARGO: dict[str, Any] = {"mass_t": 20, "containers": [{"type": "40", "count": 1}]}
RAIL = {"type": "leg", "mode": "rail", "distance_km": 1000, "electric_share": 0.5, "countries": ["KZ"]}


def _one(element: dict[str, Any], cargo: dict[str, Any] | None = None) -> ElementEmissions:
    doc = chain_from_dict({"cargo": cargo or CARGO, "elements": [element]})
    return chain_emissions(doc, FACTORS).elements[0]


def test_a_distance_adjustment_factor_scales_the_activity_and_says_so() -> None:
    plain, adjusted = _one(RAIL), _one({**RAIL, "daf": 1.1})
    assert adjusted.activity == pytest.approx(1.1 * plain.activity)
    assert adjusted.activity == pytest.approx(20 * 1000 * 1.1)
    assert plain.wtt_kg is not None
    assert plain.ttw_kg is not None
    assert (adjusted.wtt_kg, adjusted.ttw_kg) == pytest.approx((1.1 * plain.wtt_kg, 1.1 * plain.ttw_kg))
    assert adjusted.distance_km == 1000  # the planned distance stays
    assert "distance adjustment factor 1.1 applied to the activity" in adjusted.notes
    assert adjusted.daf == 1.1


def test_a_carrier_intensity_is_named_in_the_notes() -> None:
    leg = _one(
        {
            "type": "leg",
            "mode": "road",
            "distance_km": 100,
            "daf": 1.05,
            "intensity": {"wtw_g": 80, "ttw_g": 60, "unit": "tkm"},
        }
    )
    assert leg.notes == (
        "carrier intensity 80 g WTW per tkm, primary data",
        "data category not stated: taken as primary (the carrier's own figure)",
        "distance adjustment factor 1.05 applied to the activity",
    )
    assert (leg.wtt_kg, leg.ttw_kg) == pytest.approx((20 * 105 * 20 / 1000, 20 * 105 * 60 / 1000))


def test_a_ferry_category_per_gross_tonne_km_is_reallocated_to_the_cargo() -> None:
    leg = _one({"type": "leg", "mode": "ferry", "distance_km": 450, "countries": ["KZ", "AZ"]})
    assert leg.activity_unit == "gross tkm"
    gross = leg.activity / 450
    assert gross > 20  # cargo plus container plus wagon
    assert f"reallocated from {gross:.1f} t gross (cargo + containers + wagons), GLEC3 p.95" in leg.notes


def test_a_measured_hub_figure_names_its_hub() -> None:
    hub = _one({"type": "hub", "node_id": "KZAKX", "primary": {"fuels": [{"fuel": "diesel", "kg": 10}]}})
    assert hub.to_dict()["node_id"] == "KZAKX"


def test_a_memo_holds_each_elements_figures() -> None:
    doc = chain_from_dict(
        {"cargo": CARGO, "elements": [RAIL, {"type": "hub", "node_id": "KZAKX", "hoc": "transshipment"}]}
    )
    memo: dict[Any, ElementEmissions] = {}
    result = chain_emissions(doc, FACTORS, memo=memo)
    computed = [e for key, e in memo.items() if not isinstance(key, tuple)]  # (index, element): placed
    assert sorted(e.wtw_kg for e in computed) == sorted(e.wtw_kg for e in result.elements)
