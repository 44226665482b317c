"""Export of a chain's footprint in the iLEAP data model (ShipmentFootprint, TOC, HOC).

iLEAP (Smart Freight Centre / SINE Foundation, an extension of the PACT
data model) exchanges ISO 14083 results: a ShipmentFootprint lists transport
chain elements (TCEs), each pointing to a transport operation category (TOC)
or hub operation category (HOC). Numbers are decimal strings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corridor.chain.model import Hub, Leg, TransportChain
from corridor.emissions.energy import with_user_fuels
from corridor.emissions.factors import FactorDataset
from corridor.emissions.results import ChainEmissions, ElementEmissions

if TYPE_CHECKING:
    from corridor.chain.document import ChainDocument

MODES = {"rail": "Rail", "road": "Road", "sea": "Sea", "ferry": "Sea", "iww": "InlandWaterway"}
CARRIERS = {
    "diesel": "Diesel",
    "b5": "Diesel",
    "b7": "Diesel",
    "b10": "Diesel",
    "biodiesel": "Diesel",
    "hvo": "HVO",
    "electricity": "Electric",
    "hfo": "HFO",
    "lfo": "MGO",
    "mdo": "MGO",
    "mgo": "MGO",
    "vlsfo": "HFO",
    "lng": "LNG",
    "lng-truck": "LNG",
    "lng-ship-medium-speed": "LNG",
    "cng-truck": "CNG",
}


def decimal(value: float, places: int = 3) -> str:
    """A number as iLEAP's decimal string: at most ``places`` decimals, no trailing zeros."""
    text = f"{value:.{places}f}"
    return "0" if float(text) == 0 else text.rstrip("0").rstrip(".") if "." in text else text


def footprint_to_ileap(
    chain: TransportChain | ChainDocument, result: ChainEmissions, factors: FactorDataset, *, shipment_id: str
) -> dict[str, Any]:
    """The ShipmentFootprint of ``chain`` with one TOC or HOC per distinct intensity its elements use.

    Each transport chain element links to the TOC (legs) or HOC (hubs) whose
    intensity it was computed with: two legs of one category but different
    intensities (another grid mix, a carrier's own figure) get two TOCs; a hub
    computed from measured energy links a HOC of its own, not its category's.
    Packaging is exported only where the cargo gives containers (a mass-only
    cargo has no ``numberOfItems`` and no packaging, rather than invented boxes).

    Hub defaults are not split into TTW and WTT by GLEC, and their energy mix
    is not published: their ``co2eTTW`` is exported as ``0``, the whole
    figure as ``co2eWTW``, and their ``energyCarriers`` list is empty (the
    schema's NonEmptyVec cannot be honoured without inventing a carrier; the
    report lists this deviation). A leg given only as a carrier's intensity
    has no known energy carriers either, and the same holds.
    """
    typed = chain if isinstance(chain, TransportChain) else _typed(chain)
    factors = with_user_fuels(factors, typed.fuels)
    carrier_types = {**CARRIERS, **{f.id: f.energy_carrier for f in typed.fuels if f.energy_carrier}}
    boxes = sum(n for _, n in typed.cargo.containers) if typed.cargo is not None else 0
    tces: list[dict[str, Any]] = []
    tocs: dict[str, dict[str, Any]] = {}
    hocs: dict[str, dict[str, Any]] = {}
    previous: str | None = None
    for element, em in zip(typed.elements, result.elements, strict=True):
        tce_id = f"{shipment_id}-tce-{em.index + 1}"
        tce: dict[str, Any] = {
            "tceId": tce_id,
            "shipmentId": shipment_id,
            "mass": decimal(result.cargo.mass_t * 1000, 1),
            "co2eWTW": decimal(em.wtw_kg),
            "co2eTTW": decimal(em.ttw_kg or 0.0),
            "transportActivity": decimal(
                _shipment_activity(em, result.cargo.mass_t) if em.element_type == "leg" else em.activity
            ),
            "prevTceIds": [previous] if previous else None,
        }
        if boxes:
            tce["packagingOrTrEqType"] = "Container"
            tce["packagingOrTrEqAmount"] = boxes
        if isinstance(element, Leg):
            tce["distance"] = {"sfd": decimal(em.distance_km)}
            toc = _toc(element, em, factors, carrier_types, result.cargo.mass_t)
            tce["tocId"] = _register(tocs, "tocId", toc)
        else:
            tce["distance"] = {"actual": "0"}
            hoc = _hoc(element, em, factors, result.cargo.teu, carrier_types)
            if hoc is not None:
                tce["hocId"] = _register(hocs, "hocId", hoc)
        tces.append(tce)
        previous = tce_id
    footprint: dict[str, Any] = {
        "shipmentId": shipment_id,
        "mass": decimal(result.cargo.mass_t * 1000, 1),
        "tces": tces,
    }
    if boxes:
        footprint["numberOfItems"] = str(boxes)
        footprint["typeOfItems"] = "container"
    return {"shipmentFootprint": footprint, "tocs": list(tocs.values()), "hocs": list(hocs.values())}


def _register(known: dict[str, dict[str, Any]], key: str, item: dict[str, Any]) -> str:
    """The id of ``item`` among ``known``: the same id for the same figures, a new one for new figures."""
    base = item[key]
    same = {k: v for k, v in item.items() if k != key}
    for number in range(1, len(known) + 2):
        candidate = base if number == 1 else f"{base}-{number}"
        existing = known.get(candidate)
        if existing is None:
            known[candidate] = {**item, key: candidate}
            return candidate
        if {k: v for k, v in existing.items() if k != key} == same:
            return candidate
    raise AssertionError("unreachable: a free id always exists")


