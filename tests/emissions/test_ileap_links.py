"""The iLEAP export links each element to the TOC or HOC of the intensity it was computed with.

Reproductions of the export bugs of issue 12 with generic numbers; the iLEAP data model
(iLEAP technical specification, ShipmentFootprint / TCE / TOC / HOC) is the oracle: one TOC
per distinct intensity, TCEs referencing it, non-empty energy carriers where fuels are known,
no invented packaging, and transport activity that sums to the chain's.
"""

from __future__ import annotations

from typing import Any

import pytest

from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.ileap import footprint_to_ileap


def _export(doc: dict[str, Any]) -> dict[str, Any]:
    chain = chain_from_dict(doc)
    return footprint_to_ileap(
        chain, chain_emissions(chain, bundled_factors()), bundled_factors(), shipment_id="s"
    )


def _road(km: float, wtw_g: float, ttw_g: float) -> dict[str, Any]:
    return {
        "type": "leg",
        "mode": "road",
        "distance_km": km,
        "countries": ["DE"],
        "intensity": {"wtw_g": wtw_g, "ttw_g": ttw_g, "unit": "tkm"},
    }


def test_two_carrier_intensities_make_two_tocs_each_linked_by_its_leg() -> None:
    data = _export({"cargo": {"mass_t": 10}, "elements": [_road(100, 50, 40), _road(200, 80, 64)]})
    tocs = {t["tocId"]: t for t in data["tocs"]}
    assert len(tocs) == 2
    first, second = (tocs[t["tocId"]] for t in data["shipmentFootprint"]["tces"])
    assert (first["co2eIntensityWTW"], first["co2eIntensityTTW"]) == ("0.05", "0.04")
    assert (second["co2eIntensityWTW"], second["co2eIntensityTTW"]) == ("0.08", "0.064")
    # each TCE's emissions are its activity times the intensity of the TOC it points to
    for tce in data["shipmentFootprint"]["tces"]:
        toc = tocs[tce["tocId"]]
        assert float(tce["co2eWTW"]) == pytest.approx(
            float(tce["transportActivity"]) * float(toc["co2eIntensityWTW"])
        )


def test_the_same_intensity_twice_is_one_toc() -> None:
    data = _export({"cargo": {"mass_t": 10}, "elements": [_road(100, 50, 40), _road(300, 50, 40)]})
    assert len(data["tocs"]) == 1
    assert {t["tocId"] for t in data["shipmentFootprint"]["tces"]} == {data["tocs"][0]["tocId"]}


def test_a_hub_with_measured_energy_links_its_own_hoc_not_its_categorys() -> None:
    hub = {"type": "hub", "hoc": "transshipment", "primary": {"electricity_kwh": 100, "grid_g_per_kwh": 400}}
    data = _export({"cargo": {"mass_t": 20}, "elements": [_road(100, 50, 40), hub]})
    tce = data["shipmentFootprint"]["tces"][1]
    hoc = next(h for h in data["hocs"] if h["hocId"] == tce["hocId"])
    assert float(tce["co2eWTW"]) == pytest.approx(40.0)  # 100 kWh x 400 g
    assert float(hoc["co2eIntensityWTW"]) == pytest.approx(40.0 / 20)  # per tonne handled
    assert hoc["energyCarriers"][0]["energyCarrier"] == "Electric"


def test_a_leg_with_measured_fuel_names_its_energy_carrier_and_amount() -> None:
    leg = {
        "type": "leg",
        "mode": "road",
        "distance_km": 100,
        "primary": {"fuels": [{"fuel": "diesel", "kg": 30}]},
    }
    data = _export({"cargo": {"mass_t": 10}, "elements": [leg]})
    (carrier,) = data["tocs"][0]["energyCarriers"]
    assert carrier["energyCarrier"] == "Diesel"
    assert carrier["energyConsumption"] == "30"
    assert carrier["energyConsumptionUnit"] == "kg"


def test_mass_only_cargo_has_no_invented_containers() -> None:
    data = _export({"cargo": {"mass_t": 25}, "elements": [_road(100, 50, 40)]})
    footprint = data["shipmentFootprint"]
    assert "numberOfItems" not in footprint
    assert "typeOfItems" not in footprint
    assert all("packagingOrTrEqAmount" not in t for t in footprint["tces"])


def test_containers_are_counted_as_given() -> None:
    doc = {"cargo": {"containers": [{"type": "40HC", "count": 2}]}, "elements": [_road(100, 50, 40)]}
    footprint = _export(doc)["shipmentFootprint"]
    assert footprint["numberOfItems"] == "2"
    assert footprint["tces"][0]["packagingOrTrEqAmount"] == 2


def test_a_distance_adjustment_factor_scales_the_chains_tkm_as_it_scales_the_legs() -> None:
    """One rule (ISO 14083 / GLEC): the DAF scales the activity; distance stays the planned one."""
    leg = {**_road(100, 50, 40), "daf": 1.05}
    result = chain_emissions(chain_from_dict({"cargo": {"mass_t": 10}, "elements": [leg]}), bundled_factors())
    assert result.elements[0].activity == pytest.approx(10 * 100 * 1.05)
    assert result.tkm == pytest.approx(result.elements[0].activity)
    assert result.distance_km == pytest.approx(100)
    assert result.wtw_kg == pytest.approx(10 * 105 * 50 / 1000)
