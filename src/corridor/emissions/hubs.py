"""Hub operation categories (HOCs) as hub operators see them: intensities from energy and throughput records.

A terminal, a gauge-change station or a warehouse records, per period (a
month, say), the energy it used and the freight it handled. GLEC v3 / ISO
14083 build the hub operation category's intensity as

    HOC intensity = total HOC emissions / total hub activity            (GLEC3 p.34; ISO 14083 9.5)

with hub activity the outbound throughput in tonnes (GLEC3 pp.23, 41), or
containers handled where the operator counts boxes. Energy used to keep
cargo at temperature (reefer plugs, cold stores) is the temperature-controlled
cargo's alone; the rest of the hub's energy (cranes, reach stackers,
lighting, offices) is shared by all the throughput. So, per temperature
condition (GLEC3 p.34, ISO 14083 9.5: one intensity per zone):

    ambient intensity = handling emissions / all throughput
    temperature-controlled intensity = ambient intensity + temperature-control emissions / reefer throughput

and the throughput-weighted mean of the two is the hub's overall intensity
(nothing is lost or counted twice; tested).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.emissions.factors import FactorDataset, Fuel
from corridor.emissions.ileap import CARRIERS, decimal
from corridor.emissions.refrigerants import leak_co2e_kg
from corridor.errors import ChainInputError, FactorLookupError
from corridor.tables import RowReader, records_from_csv

HUB_COLUMNS = ("record_id", "hoc_id", "tonnes")
HUB_TYPES = (
    "transshipment",
    "storageAndTransshipment",
    "warehouse",
    "liquidBulkTerminal",
    "maritimeContainerterminal",
)


@dataclass(frozen=True, slots=True)
class HubRecord:
    """A period of a hub's operation: its outbound throughput and the energy it used."""

    record_id: str
    hoc_id: str
    tonnes: float
    reefer_tonnes: float = 0.0
    containers: float | None = None
    reefer_containers: float | None = None
    fuel: str | None = None
    fuel_litres: float | None = None
    fuel_kg: float | None = None
    electricity_kwh: float | None = None
    reefer_kwh: float | None = None
    grid_g_per_kwh: float | None = None
    grid_country: str | None = None
    hub_type: str = "transshipment"
    refrigerant: str | None = None
    refrigerant_kg: float | None = None
    reefer_refrigerant_kg: float | None = None


