"""Legs on measured energy or on a carrier's own intensity: every field a user reads is theirs.

Oracles: GLEC v3 diesel (3.17 kg TTW, 4.13 kg WTW per kg), R-134a's GWP100 (AR6 1,530; AR5 1,300,
IPCC WG1), and hand arithmetic: activity = cargo mass x planned distance x the distance adjustment
factor (1 when none is given).
"""

from __future__ import annotations

from typing import Any

import pytest

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.results import ChainEmissions
from corridor.errors import ChainInputError, FactorLookupError

FACTORS = bundled_factors()
CARGO = {"mass_t": 20, "containers": [{"type": "40", "count": 1}]}
HUB = {"type": "hub", "node_id": "KZAKX"}
MEASURED = {
    "type": "leg",
    "mode": "rail",
    "distance_km": 800,
    "primary": {"fuels": [{"fuel": "diesel", "kg": 100}]},
}


def _chain(*elements: dict[str, Any], **extra: Any) -> ChainEmissions:
    return chain_emissions(chain_from_dict({"cargo": CARGO, "elements": list(elements), **extra}), FACTORS)


def test_a_measured_leg_reports_its_activity_category_and_place() -> None:
    result = _chain(HUB, MEASURED)
    leg = result.elements[1]
    assert leg.index == 1
    assert leg.to_dict()["index"] == 1
    assert (leg.activity, leg.activity_unit) == (20 * 800, "tkm")
    assert (leg.category_id, leg.data_category) == ("primary", "primary")
    assert (leg.ttw_kg, leg.wtw_kg) == pytest.approx((100 * 3.17, 100 * 4.13))
    assert leg.daf == 1.0
    assert result.tkm == pytest.approx(20 * 800)  # no adjustment factor given: none applied


def test_a_measured_leg_with_a_distance_adjustment_factor_scales_its_activity_only() -> None:
    leg = _chain({**MEASURED, "daf": 1.05}).elements[0]
    assert leg.activity == pytest.approx(20 * 800 * 1.05)
    assert leg.wtw_kg == pytest.approx(100 * 4.13)  # measured fuel is what it is


@pytest.mark.parametrize(("basis", "gwp"), [("AR6", 1530), ("AR5", 1300)])
def test_refrigerant_lost_on_a_leg_counts_on_the_chains_basis(basis: str, gwp: float) -> None:
    leg = {
        "type": "leg",
        "mode": "rail",
        "distance_km": 800,
        "primary": {"refrigerants": [{"gas": "R-134a", "kg": 1}]},
    }
    result = _chain(leg, gwp=basis)
    assert result.elements[0].ttw_kg == pytest.approx(gwp)


def test_a_carrier_intensity_has_no_electricity_of_its_own() -> None:
    leg = {
        "type": "leg",
        "mode": "rail",
        "distance_km": 800,
        "intensity": {"wtw_g": 20, "ttw_g": 15, "unit": "tkm"},
    }
    element = _chain(leg).elements[0]
    assert (element.electricity_kwh, element.electricity_kg) == (0.0, 0.0)
    assert element.to_dict()["electricity_kwh"] == 0.0


def test_a_carrier_intensity_with_zero_tank_to_wheel_is_all_upstream() -> None:
    """An electric carrier's intensity: 12 g WTW and 0 g TTW per tkm; Scope 1 zero, all of it WTT."""
    leg = {
        "type": "leg",
        "mode": "rail",
        "distance_km": 800,
        "intensity": {"wtw_g": 12, "ttw_g": 0, "unit": "tkm"},
    }
    element = _chain(leg).elements[0]
    assert element.ttw_kg == 0.0
    assert element.wtt_kg == pytest.approx(20 * 800 * 12 / 1000)


def test_a_wtw_only_intensity_says_it_is_not_split() -> None:
    leg = {"type": "leg", "mode": "rail", "distance_km": 800, "intensity": {"wtw_g": 12, "unit": "tkm"}}
    element = _chain(leg).elements[0]
    assert (element.wtt_kg, element.ttw_kg) == (None, None)
    assert "WTW-only intensity: not split into WTT and TTW" in element.notes


def test_an_unknown_fuel_in_an_intensity_names_its_field() -> None:
    leg = {
        "type": "leg",
        "mode": "rail",
        "distance_km": 800,
        "intensity": {"wtw_g": 12, "ttw_g": 9, "unit": "tkm", "fuel": "whale-oil"},
    }
    with pytest.raises(FactorLookupError, match=r"^elements\[0\]\.intensity\.fuel: "):
        _chain(leg)


