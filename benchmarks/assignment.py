"""Traffic assignment: Corridor's equilibrium solver against AequilibraE on the same congested network.

AequilibraE solves the deterministic user equilibrium (DUE) with link-based
algorithms (bi-conjugate Frank-Wolfe here). Corridor's solver
(:func:`corridor.assignment.equilibrium.solve_equilibrium`) is a path-based
stochastic (logit) equilibrium over given route sets: there is no DUE switch.
The comparison puts it in the deterministic limit — a plain multinomial logit
(one nest, no constants) with a large scale (``THETA`` per hour), no hard
capacities, no unmet demand — and lets it find its routes by column
generation (start from the ``K`` free-flow shortest paths of each OD; after
each solve add every OD's shortest path at the congested times; stop when no
new path appears). Both get the same single-class network and the same BPR
function (alpha 0.15, beta 4).

The common yardstick is the DUE relative gap of the link flows,
``(sum x t(x) - sum_od d SP_od(t(x))) / sum x t(x)``, computed by this module
with SciPy's Dijkstra for both. Reported: Corridor's time to its stopping
point and that gap; AequilibraE's time to reach the same gap (its own
``rgap_target``, the same definition); link-flow agreement against
AequilibraE run to a gap of 1e-6. The check stops the run if the two
equilibria differ by more than 1 % of the total link flow.

AequilibraE (``pip install -e '.[aequilibrae]'``; MIT-licensed, but it brings
pandas, geopandas, pyarrow and PyTables) is not in the ``bench`` extra: the
section is skipped with a message when it is not installed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import itertools
import time
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from benchmarks.common import CorrectnessError, Row, Section, log, set_ratios
from corridor.assignment.choice import LogitParameters
from corridor.assignment.equilibrium import EquilibriumSettings, Problem, solve_equilibrium
from corridor.assignment.options import Element

THETA = 1000.0  # per hour: a 0.001 h (3.6 s) difference between two routes moves their odds by e^-1
K = 4
ALPHA, BETA = 0.15, 4.0
AGREEMENT = 0.01


def grid_network(side: int, seed: int) -> dict[str, np.ndarray[Any, Any]]:
    """A side x side grid, both directions, free-flow hours = 1 x U[1, 1.5), capacity U[300, 900) veh/h."""
    rng = np.random.default_rng(seed)
    a, b = [], []
    for r in range(side):
        for c in range(side):
            n = r * side + c
            if c + 1 < side:
                a += [n, n + 1]
                b += [n + 1, n]
            if r + 1 < side:
                a += [n, n + side]
                b += [n + side, n]
    m = len(a)
    return {
        "a": np.asarray(a),
        "b": np.asarray(b),
        "t0": rng.uniform(1.0, 1.5, m),
        "cap": rng.uniform(300.0, 900.0, m),
    }


def demand_matrix(
    side: int, zones: int, total: float, seed: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``zones`` random nodes and a random OD matrix (diagonal zero) summing to ``total``."""
    rng = np.random.default_rng(seed + 1)
    nodes = np.sort(rng.choice(side * side, size=zones, replace=False))
    od = rng.uniform(0.0, 1.0, (zones, zones))
    np.fill_diagonal(od, 0.0)
    return nodes, od * total / od.sum()


