"""Confidence intervals (Student's t) and comparisons (Welch's test), checked against SciPy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from scipy import stats

from corridor.simulation.compare import compare_runs
from corridor.simulation.compiled import Plan
from corridor.simulation.engine import ReplicationResult
from corridor.simulation.run import RunFolder, summarise
from corridor.simulation.stats import mean_ci, t_quantile, t_sf, welch_test

SAMPLES = [
    ([10.2, 11.9, 9.7, 12.4, 10.8], [12.1, 13.0, 14.2, 12.7, 13.9, 15.1, 12.2]),
    ([1.0, 2.0], [1.5, 1.7, 1.9]),
    ([100.0, 130.0, 90.0, 160.0, 120.0, 105.0, 99.0, 140.0, 150.0, 111.0], [101.0, 102.0, 104.0]),
]


@pytest.mark.parametrize("df", [1, 1.5, 2, 3.7, 9, 19, 30, 199, 5000])
@pytest.mark.parametrize("p", [0.5, 0.6, 0.9, 0.95, 0.975, 0.995, 0.9995])
def test_t_quantile_and_tail_match_scipy(df: float, p: float) -> None:
    expected = float(stats.t.ppf(p, df))
    assert t_quantile(p, df) == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert t_quantile(1 - p, df) == pytest.approx(-expected, rel=1e-9, abs=1e-12)
    assert t_sf(expected, df) == pytest.approx(1 - p, rel=1e-9)


@pytest.mark.parametrize(("values", "_"), SAMPLES)
def test_mean_ci_is_the_student_t_interval(values: list[float], _: list[float]) -> None:
    stat = mean_ci(values)
    low, high = stats.t.interval(0.95, len(values) - 1, loc=stats.tmean(values), scale=stats.sem(values))
    assert stat["n"] == len(values)
    assert stat["mean"] == pytest.approx((low + high) / 2)
    assert stat["ci95"] == pytest.approx((high - low) / 2, rel=1e-9)
    # Wider than the normal approximation it replaces: 1.96 understates it with few replications.
    assert stat["ci95"] > 1.96 * stats.sem(values)


@pytest.mark.parametrize(("a", "b"), SAMPLES)
def test_welch_matches_scipy(a: list[float], b: list[float]) -> None:
    result = welch_test(a, b)
    expected = stats.ttest_ind(b, a, equal_var=False)
    low, high = expected.confidence_interval(0.95)
    assert result is not None
    assert result.t == pytest.approx(float(expected.statistic), rel=1e-9)
    assert result.df == pytest.approx(float(expected.df), rel=1e-9)
    assert result.p_value == pytest.approx(float(expected.pvalue), rel=1e-8)
    assert result.delta - result.ci_half_width == pytest.approx(float(low), rel=1e-9)
    assert result.delta + result.ci_half_width == pytest.approx(float(high), rel=1e-9)


def test_welch_needs_two_replications_and_handles_zero_variance() -> None:
    assert welch_test([1.0], [1.0, 2.0]) is None
    same = welch_test([3.0, 3.0], [3.0, 3.0, 3.0])
    assert same is not None
    assert (same.ci_half_width, same.p_value) == (0.0, 1.0)


def _run(values: list[float]) -> RunFolder:
    results = [ReplicationResult(seed=i, stranded_teu=v, co2e_t=1.0) for i, v in enumerate(values)]
    return RunFolder(Path("run"), {"flows": {}, "services": {}}, results)


@pytest.mark.parametrize(("a", "b"), SAMPLES)
def test_compare_runs_uses_welch_and_shows_replications(a: list[float], b: list[float]) -> None:
    row = next(r for r in compare_runs(_run(a), _run(b)) if r["kpi"] == "stranded_teu")
    expected = stats.ttest_ind(b, a, equal_var=False)
    low, high = expected.confidence_interval(0.95)
    assert row["ci95"] == pytest.approx((high - low) / 2, rel=1e-9)
    assert row["p_value"] == pytest.approx(float(expected.pvalue), rel=1e-8)
    assert row["significant"] == (expected.pvalue < 0.05)
    assert (row["n_a"], row["n_b"]) == (len(a), len(b))


def test_summary_intervals_are_student_t_with_replications_shown() -> None:
    values = SAMPLES[0][0]
    plan = Plan("s", dt.date(2024, 1, 1), 240.0, 0.0, (), {}, (), (), {}, "test")
    results = [ReplicationResult(seed=i, stranded_teu=v) for i, v in enumerate(values)]
    stat = summarise(plan, results, seed=0)["stranded_teu"]
    assert stat["n"] == len(values)
    assert stat["ci95"] == pytest.approx(float(stats.t.ppf(0.975, len(values) - 1) * stats.sem(values)))
