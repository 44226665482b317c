"""Probability distributions for uncertain durations.

Routing uses their means; chain statistics (P50, P90) sample them.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def sample_sum(components: list[Distribution], *, rng: np.random.Generator, size: int) -> FloatArray:
    """Samples of the sum of independent ``components``."""
    total = np.zeros(size)
    for component in components:
        total += component.sample(rng, size)
    return total
