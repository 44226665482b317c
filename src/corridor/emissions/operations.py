"""Emissions as carriers see them: transport operation categories from operations data, and allocation.

A carrier (a railway, a ferry line, a trucker) records its trips over a period:
energy used and transport activity. GLEC v3 / ISO 14083 build a transport
operation category's (TOC's) intensity from them as

    TOC intensity = total TOC emissions / total TOC tonne-km        (GLEC3 p.32; ISO 14083 8.3)

with the emissions of the energy (well-to-wheel, split into tank-to-wheel
and well-to-tank) from the fuel factors, over *whole round trips*, empty
running included (GLEC3 p.24): a trip record with no cargo still counts its
energy, and its zero tonne-km, in the TOC. The carrier publishes the
intensity (here: :func:`tocs_to_ileap`) and its customers use it per
consignment.

One operation (a trip, tour or voyage) carrying several consignments is
allocated by each consignment's tonne-km over its own shortest feasible
distance (the notional point-to-point activity, GLEC3 p.30 and p.107):
:func:`allocate_operation`. Shares sum to one and the allocated emissions
sum to the operation's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corridor.emissions.factors import FactorDataset, Fuel
from corridor.emissions.ileap import CARRIERS, decimal
from corridor.emissions.ileap import MODES as ILEAP_MODES
from corridor.errors import ChainInputError, FactorLookupError
from corridor.tables import RowReader, records_from_csv
from corridor.vocabulary import MODES

TRIP_COLUMNS = ("trip_id", "toc_id", "mode", "tkm")


@dataclass(frozen=True, slots=True)
class TripRecord:
    """One trip of a carrier's operations data: what it carried and the energy it used."""

    trip_id: str
    toc_id: str
    mode: str
    tkm: float
    teu_km: float | None = None
    fuel: str | None = None
    fuel_litres: float | None = None
    fuel_kg: float | None = None
    electricity_kwh: float | None = None
    grid_g_per_kwh: float | None = None
    grid_country: str | None = None
    fuel_mj: float | None = None


@dataclass(frozen=True, slots=True)
class TocIntensity:
    """A transport operation category's intensity built from trip records."""

    toc_id: str
    mode: str
    trips: int
    tkm: float
    teu_km: float | None
    wtw_kg: float
    ttw_kg: float
    fuel_kg: Mapping[str, float]
    fuel_litres: Mapping[str, float]
    electricity_kwh: float
    fuel_factors: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    electricity_kg: float = 0.0
    fuel_types: Mapping[str, str] = field(default_factory=dict)

    @property
    def wtw_g_per_tkm(self) -> float:
        """Well-to-wheel grams CO2e per tonne-km."""
        return self.wtw_kg * 1000.0 / self.tkm

    @property
    def ttw_g_per_tkm(self) -> float:
        """Tank-to-wheel grams CO2e per tonne-km."""
        return self.ttw_kg * 1000.0 / self.tkm

    @property
    def wtw_g_per_teu_km(self) -> float | None:
        """Well-to-wheel grams CO2e per TEU-km, where the trips give TEU-km."""
        return self.wtw_kg * 1000.0 / self.teu_km if self.teu_km else None

    @property
    def litres_per_tkm(self) -> float | None:
        """Energy intensity in litres of liquid fuel per tonne-km (all liquid fuels together)."""
        litres = sum(self.fuel_litres.values())
        return litres / self.tkm if litres else None

    @property
    def kwh_per_tkm(self) -> float | None:
        """Energy intensity in kWh of electricity per tonne-km."""
        return self.electricity_kwh / self.tkm if self.electricity_kwh else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {
            "toc_id": self.toc_id,
            "mode": self.mode,
            "trips": self.trips,
            "tkm": self.tkm,
            "teu_km": self.teu_km,
            "wtw_kg": self.wtw_kg,
            "ttw_kg": self.ttw_kg,
            "wtw_g_per_tkm": self.wtw_g_per_tkm,
            "ttw_g_per_tkm": self.ttw_g_per_tkm,
            "wtw_g_per_teu_km": self.wtw_g_per_teu_km,
            "litres_per_tkm": self.litres_per_tkm,
            "kwh_per_tkm": self.kwh_per_tkm,
            "fuel_kg": dict(self.fuel_kg),
        }


