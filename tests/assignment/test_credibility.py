"""Credibility: the bundled 2024 run reproduces the observed corridor shares within a stated band.

Observed (westbound 2024, ``demand.toml``): rail = Northern 412,000 TEU (China to
Europe, Grom via Maritime Network) + Middle 56,500 TEU (Kazakh and Azerbaijani
seaports, Astana Times) against 16.58 M TEU by sea (JIFFA, 2023 figure): 2.75 %;
Middle among Northern + Middle: 12.06 %. The band is ±10 % of each share
(relative): the calibration fits the shares at the equilibrium's costs, then
the re-equilibrated flows drift from them by a few percent.
"""

from __future__ import annotations

import pytest

from corridor.assignment import bundled_demand, run_flows

BAND = 0.10


@pytest.mark.slow
def test_bundled_base_year_reproduces_the_observed_shares_within_the_band() -> None:
    demand = bundled_demand()
    result = run_flows(demand)
    fit = result.fit
    assert result.convergence.converged
    assert fit["modelled_rail_share"] == pytest.approx(demand.observed_shares["rail_share"], rel=BAND)
    assert fit["modelled_middle_share_of_rail"] == pytest.approx(
        demand.observed_shares["middle_share_of_rail"], rel=BAND
    )
    for bottleneck in result.bottlenecks:
        assert bottleneck.utilisation <= 1.0 + result.parameters["equilibrium"]["capacity_tolerance"]
