"""The twin confirms the equilibrium: simulated waits at the bottlenecks fed back into the assignment.

A flows run hands its flows to the simulation (the corridor's digital twin):
every route whose flow loads a capacity element the twin models — the ships
of a link's services (Caspian ferries and feeders, Black Sea services), a
hub's handling yard (gauge-change yards, ports) — becomes a flow of the twin,
routed on that route's own transport chain. The twin runs a year of it and
measures, at each such element, the mean wait its containers had beyond the
uncongested one: for a ship, the wait at the port less the planner's
(half the services' combined interval, already in the route's P50); for a
yard, the time handling held a lot past its dwell.

The assignment's delay at an element is its BPR function of the load. Each
round the twin's delay at the assignment's loads is compared with it, and the
difference becomes a correction added to the element's volume-delay function
(``extra_delay_h`` of :func:`corridor.assignment.run_flows`), averaged over
rounds (method of successive averages, step ``1/round``) so that simulation
noise does not make the rounds oscillate. The assignment is then solved again
with the first run's fitted corridor constants (no refit, so the feedback's
effect is seen, not absorbed). At a fixed point the assignment's delays at its
loads are the twin's.

Convergence: no twin-measured element's load moves by more than
``load_tolerance`` of its capacity between two rounds; at most ``rounds``
rounds. The twin models no link capacity (single-track sections keep their
BPR delay) and leaves out the ships of deep-sea lanes (unconstrained in the
assignment): on a twin route they are plain crossings.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from corridor.assignment.choice import CostParameters, LogitParameters
from corridor.assignment.demand import Demand
from corridor.assignment.equilibrium import UNSERVED, EquilibriumSettings
from corridor.assignment.options import Element, Option, option_key
from corridor.assignment.results import FlowsResult
from corridor.assignment.run import ChoiceSets, find_choice_sets, run_flows
from corridor.emissions.factors import FactorDataset
from corridor.errors import CorridorError
from corridor.network.model import Network, combined_interval_h
from corridor.simulation.compiled import (
    DisruptionPlan,
    FlowPlan,
    Plan,
    Sailing,
    ServicePlan,
    Step,
    Stop,
    Travel,
    chain_steps,
    service_plan,
)
from corridor.simulation.engine import ReplicationResult
from corridor.simulation.executor import Executor, LocalExecutor
from corridor.simulation.run import simulate

#: Element kinds the twin measures (link capacities have no model in the simulation).
TWIN_KINDS = ("services", "hub")


@dataclass(frozen=True, slots=True)
class TwinSettings:
    """How the twin runs each round and when the rounds stop."""

    rounds: int = 8
    replications: int = 2
    seed: int = 2024
    horizon_days: int = 365
    warmup_days: int = 30
    train_teu: float = 82.0
    min_teu_per_year: float = 52.0
    load_tolerance: float = 0.02

    def __post_init__(self) -> None:
        if not 1 <= self.rounds <= 20:
            raise CorridorError(f"twin rounds must be 1-20, got {self.rounds}")
        if not 1 <= self.replications <= 20:
            raise CorridorError(f"twin replications must be 1-20, got {self.replications}")


@dataclass(frozen=True, slots=True)
class TwinElement:
    """One measured element in one round: its load, the assignment's delay and the twin's."""

    key: str
    name: str
    teu_per_year: float
    utilisation: float
    assignment_delay_h: float
    twin_delay_h: float
    correction_h: float


@dataclass(frozen=True, slots=True)
class TwinRound:
    """One round: the twin run on the flows of the assignment before it, and what changed after."""

    round: int
    twin_flows: int
    max_delay_gap_h: float
    max_load_change: float
    corridor_teu: dict[str, float]
    elements: tuple[TwinElement, ...]


def _measured(choice_sets: ChoiceSets, result: FlowsResult) -> dict[str, Element]:
    loaded = {b.key for b in result.bottlenecks}
    return {k: e for k, e in choice_sets.elements.items() if e.kind in TWIN_KINDS and k in loaded}


def _route_flows(result: FlowsResult, choice_sets: ChoiceSets) -> list[tuple[Option, float]]:
    """Served TEU/yr per route (summed over the rows and segments that chose it)."""
    options: dict[str, Option] = {}
    for found in choice_sets.options.values():
        for option in found:
            options.setdefault(option_key(option), option)
    teu: dict[str, float] = {}
    for alt in result.alternatives:
        if alt.key != UNSERVED and alt.teu_per_year > 0:
            teu[alt.key] = teu.get(alt.key, 0.0) + alt.teu_per_year
    return [(options[k], v) for k, v in sorted(teu.items()) if k in options]


def _twin_steps(network: Network, option: Option, measured: Mapping[str, Element]) -> tuple[Step, ...]:
    """The route's chain as steps, queues kept only at measured elements (one key per link direction)."""
    assert option.chain is not None  # every option the routing found keeps its chain
    steps: list[Step] = []
    for step in chain_steps(network, option.chain):
        if isinstance(step, Sailing):
            link = network.links[step.link_id]
            key = f"services:{step.link_id}:{'fwd' if step.from_node == link.from_node else 'rev'}"
            if key in measured:
                steps.append(replace(step, link_id=key))
            else:
                steps.append(Travel((step.crossing,), step.to_node))
        elif isinstance(step, Stop) and f"hub:{step.node_id}" not in measured:
            steps.append(replace(step, capacity_teu_per_h=None))
        else:
            steps.append(step)
    return tuple(steps)


