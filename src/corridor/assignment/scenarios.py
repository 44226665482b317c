"""Flows runs of scenario files: the simulation's scenario model read for an assignment.

A scenario's ``assignment`` section says which demand, year and growth,
closures, prices (carbon price, price factors by mode) and choice parameters
a flows run uses; the scenario's ``edits``, ``new_services`` and the
``services``' load factors change the network exactly as they do for the
simulation. ``builds_on`` names a scenario (usually the calibrated base year)
whose network changes come first and whose fitted corridor constants are
reused, so that a scenario differs from its base only by what it states.

Choice sets are cached per OD and cargo for the process, keyed by a
fingerprint of what routing reads (capacities excluded: they never change a
Pareto set), so scenarios and appraisal candidates that only change
capacities reuse the base's routes and only re-read the capacities.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from corridor.assignment.bulk import (
    BulkDemandRow,
    assign_bulk,
    bulk_columns,
    bulk_demand_from_csv,
    bundled_bulk_demand_path,
)
from corridor.assignment.choice import CostParameters
from corridor.assignment.demand import Demand, bundled_demand, demand_from_csv
from corridor.assignment.options import DAYS_PER_YEAR, WEEKS_PER_YEAR, Element, Option, od_options
from corridor.assignment.results import FlowsResult
from corridor.assignment.run import ChoiceSets, run_flows
from corridor.assignment.twin import TwinSettings, run_flows_with_twin
from corridor.emissions.factors import FactorDataset
from corridor.errors import DataFileError, ScenarioError
from corridor.network.io import bundled_network, load_network
from corridor.network.model import Network, Service
from corridor.simulation.edits import apply_edits
from corridor.simulation.scenario import (
    Assignment,
    Edit,
    NewService,
    PriceFactor,
    Scenario,
    ServiceOperation,
    load_scenario,
    scenario_path,
)

_ROUTES: dict[tuple[str, tuple[str, ...], str, str, str], tuple[Option, ...]] = {}
_ELEMENTS: dict[str, dict[str, Element]] = {}
_BASE_RUNS: dict[tuple[str, float], tuple[FlowsResult, Network]] = {}


def routing_fingerprint(network: Network) -> str:
    """A hash of what routing reads from ``network``: everything but the capacities."""
    digest = hashlib.sha256()
    for node_id in sorted(network.nodes):
        node = network.nodes[node_id]
        transfer = node.transfer
        if transfer is not None:
            transfer = replace(transfer, capacity_teu_per_day=None)
        digest.update(repr(replace(node, transfer=transfer)).encode())
    for link_id in sorted(network.links):
        digest.update(repr(replace(network.links[link_id], capacity_teu_per_day=None)).encode())
    for service_id in sorted(network.services):
        service = network.services[service_id]
        # routing only asks whether a departure can take the cargo (at most a 40', 2 TEU)
        digest.update(
            repr(
                replace(
                    service,
                    capacity_teu_per_departure=min(service.usable_teu_per_departure, 2.0),
                    load_factor=1.0,
                )
            ).encode()
        )
    return digest.hexdigest()


def refreshed_element(network: Network, element: Element) -> Element:
    """``element`` with its capacity read from ``network`` (capacity-only edits need no rerouting)."""
    capacity = 0.0
    if element.kind == "link":
        link = network.links.get(element.ref)
        capacity = (link.capacity_teu_per_day or 0.0) * DAYS_PER_YEAR if link is not None else 0.0
    elif element.kind == "hub":
        node = network.nodes.get(element.ref)
        transfer = node.transfer if node is not None else None
        capacity = (transfer.capacity_teu_per_day or 0.0) * DAYS_PER_YEAR if transfer is not None else 0.0
    elif element.kind == "services":
        capacity = WEEKS_PER_YEAR * sum(
            s.departures_per_week * s.usable_teu_per_departure for s in network.services_on(element.ref)
        )
    return replace(element, capacity_teu_per_year=capacity)


def cached_choice_sets(
    network: Network,
    demand: Demand,
    *,
    avoid_countries: tuple[str, ...] = (),
    factors: FactorDataset | None = None,
) -> ChoiceSets:
    """:func:`~corridor.assignment.run.find_choice_sets`, reusing routes found earlier in the process.

    Routes are reused when routing would read the same network (same
    :func:`routing_fingerprint`) and closures; capacities are always read from
    ``network``.
    """
    start = time.perf_counter()
    closed = tuple(sorted({c.upper() for c in avoid_countries}))
    fingerprint = routing_fingerprint(network)
    elements = _ELEMENTS.setdefault(fingerprint, {})
    options: dict[tuple[str, str, str], tuple[Option, ...]] = {}
    for row in demand.rows:
        key = (row.origin, row.destination, demand.segments[row.segment].cargo)
        if key in options:
            continue
        cache_key = (fingerprint, closed, *key)
        if cache_key not in _ROUTES:
            _ROUTES[cache_key] = od_options(network, *key, elements, avoid_countries=closed, factors=factors)
        options[key] = _ROUTES[cache_key]
    fresh = {k: refreshed_element(network, e) for k, e in elements.items()}
    return ChoiceSets(options, fresh, network.name, network.version, closed, time.perf_counter() - start)


def clear_caches() -> None:
    """Forget cached routes and base runs (tests, or after the network files changed)."""
    _ROUTES.clear()
    _ELEMENTS.clear()
    _BASE_RUNS.clear()


def _price_factor(network: Network, factor: PriceFactor) -> Network:
    wanted = {c.upper() for c in factor.countries}
    links = dict(network.links)
    for link_id, link in network.links.items():
        if link.mode == factor.mode and (not wanted or wanted & set(link.countries)):
            links[link_id] = replace(
                link,
                cost_usd_20=link.cost_usd_20 * factor.factor,
                cost_usd_40=link.cost_usd_40 * factor.factor,
            )
    return replace(network, links=links)


def _load_factors(network: Network, operations: list[ServiceOperation]) -> Network:
    """The operations' load factors (e.g. Caspian draught limits) in place of the services' own.

    As in the simulation's compiled plan: a scenario's load factor replaces the
    one in the data, and usable capacity is capacity times load factor.
    """
    by_link = {op.link: op.load_factor for op in operations if op.load_factor is not None}
    services = dict(network.services)
    for service_id, service in network.services.items():
        share = by_link.get(service.link_id)
        if share is not None and share != service.load_factor:
            services[service_id] = replace(service, load_factor=share)
    grouped: dict[str, list[Service]] = {}
    for service in services.values():
        grouped.setdefault(service.link_id, []).append(service)
    return replace(network, services=services, _services_by_link={k: tuple(v) for k, v in grouped.items()})


@dataclass(frozen=True)
class ScenarioFlows:
    """A scenario's flows run: the result, the network it ran on, and the chain of scenarios."""

    name: str
    result: FlowsResult
    network: Network
    chain: tuple[str, ...]


