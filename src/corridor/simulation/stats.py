"""Confidence intervals and tests across replications: Student's t and Welch's test.

Replications are few (often 5-30), so a normal approximation (1.96) makes
intervals too narrow; these use Student's t with the right degrees of freedom.
Pure Python (the t distribution through the regularised incomplete beta
function), so SciPy stays an optional dependency; the tests check against it.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

_EPS = 3e-16
_TINY = 1e-300


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with ``df`` degrees of freedom.

    Examples
    --------
    >>> round(t_sf(2.0, 10), 6)
    0.036694

    """
    if df <= 0:
        raise ValueError(f"degrees of freedom must be > 0, got {df}")
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return tail if t >= 0 else 1.0 - tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom.

    Examples
    --------
    >>> round(t_quantile(0.975, 4), 4)
    2.7764

    """
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be in (0, 1), got {p}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    target = 1.0 - p  # upper tail
    lo, hi = 0.0, 1.0
    while t_sf(hi, df) > target:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_sf(mid, df) > target:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


def mean_ci(values: list[float], *, level: float = 0.95) -> dict[str, float | None]:
    """Mean, confidence half-width by Student's t (``n - 1`` df) and the number of replications.

    Examples
    --------
    >>> stat = mean_ci([10.0, 12.0, 11.0, 13.0])
    >>> stat["n"], round(stat["ci95"], 3)
    (4, 2.054)

    """
    values = [v for v in values if v is not None and not math.isnan(v)]
    if not values:
        return {"mean": None, "ci95": None, "n": 0}
    mean = statistics.fmean(values)
    n = len(values)
    half = None
    if n > 1:
        half = t_quantile(0.5 + level / 2.0, n - 1) * statistics.stdev(values) / math.sqrt(n)
    return {"mean": mean, "ci95": half, "n": n}


@dataclass(frozen=True, slots=True)
class WelchResult:
    """Welch's unequal-variance t test of ``mean(b) - mean(a)``."""

    delta: float
    ci_half_width: float
    t: float
    df: float
    p_value: float


def welch_test(a: list[float], b: list[float], *, level: float = 0.95) -> WelchResult | None:
    """Welch's t test and confidence interval for the difference of two means.

    ``None`` when either sample has fewer than two values. When both samples
    have zero variance the difference is exact: the half-width is 0 and the
    p-value 1 if the means are equal, else 0.

    Examples
    --------
    >>> r = welch_test([1.0, 2.0, 3.0, 4.0], [3.0, 4.0, 5.0, 6.0, 7.0])
    >>> round(r.t, 4), round(r.df, 3), round(r.p_value, 4)
    (2.6112, 6.981, 0.0349)

    """
    if len(a) < 2 or len(b) < 2:
        return None
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    delta = statistics.fmean(b) - statistics.fmean(a)
    se2 = va + vb
    if se2 == 0.0:
        t_exact = math.copysign(math.inf, delta) if delta else 0.0
        return WelchResult(delta, 0.0, t_exact, math.inf, float(delta == 0))
    df = se2 * se2 / (va * va / (len(a) - 1) + vb * vb / (len(b) - 1))
    se = math.sqrt(se2)
    t = delta / se
    half = t_quantile(0.5 + level / 2.0, df) * se
    return WelchResult(delta, half, t, df, min(1.0, 2.0 * t_sf(abs(t), df)))


def weighted_quantile(points: Sequence[tuple[float, float]], q: float) -> float | None:
    """The ``q`` quantile of (value, weight) points: the smallest value with at least ``q`` of the weight.

    Examples
    --------
    >>> weighted_quantile([(1.0, 1.0), (2.0, 1.0), (10.0, 2.0)], 0.5)
    2.0
    >>> weighted_quantile([], 0.5) is None
    True

    """
    if not points:
        return None
    ordered = sorted(points)
    total = math.fsum(w for _, w in ordered)
    cumulative = 0.0
    for value, weight in ordered:
        cumulative += weight
        if cumulative >= q * total - 1e-12:
            return value
    return ordered[-1][0]
