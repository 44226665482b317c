"""The peer of the simulation benchmark: a straightforward per-container SimPy model.

One SimPy process per 40' box walks the same compiled plan steps as Corridor's
engine (see :mod:`benchmarks.simulation`, which times the two side by side).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import simpy

from corridor.distributions import Triangular, Uniform
from corridor.simulation.compiled import Plan, Sailing, Stop, Travel

#: TEU of one container in the model (a 40' box).
BOX_TEU = 2.0
#: The model runs in chunks of this many days, so that a run past its time budget stops at a boundary.
SIMPY_CHUNK_DAYS = 30

# --- the straightforward per-container SimPy model ----------------------------------------------


@dataclass
class _Train:
    """The block train forming at a flow's origin."""

    departs: simpy.Event
    boxes: int = 0


@dataclass
class SimPyResult:
    """What the per-container model measured."""

    departed_teu: list[float]
    delivered_teu: list[float]
    transit_h: list[list[float]]
    containers: int = 0
    events: int = 0
    horizon_days: float = 0.0
    cut: str = ""
    flows: dict[str, dict[str, float | None]] = field(default_factory=dict)


class SimPyModel:
    """One process per container (a 40' box, 2 TEU), walking the plan's steps.

    * Each flow has a generator of containers: exponential gaps at the flow's
      rate of the moment (seasonality, growth).
    * A container joins the block train forming at its origin; the train leaves
      when ``train_teu`` TEU have gathered.
    * Travel: a timeout of the summed triangular samples. Stop: the dwell, and at
      a hub with a handling capacity a ``simpy.Resource`` held for
      ``2 TEU / capacity`` hours (in parallel with the dwell, as in Corridor).
      Sailing: the container waits in the link's ``simpy.Store``; a ship process
      per link departs every ``headway_h`` (first one at a random phase), loads
      up to ``capacity_teu`` FIFO and crosses. ``when_full`` services sail to
      their timetable here; weather and closures are not modelled.

    Running times and dwells are sampled per container (Corridor samples them
    per lot): the same distribution for each container.
    """

    def __init__(self, plan: Plan, seed: int) -> None:
        self.plan = plan
        self.env = simpy.Environment()
        self.rng = random.Random(seed)
        self.trains = [_Train(self.env.event()) for _ in plan.flows]
        self.quays = {link_id: simpy.Store(self.env) for link_id in plan.services}
        self.hubs: dict[str, simpy.Resource] = {}
        crossing: dict[str, Triangular] = {}
        for flow in plan.flows:
            for step in flow.steps:
                if isinstance(step, Stop) and step.capacity_teu_per_h is not None:
                    self.hubs.setdefault(step.node_id, simpy.Resource(self.env, capacity=1))
                elif isinstance(step, Sailing):
                    crossing.setdefault(step.link_id, step.crossing)
        self.crossing = crossing
        n = len(plan.flows)
        self.result = SimPyResult([0.0] * n, [0.0] * n, [[] for _ in range(n)])

    def tri(self, d: Triangular | Uniform) -> float:
        if isinstance(d, Uniform):  # the wait for a train where a box is handed to the railway
            return self.rng.uniform(d.low, d.high)
        return d.min if d.max == d.min else self.rng.triangular(d.min, d.max, d.mode)

    def rate_boxes_per_h(self, index: int) -> float:
        flow = self.plan.flows[index]
        month = (self.plan.start + dt.timedelta(hours=self.env.now)).month - 1
        growth: float = (1.0 + flow.growth_per_year) ** (self.env.now / (24 * 365.25))
        return flow.teu_per_week * flow.seasonality[month] * growth / 168.0 / BOX_TEU

    def demand(self, index: int) -> Generator[simpy.Event, Any, None]:
        while True:
            yield self.env.timeout(self.rng.expovariate(self.rate_boxes_per_h(index)))
            self.result.containers += 1
            self.env.process(self.container(index, self.env.now))

    def container(self, index: int, arrived: float) -> Generator[simpy.Event, Any, None]:
        env, flow, result = self.env, self.plan.flows[index], self.result
        train = self.trains[index]
        train.boxes += 1
        if train.boxes * BOX_TEU >= flow.train_teu - 1e-9:
            self.trains[index] = _Train(env.event())
            train.departs.succeed()
        yield train.departs
        counted = env.now >= self.plan.warmup_h
        if counted:
            result.departed_teu[index] += BOX_TEU
        for step in flow.steps:
            if isinstance(step, Travel):
                yield env.timeout(sum(self.tri(d) for d in step.durations))
            elif isinstance(step, Stop):
                end = env.now + sum(self.tri(d) for d in step.dwell)
                if step.capacity_teu_per_h is not None:
                    with self.hubs[step.node_id].request() as turn:
                        yield turn
                        yield env.timeout(BOX_TEU / step.capacity_teu_per_h)
                if end > env.now:
                    yield env.timeout(end - env.now)
            else:
                boarded = env.event()
                yield self.quays[step.link_id].put(boarded)
                crossing = yield boarded
                yield env.timeout(crossing)
        if counted:
            result.delivered_teu[index] += BOX_TEU
            result.transit_h[index].append(env.now - arrived)

    def ship(self, link_id: str) -> Generator[simpy.Event, Any, None]:
        service = self.plan.services[link_id]
        quay = self.quays[link_id]
        room = int(service.capacity_teu / BOX_TEU + 1e-9)
        yield self.env.timeout(self.rng.uniform(0.0, service.headway_h))
        while True:
            crossing = self.tri(self.crossing[link_id])
            for _ in range(min(room, len(quay.items))):
                boarded = yield quay.get()
                boarded.succeed(crossing)
            yield self.env.timeout(service.headway_h)

    def run(self, budget_s: float) -> SimPyResult:
        """Simulate to the horizon, or stop at the first 30-day boundary after ``budget_s`` seconds."""
        for index in range(len(self.plan.flows)):
            self.env.process(self.demand(index))
        for link_id in self.plan.services:
            self.env.process(self.ship(link_id))
        start = time.perf_counter()
        horizon = self.plan.horizon_h
        until = 0.0
        while until < horizon:
            until = min(until + SIMPY_CHUNK_DAYS * 24.0, horizon)
            self.env.run(until=until)
            if until < horizon and time.perf_counter() - start > budget_s and until > self.plan.warmup_h:
                self.result.cut = f"stopped at day {until / 24:g} of {horizon / 24:g} after {budget_s:g} s"
                break
        self.result.horizon_days = until / 24.0
        eid = vars(self.env).get("_eid")  # SimPy's event counter (private): events it scheduled
        self.result.events = next(eid) if eid is not None else -1
        for index, flow in enumerate(self.plan.flows):
            times = self.result.transit_h[index]
            self.result.flows[flow.name] = {
                "delivered_teu": self.result.delivered_teu[index],
                "p50_days": statistics.median(times) / 24.0 if times else None,
            }
        return self.result