@dataclass(frozen=True)
class _Resolved:
    scenario: Scenario
    assignment: Assignment
    edits: list[Edit]
    new_services: list[NewService]
    services: list[ServiceOperation]
    base_dir: Path
    base: Path | None
    chain: tuple[str, ...]
    demand_dir: Path


def _resolve(path: Path, seen: tuple[str, ...] = ()) -> _Resolved:
    scenario = load_scenario(path)
    if scenario.assignment is None:
        raise ScenarioError(f"{path}: no assignment section: a flows run needs one (see docs/flows.md)")
    if str(path.resolve()) in seen:
        raise ScenarioError(f"{path}: assignment.builds_on: scenarios build on each other in a loop")
    base_dir = path.parent
    assignment = scenario.assignment
    if assignment.builds_on is None:
        return _Resolved(
            scenario, assignment, list(scenario.edits), list(scenario.new_services),
            list(scenario.services), base_dir, None, (str(path.resolve()),), base_dir,
        )  # fmt: skip
    try:
        base_path = scenario_path(base_dir / assignment.builds_on)
    except ScenarioError:
        base_path = scenario_path(assignment.builds_on)
    base = _resolve(base_path, (*seen, str(path.resolve())))
    own_links = {op.link for op in scenario.services}
    services = [op for op in base.services if op.link not in own_links] + list(scenario.services)
    # what this scenario's assignment does not state, it takes from its base
    stated = {name: getattr(assignment, name) for name in assignment.model_fields_set}
    merged = base.assignment.model_copy(update={**stated, "builds_on": assignment.builds_on})
    return _Resolved(
        scenario,
        merged,
        base.edits + list(scenario.edits),
        base.new_services + list(scenario.new_services),
        services,
        base_dir,
        base_path,
        (*base.chain, str(path.resolve())),
        base_dir if "demand" in assignment.model_fields_set else base.demand_dir,
    )