@dataclass(frozen=True, slots=True)
class HocIntensity:
    """A hub operation category's intensities from its records, overall and per temperature condition."""

    hoc_id: str
    hub_type: str
    records: int
    tonnes: float
    reefer_tonnes: float
    containers: float | None
    reefer_containers: float | None
    handling_wtw_kg: float
    handling_ttw_kg: float
    temperature_kg: float
    fuel_kg: Mapping[str, float]
    electricity_kwh: float
    reefer_kwh: float
    electricity_kg: float
    temperature_ttw_kg: float = 0.0

    @property
    def wtw_kg(self) -> float:
        """Well-to-wheel emissions of the HOC over the period."""
        return self.handling_wtw_kg + self.temperature_kg

    def _per(self, emissions: float, amount: float | None) -> float | None:
        return emissions / amount if amount else None

    @property
    def wtw_kg_per_t(self) -> float:
        """Overall WTW kg CO2e per outbound tonne."""
        return self.wtw_kg / self.tonnes

    @property
    def ambient_wtw_kg_per_t(self) -> float:
        """WTW kg per tonne of ambient cargo: the shared handling only."""
        return self.handling_wtw_kg / self.tonnes

    @property
    def ttw_kg_per_t(self) -> float:
        """TTW kg per tonne (fuel burnt on site; electricity has none), for either condition."""
        return self.handling_ttw_kg / self.tonnes

    @property
    def reefer_wtw_kg_per_t(self) -> float | None:
        """WTW kg per tonne of temperature-controlled cargo: handling plus keeping it cold."""
        extra = self._per(self.temperature_kg, self.reefer_tonnes)
        return None if extra is None else self.ambient_wtw_kg_per_t + extra

    @property
    def reefer_ttw_kg_per_t(self) -> float | None:
        """TTW kg per tonne of temperature-controlled cargo (its refrigerant leaked included)."""
        extra = self._per(self.temperature_ttw_kg, self.reefer_tonnes)
        return None if extra is None else self.ttw_kg_per_t + extra

    @property
    def wtw_kg_per_container(self) -> float | None:
        """Overall WTW kg per container handled, where the records count boxes."""
        return self._per(self.wtw_kg, self.containers)

    @property
    def ambient_wtw_kg_per_container(self) -> float | None:
        """WTW kg per ambient container."""
        return self._per(self.handling_wtw_kg, self.containers)

    @property
    def reefer_wtw_kg_per_container(self) -> float | None:
        """WTW kg per reefer container."""
        extra = self._per(self.temperature_kg, self.reefer_containers)
        base = self.ambient_wtw_kg_per_container
        return None if extra is None or base is None else base + extra

    @property
    def kwh_per_t(self) -> float | None:
        """Energy intensity: kWh of electricity (handling and temperature control) per tonne."""
        kwh = self.electricity_kwh + self.reefer_kwh
        return kwh / self.tonnes if kwh else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {
            "hoc_id": self.hoc_id,
            "hub_type": self.hub_type,
            "records": self.records,
            "tonnes": self.tonnes,
            "reefer_tonnes": self.reefer_tonnes,
            "containers": self.containers,
            "reefer_containers": self.reefer_containers,
            "wtw_kg": self.wtw_kg,
            "temperature_control_kg": self.temperature_kg,
            "wtw_kg_per_t": self.wtw_kg_per_t,
            "ttw_kg_per_t": self.ttw_kg_per_t,
            "ambient_wtw_kg_per_t": self.ambient_wtw_kg_per_t,
            "reefer_wtw_kg_per_t": self.reefer_wtw_kg_per_t,
            "wtw_kg_per_container": self.wtw_kg_per_container,
            "ambient_wtw_kg_per_container": self.ambient_wtw_kg_per_container,
            "reefer_wtw_kg_per_container": self.reefer_wtw_kg_per_container,
            "kwh_per_t": self.kwh_per_t,
            "fuel_kg": dict(self.fuel_kg),
        }


def _record(r: RowReader) -> HubRecord | None:
    fuel = r.optional_text("fuel")
    litres = r.number("fuel_litres", required=False)
    kg = r.number("fuel_kg", required=False)
    kwh = r.number("electricity_kwh", required=False)
    reefer_kwh = r.number("reefer_kwh", required=False)
    grid = r.number("grid_g_per_kwh", required=False)
    country = r.optional_text("grid_country")
    tonnes = r.number("tonnes") or 0.0
    reefer_t = r.number("reefer_tonnes", required=False) or 0.0
    if fuel is not None and (litres is None) == (kg is None):
        r.problem("fuel_litres", "give exactly one of fuel_litres and fuel_kg for the fuel")
    if fuel is None and (litres is not None or kg is not None):
        r.problem("fuel", "an amount of fuel needs the fuel's name")
    if (kwh is not None or reefer_kwh is not None) and grid is None and country is None:
        r.problem("grid_country", "electricity needs grid_country or grid_g_per_kwh")
    if reefer_t > tonnes:
        r.problem("reefer_tonnes", f"{reefer_t:g} exceeds the record's tonnes {tonnes:g}")
    gas = r.optional_text("refrigerant")
    leaked = r.number("refrigerant_kg", required=False)
    reefer_leaked = r.number("reefer_refrigerant_kg", required=False)
    if gas is None and (leaked is not None or reefer_leaked is not None):
        r.problem("refrigerant", "an amount of refrigerant needs the gas (R-134a, R-452A, ...)")
    hub_type = r.optional_text("hub_type") or "transshipment"
    if hub_type not in HUB_TYPES:
        r.problem("hub_type", f"{hub_type!r} is not an iLEAP hub type ({', '.join(HUB_TYPES)})")
    return HubRecord(
        record_id=r.text("record_id"),
        hoc_id=r.text("hoc_id"),
        tonnes=tonnes,
        reefer_tonnes=reefer_t,
        containers=r.number("containers", required=False),
        reefer_containers=r.number("reefer_containers", required=False),
        fuel=fuel,
        fuel_litres=litres,
        fuel_kg=kg,
        electricity_kwh=kwh,
        reefer_kwh=reefer_kwh,
        grid_g_per_kwh=grid,
        grid_country=country,
        hub_type=hub_type,
        refrigerant=gas,
        refrigerant_kg=leaked,
        reefer_refrigerant_kg=reefer_leaked,
    )


