"""The planner and the twin count disruptions once, from the same parameters, so they agree.

A single shipment's trip through an *unloaded* twin (one TEU every six hours:
no queue at a hub; ships that sail when full fill from the demand outside
the model at the data's typical fill time, as the planner assumes) is sampled over forty simulated years; per
month of departure its P50 and P90 must match the planner's for a departure
in the middle of that month (storms at the Caspian ports as their monthly
closed shares, congestion at the gauge change) within 5% and 10%.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from corridor.network.io import bundled_network
from corridor.routing import RouteQuery, route_query
from corridor.simulation.compiled import compile_plan
from corridor.simulation.engine import Engine
from corridor.simulation.scenario import Scenario

pytestmark = pytest.mark.slow


def _twin_transit_h_by_month(
    origin: str, destination: str, years: int, replications: int
) -> list[list[float]]:
    scenario = Scenario.model_validate(
        {
            "name": "unloaded",
            "start": "2025-01-01",
            "horizon_days": 365 * years,
            "warmup_days": 10,
            "flows": [
                {
                    "name": "one",
                    "origin": origin,
                    "destination": destination,
                    "teu_per_week": 28,
                    "train_teu": 1,
                }
            ],
        }
    )
    plan = compile_plan(scenario)
    by_month: list[list[float]] = [[] for _ in range(12)]
    for seed in range(replications):
        engine = Engine(plan, seed)
        engine.run()
        for transit_h, _fill, _teu, month, _in_window in engine.delivered[0]:
            by_month[month].append(transit_h)
    return by_month


@pytest.mark.parametrize(
    ("origin", "destination"),
    [
        ("CN-XIAN", "GETBS"),  # gauge-change congestion, Kuryk and Alat storms, the Kuryk ferry (fill 56 h)
        ("TMKRW", "GETBS"),  # the Turkmenbashi ferry, sailing when full (fill 168 h)
    ],
)
def test_the_unloaded_twin_gives_the_planners_p50_and_p90_in_every_month(
    origin: str, destination: str
) -> None:
    network = bundled_network()
    query = RouteQuery.build(origin, destination, cargo="1x20", criteria="time")  # as the scenario routes it
    chain = route_query(network, query).options[0].chain
    stops = {e.node_id for e in chain.hubs}
    assert {origin if origin != "CN-XIAN" else "KZ-KURYK", "AZ-ALAT"} <= stops  # storms on both sides
    ferries = [s for leg in chain.legs for s in leg.service_ids if network.services[s].policy == "when_full"]
    assert ferries  # the planner and the twin share the sail-when-full rule
    twin = _twin_transit_h_by_month(origin, destination, years=10, replications=4)
    for month in range(1, 13):
        planner = chain.duration_quantiles_h((0.5, 0.9), depart=dt.date(2025, month, 15))
        sampled = np.quantile(twin[month - 1], [0.5, 0.9])
        assert len(twin[month - 1]) > 3000
        assert sampled[0] == pytest.approx(planner[0], rel=0.05), (month, sampled, planner)
        assert sampled[1] == pytest.approx(planner[1], rel=0.10), (month, sampled, planner)
    # the months differ, so the check has teeth: January's P90 lies well above July's
    assert (
        chain.duration_quantiles_h((0.9,), depart=dt.date(2025, 1, 15))[0]
        > 1.15 * (chain.duration_quantiles_h((0.9,), depart=dt.date(2025, 7, 15))[0])
    )
