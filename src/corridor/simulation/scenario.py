"""Scenario files (YAML): the network variant, demand, operations and disruptions to simulate.

Validated against a schema (``corridor scenario schema``); errors name the
file, the path in the document and the value, with a suggestion for
misspelt fields.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from corridor.errors import ScenarioError, UnknownScenarioError
from corridor.vocabulary import Mode, SailingPolicy


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Positive = Annotated[float, Field(gt=0)]
Share = Annotated[float, Field(ge=0, le=1)]


class RouteRule(_Strict):
    """How a flow is routed (once, before the run): the fastest route obeying these rules."""

    avoid_countries: list[str] = Field(default_factory=list)
    avoid_modes: list[Mode] = Field(default_factory=list)
    require_modes: list[Mode] = Field(default_factory=list)
    via: list[str] = Field(default_factory=list, description="Nodes to pass, in order")
    avoid_nodes: list[str] = Field(default_factory=list)
    commodity: str | None = Field(
        default=None,
        description="What the containers hold, from the commodity table (e.g. uranium-ore-concentrate): "
        "its dangerous-goods class then removes the services and ports whose rules refuse it",
    )


class Flow(_Strict):
    """Containers between an origin and a destination, formed into block trains at the origin."""

    name: str
    origin: str
    destination: str
    teu_per_week: Positive
    route: RouteRule = Field(default_factory=RouteRule)
    seasonality: Annotated[list[Positive], Field(min_length=12, max_length=12)] | None = Field(
        default=None, description="Monthly multipliers of teu_per_week, January first"
    )
    growth_per_year: Annotated[float, Field(ge=-0.9, le=10)] = 0.0
    train_teu: Annotated[float, Field(gt=0, le=500)] = Field(
        default=82.0, description="TEU per block train (41 wagons x 2 TEU)"
    )
    background: bool = Field(
        default=False, description="Background traffic: counted for capacity, not reported"
    )


class ServiceOperation(_Strict):
    """How the ships or ferries of a link operate."""

    link: str
    policy: SailingPolicy | None = Field(default=None, description="Default: the data's (services.csv)")
    max_wait_h: Positive = Field(default=168.0, description="when_full: sail at the latest after this wait")
    load_factor: Share | None = Field(
        default=None, description="Usable share of capacity (e.g. draught limits); default: the data's"
    )


class Weather(_Strict):
    """Seasonal closures of ports: storms as episodes, closing the nodes for days."""

    name: str
    nodes: Annotated[list[str], Field(min_length=1)]
    monthly_closed_share: Annotated[list[Share], Field(min_length=12, max_length=12)]
    episode_days: Annotated[list[Positive], Field(min_length=3, max_length=3)] = Field(
        default=[1.0, 2.0, 5.0], description="Triangular min, mode, max of one closure"
    )


class Closure(_Strict):
    """A node shut for a date range (a border closure, a strike)."""

    node: str
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Closure:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Edit(_Strict):
    """A change to the network: set one field of a node, link, service, or a link's bulk row (``bulk``)."""

    target: Literal["node", "link", "service", "bulk"]
    id: str
    field: str
    value: float | int | str | bool | None


class NewService(_Strict):
    """A new scheduled service on an existing link."""

    service_id: str
    link: str
    name: str
    departures_per_week: Positive
    capacity_teu_per_departure: Positive
    operator: str | None = None


class PriceFactor(_Strict):
    """Prices of one mode's links multiplied (e.g. sea freight rates in a crisis), for flows runs."""

    mode: Mode
    factor: Positive
    countries: list[str] = Field(
        default_factory=list, description="Only links crossing one of these countries (empty: all)"
    )
    note: str = ""


class Assignment(_Strict):
    """How a flows run (``corridor flows run``) reads the scenario: demand, closures, prices, choice.

    The scenario's ``edits``, ``new_services`` and the ``services``' load factors
    apply to the network of the flows run as they do to the simulation's.
    """

    demand: str = Field(
        default="bundled", description="'bundled' or a demand folder/CSV (relative to the file)"
    )
    bulk_demand: str | None = Field(
        default=None,
        description="Bulk demand in tonnes a year (CSV: origin, destination, commodity, t_per_year): "
        "'bundled' for the bundled table, a file next to the scenario, or none (containers only)",
    )
    year: Annotated[int, Field(ge=1990, le=2100)] | None = Field(
        default=None, description="Year modelled; demand grows from the demand's base year to it"
    )
    demand_growth_per_year: Annotated[float, Field(ge=-0.5, le=1.0)] = 0.0
    avoid_countries: list[str] = Field(default_factory=list, description="Countries closed to all traffic")
    carbon_price_usd_per_t: Annotated[float, Field(ge=0)] = 0.0
    border_penalty_usd_per_crossing: Annotated[float, Field(ge=0)] = 100.0
    reliability_ratio: Annotated[float, Field(ge=0)] = 1.2
    price_factors: list[PriceFactor] = Field(default_factory=list)
    builds_on: str | None = Field(
        default=None,
        description=(
            "A scenario (name or file) whose edits, services and fitted choice constants this one starts from"
        ),
    )
    calibrate: bool = Field(
        default=True, description="Fit the corridor constants to the demand's observed shares (base years)"
    )


