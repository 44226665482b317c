"""A flows run: demand, choice sets, calibration and equilibrium, summarised as plain typed records."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from corridor import __version__
from corridor.assignment.bulk import BulkColumns
from corridor.assignment.bulk_shared import bulk_response
from corridor.assignment.calibrate import ShareTargets, corridor_teu, fit_logit, modelled_shares
from corridor.assignment.choice import CostParameters, LogitParameters
from corridor.assignment.demand import Demand, bundled_demand, check_demand_nodes, demand_from_csv
from corridor.assignment.equilibrium import (
    UNSERVED,
    EquilibriumSettings,
    EquilibriumState,
    Problem,
    build_problem,
    element_delay_h,
    solve_equilibrium,
)
from corridor.assignment.options import Element, Option, od_options, option_key
from corridor.assignment.results import (
    AltFlow,
    Bottleneck,
    FlowsResult,
    HubFlow,
    LinkFlow,
    ODFlow,
    ServiceFlow,
)
from corridor.emissions.factors import FactorDataset, bundled_factors
from corridor.network.io import bundled_network
from corridor.network.model import Network
from corridor.vocabulary import Corridor

SHARE_KEYS: tuple[str, ...] = (*(str(c) for c in Corridor), UNSERVED)


@dataclass(frozen=True)
class ChoiceSets:
    """Every OD and cargo's options and the capacity elements they load, found once per network."""

    options: dict[tuple[str, str, str], tuple[Option, ...]]
    elements: dict[str, Element]
    network: str
    network_version: str
    avoid_countries: tuple[str, ...] = ()
    seconds: float = 0.0


def find_choice_sets(
    network: Network,
    demand: Demand,
    *,
    avoid_countries: Iterable[str] = (),
    factors: FactorDataset | None = None,
) -> ChoiceSets:
    """Route every OD and cargo type of ``demand`` once (see :mod:`corridor.assignment.options`)."""
    start = time.perf_counter()
    closed = tuple(sorted({c.upper() for c in avoid_countries}))
    elements: dict[str, Element] = {}
    options: dict[tuple[str, str, str], tuple[Option, ...]] = {}
    for row in demand.rows:
        key = (row.origin, row.destination, demand.segments[row.segment].cargo)
        if key not in options:
            options[key] = od_options(network, *key, elements, avoid_countries=closed, factors=factors)
    return ChoiceSets(options, elements, network.name, network.version, closed, time.perf_counter() - start)


def load_demand(demand: Demand | str | Path | None) -> Demand:
    """A demand: as given, read from a folder or CSV, or the bundled 2024 table for ``None``."""
    if demand is None:
        return bundled_demand()
    if isinstance(demand, Demand):
        return demand
    return demand_from_csv(demand)


