"""The discrete-event engine: block trains, hubs, sailings and storms, one replication at a time.

The unit of work is a *lot*: the containers of one block train, split when a
ship cannot take them all. Simulating lots rather than single containers
keeps a replication-year of a 300,000 TEU corridor to tens of thousands of
events. All state of a replication lives in one :class:`Engine` object, so
replications run side by side in one process or across processes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import itertools
import math
import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from corridor.events import Classifier, EventType, TrackingEvent
from corridor.simulation.compiled import Plan, Sailing, Stop, Travel
from corridor.simulation.disruptions import closed_spans, delays_by_node, draw, reopen
from corridor.simulation.stats import weighted_quantile

TRAIN, ARRIVE, SAIL, CHECK, SAMPLE = range(5)
#: Shape of the Gamma distribution of the time between two trains of a flow (coefficient of variation 0.5).
TRAIN_INTERVAL_SHAPE = 4.0
#: Where a lot's containers waited at the origin for the train to fill: quantiles of a uniform wait.
ORIGIN_WAIT_POINTS = (0.125, 0.375, 0.625, 0.875)
#: After the reporting window the replication drains: no new trains, ships keep sailing until every
#: lot that departed is delivered, for at most this long (a lot still travelling then is undelivered).
DRAIN_LIMIT_H = 365 * 24.0


class Lot:
    """Containers travelling together.

    ``label`` names the lot in its tracking events: the train's number, and for the part of a lot
    that a ship could not take whole, the parent's label and the part's number (``"12.1"``), so a
    part's history joins its parent's. ``at`` is the node where the lot last arrived.
    """

    __slots__ = ("at", "fill_h", "flow", "label", "lot_id", "parts", "start", "step", "teu")

    def __init__(
        self, lot_id: int, flow: int, teu: float, start: float, fill_h: float, *, at: str, label: str = ""
    ) -> None:
        self.lot_id = lot_id
        self.flow = flow
        self.teu = teu
        self.start = start
        self.fill_h = fill_h
        self.step = 0
        self.at = at
        self.label = label or str(lot_id)
        self.parts = 0


@dataclass
class ReplicationResult:
    """What one replication measured (plain values, JSON-ready)."""

    seed: int
    flows: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    hubs: dict[str, dict[str, Any]] = field(default_factory=dict)
    stranded_teu: float = 0.0
    co2e_t: float = 0.0
    events: int = 0
    tracking: list[TrackingEvent] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, without the tracking events."""
        return {
            "seed": self.seed,
            "flows": self.flows,
            "services": self.services,
            "hubs": self.hubs,
            "stranded_teu": self.stranded_teu,
            "co2e_t": self.co2e_t,
            "events": self.events,
        }


_tri = draw


