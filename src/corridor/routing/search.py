"""Turn a routing question into arrays, search them, and map the answer back.

Criteria are per-arc cost columns computed from the network and the cargo
(:mod:`corridor.routing.costs`); constraints are arc masks, or extra layers of
the graph where a route must *do* something (pass a node, use a mode).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from corridor.emissions.factors import FactorDataset
from corridor.errors import ConstraintError, SearchLimitError
from corridor.routing import kernels
from corridor.routing.cargo import Cargo, Constraints
from corridor.routing.costs import TRANSSHIPMENTS, arc_costs
from corridor.routing.graph import BoolArray, FloatArray, IntArray, RoutingGraph
from corridor.routing.limits import Deadline
from corridor.vocabulary import CRITERIA, MODES

_NONE = np.empty(0, dtype=np.int64)
#: Graphs with fewer arcs and nodes than this give the shortest-path kernel 32-bit indices.
_INT32_LIMIT = 2**31 - 1
#: CSR positions or node numbers, 64-bit or (for the shortest-path kernel) 32-bit.
Indices = npt.NDArray[np.int64] | npt.NDArray[np.int32]


@dataclass(frozen=True)
class Layered:
    """The expanded graph copied into layers that track what a route has done."""

    tail: IntArray
    head: IntArray
    arc: IntArray
    n_nodes: int
    sources: IntArray
    targets: IntArray


def layered_graph(
    graph: RoutingGraph, usable: BoolArray, origin: int, destination: int, constraints: Constraints
) -> Layered:
    """Copies of the graph per state (via nodes reached so far, required modes used)."""
    via = [graph.node_index[v] for v in constraints.via_nodes]
    required = [MODES.index(m) for m in constraints.require_modes]
    n_flags = 1 << len(required)
    n_layers = (len(via) + 1) * n_flags
    n = graph.n_sub
    arcs = np.flatnonzero(usable)
    sources = graph.subs_of.get(graph.node_ids[origin], _NONE)
    targets = graph.subs_of.get(graph.node_ids[destination], _NONE)
    if n_layers == 1:  # nothing to track: the usable arcs themselves
        return Layered(graph.tail[arcs], graph.head[arcs], arcs, n, sources, targets)
    tail0, head0 = graph.tail[arcs], graph.head[arcs]
    arc_node = graph.arc_node[arcs]
    link = graph.link[arcs]
    mode = np.where(link >= 0, graph.link_mode[np.where(link >= 0, link, 0)], -1)
    mode_bits = np.zeros(arcs.size, dtype=np.int64)
    for j, code in enumerate(required):
        mode_bits |= np.where(mode == code, 1 << j, 0)
    tails, heads, origs = [], [], []
    for reached in range(len(via) + 1):
        advance = (arc_node == via[reached]) & (link >= 0) if reached < len(via) else None
        for flags in range(n_flags):
            layer = reached * n_flags + flags
            next_flags = flags | mode_bits
            next_reached = reached + (advance.astype(np.int64) if advance is not None else 0)
            tails.append(tail0 + layer * n)
            heads.append(head0 + (next_reached * n_flags + next_flags) * n)
            origs.append(arcs)
    final = len(via) * n_flags + (n_flags - 1)
    return Layered(
        tail=np.concatenate(tails),
        head=np.concatenate(heads),
        arc=np.concatenate(origs),
        n_nodes=n * n_layers,
        sources=sources,
        targets=targets + final * n,
    )


def _indptr(tail: IntArray, n: int) -> IntArray:
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail, minlength=n), out=indptr[1:])
    return indptr


def _csr(tail: IntArray, head: IntArray, n: int) -> tuple[IntArray, IntArray, IntArray]:
    order = np.argsort(tail, kind="stable")
    return _indptr(tail, n), head[order], order


@dataclass(frozen=True)
class Solution:
    """One Pareto-optimal path: its criteria and its arcs in the expanded graph."""

    values: dict[str, float]
    arcs: list[int]


def pareto_paths(
    graph: RoutingGraph,
    origin: int,
    destination: int,
    cargo: Cargo,
    constraints: Constraints,
    criteria: tuple[str, ...],
    *,
    factors: FactorDataset | None = None,
    max_labels: int = 4_000_000,
) -> list[Solution]:
    """All Pareto-optimal paths under ``criteria`` (empty if none is feasible).

    ``factors`` is needed for the ``co2e`` criterion.
    """
    return search_paths(
        graph, origin, destination, cargo, constraints, criteria, factors=factors, max_labels=max_labels
    ).solutions


@dataclass(frozen=True)
class ParetoPaths:
    """Pareto-optimal paths and whether the search stopped at its ``max_solutions``."""

    solutions: list[Solution]
    truncated: bool


@dataclass(frozen=True)
class Prepared:
    """What a search needs that depends only on the cargo, constraints and criteria, not on the endpoints.

    ``weights`` are in CSR order; ``rweights[j]`` is criterion ``j`` in the
    reversed graph's order (for the lower bounds).
    """

    n_nodes: int
    final_layer: int
    indptr: Indices
    heads: Indices
    weights: FloatArray
    rindptr: IntArray
    rheads: IntArray
    rweights: list[FloatArray]
    arc_of_csr: IntArray


def _prepared(
    graph: RoutingGraph,
    cargo: Cargo,
    constraints: Constraints,
    dims: tuple[str, ...],
    factors: FactorDataset | None,
) -> Prepared:
    """The search's arrays for these cargo, constraints and criteria; the last one is kept on the graph.

    One entry only: on a large network the arrays are hundreds of megabytes, and
    the common case (many endpoints, one cargo and set of rules) needs only one.
    """
    key = ("prepared", cargo, constraints, dims, None if factors is None else (factors.name, id(factors)))
    held = graph.prepared.get(key)
    if isinstance(held, Prepared):
        return held
    # the last search's arrays go first: a network of millions of arcs holds one set at a time
    graph.prepared.clear()
    costs = arc_costs(graph, cargo, constraints, 0, factors=factors, criteria=dims)
    layered = layered_graph(graph, costs.usable, 0, 0, constraints)
    n = layered.n_nodes
    single = len(dims) == 1  # a shortest path: no lower bounds, so no reversed graph
    rindptr, rheads, rweights = _NONE, _NONE, []
    if n == graph.n_sub:  # one layer: its arcs are the graph's, already sorted by tail
        indptr, heads, arc_of_csr = _indptr(layered.tail, n), layered.head, layered.arc
        columns = [costs.columns[d][arc_of_csr] for d in dims]
        if not single:
            position = np.cumsum(costs.usable) - 1
            by_head = graph.arcs_by_head
            rorder = position[by_head[costs.usable[by_head]]]
            rindptr, rheads = _indptr(layered.head, n), layered.tail[rorder]
            rweights = [np.ascontiguousarray(column[rorder]) for column in columns]
    else:
        indptr, heads, order = _csr(layered.tail, layered.head, n)
        arc_of_csr = layered.arc[order]
        columns = [costs.columns[d][arc_of_csr] for d in dims]
        if not single:
            rindptr, rheads, rorder = _csr(layered.head, layered.tail, n)
            rweights = [np.ascontiguousarray(costs.columns[d][layered.arc[rorder]]) for d in dims]
    del costs, layered
    # the shortest-path kernel reads 32-bit indices: half the memory traffic
    if single and max(heads.size, n) < _INT32_LIMIT:
        indptr, heads = indptr.astype(np.int32), heads.astype(np.int32)
    weights = columns[0][:, None] if single else np.column_stack(columns)
    del columns
    n_flags = 1 << len(constraints.require_modes)
    prepared = Prepared(
        n_nodes=n,
        final_layer=len(constraints.via_nodes) * n_flags + (n_flags - 1),
        indptr=indptr,
        heads=heads,
        weights=weights,
        rindptr=rindptr,
        rheads=rheads,
        rweights=rweights,
        arc_of_csr=arc_of_csr,
    )
    graph.prepared[key] = prepared
    return prepared


def origin_costs(graph: RoutingGraph, cargo: Cargo, origin: int) -> dict[str, float]:
    """What a route pays at its origin before its first arc: the node's pass dwell and fees."""
    nt = graph.node_table
    return {
        "time": float(nt["pass_h_mean"][origin]),
        "cost": float(cargo.teu) * float(nt["pass_cost_usd_per_teu"][origin]),
        "distance": 0.0,
        "co2e": 0.0,
        TRANSSHIPMENTS: 0.0,
    }


