"""Without Numba (no ``corridor[fast]``) the search runs the same kernels as Python, with the same answers."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import numpy as np
import pytest

from corridor import bundled_network, route
from corridor.routing import Constraints, kernels
from corridor.routing.io import result_to_dict

QUERY = """
import json, sys
sys.modules["numba"] = None  # as if corridor[fast] were not installed
from corridor import bundled_network, route
from corridor.routing import Constraints, kernels
from corridor.routing.io import result_to_dict
assert not kernels.COMPILED
network = bundled_network()
result = route(network, "Xi'an", "Duisburg", constraints=Constraints(avoid_countries=frozenset({"RU", "BY"})))
print(json.dumps(result_to_dict(network, result)))
"""


def test_kernels_are_compiled_when_numba_is_installed() -> None:
    assert kernels.COMPILED
    assert hasattr(kernels.compiled_pareto_search, "py_func")


def test_search_without_numba_gives_the_compiled_answer() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", QUERY], capture_output=True, text=True, check=False, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    network = bundled_network()
    compiled = route(
        network, "Xi'an", "Duisburg", constraints=Constraints(avoid_countries=frozenset({"RU", "BY"}))
    )
    expected = result_to_dict(network, compiled)
    fallback = json.loads(proc.stdout)
    assert fallback["options"] == expected["options"]
    assert len(fallback["options"]) >= 2


@pytest.mark.slow
def test_a_one_shot_route_on_a_small_network_needs_no_numba() -> None:
    """The first searches of a process on a small graph run as Python: `corridor route` neither imports
    Numba nor loads its kernels (about half a second); later searches use the compiled kernels."""
    code = """
import sys
from corridor import bundled_network, route
from corridor.routing import kernels
network = bundled_network()
route(network, "Xi'an", "Duisburg")
assert "numba" not in sys.modules, "numba imported by the first route"
for _ in range(kernels.PYTHON_SEARCHES):
    route(network, "Xi'an", "Duisburg")
assert "numba" in sys.modules, "later searches should compile"
"""
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=600
    )
    assert proc.returncode == 0, proc.stderr


def ladder_graph(stages: int) -> dict[str, np.ndarray]:
    """Nodes 0..stages, two arcs per stage costing (2^k, 0) and (0, 2^k): all 2^stages paths optimal."""
    indptr = np.concatenate(([0], np.arange(2, 2 * stages + 1, 2), [2 * stages])).astype(np.int64)
    heads = np.repeat(np.arange(1, stages + 1, dtype=np.int64), 2)
    weights = np.array([[(2.0**k, 0.0), (0.0, 2.0**k)][i] for k in range(stages) for i in (0, 1)])
    is_target = np.zeros(stages + 1, np.bool_)
    is_target[stages] = True
    return {"indptr": indptr, "heads": heads, "costs": weights, "is_target": is_target}


def ladder_search(run: dict[str, Any], stages: int, stop_at: float) -> tuple[int, int, float]:
    """The kernel on the ladder: its status, its solutions and its seconds."""
    g = ladder_graph(stages)
    start = time.perf_counter()
    _, _, _, _, solutions, status = run["pareto_search"](
        g["indptr"],
        g["heads"],
        g["costs"],
        np.array([0], np.int64),
        np.zeros((1, 2)),
        g["is_target"],
        np.zeros((stages + 1, 2)),  # zero lower bounds: exact enough, and never prune
        np.full(2, np.inf),
        np.iinfo(np.int64).max,
        np.iinfo(np.int64).max,
        stop_at,
    )
    return int(status), int(solutions.size), time.perf_counter() - start


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "python"])
def test_the_pareto_kernel_stops_at_its_deadline(compiled: bool) -> None:
    """Issue 10: the compiled search ignored the deadline (a 70 s search against a 15 s budget). On a
    ladder whose 2^k paths are all Pareto-optimal, a small ladder is searched whole without a deadline,
    and a large one (2^20 paths, minutes of work) stops within a second of a 0.2 s budget, saying why."""
    run = kernels.compiled() if compiled else kernels.PYTHON
    assert run is not None
    status, found, _ = ladder_search(run, 6, np.inf)
    assert (status, found) == (0, 2**6)
    status, found, seconds = ladder_search(run, 20, time.monotonic() + 0.2)
    assert status == 3
    assert 0 < found < 2**20
    assert seconds < 1.5


@pytest.mark.parametrize("compiled", [False, True])
def test_a_solution_tied_by_rounding_does_not_keep_the_one_it_dominates(compiled: bool) -> None:
    """Two paths to the target whose times are equal but for the last bit of their sums.

    Path A sums 0.1 + 0.2 + 0.3 (0.6000000000000001) and then a last arc of 0, at cost 1;
    path B sums 0.3 + 0.2 + 0.1 (0.6) at cost 2. B reaches the target and is taken as a
    solution before A's last arc is tried; A then weakly dominates it, so only A is Pareto-optimal.
    """
    run = kernels.compiled() if compiled else kernels.PYTHON
    assert run is not None
    # arcs (sorted by tail): 0->1, 0->3, 1->2, 2->6, 3->4, 4->5, 6->5; the target is node 5
    tails = np.array([0, 0, 1, 2, 3, 4, 6])
    heads = np.array([1, 3, 2, 6, 4, 5, 5], dtype=np.int64)
    costs = np.array([[0.1, 0.5], [0.3, 1.0], [0.2, 0.25], [0.3, 0.25], [0.2, 0.5], [0.1, 0.5], [0.0, 0.0]])
    indptr = np.zeros(8, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=7), out=indptr[1:])
    is_target = np.zeros(7, dtype=np.bool_)
    is_target[5] = True
    g, _, _, _, solutions, status = run["pareto_search"](
        indptr,
        heads,
        costs,
        np.array([0], dtype=np.int64),
        np.zeros((1, 2)),
        is_target,
        np.zeros((7, 2)),  # zero is a lower bound of every cost
        np.full(2, np.inf),
        1024,
        np.iinfo(np.int64).max,
        np.inf,
    )
    assert status == 0
    assert [tuple(g[s]) for s in solutions] == [((0.1 + 0.2) + 0.3, 1.0)]