def hub_records_from_csv(path: str | Path) -> list[HubRecord]:
    """Hub records from a CSV file.

    Columns: ``record_id``, ``hoc_id``, ``tonnes`` (outbound throughput);
    optional ``reefer_tonnes``, ``containers``, ``reefer_containers``,
    ``fuel`` with ``fuel_litres`` or ``fuel_kg``, ``electricity_kwh``
    (handling, lighting, offices) and ``reefer_kwh`` (temperature control)
    with ``grid_country`` or ``grid_g_per_kwh``, ``refrigerant`` with
    ``refrigerant_kg`` and/or ``reefer_refrigerant_kg`` (leaked), and
    ``hub_type`` (iLEAP's).

    Raises
    ------
    DataFileError
        A missing column or a bad value; every problem names file, row and field.

    """
    return records_from_csv(path, HUB_COLUMNS, _record, "hub records")


def _sum_or_none(values: Sequence[float | None]) -> float | None:
    return None if any(v is None for v in values) else sum(v or 0.0 for v in values)


def hoc_intensities(
    records: Sequence[HubRecord],
    factors: FactorDataset,
    *,
    fuels: Mapping[str, Fuel] | None = None,
    gwp: str = "AR6",
) -> list[HocIntensity]:
    """Each HOC's intensities from its records: emissions over outbound throughput, per condition.

    Refrigerant leaked (GLEC3 p.40: in a hub's scope) counts at its GWP100 on the ``gwp`` basis as an
    operational emission: ``refrigerant_kg`` (air conditioning, the site's chillers) shared by all the
    throughput, ``reefer_refrigerant_kg`` (cold stores, the cold chain) by the reefer cargo alone.

    Raises
    ------
    FactorLookupError
        A record names a fuel or grid country no factor covers.
    ChainInputError
        A HOC's records handle no tonnes, or mix hub types.

    """
    extra = fuels or {}
    groups: dict[str, list[HubRecord]] = {}
    for record in records:
        groups.setdefault(record.hoc_id, []).append(record)
    out = []
    for hoc_id, members in groups.items():
        types = {r.hub_type for r in members}
        if len(types) > 1:
            raise ChainInputError(
                f"HOC {hoc_id!r} mixes hub types {', '.join(sorted(types))}", field="hub_type"
            )
        wtw = ttw = temperature = temperature_ttw = kwh = reefer_kwh = electric_kg = 0.0
        fuel_kg: dict[str, float] = {}
        for record in members:
            where = f"hub record {record.record_id!r}"
            if record.fuel is not None:
                fuel = extra.get(record.fuel) or factors.fuel(record.fuel, where=where)
                kg = record.fuel_kg
                if kg is None:
                    if fuel.density_kg_per_l is None:
                        raise FactorLookupError(f"{where}: fuel {record.fuel!r} has no density; give fuel_kg")
                    kg = (record.fuel_litres or 0.0) * fuel.density_kg_per_l
                fuel_kg[record.fuel] = fuel_kg.get(record.fuel, 0.0) + kg
                wtw += kg * fuel.wtw_kg_per_kg
                ttw += kg * fuel.ttw_kg_per_kg
            if record.electricity_kwh or record.reefer_kwh:
                grid = record.grid_g_per_kwh
                if grid is None:
                    grid = factors.grid_g_per_kwh(record.grid_country or "", where=where)
                wtw += (record.electricity_kwh or 0.0) * grid / 1000.0
                temperature += (record.reefer_kwh or 0.0) * grid / 1000.0
                electric_kg += ((record.electricity_kwh or 0.0) + (record.reefer_kwh or 0.0)) * grid / 1000.0
                kwh += record.electricity_kwh or 0.0
                reefer_kwh += record.reefer_kwh or 0.0
            if record.refrigerant is not None:
                from corridor.chain.inputs import RefrigerantLeak  # pydantic: imported when a leak is counted

                for amount, cold in ((record.refrigerant_kg, False), (record.reefer_refrigerant_kg, True)):
                    if amount:
                        co2e, _ = leak_co2e_kg(
                            RefrigerantLeak(gas=record.refrigerant, kg=amount), gwp, where=where
                        )
                        if cold:
                            temperature += co2e
                            temperature_ttw += co2e
                        else:
                            wtw += co2e
                            ttw += co2e
        tonnes = sum(r.tonnes for r in members)
        if tonnes <= 0:
            raise ChainInputError(f"HOC {hoc_id!r}: its records handle no tonnes", field="tonnes")
        reefer_tonnes = sum(r.reefer_tonnes for r in members)
        if temperature > 0 and reefer_tonnes <= 0:
            raise ChainInputError(
                f"HOC {hoc_id!r}: temperature-control energy or leakage (reefer_kwh, reefer_refrigerant_kg) "
                "but no reefer_tonnes to carry it",
                field="reefer_tonnes",
            )
        out.append(
            HocIntensity(
                hoc_id,
                types.pop(),
                len(members),
                tonnes,
                reefer_tonnes,
                _sum_or_none([r.containers for r in members]),
                _sum_or_none([r.reefer_containers for r in members]),
                wtw,
                ttw,
                temperature,
                fuel_kg,
                kwh,
                reefer_kwh,
                electric_kg,
                temperature_ttw,
            )
        )
    return out


