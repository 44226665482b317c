"""Disruptions as waits: the planner's form of a storm closure or a congestion episode.

Checked against a million independent draws (the convolution oracle) and
against the closed-form mean of a length-biased residual; the annual mix
weights the months by their days.
"""

from __future__ import annotations

import numpy as np
import pytest

from corridor.distributions import (
    Disruption,
    Seasonal,
    Triangular,
    Uniform,
    distribution_from_dict,
    sample_sum,
    sum_quantiles,
)

KURYK = (0.32, 0.18, 0.10, 0.07, 0.07, 0.03, 0.03, 0.03, 0.05, 0.10, 0.50, 0.50)


@pytest.mark.parametrize(
    "components",
    [
        [Disruption(0.3, 24, 72, 168)],
        [Disruption(0.3, 24, 72, 168, residual=False), Triangular(10, 20, 30)],
        [Seasonal("kuryk", KURYK, 24, 72, 168), Uniform(0, 56), Triangular(20, 21, 24)],
        [
            Disruption(0.9, 24, 72, 168),
            Disruption(0.5, 1, 2, 3),
            Disruption(0.04, 168, 240, 360, residual=False),
        ],
    ],
)
def test_convolution_matches_a_million_draws(
    components: list[Disruption | Seasonal | Triangular | Uniform],
) -> None:
    draws = sample_sum(components, rng=np.random.default_rng(3), size=1_000_000)
    quantiles = (0.5, 0.9, 0.95)
    assert sum_quantiles(components, quantiles) == pytest.approx(np.quantile(draws, quantiles), abs=0.6)
    assert sum(c.mean for c in components) == pytest.approx(draws.mean(), rel=0.01)


def test_a_closure_wait_is_the_rest_of_a_length_biased_episode() -> None:
    """Arriving at a random time while closed, the cargo waits E[L^2] / (2 E[L]) on average."""
    fixed = Disruption(1.0, 48, 48, 48)  # every episode 48 h: the rest is uniform on [0, 48]
    assert fixed.mean == pytest.approx(24.0)
    assert sum_quantiles([fixed], (0.5,))[0] == pytest.approx(24.0, abs=0.25)
    spread = Disruption(0.25, 24, 72, 168)
    lengths = np.random.default_rng(1).triangular(24, 72, 168, 2_000_000)
    assert spread.mean == pytest.approx(0.25 * (lengths**2).mean() / (2 * lengths.mean()), rel=0.005)
    assert Disruption(0.0, 24, 72, 168).mean == 0.0
    assert sum_quantiles([Disruption(0.0, 24, 72, 168), Triangular(1, 2, 3)], (0.5,)) == sum_quantiles(
        [Triangular(1, 2, 3)], (0.5,)
    )


def test_a_month_is_its_own_share_and_the_year_weights_months_by_days() -> None:
    storms = Seasonal("kuryk", KURYK, 24, 72, 168)
    assert storms.month(1) == Disruption(0.32, 24, 72, 168)
    assert storms.month(12).chance == 0.50
    days = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    assert storms.annual().chance == pytest.approx(sum(c * d for c, d in zip(KURYK, days, strict=True)) / 365)
    assert storms.mean == storms.annual().mean
    january, july = (sum_quantiles([storms.month(m)], (0.9,))[0] for m in (1, 7))
    assert january > 50 > july == pytest.approx(0.0, abs=0.25)


def test_disruptions_round_trip_through_their_json_form() -> None:
    for d in (Disruption(0.2, 1, 2, 3, residual=False), Seasonal("x", KURYK, 24, 72, 168)):
        assert distribution_from_dict(d.to_dict()) == d
    with pytest.raises(ValueError, match="12 monthly chances"):
        distribution_from_dict({"distribution": "seasonal", "chance": [0.1], "min": 1, "mode": 2, "max": 3})
    with pytest.raises(ValueError, match=r"chance must lie in \[0, 1\]"):
        Disruption(1.5, 1, 2, 3)
