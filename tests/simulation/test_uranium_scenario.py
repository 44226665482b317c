"""The uranium-under-sanctions scenario is routed under the class 7 rules: Aktau ferry, Poti charter."""

from __future__ import annotations

import pytest

from corridor import bundled_network
from corridor.errors import ScenarioError
from corridor.simulation.compiled import Sailing, compile_plan
from corridor.simulation.scenario import load_scenario, scenario_from_dict, scenario_path


def test_the_uranium_flow_takes_the_sourced_route_and_no_refused_service() -> None:
    plan = compile_plan(load_scenario(scenario_path("uranium-sanctions")))
    (flow,) = plan.flows
    sailings = [s.link_id for s in flow.steps if isinstance(s, Sailing)]
    # Energy Intelligence 2022: rail ferries from Aktau; World Nuclear News 2022: a charter from Poti.
    assert sailings == ["L-KZAAU-AZ-ALAT-FERRY", "L-GEPTI-USBAL-SEA-CHARTER"]
    refused = bundled_network().dg_refused("service", 7)
    for link_id in sailings:
        assert any(s.service_id not in refused for s in bundled_network().services_on(link_id))


def test_a_flow_of_bulk_crude_is_refused_with_the_flow_named() -> None:
    scenario = scenario_from_dict(
        {
            "name": "x",
            "start": "2024-01-01",
            "horizon_days": 60,
            "flows": [
                {
                    "name": "oil",
                    "origin": "KZ-TENGIZ",
                    "destination": "ITTRS",
                    "teu_per_week": 1,
                    "route": {"commodity": "crude-oil"},
                }
            ],
        }
    )
    with pytest.raises(ScenarioError, match=r"flows\[0\]: .*give its mass, not containers"):
        compile_plan(scenario)
