"""The simulation engine against oracles: queueing for a timetable, capacity caps, closures, storms."""

from __future__ import annotations

import statistics
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from corridor import route
from corridor.distributions import Triangular
from corridor.events import EventType
from corridor.network import network_from_csv
from corridor.routing import Constraints
from corridor.simulation.compiled import Plan, WeatherPlan, compile_plan
from corridor.simulation.engine import Engine, run_replication
from corridor.simulation.run import replication_seeds, simulate
from corridor.simulation.scenario import scenario_from_dict

TINY = Path(__file__).parents[1] / "data" / "tiny"


def scenario(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "tiny",
        "network": str(TINY),
        "start": "2024-01-01",
        "horizon_days": 365,
        "warmup_days": 30,
        "flows": [
            {
                "name": "alpha-omega",
                "origin": "Alpha",
                "destination": "Omega",
                "teu_per_week": 100,
                "train_teu": 50,
                "route": {"avoid_countries": ["RU"]},
            }
        ],
    }
    base.update(overrides)
    return base


def plan_of(**overrides: Any) -> Plan:
    return compile_plan(scenario_from_dict(scenario(**overrides)))


def mean_transit_days(results: list[Any], flow: str = "alpha-omega") -> float:
    total = weight = 0.0
    for r in results:
        for t, w in zip(
            r.flows[flow]["transit_samples_days"], r.flows[flow]["transit_weights_teu"], strict=True
        ):
            total += t * w
            weight += w
    return total / weight


def test_mean_transit_matches_the_expected_chain_time() -> None:
    """Oracle: with ample capacity, the mean door-to-door time is the chain's expected time (running times,
    dwell, half the sailing headway) plus half the time a train takes to fill at the origin."""
    plan = plan_of()
    results = [run_replication(plan, s) for s in replication_seeds(1, 12)]
    chain = (
        route(
            network_from_csv(TINY),
            "Alpha",
            "Omega",
            constraints=Constraints(avoid_countries=frozenset({"RU"})),
            criteria=("time",),
        )
        .options[0]
        .chain
    )
    fill_h = 50 / (100 / 168)
    expected_days = (chain.duration_h_mean + 0.5 * fill_h) / 24
    assert mean_transit_days(results) == pytest.approx(expected_days, rel=0.02)


def test_same_seed_same_result_and_seeds_differ() -> None:
    plan = plan_of()
    a, b, c = run_replication(plan, 5), run_replication(plan, 5), run_replication(plan, 6)
    assert a.to_dict() == b.to_dict()
    assert a.to_dict() != c.to_dict()
    assert [r.to_dict() for r in simulate(plan, replications=3, seed=9)] == [
        r.to_dict() for r in simulate(plan, replications=3, seed=9)
    ]


def test_capacity_caps_throughput_and_builds_a_backlog() -> None:
    """The feeder offers 2 x 350 TEU a week; demand of 1,000 TEU a week cannot all cross."""
    plan = plan_of(
        flows=[
            {
                "name": "alpha-omega",
                "origin": "Alpha",
                "destination": "Omega",
                "teu_per_week": 1000,
                "train_teu": 50,
                "route": {"avoid_countries": ["RU"]},
            }
        ]
    )
    result = run_replication(plan, 3)
    service = next(iter(result.services.values()))
    assert service["utilisation"] == pytest.approx(1.0, abs=0.02)
    assert service["carried_teu"] <= service["capacity_teu"] + 1e-6
    queue = service["queue_teu_daily"]
    assert queue[300] > queue[100] > queue[30]
    assert result.stranded_teu > 0.25 * result.flows["alpha-omega"]["departed_teu"]


def test_a_closed_border_holds_everything() -> None:
    plan = plan_of(closures=[{"node": "CN-BORDER", "start": "2024-01-01", "end": "2024-12-31"}])
    result = run_replication(plan, 1)
    assert result.flows["alpha-omega"]["delivered_teu"] == 0