def link_times(net: dict[str, np.ndarray[Any, Any]], flows: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    out: np.ndarray[Any, Any] = net["t0"] * (1.0 + ALPHA * (flows / net["cap"]) ** BETA)
    return out


def shortest(
    net: dict[str, np.ndarray[Any, Any]], times: np.ndarray[Any, Any], nodes: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    n = int(max(net["a"].max(), net["b"].max())) + 1
    graph = csr_matrix((times, (net["a"], net["b"])), shape=(n, n))
    dist, pred = dijkstra(graph, indices=nodes, return_predecessors=True)
    return dist, pred


def relative_gap(
    net: dict[str, np.ndarray[Any, Any]],
    flows: np.ndarray[Any, Any],
    nodes: np.ndarray[Any, Any],
    od: np.ndarray[Any, Any],
) -> float:
    """The DUE relative gap of link flows (the definition AequilibraE's ``rgap`` uses)."""
    times = link_times(net, flows)
    dist, _ = shortest(net, times, nodes)
    best = float((od * dist[:, nodes]).sum())
    total = float((flows * times).sum())
    return (total - best) / total


class CorridorDUE:
    """Corridor's solver in the deterministic limit, with its route sets grown by column generation."""

    def __init__(
        self, net: dict[str, np.ndarray[Any, Any]], nodes: np.ndarray[Any, Any], od: np.ndarray[Any, Any]
    ) -> None:
        self.net, self.nodes, self.od = net, nodes, od
        self.index = {(int(a), int(b)): i for i, (a, b) in enumerate(zip(net["a"], net["b"], strict=True))}
        self.pairs = [(i, j) for i in range(len(nodes)) for j in range(len(nodes)) if i != j and od[i, j] > 0]
        graph = nx.DiGraph()
        for (a, b), i in self.index.items():
            graph.add_edge(a, b, w=float(net["t0"][i]))
        self.paths: list[list[tuple[int, ...]]] = []
        for i, j in self.pairs:
            found = nx.shortest_simple_paths(graph, int(nodes[i]), int(nodes[j]), weight="w")
            self.paths.append([tuple(self._links(p)) for p, _ in zip(found, range(K), strict=False)])

    def _links(self, nodes: list[int]) -> list[int]:
        return [self.index[(a, b)] for a, b in itertools.pairwise(nodes)]

    def problem(self) -> Problem:
        alt_row: list[int] = []
        g0: list[float] = []
        inc_alt: list[int] = []
        inc_elem: list[int] = []
        nest_start: list[int] = []
        for k, paths in enumerate(self.paths):
            nest_start.append(len(alt_row))
            for links in paths:
                a = len(alt_row)
                alt_row.append(k)
                g0.append(float(self.net["t0"][list(links)].sum()))
                inc_alt += [a] * len(links)
                inc_elem += list(links)
        m = len(self.net["a"])
        elements = [
            Element(f"link:{i}", "link", str(i), float(self.net["cap"][i]), float(self.net["t0"][i]), "")
            for i in range(m)
        ]
        n = len(alt_row)
        return Problem(
            rows=list(range(len(self.pairs))),
            alt_row=np.asarray(alt_row, dtype=np.int64),
            alt_nest=np.arange(len(self.pairs), dtype=np.int64)[np.asarray(alt_row)],
            alt_corridor=["sea"] * n,
            alt_option=[None] * n,
            g0=np.asarray(g0),
            vot_per_h=np.ones(n),
            nest_start=np.asarray(nest_start, dtype=np.int64),
            nest_row=np.arange(len(self.pairs), dtype=np.int64),
            nest_corridor=["sea"] * len(self.pairs),
            row_nest_start=np.arange(len(self.pairs), dtype=np.int64),
            demand=np.asarray([self.od[i, j] for i, j in self.pairs]),
            elements=elements,
            inc_alt=np.asarray(inc_alt, dtype=np.int64),
            inc_elem=np.asarray(inc_elem, dtype=np.int64),
            capacity=self.net["cap"].astype(float),
            base_h=self.net["t0"].astype(float),
        )

    def solve(self, *, gap_tolerance: float, max_rounds: int = 20) -> tuple[np.ndarray[Any, Any], int, int]:
        """Link flows, column-generation rounds, and the paths in the final route sets."""
        logit = LogitParameters(scale_per_usd=THETA, constants={}, default_nest_scale=1.0)
        settings = EquilibriumSettings(
            bpr_alpha=ALPHA,
            bpr_beta=BETA,
            gap_tolerance=gap_tolerance,
            capacity_tolerance=float("inf"),
            dual_step_usd=0.0,
            unserved_margin_usd_per_teu=None,
            max_iterations=5000,
        )
        loads = np.zeros(len(self.net["a"]))
        rounds = 0
        while rounds < max_rounds:
            rounds += 1
            state = solve_equilibrium(self.problem(), logit, settings)
            loads = state.loads
            _, pred = shortest(self.net, link_times(self.net, loads), self.nodes)
            added = 0
            for k, (i, j) in enumerate(self.pairs):
                path = self._tree_path(pred[i], int(self.nodes[i]), int(self.nodes[j]))
                if path not in self.paths[k]:
                    self.paths[k].append(path)
                    added += 1
            if not added:
                break
        return loads, rounds, sum(len(p) for p in self.paths)

    def _tree_path(self, pred: np.ndarray[Any, Any], origin: int, target: int) -> tuple[int, ...]:
        nodes = [target]
        while nodes[-1] != origin:
            nodes.append(int(pred[nodes[-1]]))
        return tuple(self._links(nodes[::-1]))


def aequilibrae_due(
    net: dict[str, np.ndarray[Any, Any]],
    nodes: np.ndarray[Any, Any],
    od: np.ndarray[Any, Any],
    *,
    rgap: float,
    max_iter: int = 5000,
) -> tuple[np.ndarray[Any, Any], float, int]:
    """AequilibraE's bi-conjugate Frank-Wolfe to ``rgap``: link flows, its final gap, iterations."""
    import pandas as pd
    from aequilibrae.matrix import AequilibraeMatrix
    from aequilibrae.paths import Graph, TrafficAssignment, TrafficClass

    m = len(net["a"])
    graph = Graph()
    graph.network = pd.DataFrame(
        {
            "link_id": np.arange(1, m + 1),
            "a_node": net["a"] + 1,
            "b_node": net["b"] + 1,
            "direction": np.ones(m, dtype=int),
            "free_flow_time": net["t0"],
            "capacity": net["cap"],
        }
    )
    graph.prepare_graph(np.asarray(nodes + 1, dtype=np.int64), remove_dead_ends=False)
    graph.set_graph("free_flow_time")
    graph.set_blocked_centroid_flows(False)
    matrix = AequilibraeMatrix()
    matrix.create_empty(zones=len(nodes), matrix_names=["demand"], memory_only=True)
    matrix.index[:] = nodes + 1
    matrix.matrix["demand"][:, :] = od
    matrix.computational_view(["demand"])
    assignment = TrafficAssignment()
    assignment.set_classes([TrafficClass("car", graph, matrix)])
    assignment.set_vdf("BPR")
    assignment.set_vdf_parameters({"alpha": ALPHA, "beta": BETA})
    assignment.set_capacity_field("capacity")
    assignment.set_time_field("free_flow_time")
    assignment.set_algorithm("bfw")
    assignment.max_iter = max_iter
    assignment.rgap_target = rgap
    assignment.set_cores(1)
    with contextlib.redirect_stderr(io.StringIO()):  # AequilibraE's progress bars, a line per iteration
        assignment.execute(log_specification=False)
    results = assignment.results()
    flows = np.zeros(m)
    flows[results.index.to_numpy() - 1] = results["demand_ab"].to_numpy()
    report = assignment.report()
    return flows, float(report["rgap"].iloc[-1]), int(report["iteration"].iloc[-1])


def run(*, quick: bool) -> Section:
    """One congested grid: Corridor (deterministic limit) against AequilibraE's BFW, same gap."""
    section = Section("assignment", "user equilibrium on a congested grid: Corridor vs AequilibraE (BFW)")
    if importlib.util.find_spec("aequilibrae") is None:
        section.status = "skipped"
        section.message = "skipped: AequilibraE is not installed (pip install aequilibrae)"
        return section
    side, zones = (8, 10) if quick else (10, 16)
    net = grid_network(side, seed=14)
    nodes, od = demand_matrix(side, zones, total=600.0 * zones, seed=14)
    log(f"assignment: grid {side}x{side}, {zones} zones; Corridor in the deterministic limit")
    start = time.perf_counter()
    corridor = CorridorDUE(net, nodes, od)
    flows_c, rounds, paths = corridor.solve(gap_tolerance=1e-4)
    corridor_s = time.perf_counter() - start
    gap_c = relative_gap(net, flows_c, nodes, od)
    log(f"assignment: AequilibraE BFW to Corridor's gap {gap_c:.2e}")
    start = time.perf_counter()
    _, gap_a, iterations = aequilibrae_due(net, nodes, od, rgap=gap_c)
    aeq_s = time.perf_counter() - start
    log("assignment: AequilibraE BFW to 1e-6 (the reference equilibrium)")
    flows_ref, gap_ref, _ = aequilibrae_due(net, nodes, od, rgap=1e-6)
    deviation = float(np.abs(flows_c - flows_ref).sum() / flows_ref.sum())
    busy = flows_ref > 0.05 * flows_ref.max()
    worst = float(np.max(np.abs(flows_c[busy] - flows_ref[busy]) / flows_ref[busy]))
    if deviation > AGREEMENT:
        raise CorrectnessError(
            f"assignment: link flows differ by {deviation:.2%} of the total (> {AGREEMENT:.0%})"
        )
    section.checks.append(
        f"link flows agree with AequilibraE's (gap {gap_ref:.1e}): total absolute deviation {deviation:.3%} "
        f"of the total link flow (limit {AGREEMENT:.0%}); worst link over 5 % of the top flow {worst:.2%}"
    )
    bench = f"DUE grid {side}x{side}, {len(corridor.pairs)} ODs, to gap {gap_c:.1e}"
    main = Row(
        bench,
        "corridor solve_equilibrium (logit, theta 1000/h, column generation)",
        corridor_s * 1e3,
        corridor_s * 1e3,
        1,
        notes=f"{rounds} column-generation rounds, {paths} paths; DUE gap {gap_c:.2e}",
    )
    peer = Row(
        bench,
        "aequilibrae bfw",
        aeq_s * 1e3,
        aeq_s * 1e3,
        1,
        notes=f"{iterations} iterations to rgap {gap_a:.2e}; includes graph and matrix setup",
    )
    set_ratios([main, peer], main)
    section.rows = [main, peer]
    section.facts = {
        "side": side,
        "zones": zones,
        "theta_per_h": THETA,
        "k_initial_paths": K,
        "corridor_gap": gap_c,
        "aequilibrae_gap": gap_a,
        "reference_gap": gap_ref,
        "deviation_share_of_total_flow": deviation,
        "worst_busy_link_deviation": worst,
    }
    return section