def test_a_problem_in_a_later_segment_names_that_segment() -> None:
    leg = {
        "type": "leg",
        "mode": "rail",
        "segments": [
            {"distance_km": 300, "electric_share": 0, "countries": ["KZ"]},
            {"distance_km": 300, "countries": ["KZ"]},  # no electric share, no category
        ],
    }
    with pytest.raises(
        ChainInputError, match=r"^elements\[0\]\.segments\[1\]: a rail leg needs electric_share"
    ):
        _chain(leg)


def test_a_fully_electric_leg_burns_no_diesel() -> None:
    leg = {"type": "leg", "mode": "rail", "distance_km": 500, "electric_share": 1, "countries": ["KZ"]}
    element = _chain(leg).elements[0]
    assert element.category_id == "rail-container-electric"
    assert element.energy_carriers == ("electricity",)
    assert element.fuels_kg == ()


def test_an_explicit_gross_tonne_km_category_without_container_types_names_the_element() -> None:
    leg = {"type": "leg", "mode": "ferry", "distance_km": 450, "toc": "ferry-ropax-10-20k-gt-mdo"}
    with pytest.raises(ChainInputError, match=r"^elements\[0\]: ferry-ropax-10-20k-gt-mdo is per gross"):
        chain_emissions(chain_from_dict({"cargo": {"mass_t": 20}, "elements": [leg]}), FACTORS)


def test_a_factor_set_without_a_modes_default_names_the_element() -> None:
    from dataclasses import replace

    tocs = {k: v for k, v in FACTORS.tocs.items() if k != "iww-container-110m"}
    leg = {"type": "leg", "mode": "iww", "distance_km": 100}
    with pytest.raises(FactorLookupError, match=r"^elements\[0\]: .*iww-container-110m"):
        chain_emissions(chain_from_dict({"cargo": CARGO, "elements": [leg]}), replace(FACTORS, tocs=tocs))


@pytest.mark.parametrize(("basis", "gwp"), [("AR6", 1530), ("AR5", 1300)])
def test_refrigerant_lost_by_a_shared_operation_is_allocated_on_the_chains_basis(
    basis: str, gwp: float
) -> None:
    """1 kg of R-134a lost over a reefer train's 10,000 tkm; this cargo's 4,000 tkm carry 40% of it."""
    op = {
        "id": "reefer-train",
        "kind": "transport",
        "primary": {"refrigerants": [{"gas": "R-134a", "kg": 1}]},
        "total_activity": 10_000.0,
    }
    leg = {"type": "leg", "mode": "rail", "distance_km": 500, "operation": "reefer-train"}
    doc = chain_from_dict({"cargo": {"mass_t": 8}, "elements": [leg], "operations": [op], "gwp": basis})
    (element,) = chain_emissions(doc, FACTORS).elements
    assert element.allocation_share == pytest.approx(0.4)
    assert element.ttw_kg == pytest.approx(0.4 * gwp)


def test_a_part_electric_leg_names_both_categories() -> None:
    leg = {"type": "leg", "mode": "rail", "distance_km": 500, "electric_share": 0.5, "countries": ["KZ"]}
    assert _chain(leg).elements[0].category_id == "rail-container-diesel+rail-container-electric"


def test_a_typed_chain_naming_an_operation_it_lacks_names_the_element() -> None:
    """Found by mutation testing: a chain built in code (not read from JSON) whose leg names an operation
    the chain does not carry failed with a bare KeyError; it is now the document reader's clear error."""
    from dataclasses import replace

    from corridor.chain import chain_from_document

    doc = chain_from_dict({"cargo": CARGO, "elements": [{**MEASURED}]})
    chain = chain_from_document(doc)
    chain = replace(chain, elements=(replace(chain.elements[0], operation="night-train"),))
    with pytest.raises(
        ChainInputError, match=r"elements\[0\]\.operation: no operation with id 'night-train'"
    ):
        chain_emissions(chain, FACTORS)


def test_the_refrigerant_basis_is_stated_only_where_refrigerant_counts() -> None:
    plain = _chain(MEASURED)
    assert "gwp_refrigerants" not in plain.provenance
    assert _chain(MEASURED, gwp="AR5").provenance["gwp_refrigerants"] == "AR5"


def test_a_shared_operations_fuel_gives_the_consignment_its_energy() -> None:
    """100 kg of diesel over 10,000 tkm; this cargo's 4,000 tkm: 40 kg, at GLEC's 42.8 MJ/kg."""
    op = {
        "id": "train",
        "kind": "transport",
        "primary": {"fuels": [{"fuel": "diesel", "kg": 100}]},
        "total_activity": 10_000.0,
    }
    leg = {"type": "leg", "mode": "rail", "distance_km": 500, "operation": "train"}
    doc = chain_from_dict({"cargo": {"mass_t": 8}, "elements": [leg], "operations": [op]})
    (element,) = chain_emissions(doc, FACTORS).elements
    assert element.energy_mj == pytest.approx(40 * 42.8)
