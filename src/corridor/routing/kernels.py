"""Search kernels over graphs in compressed sparse row (CSR) form.

A graph with ``n`` nodes is ``indptr`` (``n + 1``), ``heads`` and weights; the
arcs leaving node ``u`` are ``indptr[u]:indptr[u + 1]``. The kernels are
written once, in the subset of Python Numba compiles. :func:`compiled` gives
them compiled by Numba (``corridor[fast]``; machine code cached on disk) and
:data:`PYTHON` as plain Python: same answers, slower on large graphs. Numba is
imported only when :func:`compiled` is first called, because importing it and
loading the kernels costs about half a second, more than a whole search on a
graph of a few hundred nodes: :func:`for_graph` lets the first few small
searches of a process run as Python (a one-shot ``corridor route``), and
compiles for large graphs and for every later search.
"""

from __future__ import annotations

import heapq
import time
import types
from collections.abc import Callable
from typing import Any

import numpy as np

# The two plain Dijkstra kernels live beside this module; compiled() compiles them with the rest.
from corridor.routing.dijkstra import bidirectional_dijkstra, multi_source_dijkstra

EPS = 1e-9

#: Searches on graphs up to this many nodes may run as plain Python.
SMALL_GRAPH_NODES = 5_000
#: How many small searches a process runs as Python before it compiles the kernels.
PYTHON_SEARCHES = 3

#: Steps of work (a label taken, an arc tried, a comparison with a solution or a label) the Pareto
#: search does between two looks at the clock: well under a millisecond compiled, about 0.1 s as Python.
CLOCK_EVERY = 20_000
_NEVER = 2**63 - 1

_compiled: dict[str, Any] = {}
_python_searches = [0]


def _now():
    """Seconds on the monotonic clock (:func:`time.monotonic`; compiled, through object mode)."""
    return time.monotonic()


def shortest_path(indptr, heads, weights, sources, initial, is_target):
    """The shortest path from any of ``sources`` (starting at ``initial``) to the nearest target node.

    Dijkstra's algorithm with a 4-ary heap kept in two arrays (lazy deletion:
    a node improved again is pushed again, its older entries skipped), stopping
    when the first target is settled: one criterion needs no lower bounds, so
    no pass over the whole graph. Weights must be non-negative. ``indptr`` and
    ``heads`` may be 32-bit (half the memory traffic on a large graph). Returns
    the distance (``inf`` if no target is reachable) and the arcs of the path
    (CSR positions), in order.
    """
    n = indptr.size - 1
    dist = np.full(n, np.inf)
    # an arc is recorded at every node reached but the sources, so only theirs need setting
    pred = np.empty(n, indptr.dtype)
    cap = 1024 + sources.size
    keys = np.empty(cap)
    items = np.empty(cap, heads.dtype)
    size = 0
    for i in range(sources.size):
        s = sources[i]
        pred[s] = -1
        if initial[i] < dist[s]:
            dist[s] = initial[i]
            keys[size] = initial[i]
            items[size] = s
            size += 1
    by_key = np.argsort(keys[:size])  # a sorted array is a heap
    keys[:size] = keys[:size][by_key]
    items[:size] = items[:size][by_key]
    found = -1
    while size > 0:
        d = keys[0]
        u = items[0]
        size -= 1
        key = keys[size]
        item = items[size]
        i = 0
        while True:  # sift the last entry down from the root, past the least of up to four children
            c = 4 * i + 1
            if c >= size:
                break
            least = c
            least_key = keys[c]
            last = min(c + 4, size)
            for j in range(c + 1, last):
                if keys[j] < least_key:
                    least_key = keys[j]
                    least = j
            if least_key >= key:
                break
            keys[i] = least_key
            items[i] = items[least]
            i = least
        keys[i] = key
        items[i] = item
        if d > dist[u]:
            continue  # a stale entry
        if is_target[u]:
            found = u
            break
        for e in range(indptr[u], indptr[u + 1]):
            v = heads[e]
            nd = d + weights[e]
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = e
                if size == cap:
                    cap *= 2
                    grown_keys = np.empty(cap)
                    grown_keys[:size] = keys[:size]
                    keys = grown_keys
                    grown_items = np.empty(cap, heads.dtype)
                    grown_items[:size] = items[:size]
                    items = grown_items
                i = size
                size += 1
                while i > 0:  # sift up
                    parent = (i - 1) >> 2
                    if keys[parent] <= nd:
                        break
                    keys[i] = keys[parent]
                    items[i] = items[parent]
                    i = parent
                keys[i] = nd
                items[i] = v
    if found < 0:
        return np.inf, np.empty(0, np.int64)
    count = 0
    u = found
    while pred[u] >= 0:
        u = np.searchsorted(indptr, pred[u], side="right") - 1  # the tail of arc pred[u]
        count += 1
    path = np.empty(count, np.int64)
    u = found
    while pred[u] >= 0:
        count -= 1
        path[count] = pred[u]
        u = np.searchsorted(indptr, pred[u], side="right") - 1
    return dist[found], path


