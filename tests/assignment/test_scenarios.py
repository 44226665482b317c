"""Flows scenarios: the simulation's scenario model read for an assignment (``assignment`` section)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from corridor import bundled_network
from corridor.assignment.options import Element
from corridor.assignment.scenarios import (
    _load_factors,
    _price_factor,
    is_scenario_argument,
    refreshed_element,
    routing_fingerprint,
    run_scenario_flows,
)
from corridor.errors import ScenarioError
from corridor.simulation.compiled import compile_plan
from corridor.simulation.scenario import (
    PriceFactor,
    ServiceOperation,
    list_scenarios,
    load_scenario,
    scenario_from_dict,
)
from corridor.vocabulary import Mode

FLOWS_SCENARIOS = {
    "baseline-2024",
    "cpc-disruption",
    "russia-closed",
    "red-sea-closed",
    "investment-2030",
    "japan-digital-2030",
}


def test_the_bundled_flows_scenarios_have_an_assignment_section() -> None:
    have = {s.name for s in list_scenarios() if load_scenario(s.path).assignment is not None}
    assert have == FLOWS_SCENARIOS
    closed = load_scenario(next(s.path for s in list_scenarios() if s.name == "russia-closed"))
    assert closed.assignment is not None
    assert closed.assignment.avoid_countries == ["RU", "BY"]
    assert closed.assignment.builds_on == "baseline-2024"


def test_a_scenario_needs_flows_or_an_assignment() -> None:
    with pytest.raises(ScenarioError, match=r"needs flows .* or an assignment section"):
        scenario_from_dict({"name": "x", "start": "2024-01-01", "horizon_days": 365}, source="x.yaml")
    with pytest.raises(ScenarioError, match=r"x.yaml: assignment.demand_growth_per_yer: unknown field"):
        scenario_from_dict(
            {
                "name": "x",
                "start": "2024-01-01",
                "horizon_days": 365,
                "assignment": {"demand_growth_per_yer": 0.02},
            },
            source="x.yaml",
        )


def test_the_simulation_refuses_an_assignment_only_scenario_with_a_clear_message() -> None:
    scenario = scenario_from_dict(
        {"name": "only-flows", "start": "2024-01-01", "horizon_days": 365, "assignment": {}}
    )
    with pytest.raises(ScenarioError, match=r"only-flows: no flows to simulate.*corridor flows run"):
        compile_plan(scenario)


def test_a_flows_run_needs_an_assignment_section(tmp_path: Path) -> None:
    file = next(s.path for s in list_scenarios() if s.name == "surge-2022")
    with pytest.raises(ScenarioError, match="no assignment section"):
        run_scenario_flows(file)
    loop = tmp_path / "loop.yaml"
    loop.write_text(
        "name: loop\nstart: 2024-01-01\nhorizon_days: 365\nassignment: {builds_on: loop.yaml}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match="in a loop"):
        run_scenario_flows(loop)


def test_scenario_arguments_are_told_from_demand_files(tmp_path: Path) -> None:
    assert is_scenario_argument("russia-closed")
    assert is_scenario_argument("mine.yaml")
    demand = tmp_path / "demand.csv"
    demand.write_text("origin\n", encoding="utf-8")
    assert not is_scenario_argument(demand)
    assert not is_scenario_argument("no-such-thing")


def test_capacities_do_not_change_the_routing_fingerprint_but_times_do() -> None:
    network = bundled_network()
    node = network.nodes["KZ-DOSTYK"]
    assert node.transfer is not None
    more = replace(node, transfer=replace(node.transfer, capacity_teu_per_day=5000.0))
    bigger = replace(network, nodes={**network.nodes, "KZ-DOSTYK": more})
    assert routing_fingerprint(bigger) == routing_fingerprint(network)
    hub = Element("hub:KZ-DOSTYK", "hub", "KZ-DOSTYK", 1.0, 36.0, "Dostyk")
    assert refreshed_element(bigger, hub).capacity_teu_per_year == pytest.approx(5000.0 * 365)
    link_id = next(iter(network.links))
    slower = replace(network.links[link_id], cost_usd_40=network.links[link_id].cost_usd_40 + 1)
    assert routing_fingerprint(replace(network, links={**network.links, link_id: slower})) != (
        routing_fingerprint(network)
    )


def test_price_factors_touch_only_the_mode_and_countries_named() -> None:
    network = bundled_network()
    cape = _price_factor(network, PriceFactor(mode=Mode.SEA, factor=2.0, countries=["ZA"]))
    for link_id, link in network.links.items():
        expected = 2.0 if link.mode == "sea" and "ZA" in link.countries else 1.0
        assert cape.links[link_id].cost_usd_40 == pytest.approx(link.cost_usd_40 * expected)


def test_load_factors_scale_the_services_of_the_link() -> None:
    network = bundled_network()
    link = "L-KZAAU-AZ-ALAT-SEA"
    loaded = _load_factors(network, [ServiceOperation(link=link, load_factor=0.5)])
    for before, after in zip(network.services_on(link), loaded.services_on(link), strict=True):
        # the scenario's load factor replaces the data's, as in the simulation's compiled plan
        assert after.capacity_teu_per_departure == before.capacity_teu_per_departure
        assert after.usable_teu_per_departure == pytest.approx(0.5 * before.capacity_teu_per_departure)
    other = "L-GEPTI-ROCND-SEA"
    assert loaded.services_on(other) == network.services_on(other)
