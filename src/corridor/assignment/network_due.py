"""Deterministic user equilibrium on a link network, with route sets grown by column generation.

The single-class problem that link-based packages (AequilibraE, TransCAD,
Emme) solve: directed links with free-flow times ``t0`` and capacities ``c``,
BPR times ``t(x) = t0 (1 + alpha (x/c)^beta)``, and an OD matrix between
zone nodes. Corridor solves it path-based:

1. every OD starts with its free-flow shortest path;
2. :func:`corridor.assignment.equilibrium.solve_due` equilibrates the flows
   over the current route sets (warm-started from the previous round);
3. each OD's shortest path at the congested times (SciPy's Dijkstra) joins
   its route set if it is new;

until the DUE relative gap of the link flows, :func:`network_relative_gap`
``(sum x t(x) - sum_od d SP_od(t(x))) / sum x t(x)`` (the definition
AequilibraE reports as ``rgap``), is below ``settings.gap_tolerance``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from corridor.assignment.equilibrium import (
    Array,
    Convergence,
    EquilibriumSettings,
    EquilibriumState,
    IntArray,
    Problem,
    solve_due,
)
from corridor.assignment.options import Element

Path = tuple[int, ...]


@dataclass(frozen=True)
class LinkNetwork:
    """Directed links ``a -> b`` (node numbers from 0), free-flow hours and capacities (flow per hour)."""

    a: IntArray
    b: IntArray
    free_flow_h: Array
    capacity: Array

    def __post_init__(self) -> None:
        n = self.a.size
        if not (self.b.size == self.free_flow_h.size == self.capacity.size == n):
            raise ValueError("link arrays a, b, free_flow_h and capacity must have the same length")
        if n and (self.capacity <= 0).any():
            raise ValueError("every link capacity must be positive")
        if n and (self.free_flow_h < 0).any():
            raise ValueError("free-flow times must not be negative")

    @property
    def n_nodes(self) -> int:
        return int(max(self.a.max(), self.b.max())) + 1 if self.a.size else 0

    def times(self, flows: Array, settings: EquilibriumSettings) -> Array:
        """BPR link times at the given link flows."""
        out: Array = self.free_flow_h * (
            1.0 + settings.bpr_alpha * (flows / self.capacity) ** settings.bpr_beta
        )
        return out

    def shortest(self, times: Array, origins: IntArray) -> tuple[Array, IntArray]:
        """Shortest-path distances and predecessors from each origin node (SciPy's Dijkstra)."""
        n = self.n_nodes
        # zero-time links would vanish from a sparse matrix: give them a time far below any other
        weights = np.maximum(times, 1e-12)
        graph = csr_matrix((weights, (self.a, self.b)), shape=(n, n))
        dist, pred = dijkstra(graph, indices=origins, return_predecessors=True)
        return dist, pred


def network_relative_gap(
    network: LinkNetwork, flows: Array, zones: IntArray, od: Array, settings: EquilibriumSettings
) -> float:
    """The DUE relative gap of link flows: ``(sum x t(x) - sum d SP(t(x))) / sum x t(x)``."""
    times = network.times(flows, settings)
    dist, _ = network.shortest(times, zones)
    reach = dist[:, zones]
    best = float(np.where(od > 0, od * np.where(np.isfinite(reach), reach, 0.0), 0.0).sum())
    total = float((flows * times).sum())
    return (total - best) / total if total > 0 else 0.0


@dataclass
class NetworkEquilibrium:
    """Link flows at the deterministic user equilibrium, the route sets and how the search stopped."""

    flows: Array
    relative_gap: float
    rounds: int
    pairs: list[tuple[int, int]]
    paths: list[list[Path]]
    path_flows: list[Array]
    convergence: Convergence

    @property
    def n_paths(self) -> int:
        return sum(len(p) for p in self.paths)


class _Columns:
    """OD pairs, their route sets (tuples of link indices) and the Problem over them."""

    def __init__(self, network: LinkNetwork, zones: IntArray, od: Array) -> None:
        self.network, self.zones, self.od = network, zones, od
        self.index = {(int(a), int(b)): i for i, (a, b) in enumerate(zip(network.a, network.b, strict=True))}
        self.pairs = [(i, j) for i in range(zones.size) for j in range(zones.size) if i != j and od[i, j] > 0]
        self.paths: list[list[Path]] = [[] for _ in self.pairs]
        self.elements = [
            Element(
                f"link:{i}", "link", str(i), float(network.capacity[i]), float(network.free_flow_h[i]), ""
            )
            for i in range(network.a.size)
        ]

    def add_shortest(self, times: Array) -> int:
        """Add each OD's shortest path at ``times`` to its route set; how many were new."""
        dist, pred = self.network.shortest(times, self.zones)
        added = 0
        for k, (i, j) in enumerate(self.pairs):
            origin, target = int(self.zones[i]), int(self.zones[j])
            if not np.isfinite(dist[i, target]):
                raise ValueError(f"no path from node {origin} to node {target}, which have demand")
            nodes = [target]
            while nodes[-1] != origin:
                nodes.append(int(pred[i, nodes[-1]]))
            path = tuple(self.index[(a, b)] for a, b in itertools.pairwise(nodes[::-1]))
            if path not in self.paths[k]:
                self.paths[k].append(path)
                added += 1
        return added

    def problem(self) -> Problem:
        alt_row: list[int] = []
        g0: list[float] = []
        inc_alt: list[int] = []
        inc_elem: list[int] = []
        starts: list[int] = []
        for k, paths in enumerate(self.paths):
            starts.append(len(alt_row))
            for links in paths:
                inc_alt += [len(alt_row)] * len(links)
                inc_elem += list(links)
                alt_row.append(k)
                g0.append(float(self.network.free_flow_h[list(links)].sum()))
        n, rows = len(alt_row), len(self.pairs)
        row_index = np.arange(rows, dtype=np.int64)
        return Problem(
            rows=list(range(rows)),
            alt_row=np.asarray(alt_row, dtype=np.int64),
            alt_nest=np.asarray(alt_row, dtype=np.int64),
            alt_corridor=["sea"] * n,  # one nest per OD; the label is not used by the DUE
            alt_option=[None] * n,
            g0=np.asarray(g0, dtype=float),
            vot_per_h=np.ones(n),
            nest_start=np.asarray(starts, dtype=np.int64),
            nest_row=row_index,
            nest_corridor=["sea"] * rows,
            row_nest_start=row_index,
            demand=np.asarray([self.od[i, j] for i, j in self.pairs], dtype=float),
            elements=self.elements,
            inc_alt=np.asarray(inc_alt, dtype=np.int64),
            inc_elem=np.asarray(inc_elem, dtype=np.int64),
            capacity=self.network.capacity.astype(float),
            base_h=self.network.free_flow_h.astype(float),
        )


def solve_network_due(
    network: LinkNetwork,
    zones: IntArray,
    od: Array,
    settings: EquilibriumSettings,
    *,
    max_rounds: int = 100,
) -> NetworkEquilibrium:
    """Link flows at the deterministic user equilibrium to ``settings.gap_tolerance`` (module docstring).

    ``zones``: the node of each zone; ``od[i, j]``: demand from zone ``i`` to
    zone ``j`` (flow per hour, the unit of the capacities). Each round's
    restricted problem is solved to a tenth of the last network gap (never
    tighter than half the target), so early rounds stay cheap.
    """
    od = np.asarray(od, dtype=float)
    if od.shape != (zones.size, zones.size) or (od < 0).any():
        raise ValueError("od must be a zones x zones matrix of non-negative demands")
    columns = _Columns(network, zones, od)
    tolerance = settings.gap_tolerance
    columns.add_shortest(network.free_flow_h)
    previous: dict[tuple[int, Path], float] = {}
    link_flows = np.zeros(network.a.size)
    gap, rounds = float("inf"), 0
    state: EquilibriumState | None = None
    while rounds < max_rounds:
        rounds += 1
        problem = columns.problem()
        start = None
        if state is not None:
            warm = np.asarray([previous.get((k, p), 0.0) for k, ps in enumerate(columns.paths) for p in ps])
            start = replace(state, flows=warm)
        inner = replace(settings, choice="due", gap_tolerance=max(0.5 * tolerance, 0.1 * min(gap, 1.0)))
        state = solve_due(problem, inner, start=start)
        link_flows = state.loads
        previous = {
            (k, p): float(x)
            for (k, p), x in zip(
                ((k, p) for k, ps in enumerate(columns.paths) for p in ps), state.flows, strict=True
            )
        }
        gap = network_relative_gap(network, link_flows, zones, od, settings)
        if gap < tolerance:
            break
        if not columns.add_shortest(network.times(link_flows, settings)) and inner.gap_tolerance <= tolerance:
            break
    assert state is not None
    path_flows: list[Array] = []
    position = 0
    for ps in columns.paths:
        path_flows.append(state.flows[position : position + len(ps)].copy())
        position += len(ps)
    convergence = Convergence(rounds, gap, state.convergence.max_overload, gap < tolerance, (gap,))
    return NetworkEquilibrium(link_flows, gap, rounds, columns.pairs, columns.paths, path_flows, convergence)


__all__ = ["LinkNetwork", "NetworkEquilibrium", "network_relative_gap", "solve_network_due"]
