"""The emissions JSON (API and CLI output) adds up: totals are the sums of the elements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "xian-constanta.json"


@pytest.fixture
def report() -> dict[str, Any]:
    # per test, not per module: mutation testing links a function only to the tests that call it
    chain = chain_from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    out: dict[str, Any] = json.loads(json.dumps(chain_emissions(chain, bundled_factors()).to_dict()))
    return out


def test_each_element_is_well_to_tank_plus_tank_to_wheel(report: dict[str, Any]) -> None:
    for element in report["elements"]:
        assert element["wtw_kg"] > 0
        assert element["intensity_wtw_g_per_unit"] > 0
        assert isinstance(element["notes"], list)
        assert isinstance(element["energy_carriers"], list)
        if element["type"] == "leg":
            assert element["wtw_kg"] == pytest.approx(element["wtt_kg"] + element["ttw_kg"])
        else:  # hub factors are not split into WTT and TTW
            assert element["type"] == "hub"
            assert (element["wtt_kg"], element["ttw_kg"]) == (None, None)


def test_totals_are_the_sums_of_the_elements(report: dict[str, Any]) -> None:
    totals, elements = report["totals"], report["elements"]
    legs = [e for e in elements if e["type"] == "leg"]
    hubs = [e for e in elements if e["type"] == "hub"]
    assert totals["wtw_kg"] == pytest.approx(sum(e["wtw_kg"] for e in elements))
    assert totals["wtt_kg"] == pytest.approx(sum(e["wtt_kg"] for e in legs))
    assert totals["ttw_kg"] == pytest.approx(sum(e["ttw_kg"] for e in legs))
    assert totals["hubs_not_split_kg"] == pytest.approx(sum(e["wtw_kg"] for e in hubs))
    assert totals["wtw_kg"] == pytest.approx(
        totals["wtt_kg"] + totals["ttw_kg"] + totals["hubs_not_split_kg"]
    )
    assert totals["distance_km"] == pytest.approx(sum(e["distance_km"] for e in legs))
    assert totals["intensity_wtw_g_per_tkm"] == pytest.approx(totals["wtw_kg"] * 1000 / totals["tkm"])
    assert totals["by_mode_wtw_kg"] == pytest.approx(
        {mode: sum(e["wtw_kg"] for e in legs if e["mode"] == mode) for mode in {e["mode"] for e in legs}}
        | {"hubs": totals["hubs_not_split_kg"]}
    )
    categories = {e["data_category"] for e in elements}
    assert totals["by_data_category_wtw_kg"] == pytest.approx(
        {c: sum(e["wtw_kg"] for e in elements if e["data_category"] == c) for c in categories}
    )


def test_cargo_block_describes_the_containers_shipped(report: dict[str, Any]) -> None:
    # two 40' high cubes of 36 t; a high cube counts 2.25 TEU (GLEC v3 p. 153)
    assert report["cargo"] == {
        "mass_t": 36,
        "teu": 4.5,  # GLEC equivalents (a 40ft high cube is 2.25), kept under its old name too
        "teu_glec_equivalent": 4.5,
        "boxes": 2,
        "reefer_share": 0,
        "notes": [],
    }
    assert report["provenance"]["factor_dataset"] == "glec-v3.0-corridor"


def test_energy_and_distance_basis_are_reported(report: dict[str, Any]) -> None:
    """ISO 14083 asks for energy and the distance basis: the totals name both, in the keys users read."""
    totals, elements = report["totals"], report["elements"]
    known = [e["energy_mj"] for e in elements if e["energy_mj"] is not None]
    assert known
    assert totals["energy_mj"] == pytest.approx(sum(known))
    assert totals["energy_mj_per_tkm"] == pytest.approx(totals["energy_mj"] / totals["tkm"])
    basis = totals["distance_basis"]
    # planned (shortest feasible, SFD) distance, with each leg's distance adjustment factor in the tkm
    assert basis.startswith("planned distance of the legs (")
    assert "sea lanes as SFD" in basis
    assert basis.endswith("tkm include each leg's distance adjustment factor")