class Scenario(_Strict):
    """A scenario to simulate (``flows``) and/or to assign (``assignment``)."""

    name: str
    description: str = ""
    network: str = Field(
        default="bundled", description="'bundled' or a network folder (relative to the file)"
    )
    # a run ends up to ten years and a drain after its start: a date near the calendar's end overflows
    start: Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))]
    horizon_days: Annotated[int, Field(ge=1, le=3660)]
    warmup_days: Annotated[int, Field(ge=0, le=365)] = 30
    flows: list[Flow] = Field(default_factory=list, description="Pinned flows the simulation runs")
    assignment: Assignment | None = Field(default=None, description="How a flows run reads the scenario")
    services: list[ServiceOperation] = Field(default_factory=list)
    weather: list[Weather] = Field(default_factory=list)
    closures: list[Closure] = Field(default_factory=list)
    edits: list[Edit] = Field(default_factory=list)
    new_services: list[NewService] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="Where the scenario's numbers come from")

    @model_validator(mode="after")
    def _something_to_run(self) -> Scenario:
        if not self.flows and self.assignment is None:
            raise ValueError("a scenario needs flows (to simulate) or an assignment section (flows run)")
        return self

    @model_validator(mode="after")
    def _warmup_shorter(self) -> Scenario:
        if self.warmup_days >= self.horizon_days:
            raise ValueError(
                f"warmup_days {self.warmup_days} must be shorter than horizon_days {self.horizon_days}"
            )
        return self


