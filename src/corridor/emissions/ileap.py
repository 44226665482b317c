"""Export of a chain's footprint in the iLEAP data model (ShipmentFootprint, TOC, HOC).

iLEAP (Smart Freight Centre / SINE Foundation, an extension of the PACT
data model) exchanges ISO 14083 results: a ShipmentFootprint lists transport
chain elements (TCEs), each pointing to a transport operation category (TOC)
or hub operation category (HOC). Numbers are decimal strings.
"""

from __future__ import annotations

from typing import Any

from corridor.chain.document import ChainDocument, Hub, Leg
from corridor.emissions.calculate import ChainEmissions, ElementEmissions
from corridor.emissions.factors import FactorDataset

MODES = {"rail": "Rail", "road": "Road", "sea": "Sea", "ferry": "Sea", "iww": "InlandWaterway"}
CARRIERS = {
    "diesel": "Diesel",
    "electricity": "Electric",
    "hfo": "HFO",
    "mdo": "MGO",
    "mgo": "MGO",
    "vlsfo": "HFO",
    "lng": "LNG",
}


def _decimal(value: float, places: int = 3) -> str:
    text = f"{value:.{places}f}"
    return "0" if float(text) == 0 else text.rstrip("0").rstrip(".") if "." in text else text


def footprint_to_ileap(
    chain: ChainDocument, result: ChainEmissions, factors: FactorDataset, *, shipment_id: str
) -> dict[str, Any]:
    """The ShipmentFootprint of ``chain`` with the TOCs and HOCs its elements use.

    Hub defaults are not split into TTW and WTT by GLEC, and their energy mix
    is not published: their ``co2eTTW`` is exported as ``0``, the whole
    figure as ``co2eWTW``, and their ``energyCarriers`` list is empty (the
    schema's NonEmptyVec cannot be honoured without inventing a carrier; the
    report lists this deviation).
    """
    tces: list[dict[str, Any]] = []
    tocs: dict[str, dict[str, Any]] = {}
    hocs: dict[str, dict[str, Any]] = {}
    previous: str | None = None
    for element, em in zip(chain.elements, result.elements, strict=True):
        tce_id = f"{shipment_id}-tce-{em.index + 1}"
        tce: dict[str, Any] = {
            "tceId": tce_id,
            "shipmentId": shipment_id,
            "mass": _decimal(result.cargo.mass_t * 1000, 1),
            "co2eWTW": _decimal(em.wtw_kg),
            "co2eTTW": _decimal(em.ttw_kg or 0.0),
            "transportActivity": _decimal(em.activity),
            "prevTceIds": [previous] if previous else None,
            "packagingOrTrEqType": "Container",
            "packagingOrTrEqAmount": round(result.cargo.boxes),
        }
        if isinstance(element, Leg):
            tce["distance"] = {"sfd": _decimal(em.distance_km)}
            toc_id = f"corridor-{em.category_id}"
            tce["tocId"] = toc_id
            tocs.setdefault(toc_id, _toc(element, em.intensity_wtw_g or 0.0, em, factors))
        else:
            assert isinstance(element, Hub)
            tce["distance"] = {"actual": "0"}
            if element.hoc:
                hoc = factors.hocs[element.hoc]
                tce["hocId"] = f"corridor-{hoc.hoc_id}"
                hocs.setdefault(
                    tce["hocId"],
                    {
                        "hocId": tce["hocId"],
                        "description": hoc.description,
                        "hubType": hoc.hub_type,
                        "co2eIntensityWTW": _decimal(hoc.wtw_kg),
                        "co2eIntensityTTW": "0",
                        "co2eIntensityThroughput": "TEU" if hoc.activity_unit == "container" else "tonnes",
                        "isVerified": False,
                        "isAccredited": False,
                        "energyCarriers": [],
                    },
                )
        tces.append(tce)
        previous = tce_id
    return {
        "shipmentFootprint": {
            "shipmentId": shipment_id,
            "mass": _decimal(result.cargo.mass_t * 1000, 1),
            "numberOfItems": str(round(result.cargo.boxes)),
            "typeOfItems": "container",
            "tces": tces,
        },
        "tocs": list(tocs.values()),
        "hocs": list(hocs.values()),
    }


def _carriers(em: ElementEmissions, factors: FactorDataset) -> list[dict[str, Any]]:
    """Energy carriers with their factors: kg CO2e per kg of fuel, or per kWh of electricity."""
    out = []
    for carrier in em.energy_carriers:
        if carrier == "electricity":
            per_kwh = em.electricity_kg / em.electricity_kwh if em.electricity_kwh else 0.0
            out.append(
                {
                    "energyCarrier": "Electric",
                    "emissionFactorWTW": _decimal(per_kwh, 4),
                    "emissionFactorTTW": "0",
                    "energyConsumption": _decimal(em.electricity_kwh, 1),
                    "energyConsumptionUnit": "kWh",
                    "feedstocks": [{"feedstock": "Grid"}],
                }
            )
        elif carrier in factors.fuels:
            fuel = factors.fuels[carrier]
            out.append(
                {
                    "energyCarrier": CARRIERS.get(carrier, "Diesel"),
                    "emissionFactorWTW": _decimal(fuel.wtw_kg_per_kg, 4),
                    "emissionFactorTTW": _decimal(fuel.ttw_kg_per_kg, 4),
                    "energyConsumptionUnit": "kg",
                }
            )
    return out


def _toc(leg: Leg, intensity_g: float, em: ElementEmissions, factors: FactorDataset) -> dict[str, Any]:
    ttw_g = (em.ttw_kg or 0.0) * 1000.0 / em.activity if em.activity else 0.0
    return {
        "tocId": f"corridor-{em.category_id}",
        "mode": MODES[leg.mode],
        "description": em.category_id,
        "isVerified": False,
        "isAccredited": False,
        "co2eIntensityWTW": _decimal(intensity_g / 1000.0, 6),
        "co2eIntensityTTW": _decimal(ttw_g / 1000.0, 6),
        "co2eIntensityThroughput": "TEUkm" if em.activity_unit == "TEUkm" else "tkm",
        "energyCarriers": _carriers(em, factors),
    }