def twin_plan(
    network: Network,
    result: FlowsResult,
    choice_sets: ChoiceSets,
    *,
    settings: TwinSettings,
    name: str = "flows-twin",
) -> Plan:
    """The simulation plan of a flows result: its routes through measured elements, at their TEU/yr."""
    measured = _measured(choice_sets, result)
    flows: list[FlowPlan] = []
    services: dict[str, ServicePlan] = {}
    for option, teu in _route_flows(result, choice_sets):
        if teu < settings.min_teu_per_year or not set(option.elements) & set(measured):
            continue
        steps = _twin_steps(network, option, measured)
        for step in steps:
            if isinstance(step, Sailing) and step.link_id not in services:
                link_id = step.link_id.split(":")[1]
                services[step.link_id] = service_plan(
                    network, link_id, key=step.link_id, from_node=step.from_node, to_node=step.to_node
                )
        assert option.chain is not None
        flows.append(
            FlowPlan(
                name=f"route-{len(flows) + 1}",
                origin=option.chain.start,
                destination=option.chain.end,
                teu_per_week=teu / 52.0,
                seasonality=(1.0,) * 12,
                growth_per_year=0.0,
                train_teu=settings.train_teu,
                background=False,
                steps=steps,
                path=option.summary,
                co2e_kg_per_teu=option.co2e_t_per_teu * 1000.0,
            )
        )
    hubs = {e.ref: e.capacity_teu_per_year / 365.0 for e in measured.values() if e.kind == "hub"}
    year = int(result.provenance.get("year") or result.provenance.get("base_year") or 2024)
    return Plan(
        scenario=name,
        start=dt.date(year, 1, 1),
        horizon_h=settings.horizon_days * 24.0,
        warmup_h=settings.warmup_days * 24.0,
        flows=tuple(flows),
        services=dict(sorted(services.items())),
        weather=(),
        closures=(),
        hub_capacity_teu_per_day=hubs,
        network_version=network.version,
        disruptions=tuple(
            DisruptionPlan(p.disruption_id, p.node_id, p.kind, p.monthly_chance, p.episode_h)
            for _, p in sorted(network.disruptions.items())
        ),
    )


def twin_delays_h(network: Network, plan: Plan, results: list[ReplicationResult]) -> dict[str, float]:
    """The twin's mean delay (hours, >= 0) beyond the uncongested wait at each element it measured."""
    out: dict[str, float] = {}
    for key in plan.services:
        waits = [w for r in results if (w := r.services[key].get("wait_h_mean")) is not None]
        if waits:
            planned = combined_interval_h(network.services_on(key.split(":")[1])) / 2.0
            out[key] = max(0.0, statistics.fmean(waits) - planned)
    for node in plan.hub_capacity_teu_per_day:
        waits = [
            w
            for r in results
            if node in r.hubs and (w := r.hubs[node].get("handling_wait_h_mean")) is not None
        ]
        if waits:
            out[f"hub:{node}"] = statistics.fmean(waits)
    return out


def _bpr_h(element: Element, load: float, settings: EquilibriumSettings) -> float:
    ratio = load / element.capacity_teu_per_year
    return float(element.base_h * settings.bpr_alpha * ratio**settings.bpr_beta)