def scenario_flows_network(resolved: _Resolved) -> Network:
    """The network of a flows run: edits (the base's first), load factors, price factors."""
    scenario = resolved.scenario
    source = "bundled" if scenario.network == "bundled" else resolved.base_dir / scenario.network
    network = bundled_network() if source == "bundled" else load_network(source)
    network = apply_edits(network, resolved.edits, resolved.new_services)
    network = _load_factors(network, resolved.services)
    for factor in resolved.assignment.price_factors:
        network = _price_factor(network, factor)
    return network


def _demand(resolved: _Resolved) -> Demand:
    assignment = resolved.assignment
    demand = (
        bundled_demand()
        if assignment.demand == "bundled"
        else demand_from_csv(resolved.demand_dir / assignment.demand)
    )
    if assignment.year is not None and assignment.demand_growth_per_year:
        years = assignment.year - demand.base_year
        demand = demand.scaled((1.0 + assignment.demand_growth_per_year) ** years)
    return demand


def is_scenario_argument(argument: str | Path) -> bool:
    """Whether a command-line argument names a scenario (a .yaml file or a bundled name), not demand."""
    path = Path(argument)
    if path.suffix in {".yaml", ".yml"}:
        return True
    if path.exists():
        return False
    try:
        scenario_path(argument)
    except ScenarioError:
        return False
    return True


@dataclass(frozen=True)
class ScenarioInputs:
    """What a flows run of a scenario reads: network, demand, cost parameters, closures, constants."""

    name: str
    network: Network
    demand: Demand
    costs: CostParameters
    closed: tuple[str, ...]
    calibrate: bool
    base: Path | None
    chain: tuple[str, ...]
    year: int
    bulk_demand: tuple[BulkDemandRow, ...] = ()


def _bulk_demand(resolved: _Resolved) -> tuple[BulkDemandRow, ...]:
    named = resolved.assignment.bulk_demand
    if named is None:
        return ()
    path = bundled_bulk_demand_path() if named == "bundled" else resolved.base_dir / named
    try:
        return tuple(bulk_demand_from_csv(path))
    except DataFileError as err:
        raise ScenarioError(f"assignment.bulk_demand: {err}") from err


def scenario_inputs(scenario: str | Path) -> ScenarioInputs:
    """Resolve a scenario (file or bundled name) into the inputs of its flows run.

    Raises
    ------
    ScenarioError
        The file is invalid, has no ``assignment`` section, or an edit or a
        ``builds_on`` names something that does not exist.

    """
    resolved = _resolve(scenario_path(scenario))
    assignment = resolved.assignment
    demand = _demand(resolved)
    return ScenarioInputs(
        name=resolved.scenario.name,
        network=scenario_flows_network(resolved),
        demand=demand,
        costs=CostParameters(
            reliability_ratio=assignment.reliability_ratio,
            carbon_price_usd_per_t=assignment.carbon_price_usd_per_t,
            border_penalty_usd_per_crossing=assignment.border_penalty_usd_per_crossing,
        ),
        closed=tuple(sorted({c.upper() for c in assignment.avoid_countries})),
        calibrate=assignment.calibrate and resolved.base is None,
        base=resolved.base,
        chain=tuple(Path(p).stem for p in resolved.chain),
        year=assignment.year if assignment.year is not None else demand.base_year,
        bulk_demand=_bulk_demand(resolved),
    )


