"""The chain document: a transport chain described in JSON, without a network.

``corridor route --format json`` writes each option's chain in this form, so
planned chains can be fed back unchanged. ``corridor emissions --schema``
prints the JSON Schema.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from corridor.errors import ChainInputError
from corridor.vocabulary import Mode

ContainerType = Literal["20", "40", "40HC", "20RF", "40RF"]
ModeName = Mode
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContainerCount(_Strict):
    """Boxes of one type."""

    type: ContainerType
    count: Annotated[int, Field(ge=1, le=100_000)]


class Cargo(_Strict):
    """What is shipped: containers, and the cargo mass if known."""

    containers: list[ContainerCount] = Field(default_factory=list)
    mass_t: Annotated[float, Field(gt=0, le=1e7)] | None = Field(
        default=None, description="Actual cargo mass in tonnes, packaging included, containers excluded"
    )
    teu: Annotated[float, Field(gt=0, le=1e6)] | None = Field(
        default=None, description="TEU, when no container types are given (sea legs are per TEU-km)"
    )

    @model_validator(mode="after")
    def _something_given(self) -> Cargo:
        if not self.containers and self.mass_t is None:
            raise ValueError("give containers, mass_t, or both")
        return self


class Intensity(_Strict):
    """A carrier's own intensity (primary data)."""

    wtw_g: Annotated[float, Field(ge=0)]
    ttw_g: Annotated[float, Field(ge=0)]
    unit: Literal["tkm", "TEUkm"]

    @model_validator(mode="after")
    def _ttw_within_wtw(self) -> Intensity:
        if self.ttw_g > self.wtw_g:
            raise ValueError(f"ttw_g ({self.ttw_g}) cannot exceed wtw_g ({self.wtw_g})")
        return self


