"""Compile a scenario into what the engine executes: flows with their chains as steps.

A flow's route is the fastest route obeying its rules, planned once with
the routing engine; its transport chain becomes a list of steps: travel
(rail or road running time), sailing (queue for the link's services, then
cross), and hub (dwell, and handling capacity where the node has one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from corridor.chain import Hub, Leg, TransportChain
from corridor.distributions import Triangular, Uniform
from corridor.emissions.factors import bundled_factors
from corridor.errors import CorridorError, NoRouteError, ScenarioError
from corridor.events import EventType
from corridor.network.io import load_network
from corridor.network.model import Network, combined_headway_h, combined_interval_h
from corridor.routing import RouteQuery, describe_chain, route_query
from corridor.simulation.edits import apply_edits
from corridor.simulation.scenario import Scenario, ServiceOperation


@dataclass(frozen=True, slots=True)
class Travel:
    """Running time on links without services (a block train, a truck)."""

    durations: tuple[Triangular, ...]
    node_id: str


@dataclass(frozen=True, slots=True)
class Sailing:
    """Queue at the port for the link's services, then cross."""

    link_id: str
    from_node: str
    to_node: str
    crossing: Triangular


@dataclass(frozen=True, slots=True)
class Stop:
    """Dwell at a hub; handling capacity (TEU per hour) where the node has one."""

    node_id: str
    #: The dwell, and where the box is handed to the railway the wait for the next train.
    dwell: tuple[Triangular | Uniform, ...]
    capacity_teu_per_h: float | None
    event: EventType


Step = Travel | Sailing | Stop


@dataclass(frozen=True, slots=True)
class FlowPlan:
    """One flow: demand, its route as steps, and its emissions per TEU."""

    name: str
    origin: str
    destination: str
    teu_per_week: float
    seasonality: tuple[float, ...]
    growth_per_year: float
    train_teu: float
    background: bool
    steps: tuple[Step, ...]
    path: str
    co2e_kg_per_teu: float


@dataclass(frozen=True, slots=True)
class ServicePlan:
    """The combined services of one sea or ferry link."""

    link_id: str
    from_node: str
    to_node: str
    headway_h: float
    capacity_teu: float
    policy: str
    max_wait_h: float
    fill_h: float | None = None


@dataclass(frozen=True, slots=True)
class WeatherPlan:
    """Seasonal storms at some nodes."""

    name: str
    nodes: tuple[str, ...]
    monthly_closed_share: tuple[float, ...]
    episode_days: Triangular


@dataclass(frozen=True, slots=True)
class DisruptionPlan:
    """One of the network's disruption processes at a node (``disruptions.csv``).

    A ``closure`` runs as episodes closing the node; a ``delay`` holds the cargo it hits
    for an episode. The planner's P50/P90 convolve the same parameters.
    """

    process: str
    node: str
    kind: str
    monthly_chance: tuple[float, ...]
    episode_h: Triangular


@dataclass(frozen=True)
class Plan:
    """Everything a replication needs; plain values, picklable for worker processes."""

    scenario: str
    start: dt.date
    horizon_h: float
    warmup_h: float
    flows: tuple[FlowPlan, ...]
    services: dict[str, ServicePlan]
    weather: tuple[WeatherPlan, ...]
    closures: tuple[tuple[str, float, float], ...]
    hub_capacity_teu_per_day: dict[str, float]
    network_version: str
    disruptions: tuple[DisruptionPlan, ...] = ()


def _event(hub: Hub) -> EventType:
    if hub.kind == "gauge_change":
        return EventType.GAUGE_CHANGE
    if hub.kind == "border":
        return EventType.BORDER
    return EventType.DISCHARGE if hub.kind == "transshipment" else EventType.ARRIVAL


def chain_steps(network: Network, chain: TransportChain) -> tuple[Step, ...]:
    """The steps a lot takes along ``chain``."""
    steps: list[Step] = []
    for element in chain.elements:
        if isinstance(element, Hub):
            node = network.nodes[element.node]
            capacity = None
            if element.kind in ("transshipment", "gauge_change") and node.transfer is not None:
                per_day = node.transfer.capacity_teu_per_day
                capacity = per_day / 24.0 if per_day else None
            # the disruption processes run as their own episodes; the wait for a train is drawn here
            dwell = tuple(d for d in element.duration_h if isinstance(d, (Triangular, Uniform)))
            steps.append(Stop(element.node, dwell, capacity, _event(element)))
            continue
        assert isinstance(element, Leg)
        pending: list[Triangular] = []
        for link_id, a in zip(element.link_ids, element.node_ids, strict=False):
            link = network.links[link_id]
            b = link.to_node if a == link.from_node else link.from_node
            if network.services_on(link_id):
                if pending:
                    steps.append(Travel(tuple(pending), a))
                    pending = []
                steps.append(Sailing(link_id, a, b, link.duration_h))
            else:
                pending.append(link.duration_h)
        if pending:
            steps.append(Travel(tuple(pending), element.end))
    return tuple(steps)


