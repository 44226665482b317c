"""A ship that sails when full (``policy = "when_full"``), checked at the moment of each decision.

The rule the scenario documentation states: the ship sails as soon as its queue fills it, but never
before it is back from its last sailing, and at the latest ``max_wait_h`` after the oldest waiting
lot arrived. A closed port holds the cargo at its hub; the ship's decision does not wait for it
too. The tiny network's feeder on L4 (Porto to
Harbour) carries 350 TEU twice a week (headway 84 h); lots of 50 TEU are queued by hand, so each
expected time below is a sum of those figures.

These tests call ``Engine.check`` through ``Engine.enqueue``, the way arriving trains do, so that
mutation testing links the when-full decision to them (issue 16).
"""

from __future__ import annotations

import pytest

from corridor.simulation.compiled import Plan, Sailing
from corridor.simulation.engine import CHECK, Engine, Lot

from .plans import tiny_plan

MAX_WAIT_H = 24.0


def _plan() -> Plan:
    return tiny_plan("when-full", services=[{"link": "L4", "policy": "when_full", "max_wait_h": MAX_WAIT_H}])


class Port:
    """An engine at a chosen moment with the feeder free, and lots queued at Porto by hand."""

    def __init__(self) -> None:
        self.engine = Engine(_plan(), 1)
        steps = self.engine.plan.flows[0].steps
        self.index, self.step = next((i, s) for i, s in enumerate(steps) if isinstance(s, Sailing))
        assert self.step.link_id == "L4"
        self.engine.vessel_free["L4"] = 0.0

    def arrive(self, at_h: float, teu: float = 50.0) -> Lot:
        engine = self.engine
        engine.now = at_h
        lot = Lot(next(engine.lot_ids), 0, teu, at_h - 100.0, 0.0, at="KZ-PORT")
        lot.step = self.index
        engine.in_flight_teu += teu
        engine.enqueue(lot, self.step)
        return lot

    def checks(self) -> list[float]:
        return sorted(t for t, _, kind, payload in self.engine.heap if kind == CHECK and payload == "L4")


def test_the_service_is_350_teu_every_84_hours() -> None:
    service = _plan().services["L4"]
    assert (service.capacity_teu, service.headway_h, service.policy) == (350, 84, "when_full")
    assert service.max_wait_h == MAX_WAIT_H


def test_a_ship_not_yet_full_sails_max_wait_after_its_oldest_lot() -> None:
    port = Port()
    port.arrive(100.0)
    port.arrive(110.0)
    # 100 TEU of 350: nothing sails yet; the departure is planned for 100 + 24 h
    assert port.engine.sailings["L4"] == 0
    assert port.engine.pending_check == {"L4": 124.0}
    assert port.checks() == [124.0]  # one check, not one per arriving lot
    port.engine.now = 124.0
    port.engine.check("L4")
    assert port.engine.sailings["L4"] == 1
    assert not port.engine.queue["L4"]
    assert port.engine.queued_teu["L4"] == pytest.approx(0.0)
    assert port.engine.vessel_free["L4"] == 124.0 + 84.0


def test_a_full_ship_sails_at_once_and_the_rest_waits_for_the_next() -> None:
    port = Port()
    for hour in range(7):  # 7 x 50 = 350 TEU: the seventh lot fills the ship at hour 206
        port.arrive(200.0 + hour)
    assert port.engine.sailings["L4"] == 1
    assert port.engine.carried["L4"] == pytest.approx(350.0)
    assert port.engine.queued_teu["L4"] == pytest.approx(0.0)
    port.arrive(207.0, teu=80.0)
    # the ship is back at 206 + 84 = 290 h, later than 207 + 24 h: the lot waits for it
    assert port.engine.pending_check == {"L4": 290.0}
    assert port.engine.sailings["L4"] == 1


def test_a_full_queue_waits_for_the_ship_to_come_back() -> None:
    port = Port()
    port.engine.vessel_free["L4"] = 500.0
    for _ in range(8):  # 400 TEU, more than a shipload, all at hour 300
        port.arrive(300.0)
    assert port.engine.sailings["L4"] == 0
    assert port.engine.pending_check == {"L4": 500.0}
    port.engine.now = 500.0
    port.engine.check("L4")
    # one shipload leaves; 50 TEU wait for the next ship, at 584 h (it waited since 300 h already)
    assert port.engine.sailings["L4"] == 1
    assert port.engine.queued_teu["L4"] == pytest.approx(50.0)
    assert port.engine.pending_check == {"L4": 584.0}


@pytest.mark.parametrize("closed", ["KZ-PORT", "AZ-PORT"])
def test_a_full_ship_sails_whatever_a_port_closure(closed: str) -> None:
    """Storms act once: a closed port holds the cargo waiting to leave it (at its hub), the ship's own
    decision does not wait for the port as well (issue 18: disruptions counted once)."""
    port = Port()
    port.engine.closed[closed] = [(90.0, 400.0)]
    for _ in range(7):
        port.arrive(100.0)
    # full at 100 h: it sails then, closure or not
    assert port.engine.sailings["L4"] == 1
    assert port.engine.carried["L4"] == pytest.approx(350.0)


def test_an_empty_queue_plans_nothing() -> None:
    port = Port()
    port.engine.now = 50.0
    port.engine.check("L4")
    assert port.engine.pending_check == {}
    assert port.checks() == []
