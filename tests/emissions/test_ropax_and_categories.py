"""Ro-Pax allocation keys, load factors and empty running of the defaults, the road reefer uplift,
truthful data categories for given intensities, and energy intensity (issue 12).

Oracles: GLEC Framework v3 p.51 (passenger equivalents: passenger 1.0, car 1.3, articulated truck 18,
unaccompanied trailer 14, after ISO 14083 Table G.4), p.94 (temperature-controlled road +12 %),
Table 4 p.88 (container train LF 50 %, ER 17 %, 0.0066 kg diesel per tkm), Table 8 p.92 (artic 40 t
container LF 72 %, ER 30 %, 0.023 kg diesel per tkm), Module 4 p.113 (0.024 kWh/tkm), Module 5 E16
p.147 (10 t x 250 km x 82 g/tkm x DAF 1.05 = 215.25 kg). Ferry shares are arithmetic on the peq
table (derived, not a published answer).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.chain.inputs import PASSENGER_EQUIVALENTS
from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.ileap import footprint_to_ileap
from corridor.errors import ChainInputError

FACTORS = bundled_factors()


def _leg(mode: str, containers: list[dict[str, Any]], mass_t: float = 10, **leg: Any) -> dict[str, Any]:
    return {
        "cargo": {"containers": containers, "mass_t": mass_t},
        "elements": [{"type": "leg", "mode": mode, "distance_km": 100, **leg}],
    }


def test_road_reefers_take_glecs_twelve_percent() -> None:
    """GLEC3 p.94: temperature-controlled road +12 %; a mixed cargo takes it for its reefer share."""
    ambient = chain_emissions(chain_from_dict(_leg("road", [{"type": "40", "count": 1}])), FACTORS)
    reefer = chain_emissions(chain_from_dict(_leg("road", [{"type": "40RF", "count": 1}])), FACTORS)
    mixed = _leg("road", [{"type": "40", "count": 1}, {"type": "40RF", "count": 1}])
    half = chain_emissions(chain_from_dict(mixed), FACTORS)
    assert ambient.wtw_kg == pytest.approx(10 * 100 * 95 / 1000)
    assert reefer.wtw_kg == pytest.approx(ambient.wtw_kg * 1.12)
    assert reefer.ttw_kg == pytest.approx(ambient.ttw_kg * 1.12)
    assert half.wtw_kg == pytest.approx(ambient.wtw_kg * 1.06)


@pytest.mark.parametrize(("mode", "ambient_g"), [("rail", 27.6), ("iww", 27.0)])
def test_reefers_on_rail_and_inland_water_never_take_a_ships_per_teu_reefer_value(
    mode: str, ambient_g: float
) -> None:
    """GLEC gives no reefer default for rail or inland water: the ambient value is used, never the
    sea industry-average reefer row (172.2 g per TEU-km, a different unit)."""
    chain = _leg(mode, [{"type": "40RF", "count": 1}], electric_share=0 if mode == "rail" else None)
    if mode != "rail":
        chain["elements"][0].pop("electric_share")
    result = chain_emissions(chain_from_dict(chain), FACTORS)
    assert result.wtw_kg == pytest.approx(10 * 100 * ambient_g / 1000)


@pytest.mark.parametrize(
    ("mode", "extra", "load_factor", "empty"),
    [("rail", {"electric_share": 0}, 0.50, 0.17), ("road", {"countries": ["DE"]}, 0.72, 0.30)],
)
def test_the_defaults_load_factor_and_empty_running_are_stated_and_exported(
    mode: str, extra: dict[str, Any], load_factor: float, empty: float
) -> None:
    doc = chain_from_dict(_leg(mode, [{"type": "40", "count": 1}], **extra))
    result = chain_emissions(doc, FACTORS)
    (leg,) = result.elements
    assert (leg.load_factor, leg.empty_running) == (load_factor, empty)
    (toc,) = footprint_to_ileap(doc, result, FACTORS, shipment_id="s")["tocs"]
    assert float(toc["loadFactor"]) == load_factor
    assert float(toc["emptyDistanceFactor"]) == empty


def test_a_published_wtw_only_intensity_is_entered_as_such() -> None:
    """GLEC3 E16 (p.147): 10 t over 250 km SFD at the default 82 g/tkm with DAF 1.05 = 215.25 kg;
    a default intensity is labelled default and its WTW stays unsplit."""
    chain = {
        "cargo": {"mass_t": 10},
        "elements": [
            {
                "type": "leg",
                "mode": "road",
                "distance_km": 250,
                "daf": 1.05,
                "intensity": {"wtw_g": 82, "unit": "tkm", "data_category": "default"},
            }
        ],
    }
    result = chain_emissions(chain_from_dict(chain), FACTORS)
    (leg,) = result.elements
    assert leg.wtw_kg == pytest.approx(215.25)
    assert (leg.wtt_kg, leg.ttw_kg) == (None, None)
    assert leg.data_category == "default"
    assert result.by_data_category() == {"default": pytest.approx(215.25)}


def _voyage(units: list[dict[str, Any]], others: list[dict[str, Any]], key: str = "peq") -> dict[str, Any]:
    return {
        "cargo": {"mass_t": 20},
        "elements": [
            {
                "type": "leg",
                "mode": "ferry",
                "distance_km": 300,
                "operation": "crossing",
                "ferry_load": {"units": units, "lane_m": 16.5},
            }
        ],
        "operations": [
            {
                "id": "crossing",
                "kind": "transport",
                "allocation": key,
                "primary": {"fuels": [{"fuel": "mdo", "kg": 20_000}]},
                "other_consignments": others,
            }
        ],
    }


def test_a_ropax_crossing_allocated_by_passenger_equivalents() -> None:
    """400 passengers (400 peq), 100 cars (130 peq) and 49 other articulated trucks (882 peq) share
    the crossing with this chain's articulated truck (18 peq): it takes 18/1,430 of the fuel."""
    others = [
        {"units": [{"type": "passenger", "count": 400}], "sfd_km": 300},
        {"units": [{"type": "car", "count": 100}], "sfd_km": 300},
        {"units": [{"type": "articulated-truck", "count": 49}], "sfd_km": 300},
    ]
    chain = _voyage([{"type": "articulated-truck", "count": 1}], others)
    (leg,) = chain_emissions(chain_from_dict(chain), FACTORS).elements
    assert leg.allocation_share == pytest.approx(18 / 1430)
    assert leg.wtw_kg == pytest.approx(20_000 * 3.78 * 18 / 1430)  # MDO 3.78 kg/kg WTW, GLEC3 p.79
    assert leg.activity_unit == "peq km"