class Engine:
    """One replication of a plan: the simulation's whole state."""

    def __init__(self, plan: Plan, seed: int, *, record_events: bool = False) -> None:
        self.plan = plan
        self.seed = seed
        self.rng = random.Random(seed)
        self.heap: list[tuple[float, int, int, Any]] = []
        self.counter = itertools.count()
        self.lot_ids = itertools.count()
        self.now = 0.0
        self.events = 0
        self.record_events = record_events
        self.tracking: list[TrackingEvent] = []
        self.month_start_h = self._month_starts()
        # storms go on while the run drains
        until = self.plan.horizon_h + DRAIN_LIMIT_H
        self.closed = closed_spans(plan, self.rng, self.month, self.month_start_h, until)
        self.delays = delays_by_node(plan)
        self.queue: dict[str, deque[tuple[float, Lot]]] = {k: deque() for k in plan.services}
        self.queued_teu = dict.fromkeys(plan.services, 0.0)
        # Drawn in sorted link order: a plan built elsewhere may list its services in any order.
        self.vessel_free = {k: self.rng.uniform(0.0, s.headway_h) for k, s in sorted(plan.services.items())}
        self.pending_check: dict[str, float] = {}
        self.filled_at: dict[str, float] = {}  # when_full with a fill time: when the outside demand fills it
        self.hub_free: dict[str, float] = {}
        # (transit h, fill h, TEU, departure month, delivered within the window) per measured lot
        self.delivered: list[list[tuple[float, float, float, int, bool]]] = [[] for _ in plan.flows]
        self.departed_teu = [0.0] * len(plan.flows)
        self.departed_by_month = [[0.0] * 12 for _ in plan.flows]
        self.delivered_teu = [0.0] * len(plan.flows)  # within the window
        self.in_flight_teu = 0.0  # departed (warm-up included), not yet delivered
        self.queue_teu_end: dict[str, float] = {}
        self.carried = dict.fromkeys(plan.services, 0.0)
        self.sailings = dict.fromkeys(plan.services, 0)
        self.handled: dict[str, float] = {}  # TEU through the node's handling capacity
        self.passed: dict[str, float] = {}  # TEU stopping without handling (borders, rail ferries)
        self.queue_series: dict[str, list[float]] = {k: [] for k in plan.services}
        self.hub_series: dict[str, list[float]] = {k: [] for k in plan.hub_capacity_teu_per_day}
        # TEU x hours waited in the window: for a ship at each service's port, for handling at each hub
        self.waited: dict[str, list[float]] = {}

    # --- calendar and closures -------------------------------------------------------------
    def _month_starts(self) -> list[float]:
        starts, day = [], self.plan.start.replace(day=1)
        end = self.plan.start + dt.timedelta(hours=self.plan.horizon_h + DRAIN_LIMIT_H + 24 * 40)
        while day <= end:
            starts.append((day - self.plan.start).days * 24.0)
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return starts

    def month(self, t: float) -> int:
        """Calendar month (0-11) at hour ``t``."""
        index = bisect.bisect_right(self.month_start_h, t) - 1
        return int((self.plan.start.month - 1 + index) % 12)

    def reopen(self, node: str, t: float) -> float:
        """The first time from ``t`` on when ``node`` is open."""
        return reopen(self.closed.get(node), t)

    # --- events ----------------------------------------------------------------------------
    def schedule(self, t: float, kind: int, payload: Any) -> None:
        heapq.heappush(self.heap, (t, next(self.counter), kind, payload))

    def track(self, lot: Lot, event: EventType, node: str, t: float) -> None:
        """Record an actual event of ``lot`` (when the replication records its events)."""
        if self.record_events:
            self.tracking.append(
                TrackingEvent(
                    f"{self.plan.flows[lot.flow].name}#{lot.label}",
                    event,
                    Classifier.ACTUAL,
                    t,
                    node,
                    lot.step,
                    lot.teu,
                )
            )

    def rate_teu_per_h(self, flow: int, t: float) -> float:
        f = self.plan.flows[flow]
        years = t / (24 * 365.25)
        growth: float = (1.0 + f.growth_per_year) ** years
        return f.teu_per_week * f.seasonality[self.month(t)] * growth / 168.0

    def train(self, flow: int) -> None:
        f = self.plan.flows[flow]
        mean = f.train_teu / self.rate_teu_per_h(flow, self.now)
        interval = self.rng.gammavariate(TRAIN_INTERVAL_SHAPE, mean / TRAIN_INTERVAL_SHAPE)
        lot = Lot(next(self.lot_ids), flow, f.train_teu, self.now, interval, at=f.origin)
        self.in_flight_teu += lot.teu
        if self.now >= self.plan.warmup_h:
            self.departed_teu[flow] += lot.teu
            self.departed_by_month[flow][self.month(self.now)] += lot.teu
        # Gate-in: the mean time at which the train's containers arrived while it filled.
        self.track(lot, EventType.GATE_IN, f.origin, self.now - interval / 2)
        self.advance(lot)
        if self.now + interval < self.plan.horizon_h:
            self.schedule(self.now + interval, TRAIN, flow)

    def advance(self, lot: Lot) -> None:
        steps = self.plan.flows[lot.flow].steps
        if lot.step >= len(steps):
            self.deliver(lot)
            return
        step = steps[lot.step]
        if isinstance(step, Travel):
            duration = sum(_tri(self.rng, d) for d in step.durations)
            self.track(lot, EventType.DEPARTURE, lot.at, self.now)
            self.track(lot, EventType.ARRIVAL, step.node_id, self.now + duration)
            lot.at = step.node_id
            lot.step += 1
            self.schedule(self.now + duration, ARRIVE, lot)
        elif isinstance(step, Stop):
            self.stop(lot, step)
        else:
            self.enqueue(lot, step)

    def stop(self, lot: Lot, step: Stop) -> None:
        if lot.at != step.node_id:
            self.track(lot, EventType.ARRIVAL, step.node_id, self.now)
            lot.at = step.node_id
        finish = self.now + sum(_tri(self.rng, d) for d in step.dwell)
        if step.capacity_teu_per_h is not None:
            begin = max(self.now, self.hub_free.get(step.node_id, 0.0))
            done = begin + lot.teu / step.capacity_teu_per_h
            self.hub_free[step.node_id] = done
            self.wait(f"hub:{step.node_id}", lot.teu, max(0.0, done - finish))  # held past the dwell
            finish = max(finish, done)
        if self.in_window:
            table = self.handled if step.capacity_teu_per_h is not None else self.passed
            table[step.node_id] = table.get(step.node_id, 0.0) + lot.teu
        for chance, episode in self.delays.get(step.node_id, ()):  # congestion, border queues
            if self.rng.random() < chance[self.month(self.now)]:
                finish += _tri(self.rng, episode)
        # a closed node holds the cargo ready to leave it: the one place disruptions act
        finish = self.reopen(step.node_id, finish)
        if step.event != EventType.ARRIVAL:  # the hub's operation done (a plain stop has only its arrival)
            self.track(lot, step.event, step.node_id, finish)
        lot.step += 1
        self.schedule(finish, ARRIVE, lot)

    def enqueue(self, lot: Lot, step: Sailing) -> None:
        self.queue[step.link_id].append((self.now, lot))
        self.queued_teu[step.link_id] += lot.teu
        if self.plan.services[step.link_id].policy == "when_full":
            self.check(step.link_id)

    def check(self, link_id: str) -> None:
        """when_full: sail now if the ship is full enough, or plan the next check.

        A ship sails when the cargo queued fills it (once the vessel is back), when
        the demand outside the model has filled it (``fill_h`` after its last
        sailing: the data's typical fill time, the planner's interval), or when the
        oldest cargo has waited ``max_wait_h``.
        """
        service = self.plan.services[link_id]
        queue = self.queue[link_id]
        if not queue and service.fill_h is None:
            return
        ready = max(self.vessel_free[link_id], self.now)
        if self.queued_teu[link_id] < service.capacity_teu:
            due = [queue[0][0] + service.max_wait_h] if queue else []
            if service.fill_h is not None:
                due.append(self.filled_at[link_id])
            ready = max(ready, min(due))
        if ready <= self.now:
            self.sail(link_id)
            if service.fill_h is not None:
                self.filled_at[link_id] = self.now + service.fill_h
            self.check(link_id)
        elif self.pending_check.get(link_id) != ready:
            self.pending_check[link_id] = ready
            self.schedule(ready, CHECK, link_id)

    def timetable_sailing(self, link_id: str) -> None:
        # Ships keep their timetable: storms act once, by holding cargo in the closed ports
        # (the hub stops on both sides), as the planner counts them.
        service = self.plan.services[link_id]
        self.sail(link_id)
        self.schedule(self.now + service.headway_h, SAIL, link_id)

    def sail(self, link_id: str) -> None:
        service = self.plan.services[link_id]
        room = service.capacity_teu
        queue = self.queue[link_id]
        crossing = -1.0
        if self.now <= self.plan.horizon_h:
            self.sailings[link_id] += 1
        self.vessel_free[link_id] = self.now + service.headway_h
        while queue and room > 1e-9:
            queued_at, lot = queue[0]
            if lot.teu > room + 1e-9:
                lot.parts += 1
                part = Lot(
                    next(self.lot_ids),
                    lot.flow,
                    room,
                    lot.start,
                    lot.fill_h,
                    at=lot.at,
                    label=f"{lot.label}.{lot.parts}",
                )
                part.step = lot.step
                lot.teu -= room
                lot = part
            else:
                queue.popleft()
            room -= lot.teu
            self.queued_teu[link_id] -= lot.teu
            self.wait(f"services:{link_id}", lot.teu, self.now - queued_at)
            if self.in_window:
                self.carried[link_id] += lot.teu
            if crossing < 0:
                step = self.plan.flows[lot.flow].steps[lot.step]
                assert isinstance(step, Sailing)
                crossing = _tri(self.rng, step.crossing)
            self.track(lot, EventType.LOAD, service.from_node, self.now)
            self.track(lot, EventType.DEPARTURE, service.from_node, self.now)
            self.track(lot, EventType.ARRIVAL, service.to_node, self.now + crossing)
            lot.at = service.to_node
            lot.step += 1
            self.schedule(self.now + crossing, ARRIVE, lot)

    def deliver(self, lot: Lot) -> None:
        flow = self.plan.flows[lot.flow]
        if lot.at != flow.destination:
            self.track(lot, EventType.ARRIVAL, flow.destination, self.now)
        self.track(lot, EventType.GATE_OUT, flow.destination, self.now)
        self.in_flight_teu -= lot.teu
        if lot.start < self.plan.warmup_h:
            return
        in_window = self.now <= self.plan.horizon_h
        if in_window:
            self.delivered_teu[lot.flow] += lot.teu
        self.delivered[lot.flow].append(
            (self.now - lot.start, lot.fill_h, lot.teu, self.month(lot.start), in_window)
        )

    def wait(self, key: str, teu: float, hours: float) -> None:
        """Count ``teu`` waiting ``hours`` at ``key`` (in the window only)."""
        if self.in_window:
            total = self.waited.setdefault(key, [0.0, 0.0])
            total[0] += teu * hours
            total[1] += teu

    def mean_wait_h(self, key: str) -> float | None:
        """TEU-weighted mean wait at ``key`` in the window (``None`` if nothing passed)."""
        teu_h, teu = self.waited.get(key, (0.0, 0.0))
        return teu_h / teu if teu > 0 else None

    @property
    def in_window(self) -> bool:
        """True while the clock is inside the reporting window (after warm-up, before the horizon)."""
        return self.plan.warmup_h <= self.now <= self.plan.horizon_h

    def sample(self) -> None:
        for link_id, series in self.queue_series.items():
            series.append(self.queued_teu[link_id])
        for node, series in self.hub_series.items():
            per_h = self.plan.hub_capacity_teu_per_day[node] / 24.0
            series.append(max(0.0, self.hub_free.get(node, 0.0) - self.now) * per_h)
        if self.now + 24.0 < self.plan.horizon_h:
            self.schedule(self.now + 24.0, SAMPLE, None)

    # --- run -------------------------------------------------------------------------------
    def run(self) -> ReplicationResult:
        for index in range(len(self.plan.flows)):
            mean = self.plan.flows[index].train_teu / self.rate_teu_per_h(index, 0.0)
            self.schedule(self.rng.uniform(0.0, mean), TRAIN, index)
        for link_id, service in self.plan.services.items():
            if service.policy == "timetable":
                self.schedule(self.rng.uniform(0.0, service.headway_h), SAIL, link_id)
            elif service.fill_h is not None:  # the outside demand fills the ship at the data's rate
                self.filled_at[link_id] = self.rng.uniform(0.0, service.fill_h)
                self.check(link_id)
        self.schedule(0.0, SAMPLE, None)
        horizon = self.plan.horizon_h
        heap = self.heap
        while heap and heap[0][0] <= horizon:
            self.dispatch()
        self.queue_teu_end = dict(self.queued_teu)
        # Drain: every lot that departed in the window is followed to its destination, so
        # transit times by departure date are not cut short at the horizon.
        while heap and self.in_flight_teu > 1e-6 and heap[0][0] <= horizon + DRAIN_LIMIT_H:
            self.dispatch()
        return self.result()

    def dispatch(self) -> None:
        """Execute the next event."""
        self.now, _, kind, payload = heapq.heappop(self.heap)
        self.events += 1
        if kind == ARRIVE:
            self.advance(payload)
        elif kind == TRAIN:
            self.train(payload)
        elif kind == SAIL:
            self.timetable_sailing(payload)
        elif kind == CHECK:
            if self.pending_check.get(payload) == self.now:
                del self.pending_check[payload]
                self.check(payload)
        else:
            self.sample()

    def by_departure_month(self, flow: int) -> list[dict[str, Any]]:
        """Per calendar month of departure: what departed and what became of it.

        TEU departed, delivered (drain included), still in transit at the window's end, and the
        transit P50 of what departed that month (``measured_days``: days of that month in the window).
        """
        days = _measured_days_by_month(self)
        rows = []
        for month in range(12):
            lots = [d for d in self.delivered[flow] if d[3] == month]
            in_window = sum(teu for _, _, teu, _, done in lots if done)
            points = [(base + 0.5 * fill, teu) for base, fill, teu, _, _ in lots]
            rows.append(
                {
                    "month": month + 1,
                    "measured_days": days[month],
                    "departed_teu": self.departed_by_month[flow][month],
                    "delivered_teu": sum(teu for _, _, teu, _, _ in lots),
                    "in_transit_teu_end": self.departed_by_month[flow][month] - in_window,
                    "transit_p50_days": _weighted_quantiles(points, (0.5,))["p50"],
                }
            )
        return rows

    def result(self) -> ReplicationResult:
        plan = self.plan
        days = (plan.horizon_h - plan.warmup_h) / 24.0
        flows = {}
        co2e = 0.0
        for index, flow in enumerate(plan.flows):
            share = 1.0 / len(ORIGIN_WAIT_POINTS)
            points = [
                (base + q * fill, teu * share)
                for base, fill, teu, _, _ in self.delivered[index]
                for q in ORIGIN_WAIT_POINTS
            ]
            delivered_all = sum(teu for _, _, teu, _, _ in self.delivered[index])
            flows[flow.name] = {
                "background": flow.background,
                "path": flow.path,
                "departed_teu": self.departed_teu[index],
                "delivered_teu": self.delivered_teu[index],
                "in_transit_teu_end": self.departed_teu[index] - self.delivered_teu[index],
                "delivered_after_window_teu": delivered_all - self.delivered_teu[index],
                "undelivered_teu": self.departed_teu[index] - delivered_all,
                "by_departure_month": self.by_departure_month(index),
                "transit_days": _weighted_quantiles(points, (0.025, 0.25, 0.5, 0.75, 0.975)),
                "transit_samples_days": [round(t / 24.0, 3) for t, _ in points][:5000],
                "transit_weights_teu": [round(w, 3) for _, w in points][:5000],
            }
            co2e += self.delivered_teu[index] * flow.co2e_kg_per_teu / 1000.0
        services = {
            link_id: {
                "from_node": s.from_node,
                "to_node": s.to_node,
                "carried_teu": self.carried[link_id],
                "sailings": self.sailings[link_id],
                "capacity_teu": s.capacity_teu * days * 24.0 / s.headway_h,
                "utilisation": self.carried[link_id] / (s.capacity_teu * days * 24.0 / s.headway_h),
                "queue_teu_daily": [round(v, 1) for v in self.queue_series[link_id]],
                "queue_teu_end": self.queue_teu_end[link_id],
                "wait_h_mean": self.mean_wait_h(f"services:{link_id}"),
            }
            for link_id, s in plan.services.items()
        }
        hubs = {}
        for node in sorted(set(self.handled) | set(self.passed)):
            handled = self.handled.get(node, 0.0)
            capacity = plan.hub_capacity_teu_per_day.get(node)
            hubs[node] = {
                "handled_teu": handled,
                "passed_teu": self.passed.get(node, 0.0),
                "capacity_teu": capacity * days if capacity else None,
                "utilisation": handled / (capacity * days) if capacity else None,
                "backlog_teu_daily": [round(v, 1) for v in self.hub_series.get(node, [])],
                "handling_wait_h_mean": self.mean_wait_h(f"hub:{node}"),
            }
        stranded = sum(self.departed_teu) - sum(self.delivered_teu)  # in transit at the window's end
        return ReplicationResult(self.seed, flows, services, hubs, stranded, co2e, self.events, self.tracking)


def _measured_days_by_month(engine: Engine) -> list[int]:
    days = [0] * 12
    for day in range(math.ceil(engine.plan.warmup_h / 24.0), math.floor(engine.plan.horizon_h / 24.0)):
        days[engine.month(day * 24.0 + 12.0)] += 1
    return days


def _weighted_quantiles(
    points: list[tuple[float, float]], quantiles: tuple[float, ...]
) -> dict[str, float | None]:
    """Quantiles of (hours, TEU) points in days, keyed ``p2_5``, ``p50``, ..."""
    out: dict[str, float | None] = {}
    for q in quantiles:
        value = weighted_quantile(points, q)
        out[f"p{q * 100:g}".replace(".", "_")] = None if value is None else round(value / 24.0, 3)
    return out


def run_replication(plan: Plan, seed: int, *, record_events: bool = False) -> ReplicationResult:
    """Run one replication of ``plan`` with ``seed``."""
    return Engine(plan, seed, record_events=record_events).run()
