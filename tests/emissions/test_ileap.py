"""The iLEAP export has the shapes of the published iLEAP JSON schemas.

Shapes checked (sine-fdn/ileap-extension gen/schemas shipment-footprint.json, toc.json, hoc.json):
required fields, decimal numbers as strings matching ^-?\\d+(\\.\\d+)?$, distance as exactly one of
actual / gcd / sfd, enumerated modes, throughput units, hub types and energy carriers.
"""

from __future__ import annotations

import re
from typing import Any

from corridor import Cargo, Constraints, bundled_network, route
from corridor.emissions import bundled_factors
from corridor.emissions.ileap import footprint_to_ileap
from corridor.routing.plan import chain_document

DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
MODES = {"Road", "Rail", "Air", "Sea", "InlandWaterway"}
CARRIERS = {
    "Diesel",
    "HVO",
    "Petrol",
    "CNG",
    "LNG",
    "LPG",
    "HFO",
    "MGO",
    "Aviation fuel",
    "Hydrogen",
    "Methanol",
    "Electric",
}
HUB_TYPES = {
    "transshipment",
    "storageAndTransshipment",
    "warehouse",
    "liquidBulkTerminal",
    "maritimeContainerterminal",
}


def _export() -> dict[str, Any]:
    result = route(
        bundled_network(),
        "Xi'an",
        "Rotterdam",
        cargo=Cargo.parse("2x40HC"),
        constraints=Constraints(avoid_countries=frozenset({"RU", "BY"}), require_modes=("sea",)),
    )
    option = result.options[-1]
    assert option.emissions is not None
    doc = chain_document(option.chain, result.cargo)
    return footprint_to_ileap(doc, option.emissions, bundled_factors(), shipment_id="s-1")


def test_shipment_footprint_shape() -> None:
    data = _export()
    footprint = data["shipmentFootprint"]
    assert {"mass", "shipmentId", "tces"} <= set(footprint)
    assert DECIMAL.match(footprint["mass"])
    assert footprint["tces"]
    for tce in footprint["tces"]:
        assert {"co2eTTW", "co2eWTW", "distance", "mass", "shipmentId", "tceId", "transportActivity"} <= set(
            tce
        )
        for key in ("co2eTTW", "co2eWTW", "mass", "transportActivity"):
            assert DECIMAL.match(tce[key]), (key, tce[key])
        assert len(tce["distance"]) == 1
        assert set(tce["distance"]) <= {"actual", "gcd", "sfd"}
        assert all(DECIMAL.match(v) for v in tce["distance"].values())
        assert ("tocId" in tce) != ("hocId" in tce) or float(tce["co2eWTW"]) == 0
    ids = [t["tceId"] for t in footprint["tces"]]
    assert len(set(ids)) == len(ids)
    total = sum(float(t["co2eWTW"]) for t in footprint["tces"])
    assert total > 0


def test_toc_and_hoc_shapes() -> None:
    data = _export()
    assert data["tocs"]
    assert data["hocs"]
    for toc in data["tocs"]:
        assert {
            "co2eIntensityTTW",
            "co2eIntensityThroughput",
            "co2eIntensityWTW",
            "energyCarriers",
            "isAccredited",
            "isVerified",
            "mode",
            "tocId",
        } <= set(toc)
        assert toc["mode"] in MODES
        assert toc["co2eIntensityThroughput"] in {"TEUkm", "tkm"}
        assert DECIMAL.match(toc["co2eIntensityWTW"])
        assert DECIMAL.match(toc["co2eIntensityTTW"])
        assert toc["energyCarriers"]
        for carrier in toc["energyCarriers"]:
            assert carrier["energyCarrier"] in CARRIERS
            assert DECIMAL.match(carrier["emissionFactorWTW"])
            assert DECIMAL.match(carrier["emissionFactorTTW"])
    for hoc in data["hocs"]:
        assert {
            "co2eIntensityTTW",
            "co2eIntensityThroughput",
            "co2eIntensityWTW",
            "energyCarriers",
            "hocId",
            "hubType",
            "isAccredited",
            "isVerified",
        } <= set(hoc)
        assert hoc["hubType"] in HUB_TYPES
        assert hoc["co2eIntensityThroughput"] in {"TEU", "tonnes"}
    referenced = {t.get("tocId") for t in data["shipmentFootprint"]["tces"]} - {None}
    assert referenced == {t["tocId"] for t in data["tocs"]}
