"""The chain document: a transport chain described in JSON, without a network.

``corridor route --format json`` writes each option's chain in this form, so
planned chains can be fed back unchanged. ``corridor emissions --schema``
prints the JSON Schema.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, model_validator

from corridor.chain.inputs import (
    AllocationKey,
    Ancillary,
    Country,
    FerryLoad,
    FerryUnit,
    FuelUse,
    HubIntensity,
    Operation,
    OperationTotals,
    OtherConsignment,
    Primary,
    RefrigerantLeak,
    UserFuel,
    _Strict,
)
from corridor.errors import ChainInputError
from corridor.vocabulary import Mode

ContainerType = Literal["20", "40", "40HC", "20RF", "40RF"]
ModeName = Mode


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
    """A carrier's own or a published intensity, with its data category (primary by default)."""

    wtw_g: Annotated[float, Field(ge=0)]
    ttw_g: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="Tank-to-wheel part; leave out for a published WTW-only intensity"
    )
    unit: Literal["tkm", "TEUkm"]
    data_category: Literal["primary", "modelled", "default"] | None = Field(
        default=None,
        description=(
            "primary: the carrier's measured operations; modelled or default otherwise (GLEC3 p.25); "
            "if not stated, taken as primary and said so"
        ),
    )
    fuel: str | None = Field(
        default=None,
        description="The fuel the carrier's vehicles run on (a dataset or chain fuel id), for iLEAP",
    )

    @model_validator(mode="after")
    def _ttw_within_wtw(self) -> Intensity:
        if self.ttw_g is not None and self.ttw_g > self.wtw_g:
            raise ValueError(f"ttw_g ({self.ttw_g}) cannot exceed wtw_g ({self.wtw_g})")
        return self


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
    ferry_load: FerryLoad | None = Field(
        default=None,
        description="On a Ro-Pax ferry: the cargo's vehicles (peq) or lane metres, for the allocation",
    )
    road_unit: Literal["container-on-chassis", "semi-trailer"] | None = Field(
        default=None,
        description="How the cargo rides on a truck (road legs and Ro-Ro ferries): a container on a chassis "
        "or loose cargo in a semi-trailer",
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
    fuels: list[UserFuel] = Field(
        default_factory=list,
        description="Fuels defined here with their sourced factors (add to or replace the dataset's by id)",
    )
    gwp: Literal["AR6", "AR5"] | None = Field(
        default=None,
        description=(
            "GWP100 basis for refrigerant leakage: AR6 (default, as GLEC v3) or AR5 (ISO 14083 Annex K); "
            "fuel and grid factors keep their dataset's basis"
        ),
    )
    operations: list[Operation] = Field(
        default_factory=list,
        description="Operations shared with other consignments (trips, voyages, a hub's period), by id",
    )

    @model_validator(mode="after")
    def _operations_referenced(self) -> ChainDocument:
        fuel_ids = [fuel.id for fuel in self.fuels]
        for fuel_id in fuel_ids:
            if fuel_ids.count(fuel_id) > 1:
                raise ValueError(f"fuels: id {fuel_id!r} is given twice")
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
            if op.key in ("peq", "lane_m"):
                load = element.ferry_load if isinstance(element, Leg) else None
                missing = load is None or (not load.units if op.key == "peq" else load.lane_m is None)
                if missing:
                    need = "units (vehicles, passengers)" if op.key == "peq" else "lane_m"
                    raise ValueError(
                        f"{where}: {op.id!r} is allocated by {op.key}: give the leg's ferry_load {need}"
                    )
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


__all__ = [
    "AllocationKey",
    "Ancillary",
    "Cargo",
    "ChainDocument",
    "ContainerCount",
    "ContainerType",
    "Country",
    "Element",
    "FerryLoad",
    "FerryUnit",
    "FuelUse",
    "Hub",
    "HubIntensity",
    "Intensity",
    "Leg",
    "ModeName",
    "Operation",
    "OperationTotals",
    "OtherConsignment",
    "Primary",
    "RefrigerantLeak",
    "Segment",
    "UserFuel",
    "chain_from_dict",
    "chain_schema",
    "chain_schema_json",
]
