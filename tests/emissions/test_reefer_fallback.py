"""A reefer on a truck or a train is not given a container ship's reefer intensity.

A bug found by mutation testing: a category without its own reefer figure took the sea
industry-average reefer intensity (GLEC v3: 23.5 g WTT and 148.7 g TTW per TEU-km), a figure per
TEU-km of a container ship, and applied it per tonne-km to road and rail legs: a 40-foot reefer of
20 t by truck came out at 344 kg instead of 190 kg per 100 km, by diesel train at 344 kg instead of
55 kg. Only sea legs may fall back to the sea average; road says it used its ambient value, rail
uses its ambient value.
"""

from __future__ import annotations

from typing import Any

import pytest

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict

FACTORS = bundled_factors()


def _leg(container: str, leg: dict[str, Any]) -> Any:
    doc = chain_from_dict(
        {"cargo": {"mass_t": 20, "containers": [{"type": container, "count": 1}]}, "elements": [leg]}
    )
    return chain_emissions(doc, FACTORS).elements[0]


@pytest.mark.parametrize(
    ("leg", "toc", "note"),
    [
        (
            {"type": "leg", "mode": "rail", "distance_km": 100, "electric_share": 0, "countries": ["KZ"]},
            "rail-container-diesel",
            (),
        ),
    ],
)
def test_a_land_leg_of_a_reefer_keeps_its_own_categorys_figure(
    leg: dict[str, Any], toc: str, note: tuple[str, ...]
) -> None:
    category = FACTORS.tocs[toc]
    assert category.reefer_wtt_g is None  # no reefer figure of its own
    reefer = _leg("40RF", leg)
    # 20 t over 100 km at the category's ambient intensity
    assert reefer.wtt_kg == pytest.approx(20 * 100 * (category.wtt_g or 0) / 1000)
    assert reefer.ttw_kg == pytest.approx(20 * 100 * (category.ttw_g or 0) / 1000)
    assert reefer.wtw_kg == pytest.approx(_leg("40", leg).wtw_kg)
    assert reefer.notes == note


def test_a_reefer_truck_takes_glecs_twelve_percent_not_the_ships_figure() -> None:
    """GLEC Framework v3 p.94: temperature-controlled road transport, +12 % on the ambient figure."""
    category = FACTORS.tocs["road-artic-40t-container-eu"]
    assert category.reefer_wtt_g == pytest.approx(1.12 * (category.wtt_g or 0))
    leg = {"type": "leg", "mode": "road", "distance_km": 100, "countries": ["DE"]}
    reefer, ambient = _leg("40RF", leg), _leg("40", leg)
    # 20 t over 100 km: 12 % above the same box unrefrigerated, nowhere near a ship's per-TEU-km figure
    assert reefer.wtw_kg == pytest.approx(1.12 * ambient.wtw_kg)
    assert reefer.wtt_kg == pytest.approx(20 * 100 * (category.reefer_wtt_g or 0) / 1000)


def test_a_sea_lane_without_a_reefer_figure_falls_back_to_the_sea_average() -> None:
    lane = FACTORS.tocs["sea-container-intra-mediterranean"]
    average = FACTORS.tocs["sea-container-industry-average"]
    assert lane.reefer_wtt_g is None
    leg = {"type": "leg", "mode": "sea", "distance_km": 1000, "toc": lane.toc_id}
    reefer = _leg("40RF", leg)
    # every box is a reefer: 2 TEU x 1,000 km at the industry-average reefer intensity
    assert reefer.wtt_kg == pytest.approx(2 * 1000 * (average.reefer_wtt_g or 0) / 1000)
    assert reefer.ttw_kg == pytest.approx(2 * 1000 * (average.reefer_ttw_g or 0) / 1000)
    assert reefer.notes == ("reefer share at the industry-average reefer intensity (no lane value)",)
