"""Typed request and response bodies of the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from corridor.chain.document import ChainDocument
from corridor.vocabulary import DEFAULT_CRITERIA as DEFAULT_CRITERIA_NAMES
from corridor.vocabulary import Criterion, Currency, JobState, Mode

Place = Annotated[str, Field(min_length=1, max_length=200)]
Country = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
DEFAULT_CRITERIA: list[Criterion] = [Criterion(c) for c in DEFAULT_CRITERIA_NAMES]


class _ChainDocumentSchema:
    """Schema marker: a field holding chain-document JSON is documented by :class:`ChainDocument`'s schema."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(ChainDocument.__pydantic_core_schema__)


#: A transport chain in the chain document's form, served as the routing engine wrote it and documented
#: in the OpenAPI schema by the chain document's JSON Schema (``docs/chain-schema.json``).
ChainJson = Annotated[dict[str, Any], _ChainDocumentSchema]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RouteRequest(_Request):
    """A routing question."""

    origin: Place = Field(
        examples=["Xi'an"],
        description="A node (id, UN/LOCODE, name), a town ('Lyon, FR'), coordinates 'lat,lon' or a "
        "UN/LOCODE; a place off the network is joined by truck to several terminals within reach",
    )
    destination: Place = Field(examples=["Duisburg"], description="As origin")
    cargo: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="Containers (default 1x40); none for a bulk commodity.", examples=["2x40HC"]
    )
    mass_t: Annotated[float, Field(gt=0, le=10_000_000)] | None = None
    dg_class: Annotated[int, Field(ge=1, le=9)] | None = None
    commodity: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None,
        description="What is shipped, from the commodity table (e.g. `uranium-ore-concentrate`): "
        "sets the dangerous-goods class.",
        examples=["uranium-ore-concentrate"],
    )
    avoid_countries: Annotated[list[Country], Field(max_length=60)] = Field(default_factory=list)
    avoid_modes: Annotated[list[Mode], Field(max_length=5)] = Field(default_factory=list)
    require_modes: Annotated[list[Mode], Field(max_length=4)] = Field(default_factory=list)
    via: Annotated[list[Place], Field(max_length=8)] = Field(default_factory=list)
    avoid_nodes: Annotated[list[Place], Field(max_length=50)] = Field(default_factory=list)
    max_transshipments: Annotated[int, Field(ge=0, le=50)] | None = None
    criteria: Annotated[list[Criterion], Field(min_length=1, max_length=4)] = Field(
        default_factory=lambda: list(DEFAULT_CRITERIA)
    )
    value_of_time_usd_per_container_day: Annotated[float, Field(ge=0, le=1_000_000)] | None = None
    depart: dt.date | None = Field(
        default=None,
        description="Departure date: P50/P90 for the disruptions (storms, congestion) of the months "
        "the cargo reaches them; without it the annual mix (the answer's `query.times` says which).",
        examples=["2025-01-15"],
    )
    schedules: Annotated[list[dict[str, Any]], Field(max_length=500)] | None = Field(
        default=None,
        description="Actual departures for this question: DCSA Commercial Schedules 1.0 point-to-point "
        "routings (the answer of `GET /v1/point-to-point-routes`). With `depart`, the cargo waits for the "
        "first of them after it reaches each timetabled link (options' `departures`); legs between places "
        "the network lacks are left out.",
    )
    currency: Currency = Field(
        default=Currency.USD,
        description="Also give each option's cost in this currency (`cost_in_currency`), at the bundled "
        "official rate the answer's `currency` names with its date and source; costs are USD otherwise.",
    )