def _hoc(
    hub: Hub, em: ElementEmissions, factors: FactorDataset, teu: float, types: dict[str, str]
) -> dict[str, Any] | None:
    if em.data_category == "primary" or em.operation_id is not None or hub.intensity is not None:
        # iLEAP's throughput units are tonnes and TEU: a per-box allocation is stated per TEU of the cargo
        per_box = em.activity_unit == "container"
        amount = teu if per_box else em.activity
        per_t = em.wtw_kg / amount if amount else 0.0
        ttw_per_t = (em.ttw_kg or 0.0) / amount if amount else 0.0
        if em.operation_id is not None:
            hoc_id = f"corridor-operation-{em.operation_id}"
            description = f"{em.allocation_share:.4%} of hub operation {em.operation_id}"
        elif hub.intensity is not None:
            hoc_id = f"corridor-{hub.intensity.hoc_id or 'operator-hub'}"
            description = f"the hub operator's intensity ({em.data_category} data)"
        else:
            hoc_id, description = "corridor-primary-hub", f"measured energy at {hub.node_id or 'the hub'}"
        return {
            "hocId": hoc_id,
            "description": description,
            "hubType": "transshipment",
            "co2eIntensityWTW": decimal(per_t, 6),
            "co2eIntensityTTW": decimal(ttw_per_t, 6),
            "co2eIntensityThroughput": "TEU" if per_box or em.activity_unit == "TEU" else "tonnes",
            "isVerified": False,
            "isAccredited": False,
            "energyCarriers": _carriers(em, factors, types),
        }
    if not hub.hoc:
        return None
    hoc = factors.hocs[hub.hoc]
    per_unit = em.wtw_kg / em.activity if em.activity else hoc.wtw_kg
    return {
        "hocId": f"corridor-{hoc.hoc_id}",
        "description": hoc.description,
        "hubType": hoc.hub_type,
        "co2eIntensityWTW": decimal(per_unit, 6),
        "co2eIntensityTTW": "0",
        "co2eIntensityThroughput": "TEU" if hoc.activity_unit == "container" else "tonnes",
        "isVerified": False,
        "isAccredited": False,
        "energyCarriers": [],
    }


def _carriers(em: ElementEmissions, factors: FactorDataset, types: dict[str, str]) -> list[dict[str, Any]]:
    """Energy carriers with their factors: kg CO2e per kg of fuel, or per kWh of electricity."""
    out: list[dict[str, Any]] = []
    for carrier in em.energy_carriers:
        if carrier == "electricity":
            per_kwh = em.electricity_kg / em.electricity_kwh if em.electricity_kwh else 0.0
            out.append(
                {
                    "energyCarrier": "Electric",
                    "emissionFactorWTW": decimal(per_kwh, 4),
                    "emissionFactorTTW": "0",
                    "energyConsumption": decimal(em.electricity_kwh, 1),
                    "energyConsumptionUnit": "kWh",
                    "feedstocks": [{"feedstock": "Grid"}],
                }
            )
        elif carrier in factors.fuels:
            fuel = factors.fuels[carrier]
            entry = {
                "energyCarrier": types.get(carrier, "Diesel"),
                "emissionFactorWTW": decimal(fuel.wtw_kg_per_kg, 4),
                "emissionFactorTTW": decimal(fuel.ttw_kg_per_kg, 4),
                "energyConsumptionUnit": "kg",
            }
            used = [kg for name, kg in em.fuels_kg if name == carrier]
            if used:
                entry["energyConsumption"] = decimal(sum(used), 1)
            out.append(entry)
    return out


def _shipment_activity(em: ElementEmissions, mass_t: float) -> float:
    """A leg's activity in iLEAP's units: its own if tkm or TEU-km, else the shipment's tonne-km."""
    return em.activity if em.activity_unit in ("tkm", "TEUkm") else mass_t * em.distance_km * em.daf


def _toc(
    leg: Leg, em: ElementEmissions, factors: FactorDataset, types: dict[str, str], mass_t: float
) -> dict[str, Any]:
    # iLEAP intensities are per tkm or TEU-km: other keys (gross tkm, peq km, lane-metre km) are stated
    # per tonne-km of this shipment
    activity = _shipment_activity(em, mass_t)
    wtw_g = em.wtw_kg * 1000.0 / activity if activity else 0.0
    ttw_g = (em.ttw_kg or 0.0) * 1000.0 / activity if activity else 0.0
    toc: dict[str, Any] = {
        "tocId": f"corridor-{em.category_id}",
        "mode": MODES[leg.mode],
        "description": em.category_id,
        "isVerified": False,
        "isAccredited": False,
        "co2eIntensityWTW": decimal(wtw_g / 1000.0, 6),
        "co2eIntensityTTW": decimal(ttw_g / 1000.0, 6),
        "co2eIntensityThroughput": "TEUkm" if em.activity_unit == "TEUkm" else "tkm",
        "energyCarriers": _carriers(em, factors, types),
    }
    if em.load_factor is not None:
        toc["loadFactor"] = decimal(em.load_factor, 4)
    if em.empty_running is not None:
        toc["emptyDistanceFactor"] = decimal(em.empty_running, 4)
    return toc


def _typed(document: ChainDocument) -> TransportChain:
    from corridor.chain.convert import chain_from_document  # pydantic: imported by whoever made it

    return chain_from_document(document)
