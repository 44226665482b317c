"""Benchmark 1: single-criterion point-to-point on a large generated road/rail-like graph."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import igraph as ig
import networkx as nx
import numpy as np
import numpy.typing as npt
import rustworkx as rx
import scipy.sparse
from scipy.sparse.csgraph import dijkstra as scipy_dijkstra

from benchmarks.common import (
    CorrectnessError,
    Row,
    Section,
    close,
    first_call_note,
    log,
    set_ratios,
    timed,
    timing_row,
)
from corridor.routing.kernels import compiled_bidirectional_dijkstra as bidirectional_dijkstra

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

NAME = "grid"
REL_TOL = 1e-9
SPACING_KM = 10.0


@dataclass(frozen=True)
class GridGraph:
    """A directed graph as arc arrays, sorted by (tail, head), no parallel arcs, plus CSR views."""

    n: int
    tail: IntArray
    head: IntArray
    weight: FloatArray
    indptr: IntArray
    rindptr: IntArray
    rheads: IntArray
    rweights: FloatArray

    def path_length(self, nodes: IntArray | list[int]) -> float:
        """Length of a node path, looking every arc up (raises if an arc does not exist)."""
        p = np.asarray(nodes, dtype=np.int64)
        if p.size < 2:
            return 0.0
        keys = self.tail * self.n + self.head
        wanted = p[:-1] * self.n + p[1:]
        pos = np.searchsorted(keys, wanted)
        if np.any(pos >= keys.size) or np.any(keys[np.minimum(pos, keys.size - 1)] != wanted):
            raise CorrectnessError("a returned path uses an arc that is not in the graph")
        return float(self.weight[pos].sum())

    def edge_length(self, edge_ids: list[int]) -> float:
        """Length of a path given as arc indices."""
        return float(self.weight[np.asarray(edge_ids, dtype=np.int64)].sum()) if edge_ids else 0.0


def _csr(tail: IntArray, head: IntArray, weight: FloatArray, n: int) -> tuple[IntArray, IntArray, FloatArray]:
    order = np.argsort(tail, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail, minlength=n), out=indptr[1:])
    return indptr, head[order], weight[order]


def make_grid(side: int, seed: int) -> GridGraph:
    """A jittered ``side`` x ``side`` grid: 4-neighbour arcs, some diagonals, some long arcs, both ways.

    Weights are the euclidean length (``SPACING_KM`` per grid step) times a
    random factor in [1.0, 1.5), drawn separately for each direction.
    """
    rng = np.random.default_rng(seed)
    n = side * side
    cell = np.arange(n, dtype=np.int64)
    r, c = cell // side, cell % side
    x = (c + rng.uniform(-0.3, 0.3, n)) * SPACING_KM
    y = (r + rng.uniform(-0.3, 0.3, n)) * SPACING_KM
    pairs = [
        np.column_stack((cell[c < side - 1], cell[c < side - 1] + 1)),
        np.column_stack((cell[r < side - 1], cell[r < side - 1] + side)),
    ]
    inner = cell[(r < side - 1) & (c < side - 1)]
    diag = inner[rng.random(inner.size) < 0.2]
    pairs.append(np.column_stack((diag, diag + side + 1)))
    inner = cell[(r < side - 1) & (c > 0)]
    anti = inner[rng.random(inner.size) < 0.1]
    pairs.append(np.column_stack((anti, anti + side - 1)))
    n_long = n // 100
    a = rng.integers(0, n, n_long)
    dr = rng.integers(-25, 26, n_long)
    dc = rng.integers(-25, 26, n_long)
    b = np.clip(a // side + dr, 0, side - 1) * side + np.clip(a % side + dc, 0, side - 1)
    pairs.append(np.column_stack((a, b)))
    und = np.concatenate(pairs)
    und = und[und[:, 0] != und[:, 1]]
    tail = np.concatenate((und[:, 0], und[:, 1]))
    head = np.concatenate((und[:, 1], und[:, 0]))
    length = np.hypot(x[tail] - x[head], y[tail] - y[head])
    weight = length * rng.uniform(1.0, 1.5, tail.size)
    # One arc per (tail, head): keep the shortest (SciPy would sum duplicates, NetworkX keep the last).
    order = np.lexsort((weight, head, tail))
    tail, head, weight = tail[order], head[order], weight[order]
    first = np.ones(tail.size, dtype=np.bool_)
    first[1:] = (tail[1:] != tail[:-1]) | (head[1:] != head[:-1])
    tail, head, weight = tail[first], head[first], weight[first]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail, minlength=n), out=indptr[1:])
    rindptr, rheads, rweights = _csr(head, tail, weight, n)
    return GridGraph(n, tail, head, weight, indptr, rindptr, rheads, rweights)


def _probe_early_exit(
    to_target: Callable[[int, int], object], whole: Callable[[int], object], g: GridGraph, source: int
) -> str:
    """Say whether a target query stops early: time it to a neighbour against a whole-graph run."""
    neighbour = int(g.head[g.indptr[source]])
    _, near = timed(lambda: to_target(source, neighbour))
    _, full = timed(lambda: whole(source))
    verdict = "stops at the target" if near < 0.2 * full else "does NOT stop early at the target"
    return f"{verdict} (probe: {near * 1e3:.1f} ms to a neighbour vs {full * 1e3:.0f} ms whole graph)"


def run(*, quick: bool, seed: int = 20261101) -> Section:
    """Build the graph in each library, then time and cross-check point-to-point queries."""
    side = 60 if quick else 450
    n_queries = 10 if quick else 50
    n_nx = 3 if quick else 10
    section = Section(NAME, f"single-criterion point-to-point, {side}x{side} jittered grid")
    bench = f"p2p {side}x{side}"
    log(f"{NAME}: generating {side}x{side} graph")
    g, t_gen = timed(lambda: make_grid(side, seed))
    rng = np.random.default_rng(seed + 1)
    queries = [(int(s), int(t)) for s, t in rng.integers(0, g.n, (n_queries, 2))]
    section.facts.update(
        nodes=g.n,
        arcs=int(g.tail.size),
        queries=n_queries,
        seed=seed,
        generate_s=round(t_gen, 3),
        weights="euclidean length x U[1.0, 1.5) per direction; one arc per ordered node pair",
    )
    log(f"{NAME}: {g.n} nodes, {g.tail.size} arcs")

    # --- builds ---------------------------------------------------------------------------------
    builds: list[Row] = []

    def corridor_build() -> tuple[IntArray, IntArray, FloatArray, IntArray, IntArray, FloatArray]:
        indptr = np.zeros(g.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(g.tail, minlength=g.n), out=indptr[1:])
        order = np.argsort(g.tail, kind="stable")
        rindptr, rheads, rweights = _csr(g.head, g.tail, g.weight, g.n)
        return indptr, g.head[order], g.weight[order], rindptr, rheads, rweights

    arrays, t = timed(corridor_build)
    builds.append(Row(f"{bench}: build", "corridor CSR + reverse CSR (numpy)", t * 1e3, None, 1))
    csr, t = timed(lambda: scipy.sparse.csr_matrix((g.weight, (g.tail, g.head)), shape=(g.n, g.n)))
    builds.append(Row(f"{bench}: build", "scipy csr_matrix from COO", t * 1e3, None, 1))

    def rx_build() -> rx.PyDiGraph:
        h = rx.PyDiGraph(multigraph=False)
        h.add_nodes_from(range(g.n))
        h.add_edges_from(list(zip(g.tail.tolist(), g.head.tolist(), g.weight.tolist(), strict=True)))
        return h

    rxg, t = timed(rx_build)
    builds.append(Row(f"{bench}: build", "rustworkx PyDiGraph.add_edges_from", t * 1e3, None, 1))

    def ig_build() -> ig.Graph:
        h = ig.Graph(n=g.n, edges=np.column_stack((g.tail, g.head)).tolist(), directed=True)
        h.es["weight"] = g.weight.tolist()
        return h

    igg, t = timed(ig_build)
    builds.append(Row(f"{bench}: build", "igraph Graph(edges) + weight attribute", t * 1e3, None, 1))
    log(f"{NAME}: building the NetworkX DiGraph (slow)")

    def nx_build() -> nx.DiGraph:
        h = nx.DiGraph()
        h.add_nodes_from(range(g.n))
        h.add_weighted_edges_from(zip(g.tail.tolist(), g.head.tolist(), g.weight.tolist(), strict=True))
        return h

    nxg, t = timed(nx_build)
    builds.append(Row(f"{bench}: build", "networkx DiGraph.add_weighted_edges_from", t * 1e3, None, 1))
    set_ratios(builds, builds[0])

    # --- Corridor ------------------------------------------------------------------------------
    indptr, heads, weights, rindptr, rheads, rweights = arrays

    def corridor(s: int, t: int) -> tuple[float, IntArray]:
        d, path = bidirectional_dijkstra(
            indptr, heads, weights, rindptr, rheads, rweights, np.int64(s), np.int64(t)
        )
        return float(d), path

    first = first_call_note([bidirectional_dijkstra], lambda: corridor(queries[0][0], queries[0][1]))
    section.facts["corridor_first_call"] = first
    log(f"{NAME}: corridor warm-up: {first}; timing {n_queries} queries")
    ref: list[float] = []
    times: list[float] = []
    for s, t in queries:
        (d, path), dt = timed(lambda s=s, t=t: corridor(s, t))  # type: ignore[misc]
        times.append(dt)
        ends_ok = path.size > 0 and int(path[0]) == s and int(path[-1]) == t
        if not ends_ok or not close(g.path_length(path), d, REL_TOL):
            raise CorrectnessError(f"corridor's path {s}->{t} does not match its distance {d}")
        ref.append(d)
    corridor_row = timing_row(
        bench,
        "corridor bidirectional_dijkstra (numba)",
        times,
        f"early exit both ends; path checked; {first}",
    )
    rows = [corridor_row]

    def check(label: str, values: list[float]) -> None:
        for (s, t), want, got in zip(queries, ref, values, strict=False):
            if not close(got, want, REL_TOL):
                raise CorrectnessError(f"{label} gives {got!r} for {s}->{t}, corridor gives {want!r}")
        section.checks.append(f"{label}: {len(values)} distances equal corridor's (rel tol {REL_TOL:g})")

    def measure(
        label: str, fn: Callable[[int, int], float], notes: str, count: int = n_queries, warm_up: bool = True
    ) -> Row:
        if warm_up:
            fn(*queries[0])
        log(f"{NAME}: timing {label} on {count} queries")
        values, seconds = [], []
        for s, t in queries[:count]:
            value, dt = timed(lambda s=s, t=t: fn(s, t))  # type: ignore[misc]
            values.append(value)
            seconds.append(dt)
        check(label, values)
        return timing_row(bench, label, seconds, notes)

    # --- SciPy ---------------------------------------------------------------------------------
    def scipy_query(s: int, t: int) -> float:
        return float(scipy_dijkstra(csr, directed=True, indices=s)[t])

    rows.append(
        measure(
            "scipy csgraph.dijkstra(indices=s)",
            scipy_query,
            "whole graph from s: no target parameter (limit= bounds by distance, not by node)",
        )
    )

    # --- rustworkx -----------------------------------------------------------------------------
    def rx_lengths(s: int, t: int) -> float:
        return float(rx.digraph_dijkstra_shortest_path_lengths(rxg, s, float, goal=t)[t])

    def rx_paths(s: int, t: int) -> float:
        return g.path_length(list(rx.digraph_dijkstra_shortest_paths(rxg, s, target=t, weight_fn=float)[t]))

    probe = _probe_early_exit(
        rx_lengths, lambda s: rx.digraph_dijkstra_shortest_path_lengths(rxg, s, float), g, queries[0][0]
    )
    rows.append(
        measure(
            "rustworkx digraph_dijkstra_shortest_path_lengths(goal=t)",
            rx_lengths,
            f"weight via Python callable float; {probe}",
        )
    )
    probe = _probe_early_exit(
        lambda s, t: rx.digraph_dijkstra_shortest_paths(rxg, s, target=t, weight_fn=float),
        lambda s: rx.digraph_dijkstra_shortest_paths(rxg, s, target=None, weight_fn=float),
        g,
        queries[0][0],
    )
    rows.append(
        measure(
            "rustworkx digraph_dijkstra_shortest_paths(target=t)",
            rx_paths,
            f"returns the path (checked); {probe}",
        )
    )

    # --- igraph --------------------------------------------------------------------------------
    def ig_distance(s: int, t: int) -> float:
        return float(igg.distances(source=s, target=t, weights="weight")[0][0])

    def ig_path(s: int, t: int) -> float:
        return g.edge_length(igg.get_shortest_path(s, to=t, weights="weight", output="epath"))

    probe = _probe_early_exit(
        ig_distance, lambda s: igg.distances(source=s, weights="weight"), g, queries[0][0]
    )
    rows.append(measure("igraph Graph.distances(source=s, target=t)", ig_distance, probe))
    probe = _probe_early_exit(
        lambda s, t: igg.get_shortest_path(s, to=t, weights="weight", output="epath"),
        lambda s: igg.distances(source=s, weights="weight"),
        g,
        queries[0][0],
    )
    rows.append(
        measure(
            "igraph Graph.get_shortest_path(s, to=t, output=epath)",
            ig_path,
            f"returns the path (checked); {probe}",
        )
    )
    set_ratios(rows, corridor_row)

    # --- NetworkX (few queries) -----------------------------------------------------------------
    sub = timing_row(bench, "corridor (same queries as networkx)", times[:n_nx])

    def nx_bidirectional(s: int, t: int) -> float:
        d, path = nx.bidirectional_dijkstra(nxg, s, t, weight="weight")
        if not close(g.path_length(path), float(d), REL_TOL):
            raise CorrectnessError(f"networkx path {s}->{t} does not match its distance")
        return float(d)

    def nx_length(s: int, t: int) -> float:
        return float(nx.dijkstra_path_length(nxg, s, t, weight="weight"))

    for label, fn, notes in (
        ("networkx bidirectional_dijkstra", nx_bidirectional, "early exit both ends; path checked"),
        ("networkx dijkstra_path_length", nx_length, "stops when the target is settled"),
    ):
        row = measure(label, fn, "", count=n_nx, warm_up=False)
        assert sub.median_ms is not None
        assert row.median_ms is not None
        row.ratio = row.median_ms / sub.median_ms
        row.notes = (
            f"{notes}; only the first {n_nx} queries: ratio vs corridor's median on those "
            f"({sub.median_ms:.1f} ms)"
        )
        rows.append(row)
    section.rows = rows + builds
    return section
