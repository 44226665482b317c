"""A lot's stop at a hub, by hand (issue 16: survivors of the engine's full mutation run).

- a hub with a handling capacity of C TEU per hour works its lots one after another: a lot of T TEU
  that finds the hub idle is done T / C hours later; one that finds it busy starts when the lot
  before is done; the hours past the dwell count as the hub's wait, the TEU as handled;
- a stop without handling (a border) passes its TEU;
- a ``delay`` process at the node holds a lot for an episode drawn from its triangle, with the
  chance of the month the lot arrives in;
- the hub's operation (a gauge change) is tracked when it is done; a lot stopping at a node it
  has not reached (a plan built by hand) arrives there first.
"""

from __future__ import annotations

import statistics
from dataclasses import replace

import pytest

from corridor.distributions import Triangular
from corridor.events import EventType
from corridor.simulation.compiled import DisruptionPlan, Plan, Stop
from corridor.simulation.engine import Engine, Lot

from .plans import tiny_plan

HUB = "KZ-GAUGE"


def _plan() -> Plan:
    return tiny_plan("hub")


def _stop_at(engine: Engine, step: Stop, teu: float, now: float, lot_id: int = 1, at: str = "") -> float:
    """Stop a lot of ``teu`` (at ``at``, else at the stop) at ``step`` at hour ``now``; when it goes on."""
    engine.now = now
    lot = Lot(lot_id, 0, teu, now, 0.0, at=at or step.node_id)
    engine.stop(lot, step)
    finish, _, _, scheduled = max(engine.heap, key=lambda item: item[1])  # the event just planned
    assert scheduled is lot
    assert lot.step == 1
    assert lot.at == step.node_id
    return float(finish)


def test_a_hub_handles_its_lots_one_after_another_at_its_capacity() -> None:
    engine = Engine(_plan(), 1, record_events=True)
    hub = Stop(HUB, (), 20.0, EventType.GAUGE_CHANGE)  # 480 TEU a day, no dwell
    assert _stop_at(engine, hub, 10.0, 0.0) == pytest.approx(0.5)  # idle from the start: 10 / 20 h
    assert _stop_at(engine, hub, 50.0, 100.0) == pytest.approx(102.5)
    assert _stop_at(engine, hub, 30.0, 100.0) == pytest.approx(104.0)  # waits for the 50 TEU
    assert _stop_at(engine, hub, 40.0, 200.0) == pytest.approx(202.0)  # idle again
    assert engine.handled == {HUB: pytest.approx(130.0)}
    assert HUB not in engine.passed
    # the hours each lot is held past its (zero) dwell, weighted by its TEU
    held = 10 * 0.5 + 50 * 2.5 + 30 * 4.0 + 40 * 2.0
    assert engine.mean_wait_h(f"hub:{HUB}") == pytest.approx(held / 130.0)
    gauge_changes = [e for e in engine.tracking if e.event_type is EventType.GAUGE_CHANGE]
    assert [(e.node_id, e.teu) for e in gauge_changes] == [(HUB, 10.0), (HUB, 50.0), (HUB, 30.0), (HUB, 40.0)]
    assert [e.time_h for e in gauge_changes] == pytest.approx([0.5, 102.5, 104.0, 202.0])


def test_a_dwell_longer_than_the_handling_is_no_wait() -> None:
    engine = Engine(_plan(), 2)
    hub = Stop(HUB, (Triangular(10.0, 11.0, 12.0),), 20.0, EventType.GAUGE_CHANGE)
    finish = _stop_at(engine, hub, 20.0, 100.0)  # one hour of handling inside a 10-12 h dwell
    assert 110.0 <= finish <= 112.0
    assert engine.mean_wait_h(f"hub:{HUB}") == 0.0


def test_a_border_without_handling_passes_its_teu() -> None:
    engine = Engine(_plan(), 3)
    border = Stop("CN-BORDER", (), None, EventType.BORDER)
    assert _stop_at(engine, border, 50.0, 100.0) == 100.0
    assert _stop_at(engine, border, 30.0, 100.0) == 100.0  # no queue without a capacity
    assert engine.passed == {"CN-BORDER": 80.0}
    assert engine.handled == {}


def test_a_delay_process_holds_lots_for_its_episodes_in_the_months_it_acts() -> None:
    january_only = (1.0,) + (0.0,) * 11
    delay = DisruptionPlan("queue", "CN-BORDER", "delay", january_only, Triangular(5.0, 6.0, 8.0))
    engine = Engine(replace(_plan(), disruptions=(delay,)), 4)
    border = Stop("CN-BORDER", (), None, EventType.BORDER)
    held = [_stop_at(engine, border, 10.0, 100.0 + i, i) - (100.0 + i) for i in range(100)]
    assert 5.0 <= min(held) <= max(held) <= 8.0
    assert statistics.mean(held) == pytest.approx((5 + 6 + 8) / 3, rel=0.04)  # 4 standard errors of 100 draws
    february = 24.0 * 40  # 10 February 2024
    assert _stop_at(engine, border, 10.0, february) == february
    # a node without a delay process holds nothing
    other = Stop(HUB, (), None, EventType.GAUGE_CHANGE)
    assert _stop_at(engine, other, 10.0, 100.0) == 100.0


def test_a_lot_stopping_where_it_is_not_yet_arrives_there_first() -> None:
    engine = Engine(_plan(), 5, record_events=True)
    border = Stop("CN-BORDER", (), None, EventType.BORDER)
    _stop_at(engine, border, 10.0, 100.0, 1, at="Alpha")
    _stop_at(engine, border, 10.0, 120.0, 2)  # already there: no second arrival
    tracked = [(e.shipment_id, e.event_type, e.node_id, e.time_h, e.teu) for e in engine.tracking]
    assert tracked == [
        ("alpha-omega#1", EventType.ARRIVAL, "CN-BORDER", 100.0, 10.0),
        ("alpha-omega#1", EventType.BORDER, "CN-BORDER", 100.0, 10.0),
        ("alpha-omega#2", EventType.BORDER, "CN-BORDER", 120.0, 10.0),
    ]


def test_a_lot_delivered_before_it_reaches_its_destination_arrives_there_first() -> None:
    engine = Engine(_plan(), 6, record_events=True)
    engine.in_flight_teu = 20.0
    engine.now = 300.0
    away, home = Lot(1, 0, 10.0, 100.0, 0.0, at="KZ-PORT"), Lot(2, 0, 10.0, 100.0, 0.0, at="DE-OMEGA")
    engine.deliver(away)
    engine.deliver(home)
    tracked = [(e.shipment_id, e.event_type, e.node_id, e.time_h) for e in engine.tracking]
    assert tracked == [
        ("alpha-omega#1", EventType.ARRIVAL, "DE-OMEGA", 300.0),
        ("alpha-omega#1", EventType.GATE_OUT, "DE-OMEGA", 300.0),
        ("alpha-omega#2", EventType.GATE_OUT, "DE-OMEGA", 300.0),
    ]
    assert engine.in_flight_teu == 0.0
    assert engine.delivered_teu == [20.0]
