"""The chain convolution: grouped, memoised and shared, it gives what the plain convolution gives."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.convolution import grouped_sum_quantiles, many_grouped_sum_quantiles
from corridor.distributions import Disruption, Distribution, Triangular, Uniform, sum_quantiles


def _groups(rng: np.random.Generator, n: int) -> list[tuple[Distribution, ...]]:
    out: list[tuple[Distribution, ...]] = []
    for _ in range(n):
        group: list[Distribution] = []
        for _ in range(int(rng.integers(0, 4))):
            a, m, b = sorted(rng.uniform(0, 120, 3).round(2))
            kind = rng.random()
            if kind < 0.4:
                group.append(Triangular(a, m, b))
            elif kind < 0.7:
                group.append(Uniform(a, b))
            elif kind < 0.85:
                group.append(Disruption(float(rng.uniform(0, 1)), a, m, b, residual=bool(rng.random() < 0.5)))
            else:
                group.append(Uniform(a, a))  # fixed
        out.append(tuple(group))
    return out


def test_sums_sharing_leading_groups_equal_each_sum_alone_to_the_bit() -> None:
    rng = np.random.default_rng(11)
    for _ in range(10):
        common = _groups(rng, int(rng.integers(0, 6)))
        sums = [common + _groups(rng, int(rng.integers(0, 6))) for _ in range(int(rng.integers(1, 6)))]
        sums.append(list(sums[0]))  # the same sum twice
        together = many_grouped_sum_quantiles(sums, (0.1, 0.5, 0.9))
        assert together == [grouped_sum_quantiles(s, (0.1, 0.5, 0.9)) for s in sums]
        for groups, got in zip(sums, together, strict=True):
            plain = sum_quantiles([d for g in groups for d in g], (0.1, 0.5, 0.9))
            assert got == pytest.approx(plain, abs=1e-9)
