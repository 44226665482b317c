"""The parts of a chain document that carry carriers' and hub operators' data.

Measured energy (fuels in kg, litres or MJ; electricity; refrigerant
leakage), fuels the user defines with their sourced factors, a hub
operator's intensity and ancillary activities, and operations shared with
other consignments. :mod:`corridor.chain.document` assembles them into the
chain document.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FuelUse(_Strict):
    """Fuel burnt, in kg, litres or MJ (lower heating value)."""

    fuel: str
    kg: Annotated[float, Field(ge=0)] | None = None
    litres: Annotated[float, Field(ge=0)] | None = None
    mj: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="Energy content in MJ (lower heating value); needs the fuel's LHV"
    )

    @model_validator(mode="after")
    def _one_amount(self) -> FuelUse:
        if sum(amount is not None for amount in (self.kg, self.litres, self.mj)) != 1:
            raise ValueError("give exactly one of kg, litres and mj")
        return self


class RefrigerantLeak(_Strict):
    """Refrigerant lost to the air (leakage, top-ups): an operational (TTW) emission at the gas's GWP100."""

    gas: Annotated[str, Field(min_length=1, max_length=50)] = Field(
        description="A bundled refrigerant (R-134a, R-404A, R-452A, ...) or the user's own with gwp100"
    )
    kg: Annotated[float, Field(ge=0)]
    gwp100: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="The user's own GWP100, with gwp_source; else the bundled value"
    )
    gwp_source: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> RefrigerantLeak:
        if self.gwp100 is not None and not self.gwp_source:
            raise ValueError(f"{self.gas}: a user gwp100 needs its gwp_source (document, table)")
        return self


class UserFuel(_Strict):
    """A fuel the chain defines (a regional diesel, a B5 blend, HVO, hydrogen) with its sourced factors.

    Give the factors per kg, per litre (with ``density_kg_per_l``) or per MJ
    (with ``lhv_mj_per_kg``); they are converted to per kg.
    """

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
    source: Annotated[str, Field(min_length=3, max_length=500)] = Field(
        description="Where the factors come from (document, table, page)"
    )
    ttw_kg_per_kg: Annotated[float, Field(ge=0)] | None = None
    wtw_kg_per_kg: Annotated[float, Field(ge=0)] | None = None
    ttw_kg_per_l: Annotated[float, Field(ge=0)] | None = None
    wtw_kg_per_l: Annotated[float, Field(ge=0)] | None = None
    ttw_g_per_mj: Annotated[float, Field(ge=0)] | None = None
    wtw_g_per_mj: Annotated[float, Field(ge=0)] | None = None
    density_kg_per_l: Annotated[float, Field(gt=0, le=2)] | None = None
    lhv_mj_per_kg: Annotated[float, Field(gt=0, le=150)] | None = None
    energy_carrier: (
        Literal[
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
        ]
        | None
    ) = Field(default=None, description="The iLEAP energy carrier type, for the export")

    @model_validator(mode="after")
    def _one_basis(self) -> UserFuel:
        bases = {
            "kg": (self.ttw_kg_per_kg, self.wtw_kg_per_kg),
            "l": (self.ttw_kg_per_l, self.wtw_kg_per_l),
            "MJ": (self.ttw_g_per_mj, self.wtw_g_per_mj),
        }
        given = [name for name, pair in bases.items() if any(v is not None for v in pair)]
        if len(given) != 1:
            raise ValueError(
                f"fuel {self.id}: give its factors on exactly one basis (per kg, per l or per MJ)"
            )
        ttw, wtw = bases[given[0]]
        if ttw is None or wtw is None:
            raise ValueError(f"fuel {self.id}: give both the TTW and the WTW factor")
        if ttw > wtw:
            raise ValueError(f"fuel {self.id}: TTW ({ttw}) cannot exceed WTW ({wtw})")
        if given[0] == "l" and self.density_kg_per_l is None:
            raise ValueError(f"fuel {self.id}: per-litre factors need density_kg_per_l")
        if given[0] == "MJ" and self.lhv_mj_per_kg is None:
            raise ValueError(f"fuel {self.id}: per-MJ factors need lhv_mj_per_kg")
        return self

    def per_kg(self) -> tuple[float, float]:
        """TTW and WTW kg CO2e per kg of the fuel."""
        if self.ttw_kg_per_kg is not None and self.wtw_kg_per_kg is not None:
            return self.ttw_kg_per_kg, self.wtw_kg_per_kg
        if self.ttw_kg_per_l is not None and self.wtw_kg_per_l is not None and self.density_kg_per_l:
            return self.ttw_kg_per_l / self.density_kg_per_l, self.wtw_kg_per_l / self.density_kg_per_l
        assert self.ttw_g_per_mj is not None
        assert self.wtw_g_per_mj is not None
        assert self.lhv_mj_per_kg is not None
        return self.ttw_g_per_mj * self.lhv_mj_per_kg / 1000, self.wtw_g_per_mj * self.lhv_mj_per_kg / 1000


