"""Probability distributions for uncertain durations.

Routing uses their means; chain statistics (P50, P90) convolve them
numerically (:func:`sum_quantiles`); the simulation samples them.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
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


@dataclass(frozen=True, slots=True)
class Disruption:
    """The wait a disruption process adds at a node, for one month or the annual mix.

    With probability ``1 - chance`` there is no wait. Otherwise, for a
    ``closure`` (a port closed by a storm: ``residual=True``) the cargo waits
    for the rest of the episode it arrived in: an arrival at a random time
    falls in an episode with probability proportional to its length, and
    waits a uniform share of it, so the wait has density ``P(L > r) / E[L]``
    for an episode length ``L ~ Triangular(min, mode, max)``. For a ``delay``
    (a congestion episode, a border queue: ``residual=False``) the wait is
    the whole triangular length.
    """

    chance: float
    min: float
    mode: float
    max: float
    residual: bool = True

    def __post_init__(self) -> None:
        if not 0 <= self.chance <= 1:
            raise ValueError(f"a disruption's chance must lie in [0, 1], got {self.chance}")
        Triangular(self.min, self.mode, self.max)  # checks the order

    @property
    def episode(self) -> Triangular:
        """The length of one episode (hours)."""
        return Triangular(self.min, self.mode, self.max)

    @property
    def mean(self) -> float:
        """Expected wait."""
        a, c, b = self.min, self.mode, self.max
        if not self.residual:
            return self.chance * (a + b + c) / 3.0
        second = (a * a + b * b + c * c + a * b + a * c + b * c) / 6.0
        mean_length = (a + b + c) / 3.0
        return self.chance * second / (2.0 * mean_length) if mean_length > 0 else 0.0

    def cdf(self, x: FloatArray) -> FloatArray:
        """Probability that the wait is at most ``x`` hours (``x >= 0``)."""
        a, c, b = self.min, self.mode, self.max
        if not self.residual:
            return (1.0 - self.chance) + self.chance * _triangular_cdf(x, a, c, b)
        mean_length = (a + b + c) / 3.0
        if mean_length <= 0:
            return np.ones_like(x)
        r = np.clip(x, 0.0, b)
        # integral from 0 to r of the episode's survival function, piece by piece
        up = (c - a) * (b - a)
        down = (b - c) * (b - a)
        at_c = c - ((c - a) ** 3 / (3.0 * up) if up > 0 else 0.0)
        rising = a + (r - a) - ((r - a) ** 3 / (3.0 * up) if up > 0 else 0.0)
        falling = at_c + (((b - c) ** 3 - (b - r) ** 3) / (3.0 * down) if down > 0 else 0.0)
        integral = np.where(r <= a, r, np.where(r <= c, rising, falling))
        return (1.0 - self.chance) + self.chance * np.clip(integral / mean_length, 0.0, 1.0)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draw ``size`` samples."""
        hit = rng.random(size) < self.chance
        out = np.zeros(size)
        n = int(hit.sum())
        if n == 0:
            return out
        if self.max == self.min:
            lengths = np.full(n, self.min)
        elif not self.residual:
            lengths = rng.triangular(self.min, self.mode, self.max, n)
        else:  # length-biased episodes, by rejection (accept a length L with probability L / max)
            chosen: list[FloatArray] = []
            count = 0
            while count < n:
                draw = rng.triangular(self.min, self.mode, self.max, 2 * n + 16)
                keep = draw[rng.random(draw.size) * self.max < draw]
                chosen.append(keep)
                count += keep.size
            lengths = np.concatenate(chosen)[:n]
        out[hit] = lengths * rng.random(n) if self.residual else lengths
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready description."""
        return {
            "distribution": "disruption",
            "chance": self.chance,
            "min": self.min,
            "mode": self.mode,
            "max": self.max,
            "residual": self.residual,
        }


@dataclass(frozen=True, slots=True)
class Seasonal:
    """A disruption process at a node whose chance changes by calendar month.

    ``chance[m]`` is month ``m``'s (January first): the share of the time the
    node is closed (``residual``) or the share of cargo delayed. :meth:`month`
    gives one month's wait, :meth:`annual` the mix over the year (months
    weighted by their days); the mean, samples and convolution of a
    ``Seasonal`` are the annual mix's.
    """

    process: str
    chance: tuple[float, ...]
    min: float
    mode: float
    max: float
    residual: bool = True

    def __post_init__(self) -> None:
        if len(self.chance) != 12:
            raise ValueError(f"a seasonal disruption needs 12 monthly chances, got {len(self.chance)}")
        for value in self.chance:
            Disruption(value, self.min, self.mode, self.max, self.residual)

    def month(self, month: int) -> Disruption:
        """The wait for cargo at the node in ``month`` (1-12)."""
        return _month_wait(self, month)

    def annual(self) -> Disruption:
        """The wait for cargo at the node on a day drawn from the whole year."""
        return _annual_wait(self)

    @property
    def mean(self) -> float:
        """Expected wait over the year."""
        return self.annual().mean

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draw ``size`` samples of the annual mix."""
        return self.annual().sample(rng, size)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready description."""
        return {
            "distribution": "seasonal",
            "process": self.process,
            "chance": list(self.chance),
            "min": self.min,
            "mode": self.mode,
            "max": self.max,
            "residual": self.residual,
        }


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@lru_cache(maxsize=4096)
def _month_wait(seasonal: Seasonal, month: int) -> Disruption:
    """One month's wait, made once per process and month (plans ask for it per option)."""
    s = seasonal
    return Disruption(s.chance[month - 1], s.min, s.mode, s.max, s.residual)


