"""The cargo a chain carries: boxes, TEU, tares, wagons and reefer share over several container lines.

Oracles: the container types' published figures (ISO 668 sizes; GLEC v3 p.153 TEU equivalents:
a 40' counts 2, a 40' high cube 2.25; tares 2.3 t for a 20', 3.75 t for a 40', 3.08 t for a 20'
reefer, 4.8 t for a 40' reefer), two 20' boxes per flat wagon and one 40', the wagon's tare from the
factor set, and GLEC's default of 10 t per TEU where only a mass is given.
"""

from __future__ import annotations

from typing import Any

import pytest

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.results import ChainEmissions

FACTORS = bundled_factors()
FERRY = {"type": "leg", "mode": "ferry", "distance_km": 100, "countries": ["KZ", "AZ"]}
SEA = {"type": "leg", "mode": "sea", "distance_km": 1000}


def _chain(cargo: dict[str, Any], *elements: dict[str, Any]) -> ChainEmissions:
    return chain_emissions(chain_from_dict({"cargo": cargo, "elements": list(elements)}), FACTORS)


def test_gross_mass_of_several_container_lines_counts_every_tare_and_wagon() -> None:
    """One 40' and three 20' (two wagons: one for the 40', one and a half for the 20's), 50 t of cargo."""
    cargo = {"mass_t": 50, "containers": [{"type": "40", "count": 1}, {"type": "20", "count": 3}]}
    leg = _chain(cargo, FERRY).elements[0]
    wagon = FACTORS.equipment["wagon-1520-flat"].tare_t
    gross = 50 + 3.75 + 3 * 2.3 + (1 + 3 / 2) * wagon
    assert leg.activity == pytest.approx(gross * 100)


def test_the_reefer_share_counts_reefers_of_every_line() -> None:
    cargo = {
        "mass_t": 40,
        "containers": [
            {"type": "40RF", "count": 1},
            {"type": "20RF", "count": 2},
            {"type": "40", "count": 1},
        ],
    }
    result = _chain(cargo, SEA)
    assert result.cargo.boxes == 4
    assert result.cargo.reefer_share == pytest.approx(3 / 4)
    assert result.cargo.teu == pytest.approx(2 + 2 + 2)


def test_a_declared_teu_count_is_used_as_given() -> None:
    result = _chain({"mass_t": 20, "teu": 4}, SEA)
    assert result.cargo.teu == 4
    assert result.elements[0].activity == pytest.approx(4 * 1000)  # TEU-km of the sea leg
    assert not any("TEU from mass" in note for note in result.cargo.notes)


def test_a_mass_from_the_containers_alone_at_glecs_ten_tonnes_per_teu() -> None:
    result = _chain({"containers": [{"type": "40", "count": 1}, {"type": "20", "count": 1}]}, SEA)
    assert result.cargo.mass_t == pytest.approx(30)
    assert "cargo mass defaulted to 10 t per TEU equivalent (GLEC3 p.153)" in result.cargo.notes


def test_teu_from_mass_alone_at_glecs_ten_tonnes() -> None:
    result = _chain({"mass_t": 25}, SEA)
    assert result.cargo.teu == pytest.approx(2.5)
    assert result.cargo.boxes == pytest.approx(2.5)  # boxes of a TEU each, for per-container hub figures
    assert result.elements[0].activity == pytest.approx(2.5 * 1000)
    assert "TEU from mass at 10 t per TEU (GLEC3 p.153)" in result.cargo.notes


def test_the_wagon_tare_comes_from_the_factor_set_or_the_default_flat_car() -> None:
    """Gross mass on a per-gross-tonne-km ferry: a factor set's own wagon tare, else the default flat car."""
    from dataclasses import replace

    from corridor.cargo import FLAT_CAR_TARE_T

    cargo = {"mass_t": 20, "containers": [{"type": "40", "count": 1}]}
    heavy = replace(FACTORS.equipment["wagon-1520-flat"], tare_t=30.0)
    own = replace(FACTORS, equipment={**FACTORS.equipment, "wagon-1520-flat": heavy})
    doc = chain_from_dict({"cargo": cargo, "elements": [FERRY]})
    assert chain_emissions(doc, own).elements[0].activity == pytest.approx((20 + 3.75 + 30) * 100)
    none = replace(FACTORS, equipment={k: v for k, v in FACTORS.equipment.items() if k != "wagon-1520-flat"})
    expected = (20 + 3.75 + FLAT_CAR_TARE_T) * 100
    assert chain_emissions(doc, none).elements[0].activity == pytest.approx(expected)
