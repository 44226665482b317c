"""Emissions of measured energy: fuel burnt (kg or litres) and electricity (kWh at a grid factor)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from corridor.emissions.factors import FactorDataset, Fuel
from corridor.emissions.refrigerants import leak_co2e_kg
from corridor.emissions.results import ElementEmissions
from corridor.errors import ChainInputError, DataFileError, Problem
from corridor.tables import RowReader, check_columns, read_rows, read_table

if TYPE_CHECKING:
    from corridor.chain.inputs import Primary, UserFuel

FUEL_COLUMNS = ("fuel", "ttw_kg_per_kg", "wtw_kg_per_kg", "source")


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
        added[fuel.id] = Fuel(
            fuel.id, ttw, wtw, fuel.density_kg_per_l, ("chain",), fuel.lhv_mj_per_kg, fuel.energy_carrier
        )
    return replace(factors, fuels={**factors.fuels, **added})


def _user_fuel(r: RowReader) -> Fuel | None:
    ttw = r.number("ttw_kg_per_kg") or 0.0
    wtw = r.number("wtw_kg_per_kg", positive=True) or 0.0
    if ttw > wtw:
        r.problem("ttw_kg_per_kg", f"{ttw:g} exceeds wtw_kg_per_kg {wtw:g}")
    r.text("source")
    return Fuel(
        fuel=r.text("fuel"),
        ttw_kg_per_kg=ttw,
        wtw_kg_per_kg=wtw,
        density_kg_per_l=r.number("density_kg_per_l", required=False, positive=True),
        source_ids=("user",),
        lhv_mj_per_kg=r.number("lhv_mj_per_kg", required=False, positive=True),
        energy_carrier=r.optional_text("energy_carrier"),
    )


def fuels_from_csv(path: str | Path) -> dict[str, Fuel]:
    """A user's fuel factor file, whose fuels add to or replace the dataset's by name.

    Columns: ``fuel``, ``ttw_kg_per_kg``, ``wtw_kg_per_kg``, ``source``; optional
    ``density_kg_per_l``, ``lhv_mj_per_kg`` and ``energy_carrier`` (iLEAP's type).

    Raises
    ------
    DataFileError
        A missing column or a bad value, naming file, row and field.

    """
    table = read_table(Path(path), str(path))
    problems: list[Problem] = []
    fuels: dict[str, Fuel] = {}
    if check_columns(table, FUEL_COLUMNS, problems):
        fuels = {fuel.fuel: fuel for _, fuel in read_rows(table, problems, _user_fuel)}
    if not problems and not fuels:
        problems.append(Problem(str(path), None, None, "no fuels"))
    if problems:
        raise DataFileError(problems)
    return fuels


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


__all__ = ["Energy", "energy_mj", "fuels_from_csv", "primary_energy", "with_user_fuels"]