def _fields_of(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """Field names valid at ``loc`` (for suggestions)."""
    current: type[BaseModel] = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        annotation = field.annotation
        candidates = [
            a
            for a in (annotation, *getattr(annotation, "__args__", ()))
            if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        if not candidates:
            return []
        current = candidates[0]
    return list(current.model_fields)


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text or "document"


def scenario_from_dict(data: Any, *, source: str = "scenario") -> Scenario:
    """Validate a scenario document.

    Raises
    ------
    ScenarioError
        ``"base.yaml: flows[0].teu_per_weak: unknown field; did you mean 'teu_per_week'?"``

    """
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        errors = sorted(err.errors(), key=lambda e: e["type"] != "extra_forbidden")
        first = errors[0]
        loc = tuple(first["loc"])
        where = _path(loc)
        more = f" (and {err.error_count() - 1} more problem(s))" if err.error_count() > 1 else ""
        if first["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(loc[-1]), _fields_of(Scenario, loc), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ScenarioError(f"{source}: {where}: unknown field{hint}{more}") from err
        got = first.get("input")
        shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
        detail = first["msg"].removeprefix("Value error, ")
        raise ScenarioError(f"{source}: {where}: {detail}{shown}{more}") from err


#: Nodes a scenario document may expand to, aliases counted at every use (the bundled ones have ~1,000):
#: a few aliases of aliases ("billion laughs") would otherwise make validation walk billions of values.
MAX_YAML_NODES = 100_000


def _expanded_nodes(node: yaml.Node, memo: dict[int, int]) -> int:
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # a node that contains itself counts once
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_nodes(k, memo) + _expanded_nodes(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_nodes(item, memo) for item in node.value)
    else:
        size = 1
    memo[id(node)] = size
    return size


class _CountingLoader(yaml.SafeLoader):
    """A safe loader that stops composing once the document has more than :data:`MAX_YAML_NODES` nodes."""

    composed = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.composed += 1
        if self.composed > MAX_YAML_NODES:
            raise _TooBigError
        node: yaml.Node | None = super().compose_node(parent, index)
        return node


class _TooBigError(Exception):
    pass


def _bounded_yaml(text: str, source: Path) -> Any:
    """``yaml.safe_load(text)``, refusing documents that expand past :data:`MAX_YAML_NODES` nodes."""
    loader = _CountingLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except _TooBigError:
            node, size = None, MAX_YAML_NODES + 1
        else:
            size = 0
        if node is not None:
            try:
                size = _expanded_nodes(node, {})
            except RecursionError:
                size = MAX_YAML_NODES + 1
        if size > MAX_YAML_NODES:
            raise ScenarioError(
                f"{source}: the document expands to more than {MAX_YAML_NODES:,} values "
                "(aliases are counted at each use); a scenario is far smaller"
            )
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a YAML scenario file."""
    path = Path(path)
    try:
        data = _bounded_yaml(path.read_text(encoding="utf-8"), path)
    except FileNotFoundError as err:
        raise ScenarioError(f"{path}: file not found") from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
        raise ScenarioError(f"{path}: invalid YAML{where}: {getattr(err, 'problem', err)}") from err
    return scenario_from_dict(data, source=str(path))


def bundled_scenarios_path() -> Path:
    """The folder of the scenarios shipped with Corridor (a copy of the repository's ``scenarios/``)."""
    return Path(str(resources.files("corridor") / "data" / "scenarios"))


def scenario_files(folder: str | Path | None = None) -> dict[str, Path]:
    """Scenario files in ``folder`` (default: the bundled ones) by name, the file name less ``.yaml``.

    Parameters
    ----------
    folder
        A folder of ``*.yaml`` scenario files; ``None`` for the bundled scenarios.

    Returns
    -------
    dict of str to Path
        Files by name, sorted by name; empty if ``folder`` is not a folder.
        Appraisal files (``*-candidates.yaml``) are left out.

    Examples
    --------
    >>> sorted(scenario_files())  # doctest: +NORMALIZE_WHITESPACE
    ['baseline-2024', 'cpc-disruption', 'investment-2030', 'japan-digital-2030',
     'red-sea-closed', 'russia-closed', 'surge-2022', 'uranium-sanctions']

    """
    where = bundled_scenarios_path() if folder is None else Path(folder)
    if not where.is_dir():
        return {}
    # files named *-candidates.yaml are appraisal files (corridor appraise), not scenarios
    return {p.stem: p for p in sorted(where.glob("*.yaml")) if not p.stem.endswith("-candidates")}


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """A scenario file as a list shows it."""

    name: str
    description: str
    horizon_days: int
    path: Path


def list_scenarios(folder: str | Path | None = None) -> list[ScenarioInfo]:
    """The valid scenarios in ``folder`` (default: the bundled ones), by name; invalid files are left out.

    Examples
    --------
    >>> [s.name for s in list_scenarios()][:2]
    ['baseline-2024', 'cpc-disruption']

    """
    out = []
    for name, path in scenario_files(folder).items():
        try:
            scenario = load_scenario(path)
        except ScenarioError:
            continue
        out.append(ScenarioInfo(name, scenario.description, scenario.horizon_days, path))
    return out


def scenario_path(scenario: str | Path, *, folder: str | Path | None = None) -> Path:
    """The file a scenario argument names: a path to a scenario file, else a scenario's name.

    A name is looked up in ``folder`` (default: the bundled scenarios), with or
    without its ``.yaml``. An existing file always wins over a name.

    Parameters
    ----------
    scenario
        A path (``my-scenarios/surge.yaml``) or a name (``baseline-2024``).
    folder
        Where names are looked up; ``None`` for the bundled scenarios.

    Returns
    -------
    Path
        The scenario file.

    Raises
    ------
    UnknownScenarioError
        ``scenario`` is neither a file nor a known name; the message lists the names.

    Examples
    --------
    >>> scenario_path("baseline-2024").name
    'baseline-2024.yaml'

    """
    path = Path(scenario)
    if path.is_file():
        return path
    files = scenario_files(folder)
    name = path.name.removesuffix(".yaml") if path.parent == Path() else None
    if name in files:
        return files[name]
    known = ", ".join(files) or "none"
    raise UnknownScenarioError(
        f"{scenario}: no such scenario file, nor a scenario of that name (names: {known})"
    )


def find_scenario(folder: str | Path | None, name: str) -> Path:
    """The scenario called ``name`` in ``folder`` (default: the bundled ones); never a path.

    For servers: a name from a request must not open an arbitrary file.

    Raises
    ------
    UnknownScenarioError
        No such scenario; the message lists the known ones.

    """
    files = scenario_files(folder)
    if name not in files:
        known = ", ".join(files) or "none"
        raise UnknownScenarioError(f"unknown scenario {name!r}; known: {known}", field="scenario")
    return files[name]


def scenario_schema_json() -> str:
    """The scenario file's JSON Schema, for editors."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Corridor scenario"
    return json.dumps(schema, indent=2) + "\n"