def _weakly_dominates(a, b, k):
    for i in range(k):  # noqa: SIM110 - a loop compiles to tighter code in Numba
        if a[i] > b[i] + EPS * (1.0 + abs(b[i])):
            return False
    return True


def pareto_search(
    indptr, heads, costs, sources, initial, is_target, lower, limits, max_labels, max_solutions, stop_at
):
    """Every Pareto-optimal path from ``sources`` to any target node.

    Multi-objective label setting in the manner of NAMOA*: labels are taken in
    lexicographic order of (first criterion, sum of criteria) of their cost
    plus ``lower`` (exact lower bounds to the targets, one column per
    criterion), and a label is dropped as soon as its bound is weakly dominated
    by a solution or by another label at its node, or exceeds ``limits``.

    Solutions are found in increasing order of the first criterion, and each
    is Pareto-optimal when found (one that ties an earlier one's first criterion
    up to rounding and weakly dominates it replaces it), so stopping after
    ``max_solutions`` leaves the ``max_solutions`` Pareto-optimal paths lowest
    in the first criterion.

    Returns ``(g, node, pred, arc, solutions, status)``: the cost, node,
    predecessor label and arc of every label created, the labels that reached
    a target, and 0 if the search finished, 1 if it stopped at ``max_labels``,
    2 if it stopped at ``max_solutions``, 3 if it stopped because the
    monotonic clock (:func:`time.monotonic`) passed ``stop_at`` (``inf``: no
    deadline), which it reads every ``CLOCK_EVERY`` steps of work.
    """
    n = indptr.size - 1
    k = costs.shape[1]
    cap = 1024
    g = np.empty((cap, k))
    node = np.empty(cap, np.int64)
    pred = np.empty(cap, np.int64)
    arc = np.empty(cap, np.int64)
    alive = np.zeros(cap, np.bool_)
    nxt = np.empty(cap, np.int64)
    first = np.full(n, -1, np.int64)
    count = 0
    heap = [(0.0, 0.0, np.int64(0))]
    heap.pop()
    solutions = np.empty(64, np.int64)
    n_solutions = 0
    bound = np.empty(k)
    candidate = np.empty(k)
    status = 0
    work = 0
    next_look = CLOCK_EVERY if stop_at < np.inf else _NEVER

    for i in range(sources.size):
        s = sources[i]
        if not np.isfinite(lower[s, 0]):
            continue
        for j in range(k):
            g[count, j] = initial[i, j]
        node[count] = s
        pred[count] = -1
        arc[count] = -1
        alive[count] = True
        nxt[count] = first[s]
        first[s] = count
        total = 0.0
        for j in range(k):
            total += g[count, j] + lower[s, j]
        heapq.heappush(heap, (g[count, 0] + lower[s, 0], total, np.int64(count)))
        count += 1

    while heap:
        if work >= next_look:
            if _now() > stop_at:
                status = 3
                break
            next_look = work + CLOCK_EVERY
        work += 1 + n_solutions
        _, _, lab = heapq.heappop(heap)
        if not alive[lab]:
            continue
        u = node[lab]
        for j in range(k):
            bound[j] = g[lab, j] + lower[u, j]
        dominated = False
        for si in range(n_solutions):
            if _weakly_dominates(g[solutions[si]], bound, k):
                dominated = True
                break
        if dominated:
            alive[lab] = False
            continue
        if is_target[u]:
            # no solution weakly dominates this one (checked above), but it may weakly dominate one
            # found before it: their first criteria equal up to rounding (the same figures summed in
            # another order), the earlier one taken first by a last bit and worse in another criterion
            kept = 0
            for si in range(n_solutions):
                work += 1
                if not _weakly_dominates(g[lab], g[solutions[si]], k):
                    solutions[kept] = solutions[si]
                    kept += 1
            n_solutions = kept
            if n_solutions == solutions.size:
                solutions = np.concatenate((solutions, np.empty(solutions.size, np.int64)))
            solutions[n_solutions] = lab
            n_solutions += 1
            if n_solutions >= max_solutions:
                status = 2
                break
            continue
        for e in range(indptr[u], indptr[u + 1]):
            work += 1 + n_solutions
            v = heads[e]
            if not np.isfinite(lower[v, 0]):
                continue
            feasible = True
            for j in range(k):
                candidate[j] = g[lab, j] + costs[e, j]
                bound[j] = candidate[j] + lower[v, j]
                if bound[j] > limits[j]:
                    feasible = False
            if not feasible:
                continue
            dominated = False
            for si in range(n_solutions):
                if _weakly_dominates(g[solutions[si]], bound, k):
                    dominated = True
                    break
            if dominated:
                continue
            prev = -1
            cur = first[v]
            while cur != -1:
                work += 1
                following = nxt[cur]
                if alive[cur] and _weakly_dominates(g[cur], candidate, k):
                    dominated = True
                    break
                if not alive[cur] or _weakly_dominates(candidate, g[cur], k):
                    alive[cur] = False
                    if prev == -1:
                        first[v] = following
                    else:
                        nxt[prev] = following
                else:
                    prev = cur
                cur = following
            if dominated:
                continue
            if count == cap:
                if cap >= max_labels:
                    status = 1
                    break
                cap *= 2
                g = np.concatenate((g, np.empty_like(g)))
                node = np.concatenate((node, np.empty_like(node)))
                pred = np.concatenate((pred, np.empty_like(pred)))
                arc = np.concatenate((arc, np.empty_like(arc)))
                alive = np.concatenate((alive, np.zeros_like(alive)))
                nxt = np.concatenate((nxt, np.empty_like(nxt)))
            for j in range(k):
                g[count, j] = candidate[j]
            node[count] = v
            pred[count] = lab
            arc[count] = e
            alive[count] = True
            nxt[count] = first[v]
            first[v] = count
            total = 0.0
            for j in range(k):
                total += bound[j]
            heapq.heappush(heap, (bound[0], total, np.int64(count)))
            count += 1
        if status == 1:
            break
    return g[:count], node[:count], pred[:count], arc[:count], solutions[:n_solutions], status


