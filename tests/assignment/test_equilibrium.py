"""Oracle tests of the flows equilibrium on a small three-corridor network built in code."""

from __future__ import annotations

import math

import pytest

from corridor.assignment import (
    CostParameters,
    EquilibriumSettings,
    LogitParameters,
    find_choice_sets,
    generalised_cost_usd_per_teu,
    nested_logit_shares,
    run_flows,
)
from corridor.assignment.demand import Demand
from corridor.assignment.equilibrium import build_problem, solve_equilibrium
from corridor.errors import NoRouteError
from corridor.network import Network
from corridor.routing import RouteOption, RouteQuery, route_query

from .networks import SEGMENTS, corridor_network, demand_of

NO_UNSERVED = EquilibriumSettings(unserved_margin_usd_per_teu=None)
LOGIT = LogitParameters(scale_per_usd=1 / 500, constants={"middle": 1.0}, default_nest_scale=0.6)


def _independent_shares(
    network: Network,
    origin: str,
    destination: str,
    segment: str,
    costs: CostParameters,
    logit: LogitParameters,
) -> dict[str, float]:
    """Corridor shares from route_query and the pure-Python nested logit, without the assignment code."""
    options: dict[tuple[tuple[str, ...], ...], RouteOption] = {}
    for avoid in ((), ("RU",)):
        try:
            result = route_query(network, RouteQuery.build(origin, destination, avoid_countries=avoid))
        except NoRouteError:
            continue
        for o in result.options:
            key = tuple(leg.link_ids for leg in o.chain.legs)
            options[key] = o
    vot = SEGMENTS[segment].value_of_time_usd_per_teu_day
    corridors: list[str] = []
    generalised: list[float] = []
    for o in options.values():
        countries = set(o.chain.countries)
        corridors.append("northern" if "RU" in countries else "middle" if "AZ" in countries else "sea")
        generalised.append(
            generalised_cost_usd_per_teu(
                price_usd_per_teu=o.chain.cost_usd / 2,
                p50_days=o.duration_h_p50 / 24,
                p90_days=o.duration_h_p90 / 24,
                co2e_t_per_teu=(o.emissions.wtw_kg if o.emissions else 0.0) / 2000,
                border_crossings=o.chain.border_crossings,
                value_of_time_usd_per_teu_day=vot,
                parameters=costs,
            )
        )
    shares = nested_logit_shares(generalised, corridors, logit)
    out: dict[str, float] = {}
    for corridor, share in zip(corridors, shares, strict=True):
        out[corridor] = out.get(corridor, 0.0) + share
    return out


@pytest.mark.parametrize("segment", ["general", "electronics"])
def test_without_binding_capacity_the_equilibrium_is_the_uncongested_logit_split(segment: str) -> None:
    network = corridor_network(feeder_teu_per_departure=1e9)
    costs = CostParameters(carbon_price_usd_per_t=80)
    demand = demand_of([("CN-A", "DE-D", segment, 1000.0)])
    result = run_flows(demand, network, costs=costs, logit=LOGIT, settings=NO_UNSERVED, calibrate=False)
    expected = _independent_shares(network, "CN-A", "DE-D", segment, costs, LOGIT)
    (od,) = result.ods
    assert set(expected) == {"northern", "middle", "sea"}
    for corridor, share in expected.items():
        assert od.shares[corridor] == pytest.approx(share, abs=1e-9)
    assert result.convergence.converged


def _binding_case() -> tuple[Network, Demand]:
    network = corridor_network(feeder_teu_per_departure=10)  # 2 x 10 TEU a week = 1,040 TEU/yr each way
    demand = demand_of([("CN-A", "DE-D", "electronics", 20_000.0), ("CN-A", "DE-D", "general", 30_000.0)])
    return network, demand


