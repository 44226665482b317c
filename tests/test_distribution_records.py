"""Duration distributions as users write and read them: the JSON form, validation messages, sampling.

Oracles: the documented JSON form (``{"distribution": "triangular", "min", "mode", "max"}`` or
``{"distribution": "uniform", "low", "high"}``), the stated bounds (0 <= min <= mode <= max, at most
ten years of hours), and the textbook moments (triangular mean (a + c + b) / 3 and variance
(a² + b² + c² - ab - ac - bc) / 18; uniform mean (a + b) / 2 and variance (b - a)² / 12).
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest

from corridor.distributions import (
    MAX_DURATION_H,
    Triangular,
    Uniform,
    distribution_from_dict,
    sample_sum,
)


def test_the_json_form_round_trips_exactly() -> None:
    triangular = {"distribution": "triangular", "min": 12.0, "mode": 24.0, "max": 72.0}
    uniform = {"distribution": "uniform", "low": 0.0, "high": 84.0}
    assert Triangular(12, 24, 72).to_dict() == triangular
    assert Uniform(0, 84).to_dict() == uniform
    assert distribution_from_dict(triangular) == Triangular(12, 24, 72)
    assert distribution_from_dict(uniform) == Uniform(0, 84)
    assert distribution_from_dict({**uniform, "low": "6", "high": 6}) == Uniform(6, 6)  # text numbers too


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2, 3], "expected a distribution object"),
        ({"distribution": "normal", "mean": 3}, "expected a triangular or uniform distribution"),
        ({"min": 1, "mode": 2, "max": 3}, "expected a triangular or uniform distribution"),
        ({"distribution": "triangular", "min": 1, "max": 3}, "invalid triangular distribution: 'mode'"),
        ({"distribution": "uniform", "low": 1, "high": None}, "invalid uniform distribution: float()"),
        (
            {"distribution": "uniform", "low": 0, "high": math.inf},
            "durations must be finite and at most 87600 h, got [0.0, inf]",
        ),
        (
            {"distribution": "triangular", "min": 0, "mode": 1, "max": MAX_DURATION_H + 1},
            "durations must be finite and at most 87600 h, got [0.0, 1.0, 87601.0]",
        ),
        (
            {"distribution": "uniform", "low": 5, "high": 4},
            "uniform distribution needs 0 <= low <= high, got [5.0, 4.0]",
        ),
        (
            {"distribution": "uniform", "low": -1, "high": 4},
            "uniform distribution needs 0 <= low <= high, got [-1.0, 4.0]",
        ),
        (
            {"distribution": "triangular", "min": 3, "mode": 2, "max": 4},
            "triangular distribution needs 0 <= min <= mode <= max, got 3.0, 2.0, 4.0",
        ),
    ],
)
def test_a_bad_distribution_is_refused_saying_what_is_wrong(data: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as err:
        distribution_from_dict(data)
    assert str(err.value).startswith(message)


def test_the_longest_duration_is_accepted() -> None:
    longest = {"distribution": "uniform", "low": 0, "high": MAX_DURATION_H}
    assert distribution_from_dict(longest) == Uniform(0, 87_600)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Triangular(-1, 0, 1), "triangular distribution needs 0 <= min <= mode <= max, got -1, 0, 1"),
        (lambda: Triangular(0, 2, 1), "triangular distribution needs 0 <= min <= mode <= max, got 0, 2, 1"),
        (lambda: Uniform(-1, 1), "uniform distribution needs 0 <= low <= high, got -1, 1"),
        (lambda: Uniform(2, 1), "uniform distribution needs 0 <= low <= high, got 2, 1"),
    ],
)
def test_parameters_out_of_order_are_refused(make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as err:
        make()
    assert str(err.value) == message


def test_samples_have_the_textbook_moments_and_stay_in_bounds() -> None:
    rng = np.random.default_rng(16)
    n = 200_000
    a, c, b = 10.0, 20.0, 60.0
    tri = Triangular(a, c, b).sample(rng, n)
    assert tri.shape == (n,)
    assert a <= tri.min() <= tri.max() <= b
    assert tri.mean() == pytest.approx((a + b + c) / 3, rel=0.005)
    assert tri.var() == pytest.approx((a * a + b * b + c * c - a * b - a * c - b * c) / 18, rel=0.02)
    uni = Uniform(5, 17).sample(rng, n)
    assert 5 <= uni.min() <= uni.max() <= 17
    assert uni.mean() == pytest.approx(11, rel=0.005)
    assert uni.var() == pytest.approx(12**2 / 12, rel=0.02)
    fixed = Triangular(7, 7, 7).sample(rng, 5)
    assert fixed.tolist() == [7.0] * 5


def test_a_sampled_sum_adds_the_components() -> None:
    rng = np.random.default_rng(7)
    total = sample_sum([Triangular(10, 20, 60), Uniform(5, 17), Triangular(3, 3, 3)], rng=rng, size=100_000)
    assert total.shape == (100_000,)
    assert 18 <= total.min() <= total.max() <= 80
    assert total.mean() == pytest.approx(30 + 11 + 3, rel=0.005)
    assert total.var() == pytest.approx(2100 / 18 + 12, rel=0.03)  # variances add
