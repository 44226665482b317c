"""Well-to-tank and tank-to-wheel reported apart, and reefer boxes mixed into a leg's intensity.

WTT (energy provision, a carrier's Scope 3) and TTW (operation, its Scope 1)
are reported separately by ISO 14083, so each is checked on its own against
the GLEC v3.0 default tables, not only their sum. Expected figures are
computed here from the published g per unit, never read back from the code.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.network import Network
from corridor.routing import Cargo, Constraints, route

FACTORS = bundled_factors()


def one_leg(cargo: dict[str, Any], leg: dict[str, Any]) -> tuple[float, float]:
    """(WTT, TTW) kg of a chain of one leg, from the element and from the chain totals."""
    result = chain_emissions(chain_from_dict({"cargo": cargo, "elements": [leg]}), FACTORS)
    element = result.elements[0]
    assert (element.wtt_kg, element.ttw_kg) == (result.wtt_kg, result.ttw_kg)
    assert element.wtt_kg is not None
    assert element.ttw_kg is not None
    return element.wtt_kg, element.ttw_kg


TEN_TEU = {"containers": [{"type": "20", "count": 10}]}


@pytest.mark.parametrize(
    ("cargo", "leg", "wtt_kg", "ttw_kg"),
    [
        pytest.param(  # GLEC3 p.118 worked example: 10.48 t WTW = 210,000 TEU-km x (6.8 + 43.1) g
            TEN_TEU,
            {"type": "leg", "mode": "sea", "distance_km": 21_000, "toc": "sea-container-asia-north-europe"},
            210_000 * 6.8 / 1000,
            210_000 * 43.1 / 1000,
            id="E10-deep-sea",
        ),
        pytest.param(  # GLEC3 Tables 16-17: industry average 12.1 + 76.9 g/TEU-km, the default for sea
            TEN_TEU,
            {"type": "leg", "mode": "sea", "distance_km": 1000},
            10_000 * 12.1 / 1000,
            10_000 * 76.9 / 1000,
            id="sea-default",
        ),
        pytest.param(  # GLEC3 Table 4: EU diesel container train 6.4 + 21.2 g/tkm
            {"mass_t": 10},
            {"type": "leg", "mode": "rail", "distance_km": 1000, "electric_share": 0},
            10_000 * 6.4 / 1000,
            10_000 * 21.2 / 1000,
            id="rail-diesel",
        ),
        pytest.param(  # electric traction: all of it is energy provision (GLEC3 Module 1), TTW is 0
            {"mass_t": 10},
            {"type": "leg", "mode": "rail", "distance_km": 1000, "electric_share": 1, "countries": ["DE"]},
            10_000 * 0.024 * 336.38 / 1000,
            0.0,
            id="rail-electric-DE",
        ),
        pytest.param(  # half and half: the diesel half's split and the electric half's provision
            {"mass_t": 10},
            {"type": "leg", "mode": "rail", "distance_km": 1000, "electric_share": 0.5, "countries": ["GE"]},
            5_000 * 6.4 / 1000 + 5_000 * 0.024 * 145 / 1000,
            5_000 * 21.2 / 1000,
            id="rail-half-electric-GE",
        ),
        pytest.param(  # GLEC3 Table 8: artic 40 t container, Europe 22 + 73 g/tkm
            {"mass_t": 10},
            {"type": "leg", "mode": "road", "distance_km": 1000, "countries": ["DE"]},
            10_000 * 22 / 1000,
            10_000 * 73 / 1000,
            id="road-eu",
        ),
        pytest.param(  # GLEC3 p.94: Asia +22% on both parts
            {"mass_t": 10},
            {"type": "leg", "mode": "road", "distance_km": 1000, "countries": ["KZ"]},
            10_000 * 22 * 1.22 / 1000,
            10_000 * 73 * 1.22 / 1000,
            id="road-asia",
        ),
        pytest.param(  # GLEC3 Table 15: Ro-Pax 18.4 + 106.4 g per gross tkm; 20 + 3.75 + 19.5 t gross
            {"containers": [{"type": "40", "count": 1}], "mass_t": 20},
            {"type": "leg", "mode": "ferry", "distance_km": 100},
            43.25 * 100 * 18.4 / 1000,
            43.25 * 100 * 106.4 / 1000,
            id="ferry-gross",
        ),
        pytest.param(  # GLEC3 Table 2: inland container vessel 110 m, 6.3 + 20.7 g/tkm
            {"mass_t": 10},
            {"type": "leg", "mode": "iww", "distance_km": 1000},
            10_000 * 6.3 / 1000,
            10_000 * 20.7 / 1000,
            id="iww",
        ),
    ],
)
def test_wtt_and_ttw_of_default_legs(
    cargo: dict[str, Any], leg: dict[str, Any], wtt_kg: float, ttw_kg: float
) -> None:
    wtt, ttw = one_leg(cargo, leg)
    assert wtt == pytest.approx(wtt_kg, rel=1e-12)
    assert ttw == pytest.approx(ttw_kg, rel=1e-12, abs=1e-12)


def test_wtt_and_ttw_through_the_api(client: TestClient) -> None:
    doc = {
        "cargo": TEN_TEU,
        "elements": [
            {"type": "leg", "mode": "sea", "distance_km": 21_000, "toc": "sea-container-asia-north-europe"},
            {"type": "hub", "hoc": "maritime-container-terminal"},
        ],
    }
    totals = client.post("/v1/emissions", json=doc).json()["totals"]
    assert totals["wtt_kg"] == pytest.approx(1428.0)
    assert totals["ttw_kg"] == pytest.approx(9051.0)
    assert totals["hubs_not_split_kg"] == pytest.approx(10 * 10.7)
    assert totals["wtw_kg"] == pytest.approx(1428.0 + 9051.0 + 107.0)


def test_a_routed_sea_leg_splits_like_the_glec_table(tiny: Network) -> None:
    """The tiny network's feeder L4 (450 km, no lane given: industry average) for 2 x 40' = 4 TEU."""
    result = route(
        tiny,
        "Alpha",
        "Omega",
        cargo=Cargo.parse("2x40"),
        constraints=Constraints(require_modes=("sea",)),
        criteria=("time",),
    )
    option = result.options[0]
    assert option.emissions is not None
    sea = [e for e in option.emissions.elements if e.mode == "sea"]
    assert len(sea) == 1
    assert sea[0].wtt_kg == pytest.approx(4 * 450 * 12.1 / 1000)
    assert sea[0].ttw_kg == pytest.approx(4 * 450 * 76.9 / 1000)


@pytest.mark.parametrize(
    ("containers", "toc", "wtt_g", "ttw_g"),
    [
        # all reefers: the reefer row, nothing of the ambient one (GLEC3 Tables 16-17)
        ([("40RF", 1)], "sea-container-asia-north-europe", 17.6, 111.2),
        # one reefer box in two: half each (shares are by box, GLEC3 p.99)
        ([("40", 1), ("40RF", 1)], "sea-container-asia-north-europe", (6.8 + 17.6) / 2, (43.1 + 111.2) / 2),
        # one in four, on a lane without a reefer row: the industry-average reefer row stands in
        (
            [("20", 3), ("20RF", 1)],
            "sea-container-intra-mediterranean",
            0.75 * 27.3 + 0.25 * 23.5,
            0.75 * 173.0 + 0.25 * 148.7,
        ),
    ],
)
def test_reefer_boxes_are_mixed_into_the_intensity_not_added(
    containers: list[tuple[str, int]], toc: str, wtt_g: float, ttw_g: float
) -> None:
    cargo = {"containers": [{"type": t, "count": n} for t, n in containers]}
    teu = sum((2 if t.startswith("40") else 1) * n for t, n in containers)
    wtt, ttw = one_leg(cargo, {"type": "leg", "mode": "sea", "distance_km": 1000, "toc": toc})
    assert wtt == pytest.approx(teu * 1000 * wtt_g / 1000, rel=1e-12)
    assert ttw == pytest.approx(teu * 1000 * ttw_g / 1000, rel=1e-12)


def test_reefer_boxes_at_a_terminal_are_mixed_too() -> None:
    """GLEC3 Table 3: 10.7 kg per box ambient, 12.6 kg per reefer box."""
    doc = {
        "cargo": {"containers": [{"type": "40", "count": 3}, {"type": "40RF", "count": 1}]},
        "elements": [{"type": "hub", "hoc": "maritime-container-terminal"}],
    }
    assert chain_emissions(chain_from_dict(doc), FACTORS).wtw_kg == pytest.approx(3 * 10.7 + 12.6)