def run_flows(
    demand: Demand | str | Path | None = None,
    network: Network | None = None,
    *,
    costs: CostParameters | None = None,
    logit: LogitParameters | None = None,
    settings: EquilibriumSettings | None = None,
    calibrate: bool = True,
    calibration_rounds: int = 2,
    avoid_countries: Iterable[str] = (),
    choice_sets: ChoiceSets | None = None,
    factors: FactorDataset | None = None,
    extra_delay_h: Mapping[str, float] | None = None,
    bulk: BulkColumns | None = None,
) -> FlowsResult:
    """Assign OD demand to routes: a capacity-constrained stochastic user equilibrium.

    Parameters
    ----------
    demand
        A :class:`Demand`, a demand folder or CSV, or ``None`` for the bundled 2024 table.
    network
        The network (default: the bundled one).
    costs
        Reliability ratio, carbon price and border penalty of the generalised cost.
    logit
        Logit scale, corridor constants and nest scales; with ``calibrate`` only
        the nest scales are kept and the rest is fitted.
    settings
        Volume-delay function, tolerances, reservation margin for unmet demand.
    calibrate
        Fit theta and the rail constant to the demand's ``observed_shares``
        (ignored when the demand has none).
    calibration_rounds
        Fit, re-equilibrate, refit: how many times.
    avoid_countries
        Countries closed to every route (e.g. ``["RU", "BY"]``): they carry no flow.
    choice_sets
        Options found by an earlier run on the same network, demand ODs and
        closures (:func:`find_choice_sets`), to skip routing.
    factors
        Emission factors (default: the bundled GLEC dataset).
    extra_delay_h
        Hours added to the volume-delay function of capacity elements, by element key
        (the twin's correction, :mod:`corridor.assignment.twin`).
    bulk
        Bulk routes (:func:`corridor.assignment.bulk.bulk_columns`) whose tank cars compete
        with the containers for the elements they share (rail-ferry decks, lines), at one
        shadow price per slot (:mod:`corridor.assignment.bulk_shared`; logit choice only).

    Returns
    -------
    FlowsResult
        Flows per link, hub and service, shares per OD, bottlenecks, the fit.

    Raises
    ------
    DemandDataError
        The demand names a node the network does not have, or is malformed.

    Examples
    --------
    >>> from corridor.assignment import run_flows  # doctest: +SKIP
    >>> result = run_flows()  # doctest: +SKIP
    >>> result.convergence.converged  # doctest: +SKIP
    True

    """
    started = time.perf_counter()
    demand = load_demand(demand)
    network = network or bundled_network()
    check_demand_nodes(demand, network)
    factors = factors or bundled_factors()
    costs = costs or CostParameters()
    logit = logit or LogitParameters()
    settings = settings or EquilibriumSettings()
    closed = tuple(sorted({c.upper() for c in avoid_countries}))
    if choice_sets is None or choice_sets.avoid_countries != closed:
        choice_sets = find_choice_sets(network, demand, avoid_countries=closed, factors=factors)
    routed = time.perf_counter()
    problem = build_problem(
        demand,
        choice_sets.options,
        choice_sets.elements,
        costs,
        unserved_margin_usd_per_teu=settings.unserved_margin_usd_per_teu,
    )
    if bulk is not None:
        problem.background = bulk_response(network, bulk, problem.elements)
    if extra_delay_h:
        problem.extra_delay_h = np.asarray([extra_delay_h.get(e.key, 0.0) for e in problem.elements])
    targets = _targets(demand) if calibrate else None
    if targets is not None:
        logit = fit_logit(problem, problem.g0, targets, logit)  # first on uncongested costs
    state = solve_equilibrium(problem, logit, settings)
    iterations = state.convergence.iterations
    if targets is not None:
        for _ in range(calibration_rounds):
            logit = fit_logit(problem, state.costs, targets, logit)
            state = solve_equilibrium(problem, logit, settings, start=state)
            iterations += state.convergence.iterations
    solved = time.perf_counter()
    fit = _fit(problem, state, targets, demand)
    result = _result(network, demand, problem, state, logit, costs, settings, fit, closed)
    timings = {
        "choice_sets": round(routed - started, 3),  # ~0 when reused through ``choice_sets=``
        "equilibrium": round(solved - routed, 3),
        "total": round(time.perf_counter() - started, 3),
        "iterations_all_rounds": float(iterations),
    }
    return FlowsResult(**{**result.__dict__, "timings_s": timings})


def _targets(demand: Demand) -> ShareTargets | None:
    observed = demand.observed_shares
    if "rail_share" not in observed or "middle_share_of_rail" not in observed:
        return None
    return ShareTargets(float(observed["rail_share"]), float(observed["middle_share_of_rail"]))


def _fit(
    problem: Problem, state: EquilibriumState, targets: ShareTargets | None, demand: Demand
) -> dict[str, Any]:
    modelled = modelled_shares(problem, state.flows)
    fit: dict[str, Any] = {
        "modelled_rail_share": modelled.rail_share,
        "modelled_middle_share_of_rail": modelled.middle_share_of_rail,
        "calibrated": targets is not None,
    }
    if targets is not None:
        fit.update(
            observed_rail_share=targets.rail_share,
            observed_middle_share_of_rail=targets.middle_share_of_rail,
            observed_source_ids=list(demand.observed_shares.get("source_ids", [])),
        )
    return fit


