"""P50/P90 by convolution against closed-form quantiles.

The convolution works on a 0.25 h grid and interpolates within a bin; on
smooth sums it is far closer than one bin, and fixed durations are exact.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from corridor.distributions import (
    Distribution,
    Triangular,
    Uniform,
    fft_size,
    spectrum_quantiles,
    sum_quantiles,
)

#: What the 0.25 h grid allows on these smooth sums (a fifth of a bin).
GRID_TOL_H = 0.05


def triangular_quantile(a: float, c: float, b: float, q: float) -> float:
    """Inverse CDF of the triangular distribution (closed form)."""
    if q < (c - a) / (b - a):
        return a + math.sqrt(q * (b - a) * (c - a))
    return b - math.sqrt((1 - q) * (b - a) * (b - c))


@pytest.mark.parametrize(
    ("components", "expected"),
    [
        # one triangle: its own inverse CDF
        ([Triangular(10, 24, 50)], {q: triangular_quantile(10, 24, 50, q) for q in (0.1, 0.5, 0.9)}),
        # U(0,10) + U(0,10) is the triangle (0, 10, 20)
        ([Uniform(0, 10), Uniform(0, 10)], {q: triangular_quantile(0, 10, 20, q) for q in (0.1, 0.5, 0.9)}),
        # three U(0,8): Irwin-Hall, median 12 by symmetry, P90 where 1 - (3 - x)^3 / 6 = 0.9
        ([Uniform(0, 8)] * 3, {0.5: 12.0, 0.9: 8 * (3 - 0.6 ** (1 / 3))}),
        # a fixed 7 h run, then a wait for a sailing uniform over 84 h
        ([Uniform(0, 84), Triangular(7, 7, 7)], {0.5: 49.0, 0.9: 82.6}),
    ],
)
def test_quantiles_match_closed_forms(components: list[Distribution], expected: dict[float, float]) -> None:
    got = sum_quantiles(components, tuple(expected))
    for (q, want), value in zip(expected.items(), got, strict=True):
        assert value == pytest.approx(want, abs=GRID_TOL_H), q


def test_fixed_durations_add_exactly() -> None:
    """A chain whose every duration is fixed has P50 = P90 = its total, wherever it falls on the grid
    (regression: each fixed duration was put on the grid half a bin high, 20 h gave P50 20.25, P90 20.35)."""
    assert sum_quantiles([Triangular(10, 10, 10), Triangular(10, 10, 10)], (0.5, 0.9)) == (20.0, 20.0)
    assert sum_quantiles([Triangular(10.1, 10.1, 10.1), Uniform(3, 3)], (0.5, 0.9)) == pytest.approx(
        (13.1, 13.1)
    )
    mixed = sum_quantiles([Uniform(0, 10), Triangular(10.1, 10.1, 10.1), Uniform(3, 3)], (0.5, 0.9))
    assert mixed == pytest.approx((5 + 13.1, 9 + 13.1), abs=GRID_TOL_H)
    assert sum_quantiles([], (0.5, 0.9)) == (0.0, 0.0)


def _straightforward_quantiles(
    components: list[Triangular | Uniform], quantiles: tuple[float, ...]
) -> list[float]:
    """The convolution written out plainly: every bin from zero, every transform afresh."""
    step = 0.25
    fixed = sum(c.min if isinstance(c, Triangular) else c.low for c in components if _is_fixed(c))
    spread = [c for c in components if not _is_fixed(c)]
    pmf = np.ones(1)
    for c in spread:
        low, high = (c.min, c.max) if isinstance(c, Triangular) else (c.low, c.high)
        edges = np.arange(int(np.floor(high / step)) + 2) * step
        if isinstance(c, Triangular):
            cdf = np.array([_triangular_cdf(c, x) for x in edges])
        else:
            cdf = np.clip((edges - low) / (high - low), 0.0, 1.0)
        pmf = np.convolve(pmf, np.diff(cdf))
    cdf = np.cumsum(pmf / pmf.sum())
    out = []
    for q in quantiles:
        i = int(np.searchsorted(cdf, q))
        below = cdf[i - 1] if i > 0 else 0.0
        out.append(fixed + (i - 0.5 + (q - below) / (cdf[i] - below) + 0.5 * len(spread)) * step)
    return out


def _is_fixed(c: Triangular | Uniform) -> bool:
    return c.max == c.min if isinstance(c, Triangular) else c.high == c.low


def _triangular_cdf(c: Triangular, x: float) -> float:
    a, m, b = c.min, c.mode, c.max
    x = min(max(x, a), b)
    if x <= m:
        return (x - a) ** 2 / ((b - a) * (m - a)) if m > a else 0.0
    return 1.0 - (b - x) ** 2 / ((b - a) * (b - m))


def test_memoised_trimmed_convolution_equals_the_straightforward_one() -> None:
    """The memoised spectra and the bins left out below each minimum change nothing (to 1e-9 h)."""
    rng = np.random.default_rng(7)
    for _ in range(40):
        components: list[Triangular | Uniform] = []
        for _ in range(int(rng.integers(1, 12))):
            a, m, b = sorted(rng.uniform(0, 200, 3).round(2))
            components.append(Triangular(a, m, b) if rng.random() < 0.6 else Uniform(a, b))
        components.append(components[0])  # a distribution that recurs
        want = _straightforward_quantiles(components, (0.5, 0.9))
        got = sum_quantiles(components, (0.5, 0.9))
        assert got == pytest.approx(want, abs=1e-9)


def test_blocked_cdf_search_equals_the_whole_running_total() -> None:
    """The quantile found block by block is the one the CDF of every bin gives, at every length and q."""

    rng = np.random.default_rng(16)
    for length in (1, 5, 63, 64, 65, 127, 1000, 3001):
        size = fft_size(length)
        masses = rng.gamma(0.5, size=length) * (rng.random(length) < 0.7)
        masses[0] = masses[0] or 1.0
        spectrum = np.fft.rfft(masses, size)
        qs = (0.001, 0.1, 0.5, 0.9, 0.999)
        cdf = np.cumsum(masses / masses.sum())
        want = []
        for q in qs:
            i = int(np.searchsorted(cdf, q))
            below = cdf[i - 1] if i else 0.0
            want.append(100.0 + (i - 0.5 + (q - below) / (cdf[i] - below) + 2.0) * 0.25)
        got = spectrum_quantiles(
            spectrum, size, length, qs, step_h=0.25, shift=2.0, bounds=(0, 1), fixed_h=100.0
        )
        assert got == pytest.approx(want, abs=1e-9), length
