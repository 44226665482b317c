"""Duration distributions against their textbook definitions (mean, CDF, quantiles)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from corridor.distributions import Distribution, Triangular, Uniform, sample_sum, sum_quantiles


def triangular_quantile(a: float, c: float, b: float, q: float) -> float:
    """Inverse CDF of the triangular distribution (min a, mode c, max b)."""
    if q < (c - a) / (b - a):
        return a + math.sqrt(q * (b - a) * (c - a))
    return b - math.sqrt((1 - q) * (b - a) * (b - c))


@pytest.mark.parametrize(("low", "mode", "high"), [(0, 0, 0), (0, 1, 2), (2, 2, 5), (1, 4, 4), (3, 3, 3)])
def test_valid_triangular_durations_are_accepted(low: float, mode: float, high: float) -> None:
    assert Triangular(low, mode, high).to_dict() == {
        "distribution": "triangular",
        "min": low,
        "mode": mode,
        "max": high,
    }


@pytest.mark.parametrize(("low", "mode", "high"), [(-1, 0, 1), (2, 1, 3), (0, 3, 2), (3, 2, 1)])
def test_triangular_refuses_an_impossible_duration_and_names_its_values(
    low: float, mode: float, high: float
) -> None:
    with pytest.raises(ValueError, match="triangular") as err:
        Triangular(low, mode, high)
    assert f"got {low}, {mode}, {high}" in str(err.value)


@pytest.mark.parametrize(("low", "high"), [(0, 0), (0, 1), (2, 2)])
def test_valid_uniform_durations_are_accepted(low: float, high: float) -> None:
    assert Uniform(low, high).to_dict() == {"distribution": "uniform", "low": low, "high": high}


@pytest.mark.parametrize(("low", "high"), [(-1, 1), (2, 1)])
def test_uniform_refuses_an_impossible_duration_and_names_its_values(low: float, high: float) -> None:
    with pytest.raises(ValueError, match="uniform") as err:
        Uniform(low, high)
    assert f"got {low}, {high}" in str(err.value)


def test_samples_lie_within_bounds_and_average_to_the_mean() -> None:
    rng = np.random.default_rng(16)
    cases: list[tuple[Distribution, float, float]] = [(Triangular(1, 2, 6), 1, 6), (Uniform(2, 8), 2, 8)]
    for dist, low, high in cases:
        draws = dist.sample(rng, 200_000)
        assert draws.shape == (200_000,)
        assert draws.min() >= low
        assert draws.max() <= high
        assert draws.mean() == pytest.approx(dist.mean, abs=0.02)


def test_a_fixed_duration_always_samples_its_value() -> None:
    draws = Triangular(3, 3, 3).sample(np.random.default_rng(1), 5)
    assert draws.tolist() == [3.0] * 5


def test_sampled_sum_is_the_sum_of_the_parts() -> None:
    parts: list[Distribution] = [Triangular(3, 3, 3), Uniform(2, 2), Triangular(1, 2, 6)]
    draws = sample_sum(parts, rng=np.random.default_rng(5), size=100_000)
    assert draws.shape == (100_000,)
    assert draws.min() >= 3 + 2 + 1
    assert draws.mean() == pytest.approx(3 + 2 + 3, abs=0.02)


def test_quantiles_of_nothing_are_zero() -> None:
    assert sum_quantiles([], (0.5, 0.9)) == (0.0, 0.0)


@pytest.mark.parametrize(("low", "high"), [(0, 10), (4, 8), (1.5, 30)])
@pytest.mark.parametrize("q", [0.04, 0.05, 0.1, 0.5, 0.9, 0.95])
def test_quantiles_of_one_uniform_are_exact(low: float, high: float, q: float) -> None:
    (value,) = sum_quantiles([Uniform(low, high)], (q,))
    assert type(value) is float
    assert value == pytest.approx(low + (high - low) * q, abs=1e-9)


@pytest.mark.parametrize(("a", "c", "b"), [(0, 1, 2), (0, 0, 2), (0, 2, 2), (1, 2, 6), (4, 9, 10)])
@pytest.mark.parametrize("q", [0.1, 0.5, 0.9])
def test_quantiles_of_one_triangular_match_its_inverse_cdf(a: float, c: float, b: float, q: float) -> None:
    (value,) = sum_quantiles([Triangular(a, c, b)], (q,))
    assert value == pytest.approx(triangular_quantile(a, c, b, q), abs=0.03)


def test_sum_of_two_uniforms_is_triangular() -> None:
    # U(0, 10) + U(0, 10) is triangular (0, 10, 20)
    p10, p50, p90 = sum_quantiles([Uniform(0, 10), Uniform(0, 10)], (0.1, 0.5, 0.9))
    assert p10 == pytest.approx(triangular_quantile(0, 10, 20, 0.1), abs=0.05)
    assert p50 == pytest.approx(10.0, abs=1e-9)
    assert p90 == pytest.approx(triangular_quantile(0, 10, 20, 0.9), abs=0.05)


def test_a_fixed_duration_shifts_the_quantiles_by_its_value() -> None:
    p50, p90 = sum_quantiles([Triangular(3, 3, 3), Uniform(0, 10)], (0.5, 0.9))
    # within half a 0.25 h bin: the fixed value stands for its bin
    assert p50 == pytest.approx(8.0, abs=0.13)
    assert p90 == pytest.approx(12.0, abs=0.13)
    (fixed,) = sum_quantiles([Uniform(4, 4)], (0.5,))
    assert fixed == pytest.approx(4.0, abs=0.13)


def test_quantiles_of_a_chain_match_a_million_draws() -> None:
    # the last part's mode lies within one 0.25 h bin of its maximum
    parts: list[Distribution] = [
        Triangular(10, 14, 30),
        Uniform(0, 24),
        Triangular(2, 3, 8),
        Triangular(1, 5.9, 6),
    ]
    quantiles = (0.1, 0.5, 0.9)
    draws = sample_sum(parts, rng=np.random.default_rng(2026), size=1_000_000)
    expected = np.quantile(draws, quantiles)
    for got, want in zip(sum_quantiles(parts, quantiles), expected, strict=True):
        assert got == pytest.approx(float(want), abs=0.05)


def test_a_finer_grid_gives_the_same_quantiles() -> None:
    parts: list[Distribution] = [Triangular(10, 14, 30), Uniform(0, 24)]
    coarse = sum_quantiles(parts, (0.5, 0.9))
    fine = sum_quantiles(parts, (0.5, 0.9), step_h=0.05)
    assert coarse == pytest.approx(fine, abs=0.1)
