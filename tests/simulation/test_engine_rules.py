"""Engine rules a planner relies on, each against its stated formula or a count by hand.

- demand: a flow's rate is ``teu_per_week x seasonality[month] x (1 + growth)^years / 168`` TEU/h;
- a lot larger than the room left on a ship is split, the part carried now labelled ``<lot>.1``;
- storms: closures follow the monthly shares, last as long as the episode triangle says (mean
  (1 + 2 + 5) / 3 days by default) and never start in a month whose share is zero;
- the daily hub backlog is the hours of work queued at the hub times its capacity per hour.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from corridor.distributions import Triangular
from corridor.events import EventType
from corridor.simulation.compiled import Plan, Sailing, WeatherPlan, compile_plan
from corridor.simulation.engine import Engine, Lot
from corridor.simulation.scenario import scenario_from_dict

from .plans import tiny_plan

HOURS_PER_YEAR = 24 * 365.25


def _plan(**flow: Any) -> Plan:
    return tiny_plan("rules", **flow)


def test_demand_follows_the_season_and_grows_by_the_year() -> None:
    season = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.5, 0.5]
    engine = Engine(_plan(seasonality=season, growth_per_year=0.1), 1)
    assert engine.rate_teu_per_h(0, 0.0) == pytest.approx(100 / 168)
    # a year on (1 January 2025, 366 days after the start of leap year 2024): 10 % more
    new_year = 366 * 24.0
    assert engine.rate_teu_per_h(0, new_year) == pytest.approx(100 * 1.1 ** (new_year / HOURS_PER_YEAR) / 168)
    november = (31 + 29 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 14) * 24.0  # 15 November 2024
    assert engine.rate_teu_per_h(0, november) == pytest.approx(
        100 * 1.5 * 1.1 ** (november / HOURS_PER_YEAR) / 168
    )
    december = november + 30 * 24.0
    assert engine.rate_teu_per_h(0, december) == pytest.approx(
        100 * 0.5 * 1.1 ** (december / HOURS_PER_YEAR) / 168
    )


def test_a_lot_larger_than_the_ship_is_split_and_the_part_carried_now_is_labelled() -> None:
    plan = _plan()
    engine = Engine(plan, 1, record_events=True)
    index, step = next((i, s) for i, s in enumerate(plan.flows[0].steps) if isinstance(s, Sailing))
    engine.now = 100.0
    lot = Lot(7, 0, 500.0, 0.0, 0.0, at="KZ-PORT", label="7")
    lot.step = index
    engine.queue[step.link_id].append((100.0, lot))
    engine.queued_teu[step.link_id] += 500.0
    engine.sail(step.link_id)  # a 350 TEU ship
    assert engine.carried[step.link_id] == pytest.approx(350.0)
    assert lot.teu == pytest.approx(150.0)  # the rest waits at the port
    assert engine.queued_teu[step.link_id] == pytest.approx(150.0)
    loads = [e for e in engine.tracking if e.event_type == EventType.LOAD]
    assert [(e.shipment_id, e.teu) for e in loads] == [("alpha-omega#7.1", 350.0)]
    engine.sail(step.link_id)
    loads = [e for e in engine.tracking if e.event_type == EventType.LOAD]
    assert [(e.shipment_id, e.teu) for e in loads][1:] == [("alpha-omega#7", 150.0)]
    assert not engine.queue[step.link_id]


def _stormy(shares: list[float]) -> Plan:
    plan = replace(_plan(), horizon_h=3650 * 24.0)
    return replace(plan, weather=(WeatherPlan("storms", ("KZ-PORT",), tuple(shares), Triangular(1, 2, 5)),))


def test_storm_episodes_last_as_long_as_the_episode_triangle_says() -> None:
    engine = Engine(_stormy([0.2] * 12), 3)
    lengths = [end - start for start, end in engine.closed["KZ-PORT"]]
    assert len(lengths) > 100
    assert statistics.mean(lengths) == pytest.approx((1 + 2 + 5) / 3 * 24, rel=0.1)
    assert 24.0 <= min(lengths) <= max(lengths) <= 5 * 24.0


def test_no_storm_starts_in_a_calm_month() -> None:
    winter = [0.3, 0.3, 0.3] + [0.0] * 9  # storms from January to March only
    engine = Engine(_stormy(winter), 5)
    starts = [start for start, _ in engine.closed["KZ-PORT"]]
    assert starts
    # a storm drawn at the end of March may begin in the first days of April, never later
    assert {engine.month(t) for t in starts} >= {0, 1, 2}
    assert {engine.month(t) for t in starts} <= {0, 1, 2, 3}


def test_the_hub_backlog_is_the_queued_work_times_the_hub_capacity() -> None:
    plan = replace(_plan(), hub_capacity_teu_per_day={"KZ-GAUGE": 480.0})
    engine = Engine(plan, 1)
    engine.now = 1000.0
    engine.hub_free["KZ-GAUGE"] = 1005.0  # five hours of work queued at 20 TEU/h
    engine.sample()
    assert engine.hub_series["KZ-GAUGE"] == [pytest.approx(100.0)]
    engine.hub_free["KZ-GAUGE"] = 990.0  # idle: no backlog
    engine.sample()
    assert engine.hub_series["KZ-GAUGE"][-1] == 0.0


def test_daily_samples_stop_a_day_before_the_horizon() -> None:
    plan = replace(_plan(), horizon_h=240.0)
    engine = Engine(plan, 1)
    engine.now = 216.0  # 216 + 24 = the horizon: no sample is planned at the horizon itself
    engine.sample()
    assert engine.heap == []
    engine.now = 215.0
    engine.sample()
    assert [t for t, *_ in engine.heap] == [239.0]


def test_each_delivered_lot_stands_for_its_teu_spread_over_the_origin_wait() -> None:
    result = Engine(_plan(), 4).run()
    flow = result.flows["alpha-omega"]
    assert flow["background"] is False
    # the transit weights of the lots' four origin-wait points add up to the TEU measured
    delivered = flow["delivered_teu"] + flow["delivered_after_window_teu"]
    assert sum(flow["transit_weights_teu"]) == pytest.approx(delivered, rel=1e-3)
    assert all(hub["passed_teu"] >= 0 for hub in result.hubs.values())
    assert result.hubs["CN-BORDER"]["passed_teu"] > 0


def test_a_hub_never_used_has_no_backlog() -> None:
    plan = replace(_plan(), hub_capacity_teu_per_day={"KZ-GAUGE": 480.0})
    engine = Engine(plan, 1)
    engine.now = 0.5
    engine.sample()
    assert engine.hub_series["KZ-GAUGE"] == [0.0]


class _Counting(Engine):
    dispatched = 0

    def dispatch(self) -> None:
        self.dispatched += 1
        super().dispatch()


def test_the_run_reports_the_events_it_processed_and_stops_at_the_last_delivery() -> None:
    engine = _Counting(replace(_plan(), horizon_h=60 * 24.0), 2, record_events=True)
    result = engine.run()
    assert result.events == engine.dispatched > 0
    # the drain follows every departed lot to its destination, then stops: the clock ends at the
    # last delivery, not at the drain's limit a year later
    assert engine.in_flight_teu == pytest.approx(0.0, abs=1e-6)
    assert engine.now == max(e.time_h for e in result.tracking if e.event_type == EventType.GATE_OUT)


def test_a_handling_hub_reports_zero_teu_passed(tiny_copy: Path) -> None:
    # KZ-GAUGE with a transfer capacity handles every box that changes gauge: none just passes it
    nodes = tiny_copy / "nodes.csv"
    text = nodes.read_text(encoding="utf-8")
    nodes.write_text(
        text.replace("gauge_change,12,24,36,50,,", "gauge_change,12,24,36,50,900,"), encoding="utf-8"
    )
    plan = compile_plan(
        scenario_from_dict(
            {
                "name": "handled",
                "network": str(tiny_copy),
                "start": "2024-01-01",
                "horizon_days": 120,
                "warmup_days": 0,
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
        )
    )
    hub = Engine(plan, 3).run().hubs["KZ-GAUGE"]
    assert hub["handled_teu"] > 0
    assert hub["passed_teu"] == 0.0
    assert hub["capacity_teu"] == pytest.approx(900 * 120)


def test_departure_months_count_the_window_days_and_the_mean_origin_wait() -> None:
    # 2024 from 31 January (after a 30-day warm-up) to the 365-day horizon: January has 1 measured
    # day, February 29 (leap year), December 30 (the horizon is 31 December 00:00)
    plan = replace(_plan(), warmup_h=30 * 24.0)
    engine = Engine(plan, 6)
    engine.run()
    rows = engine.by_departure_month(0)
    days = [row["measured_days"] for row in rows]
    assert days == [1, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 30]
    # a month's transit P50 counts each lot from the mean arrival of its containers at the origin:
    # its departure less half the train's filling time
    march = [
        (transit + 0.5 * fill, teu) for transit, fill, teu, month, _ in engine.delivered[0] if month == 2
    ]
    assert march
    ordered = sorted(march)
    total = sum(teu for _, teu in ordered)
    running, p50 = 0.0, None
    for hours, teu in ordered:
        running += teu
        if running >= total / 2:
            p50 = hours
            break
    assert p50 is not None
    assert rows[2]["transit_p50_days"] == pytest.approx(p50 / 24.0, abs=0.05)


def test_a_trains_gate_in_is_half_its_filling_time_before_it_leaves() -> None:
    # a train leaves when the next one starts filling: its containers arrived, on average, half the
    # gap to the next departure before it
    events = Engine(replace(_plan(), horizon_h=90 * 24.0), 2, record_events=True).run().tracking
    gate_in = {e.shipment_id: e.time_h for e in events if e.event_type == EventType.GATE_IN}
    leaves = sorted(
        (e.time_h, e.shipment_id)
        for e in events
        if e.event_type == EventType.DEPARTURE and e.node_id == "CN-ALPHA" and e.shipment_id in gate_in
    )
    assert len(leaves) > 10
    for (t, lot), (t_next, _) in itertools.pairwise(leaves):
        assert gate_in[lot] == pytest.approx(t - (t_next - t) / 2)
