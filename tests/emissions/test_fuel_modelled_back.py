"""Fuel burnt, modelled back from a leg's tank-to-wheel emissions (GLEC3 p.92: TTW / the fuel's TTW factor).

Oracles: GLEC v3's diesel train (21.2 g TTW per tkm), diesel at 3.17 kg TTW per kg and HVO at
0.0022 kg TTW per kg (biogenic CO2 not counted), and hand arithmetic.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.factors import FactorDataset
from corridor.emissions.results import ChainEmissions

FACTORS = bundled_factors()
DIESEL_TRAIN = "rail-container-diesel"
TWO_SEGMENTS = {
    "type": "leg",
    "mode": "rail",
    "segments": [
        {"distance_km": 10, "electric_share": 0, "countries": ["KZ"]},
        {"distance_km": 10, "electric_share": 0, "countries": ["KZ"]},
    ],
}


def _chain(*elements: dict[str, Any], factors: FactorDataset = FACTORS, mass_t: float = 1) -> ChainEmissions:
    cargo = {"mass_t": mass_t, "containers": [{"type": "20", "count": 1}]}
    return chain_emissions(chain_from_dict({"cargo": cargo, "elements": list(elements)}), factors)


def _train(**changes: Any) -> FactorDataset:
    return replace(
        FACTORS, tocs={**FACTORS.tocs, DIESEL_TRAIN: replace(FACTORS.tocs[DIESEL_TRAIN], **changes)}
    )


def test_diesel_burnt_over_two_segments_adds_up_even_when_it_is_under_a_kilogram() -> None:
    leg = _chain(TWO_SEGMENTS).elements[0]
    ttw = 1 * 20 * 21.2 / 1000  # 0.424 kg
    assert leg.ttw_kg == pytest.approx(ttw)
    assert dict(leg.fuels_kg) == pytest.approx({"diesel": ttw / 3.17})


def test_an_hvo_train_reports_its_hvo() -> None:
    """HVO's TTW factor is tiny (biogenic carbon), so its fuel mass is large: TTW / 0.0022."""
    leg = _chain(TWO_SEGMENTS, factors=_train(energy_carrier="hvo", ttw_g=0.05)).elements[0]
    assert dict(leg.fuels_kg) == pytest.approx({"hvo": (1 * 20 * 0.05 / 1000) / 0.0022})


def test_no_fuel_mass_where_it_cannot_be_modelled_back() -> None:
    """No fuel mass, and no failure, for a carrier the factor set has no fuel for, a fuel counted at zero
    TTW, or a leg without TTW."""
    unknown = _chain(TWO_SEGMENTS, factors=_train(energy_carrier="ammonia")).elements[0]
    assert unknown.fuels_kg == ()
    assert unknown.ttw_kg == pytest.approx(1 * 20 * 21.2 / 1000)
    zero_fuel = replace(
        _train(energy_carrier="hvo"),
        fuels={**FACTORS.fuels, "hvo": replace(FACTORS.fuels["hvo"], ttw_kg_per_kg=0.0)},
    )
    assert _chain(TWO_SEGMENTS, factors=zero_fuel).elements[0].fuels_kg == ()
    assert _chain(TWO_SEGMENTS, factors=_train(ttw_g=0.0)).elements[0].fuels_kg == ()


def test_a_leg_mixing_load_factors_reports_none_of_them() -> None:
    """Electric and diesel parts on different load factors: no single load factor applies to the leg."""
    electric = replace(FACTORS.tocs["rail-container-electric"], load_factor=0.6, empty_running=0.2)
    factors = replace(FACTORS, tocs={**FACTORS.tocs, "rail-container-electric": electric})
    leg = {"type": "leg", "mode": "rail", "distance_km": 100, "electric_share": 0.5, "countries": ["KZ"]}
    element = _chain(leg, factors=factors).elements[0]
    assert (element.load_factor, element.empty_running) == (None, None)
    same = _chain(
        leg,
        factors=replace(
            FACTORS,
            tocs={
                **FACTORS.tocs,
                "rail-container-electric": replace(electric, load_factor=0.5, empty_running=0.17),
            },
        ),
    ).elements[0]
    assert (same.load_factor, same.empty_running) == (0.5, 0.17)


def test_a_default_leg_keeps_its_place_in_the_chain() -> None:
    result = _chain({"type": "hub", "node_id": "KZAKX"}, TWO_SEGMENTS)
    assert [e.index for e in result.elements] == [0, 1]
    assert result.to_dict()["elements"][1]["index"] == 1
