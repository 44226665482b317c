"""Probability distributions for uncertain durations.

Routing uses their means; chain statistics (P50, P90) convolve them
numerically (:func:`sum_quantiles`); the simulation samples them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Triangular:
    """Triangular distribution given by minimum, most likely value and maximum."""

    min: float
    mode: float
    max: float

    def __post_init__(self) -> None:
        if not (0 <= self.min <= self.mode <= self.max):
            raise ValueError(
                f"triangular distribution needs 0 <= min <= mode <= max, "
                f"got {self.min}, {self.mode}, {self.max}"
            )

    @property
    def mean(self) -> float:
        """Expected value."""
        return (self.min + self.mode + self.max) / 3.0

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draw ``size`` samples."""
        if self.max == self.min:
            return np.full(size, self.min)
        return rng.triangular(self.min, self.mode, self.max, size)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready description."""
        return {"distribution": "triangular", "min": self.min, "mode": self.mode, "max": self.max}


@dataclass(frozen=True, slots=True)
class Uniform:
    """Uniform distribution between ``low`` and ``high``, e.g. the wait for a sailing."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not (0 <= self.low <= self.high):
            raise ValueError(f"uniform distribution needs 0 <= low <= high, got {self.low}, {self.high}")

    @property
    def mean(self) -> float:
        """Expected value."""
        return (self.low + self.high) / 2.0

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draw ``size`` samples."""
        return rng.uniform(self.low, self.high, size)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready description."""
        return {"distribution": "uniform", "low": self.low, "high": self.high}


Distribution = Triangular | Uniform

#: Longest duration a distribution may describe: ten years, in hours (bounds the convolution grid).
MAX_DURATION_H = 87_600.0


def distribution_from_dict(data: Any) -> Distribution:
    """A distribution from its :meth:`~Triangular.to_dict` form.

    Raises
    ------
    ValueError
        Not a triangular or uniform distribution, parameters out of order, not
        finite, or beyond :data:`MAX_DURATION_H`.

    Examples
    --------
    >>> distribution_from_dict({"distribution": "uniform", "low": 0, "high": 24}).mean
    12.0

    """
    if not isinstance(data, dict):
        raise ValueError("expected a distribution object")
    kind = data.get("distribution")
    try:
        if kind == "triangular":
            values = [float(data["min"]), float(data["mode"]), float(data["max"])]
        elif kind == "uniform":
            values = [float(data["low"]), float(data["high"])]
        else:
            raise ValueError("expected a triangular or uniform distribution")
    except (KeyError, TypeError) as err:
        raise ValueError(f"invalid {kind} distribution: {err}") from err
    if not all(np.isfinite(v) and v <= MAX_DURATION_H for v in values):
        raise ValueError(f"durations must be finite and at most {MAX_DURATION_H:g} h, got {values}")
    if kind == "triangular":
        return Triangular(*values)
    if not 0 <= values[0] <= values[1]:
        raise ValueError(f"uniform distribution needs 0 <= low <= high, got {values}")
    return Uniform(*values)


def sample_sum(components: list[Distribution], *, rng: np.random.Generator, size: int) -> FloatArray:
    """Samples of the sum of independent ``components``."""
    total = np.zeros(size)
    for component in components:
        total += component.sample(rng, size)
    return total


def _fixed_value(component: Distribution) -> float | None:
    """The value of a distribution that has only one (``None`` if it has a spread)."""
    if isinstance(component, Triangular):
        return component.min if component.max == component.min else None
    return component.low if component.high == component.low else None


