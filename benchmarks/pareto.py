"""Benchmarks 2 and 3: three-criteria Pareto queries, on the bundled network and on a generated one."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

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
from benchmarks.martins import DeadlineError, Problem, Vector, martins, problems_for, same_vectors
from benchmarks.multimodal import make_network, node_id
from corridor.errors import CorridorError
from corridor.network import Network
from corridor.network.io import bundled_network
from corridor.routing import route
from corridor.routing.cargo import Cargo, Constraints
from corridor.routing.costs import arc_costs
from corridor.routing.graph import FloatArray, IntArray, RoutingGraph, routing_graph
from corridor.routing.kernels import compiled_multi_source_dijkstra as multi_source_dijkstra
from corridor.routing.kernels import compiled_pareto_search as pareto_search
from corridor.routing.search import Solution, pareto_paths

CRITERIA = ("time", "cost", "distance")
SET_TOL = 1e-7
ORIGINS = ("Xi'an", "Chongqing", "Lianyungang", "Almaty", "Tashkent", "Shanghai", "Busan", "Tokyo")
PAIR_SEED = 2026
#: Times each pair's route() and search are timed back to back (the least of each is kept).
ROUTE_REPEATS = 5
DESTINATIONS = ("Duisburg", "Hamburg", "Rotterdam", "Warsaw", "Budapest", "Milan", "Constanța")


@dataclass(frozen=True)
class Query:
    """An origin-destination pair: labels as a person would type them, and graph node indices."""

    origin: str
    destination: str
    o: int
    d: int


def _vectors(solutions: Sequence[Solution], criteria: tuple[str, ...] = CRITERIA) -> list[Vector]:
    return [tuple(s.values[c] for c in criteria) for s in solutions]


def _spread(values: Sequence[int]) -> str:
    if not values:
        return "-"
    return f"median {float(np.median(values)):g} (min {min(values)}, max {max(values)})"


def _time_pareto(
    graph: RoutingGraph, queries: Sequence[Query], criteria: tuple[str, ...] = CRITERIA
) -> tuple[list[float], list[list[Solution]]]:
    seconds: list[float] = []
    found: list[list[Solution]] = []
    for q in queries:
        sols, dt = timed(lambda q=q: pareto_paths(graph, q.o, q.d, Cargo(), Constraints(), criteria))  # type: ignore[misc]
        seconds.append(dt)
        found.append(sols)
    return seconds, found


def _first_call(graph: RoutingGraph, q: Query) -> str:
    return first_call_note(
        (pareto_search, multi_source_dijkstra),
        lambda: pareto_paths(graph, q.o, q.d, Cargo(), Constraints(), CRITERIA),
    )


def _baseline(
    section: Section,
    bench: str,
    problems: Sequence[Problem],
    queries: Sequence[Query],
    expected: Sequence[Sequence[Vector]],
    corridor_seconds: Sequence[float],
    budget_s: float,
) -> Row:
    """Run the pure-Python baseline on as many queries as fit in ``budget_s``; check its answers."""
    log(f"{section.name}: pure-Python Martins baseline, budget {budget_s:g}s")
    end = time.perf_counter() + budget_s
    seconds: list[float] = []
    cut: str = ""
    for problem, q, want in zip(problems, queries, expected, strict=True):
        start = time.perf_counter()
        try:
            got = martins(problem, end)
        except DeadlineError:
            elapsed = time.perf_counter() - start
            cut = f"query {len(seconds) + 1} ({q.origin} -> {q.destination}) cut at > {elapsed:.1f} s"
            break
        seconds.append(time.perf_counter() - start)
        if not same_vectors(got, want, SET_TOL):
            raise CorrectnessError(
                f"{bench}: baseline and corridor disagree on {q.origin} -> {q.destination}: "
                f"{len(got)} vs {len(want)} Pareto vectors, e.g. {sorted(got)[:3]} vs {sorted(want)[:3]}"
            )
    done = len(seconds)
    budget = f"{done} of {len(problems)} queries finished in the {budget_s:g} s budget"
    if done:
        section.checks.append(
            f"{bench}: baseline Pareto vectors equal corridor's on {done} queries (rel tol {SET_TOL:g})"
        )
        row = timing_row(bench, "pure-Python Martins label setting (baseline)", seconds)
        ref = timing_row(bench, "corridor on the same queries", corridor_seconds[:done])
        assert row.median_ms is not None
        assert ref.median_ms is not None
        row.ratio = row.median_ms / ref.median_ms
        row.notes = (
            f"no bounds, no target pruning, adjacency built once untimed; {budget}"
            + (f"; {cut}" if cut else "")
            + f"; ratio vs corridor's median on those queries ({ref.median_ms:.1f} ms)"
        )
        return row
    section.checks.append(f"{bench}: baseline finished no query, so no set comparison was made")
    return Row(
        bench,
        "pure-Python Martins label setting (baseline)",
        None,
        None,
        0,
        notes=f"no bounds, no target pruning; {budget}; {cut}",
    )


# --- benchmark 2: the bundled network -------------------------------------------------------


def _pairs(network: Network, graph: RoutingGraph, limit: int) -> tuple[list[Query], list[str], str]:
    """The first ``limit`` named pairs that have a route, the skipped pairs, and the first-call note.

    The origin x destination pairs are taken in a fixed shuffled order, so a
    short run still spreads over all origins.
    """
    candidates = [(o, d) for o in ORIGINS for d in DESTINATIONS]
    order = np.random.default_rng(PAIR_SEED).permutation(len(candidates))
    queries: list[Query] = []
    skipped: list[str] = []
    first = ""
    for origin, destination in (candidates[i] for i in order):
        if len(queries) == limit:
            break
        try:
            o = graph.node_index[network.find_node(origin).node_id]
            d = graph.node_index[network.find_node(destination).node_id]
            if not first:
                first = _first_call(graph, Query(origin, destination, o, d))
            route(network, origin, destination)
        except CorridorError as err:
            skipped.append(f"{origin} -> {destination}: {type(err).__name__}: {err}")
            continue
        queries.append(Query(origin, destination, o, d))
    return queries, skipped, first


def _time_graph(graph: RoutingGraph, usable_time: tuple[IntArray, FloatArray]) -> nx.DiGraph:
    arcs, weight = usable_time
    g = nx.DiGraph()
    g.add_nodes_from(range(graph.n_sub))
    for u, v, w in zip(graph.tail[arcs].tolist(), graph.head[arcs].tolist(), weight.tolist(), strict=True):
        if not g.has_edge(u, v) or g[u][v]["weight"] > w:
            g.add_edge(u, v, weight=w)
    return g


def run_bundled(*, quick: bool) -> Section:
    """Pareto queries between real places on the bundled network."""
    section = Section("bundled", "three-criteria Pareto on the bundled Eurasian network")
    try:
        network, t_load = timed(bundled_network)
    except Exception as err:  # a missing or broken dataset: say so, do not invent one
        section.status = "skipped"
        section.message = f"skipped: bundled network not available ({type(err).__name__}: {err})"
        log(f"bundled: {section.message}")
        return section
    graph = routing_graph(network)
    limit = 5 if quick else 30
    queries, skipped, first = _pairs(network, graph, limit)
    section.facts.update(
        network=f"{network.name} {network.version}",
        nodes=len(network.nodes),
        links=len(network.links),
        expanded_nodes=graph.n_sub,
        arcs=int(graph.tail.size),
        load_s=round(t_load, 3),
        queries=[f"{q.origin} -> {q.destination}" for q in queries],
        skipped_pairs=skipped,
    )
    if not queries:
        section.status = "skipped"
        section.message = "skipped: none of the named pairs has a route in the bundled network"
        return section
    bench = f"pareto bundled ({graph.n_sub} exp. nodes)"
    log(f"bundled: {len(queries)} pairs ({len(skipped)} skipped); timing pareto_paths")
    seconds, found = _time_pareto(graph, queries)
    sizes = [len(s) for s in found]
    main = timing_row(
        bench, "corridor pareto_paths (search only)", seconds, f"Pareto set size {_spread(sizes)}; {first}"
    )
    rows = [main]

    log("bundled: timing route() side by side with the search alone")
    route_seconds: list[float] = []
    ratios: list[float] = []
    per_option: list[float] = []  # what route() adds to the search, per option answered
    repeats = 2 if quick else ROUTE_REPEATS
    for q, sols in zip(queries, found, strict=True):
        # back to back, several times: the least of each is the one least disturbed by other work
        pairs = [
            (
                timed(lambda q=q: route(network, q.origin, q.destination, criteria=CRITERIA)),  # type: ignore[misc]
                timed(lambda q=q: pareto_paths(graph, q.o, q.d, Cargo(), Constraints(), CRITERIA))[1],  # type: ignore[misc]
            )
            for _ in range(repeats)
        ]
        result = pairs[0][0][0]
        dt, alone = min(p[0][1] for p in pairs), min(p[1] for p in pairs)
        route_seconds.append(dt)
        ratios.append(dt / alone)
        per_option.append((dt - alone) / max(len(sols), 1))
        if len(result.options) != len(sols):
            raise CorrectnessError(
                f"route() gives {len(result.options)} options for {q.origin} -> "
                f"{q.destination}, pareto_paths {len(sols)}"
            )
    section.checks.append(f"{bench}: route() returns as many options as pareto_paths on {len(queries)} pairs")
    rows.append(
        timing_row(
            bench,
            "corridor route() (full public call)",
            route_seconds,
            "adds chains, P50/P90 (convolution) and emissions per option; "
            f"median of per-query route()/search ratios, each pair timed back to back {repeats} times "
            f"(least of each; load average {os.getloadavg()[0]:.1f}): "
            f"{float(np.median(ratios)):.1f}x; route() minus search per option, median "
            f"{float(np.median(per_option)) * 1e3:.3f} ms",
        )
    )
    section.facts["route_over_search_median_ratio"] = round(float(np.median(ratios)), 2)
    section.facts["route_minus_search_per_option_median_ms"] = round(float(np.median(per_option)) * 1e3, 4)

    # Single criterion: Corridor's own search against NetworkX on the same expanded graph.
    costs = arc_costs(graph, Cargo(), Constraints(), queries[0].o)
    arcs = np.flatnonzero(costs.usable)
    g = _time_graph(graph, (arcs, costs.columns["time"][arcs]))
    one, one_found = _time_pareto(graph, queries, ("time",))
    nx_seconds: list[float] = []
    for q, sols, single in zip(queries, found, one_found, strict=True):
        origin_time = arc_costs(graph, Cargo(), Constraints(), q.o).origin_cost["time"]
        g.add_weighted_edges_from(("S", int(s), origin_time) for s in graph.subs_of[graph.node_ids[q.o]])
        g.add_weighted_edges_from((int(t), "T", 0.0) for t in graph.subs_of[graph.node_ids[q.d]])
        value, dt = timed(lambda: float(nx.dijkstra_path_length(g, "S", "T", weight="weight")))
        g.remove_nodes_from(("S", "T"))
        nx_seconds.append(dt)
        fastest = min(s.values["time"] for s in sols)
        if not (close(value, fastest, 1e-9) and close(single[0].values["time"], fastest, 1e-9)):
            raise CorrectnessError(
                f"fastest time {q.origin} -> {q.destination}: networkx {value}, "
                f"corridor 3-criteria {fastest}, corridor time-only {single[0].values}"
            )
    section.checks.append(
        f"{bench}: networkx, corridor time-only and the fastest Pareto option agree on "
        f"{len(queries)} pairs (rel tol 1e-9)"
    )
    rows.append(
        timing_row(bench, "corridor pareto_paths(criteria=('time',))", one, "single criterion, for reference")
    )
    rows.append(
        timing_row(
            bench,
            "networkx dijkstra_path_length (time only)",
            nx_seconds,
            "single criterion, same expanded graph (virtual source and sink), for reference",
        )
    )
    problems = problems_for(graph, [(q.o, q.d) for q in queries], Cargo(), CRITERIA)
    rows.append(
        _baseline(
            section, bench, problems, queries, [_vectors(f) for f in found], seconds, 5.0 if quick else 45.0
        )
    )
    set_ratios(rows[:-1], main)
    section.rows = rows
    return section


# --- benchmark 3: the generated multimodal network ------------------------------------------


def run_generated(*, quick: bool, seed: int = 20261102) -> Section:
    """Pareto queries between far-apart places on a generated multimodal network."""
    rows_, cols = (8, 8) if quick else (32, 32)
    n_queries = 6 if quick else 20
    section = Section("generated", f"three-criteria Pareto on a generated {rows_}x{cols} multimodal network")
    log(f"generated: building a {rows_}x{cols} network through build_network")
    network, t_build = timed(lambda: make_network(rows_, cols, seed))
    graph, t_graph = timed(lambda: routing_graph(network))
    modes: dict[str, int] = {}
    for link in network.links.values():
        modes[link.mode] = modes.get(link.mode, 0) + 1
    rng = np.random.default_rng(seed + 1)
    queries: list[Query] = []
    while len(queries) < n_queries:
        a = (int(rng.integers(rows_)), int(rng.integers(cols)))
        b = (int(rng.integers(rows_)), int(rng.integers(cols)))
        if abs(a[0] - b[0]) + abs(a[1] - b[1]) >= max(rows_, cols):
            o, d = node_id(*a), node_id(*b)
            queries.append(Query(o, d, graph.node_index[o], graph.node_index[d]))
    section.facts.update(
        locations=len(network.nodes),
        links=modes,
        services=len(network.services),
        expanded_nodes=graph.n_sub,
        arcs=int(graph.tail.size),
        seed=seed,
        build_network_s=round(t_build, 3),
        routing_graph_s=round(t_graph, 3),
        queries=[f"{q.origin} -> {q.destination}" for q in queries],
        far_apart="grid (manhattan) distance >= the grid's larger side",
    )
    bench = f"pareto generated ({graph.n_sub} exp. nodes)"
    log(f"generated: {len(network.nodes)} locations, {graph.n_sub} expanded nodes; timing pareto_paths")
    first = _first_call(graph, queries[0])
    seconds, found = _time_pareto(graph, queries)
    sizes = [len(s) for s in found]
    section.facts["pareto_set_sizes"] = sizes
    main = timing_row(
        bench, "corridor pareto_paths (search only)", seconds, f"Pareto set size {_spread(sizes)}; {first}"
    )
    problems = problems_for(graph, [(q.o, q.d) for q in queries], Cargo(), CRITERIA)
    baseline = _baseline(
        section, bench, problems, queries, [_vectors(f) for f in found], seconds, 8.0 if quick else 60.0
    )
    main.ratio = 1.0
    section.rows = [main, baseline]
    return section
