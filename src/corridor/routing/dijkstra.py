"""Single-criterion Dijkstra kernels over CSR graphs: from many sources, and bidirectional.

Written in the subset of Python Numba compiles; :mod:`corridor.routing.kernels` compiles them
with its other kernels (its :func:`~corridor.routing.kernels.compiled`) and runs them as plain
Python on small graphs.
"""

from __future__ import annotations

import heapq

import numpy as np


def multi_source_dijkstra(indptr, heads, weights, sources):
    """Distances from the nearest of ``sources`` to every node (``inf`` if unreachable)."""
    n = indptr.size - 1
    dist = np.full(n, np.inf)
    heap = [(0.0, np.int64(0))]
    heap.pop()
    for s in sources:
        dist[s] = 0.0
        heap.append((0.0, np.int64(s)))
    heapq.heapify(heap)
    while heap:
        d, u = heapq.heappop(heap)
        if d > dist[u]:
            continue
        for e in range(indptr[u], indptr[u + 1]):
            v = heads[e]
            nd = d + weights[e]
            if nd < dist[v]:
                dist[v] = nd
                heapq.heappush(heap, (nd, np.int64(v)))
    return dist


def bidirectional_dijkstra(indptr, heads, weights, rindptr, rheads, rweights, source, target):
    """Shortest ``source``-``target`` path, searching from both ends and stopping early.

    ``rindptr``/``rheads``/``rweights`` is the reversed graph. Returns the
    distance (``inf`` if none) and the node sequence.
    """
    n = indptr.size - 1
    df = np.full(n, np.inf)
    db = np.full(n, np.inf)
    pf = np.full(n, -1, np.int64)
    pb = np.full(n, -1, np.int64)
    df[source] = 0.0
    db[target] = 0.0
    hf = [(0.0, np.int64(source))]
    hb = [(0.0, np.int64(target))]
    best = np.inf if source != target else 0.0
    meet = source if source == target else -1
    while hf and hb:
        if hf[0][0] + hb[0][0] >= best:
            break
        if hf[0][0] <= hb[0][0]:
            d, u = heapq.heappop(hf)
            if d > df[u]:
                continue
            for e in range(indptr[u], indptr[u + 1]):
                v = heads[e]
                nd = d + weights[e]
                if nd < df[v]:
                    df[v] = nd
                    pf[v] = u
                    heapq.heappush(hf, (nd, np.int64(v)))
                    if nd + db[v] < best:
                        best = nd + db[v]
                        meet = v
        else:
            d, u = heapq.heappop(hb)
            if d > db[u]:
                continue
            for e in range(rindptr[u], rindptr[u + 1]):
                v = rheads[e]
                nd = d + rweights[e]
                if nd < db[v]:
                    db[v] = nd
                    pb[v] = u
                    heapq.heappush(hb, (nd, np.int64(v)))
                    if nd + df[v] < best:
                        best = nd + df[v]
                        meet = v
    if meet < 0:
        return np.inf, np.empty(0, np.int64)
    count = 1
    u = meet
    while pf[u] >= 0:
        u = pf[u]
        count += 1
    u = meet
    while pb[u] >= 0:
        u = pb[u]
        count += 1
    path = np.empty(count, np.int64)
    u = meet
    i = 0
    while u >= 0:
        path[i] = u
        u = pf[u]
        i += 1
    path[:i] = path[:i][::-1]
    u = pb[meet]
    while u >= 0:
        path[i] = u
        u = pb[u]
        i += 1
    return best, path
