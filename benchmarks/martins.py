"""A straightforward multi-objective label-setting search in pure Python (Martins' algorithm).

This is the baseline Corridor's compiled search is measured against: the
textbook method with no lower bounds and no pruning by the target, so it
computes every non-dominated label at every node and then reads off the
target's.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from corridor.routing.cargo import Cargo, Constraints
from corridor.routing.costs import arc_costs
from corridor.routing.graph import RoutingGraph

Vector = tuple[float, ...]
Adjacency = list[list[tuple[int, Vector]]]


class DeadlineError(Exception):
    """The search ran past its deadline."""


@dataclass(frozen=True)
class Problem:
    """One origin-destination question on the expanded graph, ready for the baseline."""

    adjacency: Adjacency
    sources: list[int]
    initial: Vector
    targets: list[int]


def adjacency(
    n: int, tail: npt.NDArray[np.int64], head: npt.NDArray[np.int64], costs: npt.NDArray[np.float64]
) -> Adjacency:
    """Out-arcs of each node as ``(head, cost vector)`` lists."""
    out: Adjacency = [[] for _ in range(n)]
    for u, v, c in zip(tail.tolist(), head.tolist(), costs.tolist(), strict=True):
        out[u].append((v, tuple(c)))
    return out


def problems_for(
    graph: RoutingGraph, pairs: Sequence[tuple[int, int]], cargo: Cargo, criteria: tuple[str, ...]
) -> list[Problem]:
    """The same arrays Corridor searches (usable arcs, criteria columns, origin cost), per query.

    Without constraints the arc costs and the usable mask do not depend on
    the origin, so the adjacency lists are built once and shared.
    """
    problems: list[Problem] = []
    shared: Adjacency | None = None
    for o, d in pairs:
        costs = arc_costs(graph, cargo, Constraints(), o)
        if shared is None:
            arcs = np.flatnonzero(costs.usable)
            columns = np.column_stack([costs.columns[c][arcs] for c in criteria])
            shared = adjacency(graph.n_sub, graph.tail[arcs], graph.head[arcs], columns)
        problems.append(
            Problem(
                adjacency=shared,
                sources=graph.subs_of[graph.node_ids[o]].tolist(),
                initial=tuple(costs.origin_cost[c] for c in criteria),
                targets=graph.subs_of[graph.node_ids[d]].tolist(),
            )
        )
    return problems


def _dominates(a: Vector, b: Vector) -> bool:
    """``a`` is at least as good as ``b`` on every criterion."""
    return all(x <= y for x, y in zip(a, b, strict=True))


def martins(problem: Problem, deadline: float) -> list[Vector]:
    """Cost vectors of the Pareto-optimal paths from any source to any target.

    Labels leave a heap in lexicographic order; a label at a node is kept
    while no other label there is at least as good on every criterion.

    Raises
    ------
    DeadlineError
        If ``time.perf_counter()`` passes ``deadline``.
    """
    adj = problem.adjacency
    labels: dict[int, list[tuple[Vector, int]]] = {}
    alive: list[bool] = []
    heap: list[tuple[Vector, int, int]] = []
    for s in problem.sources:
        labels.setdefault(s, []).append((problem.initial, len(alive)))
        heapq.heappush(heap, (problem.initial, len(alive), s))
        alive.append(True)
    popped = 0
    while heap:
        vec, lab, u = heapq.heappop(heap)
        if not alive[lab]:
            continue
        popped += 1
        if popped % 256 == 0 and time.perf_counter() > deadline:
            raise DeadlineError
        for v, cost in adj[u]:
            new = tuple(a + b for a, b in zip(vec, cost, strict=True))
            here = labels.setdefault(v, [])
            if any(_dominates(old, new) for old, _ in here):
                continue
            keep = []
            for old, old_lab in here:
                if _dominates(new, old):
                    alive[old_lab] = False
                else:
                    keep.append((old, old_lab))
            keep.append((new, len(alive)))
            labels[v] = keep
            heapq.heappush(heap, (new, len(alive), v))
            alive.append(True)
    at_targets = [vec for t in problem.targets for vec, _ in labels.get(t, [])]
    return [a for a in at_targets if not any(_dominates_beyond_noise(b, a) for b in at_targets)]


def _dominates_beyond_noise(a: Vector, b: Vector, rel: float = 1e-9) -> bool:
    """``a`` is as good as ``b`` on every criterion up to rounding, and better by more than rounding on one.

    Two paths whose times are equal in exact arithmetic can differ in the last bit when their
    arcs are summed in another order (a Ro-Ro and a rail ferry of the same crossing time): the
    dearer one is dominated all the same, as Corridor's search finds.
    """
    slack = [rel * max(1.0, abs(x), abs(y)) for x, y in zip(a, b, strict=True)]
    return all(x <= y + s for x, y, s in zip(a, b, slack, strict=True)) and any(
        x < y - s for x, y, s in zip(a, b, slack, strict=True)
    )


def same_vectors(a: Sequence[Vector], b: Sequence[Vector], rel: float) -> bool:
    """The two sets of cost vectors are equal, each vector matched within ``rel``."""

    def near(x: Vector, y: Vector) -> bool:
        return all(abs(p - q) <= rel * max(1.0, abs(p), abs(q)) for p, q in zip(x, y, strict=True))

    return all(any(near(x, y) for y in b) for x in a) and all(any(near(y, x) for x in a) for y in b)
