"""Traffic assignment: Corridor's equilibrium solver against AequilibraE on the same congested network.

AequilibraE solves the deterministic user equilibrium (DUE) with link-based
algorithms (bi-conjugate Frank-Wolfe here). Corridor solves the same problem
with its supported DUE setting, ``EquilibriumSettings(choice="due")``:
path-based gradient projection over route sets grown by column generation
(:func:`corridor.assignment.network_due.solve_network_due`: start from each
OD's free-flow shortest path, add each OD's shortest path at the congested
times until the gap is reached). Both get the same single-class network and
the same BPR function (alpha 0.15, beta 4).

The common yardstick is the DUE relative gap of the link flows,
``(sum x t(x) - sum_od d SP_od(t(x))) / sum x t(x)``
(:func:`corridor.assignment.network_due.network_relative_gap`, SciPy's
Dijkstra), computed for both. Reported: Corridor's time to its stopping
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
import time
from typing import Any

import numpy as np

from benchmarks.common import CorrectnessError, Row, Section, log, set_ratios
from corridor.assignment.equilibrium import EquilibriumSettings
from corridor.assignment.network_due import LinkNetwork, network_relative_gap, solve_network_due

ALPHA, BETA = 0.15, 4.0
AGREEMENT = 0.01


def grid_network(side: int, seed: int) -> LinkNetwork:
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
    return LinkNetwork(
        a=np.asarray(a),
        b=np.asarray(b),
        free_flow_h=rng.uniform(1.0, 1.5, m),
        capacity=rng.uniform(300.0, 900.0, m),
    )


def demand_matrix(
    side: int, zones: int, total: float, seed: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``zones`` random nodes and a random OD matrix (diagonal zero) summing to ``total``."""
    rng = np.random.default_rng(seed + 1)
    nodes = np.sort(rng.choice(side * side, size=zones, replace=False))
    od = rng.uniform(0.0, 1.0, (zones, zones))
    np.fill_diagonal(od, 0.0)
    return nodes, od * total / od.sum()


def aequilibrae_due(
    net: LinkNetwork,
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

    m = net.a.size
    graph = Graph()
    graph.network = pd.DataFrame(
        {
            "link_id": np.arange(1, m + 1),
            "a_node": net.a + 1,
            "b_node": net.b + 1,
            "direction": np.ones(m, dtype=int),
            "free_flow_time": net.free_flow_h,
            "capacity": net.capacity,
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
    """One congested grid: Corridor's DUE (choice="due") against AequilibraE's BFW, same gap."""
    section = Section("assignment", "user equilibrium on a congested grid: Corridor vs AequilibraE (BFW)")
    if importlib.util.find_spec("aequilibrae") is None:
        section.status = "skipped"
        section.message = "skipped: AequilibraE is not installed (pip install aequilibrae)"
        return section
    side, zones = (8, 10) if quick else (10, 16)
    net = grid_network(side, seed=14)
    nodes, od = demand_matrix(side, zones, total=600.0 * zones, seed=14)
    log(f"assignment: grid {side}x{side}, {zones} zones; Corridor's DUE (choice='due', column generation)")
    settings = EquilibriumSettings(bpr_alpha=ALPHA, bpr_beta=BETA, gap_tolerance=1e-5, choice="due")
    start = time.perf_counter()
    corridor = solve_network_due(net, nodes, od, settings)
    corridor_s = time.perf_counter() - start
    flows_c, rounds, paths = corridor.flows, corridor.rounds, corridor.n_paths
    gap_c = network_relative_gap(net, flows_c, nodes, od, settings)
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
        "corridor solve_network_due (choice='due', gradient projection, column generation)",
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
        "corridor_gap": gap_c,
        "aequilibrae_gap": gap_a,
        "reference_gap": gap_ref,
        "deviation_share_of_total_flow": deviation,
        "worst_busy_link_deviation": worst,
    }
    return section
