"""Properties and error paths of the emissions engine."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.errors import ChainInputError, FactorLookupError

FACTORS = bundled_factors()
COUNTRIES = sorted(FACTORS.grid)
SEA_TOCS = sorted(t for t, v in FACTORS.tocs.items() if v.mode == "sea")


@st.composite
def elements(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["rail", "road", "sea", "ferry", "hub"]))
    if kind == "hub":
        return {"type": "hub", "hoc": draw(st.sampled_from([None, *sorted(FACTORS.hocs)]))}
    leg: dict[str, Any] = {"type": "leg", "mode": kind, "distance_km": draw(st.floats(1, 20_000))}
    if kind == "rail":
        leg["electric_share"] = draw(st.floats(0, 1))
        leg["countries"] = draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3))
    if kind == "sea":
        leg["toc"] = draw(st.sampled_from(SEA_TOCS))
    if kind == "road":
        leg["countries"] = draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=2))
    return leg


@st.composite
def chains(draw: st.DrawFn) -> dict[str, Any]:
    box = st.fixed_dictionaries(
        {"type": st.sampled_from(["20", "40", "40HC", "20RF", "40RF"]), "count": st.integers(1, 20)}
    )
    cargo: dict[str, Any] = {"containers": draw(st.lists(box, min_size=1, max_size=3))}
    if draw(st.booleans()):
        cargo["mass_t"] = draw(st.floats(0.5, 500))
    return {"cargo": cargo, "elements": draw(st.lists(elements(), min_size=1, max_size=8))}


@settings(max_examples=150, deadline=None)
@given(chains())
def test_totals_are_sums_and_never_negative(doc: dict[str, Any]) -> None:
    result = chain_emissions(chain_from_dict(doc), FACTORS)
    assert all(e.wtw_kg >= 0 for e in result.elements)
    assert result.wtw_kg == pytest.approx(sum(e.wtw_kg for e in result.elements))
    assert result.wtw_kg == pytest.approx(result.ttw_kg + result.wtt_kg + result.unsplit_kg)
    for e in result.elements:
        if e.ttw_kg is not None and e.wtt_kg is not None:
            assert e.wtw_kg == pytest.approx(e.ttw_kg + e.wtt_kg)
    assert sum(result.by_mode().values()) == pytest.approx(result.wtw_kg)


@settings(max_examples=100, deadline=None)
@given(chains())
def test_doubling_the_mass_doubles_tonne_km_legs(doc: dict[str, Any]) -> None:
    doc["cargo"]["mass_t"] = doc["cargo"].get("mass_t", 10.0)
    heavier = copy.deepcopy(doc)
    heavier["cargo"]["mass_t"] *= 2
    one = chain_emissions(chain_from_dict(doc), FACTORS)
    two = chain_emissions(chain_from_dict(heavier), FACTORS)
    for a, b in zip(one.elements, two.elements, strict=True):
        if a.activity_unit == "tkm":
            assert b.wtw_kg == pytest.approx(2 * a.wtw_kg)
        if a.activity_unit == "TEUkm":  # container ships are allocated per TEU, not per tonne
            assert b.wtw_kg == pytest.approx(a.wtw_kg)


def test_electric_rail_follows_the_grid() -> None:
    def rail(country: str) -> float:
        leg = {
            "type": "leg",
            "mode": "rail",
            "distance_km": 1000,
            "electric_share": 1,
            "countries": [country],
        }
        return chain_emissions(chain_from_dict({"cargo": {"mass_t": 10}, "elements": [leg]}), FACTORS).wtw_kg

    # 10 t x 1000 km x 0.024 kWh/tkm x grid (Ember 2024): Georgia 145, Kazakhstan 802 g/kWh
    assert rail("GE") == pytest.approx(10 * 1000 * 0.024 * 145 / 1000)
    assert rail("KZ") == pytest.approx(10 * 1000 * 0.024 * 802 / 1000)


@pytest.mark.parametrize(
    ("element", "message"),
    [
        (
            {"type": "leg", "mode": "sea", "distance_km": 100, "toc": "sea-fast"},
            "elements[0]: unknown transport operation category 'sea-fast'",
        ),
        ({"type": "leg", "mode": "rail", "distance_km": 100}, "elements[0]: a rail leg needs electric_share"),
        (
            {"type": "leg", "mode": "rail", "distance_km": 100, "electric_share": 1, "countries": ["XK"]},
            "elements[0]: no grid factor for country 'XK'",
        ),
        (
            {"type": "leg", "mode": "rail", "distance_km": 100, "toc": "sea-container-industry-average"},
            "elements[0]: category 'sea-container-industry-average' is for sea, the leg is rail",
        ),
        ({"type": "hub", "hoc": "airport"}, "elements[0]: unknown hub operation category 'airport'"),
        (
            {
                "type": "leg",
                "mode": "road",
                "distance_km": 10,
                "primary": {"fuels": [{"fuel": "kerosine", "kg": 5}]},
            },
            "elements[0]: unknown fuel 'kerosine'",
        ),
    ],
)
def test_errors_name_element_and_field(element: dict[str, Any], message: str) -> None:
    doc = chain_from_dict({"cargo": {"containers": [{"type": "40", "count": 1}]}, "elements": [element]})
    with pytest.raises((ChainInputError, FactorLookupError)) as info:
        chain_emissions(doc, FACTORS)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (
            {"cargo": {"mass_t": -1}, "elements": [{"type": "hub"}]},
            "c.json: cargo.mass_t: Input should be greater than 0",
        ),
        ({"cargo": {}, "elements": [{"type": "hub"}]}, "c.json: cargo: give containers, mass_t, or both"),
        ({"cargo": {"mass_t": 1}, "elements": []}, "c.json: elements: List should have at least 1 item"),
        (
            {"cargo": {"mass_t": 1}, "elements": [{"type": "leg", "mode": "rail"}]},
            "c.json: elements[0]: give distance_km or segments",
        ),
        (
            {
                "cargo": {"mass_t": 1},
                "elements": [{"type": "leg", "mode": "sea", "distance_km": 5, "unit": "miles"}],
            },
            "c.json: elements[0].unit: Extra inputs are not permitted",
        ),
        (
            {
                "cargo": {"mass_t": 1},
                "elements": [
                    {
                        "type": "leg",
                        "mode": "sea",
                        "distance_km": 5,
                        "intensity": {"wtw_g": 5, "ttw_g": 6, "unit": "tkm"},
                    }
                ],
            },
            "c.json: elements[0].intensity: ttw_g (6.0) cannot exceed wtw_g (5.0)",
        ),
    ],
)
def test_invalid_documents(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(ChainInputError) as info:
        chain_from_dict(doc, source="c.json")
    assert str(info.value).startswith(message)


def test_ferry_needs_container_types() -> None:
    leg = {"type": "leg", "mode": "ferry", "distance_km": 9}
    doc = chain_from_dict({"cargo": {"mass_t": 20}, "elements": [leg]})
    with pytest.raises(ChainInputError, match="per gross tonne-km; give container types"):
        chain_emissions(doc, FACTORS)


def test_primary_data_is_marked_primary() -> None:
    leg = {
        "type": "leg",
        "mode": "road",
        "distance_km": 100,
        "primary": {"fuels": [{"fuel": "diesel", "litres": 30}]},
    }
    element = chain_emissions(
        chain_from_dict({"cargo": {"mass_t": 20}, "elements": [leg]}), FACTORS
    ).elements[0]
    assert element.data_category == "primary"
    # 30 l x 0.832 kg/l x 3.17 kg/kg TTW and 4.13 kg/kg WTW (GLEC3 Module 1, p.77)
    assert element.ttw_kg == pytest.approx(30 * 0.832 * 3.17)
    assert element.wtw_kg == pytest.approx(30 * 0.832 * 4.13)