class FuelUse(_Strict):
    """Fuel burnt, in kg or litres."""

    fuel: str
    kg: Annotated[float, Field(ge=0)] | None = None
    litres: Annotated[float, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> FuelUse:
        if (self.kg is None) == (self.litres is None):
            raise ValueError("give exactly one of kg and litres")
        return self


class Primary(_Strict):
    """Measured energy for the element's share of the operation (primary data)."""

    fuels: list[FuelUse] = Field(default_factory=list)
    electricity_kwh: Annotated[float, Field(ge=0)] | None = None
    grid_country: Country | None = None
    grid_g_per_kwh: Annotated[float, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _something(self) -> Primary:
        if not self.fuels and self.electricity_kwh is None:
            raise ValueError("give fuels or electricity_kwh")
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
    data_category: Literal["primary", "modelled", "default"] = Field(
        default="primary",
        description="primary: from the operator's measured energy; else modelled or default (GLEC3 p.25)",
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


class OtherConsignment(_Strict):
    """Another consignment of a shared operation, for the allocation key."""

    id: str | None = None
    mass_t: Annotated[float, Field(ge=0, le=1e7)] | None = None
    teu: Annotated[float, Field(ge=0, le=1e6)] | None = None
    containers: Annotated[float, Field(ge=0, le=1e6)] | None = Field(
        default=None, description="Boxes handled (hub operations allocated per container)"
    )
    sfd_km: Annotated[float, Field(gt=0, le=100_000)] | None = Field(
        default=None, description="Its own shortest feasible distance (transport operations)"
    )


AllocationKey = Literal["tkm", "TEUkm", "t", "container", "TEU"]


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
        if self.kind == "transport" and key not in ("tkm", "TEUkm"):
            raise ValueError(f"a transport operation is allocated by tkm or TEUkm, not {key}")
        if self.kind == "hub" and key not in ("t", "container", "TEU"):
            raise ValueError(f"a hub operation is allocated by t, container or TEU, not {key}")
        for number, other in enumerate(self.other_consignments or []):
            amount = {"tkm": other.mass_t, "TEUkm": other.teu, "t": other.mass_t}.get(key)
            if key == "container":
                amount = other.containers
            if key == "TEU":
                amount = other.teu
            label = other.id or f"other_consignments[{number}]"
            if amount is None:
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
            amount = getattr(other, _KEY_FIELD[self.key]) or 0.0
            total += amount * (other.sfd_km or 0.0) if self.kind == "transport" else amount
        return total


_KEY_FIELD = {"tkm": "mass_t", "TEUkm": "teu", "t": "mass_t", "container": "containers", "TEU": "teu"}


class Segment(_Strict):
    """A stretch of a leg with uniform characteristics (one network link)."""

    distance_km: Annotated[float, Field(gt=0, le=100_000)]
    toc: str | None = None
    electric_share: Annotated[float, Field(ge=0, le=1)] | None = None
    countries: list[Country] = Field(default_factory=list)
    link_id: str | None = None


class Leg(_Strict):
    """A move by one mode. Give ``distance_km`` or ``segments``."""

    type: Literal["leg"]
    mode: ModeName
    distance_km: Annotated[float, Field(gt=0, le=100_000)] | None = None
    toc: str | None = Field(default=None, description="Transport operation category id in the factor dataset")
    electric_share: Annotated[float, Field(ge=0, le=1)] | None = None
    countries: list[Country] = Field(default_factory=list)
    segments: list[Segment] | None = None
    intensity: Intensity | None = None
    primary: Primary | None = None
    daf: Annotated[float, Field(ge=1, le=2)] | None = Field(
        default=None,
        description="Distance adjustment factor, only where the standard calls for it (Cefic road: 1.05)",
    )
    operation: str | None = Field(
        default=None,
        description="Id of a shared operation in operations: its emissions are allocated",
    )
    # descriptive fields written by `corridor route`; accepted and ignored
    from_node: str | None = None
    to_node: str | None = None
    node_ids: list[str] | None = None
    link_ids: list[str] | None = None
    cost_usd: float | None = None
    duration_h_mean: float | None = None
    duration_h: list[dict[str, Any]] | None = None
    gauge_mm: int | None = None
    service_ids: list[str] | None = None

    @model_validator(mode="after")
    def _distance_given(self) -> Leg:
        if self.distance_km is None and not self.segments:
            raise ValueError("give distance_km or segments")
        if self.segments and self.distance_km is not None:
            total = sum(s.distance_km for s in self.segments)
            if abs(total - self.distance_km) > 1e-6 * max(1.0, total):
                raise ValueError(f"distance_km {self.distance_km} differs from the sum of segments {total}")
        return self


class Hub(_Strict):
    """A stop: handling at a terminal, a gauge change, a border."""

    type: Literal["hub"]
    hoc: str | None = Field(
        default=None, description="Hub operation category id; none for stops without handling (borders)"
    )
    primary: Primary | None = None
    intensity: HubIntensity | None = None
    ancillary: list[Ancillary] = Field(
        default_factory=list, description="Activities for this consignment alone, added to the hub's"
    )
    operation: str | None = Field(
        default=None,
        description="Id of a hub operation in operations: its emissions are allocated",
    )
    # descriptive fields written by `corridor route`
    node_id: str | None = None
    kind: str | None = None
    activities: list[str] | None = None
    cost_usd: float | None = None
    duration_h_mean: float | None = None
    duration_h: list[dict[str, Any]] | None = None
    country: Country | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Hub:
        if self.primary is not None and self.intensity is not None:
            raise ValueError("give primary (measured energy) or intensity, not both")
        return self


Element = Annotated[Leg | Hub, Field(discriminator="type")]


class ChainDocument(_Strict):
    """A transport chain: cargo and the legs and hubs it passes, in order."""

    cargo: Cargo
    elements: Annotated[list[Element], Field(min_length=1)]
    origin: str | None = None
    destination: str | None = None
    operations: list[Operation] = Field(
        default_factory=list,
        description="Operations shared with other consignments (trips, voyages, a hub's period), by id",
    )

    @model_validator(mode="after")
    def _operations_referenced(self) -> ChainDocument:
        known: dict[str, Operation] = {}
        for op in self.operations:
            if op.id in known:
                raise ValueError(f"operations: id {op.id!r} is given twice")
            known[op.id] = op
        for index, element in enumerate(self.elements):
            if element.operation is None:
                continue
            where = f"elements[{index}].operation"
            if element.operation not in known:
                raise ValueError(f"{where}: no operation with id {element.operation!r} in operations")
            op = known[element.operation]
            expected = "transport" if isinstance(element, Leg) else "hub"
            if op.kind != expected:
                raise ValueError(f"{where}: {op.id!r} is a {op.kind} operation, the element a {element.type}")
            others = [name for name in ("intensity", "primary") if getattr(element, name, None) is not None]
            if others:
                raise ValueError(f"{where}: give the operation or {', '.join(others)}, not both")
        return self


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in ("leg", "hub"):
            continue
        else:
            text += ("." if text else "") + part
    return text or "document"


def chain_from_dict(data: Any, *, source: str = "chain") -> ChainDocument:
    """Validate a chain document; errors name the element index and field.

    Raises
    ------
    ChainInputError
        ``"chain.json: elements[2].distance_km: Input should be greater than 0 (got -5)"``.

    """
    try:
        return ChainDocument.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = _location(tuple(first["loc"]))
        got = first.get("input")
        detail = first["msg"].removeprefix("Value error, ")
        shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
        more = f" (and {err.error_count() - 1} more problem(s))" if err.error_count() > 1 else ""
        place = "" if where == "document" and detail.startswith(("elements", "operations")) else f"{where}: "
        raise ChainInputError(f"{source}: {place}{detail}{shown}{more}") from err


def chain_schema() -> dict[str, Any]:
    """JSON Schema of the chain document."""
    schema = ChainDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Corridor transport chain"
    return schema


def chain_schema_json() -> str:
    """The JSON Schema as text."""
    return json.dumps(chain_schema(), indent=2) + "\n"
