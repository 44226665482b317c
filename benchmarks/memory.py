"""Benchmark: a user network of 10^6 nodes and 4 x 10^6 arcs, memory and single-criterion queries.

A ``side`` x ``side`` rail grid (1,000 x 1,000: 10^6 nodes, 1,998,000
two-way links, 3,996,000 arcs) is written as a Corridor network folder. Two
child processes each read the same CSV files and answer the same fastest-route
queries between random far-apart corners, so that each one's peak resident
memory (``ru_maxrss``) is its own:

- Corridor: ``network_from_csv`` then ``route(..., criteria=("time",))`` (the
  full public call: chain, P50/P90 by convolution, emissions), and the search
  alone (``pareto_paths``) on the same query;
- SciPy: the links read with the ``csv`` module into arrays, a CSR matrix of
  both directions, and ``scipy.sparse.csgraph.dijkstra`` from the origin
  (it has no target, so it settles the whole graph: what a SciPy user gets).

Each link's weight is its mean duration (min + mode + max) / 3, so both must
find the same shortest time (1e-9 relative) before any time is reported.
"""

from __future__ import annotations

import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import CorrectnessError, Row, Section, close, log, set_ratios, timing_row

NAME = "memory"
MANIFEST = """name = "grid"
version = "1"
title = "Generated rail grid for the memory benchmark"
currency_year = 2024
licence = "CC0-1.0"
"""
NODE_HEADER = (
    "node_id,name,alt_names,locode,country,lat,lon,kind,transfer_h_min,transfer_h_mode,transfer_h_max,"
    "transfer_cost_usd_per_teu,transfer_capacity_teu_per_day,pass_h_min,pass_h_mode,pass_h_max,"
    "pass_cost_usd_per_teu,source_ids,note"
)
LINK_HEADER = (
    "link_id,from_node,to_node,mode,gauge_mm,bidirectional,distance_km,duration_h_min,duration_h_mode,"
    "duration_h_max,cost_usd_20,cost_usd_40,capacity_teu_per_day,countries,electric_share,toc_id,reefer,"
    "dg_refused,source_ids,note"
)


def node_id(i: int, j: int) -> str:
    """The id of grid node (i, j)."""
    return f"KZ-G{i}-{j}"