def twin_feedback(
    first: FlowsResult,
    network: Network,
    choice_sets: ChoiceSets,
    rerun: Callable[[Mapping[str, float]], FlowsResult],
    *,
    settings: TwinSettings | None = None,
    executor: Executor | None = None,
    on_round: Callable[[int], None] | None = None,
) -> FlowsResult:
    """Rounds of twin and assignment (see the module docstring); the last assignment, with ``twin`` filled.

    ``rerun(extra_delay_h)`` solves the assignment again with the corrections
    (the same demand, network, choice sets and fitted constants as ``first``);
    ``on_round(n)`` is called as round ``n`` ends (progress).
    """
    settings = settings or TwinSettings()
    started = time.perf_counter()
    equilibrium = EquilibriumSettings(**first.parameters["equilibrium"])
    result = first
    corrections: dict[str, float] = {}
    rounds: list[TwinRound] = []
    converged = False
    for number in range(1, settings.rounds + 1):
        plan = twin_plan(network, result, choice_sets, settings=settings)
        replications = simulate(
            plan,
            replications=settings.replications,
            seed=settings.seed,
            executor=executor or LocalExecutor(1),
        )
        twin = twin_delays_h(network, plan, replications)
        loads = {b.key: b for b in result.bottlenecks}
        elements = []
        for key, delay in sorted(twin.items()):
            element, load = choice_sets.elements[key], loads[key]
            target = delay - _bpr_h(element, load.teu_per_year, equilibrium)
            previous = corrections.get(key, 0.0)
            corrections[key] = previous + (target - previous) / number
            elements.append(
                TwinElement(
                    key,
                    element.name,
                    load.teu_per_year,
                    load.utilisation,
                    load.delay_h,
                    delay,
                    corrections[key],
                )
            )
        new = rerun(dict(corrections))
        after = {b.key: b.teu_per_year for b in new.bottlenecks}
        change = max(
            (abs(after.get(k, 0.0) - loads[k].teu_per_year) / loads[k].capacity_teu_per_year for k in twin),
            default=0.0,
        )
        rounds.append(
            TwinRound(
                number,
                len(plan.flows),
                max((abs(e.twin_delay_h - e.assignment_delay_h) for e in elements), default=0.0),
                change,
                dict(new.corridor_teu["westbound"]),
                tuple(elements),
            )
        )
        result = new
        if on_round is not None:
            on_round(number)
        if change <= settings.load_tolerance:
            converged = True
            break
    record = _twin_record(first, rounds, settings, converged=converged)
    return replace(result, twin={**record, "seconds": round(time.perf_counter() - started, 3)})


def _twin_record(
    first: FlowsResult, rounds: list[TwinRound], settings: TwinSettings, *, converged: bool
) -> dict[str, Any]:
    return {
        "settings": {
            "rounds": settings.rounds,
            "replications": settings.replications,
            "seed": settings.seed,
            "horizon_days": settings.horizon_days,
            "warmup_days": settings.warmup_days,
            "load_tolerance": settings.load_tolerance,
        },
        "converged": converged,
        "criterion": "no measured element's load moves by more than load_tolerance of its capacity",
        "before": {"corridor_teu_westbound": dict(first.corridor_teu["westbound"])},
        "rounds": [
            {
                "round": r.round,
                "twin_flows": r.twin_flows,
                "max_delay_gap_h": r.max_delay_gap_h,
                "max_load_change": r.max_load_change,
                "corridor_teu_westbound": r.corridor_teu,
                "elements": [
                    {
                        "key": e.key,
                        "name": e.name,
                        "teu_per_year": e.teu_per_year,
                        "utilisation": e.utilisation,
                        "assignment_delay_h": e.assignment_delay_h,
                        "twin_delay_h": e.twin_delay_h,
                        "correction_h": e.correction_h,
                    }
                    for e in r.elements
                ],
            }
            for r in rounds
        ],
    }


def twin_rows(twin: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per round and measured element (``twin.csv``)."""
    return [
        {"round": r["round"], **e, "max_load_change": r["max_load_change"]}
        for r in twin.get("rounds", [])
        for e in r["elements"]
    ]


def run_flows_with_twin(
    demand: Demand,
    network: Network,
    *,
    twin: TwinSettings,
    costs: CostParameters | None = None,
    logit: LogitParameters | None = None,
    calibrate: bool = True,
    avoid_countries: Iterable[str] = (),
    choice_sets: ChoiceSets | None = None,
    factors: FactorDataset | None = None,
    executor: Executor | None = None,
    on_round: Callable[[int], None] | None = None,
) -> FlowsResult:
    """A flows run (:func:`corridor.assignment.run_flows`) confirmed by the twin (:func:`twin_feedback`).

    The rounds after the first keep its fitted corridor constants; ``on_round(n)`` is
    called with 0 when the first assignment is done, then as each round ends.
    """
    closed = tuple(sorted({c.upper() for c in avoid_countries}))
    if choice_sets is None or choice_sets.avoid_countries != closed:
        choice_sets = find_choice_sets(network, demand, avoid_countries=closed, factors=factors)
    sets = choice_sets
    first = run_flows(
        demand,
        network,
        costs=costs,
        logit=logit,
        calibrate=calibrate,
        avoid_countries=closed,
        choice_sets=sets,
        factors=factors,
    )
    fitted = first.fitted_logit()
    if on_round is not None:
        on_round(0)

    def rerun(extra_delay_h: Mapping[str, float]) -> FlowsResult:
        return run_flows(
            demand,
            network,
            costs=costs,
            logit=fitted,
            calibrate=False,
            avoid_countries=closed,
            choice_sets=sets,
            factors=factors,
            extra_delay_h=extra_delay_h,
        )

    return twin_feedback(first, network, sets, rerun, settings=twin, executor=executor, on_round=on_round)


__all__ = [
    "TWIN_KINDS",
    "TwinElement",
    "TwinRound",
    "TwinSettings",
    "run_flows_with_twin",
    "twin_delays_h",
    "twin_feedback",
    "twin_plan",
    "twin_rows",
]
