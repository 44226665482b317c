"""Corridor's side of each published figure: named measures over the network, the planner and the twin.

A measure is a plain function ``(context, args) -> float`` registered in
:data:`MEASURES` under the name the figures table uses. Network measures read
fields; route measures ask the planner (``route_query``, the fastest option,
one 40' box unless ``cargo`` says otherwise); simulation measures run a bundled
scenario once per context (short runs, fixed seed) with its tracking events
recorded, and measure segment times and dwell *from those events*, as one
would from real tracking data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from corridor.distributions import Triangular
from corridor.errors import CorridorError
from corridor.network.model import Network
from corridor.routing import RouteQuery, route_query
from corridor.routing.plan import RouteOption
from corridor.simulation.compiled import Plan, compile_plan
from corridor.simulation.events import crossing_times_h, event_rows, stay_times_h
from corridor.simulation.run import simulate, summarise
from corridor.simulation.scenario import load_scenario, scenario_path
from corridor.simulation.stats import weighted_quantile

WEEKS_PER_YEAR = 365.0 / 7.0
ROUTE_KEYS = (
    "origin",
    "destination",
    "avoid_countries",
    "avoid_modes",
    "require_modes",
    "via",
    "avoid_nodes",
)


@dataclass
class SimulationRun:
    """One short run of a bundled scenario: its plan, summary and tracking events."""

    plan: Plan
    summary: dict[str, Any]
    events: list[dict[str, Any]]

    @property
    def window_days(self) -> float:
        """Days of the reporting window (horizon less warm-up)."""
        return (self.plan.horizon_h - self.plan.warmup_h) / 24.0


@dataclass
class Context:
    """What the measures share: the network, and the route answers and runs already computed."""

    network: Network
    replications: int = 4
    seed: int = 2026
    routes: dict[tuple[tuple[str, str], ...], RouteOption] = field(default_factory=dict)
    runs: dict[str, SimulationRun] = field(default_factory=dict)

    def route(self, args: Mapping[str, str]) -> RouteOption:
        """The fastest route for the route keys of ``args`` (lists separated by ``|``)."""
        key = tuple(sorted((k, v) for k, v in args.items() if k in (*ROUTE_KEYS, "cargo")))
        if key not in self.routes:
            lists = {k: args[k].split("|") for k in ROUTE_KEYS[2:] if k in args}
            query = RouteQuery.build(
                _arg(args, "origin"),
                _arg(args, "destination"),
                cargo=args.get("cargo", "1x40"),
                criteria="time",
                **lists,  # type: ignore[arg-type]
            )
            self.routes[key] = route_query(self.network, query, places=False).options[0]
        return self.routes[key]

    def run(self, scenario: str) -> SimulationRun:
        """A bundled scenario, simulated once with its events recorded."""
        if scenario not in self.runs:
            plan = compile_plan(load_scenario(scenario_path(scenario)))
            results = simulate(plan, replications=self.replications, seed=self.seed, record_events=True)
            self.runs[scenario] = SimulationRun(
                plan, summarise(plan, results, seed=self.seed), event_rows(results, start=plan.start)
            )
        return self.runs[scenario]


def _arg(args: Mapping[str, str], key: str) -> str:
    try:
        return args[key]
    except KeyError:
        raise CorridorError(f"the measure needs the argument {key!r}") from None


def triangular_quantile(d: Triangular, q: float) -> float:
    """The ``q`` quantile of a triangular distribution.

    Examples
    --------
    >>> round(triangular_quantile(Triangular(18, 20, 96), 0.5), 1)
    41.6

    """
    if d.max == d.min:
        return d.min
    split = (d.mode - d.min) / (d.max - d.min)
    if q <= split:
        return d.min + math.sqrt(q * (d.max - d.min) * (d.mode - d.min))
    return d.max - math.sqrt((1.0 - q) * (d.max - d.min) * (d.max - d.mode))


# --- the network's fields ----------------------------------------------------------------------
def link_distance_km(ctx: Context, args: Mapping[str, str]) -> float:
    """The link's distance."""
    return ctx.network.links[_arg(args, "link")].distance_km


def link_p50_h(ctx: Context, args: Mapping[str, str]) -> float:
    """The median of the link's running (crossing) time."""
    return triangular_quantile(ctx.network.links[_arg(args, "link")].duration_h, 0.5)


def node_dwell_p50_h(ctx: Context, args: Mapping[str, str]) -> float:
    """The median of the node's transfer dwell (transshipment or gauge change)."""
    transfer = ctx.network.nodes[_arg(args, "node")].transfer
    if transfer is None:
        raise CorridorError(f"node {args['node']} has no transfer")
    return triangular_quantile(transfer.dwell_h, 0.5)


def node_capacity_teu_per_year(ctx: Context, args: Mapping[str, str]) -> float:
    """The node's handling capacity over a year."""
    transfer = ctx.network.nodes[_arg(args, "node")].transfer
    if transfer is None or not transfer.capacity_teu_per_day:
        raise CorridorError(f"node {args['node']} has no handling capacity")
    return transfer.capacity_teu_per_day * 365.0


def service_capacity_teu_per_year(ctx: Context, args: Mapping[str, str]) -> float:
    """Nominal capacity of the services on the links (``|``-separated) over a year, at full load."""
    return sum(
        s.departures_per_week * s.capacity_teu_per_departure * WEEKS_PER_YEAR
        for link in _arg(args, "links").split("|")
        for s in ctx.network.services_on(link)
    )