def _bin_masses(component: Distribution, step_h: float) -> FloatArray:
    """Probability of each bin ``[k step, (k+1) step)``, exactly, from the CDF (``high > low``)."""
    if isinstance(component, Triangular):
        low, high = component.min, component.max
    else:
        low, high = component.low, component.high
    bins = int(np.floor(high / step_h)) + 1
    edges = np.arange(bins + 1) * step_h
    if isinstance(component, Triangular):
        a, c, b = component.min, component.mode, component.max
        x = np.clip(edges, a, b)
        rising = (x - a) ** 2 / ((b - a) * (c - a)) if c > a else np.zeros_like(x)
        falling = 1.0 - (b - x) ** 2 / ((b - a) * (b - c)) if b > c else np.ones_like(x)
        cdf = np.where(x <= c, rising, falling)
    else:
        cdf = np.clip((edges - low) / (high - low), 0.0, 1.0)
    return np.diff(cdf)


@lru_cache(maxsize=8192)
def _support(component: Distribution, step_h: float) -> tuple[int, int]:
    """First bin with mass and number of bins from there (memoised by value).

    The bins below ``floor(low / step)`` hold exactly zero mass, so they are
    left out of the transform and the sum is shifted back by their count.
    """
    low = component.min if isinstance(component, Triangular) else component.low
    first = int(np.floor(low / step_h))
    return first, int(_bin_masses(component, step_h).size) - first


@lru_cache(maxsize=8192)
def _spectrum(component: Distribution, step_h: float, size: int) -> npt.NDArray[np.complex128]:
    """``rfft`` of the bin masses from the first bin with mass, padded to ``size`` (read-only).

    Memoised by value: a route's options share most of their legs and hubs,
    and the requests for a corridor meet the same few dozen distributions,
    so each is transformed once per FFT size instead of once per option.
    """
    first, _ = _support(component, step_h)
    spectrum = np.fft.rfft(_bin_masses(component, step_h)[first:], size)
    spectrum.flags.writeable = False
    return spectrum


def sum_quantiles(
    components: list[Distribution], quantiles: tuple[float, ...], *, step_h: float = 0.25
) -> tuple[float, ...]:
    """Quantiles of the sum of independent ``components``, by numerical convolution.

    Each distribution's exact probability per ``step_h`` bin (from its first
    bin with mass) is convolved (FFT) with the others; values are taken at bin centres and interpolated
    within a bin. Fixed durations (minimum equal to maximum) are added
    exactly instead of being put on the grid. Deterministic, and accurate to
    a small fraction of ``step_h`` per component.

    Examples
    --------
    >>> round(sum_quantiles([Uniform(0, 10), Uniform(0, 10)], (0.5,))[0], 3)
    10.0

    """
    fixed_h = sum(_fixed_value(c) or 0.0 for c in components)
    spread = [c for c in components if _fixed_value(c) is None]
    if not spread:  # fixed durations add exactly, off the grid
        return tuple(fixed_h for _ in quantiles)
    supports = [_support(c, step_h) for c in spread]
    length = sum(n for _, n in supports) - len(spread) + 1
    size = 1 << (length - 1).bit_length()
    spectrum = np.ones(size // 2 + 1, dtype=np.complex128)
    for c in spread:
        spectrum *= _spectrum(c, step_h, size)
    pmf = np.clip(np.fft.irfft(spectrum, size)[:length], 0.0, None)
    cdf = np.cumsum(pmf / pmf.sum())
    offset = 0.5 * len(spread) + sum(first for first, _ in supports)
    ends = [(c.min, c.max) if isinstance(c, Triangular) else (c.low, c.high) for c in spread]
    out = []
    for q in quantiles:
        i = int(np.searchsorted(cdf, q))
        # the ends of the support, exactly: the grid would miss them by up to a bin, and round-off
        # can leave the last CDF entry a hair under a q close to 1 (no bin reaches it)
        if q <= 0.0 or q >= 1.0 or i >= length:
            out.append(fixed_h + sum(end[0] if q <= 0.0 else end[1] for end in ends))
            continue
        below = cdf[i - 1] if i > 0 else 0.0
        fraction = (q - below) / (cdf[i] - below) if cdf[i] > below else 1.0
        # the mass at index i stands for the interval of one step centred on it
        out.append(fixed_h + float((i - 0.5 + fraction + offset) * step_h))
    return tuple(out)