def test_a_ropax_crossing_allocated_by_lane_metres() -> None:
    chain = _voyage([], [{"lane_m": 1_983.5, "sfd_km": 300}], key="lane_m")
    (leg,) = chain_emissions(chain_from_dict(chain), FACTORS).elements
    assert leg.allocation_share == pytest.approx(16.5 / 2_000)


def test_a_peq_operation_needs_the_legs_vehicles() -> None:
    chain = _voyage([], [{"units": [{"type": "passenger", "count": 10}], "sfd_km": 300}])
    with pytest.raises(ChainInputError, match="allocated by peq: give the leg's ferry_load units"):
        chain_from_dict(chain)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(sorted(PASSENGER_EQUIVALENTS)), min_size=2, max_size=6))
def test_peq_shares_of_everyone_on_board_sum_to_one(kinds: list[str]) -> None:
    shares = []
    for mine, kind in enumerate(kinds):
        others = [
            {"units": [{"type": k, "count": 1}], "sfd_km": 300} for n, k in enumerate(kinds) if n != mine
        ]
        (leg,) = chain_emissions(
            chain_from_dict(_voyage([{"type": kind, "count": 1}], others)), FACTORS
        ).elements
        assert leg.allocation_share is not None
        shares.append(leg.allocation_share)
    assert sum(shares) == pytest.approx(1.0)


