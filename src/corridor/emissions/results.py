"""The records of an emissions result: the cargo as resolved, each element's emissions, the chain's totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CargoFacts:
    """Mass, TEU and boxes of the cargo, with how each was obtained."""

    mass_t: float
    teu: float
    boxes: float
    reefer_share: float
    gross_t_per_box_mix: float | None
    notes: tuple[str, ...]
    container_tare_t: float = 0.0
    vehicle_tare_t: float | None = None
    #: ``container``, ``liquid_bulk`` or ``dry_bulk``: which rail category a rail leg takes
    form: str = "container"


@dataclass(frozen=True, slots=True)
class ElementEmissions:
    """Emissions of one chain element, with the activity and the factors behind them."""

    index: int
    element_type: str
    mode: str | None
    category_id: str
    activity: float
    activity_unit: str
    distance_km: float
    wtt_kg: float | None
    ttw_kg: float | None
    wtw_kg: float
    data_category: str
    energy_carriers: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    node_id: str | None = None
    electricity_kwh: float = 0.0
    electricity_kg: float = 0.0
    daf: float = 1.0
    fuels_kg: tuple[tuple[str, float], ...] = ()
    operation_id: str | None = None
    allocation_share: float | None = None
    load_factor: float | None = None
    empty_running: float | None = None
    energy_mj: float | None = None

    @property
    def intensity_wtw_g(self) -> float | None:
        """WTW grams per unit of activity."""
        return self.wtw_kg * 1000.0 / self.activity if self.activity else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {
            "index": self.index,
            "type": self.element_type,
            "mode": self.mode,
            "category": self.category_id,
            "node_id": self.node_id,
            "activity": self.activity,
            "activity_unit": self.activity_unit,
            "distance_km": self.distance_km,
            "intensity_wtw_g_per_unit": self.intensity_wtw_g,
            "wtt_kg": self.wtt_kg,
            "ttw_kg": self.ttw_kg,
            "wtw_kg": self.wtw_kg,
            "data_category": self.data_category,
            "energy_carriers": list(self.energy_carriers),
            "electricity_kwh": self.electricity_kwh,
            "fuels_kg": dict(self.fuels_kg),
            "energy_mj": self.energy_mj,
            "energy_mj_per_unit": self.energy_mj / self.activity
            if self.energy_mj is not None and self.activity
            else None,
            "operation": self.operation_id,
            "allocation_share": self.allocation_share,
            "load_factor_included": self.load_factor,
            "empty_running_included": self.empty_running,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class ChainEmissions:
    """Emissions of a whole chain, per element and in total."""

    elements: tuple[ElementEmissions, ...]
    cargo: CargoFacts
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def wtw_kg(self) -> float:
        """Well-to-wheel total."""
        return sum(e.wtw_kg for e in self.elements)

    @property
    def ttw_kg(self) -> float:
        """Tank-to-wheel (operational) total of the elements that split it."""
        return sum(e.ttw_kg for e in self.elements if e.ttw_kg is not None)

    @property
    def wtt_kg(self) -> float:
        """Well-to-tank (energy provision) total of the elements that split it."""
        return sum(e.wtt_kg for e in self.elements if e.wtt_kg is not None)

    @property
    def unsplit_kg(self) -> float:
        """WTW of elements whose factors are not split into WTT and TTW (hub defaults)."""
        return sum(e.wtw_kg for e in self.elements if e.ttw_kg is None)

    @property
    def tkm(self) -> float:
        """Transport activity of the chain: cargo mass times leg distance, each adjusted by its DAF.

        The one rule for a distance adjustment factor (ISO 14083 5.2.4, GLEC):
        it scales the activity, so the chain's tonne-km are the sum of its
        legs' adjusted tonne-km, while ``distance_km`` stays the planned
        (shortest feasible) distance.
        """
        return self.cargo.mass_t * sum(
            e.distance_km * e.daf for e in self.elements if e.element_type == "leg"
        )

    @property
    def energy_mj(self) -> float:
        """Energy of the elements whose energy is known (see :attr:`energy_unknown_wtw_kg`)."""
        return sum(e.energy_mj for e in self.elements if e.energy_mj is not None)

    @property
    def energy_unknown_wtw_kg(self) -> float:
        """WTW of the elements with emissions but no known energy (carrier intensities, hub defaults)."""
        return sum(e.wtw_kg for e in self.elements if e.energy_mj is None)

    @property
    def distance_km(self) -> float:
        """Distance of the legs."""
        return sum(e.distance_km for e in self.elements if e.element_type == "leg")

    def by_mode(self) -> dict[str, float]:
        """WTW kg per leg mode, plus ``hubs``."""
        totals: dict[str, float] = {}
        for e in self.elements:
            key = e.mode if e.element_type == "leg" and e.mode else "hubs"
            totals[key] = totals.get(key, 0.0) + e.wtw_kg
        return totals

    def by_data_category(self) -> dict[str, float]:
        """WTW kg by data category (default, modelled, primary)."""
        totals: dict[str, float] = {}
        for e in self.elements:
            totals[e.data_category] = totals.get(e.data_category, 0.0) + e.wtw_kg
        return totals

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {
            "provenance": self.provenance,
            "cargo": {
                "mass_t": self.cargo.mass_t,
                "teu": self.cargo.teu,
                "teu_glec_equivalent": self.cargo.teu,
                "boxes": self.cargo.boxes,
                "reefer_share": self.cargo.reefer_share,
                "notes": list(self.cargo.notes),
            },
            "totals": {
                "wtw_kg": self.wtw_kg,
                "ttw_kg": self.ttw_kg,
                "wtt_kg": self.wtt_kg,
                "hubs_not_split_kg": self.unsplit_kg,
                "tkm": self.tkm,
                "distance_km": self.distance_km,
                "intensity_wtw_g_per_tkm": self.wtw_kg * 1000.0 / self.tkm if self.tkm else None,
                "energy_mj": self.energy_mj,
                "energy_mj_per_tkm": self.energy_mj / self.tkm if self.tkm else None,
                "energy_unknown_wtw_kg": self.energy_unknown_wtw_kg,
                "distance_basis": (
                    "planned distance of the legs (network link lengths, sea lanes as SFD); tkm include "
                    "each leg's distance adjustment factor"
                ),
                "by_mode_wtw_kg": self.by_mode(),
                "by_data_category_wtw_kg": self.by_data_category(),
            },
            "elements": [e.to_dict() for e in self.elements],
        }


__all__ = ["CargoFacts", "ChainEmissions", "ElementEmissions"]