def _trip(r: RowReader) -> TripRecord | None:
    fuel = r.optional_text("fuel")
    litres = r.number("fuel_litres", required=False)
    kg = r.number("fuel_kg", required=False)
    mj = r.number("fuel_mj", required=False)
    kwh = r.number("electricity_kwh", required=False)
    grid = r.number("grid_g_per_kwh", required=False)
    country = r.optional_text("grid_country")
    if fuel is not None and sum(v is not None for v in (litres, kg, mj)) != 1:
        r.problem("fuel_litres", "give exactly one of fuel_litres, fuel_kg and fuel_mj for the fuel")
    if fuel is None and (litres is not None or kg is not None or mj is not None):
        r.problem("fuel", "an amount of fuel needs the fuel's name")
    if kwh is not None and grid is None and country is None:
        r.problem("grid_country", "electricity needs grid_country or grid_g_per_kwh")
    return TripRecord(
        trip_id=r.text("trip_id"),
        toc_id=r.text("toc_id"),
        mode=r.text("mode", choices=MODES),
        tkm=r.number("tkm") or 0.0,
        teu_km=r.number("teu_km", required=False),
        fuel=fuel,
        fuel_litres=litres,
        fuel_kg=kg,
        electricity_kwh=kwh,
        grid_g_per_kwh=grid,
        grid_country=country,
        fuel_mj=mj,
    )


def trips_from_csv(path: str | Path) -> list[TripRecord]:
    """Trip records from a CSV file.

    Columns: ``trip_id``, ``toc_id``, ``mode``, ``tkm`` (0 for an empty trip);
    optional ``teu_km``, ``fuel`` with ``fuel_litres``, ``fuel_kg`` or ``fuel_mj``, and
    ``electricity_kwh`` with ``grid_country`` or ``grid_g_per_kwh``.

    Raises
    ------
    DataFileError
        A missing column or a bad value; every problem names file, row and field.

    """
    return records_from_csv(path, TRIP_COLUMNS, _trip, "trip records")


def _fuel(name: str, factors: FactorDataset, fuels: Mapping[str, Fuel], where: str) -> Fuel:
    if name in fuels:
        return fuels[name]
    return factors.fuel(name, where=where)


