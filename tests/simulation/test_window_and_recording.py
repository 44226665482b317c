"""The simulated window and what a replication keeps (issue 16: survivors of the engine's full mutation run).

- demand stops at the horizon: no train departs after it, and the drain that follows only carries
  the lots already on their way to their destinations;
- a replication keeps every lot's tracking events only when asked: they are tens of thousands of
  rows per replication, and the events export names the option when they are missing.
"""

from __future__ import annotations

from corridor.events import EventType
from corridor.simulation.compiled import Plan
from corridor.simulation.engine import Engine, run_replication

from .plans import tiny_plan


def _plan(horizon_days: int) -> Plan:
    return tiny_plan("window", horizon_days=horizon_days)


def test_no_train_departs_after_the_horizon_and_the_drain_carries_only_lots_on_their_way() -> None:
    # 1 January to 1 March 2024: 31 + 29 = 60 days, so the window ends exactly where March begins.
    plan = _plan(60)
    engine = Engine(plan, 5, record_events=True)
    result = engine.run()
    flow = result.flows["alpha-omega"]
    months = {row["month"]: row["departed_teu"] for row in flow["by_departure_month"]}
    assert months[1] > 0
    assert months[2] > 0
    assert all(months[m] == 0 for m in range(3, 13)), months
    assert months[1] + months[2] == flow["departed_teu"]
    # Every lot gates in (half its fill time before the train leaves) before the horizon, and
    # the trains counted are the lots the run tracked: 50 TEU each.
    gate_ins = [e for e in result.tracking if e.event_type is EventType.GATE_IN]
    assert gate_ins
    assert all(e.time_h < plan.horizon_h for e in gate_ins)
    assert flow["departed_teu"] == 50 * len(gate_ins)
    # 100 TEU a week for 60 days is about 857 TEU: 17 trains of 50 TEU on average; a train
    # interval is a gamma draw, so a seed gives a count near it, not a run with trains after March.
    assert 10 <= len(gate_ins) <= 26
    # Everything that departed is delivered in the drain: nothing new is put on the way.
    assert flow["undelivered_teu"] == 0


def test_a_replication_keeps_tracking_events_only_when_asked() -> None:
    plan = _plan(30)
    assert run_replication(plan, 3).tracking == []
    assert Engine(plan, 3).run().tracking == []
    recorded = run_replication(plan, 3, record_events=True)
    assert recorded.tracking
    # the same replication either way: recording changes nothing else
    assert recorded.to_dict() == run_replication(plan, 3).to_dict()