def search_paths(
    graph: RoutingGraph,
    origin: int,
    destination: int,
    cargo: Cargo,
    constraints: Constraints,
    criteria: tuple[str, ...],
    *,
    factors: FactorDataset | None = None,
    max_labels: int = 4_000_000,
    max_solutions: int | None = None,
    deadline: Deadline | None = None,
) -> ParetoPaths:
    """Pareto-optimal paths, at most ``max_solutions`` (those lowest in the first criterion).

    Raises
    ------
    SearchLimitError
        The search needs more than ``max_labels`` labels, or ``deadline`` passed.

    """
    for name in criteria:
        if name not in CRITERIA:
            raise ConstraintError(f"unknown criterion {name!r}; expected one of {', '.join(CRITERIA)}")
    dims = list(criteria)
    if constraints.max_transshipments is not None:
        dims.append(TRANSSHIPMENTS)
    if "co2e" in criteria and factors is None:
        raise ConstraintError("the co2e criterion needs an emission factor dataset")
    prepared = _prepared(graph, cargo, constraints, tuple(dims), factors if "co2e" in criteria else None)
    sources = graph.subs_of.get(graph.node_ids[origin], _NONE)
    targets = graph.subs_of.get(graph.node_ids[destination], _NONE) + prepared.final_layer * graph.n_sub
    run = kernels.for_graph(prepared.n_nodes)
    origin_cost = origin_costs(graph, cargo, origin)
    if len(dims) == 1:
        return _shortest(prepared, run, sources, targets, origin_cost[dims[0]], dims[0], deadline)
    lower = np.column_stack(
        [
            run["multi_source_dijkstra"](prepared.rindptr, prepared.rheads, prepared.rweights[j], targets)
            for j in range(len(dims))
        ]
    )
    if deadline is not None:
        deadline.check("before the Pareto search")
    limits = np.full(len(dims), np.inf)
    if constraints.max_transshipments is not None:
        limits[-1] = constraints.max_transshipments + 0.5
    is_target = np.zeros(prepared.n_nodes, dtype=np.bool_)
    is_target[targets] = True
    initial = np.tile([origin_cost[d] for d in dims], (sources.size, 1))
    g, _, pred, arc, solutions, status = run["pareto_search"](
        prepared.indptr,
        prepared.heads,
        prepared.weights,
        sources,
        initial,
        is_target,
        lower,
        limits,
        max_labels,
        max_solutions if max_solutions is not None else np.iinfo(np.int64).max,
        np.inf if deadline is None or deadline.at is None else deadline.at,
    )
    if status == 3 and deadline is not None:  # the kernel stops on the clock only when given one
        deadline.expired("during the Pareto search")
    if status == 1:
        raise SearchLimitError(
            f"the search created more than {max_labels} labels; use fewer criteria, fewer via nodes "
            "or more constraints"
        )
    if deadline is not None:
        deadline.check("after the Pareto search")
    arc_of_csr = prepared.arc_of_csr
    out: list[Solution] = []
    for lab in solutions:
        arcs: list[int] = []
        cur = int(lab)
        while arc[cur] >= 0:
            arcs.append(int(arc_of_csr[arc[cur]]))
            cur = int(pred[cur])
        arcs.reverse()
        out.append(Solution({d: float(g[lab, j]) for j, d in enumerate(dims)}, arcs))
    if len(dims) == len(criteria):
        # the kernel keeps no solution another weakly dominates (each is Pareto-optimal when found)
        return ParetoPaths(out, truncated=status == 2)
    return ParetoPaths(_nondominated(out, criteria), truncated=status == 2)