class Primary(_Strict):
    """Measured energy for the element's share of the operation (primary data)."""

    fuels: list[FuelUse] = Field(default_factory=list)
    electricity_kwh: Annotated[float, Field(ge=0)] | None = None
    grid_country: Country | None = None
    grid_g_per_kwh: Annotated[float, Field(ge=0)] | None = None
    refrigerants: list[RefrigerantLeak] = Field(
        default_factory=list, description="Refrigerant leaked over the element's share of the operation"
    )

    @model_validator(mode="after")
    def _something(self) -> Primary:
        if not self.fuels and self.electricity_kwh is None and not self.refrigerants:
            raise ValueError("give fuels, electricity_kwh or refrigerants")
        if self.electricity_kwh is not None and self.grid_country is None and self.grid_g_per_kwh is None:
            raise ValueError("electricity_kwh needs grid_country or grid_g_per_kwh")
        return self


class HubIntensity(_Strict):
    """A hub operator's own intensity per unit of outbound throughput (e.g. from ``corridor hoc``)."""

    wtw_kg: Annotated[float, Field(ge=0)]
    ttw_kg: Annotated[float, Field(ge=0)] | None = None
    unit: Literal["t", "container", "TEU"]
    reefer_wtw_kg: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="Per unit of temperature-controlled cargo; the ambient value if not given"
    )
    reefer_ttw_kg: Annotated[float, Field(ge=0)] | None = None
    hoc_id: str | None = Field(default=None, description="The operator's name for the hub operation category")
    data_category: Literal["primary", "modelled", "default"] | None = Field(
        default=None,
        description=(
            "primary: from the operator's measured energy; else modelled or default (GLEC3 p.25); "
            "if not stated, taken as primary and said so"
        ),
    )

    @model_validator(mode="after")
    def _ttw_within_wtw(self) -> HubIntensity:
        for ttw, wtw in ((self.ttw_kg, self.wtw_kg), (self.reefer_ttw_kg, self.reefer_wtw_kg)):
            if ttw is not None and wtw is not None and ttw > wtw:
                raise ValueError(f"a ttw_kg ({ttw}) cannot exceed its wtw_kg ({wtw})")
        return self


class Ancillary(_Strict):
    """An activity at a hub for this consignment alone (tank cleaning, fumigation): energy or emissions."""

    activity: Annotated[str, Field(min_length=1, max_length=200)]
    primary: Primary | None = None
    wtw_kg: Annotated[float, Field(ge=0)] | None = None
    ttw_kg: Annotated[float, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Ancillary:
        if (self.primary is None) == (self.wtw_kg is None):
            raise ValueError("give exactly one of primary (measured energy) and wtw_kg")
        if self.ttw_kg is not None and (self.wtw_kg is None or self.ttw_kg > self.wtw_kg):
            raise ValueError("ttw_kg needs a wtw_kg at least as large")
        return self


class OperationTotals(_Strict):
    """An operation's emissions as its operator reports them (e.g. a published carrier statement)."""

    wtw_kg: Annotated[float, Field(ge=0)]
    ttw_kg: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="Operational (TTW) part, if known; else the WTW is reported unsplit"
    )
    data_category: Literal["primary", "modelled"] = Field(
        default="primary",
        description="primary: from the operator's measured energy; modelled: estimated (GLEC3 p.25)",
    )

    @model_validator(mode="after")
    def _ttw_within_wtw(self) -> OperationTotals:
        if self.ttw_kg is not None and self.ttw_kg > self.wtw_kg:
            raise ValueError(f"ttw_kg ({self.ttw_kg}) cannot exceed wtw_kg ({self.wtw_kg})")
        return self


#: Passenger equivalents (peq) for allocating a Ro-Pax ferry's emissions between passengers and freight:
#: GLEC Framework v3 p.51 (after ISO 14083:2023 Table G.4). No value is published for rail wagons.
PASSENGER_EQUIVALENTS: dict[str, float] = {
    "passenger": 1.0,
    "car": 1.3,
    "motorcycle": 0.3,
    "bus": 10.0,
    "caravan-small": 1.1,
    "caravan-medium": 2.3,
    "caravan-large": 3.5,
    "mobile-home": 3.5,
    "small-van": 1.3,
    "large-van": 3.5,
    "rigid-truck": 10.0,
    "articulated-truck": 18.0,
    "unaccompanied-trailer": 14.0,
}
FerryUnitType = Literal[
    "passenger",
    "car",
    "motorcycle",
    "bus",
    "caravan-small",
    "caravan-medium",
    "caravan-large",
    "mobile-home",
    "small-van",
    "large-van",
    "rigid-truck",
    "articulated-truck",
    "unaccompanied-trailer",
]


class FerryUnit(_Strict):
    """Vehicles or passengers of one kind on a Ro-Pax ferry (passenger equivalents: GLEC3 p.51)."""

    type: FerryUnitType
    count: Annotated[float, Field(gt=0, le=1e6)]


def _peq(units: list[FerryUnit]) -> float:
    return sum(PASSENGER_EQUIVALENTS[u.type] * u.count for u in units)


