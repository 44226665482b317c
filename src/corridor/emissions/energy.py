"""Emissions of measured energy: fuel burnt (kg or litres) and electricity (kWh at a grid factor)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from corridor.chain.inputs import Primary, UserFuel
from corridor.emissions.factors import FactorDataset, Fuel
from corridor.emissions.refrigerants import leak_co2e_kg
from corridor.emissions.results import ElementEmissions
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
    refrigerant_kg: float = 0.0

    @property
    def carriers(self) -> tuple[str, ...]:
        """The energy carriers used: fuel ids, and ``electricity``."""
        return (*(f for f, _ in self.fuels_kg), *(("electricity",) if self.electricity_kwh else ()))


def with_user_fuels(factors: FactorDataset, fuels: Sequence[UserFuel]) -> FactorDataset:
    """``factors`` with the chain's own fuels added (or replacing the dataset's of the same id)."""
    if not fuels:
        return factors
    added = {}
    for fuel in fuels:
        ttw, wtw = fuel.per_kg()
        added[fuel.id] = Fuel(fuel.id, ttw, wtw, fuel.density_kg_per_l, ("chain",), fuel.lhv_mj_per_kg)
    return replace(factors, fuels={**factors.fuels, **added})


def primary_energy(primary: Primary, factors: FactorDataset, where: str, gwp: str = "AR6") -> Energy:
    """WTT and TTW kg from measured fuel, electricity and refrigerant leakage (on the ``gwp`` basis)."""
    wtt = ttw = 0.0
    notes = []
    fuels: list[tuple[str, float]] = []
    kwh = electric_kg = 0.0
    for use in primary.fuels:
        fuel = factors.fuel(use.fuel, where=where)
        kg = use.kg
        if use.mj is not None:
            if fuel.lhv_mj_per_kg is None:
                raise ChainInputError(
                    f"{where}: fuel {use.fuel!r} has no lower heating value; give kg or litres, "
                    "or define the fuel with lhv_mj_per_kg"
                )
            kg = use.mj / fuel.lhv_mj_per_kg
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
    leaked = 0.0
    for number, leak in enumerate(primary.refrigerants):
        co2e, note = leak_co2e_kg(leak, gwp, where=f"{where}.primary.refrigerants[{number}]")
        leaked += co2e
        notes.append(note)
    return Energy(wtt, ttw + leaked, notes, tuple(fuels), kwh, electric_kg, leaked)


def energy_mj(element: ElementEmissions, factors: FactorDataset) -> float | None:
    """The element's energy in MJ: fuel kg at its lower heating value plus kWh x 3.6.

    ``None`` where it is not known: no fuel or electricity (a carrier's
    intensity, a GLEC hub default) or a fuel without a heating value.
    """
    if not element.fuels_kg and not element.electricity_kwh:
        return None
    total = element.electricity_kwh * 3.6
    for name, kg in element.fuels_kg:
        fuel = factors.fuels.get(name)
        if fuel is None or fuel.lhv_mj_per_kg is None:
            return None
        total += kg * fuel.lhv_mj_per_kg
    return total


__all__ = ["Energy", "energy_mj", "primary_energy", "with_user_fuels"]