def write_grid(folder: Path, side: int, seed: int = 10) -> None:
    """A ``side`` x ``side`` rail grid: 4-neighbour two-way links of 10 km x U[1, 1.5), at 60 km/h."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "network.toml").write_text(MANIFEST, encoding="utf-8")
    (folder / "sources.csv").write_text(
        "source_id,kind,title,publisher,url,date,note\n"
        "gen,method,Generated grid,Corridor,,,Every figure drawn by benchmarks/memory.py\n",
        encoding="utf-8",
    )
    (folder / "services.csv").write_text(
        "service_id,link_id,name,operator,departures_per_week,capacity_teu_per_departure,dg_refused,source_ids,note\n",
        encoding="utf-8",
    )
    with (folder / "nodes.csv").open("w", encoding="utf-8") as out:
        out.write(NODE_HEADER + "\n")
        for i in range(side):
            out.writelines(
                f"{node_id(i, j)},G {i} {j},,,KZ,{40 + i * 0.01:.4f},{50 + j * 0.01:.4f},rail_terminal,"
                ",,,,,,,,,gen,\n"
                for j in range(side)
            )
    with (folder / "links.csv").open("w", encoding="utf-8") as out:
        out.write(LINK_HEADER + "\n")
        k = 0
        for i in range(side):
            km = 10.0 * (1.0 + rng.random((2, side)) * 0.5)
            for j in range(side):
                for di, dj, d in ((0, 1, km[0, j]), (1, 0, km[1, j])):
                    a, b = i + di, j + dj
                    if a < side and b < side:
                        h = d / 60.0
                        out.write(
                            f"L{k},{node_id(i, j)},{node_id(a, b)},rail,1520,true,{d:.3f},{h * 0.9:.5f},"
                            f"{h:.5f},{h * 1.3:.5f},{d * 0.5:.2f},{d * 0.7:.2f},,KZ,1,,true,,gen,\n"
                        )
                        k += 1


def pairs(side: int, n: int, seed: int = 11) -> list[tuple[str, str]]:
    """``n`` origin-destination pairs from opposite quarters of the grid."""
    rng = np.random.default_rng(seed)
    q = max(side // 4, 1)
    out = []
    for _ in range(n):
        o = (int(rng.integers(0, q)), int(rng.integers(0, q)))
        d = (int(rng.integers(side - q, side)), int(rng.integers(side - q, side)))
        out.append((node_id(*o), node_id(*d)))
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child_corridor(folder: Path, queries: list[tuple[str, str]]) -> dict[str, Any]:
    """Load and query in this process (run as a child: its peak memory is its own)."""
    from corridor.network.io import network_from_csv
    from corridor.routing import Cargo, Constraints, route
    from corridor.routing.graph import routing_graph
    from corridor.routing.search import pareto_paths

    start = time.perf_counter()
    network = network_from_csv(folder)
    load_s = time.perf_counter() - start
    load_mb = _peak_mb()
    results, route_s, search_s = [], [], []
    for k, (o, d) in enumerate(queries):
        t0 = time.perf_counter()
        result = route(network, o, d, criteria=("time",))
        t1 = time.perf_counter()
        graph = routing_graph(network)
        index = graph.node_index
        t2 = time.perf_counter()
        found = pareto_paths(graph, index[o], index[d], Cargo(), Constraints(), ("time",))
        t3 = time.perf_counter()
        if k > 0:  # the first call builds the routing graph (and may compile): reported apart
            route_s.append(t1 - t0)
            search_s.append(t3 - t2)
        else:
            first_s = t1 - t0
        results.append([result.options[0].values["time"], found[0].values["time"]])
    return {
        "load_s": load_s,
        "load_peak_mb": load_mb,
        "first_route_s": first_s,
        "route_s": route_s,
        "search_s": search_s,
        "results": results,
        "peak_mb": _peak_mb(),
    }


def child_scipy(folder: Path, queries: list[tuple[str, str]]) -> dict[str, Any]:
    """The same with the csv module and SciPy's csgraph."""
    import scipy.sparse
    from scipy.sparse.csgraph import dijkstra

    start = time.perf_counter()
    index: dict[str, int] = {}
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            index[row["node_id"]] = len(index)
    tails: list[int] = []
    heads: list[int] = []
    weights: list[float] = []
    with (folder / "links.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            a, b = index[row["from_node"]], index[row["to_node"]]
            w = (
                float(row["duration_h_min"]) + float(row["duration_h_mode"]) + float(row["duration_h_max"])
            ) / 3.0
            tails += (a, b)
            heads += (b, a)
            weights += (w, w)
    n = len(index)
    matrix = scipy.sparse.csr_matrix((np.array(weights), (np.array(tails), np.array(heads))), shape=(n, n))
    del tails, heads, weights
    load_s = time.perf_counter() - start
    load_mb = _peak_mb()
    results, query_s = [], []
    for o, d in queries:
        t0 = time.perf_counter()
        dist = dijkstra(matrix, directed=True, indices=index[o])
        query_s.append(time.perf_counter() - t0)
        results.append(float(dist[index[d]]))
    return {
        "load_s": load_s,
        "load_peak_mb": load_mb,
        "query_s": query_s,
        "results": results,
        "peak_mb": _peak_mb(),
    }


def _run_child(kind: str, folder: Path, queries: list[tuple[str, str]]) -> dict[str, Any]:
    spec = json.dumps({"kind": kind, "folder": str(folder), "queries": queries})
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", spec], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise CorrectnessError(f"the {kind} child failed: {done.stderr.strip()[-2000:]}")
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def run(*, quick: bool) -> Section:
    """The section: both children on the same generated network and queries."""
    # Quick: 170 x 170 has 57,460 links, past the size where a network is kept as columns.
    side, n_queries = (170, 4) if quick else (1000, 6)
    section = Section(NAME, f"{side * side:,}-node rail grid: peak memory and single-criterion queries")
    with tempfile.TemporaryDirectory(prefix="corridor-memory-") as tmp:
        folder = Path(tmp) / "grid"
        log(f"memory: writing a {side} x {side} grid network")
        write_grid(folder, side)
        queries = pairs(side, n_queries)
        log("memory: Corridor child (load, route(), search alone)")
        ours = _run_child("corridor", folder, queries)
        log("memory: SciPy child (csv, CSR, dijkstra)")
        theirs = _run_child("scipy", folder, queries)
    for (via_route, via_search), expected in zip(ours["results"], theirs["results"], strict=True):
        if not (close(via_route, expected, 1e-9) and close(via_search, expected, 1e-9)):
            raise CorrectnessError(
                f"shortest time differs: route() {via_route}, search {via_search}, SciPy {expected}"
            )
    section.checks.append(
        f"{NAME}: route(), the search and SciPy give the same shortest time on {n_queries} pairs"
    )
    route_row = timing_row(
        NAME,
        "corridor route(criteria=('time',)) (full public call)",
        ours["route_s"],
        f"peak RSS {ours['peak_mb']:,.0f} MB (after reading {ours['load_peak_mb']:,.0f} MB); "
        f"read {ours['load_s']:.1f} s; first query {ours['first_route_s']:.1f} s (builds the routing graph)",
    )
    search_row = timing_row(NAME, "corridor pareto_paths(('time',)) (search alone)", ours["search_s"])
    scipy_row: Row = timing_row(
        NAME,
        "scipy csgraph.dijkstra (whole graph from the origin)",
        theirs["query_s"][1:],
        f"peak RSS {theirs['peak_mb']:,.0f} MB (after reading {theirs['load_peak_mb']:,.0f} MB); "
        f"read with csv + CSR {theirs['load_s']:.1f} s",
    )
    section.rows = [route_row, search_row, scipy_row]
    set_ratios(section.rows, route_row)
    section.facts = {
        "nodes": side * side,
        "arcs": 4 * side * (side - 1),
        "corridor_peak_rss_mb": round(ours["peak_mb"]),
        "scipy_peak_rss_mb": round(theirs["peak_mb"]),
        "target": "under 2,048 MB peak; a query no slower than SciPy's",
    }
    return section


if __name__ == "__main__":
    job = json.loads(sys.argv[1])
    worker = child_corridor if job["kind"] == "corridor" else child_scipy
    print(json.dumps(worker(Path(job["folder"]), [tuple(q) for q in job["queries"]])))