def toc_intensities(
    trips: Sequence[TripRecord], factors: FactorDataset, *, fuels: Mapping[str, Fuel] | None = None
) -> list[TocIntensity]:
    """Each TOC's intensity from its trips: total emissions over total tonne-km.

    ``fuels`` adds or overrides fuel factors (a regional diesel, a B5 blend)
    by name; the factor dataset's fuels serve the rest.

    Raises
    ------
    FactorLookupError
        A trip names a fuel or grid country no factor covers.
    ChainInputError
        A TOC mixes modes, or its trips carry no tonne-km at all.

    """
    extra = fuels or {}
    groups: dict[str, list[TripRecord]] = {}
    for trip in trips:
        groups.setdefault(trip.toc_id, []).append(trip)
    out = []
    for toc_id, members in groups.items():
        modes = {t.mode for t in members}
        if len(modes) > 1:
            raise ChainInputError(f"TOC {toc_id!r} mixes modes {', '.join(sorted(modes))}", field="mode")
        wtw = ttw = kwh = electric_kg = 0.0
        fuel_kg: dict[str, float] = {}
        fuel_litres: dict[str, float] = {}
        fuel_factors: dict[str, tuple[float, float]] = {}
        fuel_types: dict[str, str] = {}
        for trip in members:
            where = f"trip {trip.trip_id!r}"
            if trip.fuel is not None:
                fuel = _fuel(trip.fuel, factors, extra, where)
                kg = trip.fuel_kg
                if trip.fuel_mj is not None:
                    if fuel.lhv_mj_per_kg is None:
                        raise FactorLookupError(
                            f"{where}: fuel {trip.fuel!r} has no heating value; give fuel_kg"
                        )
                    kg = trip.fuel_mj / fuel.lhv_mj_per_kg
                if kg is None:
                    if fuel.density_kg_per_l is None:
                        raise FactorLookupError(f"{where}: fuel {trip.fuel!r} has no density; give fuel_kg")
                    kg = (trip.fuel_litres or 0.0) * fuel.density_kg_per_l
                    fuel_litres[trip.fuel] = fuel_litres.get(trip.fuel, 0.0) + (trip.fuel_litres or 0.0)
                fuel_kg[trip.fuel] = fuel_kg.get(trip.fuel, 0.0) + kg
                fuel_factors[trip.fuel] = (fuel.ttw_kg_per_kg, fuel.wtw_kg_per_kg)
                if fuel.energy_carrier:
                    fuel_types[trip.fuel] = fuel.energy_carrier
                wtw += kg * fuel.wtw_kg_per_kg
                ttw += kg * fuel.ttw_kg_per_kg
            if trip.electricity_kwh:
                grid = trip.grid_g_per_kwh
                if grid is None:
                    grid = factors.grid_g_per_kwh(trip.grid_country or "", where=where)
                wtw += trip.electricity_kwh * grid / 1000.0
                electric_kg += trip.electricity_kwh * grid / 1000.0
                kwh += trip.electricity_kwh
        tkm = sum(t.tkm for t in members)
        if tkm <= 0:
            raise ChainInputError(f"TOC {toc_id!r}: its trips carry no tonne-km", field="tkm")
        teu_km = sum(t.teu_km or 0.0 for t in members) or None
        out.append(
            TocIntensity(
                toc_id,
                modes.pop(),
                len(members),
                tkm,
                teu_km,
                wtw,
                ttw,
                fuel_kg,
                fuel_litres,
                kwh,
                fuel_factors,
                electric_kg,
                fuel_types,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Consignment:
    """A consignment of an operation: its mass and its own shortest feasible distance (SFD)."""

    consignment_id: str
    mass_t: float
    sfd_km: float


@dataclass(frozen=True, slots=True)
class Allocation:
    """A consignment's share of an operation's emissions."""

    consignment_id: str
    tkm: float
    share: float
    wtw_kg: float
    ttw_kg: float


def allocate_operation(wtw_kg: float, ttw_kg: float, consignments: Sequence[Consignment]) -> list[Allocation]:
    """Allocate an operation's emissions to its consignments by tonne-km over each one's SFD.

    The operation's emissions include its empty and ballast running; each
    consignment's notional activity is its mass times its own point-to-point
    shortest feasible distance, whatever detour the round took (GLEC3 p.30,
    p.107).

    Raises
    ------
    ChainInputError
        No consignment, a negative figure, or no tonne-km at all.

    Examples
    --------
    Two consignments on one truck round, 10 t over 100 km and 5 t over 400 km:

    >>> [round(a.wtw_kg, 2) for a in allocate_operation(90.0, 72.0, [Consignment("a", 10, 100),
    ...                                                               Consignment("b", 5, 400)])]
    [30.0, 60.0]

    """
    if not consignments:
        raise ChainInputError("an operation needs at least one consignment", field="consignments")
    for c in consignments:
        if c.mass_t < 0 or c.sfd_km < 0:
            raise ChainInputError(
                f"consignment {c.consignment_id!r}: mass and SFD must be >= 0", field="consignments"
            )
    if wtw_kg < 0 or ttw_kg < 0 or ttw_kg > wtw_kg:
        raise ChainInputError(
            f"operation emissions need 0 <= ttw <= wtw, got {ttw_kg}, {wtw_kg}", field="wtw_kg"
        )
    total = sum(c.mass_t * c.sfd_km for c in consignments)
    if total <= 0:
        raise ChainInputError("the consignments carry no tonne-km", field="consignments")
    out = []
    for c in consignments:
        share = c.mass_t * c.sfd_km / total
        out.append(Allocation(c.consignment_id, c.mass_t * c.sfd_km, share, wtw_kg * share, ttw_kg * share))
    return out


def tocs_to_ileap(intensities: Sequence[TocIntensity], *, description: str = "") -> list[dict[str, Any]]:
    """The TOCs in the iLEAP data model, to hand to the carrier's customers (numbers as decimal strings)."""
    out = []
    for toc in intensities:
        carriers: list[dict[str, Any]] = [
            {
                "energyCarrier": toc.fuel_types.get(name) or CARRIERS.get(name, "Diesel"),
                "emissionFactorWTW": decimal(toc.fuel_factors[name][1], 4),
                "emissionFactorTTW": decimal(toc.fuel_factors[name][0], 4),
                "energyConsumption": decimal(kg / toc.tkm, 6),
                "energyConsumptionUnit": "kg",
            }
            for name, kg in sorted(toc.fuel_kg.items())
        ]
        if toc.electricity_kwh:
            carriers.append(
                {
                    "energyCarrier": "Electric",
                    "emissionFactorWTW": decimal(toc.electricity_kg / toc.electricity_kwh, 4),
                    "emissionFactorTTW": "0",
                    "energyConsumption": decimal(toc.electricity_kwh / toc.tkm, 6),
                    "energyConsumptionUnit": "kWh",
                    "feedstocks": [{"feedstock": "Grid"}],
                }
            )
        per_teu = toc.mode == "sea" and bool(toc.teu_km)
        activity = (toc.teu_km or toc.tkm) if per_teu else toc.tkm
        out.append(
            {
                "tocId": toc.toc_id,
                "mode": ILEAP_MODES[toc.mode],
                "description": description or f"{toc.toc_id}: {toc.trips} trips, {toc.tkm:,.0f} tkm",
                "isVerified": False,
                "isAccredited": False,
                "co2eIntensityWTW": decimal(toc.wtw_kg / activity, 6),
                "co2eIntensityTTW": decimal(toc.ttw_kg / activity, 6),
                "co2eIntensityThroughput": "TEUkm" if per_teu else "tkm",
                "energyCarriers": carriers,
            }
        )
    return out


__all__ = [
    "Allocation",
    "Consignment",
    "TocIntensity",
    "TripRecord",
    "allocate_operation",
    "toc_intensities",
    "tocs_to_ileap",
    "trips_from_csv",
]
