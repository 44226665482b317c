"""Emissions of measured energy: fuel burnt (kg or litres) and electricity (kWh at a grid factor)."""

from __future__ import annotations

from dataclasses import dataclass

from corridor.chain.document import Primary
from corridor.emissions.factors import FactorDataset
from corridor.errors import ChainInputError


@dataclass(frozen=True, slots=True)
class Energy:
    """Emissions from measured energy, with the energy itself."""

    wtt_kg: float
    ttw_kg: float
    notes: list[str]
    fuels_kg: tuple[tuple[str, float], ...]
    electricity_kwh: float
    electricity_kg: float

    @property
    def carriers(self) -> tuple[str, ...]:
        """The energy carriers used: fuel ids, and ``electricity``."""
        return (*(f for f, _ in self.fuels_kg), *(("electricity",) if self.electricity_kwh else ()))


def primary_energy(primary: Primary, factors: FactorDataset, where: str) -> Energy:
    """WTT and TTW kg from measured fuel and electricity."""
    wtt = ttw = 0.0
    notes = []
    fuels: list[tuple[str, float]] = []
    kwh = electric_kg = 0.0
    for use in primary.fuels:
        fuel = factors.fuel(use.fuel, where=where)
        kg = use.kg
        if kg is None:
            if fuel.density_kg_per_l is None:
                raise ChainInputError(f"{where}: fuel {use.fuel!r} has no density; give kg instead of litres")
            kg = (use.litres or 0.0) * fuel.density_kg_per_l
        ttw += kg * fuel.ttw_kg_per_kg
        wtt += kg * (fuel.wtw_kg_per_kg - fuel.ttw_kg_per_kg)
        fuels.append((use.fuel, kg))
        notes.append(f"{kg:,.1f} kg {use.fuel}")
    if primary.electricity_kwh is not None:
        grid = primary.grid_g_per_kwh
        if grid is None:
            grid = factors.grid_g_per_kwh(primary.grid_country or "", where=where)
        kwh = primary.electricity_kwh
        electric_kg = kwh * grid / 1000.0
        wtt += electric_kg
        notes.append(f"{primary.electricity_kwh:,.0f} kWh at {grid:.0f} g/kWh")
    return Energy(wtt, ttw, notes, tuple(fuels), kwh, electric_kg)


__all__ = ["Energy", "primary_energy"]
