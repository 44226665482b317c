"""Oracle tests of the deterministic user equilibrium (``EquilibriumSettings(choice="due")``)."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.assignment import (
    CostParameters,
    EquilibriumSettings,
    LogitParameters,
    find_choice_sets,
    run_flows,
)
from corridor.assignment.equilibrium import build_problem, due_relative_gap, solve_equilibrium
from corridor.assignment.network_due import LinkNetwork, network_relative_gap, solve_network_due

from .networks import corridor_network, demand_of
from .test_equilibrium import _binding_case


def _two_routes(t0: tuple[float, float], capacity: tuple[float, float]) -> LinkNetwork:
    """Routes 0 -> 1 -> 3 and 0 -> 2 -> 3; the delay is on the first link of each, the second is free."""
    return LinkNetwork(
        a=np.asarray([0, 1, 0, 2]),
        b=np.asarray([1, 3, 2, 3]),
        free_flow_h=np.asarray([t0[0], 0.0, t0[1], 0.0]),
        capacity=np.asarray([capacity[0], 1.0, capacity[1], 1.0]),
    )


ZONES = np.asarray([0, 3])


@pytest.mark.parametrize(
    ("t0", "capacity", "beta", "demand", "expected_route_1"),
    [
        # Same free-flow time, BPR beta 4: equal times <=> equal x/c, so x1 = d c1 / (c1 + c2).
        ((2.0, 2.0), (300.0, 900.0), 4.0, 1000.0, 1000.0 * 300.0 / 1200.0),
        # Linear delays (beta 1): t01 (1 + a x1/c1) = t02 (1 + a (d - x1)/c2), solved for x1.
        (
            (1.0, 1.5),
            (500.0, 500.0),
            1.0,
            2000.0,
            (0.5 + 1.5 * 0.15 * 2000 / 500) / (0.15 / 500 + 1.5 * 0.15 / 500),
        ),
        # Light demand: the slow route stays unused (free-flow 1.5 h > the fast one's congested 1.3 h).
        ((1.0, 1.5), (500.0, 500.0), 1.0, 1000.0, 1000.0),
    ],
)
def test_two_route_due_matches_wardrops_closed_form(
    t0: tuple[float, float],
    capacity: tuple[float, float],
    beta: float,
    demand: float,
    expected_route_1: float,
) -> None:
    network = _two_routes(t0, capacity)
    settings = EquilibriumSettings(bpr_beta=beta, gap_tolerance=1e-12, choice="due")
    od = np.asarray([[0.0, demand], [0.0, 0.0]])
    result = solve_network_due(network, ZONES, od, settings)
    assert result.flows[0] == pytest.approx(expected_route_1, abs=1e-6)
    assert result.flows[2] == pytest.approx(demand - expected_route_1, abs=1e-6)
    times = network.times(result.flows, settings)
    if 0 < expected_route_1 < demand:  # both used: equal times (Wardrop's first principle)
        assert times[0] == pytest.approx(times[2], abs=1e-9)
    else:  # the unused route is not faster
        assert times[2] >= times[0]


def _grid(side: int, seed: int) -> LinkNetwork:
    rng = np.random.default_rng(seed)
    a: list[int] = []
    b: list[int] = []
    for r in range(side):
        for c in range(side):
            n = r * side + c
            if c + 1 < side:
                a += [n, n + 1]
                b += [n + 1, n]
            if r + 1 < side:
                a += [n, n + side]
                b += [n + side, n]
    m = len(a)
    return LinkNetwork(np.asarray(a), np.asarray(b), rng.uniform(1.0, 1.5, m), rng.uniform(300.0, 900.0, m))


def test_column_generation_reaches_the_stated_gap_and_conserves_flow() -> None:
    side = 5
    network = _grid(side, seed=3)
    rng = np.random.default_rng(4)
    zones = np.asarray([0, 4, 12, 20, 24])
    od = rng.uniform(100.0, 400.0, (5, 5))
    np.fill_diagonal(od, 0.0)
    settings = EquilibriumSettings(gap_tolerance=1e-5, choice="due")
    result = solve_network_due(network, zones, od, settings)
    assert result.convergence.converged
    gap = network_relative_gap(network, result.flows, zones, od, settings)
    assert 0.0 <= gap < 1e-5
    assert result.rounds > 1  # the free-flow shortest paths alone are not an equilibrium here
    # Conservation: at every node, inflow - outflow = attracted - generated demand.
    n = side * side
    net_in = np.bincount(network.b, result.flows, n) - np.bincount(network.a, result.flows, n)
    expected = np.zeros(n)
    np.add.at(expected, zones, od.sum(axis=0) - od.sum(axis=1))
    assert net_in == pytest.approx(expected, abs=1e-6)
    for paths, flows, (i, j) in zip(result.paths, result.path_flows, result.pairs, strict=True):
        assert flows.sum() == pytest.approx(od[i, j], rel=1e-9)
        assert len(paths) == len(set(paths))


def test_due_on_corridor_options_leaves_only_least_cost_options_used() -> None:
    network, demand = _binding_case()
    sets = find_choice_sets(network, demand)
    problem = build_problem(
        demand, sets.options, sets.elements, CostParameters(), unserved_margin_usd_per_teu=None
    )
    settings = EquilibriumSettings(unserved_margin_usd_per_teu=None, choice="due", gap_tolerance=1e-8)
    logit = LogitParameters(
        scale_per_usd=1 / 500, constants={}, default_nest_scale=1.0
    )  # not used by the DUE
    state = solve_equilibrium(problem, logit, settings)
    assert state.convergence.converged
    assert due_relative_gap(problem, state.flows, state.costs) < 1e-8
    for k, teu in enumerate(problem.demand.tolist()):
        alts = np.flatnonzero(problem.alt_row == k)
        assert state.flows[alts].sum() == pytest.approx(teu)
        cheapest = state.costs[alts].min()
        used = alts[state.flows[alts] > 1e-6 * teu]
        assert state.costs[used] == pytest.approx(np.full(used.size, cheapest), rel=1e-6)


def test_an_unknown_choice_model_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'logit' or 'due'"):
        EquilibriumSettings(choice="probit")  # type: ignore[arg-type]


def test_a_flows_run_with_due_and_no_congestion_sends_everything_to_the_cheapest_option() -> None:
    network = corridor_network(feeder_teu_per_departure=1e9)
    demand = demand_of([("CN-A", "DE-D", "general", 1000.0)])
    settings = EquilibriumSettings(unserved_margin_usd_per_teu=None, choice="due")
    result = run_flows(demand, network, settings=settings, calibrate=False)
    sets = find_choice_sets(network, demand)
    problem = build_problem(
        demand, sets.options, sets.elements, CostParameters(), unserved_margin_usd_per_teu=None
    )
    cheapest = problem.alt_corridor[int(np.argmin(problem.g0))]
    (od,) = result.ods
    assert od.shares[cheapest] == pytest.approx(1.0, abs=1e-9)
    assert result.convergence.converged
    assert result.parameters["equilibrium"]["choice"] == "due"