def _alt_delay_h(
    problem: Problem, state: EquilibriumState, settings: EquilibriumSettings
) -> np.ndarray[Any, Any]:
    per_elem = element_delay_h(problem, state.loads, settings)
    return np.bincount(problem.inc_alt, weights=per_elem[problem.inc_elem], minlength=problem.g0.size)


def _result(
    network: Network,
    demand: Demand,
    problem: Problem,
    state: EquilibriumState,
    logit: LogitParameters,
    costs: CostParameters,
    settings: EquilibriumSettings,
    fit: dict[str, Any],
    closed: tuple[str, ...],
) -> FlowsResult:
    flows = state.flows.tolist()
    delay_h = _alt_delay_h(problem, state, settings).tolist()
    link_teu: dict[tuple[str, bool], float] = {}
    hub_teu: dict[str, float] = {}
    service_teu: dict[tuple[str, bool], float] = {}
    co2e_t = 0.0
    for option, flow in zip(problem.alt_option, flows, strict=True):
        if option is None or flow <= 0:
            continue
        co2e_t += flow * option.co2e_t_per_teu
        for ref in option.link_ids:
            link_teu[ref] = link_teu.get(ref, 0.0) + flow
            for service in network.services_on(ref[0]):
                if service.service_id in option.service_ids:
                    key = (service.service_id, ref[1])
                    service_teu[key] = service_teu.get(key, 0.0) + flow
        for node_id in option.hub_ids:
            hub_teu[node_id] = hub_teu.get(node_id, 0.0) + flow
    links = tuple(
        LinkFlow(
            link_id,
            link.from_node,
            link.to_node,
            link.mode,
            link_teu.get((link_id, True), 0.0),
            link_teu.get((link_id, False), 0.0),
        )
        for link_id, link in network.links.items()
        if (link_id, True) in link_teu or (link_id, False) in link_teu
    )
    hubs = tuple(_hub_flow(network, node_id, teu) for node_id, teu in sorted(hub_teu.items()))
    services = tuple(
        _service_flow(network, service_id, service_teu) for service_id in sorted({s for s, _ in service_teu})
    )
    bottlenecks = _bottlenecks(problem, state, settings)
    ods = _od_flows(demand, problem, state, delay_h)
    served = [f for c, f in zip(problem.alt_corridor, flows, strict=True) if c != UNSERVED]
    west = corridor_teu(problem, state.flows, westbound_only=True)
    both = corridor_teu(problem, state.flows, westbound_only=False)
    east = {k: both.get(k, 0.0) - west.get(k, 0.0) for k in both}
    alternatives = tuple(
        AltFlow(
            int(problem.rows[k]),
            option_key(option) if option is not None else UNSERVED,
            corridor,
            flow,
            cost,
        )
        for k, option, corridor, flow, cost in zip(
            problem.alt_row.tolist(),
            problem.alt_option,
            problem.alt_corridor,
            flows,
            state.costs.tolist(),
            strict=True,
        )
    )
    return FlowsResult(
        alternatives=alternatives,
        links=links,
        hubs=hubs,
        services=services,
        bottlenecks=bottlenecks,
        ods=ods,
        corridor_teu={"westbound": west, "eastbound": east, "both": both},
        totals={
            "demand_teu_per_year": float(problem.demand.sum()),
            "served_teu_per_year": float(sum(served)),
            "unserved_teu_per_year": float(both.get(UNSERVED, 0.0)),
            "co2e_t_per_year": co2e_t,
            "demand_rows": float(len(problem.rows)),
            "alternatives": float(problem.g0.size),
            "capacity_elements": float(len(problem.elements)),
        },
        fit=fit,
        convergence=state.convergence,
        parameters={
            "cost": asdict(costs),
            "logit": {
                "scale_per_usd": logit.scale_per_usd,
                "constants": dict(logit.constants),
                "nest_scales": {c: logit.nest_scale(c) for c in (str(x) for x in Corridor)},
            },
            "equilibrium": asdict(settings),
            "avoid_countries": list(closed),
            "values_of_time_usd_per_teu_day": {
                s.segment_id: s.value_of_time_usd_per_teu_day for s in demand.segments.values()
            },
        },
        provenance={
            "corridor_version": __version__,
            "network": network.name,
            "network_version": network.version,
            "currency_year": network.currency_year,
            **demand.provenance(),
        },
    )