def test_a_two_week_closure_holds_cargo_until_it_reopens() -> None:
    plan = plan_of(warmup_days=0, closures=[{"node": "KZ-GAUGE", "start": "2024-03-01", "end": "2024-03-14"}])
    start_h, end_h = 60 * 24.0, 74 * 24.0  # 1 March 00:00 to 15 March 00:00
    events = Engine(plan, 2, record_events=True).run().tracking
    # trains still arrive while it is closed; none changes gauge until it opens
    changes = [e for e in events if e.node_id == "KZ-GAUGE" and e.event_type == EventType.GAUGE_CHANGE]
    at_gauge = [e.time_h for e in changes]
    assert not [t for t in at_gauge if start_h <= t < end_h]
    assert at_gauge.count(end_h) >= 3  # the trains that arrived during the closure leave when it opens


@pytest.mark.parametrize("policy", ["timetable", "when_full"])
@pytest.mark.parametrize("port", ["KZ-PORT", "AZ-PORT"])
def test_a_closed_port_holds_the_cargo_that_reaches_it(port: str, policy: str) -> None:
    """The feeder runs Porto (KZ-PORT) to Harbour (AZ-PORT). A closure acts once, where the planner
    counts it: cargo that reaches a closed port (before the crossing or after it) leaves only when it
    reopens; ships keep their sailings, so cargo does not wait for a closure twice."""
    plan = plan_of(
        warmup_days=0,
        closures=[{"node": port, "start": "2024-03-01", "end": "2024-03-14"}],
        services=[{"link": "L4", "policy": policy, "max_wait_h": 24}],
    )
    start_h, end_h = 60 * 24.0, 74 * 24.0  # 1 March 00:00 to 15 March 00:00
    events = Engine(plan, 2, record_events=True).run().tracking
    by_lot: dict[str, list[Any]] = {}
    for event in events:
        by_lot.setdefault(event.shipment_id, []).append(event)
    held = 0
    for lot_events in by_lot.values():
        for i, event in enumerate(lot_events):
            if (
                event.node_id == port
                and event.event_type == EventType.ARRIVAL
                and start_h <= event.time_h < end_h
            ):
                leaving = [e.time_h for e in lot_events[i + 1 :] if e.event_type == EventType.DEPARTURE]
                if leaving:
                    held += 1
                    assert leaving[0] >= end_h, (port, event, leaving[0])
    assert held >= 3  # trains kept reaching the port during the closure, and waited for it to reopen
    loads = [e.time_h for e in events if e.event_type == EventType.LOAD]
    assert [t for t in loads if t < start_h]  # the feeder sails before the closure


def test_storm_episodes_close_the_stated_share_of_time() -> None:
    plan = plan_of(horizon_days=3650)
    stormy = replace(
        plan, weather=(WeatherPlan("storms", ("KZ-PORT",), tuple([0.3] * 12), Triangular(1, 2, 5)),)
    )
    spans = Engine(stormy, 4).closed["KZ-PORT"]
    closed_h = sum(min(end, stormy.horizon_h) - start for start, end in spans if start < stormy.horizon_h)
    assert closed_h / stormy.horizon_h == pytest.approx(0.3, abs=0.03)


def test_events_use_the_shared_vocabulary_in_time_order() -> None:
    plan = plan_of(horizon_days=120)
    result = Engine(plan, 8, record_events=True).run()
    by_lot: dict[str, list[Any]] = {}
    for event in result.tracking:
        by_lot.setdefault(event.shipment_id, []).append(event)
    complete = [events for events in by_lot.values() if events[-1].event_type == EventType.GATE_OUT]
    assert complete
    for events in complete:
        assert events[0].event_type == EventType.GATE_IN
        assert events[1].event_type == EventType.DEPARTURE
        times = [e.time_h for e in events]
        assert times == sorted(times)
        assert {e.event_type for e in events} >= {EventType.GAUGE_CHANGE, EventType.LOAD, EventType.BORDER}
        assert all(e.classifier == "ACT" for e in events)


def test_replications_in_parallel_equal_sequential() -> None:
    from corridor.simulation.executor import LocalExecutor

    plan = plan_of(horizon_days=90)
    parallel = simulate(plan, replications=4, seed=3, executor=LocalExecutor(2))
    sequential = simulate(plan, replications=4, seed=3, executor=LocalExecutor(1))
    assert [r.to_dict() for r in parallel] == [r.to_dict() for r in sequential]
    assert statistics.fmean(r.flows["alpha-omega"]["delivered_teu"] for r in parallel) > 0


