"""The ends of a sum's distribution: P0 is the sum of the minima and P100 the sum of the maxima, exactly.

A bug found by mutation testing: the quarter-hour grid put P0 of a sum up to half a bin above its
minimum (0.125 h for two uniforms from 0) and P100 of some sums past the last bin (an IndexError).
"""

from __future__ import annotations

import pytest

from corridor.distributions import Triangular, Uniform, sum_quantiles

SUMS: list[list[Triangular | Uniform]] = [
    [Uniform(0, 10), Uniform(0, 10)],
    [Triangular(2, 4, 6), Uniform(1, 3)],
    [Uniform(0.1, 0.2)],
    [Triangular(20, 24, 28), Triangular(5, 5, 5), Uniform(1.3, 7.9)],
]


def _ends(components: list[Triangular | Uniform]) -> tuple[float, float]:
    low = sum(c.min if isinstance(c, Triangular) else c.low for c in components)
    high = sum(c.max if isinstance(c, Triangular) else c.high for c in components)
    return low, high


@pytest.mark.parametrize("components", SUMS)
def test_p0_and_p100_are_the_sums_of_minima_and_maxima(components: list[Triangular | Uniform]) -> None:
    low, high = _ends(components)
    assert sum_quantiles(components, (0.0, 1.0)) == pytest.approx((low, high), abs=1e-12)


@pytest.mark.parametrize("components", SUMS)
def test_quantiles_next_to_the_ends_are_within_a_bin_per_component_of_them(
    components: list[Triangular | Uniform],
) -> None:
    low, high = _ends(components)
    # the grid's accuracy: a quarter-hour bin per component; 1 - 1e-16 may round past the last bin
    near_low, near_high, nearer_high = sum_quantiles(components, (1e-12, 1 - 1e-12, 1 - 1e-16))
    assert near_low == pytest.approx(low, abs=0.25 * len(components))
    assert near_high == pytest.approx(high, abs=0.25 * len(components))
    assert nearer_high == pytest.approx(high, abs=0.25 * len(components))


@pytest.mark.parametrize("high", [4.1, 8.2, 3.9])
def test_a_uniform_filling_a_power_of_two_plus_one_bins_keeps_its_exact_quantiles(high: float) -> None:
    # Uniform(0, 4.1) spans 17 quarter-hour bins (2^4 + 1): the FFT must be long enough not to wrap
    # the top bin's mass onto the bottom one; a uniform's quantiles are exact on the grid
    assert sum_quantiles([Uniform(0, high)], (0.1, 0.5, 0.9)) == pytest.approx(
        (0.1 * high, 0.5 * high, 0.9 * high), abs=1e-9
    )
