"""The single-criterion kernel against SciPy's Dijkstra on random graphs, compiled and as Python."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse
from scipy.sparse.csgraph import dijkstra

from corridor.routing import kernels


def _random_graph(rng: np.random.Generator, n: int, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR arrays of ``m`` random arcs (parallel arcs and zero weights included) over ``n`` nodes."""
    tail = rng.integers(0, n, m)
    head = rng.integers(0, n, m)
    weight = np.where(rng.random(m) < 0.1, 0.0, rng.random(m) * 10.0)
    order = np.argsort(tail, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail, minlength=n), out=indptr[1:])
    return indptr, head[order].astype(np.int64), weight[order]


@pytest.mark.parametrize("width", [np.int64, np.int32])  # routing passes 32-bit indices
@pytest.mark.parametrize("flavour", ["python", "compiled"])
def test_shortest_path_matches_scipy_from_several_sources_to_several_targets(
    flavour: str, width: type[np.integer]
) -> None:
    run = kernels.PYTHON if flavour == "python" else kernels.compiled()
    assert run is not None
    rng = np.random.default_rng(7)
    for trial in range(60):
        n = int(rng.integers(2, 60))
        indptr, heads, weights = _random_graph(rng, n, int(rng.integers(0, 4 * n)))
        sources = rng.choice(n, size=int(rng.integers(1, 4)), replace=False).astype(np.int64)
        initial = rng.random(sources.size) * 3.0
        targets = rng.choice(n, size=int(rng.integers(1, 3)), replace=False)
        is_target = np.zeros(n, dtype=np.bool_)
        is_target[targets] = True
        # SciPy's oracle: a super-source with arcs of the initial costs (parallel arcs summed by
        # csr_matrix, so each arc is a node of its own: tail -> arc node (weight) -> head (0)).
        m = heads.size
        tails = np.repeat(np.arange(n), np.diff(indptr))
        rows = np.concatenate([tails, n + np.arange(m), np.full(sources.size, n + m)])
        cols = np.concatenate([n + np.arange(m), heads, sources])
        data = np.concatenate([weights, np.zeros(m), initial])
        big = scipy.sparse.coo_matrix((data + 1e-300, (rows, cols)), shape=(n + m + 1,) * 2).tocsr()
        expected = dijkstra(big, directed=True, indices=n + m)[targets].min()

        value, path = run["shortest_path"](
            indptr.astype(width), heads.astype(width), weights, sources, initial, is_target
        )
        if not np.isfinite(expected):
            assert not np.isfinite(value), trial
            assert path.size == 0, trial
            continue
        assert value == pytest.approx(expected, rel=1e-12, abs=1e-12), trial
        # the path is a chain of arcs from a source to a target whose weights add up to the value
        starts = np.searchsorted(indptr, path, side="right") - 1
        node = int(starts[0]) if path.size else None
        if path.size == 0:
            assert any(is_target[s] and initial[i] == pytest.approx(value) for i, s in enumerate(sources))
            continue
        assert node in sources.tolist(), trial
        assert all(heads[a] == b for a, b in zip(path[:-1], starts[1:], strict=True)), trial
        assert is_target[heads[path[-1]]], trial
        first = initial[sources.tolist().index(node)]
        assert first + weights[path].sum() == pytest.approx(value, rel=1e-12, abs=1e-12), trial