@lru_cache(maxsize=1024)
def _annual_wait(seasonal: Seasonal) -> Disruption:
    """The annual mix (months weighted by their days), made once per process."""
    s = seasonal
    share = sum(c * d for c, d in zip(s.chance, _MONTH_DAYS, strict=True)) / 365.0
    return Disruption(share, s.min, s.mode, s.max, s.residual)


Distribution = Triangular | Uniform | Disruption | Seasonal


def _triangular_cdf(x: FloatArray, a: float, c: float, b: float) -> FloatArray:
    if b == a:
        return np.where(x >= a, 1.0, 0.0)
    x = np.clip(x, a, b)
    rising = (x - a) ** 2 / ((b - a) * (c - a)) if c > a else np.zeros_like(x)
    falling = 1.0 - (b - x) ** 2 / ((b - a) * (b - c)) if b > c else np.ones_like(x)
    return np.where(x <= c, rising, falling)


def resolved(component: Distribution, month: int | None = None) -> Distribution:
    """``component`` for ``month`` (1-12), or for the annual mix when ``month`` is ``None``.

    Only a :class:`Seasonal` changes; every other distribution is the same in every month.
    """
    if isinstance(component, Seasonal):
        return component.annual() if month is None else component.month(month)
    return component


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
    if kind in ("disruption", "seasonal"):
        return _disruption_from_dict(data)
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


def _disruption_from_dict(data: dict[str, Any]) -> Distribution:
    kind = data.get("distribution")
    try:
        values = [float(data["min"]), float(data["mode"]), float(data["max"])]
        residual = bool(data.get("residual", True))
        if kind == "seasonal":
            chances = tuple(float(c) for c in data["chance"])
            if not all(np.isfinite(v) and v <= MAX_DURATION_H for v in values):
                raise ValueError(f"durations must be finite and at most {MAX_DURATION_H:g} h, got {values}")
            return Seasonal(str(data.get("process", "")), chances, values[0], values[1], values[2], residual)
        chance = float(data["chance"])
    except (KeyError, TypeError) as err:
        raise ValueError(f"invalid {kind} distribution: {err}") from err
    if not all(np.isfinite(v) and v <= MAX_DURATION_H for v in values):
        raise ValueError(f"durations must be finite and at most {MAX_DURATION_H:g} h, got {values}")
    return Disruption(chance, values[0], values[1], values[2], residual)


def sample_sum(components: list[Distribution], *, rng: np.random.Generator, size: int) -> FloatArray:
    """Samples of the sum of independent ``components``."""
    total = np.zeros(size)
    for component in components:
        total += component.sample(rng, size)
    return total


@lru_cache(maxsize=8192)
def _fixed_value(component: Distribution) -> float | None:
    """The value of a distribution that has only one (``None`` if it has a spread)."""
    if isinstance(component, Seasonal):
        component = component.annual()
    if isinstance(component, Disruption):
        if component.chance == 0 or component.max == 0:
            return 0.0
        if not component.residual and component.chance == 1 and component.max == component.min:
            return component.min
        return None
    if isinstance(component, Triangular):
        return component.min if component.max == component.min else None
    return component.low if component.high == component.low else None