def run_scenario_flows(
    scenario: str | Path,
    *,
    factors: FactorDataset | None = None,
    twin: TwinSettings | None = None,
    on_round: Callable[[int], None] | None = None,
) -> ScenarioFlows:
    """Run a scenario's flows (its ``assignment`` section): a scenario file or a bundled scenario's name.

    A scenario that ``builds_on`` another runs that one first (once per
    process) and reuses its fitted corridor constants; otherwise the constants
    are fitted to the demand's observed shares when ``calibrate`` is true.

    Raises
    ------
    ScenarioError
        The file is invalid, has no ``assignment`` section, or an edit or a
        ``builds_on`` names something that does not exist.

    """
    inputs = scenario_inputs(scenario)
    logit = None
    if inputs.base is not None:
        logit = base_flows(inputs.base, factors=factors).result.fitted_logit()
    choice_sets = cached_choice_sets(
        inputs.network, inputs.demand, avoid_countries=inputs.closed, factors=factors
    )
    columns = None
    if inputs.bulk_demand:  # routed once: the tank cars compete in the equilibrium, then are assigned
        columns = bulk_columns(
            inputs.network,
            inputs.bulk_demand,
            closed=inputs.closed,
            carbon_price_usd_per_t=inputs.costs.carbon_price_usd_per_t,
        )
    if twin is None:
        result = run_flows(
            inputs.demand,
            inputs.network,
            costs=inputs.costs,
            logit=logit,
            calibrate=inputs.calibrate,
            avoid_countries=inputs.closed,
            choice_sets=choice_sets,
            factors=factors,
            bulk=columns,
        )
    else:  # the twin's rounds keep the constants this run fits (or its base's)
        result = run_flows_with_twin(
            inputs.demand,
            inputs.network,
            twin=twin,
            costs=inputs.costs,
            logit=logit,
            calibrate=inputs.calibrate,
            avoid_countries=inputs.closed,
            choice_sets=choice_sets,
            factors=factors,
            on_round=on_round,
        )
    timings = {
        **result.timings_s,
        "choice_sets": round(choice_sets.seconds, 3),
        "total": round(result.timings_s.get("total", 0.0) + choice_sets.seconds, 3),
    }
    provenance = {
        **result.provenance,
        "scenario": inputs.name,
        "scenario_chain": list(inputs.chain),
        "year": inputs.year,
    }
    bulk = None
    if columns is not None:  # bulk gets what the containers left of each shared element
        bulk = assign_bulk(
            inputs.network,
            inputs.bulk_demand,
            container_loads={b.key: b.teu_per_year for b in result.bottlenecks},
            columns=columns,
        )
    result = FlowsResult(**{**result.__dict__, "provenance": provenance, "timings_s": timings, "bulk": bulk})
    return ScenarioFlows(inputs.name, result, inputs.network, inputs.chain)


def base_flows(path: Path, *, factors: FactorDataset | None = None) -> ScenarioFlows:
    """A scenario's flows run, kept for the process (the base that others build on)."""
    key = (str(path.resolve()), path.stat().st_mtime)
    if key not in _BASE_RUNS:
        run = run_scenario_flows(path, factors=factors)
        _BASE_RUNS[key] = (run.result, run.network)
    result, network = _BASE_RUNS[key]
    return ScenarioFlows(result.provenance.get("scenario", path.stem), result, network, (path.stem,))


__all__ = [
    "ScenarioFlows",
    "ScenarioInputs",
    "base_flows",
    "cached_choice_sets",
    "clear_caches",
    "is_scenario_argument",
    "refreshed_element",
    "routing_fingerprint",
    "run_scenario_flows",
    "scenario_flows_network",
    "scenario_inputs",
]