def _carriers(hoc: HocIntensity, factors: FactorDataset, fuels: Mapping[str, Fuel]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name, kg in sorted(hoc.fuel_kg.items()):
        fuel = fuels.get(name) or factors.fuel(name, where=f"HOC {hoc.hoc_id!r}")
        out.append(
            {
                "energyCarrier": fuel.energy_carrier or CARRIERS.get(name, "Diesel"),
                "emissionFactorWTW": decimal(fuel.wtw_kg_per_kg, 4),
                "emissionFactorTTW": decimal(fuel.ttw_kg_per_kg, 4),
                "energyConsumption": decimal(kg / hoc.tonnes, 6),
                "energyConsumptionUnit": "kg",
            }
        )
    kwh = hoc.electricity_kwh + hoc.reefer_kwh
    if kwh:
        out.append(
            {
                "energyCarrier": "Electric",
                "emissionFactorWTW": decimal(hoc.electricity_kg / kwh, 4),
                "emissionFactorTTW": "0",
                "energyConsumption": decimal(kwh / hoc.tonnes, 6),
                "energyConsumptionUnit": "kWh",
                "feedstocks": [{"feedstock": "Grid"}],
            }
        )
    return out


def hocs_to_ileap(
    intensities: Sequence[HocIntensity], factors: FactorDataset, *, fuels: Mapping[str, Fuel] | None = None
) -> list[dict[str, Any]]:
    """The HOCs in the iLEAP data model, one per temperature condition the records have (per tonne)."""
    extra = fuels or {}
    out = []
    for hoc in intensities:
        carriers = _carriers(hoc, factors, extra)
        conditions: list[tuple[str, str, float, float]] = [
            ("", "ambient", hoc.ambient_wtw_kg_per_t, hoc.ttw_kg_per_t)
        ]
        reefer = hoc.reefer_wtw_kg_per_t
        if reefer is not None:
            conditions.append(("-refrigerated", "refrigerated", reefer, hoc.reefer_ttw_kg_per_t or 0.0))
        for suffix, condition, wtw, ttw in conditions:
            out.append(
                {
                    "hocId": f"{hoc.hoc_id}{suffix}",
                    "description": f"{hoc.hoc_id}: {hoc.records} records, {hoc.tonnes:,.0f} t ({condition})",
                    "isVerified": False,
                    "isAccredited": False,
                    "hubType": hoc.hub_type,
                    "temperatureControl": condition,
                    "co2eIntensityWTW": decimal(wtw, 6),
                    "co2eIntensityTTW": decimal(ttw, 6),
                    "co2eIntensityThroughput": "tonnes",
                    "energyCarriers": carriers,
                }
            )
    return out


__all__ = ["HocIntensity", "HubRecord", "hoc_intensities", "hocs_to_ileap", "hub_records_from_csv"]
