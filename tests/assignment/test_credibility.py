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


# --- Scenarios: direction and order of magnitude of what 2022 and 2024 saw ------------------------
#
# "Order of magnitude" is a factor of ten either way around the observed relative change.
# Russia closed vs 2024: the Middle Corridor grew +33 % in TEU in 2022 (World Bank) while transit
# through Russia fell by half in 2023 (410.6k to 211.1k TEU, index1520); its Caspian crossing could
# take 100,000-120,000 TEU a year (EBRD), far less than the 412k TEU of the Northern route, so most
# of the Northern containers must go to sea. Red Sea closed vs 2024: China-Europe rail through Russia
# went from 211.1k TEU (2023) to ~412k (2024), about x2, so the rail share roughly doubled.
MC_GROWTH_2022 = 0.33
RAIL_GROWTH_2024 = 1.0


def _west(result: object) -> dict[str, float]:
    return dict(result.corridor_teu["westbound"])  # type: ignore[attr-defined]


@pytest.mark.slow
def test_russia_closed_moves_shares_the_way_2022_did() -> None:
    from corridor.assignment.scenarios import run_scenario_flows

    base = _west(run_scenario_flows("baseline-2024").result)
    closed = _west(run_scenario_flows("russia-closed").result)
    assert closed["northern"] == 0.0
    growth = closed["middle"] / base["middle"] - 1.0
    assert MC_GROWTH_2022 / 10 <= growth <= MC_GROWTH_2022 * 10
    displaced = base["northern"]
    assert closed["sea"] - base["sea"] > 0.5 * displaced  # most of it goes to sea
    assert closed["middle"] - base["middle"] < 120_000  # no more than the Caspian could take (EBRD)


@pytest.mark.slow
def test_red_sea_closed_moves_freight_from_sea_to_rail_as_2024_did() -> None:
    from corridor.assignment.scenarios import run_scenario_flows

    base = _west(run_scenario_flows("baseline-2024").result)
    closed = _west(run_scenario_flows("red-sea-closed").result)

    def rail_share(teu: dict[str, float]) -> float:
        rail = teu["northern"] + teu["middle"] + teu["southern"]
        return rail / (rail + teu["sea"])

    growth = rail_share(closed) / rail_share(base) - 1.0
    assert closed["sea"] < base["sea"]
    assert closed["middle"] >= base["middle"]
    assert RAIL_GROWTH_2024 / 10 <= growth <= RAIL_GROWTH_2024 * 10