def test_energy_intensity_alongside_co2e() -> None:
    """Fuel modelled back from the default's TTW: container train 21.2 / 3.17 = 0.0067 kg diesel per
    tkm (GLEC3 Table 4: 0.0066), artic 40 t 73 / 3.17 = 0.023 (Table 8: 0.023); at 42.8 MJ/kg. Electric
    traction 0.024 kWh/tkm = 0.0864 MJ/tkm. A GLEC hub default has no known energy and says so."""
    chain = {
        "cargo": {"mass_t": 10},
        "elements": [
            {"type": "leg", "mode": "rail", "distance_km": 100, "electric_share": 0},
            {"type": "hub", "hoc": "transshipment"},
            {"type": "leg", "mode": "road", "distance_km": 100, "countries": ["PL"]},
            {"type": "leg", "mode": "rail", "distance_km": 100, "electric_share": 1, "countries": ["PL"]},
        ],
    }
    result = chain_emissions(chain_from_dict(chain), FACTORS)
    rail, hub, road, electric = result.elements
    assert dict(rail.fuels_kg)["diesel"] / 1000 == pytest.approx(0.0066, rel=0.02)
    assert dict(road.fuels_kg)["diesel"] / 1000 == pytest.approx(0.023, rel=0.01)
    assert rail.energy_mj == pytest.approx(1000 * 21.2 / 3170 * 42.8)
    assert electric.energy_mj == pytest.approx(1000 * 0.024 * 3.6)
    assert hub.energy_mj is None
    assert rail.energy_mj is not None
    assert road.energy_mj is not None
    assert electric.energy_mj is not None
    data = result.to_dict()
    assert data["totals"]["energy_unknown_wtw_kg"] == pytest.approx(hub.wtw_kg)
    assert data["totals"]["energy_mj_per_tkm"] == pytest.approx(
        (rail.energy_mj + road.energy_mj + electric.energy_mj) / 3000
    )
    assert data["elements"][0]["energy_mj_per_unit"] == pytest.approx(21.2 / 3170 * 42.8)


@pytest.mark.parametrize(
    ("cargo", "gross_t"),
    [({"mass_t": 20}, 20 + 15), ({"mass_t": 20, "containers": [{"type": "40", "count": 1}]}, 20 + 3.75 + 15)],
)
def test_a_truck_on_a_ropax_ferry_is_reallocated_with_its_own_tare(
    cargo: dict[str, Any], gross_t: float
) -> None:
    """GLEC3 p.95: Ro-Pax defaults are per gross tonne-km (Table 15, 10,000-19,999 GT on MDO: 124.8 g
    WTW), to be reallocated to the cargo; the gross is the cargo, its containers (40 ft: 3.75 t) and the
    vehicles' tare the chain gives (here a tractor and trailer of 15 t), not a rail flat car."""
    chain = {
        "cargo": cargo,
        "elements": [
            {"type": "leg", "mode": "ferry", "distance_km": 300, "ferry_load": {"vehicle_tare_t": 15}}
        ],
    }
    (leg,) = chain_emissions(chain_from_dict(chain), FACTORS).elements
    assert leg.wtw_kg == pytest.approx(gross_t * 300 * 124.8 / 1000)
    assert leg.activity_unit == "gross tkm"


def test_an_intensity_without_its_category_is_said_to_be_taken_as_primary() -> None:
    intensity: dict[str, Any] = {"wtw_g": 80, "unit": "tkm"}
    chain: dict[str, Any] = {
        "cargo": {"mass_t": 10},
        "elements": [{"type": "leg", "mode": "road", "distance_km": 100, "intensity": intensity}],
    }
    (leg,) = chain_emissions(chain_from_dict(chain), FACTORS).elements
    assert leg.data_category == "primary"
    assert "data category not stated: taken as primary (the carrier's own figure)" in leg.notes
    intensity["data_category"] = "modelled"
    (leg,) = chain_emissions(chain_from_dict(chain), FACTORS).elements
    assert leg.data_category == "modelled"
    assert not any("not stated" in n for n in leg.notes)