def test_equilibrium_meets_the_logit_conditions_to_the_stated_gap_and_respects_capacity() -> None:
    network, demand = _binding_case()
    settings = EquilibriumSettings(unserved_margin_usd_per_teu=None)
    sets = find_choice_sets(network, demand)
    problem = build_problem(
        demand, sets.options, sets.elements, CostParameters(), unserved_margin_usd_per_teu=None
    )
    state = solve_equilibrium(problem, LOGIT, settings)
    assert state.convergence.converged
    # Logit conditions: flows are the nested-logit response to the equilibrium costs, row by row.
    total, moved = 0.0, 0.0
    for k, teu in enumerate(problem.demand.tolist()):
        alts = [a for a in range(problem.g0.size) if problem.alt_row[a] == k]
        shares = nested_logit_shares(
            [float(state.costs[a]) for a in alts], [problem.alt_corridor[a] for a in alts], LOGIT
        )
        moved += sum(abs(teu * p - float(state.flows[a])) for a, p in zip(alts, shares, strict=True))
        total += teu
    assert moved / total <= settings.gap_tolerance
    # Capacity: never exceeded by more than the tolerance; the binding feeder carries a shadow price.
    for load, element in zip(state.loads.tolist(), problem.elements, strict=True):
        assert load <= element.capacity_teu_per_year * (1 + settings.capacity_tolerance)
    (feeder,) = [i for i, e in enumerate(problem.elements) if e.key == "services:CASPIAN:fwd"]
    assert state.prices[feeder] > 0
    assert state.loads[feeder] >= 0.97 * problem.capacity[feeder]


def test_flows_run_reports_the_bottleneck_and_conserves_flow_at_every_node() -> None:
    network, demand = _binding_case()
    result = run_flows(demand, network, logit=LOGIT, calibrate=False)
    top = result.bottlenecks[0]
    assert top.ref == "CASPIAN"
    assert top.shadow_price_usd_per_teu > 0
    assert top.utilisation <= 1.01
    net: dict[str, float] = {}
    for flow in result.links:
        for a, b, teu in (
            (flow.from_node, flow.to_node, flow.teu_per_year_forward),
            (flow.to_node, flow.from_node, flow.teu_per_year_reverse),
        ):
            net[a] = net.get(a, 0.0) + teu
            net[b] = net.get(b, 0.0) - teu
    served = result.totals["served_teu_per_year"]
    assert net.pop("CN-A") == pytest.approx(served, rel=1e-9)
    assert net.pop("DE-D") == pytest.approx(-served, rel=1e-9)
    for node_id, balance in net.items():
        assert balance == pytest.approx(0.0, abs=1e-6 * served), node_id


def test_a_closed_country_carries_no_flow() -> None:
    network, demand = _binding_case()
    result = run_flows(demand, network, logit=LOGIT, calibrate=False, avoid_countries=["RU"])
    assert all(od.shares["northern"] == 0.0 for od in result.ods)
    for flow in result.links:
        if "RU" in network.links[flow.link_id].countries:
            assert flow.teu_per_year == 0.0
    assert "RU-R" not in {h.node_id for h in result.hubs}
    assert result.totals["served_teu_per_year"] == pytest.approx(50_000.0, rel=1e-6)


def test_demand_that_only_a_full_crossing_can_serve_is_reported_unmet() -> None:
    network = corridor_network(feeder_teu_per_departure=10)
    demand = demand_of([("KZ-K", "GE-G", "general", 5_000.0)])
    # With Russia and Suez closed, the Caspian feeder is the only way.
    result = run_flows(demand, network, logit=LOGIT, calibrate=False, avoid_countries=["RU", "EG"])
    capacity = 2 * 10 * 52.0
    assert result.convergence.converged
    assert result.totals["served_teu_per_year"] <= capacity * 1.01
    assert result.totals["unserved_teu_per_year"] == pytest.approx(5_000.0 - capacity, rel=0.02)
    assert result.bottlenecks[0].shadow_price_usd_per_teu > 0


def test_nested_logit_with_unit_nest_scales_is_the_multinomial_logit() -> None:
    costs, corridors = [1000.0, 1500.0, 1200.0, 3000.0], ["sea", "sea", "northern", "middle"]
    logit = LogitParameters(scale_per_usd=1 / 400, default_nest_scale=1.0)
    weights = [math.exp(-c / 400) for c in costs]
    expected = [w / sum(weights) for w in weights]
    assert nested_logit_shares(costs, corridors, logit) == pytest.approx(expected, rel=1e-12)
    nested = nested_logit_shares(
        costs, corridors, LogitParameters(scale_per_usd=1 / 400, default_nest_scale=0.5)
    )
    assert sum(nested) == pytest.approx(1.0)