def service_teu_per_departure(ctx: Context, args: Mapping[str, str]) -> float:
    """The largest capacity of one departure on the link."""
    return max(s.capacity_teu_per_departure for s in ctx.network.services_on(_arg(args, "link")))


# --- the planner -------------------------------------------------------------------------------
def route_distance_km(ctx: Context, args: Mapping[str, str]) -> float:
    """The fastest route's distance."""
    return ctx.route(args).chain.distance_km


def route_p50_days(ctx: Context, args: Mapping[str, str]) -> float:
    """The fastest route's median door-to-door time (the planner's P50)."""
    return ctx.route(args).duration_h_p50 / 24.0


def route_cost_usd(ctx: Context, args: Mapping[str, str]) -> float:
    """The fastest route's cost (one 40' box unless ``cargo`` is given)."""
    return ctx.route(args).chain.cost_usd


def _other(args: Mapping[str, str]) -> dict[str, str]:
    """The route of the ``vs_`` arguments: the figure's route with those keys replaced (``-`` drops one)."""
    other = {k: v for k, v in args.items() if not k.startswith("vs_")}
    for key, value in args.items():
        if key.startswith("vs_"):
            if value == "-":
                other.pop(key[3:], None)
            else:
                other[key[3:]] = value
    return other


def route_cost_ratio(ctx: Context, args: Mapping[str, str]) -> float:
    """The route's cost over the cost of the ``vs_`` route."""
    return route_cost_usd(ctx, args) / route_cost_usd(ctx, _other(args))


def route_distance_saving_km(ctx: Context, args: Mapping[str, str]) -> float:
    """How much shorter the route is than the ``vs_`` route."""
    return route_distance_km(ctx, _other(args)) - route_distance_km(ctx, args)


# --- the twin ----------------------------------------------------------------------------------
def sim_carried_teu_per_year(ctx: Context, args: Mapping[str, str]) -> float:
    """TEU carried by the services of the links (``|``-separated) in the window, per year.

    A link that no flow's route uses carries nothing (the run has no service record for it).
    """
    run = ctx.run(_arg(args, "scenario"))
    services = run.summary["services"]
    links = _arg(args, "links").split("|")
    carried = sum(services[link]["carried_teu"]["mean"] for link in links if link in services)
    return float(carried * 365.0 / run.window_days)


def sim_handled_teu_per_year(ctx: Context, args: Mapping[str, str]) -> float:
    """TEU handled at the node in the window, per year."""
    run = ctx.run(_arg(args, "scenario"))
    return float(run.summary["hubs"][_arg(args, "node")]["handled_teu"]["mean"] * 365.0 / run.window_days)


def sim_transit_p50_days(ctx: Context, args: Mapping[str, str]) -> float:
    """Median door-to-door time of the scenario's reported (China-Europe) flows, all TEU pooled."""
    run = ctx.run(_arg(args, "scenario"))
    points = []
    for (_, lot), events in _lots(run.events).items():
        gate_in = events[0]  # the train's gate-in; its parts were split from it on the way
        if lot.rpartition("#")[0] not in _reported(run) or gate_in["event_type"] != "gate-in":
            continue
        if gate_in["time_h"] < run.plan.warmup_h:
            continue
        points += [
            (e["time_h"] - gate_in["time_h"], e["teu"]) for e in events if e["event_type"] == "gate-out"
        ]
    value = weighted_quantile(points, 0.5)
    if value is None:
        raise CorridorError(f"{args['scenario']}: no reported lot was delivered")
    return value / 24.0


def _reported(run: SimulationRun) -> set[str]:
    return {f.name for f in run.plan.flows if not f.background}


def _lots(rows: list[dict[str, Any]]) -> dict[tuple[int, str], list[dict[str, Any]]]:
    lots: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for row in rows:
        flow, _, label = row["lot"].rpartition("#")
        root = f"{flow}#{label.split('.')[0]}"
        lots.setdefault((row["replication"], root), []).append(row)
    return lots


def sim_crossing_p50_h(ctx: Context, args: Mapping[str, str]) -> float:
    """Median time from departure at ``from`` to arrival at ``to``, measured from the run's events."""
    run = ctx.run(_arg(args, "scenario"))
    value = weighted_quantile(crossing_times_h(run.events, _arg(args, "from"), _arg(args, "to")), 0.5)
    if value is None:
        raise CorridorError(f"{args['scenario']}: no lot went from {args['from']} to {args['to']}")
    return value


def sim_stay_p50_h(ctx: Context, args: Mapping[str, str]) -> float:
    """Median time from arrival at the node to departure from it, measured from the run's events."""
    run = ctx.run(_arg(args, "scenario"))
    value = weighted_quantile(stay_times_h(run.events, _arg(args, "node")), 0.5)
    if value is None:
        raise CorridorError(f"{args['scenario']}: no lot passed {args['node']}")
    return value


Measure = Callable[[Context, Mapping[str, str]], float]

#: Every measure a figures table may name.
MEASURES: dict[str, Measure] = {
    f.__name__: f
    for f in (
        link_distance_km,
        link_p50_h,
        node_dwell_p50_h,
        node_capacity_teu_per_year,
        service_capacity_teu_per_year,
        service_teu_per_departure,
        route_distance_km,
        route_p50_days,
        route_cost_usd,
        route_cost_ratio,
        route_distance_saving_km,
        sim_carried_teu_per_year,
        sim_handled_teu_per_year,
        sim_transit_p50_days,
        sim_crossing_p50_h,
        sim_stay_p50_h,
    )
}