def _hub_flow(network: Network, node_id: str, teu: float) -> HubFlow:
    node = network.nodes[node_id]
    capacity = None
    if node.transfer is not None and node.transfer.capacity_teu_per_day:
        capacity = node.transfer.capacity_teu_per_day * 365.0
    return HubFlow(node_id, node.name, teu, capacity, teu / capacity if capacity else None)


def _service_flow(network: Network, service_id: str, teu: dict[tuple[str, bool], float]) -> ServiceFlow:
    service = network.services[service_id]
    capacity = service.departures_per_week * service.usable_teu_per_departure * 52.0
    forward, reverse = teu.get((service_id, True), 0.0), teu.get((service_id, False), 0.0)
    return ServiceFlow(
        service_id,
        service.link_id,
        service.name,
        forward,
        reverse,
        capacity,
        max(forward, reverse) / capacity,
    )


def _bottlenecks(
    problem: Problem, state: EquilibriumState, settings: EquilibriumSettings
) -> tuple[Bottleneck, ...]:
    delays = element_delay_h(problem, state.loads, settings).tolist()
    bulk = state.background if state.background is not None else np.zeros(len(problem.elements))
    items = [
        Bottleneck(
            e.key,
            e.kind,
            e.ref,
            e.name,
            load - slots,
            e.capacity_teu_per_year,
            load / e.capacity_teu_per_year,
            delay,
            price,
            slots,
        )
        for e, load, delay, price, slots in zip(
            problem.elements, state.loads.tolist(), delays, state.prices.tolist(), bulk.tolist(), strict=True
        )
    ]
    items.sort(key=lambda b: (-b.shadow_price_usd_per_teu, -b.utilisation))
    return tuple(items)


def _od_flows(
    demand: Demand, problem: Problem, state: EquilibriumState, delay_h: list[float]
) -> tuple[ODFlow, ...]:
    by_row: dict[int, list[int]] = {}
    for a, k in enumerate(problem.alt_row.tolist()):
        by_row.setdefault(k, []).append(a)
    flows, costs = state.flows.tolist(), state.costs.tolist()
    out: list[ODFlow] = []
    for k, r in enumerate(problem.rows):
        row = demand.rows[r]
        alts = by_row.get(k, [])
        teu = dict.fromkeys(SHARE_KEYS, 0.0)
        for a in alts:
            teu[problem.alt_corridor[a]] += flows[a]
        total = sum(teu.values()) or 1.0
        served = [a for a in alts if problem.alt_option[a] is not None]
        served_teu = sum(flows[a] for a in served) or 1.0

        def mean(values: list[float], alts: list[int] = served, weight: float = served_teu) -> float:
            return float(sum(flows[a] * v for a, v in zip(alts, values, strict=True)) / weight)

        options = [problem.alt_option[a] for a in served]
        out.append(
            ODFlow(
                row.origin,
                row.destination,
                row.segment,
                row.direction,
                row.teu_per_year,
                {c: v / total for c, v in teu.items()},
                teu[UNSERVED],
                mean([costs[a] for a in served]),
                mean([o.price_usd_per_teu for o in options if o is not None]),
                mean(
                    [
                        o.p50_days + delay_h[a] / 24.0
                        for o, a in zip(options, served, strict=True)
                        if o is not None
                    ]
                ),
                mean([o.co2e_t_per_teu for o in options if o is not None]),
            )
        )
    return tuple(out)


__all__ = [
    "Bottleneck",
    "ChoiceSets",
    "FlowsResult",
    "HubFlow",
    "LinkFlow",
    "ODFlow",
    "ServiceFlow",
    "find_choice_sets",
    "run_flows",
]