def test_hub_utilisation_counts_only_cargo_through_its_handling() -> None:
    """A border stop is not handling: only lots that use a node's handling capacity count towards its
    utilisation (regression: border passages were counted against the transfer capacity)."""
    plan = plan_of(
        edits=[{"target": "node", "id": "KZ-GAUGE", "field": "transfer_capacity_teu_per_day", "value": 400}]
    )
    hubs = run_replication(plan, 4).hubs
    assert hubs["KZ-GAUGE"]["handled_teu"] > 0
    assert hubs["KZ-GAUGE"]["utilisation"] == pytest.approx(hubs["KZ-GAUGE"]["handled_teu"] / (400 * 335))
    assert hubs["CN-BORDER"]["handled_teu"] == 0
    assert hubs["CN-BORDER"]["passed_teu"] > 0


def test_every_departure_is_accounted_for() -> None:
    """Departed TEU = delivered in the window + in transit at its end = delivered after draining +
    undelivered; with ample capacity nothing is left undelivered."""
    result = run_replication(plan_of(), 3)
    flow = result.flows["alpha-omega"]
    assert flow["departed_teu"] > 0
    assert flow["departed_teu"] == pytest.approx(flow["delivered_teu"] + flow["in_transit_teu_end"])
    assert flow["in_transit_teu_end"] > 0  # trains were still travelling on the last day
    assert flow["in_transit_teu_end"] == pytest.approx(flow["delivered_after_window_teu"])
    assert flow["undelivered_teu"] == pytest.approx(0.0, abs=1e-6)
    months = flow["by_departure_month"]
    assert sum(m["departed_teu"] for m in months) == pytest.approx(flow["departed_teu"])
    assert sum(m["in_transit_teu_end"] for m in months) == pytest.approx(flow["in_transit_teu_end"])


def test_departure_months_are_measured_to_the_end_of_the_year() -> None:
    """Oracle: demand and the network are the same all year, so a December departure takes as long as a
    June one. Cut off at the horizon, December's slow lots would be missing and its P50 too short."""
    plan = plan_of(warmup_days=0)
    results = [run_replication(plan, s) for s in replication_seeds(4, 8)]
    months = [r.flows["alpha-omega"]["by_departure_month"] for r in results]
    # 365 days from 1 January 2024, a leap year: the window ends on 30 December
    assert [m["measured_days"] for m in months[0]] == [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 30]
    for month in range(12):
        assert all(rows[month]["departed_teu"] > 0 for rows in months)
        assert all(rows[month]["transit_p50_days"] is not None for rows in months)
    june = statistics.fmean(rows[5]["transit_p50_days"] for rows in months)
    december = statistics.fmean(rows[11]["transit_p50_days"] for rows in months)
    assert december == pytest.approx(june, rel=0.05)
    assert sum(rows[11]["in_transit_teu_end"] for rows in months) > 0


def test_a_ship_sailing_when_full_leaves_at_least_every_fill_time() -> None:
    """The data's typical fill time stands for the demand outside the model: with little cargo of its
    own the ship still sails every fill_h hours, so a box waits at most that long (the planner's
    Uniform(0, fill_h)); cargo that fills it sends it earlier, once the vessel is back."""
    base = plan_of(horizon_days=200, warmup_days=0)
    (link_id,) = base.services
    fill_h = 3 * base.services[link_id].headway_h
    quiet = replace(
        base,
        services={
            link_id: replace(base.services[link_id], policy="when_full", fill_h=fill_h, max_wait_h=1e6)
        },
    )
    engine = Engine(quiet, 5, record_events=True)
    engine.run()
    sailings = engine.sailings[link_id]
    assert sailings == pytest.approx(200 * 24.0 / fill_h, abs=2)
    by_lot: dict[str, list[Any]] = {}
    for event in engine.tracking:
        by_lot.setdefault(event.shipment_id, []).append(event)
    waits = []
    for events in by_lot.values():
        at_port = [e.time_h for e in events if e.node_id == "KZ-PORT"]
        loads = [e.time_h for e in events if e.event_type == EventType.LOAD]
        if at_port and loads:
            waits.append(loads[0] - max(t for t in at_port if t <= loads[0]))
    assert waits
    assert max(waits) <= fill_h + 1e-6