def _shortest(
    prepared: Prepared,
    run: dict[str, Any],
    sources: IntArray,
    targets: IntArray,
    start: float,
    criterion: str,
    deadline: Deadline | None,
) -> ParetoPaths:
    """One criterion: the Pareto set is one shortest path, found by a Dijkstra that stops at the target.

    The same layered graph and arc mask as the Pareto search, so every
    constraint holds alike; ties within 1e-9 may pick another path of equal value.
    """
    if deadline is not None:
        deadline.check("before the search")
    is_target = np.zeros(prepared.indptr.size - 1, dtype=np.bool_)
    is_target[targets] = True
    value, path = run["shortest_path"](
        prepared.indptr,
        prepared.heads,
        prepared.weights[:, 0],
        sources,
        np.full(sources.size, start),
        is_target,
    )
    if deadline is not None:
        deadline.check("after the search")
    if not np.isfinite(value):
        return ParetoPaths([], truncated=False)
    arcs = prepared.arc_of_csr[path].tolist()
    return ParetoPaths([Solution({criterion: float(value)}, arcs)], truncated=False)


def _nondominated(solutions: list[Solution], criteria: tuple[str, ...]) -> list[Solution]:
    """Drop solutions dominated on ``criteria`` (needed when an extra dimension was searched)."""
    keep: list[Solution] = []
    for s in solutions:
        a = [s.values[c] for c in criteria]
        dominated = False
        for t in solutions:
            b = [t.values[c] for c in criteria]
            if t is not s and all(y <= x for x, y in zip(a, b, strict=True)) and b != a:
                dominated = True
                break
        if not dominated and not any([k.values[c] for c in criteria] == a for k in keep):
            keep.append(s)
    return keep