class FerryLoad(_Strict):
    """What this chain's cargo occupies on a Ro-Pax ferry: its vehicles (for peq) or lane metres."""

    units: list[FerryUnit] = Field(default_factory=list)
    lane_m: Annotated[float, Field(gt=0, le=1e5)] | None = Field(
        default=None, description="Lane metres occupied (for allocation by lane metre)"
    )
    vehicle_tare_t: Annotated[float, Field(ge=0, le=2000)] | None = Field(
        default=None,
        description=(
            "Tare of the vehicles carrying the cargo on board (tractor and trailer, rail wagons), for "
            "ferry defaults per gross tonne-km; else a 1520 mm container flat car per wagon load"
        ),
    )

    @property
    def peq(self) -> float:
        """Passenger equivalents of the units."""
        return _peq(self.units)


class OtherConsignment(_Strict):
    """Another consignment of a shared operation, for the allocation key."""

    id: str | None = None
    mass_t: Annotated[float, Field(ge=0, le=1e7)] | None = None
    teu: Annotated[float, Field(ge=0, le=1e6)] | None = None
    containers: Annotated[float, Field(ge=0, le=1e6)] | None = Field(
        default=None, description="Boxes handled (hub operations allocated per container)"
    )
    units: list[FerryUnit] | None = Field(
        default=None, description="Passengers and vehicles on a Ro-Pax ferry (allocation by peq)"
    )
    lane_m: Annotated[float, Field(ge=0, le=1e5)] | None = None
    sfd_km: Annotated[float, Field(gt=0, le=100_000)] | None = Field(
        default=None, description="Its own shortest feasible distance (transport operations)"
    )

    def amount(self, key: str) -> float | None:
        """Its amount in the allocation key's unit (before distance), ``None`` if not given."""
        if key == "peq":
            return None if self.units is None else _peq(self.units)
        value: float | None = getattr(self, _KEY_FIELD[key])
        return value


AllocationKey = Literal["tkm", "TEUkm", "peq", "lane_m", "t", "container", "TEU"]


class Operation(_Strict):
    """A vehicle trip, tour, voyage or a hub's period of operation shared by several consignments.

    Its emissions (measured energy in ``primary``, empty and ballast running
    included, or reported ``totals``) are allocated to this chain's cargo by
    the ``allocation`` key (ISO 14083 / GLEC3 p.30: tonne-km over each
    consignment's shortest feasible distance by default; outbound tonnes at
    hubs, GLEC3 p.41). The key's total is either ``total_activity`` (all
    consignments, this chain's included) or this chain's activity plus that
    of ``other_consignments``.
    """

    id: Annotated[str, Field(min_length=1, max_length=200)]
    kind: Literal["transport", "hub"]
    primary: Primary | None = None
    totals: OperationTotals | None = None
    allocation: AllocationKey | None = Field(
        default=None, description="Allocation key; tkm for transport and t for hubs when not given"
    )
    total_activity: Annotated[float, Field(gt=0)] | None = Field(
        default=None, description="The operation's whole activity in the allocation key's unit"
    )
    other_consignments: list[OtherConsignment] | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> Operation:
        if (self.primary is None) == (self.totals is None):
            raise ValueError("give exactly one of primary (measured energy) and totals")
        if (self.total_activity is None) == (self.other_consignments is None):
            raise ValueError("give exactly one of total_activity and other_consignments")
        key = self.key
        if self.kind == "transport" and key not in ("tkm", "TEUkm", "peq", "lane_m"):
            raise ValueError(f"a transport operation is allocated by tkm, TEUkm, peq or lane_m, not {key}")
        if self.kind == "hub" and key not in ("t", "container", "TEU"):
            raise ValueError(f"a hub operation is allocated by t, container or TEU, not {key}")
        for number, other in enumerate(self.other_consignments or []):
            label = other.id or f"other_consignments[{number}]"
            if other.amount(key) is None:
                raise ValueError(f"{label}: the {key} key needs its {_KEY_FIELD[key]}")
            if self.kind == "transport" and other.sfd_km is None:
                raise ValueError(f"{label}: a transport operation needs each consignment's sfd_km")
        return self

    @property
    def key(self) -> AllocationKey:
        """The allocation key, with the default for the operation's kind."""
        if self.allocation is not None:
            return self.allocation
        return "tkm" if self.kind == "transport" else "t"

    def others_activity(self) -> float:
        """Activity of the other consignments in the key's unit (0 without ``other_consignments``)."""
        total = 0.0
        for other in self.other_consignments or []:
            amount = other.amount(self.key) or 0.0
            total += amount * (other.sfd_km or 0.0) if self.kind == "transport" else amount
        return total


_KEY_FIELD = {
    "tkm": "mass_t",
    "TEUkm": "teu",
    "peq": "units",
    "lane_m": "lane_m",
    "t": "mass_t",
    "container": "containers",
    "TEU": "teu",
}


__all__ = [
    "PASSENGER_EQUIVALENTS",
    "AllocationKey",
    "Ancillary",
    "Country",
    "FerryLoad",
    "FerryUnit",
    "FuelUse",
    "HubIntensity",
    "Operation",
    "OperationTotals",
    "OtherConsignment",
    "Primary",
    "RefrigerantLeak",
    "UserFuel",
]
