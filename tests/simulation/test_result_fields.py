"""A replication's result as a user reads it (issue 16: survivors of the engine's full mutation run).

- the CO2e of a run is the sum over its flows of the TEU delivered in the window times each flow's
  footprint per TEU;
- each flow names the path it took; its transit samples are in days to the thousandth and their
  weights in TEU to the thousandth (what the run folder's tables and plots are drawn from);
- the departure months are numbered 1 to 12.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.simulation.compiled import compile_plan
from corridor.simulation.engine import run_replication
from corridor.simulation.scenario import scenario_from_dict

TINY = Path(__file__).parents[1] / "data" / "tiny"


def _flow(name: str, **more: object) -> dict[str, object]:
    return {
        "name": name,
        "origin": "Alpha",
        "destination": "Omega",
        "teu_per_week": 100,
        "train_teu": 50,
        **more,
    }


def test_co2e_adds_up_every_flows_delivered_teu_times_its_footprint() -> None:
    plan = compile_plan(
        scenario_from_dict(
            {
                "name": "two flows",
                "network": str(TINY),
                "start": "2024-01-01",
                "horizon_days": 90,
                "warmup_days": 10,
                "flows": [_flow("direct"), _flow("avoiding-ru", route={"avoid_countries": ["RU"]})],
            }
        )
    )
    result = run_replication(plan, 11)
    by_flow = [result.flows[f.name]["delivered_teu"] * f.co2e_kg_per_teu / 1000.0 for f in plan.flows]
    assert all(part > 0 for part in by_flow)
    assert result.co2e_t == pytest.approx(sum(by_flow))
    # each flow names the path its plan takes
    assert [result.flows[f.name]["path"] for f in plan.flows] == [f.path for f in plan.flows]
    assert all(f.path for f in plan.flows)


def test_transit_samples_are_days_and_weights_teu_to_the_thousandth_and_months_run_1_to_12() -> None:
    plan = compile_plan(
        scenario_from_dict(
            {
                "name": "one flow",
                "network": str(TINY),
                "start": "2024-01-01",
                "horizon_days": 120,
                "warmup_days": 0,
                "flows": [_flow("alpha-omega", route={"avoid_countries": ["RU"]})],
            }
        )
    )
    flow = run_replication(plan, 12).flows["alpha-omega"]
    samples, weights = flow["transit_samples_days"], flow["transit_weights_teu"]
    assert len(samples) == len(weights) > 0
    assert all(v == round(v, 3) for v in samples + weights)
    assert any(round(v, 2) != v for v in samples)  # not cut to fewer decimals either
    # a lot's transit, from its train's departure, is days long on this network
    assert all(1.0 < s < 200.0 for s in samples)
    months = flow["by_departure_month"]
    assert [row["month"] for row in months] == list(range(1, 13))
    assert sum(row["departed_teu"] for row in months[:4]) == flow["departed_teu"]


def test_cargo_waits_half_the_headway_for_a_timetabled_ship_with_room() -> None:
    """Oracle: lots reaching a port at times unrelated to the timetable wait headway / 2 on average.

    The tiny network's feeder sails twice a week (84 h apart) with 350 TEU a sailing; 100 TEU a
    week never fills it. About 100 lots of 50 TEU in a year: the mean of a uniform wait over
    (0, 84 h) has a standard error of about 84 / sqrt(12 x 100) = 2.4 h; the bound is 3.3 of them.
    """
    plan = compile_plan(
        scenario_from_dict(
            {
                "name": "feeder",
                "network": str(TINY),
                "start": "2024-01-01",
                "horizon_days": 365,
                "warmup_days": 0,
                "flows": [_flow("alpha-omega", route={"avoid_countries": ["RU"]})],
            }
        )
    )
    ((link, service),) = plan.services.items()
    assert (service.policy, service.headway_h) == ("timetable", 84.0)
    wait = run_replication(plan, 3).services[link]["wait_h_mean"]
    assert wait == pytest.approx(84.0 / 2, abs=8.0)