#: The kernels as plain Python.
PYTHON: dict[str, Callable[..., Any]] = {
    "multi_source_dijkstra": multi_source_dijkstra,
    "bidirectional_dijkstra": bidirectional_dijkstra,
    "shortest_path": shortest_path,
    "pareto_search": pareto_search,
}


def compiled() -> dict[str, Any] | None:
    """The kernels compiled by Numba (loaded from its disk cache when there), or ``None`` without Numba."""
    if not _compiled:
        try:
            import numba as nb  # half a second to import and load: only when a search needs it
        except ImportError:
            return None
        namespace = dict(globals())
        namespace["_weakly_dominates"] = nb.njit(cache=True, inline="always")(_weakly_dominates)
        namespace["_now"] = _compiled_clock(nb)
        for name, fn in PYTHON.items():
            # the same code, seeing the compiled helper: Numba calls only compiled functions
            twin = types.FunctionType(fn.__code__, namespace, fn.__name__, fn.__defaults__, fn.__closure__)
            twin.__qualname__, twin.__doc__ = fn.__qualname__, fn.__doc__
            # without the GIL: a server's other requests go on (in Python) while one searches
            _compiled[name] = nb.njit(cache=True, nogil=True)(twin)
    return _compiled


def _compiled_clock(nb: Any) -> Any:
    """:func:`_now` for compiled code: Numba has no clock, so it calls Python's (about a microsecond)."""

    @nb.njit(cache=True)
    def now():
        with nb.objmode(seconds="float64"):
            seconds = time.monotonic()
        return seconds  # noqa: RET504 - object mode hands values back only through its declared names

    return now


def for_graph(n_nodes: int) -> dict[str, Callable[..., Any]]:
    """The kernels to search a graph of ``n_nodes`` nodes with (see the module's docstring)."""
    if not _compiled and n_nodes <= SMALL_GRAPH_NODES and _python_searches[0] < PYTHON_SEARCHES:
        _python_searches[0] += 1
        return PYTHON
    return compiled() or PYTHON


def warm_up() -> None:
    """Compile the kernels, or load them from Numba's on-disk cache, for the argument types routing uses.

    A server calls this at start-up so that its first request costs no
    compilation; without Numba it does nothing.
    """
    kernels = compiled()
    if kernels is None:
        return
    indptr = np.array([0, 1, 1], dtype=np.int64)
    heads = np.array([1], dtype=np.int64)
    weights = np.ones(1)
    kernels["multi_source_dijkstra"](indptr, heads, weights, np.array([1], dtype=np.int64))
    kernels["bidirectional_dijkstra"](indptr, heads, weights, indptr, heads, weights, 0, 1)
    for width in (np.int64, np.int32):  # routing passes 32-bit indices (see ``search._prepared``)
        kernels["shortest_path"](
            indptr.astype(width),
            heads.astype(width),
            weights,
            np.array([0], dtype=np.int64),
            np.zeros(1),
            np.array([False, True]),
        )
    k = 2
    kernels["pareto_search"](
        indptr,
        heads,
        np.ones((1, k)),
        np.array([0], dtype=np.int64),
        np.zeros((1, k)),
        np.array([False, True]),
        np.zeros((2, k)),
        np.full(k, np.inf),
        1024,
        np.iinfo(np.int64).max,
        np.inf,
    )


def __getattr__(name: str) -> Any:
    """``COMPILED`` (whether Numba is installed) and the compiled kernels by name, on first use."""
    if name == "COMPILED":
        return compiled() is not None
    if name.startswith("compiled_") and name[len("compiled_") :] in PYTHON:
        return (compiled() or PYTHON)[name[len("compiled_") :]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