class RouteOptionOut(BaseModel):
    """One Pareto-optimal option."""

    rank: int
    best: bool
    path: str
    duration_days_p50: float
    duration_days_p90: float
    duration_h_mean: float
    cost_usd: float
    co2e_kg: float | None
    distance_km: float
    countries: list[str]
    transshipments: int
    border_crossings: int
    generalised_cost_usd: float | None
    cost_in_currency: float | None = Field(
        default=None, description="`cost_usd` in the requested currency (with `currency` other than USD)."
    )
    chain: ChainJson | None = Field(default=None, description="With `include=chain`.")
    emissions: dict[str, Any] | None = Field(default=None, description="With `include=emissions`.")
    departures: list[dict[str, Any]] | None = Field(
        default=None,
        description="With `depart` and timetables loaded on the server (`CORRIDOR_SCHEDULES`): the "
        "actual departure the cargo takes on each timetabled link (service, departs, arrives, voyage, "
        "vessel, source) and the hours it waits for it.",
    )


#: Details a route answer adds on request (``?include=``).
RouteDetail = Literal["chain", "emissions", "geojson"]


class CurrencyRateOut(BaseModel):
    """The rate the costs were converted at: units of the currency per US dollar, dated and sourced."""

    currency: Currency
    name: str
    per_usd: float
    date: str
    source: str
    publisher: str
    url: str | None


class RouteResponse(BaseModel):
    """Options, the question as understood, provenance, and on request the options as GeoJSON."""

    provenance: dict[str, Any]
    query: dict[str, Any]
    truncated: str | None = Field(
        default=None, description="Null for the whole Pareto set; else which part of it the options are."
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="Dangerous goods: the rules (with sources) that removed routes, and the places on "
        "these routes no source rules on (allowed; to check with the operators).",
    )
    options: list[RouteOptionOut]
    currency: CurrencyRateOut | None = Field(
        default=None, description="With `currency` other than USD: the rate, its date and source."
    )
    geojson: dict[str, Any] | None = Field(default=None, description="With `include=geojson`.")


class NodeOut(BaseModel):
    """A node, for search results."""

    node_id: str
    name: str
    locode: str | None
    country: str
    kind: str
    lat: float
    lon: float


class NodeList(BaseModel):
    """Nodes matching a search."""

    nodes: list[NodeOut]


class PlaceOut(BaseModel):
    """A place suggestion: ``value`` is what to send as an origin or destination to mean it."""

    value: str
    label: str
    kind: Literal["node", "town", "locode"]
    country: str
    lat: float
    lon: float
    node_id: str | None = None
    population: int | None = None


class PlaceList(BaseModel):
    """Places matching a search, with the gazetteer's attribution."""

    places: list[PlaceOut]
    attribution: str


class Health(BaseModel):
    """Server health and data versions."""

    status: Literal["ok"]
    version: str
    network: str
    factors: str


class ScenarioOut(BaseModel):
    """A bundled scenario."""

    name: str
    description: str
    horizon_days: int


class ScenarioList(BaseModel):
    """Scenarios the server can run."""

    scenarios: list[ScenarioOut]


class SimulationRequest(_Request):
    """Run a scenario: a bundled one by name, or a scenario document."""

    scenario: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None, examples=["baseline-2024"]
    )
    document: dict[str, Any] | None = None
    replications: Annotated[int, Field(ge=1, le=100_000)] = 4
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] = 0


class JobOut(BaseModel):
    """A simulation job's status."""

    job_id: str
    scenario: str
    status: JobState
    done: int
    total: int
    seed: int
    error: str | None


class JobList(BaseModel):
    """All jobs."""

    jobs: list[JobOut]


class CompareRow(BaseModel):
    """One KPI of a comparison."""

    kpi: str
    a: float
    b: float
    delta: float
    ci95: float | None
    significant: bool
    p_value: float | None = None
    df: float | None = None
    n_a: int
    n_b: int


class CompareOut(BaseModel):
    """KPI differences between two finished jobs."""

    rows: list[CompareRow]


class ErrorDetail(BaseModel):
    """What was wrong with the request."""

    message: str
    field: str | None = None


class ErrorOut(BaseModel):
    """An error response."""

    detail: ErrorDetail


#: Error answers common to the planning endpoints, for the OpenAPI document.
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Unknown node, scenario or job"},
    413: {"model": ErrorOut, "description": "Request body too large"},
    422: {"model": ErrorOut, "description": "Invalid or infeasible request"},
}