def service_plan(
    network: Network,
    link_id: str,
    operation: ServiceOperation | None = None,
    *,
    key: str | None = None,
    from_node: str | None = None,
    to_node: str | None = None,
) -> ServicePlan:
    """The combined services of ``link_id`` with the data's sailing rule, unless ``operation`` sets its own.

    ``key``, ``from_node`` and ``to_node`` make a plan for one direction of the link (the
    assignment's twin keeps the two directions' ships apart); by default the link's own.
    """
    link = network.links[link_id]
    offered = network.services_on(link_id)
    per_week = sum(s.departures_per_week for s in offered)
    capacity = sum(s.capacity_teu_per_departure * s.departures_per_week for s in offered) / per_week
    usable = sum(s.usable_teu_per_departure * s.departures_per_week for s in offered) / per_week
    # The data's sailing rule (policy, load factor, fill time) unless the scenario sets its own.
    data_policy = "when_full" if all(s.policy == "when_full" for s in offered) else "timetable"
    policy = str(operation.policy) if operation and operation.policy else data_policy
    fill_h = combined_interval_h(offered) if data_policy == "when_full" else None
    return ServicePlan(
        key or link_id,
        from_node or link.from_node,
        to_node or link.to_node,
        combined_headway_h(offered),
        capacity * operation.load_factor if operation and operation.load_factor is not None else usable,
        policy,
        operation.max_wait_h if operation else 168.0,
        fill_h if policy == "when_full" else None,
    )


def scenario_network(scenario: Scenario, base_dir: Path) -> Network:
    """The scenario's network with its edits applied."""
    base = load_network("bundled" if scenario.network == "bundled" else base_dir / scenario.network)
    return apply_edits(base, scenario.edits, scenario.new_services)


def compile_plan(scenario: Scenario, *, base_dir: Path = Path()) -> Plan:
    """Route every flow and gather the operations: the plan the engine runs.

    Raises
    ------
    ScenarioError
        A flow names an unknown node, or has no route; the message names ``flows[i]``.

    """
    if not scenario.flows:
        raise ScenarioError(
            f"{scenario.name}: no flows to simulate (an assignment-only scenario: "
            f"run it with 'corridor flows run')"
        )
    network = scenario_network(scenario, base_dir)
    factors = bundled_factors()
    flows = []
    for index, flow in enumerate(scenario.flows):
        where = f"flows[{index}]"
        rule = flow.route
        try:
            query = RouteQuery.build(
                flow.origin,
                flow.destination,
                cargo="1x20",
                avoid_countries=rule.avoid_countries,
                avoid_modes=rule.avoid_modes,
                require_modes=rule.require_modes,
                via=rule.via,
                avoid_nodes=rule.avoid_nodes,
                criteria="time",
                commodity=rule.commodity,
            )
            result = route_query(network, query, factors=factors, places=False)
        except NoRouteError as err:
            raise ScenarioError(f"{where}: demand on an OD with no route: {err}") from err
        except CorridorError as err:
            raise ScenarioError(f"{where}: {err}") from err
        chain = result.options[0].chain
        emissions = result.options[0].emissions
        assert emissions is not None  # route() computes every option's emissions
        per_teu = emissions.wtw_kg
        flows.append(
            FlowPlan(
                name=flow.name,
                origin=chain.start,
                destination=chain.end,
                teu_per_week=flow.teu_per_week,
                seasonality=tuple(flow.seasonality or [1.0] * 12),
                growth_per_year=flow.growth_per_year,
                train_teu=flow.train_teu,
                background=flow.background,
                steps=chain_steps(network, chain),
                path=describe_chain(network, chain),
                co2e_kg_per_teu=per_teu,
            )
        )
    operations = {op.link: op for op in scenario.services}
    for index, op in enumerate(scenario.services):
        if op.link not in network.links:
            raise ScenarioError(f"services[{index}].link: no link {op.link!r} in the network")
    services: dict[str, ServicePlan] = {}
    # Sorted, never a set's order: the engine draws from its generator per service in
    # this order, so a set would tie the draws to PYTHONHASHSEED.
    for link_id in sorted({s.link_id for f in flows for s in f.steps if isinstance(s, Sailing)}):
        services[link_id] = service_plan(network, link_id, operations.get(link_id))
    for index, weather in enumerate(scenario.weather):
        for node in weather.nodes:
            if node not in network.nodes:
                raise ScenarioError(f"weather[{index}].nodes: no node {node!r} in the network")
    closures = []
    for index, closure in enumerate(scenario.closures):
        if closure.node not in network.nodes:
            raise ScenarioError(f"closures[{index}].node: no node {closure.node!r} in the network")
        start_h = (closure.start - scenario.start).days * 24.0
        end_h = ((closure.end - scenario.start).days + 1) * 24.0
        closures.append((closure.node, start_h, end_h))
    capacities = {
        node_id: node.transfer.capacity_teu_per_day
        for node_id, node in network.nodes.items()
        if node.transfer is not None and node.transfer.capacity_teu_per_day
    }
    return Plan(
        scenario=scenario.name,
        start=scenario.start,
        horizon_h=scenario.horizon_days * 24.0,
        warmup_h=scenario.warmup_days * 24.0,
        flows=tuple(flows),
        services=services,
        weather=tuple(
            WeatherPlan(
                w.name, tuple(w.nodes), tuple(w.monthly_closed_share), Triangular(*sorted(w.episode_days))
            )
            for w in scenario.weather
        ),
        closures=tuple(closures),
        hub_capacity_teu_per_day=capacities,
        network_version=network.version,
        disruptions=tuple(
            DisruptionPlan(p.disruption_id, p.node_id, p.kind, p.monthly_chance, p.episode_h)
            for _, p in sorted(network.disruptions.items())
        ),
    )