def _bin_masses(component: Distribution, step_h: float) -> FloatArray:
    """Probability of each bin ``[k step, (k+1) step)``, exactly, from the CDF (``high > low``)."""
    if isinstance(component, Seasonal):
        component = component.annual()
    if isinstance(component, Disruption):
        grid: FloatArray = np.arange(int(np.floor(component.max / step_h)) + 2, dtype=np.float64) * step_h
        at_edges = component.cdf(grid)
        at_edges[0] = 0.0  # the mass at zero (no disruption) falls in the first bin
        return np.diff(at_edges)
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
def _range(component: Distribution) -> tuple[float, float]:
    """The least and the greatest value ``component`` can take."""
    if isinstance(component, Seasonal):
        component = component.annual()
    if isinstance(component, Disruption):
        low = component.min if (component.chance == 1 and not component.residual) else 0.0
        return low, component.max
    if isinstance(component, Triangular):
        return component.min, component.max
    return component.low, component.high


@lru_cache(maxsize=8192)
def _support(component: Distribution, step_h: float) -> tuple[int, int]:
    """First bin with mass and number of bins from there (memoised by value).

    The bins below ``floor(low / step)`` hold exactly zero mass, so they are
    left out of the transform and the sum is shifted back by their count.
    """
    first = int(np.floor(_range(component)[0] / step_h))
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
    components: Sequence[Distribution], quantiles: tuple[float, ...], *, step_h: float = 0.25
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
    components = [resolved(c) for c in components]
    fixed_h = sum(_fixed_value(c) or 0.0 for c in components)
    spread = [c for c in components if _fixed_value(c) is None]
    if not spread:  # fixed durations add exactly, off the grid
        return tuple(fixed_h for _ in quantiles)
    supports = [_support(c, step_h) for c in spread]
    length = sum(n for _, n in supports) - len(spread) + 1
    size = fft_size(length)
    spectrum = np.ones(size // 2 + 1, dtype=np.complex128)
    for c in spread:
        spectrum *= _spectrum(c, step_h, size)
    ends = [_range(c) for c in spread]
    shift = 0.5 * len(spread) + sum(first for first, _ in supports)
    low, high = sum(end[0] for end in ends), sum(end[1] for end in ends)
    return spectrum_quantiles(
        spectrum, size, length, quantiles, step_h=step_h, shift=shift, bounds=(low, high), fixed_h=fixed_h
    )


def fft_size(length: int) -> int:
    """Points of the transform for ``length`` bins: the least 2^k or 3 x 2^k (fast, and few to memoise)."""
    size = 1 << (length - 1).bit_length()
    return 3 * size // 4 if 3 * size // 4 >= length else size


_BLOCK = 64  #: bins summed together when a sum's CDF is searched for a quantile


def spectrum_quantiles(
    spectrum: npt.NDArray[np.complex128],
    size: int,
    length: int,
    quantiles: tuple[float, ...],
    *,
    step_h: float,
    shift: float,
    bounds: tuple[float, float],
    fixed_h: float,
) -> tuple[float, ...]:
    """Quantiles of a sum from the ``rfft`` of its bins on ``size`` points.

    The sum has ``length`` bins, the first ``shift`` bins from zero (bin centres), its least and
    greatest values are ``bounds``, and ``fixed_h`` is added to all.
    """
    # the CDF by blocks of bins, then bin by bin in the quantile's block (all bins: 1.5x the FFT's time)
    padded = -(-length // _BLOCK) * _BLOCK
    pmf = np.fft.irfft(spectrum, size)
    pmf = pmf[:padded] if padded <= size else np.concatenate((pmf, np.zeros(padded - size)))
    pmf[length:] = 0.0
    np.maximum(pmf, 0.0, out=pmf)
    running = pmf.reshape(-1, _BLOCK).sum(axis=1).cumsum()
    total = float(running[-1])
    out = []
    blocks = np.searchsorted(running, np.asarray(quantiles) * total).tolist()
    for q, block in zip(quantiles, blocks, strict=True):
        start = block * _BLOCK
        before = float(running[block - 1]) if block else 0.0
        cdf = ((before + pmf[start : start + _BLOCK].cumsum()) / total).tolist() if start < length else []
        j = bisect.bisect_left(cdf, q)
        # the ends of the support, exactly: the grid would miss them by up to a bin, and round-off
        # can leave the last CDF entry a hair under a q close to 1 (no bin reaches it)
        if q <= 0.0 or q >= 1.0 or start + j >= length:
            out.append(fixed_h + (bounds[0] if q <= 0.0 else bounds[1]))
            continue
        j = min(j, len(cdf) - 1)  # round-off in the block sums may leave the block a hair short
        below = cdf[j - 1] if j else before / total
        fraction = (q - below) / (cdf[j] - below) if cdf[j] > below else 1.0
        # the mass at a bin stands for the interval of one step centred on it
        out.append(fixed_h + (start + j - 0.5 + fraction + shift) * step_h)
    return tuple(out)
