"""A route option's headline figures, as the API and CLI print them."""

from __future__ import annotations

import json

import pytest

from corridor.network import Network
from corridor.routing import RouteOption, route


def test_summary_gives_p50_and_p90_in_days_to_the_hundredth(tiny: Network) -> None:
    for option in route(tiny, "Alpha", "Omega").options:
        summary = option.summary()
        for key, hours in (
            ("duration_days_p50", option.duration_h_p50),
            ("duration_days_p90", option.duration_h_p90),
        ):
            days = summary[key]
            assert type(days) is float
            assert days == pytest.approx(hours / 24, abs=0.005)
            assert f"{days:.2f}" == f"{hours / 24:.2f}"
            assert days == round(days, 2)


def test_summary_is_the_chain_s_figures_as_plain_json(tiny: Network) -> None:
    option = route(tiny, "Alpha", "Omega").options[0]
    summary = option.summary()
    assert json.loads(json.dumps(summary)) == summary
    chain = option.chain
    assert summary["duration_h_mean"] == chain.duration_h_mean
    assert summary["cost_usd"] == chain.cost_usd
    assert summary["distance_km"] == chain.distance_km
    assert summary["countries"] == list(chain.countries)
    assert summary["transshipments"] == chain.transshipments
    assert summary["border_crossings"] == chain.border_crossings > 0
    assert summary["generalised_cost_usd"] == option.generalised_cost_usd
    assert option.emissions is not None
    assert summary["co2e_kg"] == option.emissions.wtw_kg > 0


def test_an_option_without_emissions_reports_no_co2e(tiny: Network) -> None:
    planned = route(tiny, "Alpha", "Omega").options[0]
    option = RouteOption(chain=planned.chain, duration_h_p50=50.0, duration_h_p90=61.0)
    summary = option.summary()
    assert summary["co2e_kg"] is None
    assert (summary["duration_days_p50"], summary["duration_days_p90"]) == (2.08, 2.54)
