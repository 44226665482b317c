"""A replication's result adds up: TEU are conserved, CO2e and utilisation follow from the counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from corridor.simulation.compiled import Plan, compile_plan
from corridor.simulation.engine import ReplicationResult, run_replication
from corridor.simulation.scenario import scenario_from_dict

TINY = Path(__file__).parents[1] / "data" / "tiny"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return compile_plan(
        scenario_from_dict(
            {
                "name": "tiny",
                "network": str(TINY),
                "start": "2024-01-01",
                "horizon_days": 365,
                "warmup_days": 30,
                "flows": [
                    {
                        "name": "alpha-omega",
                        "origin": "Alpha",
                        "destination": "Omega",
                        "teu_per_week": 100,
                        "train_teu": 50,
                        "route": {"avoid_countries": ["RU"]},
                    }
                ],
            }
        )
    )


@pytest.fixture
def result(plan: Plan) -> ReplicationResult:
    # per test, not per module: mutation testing links the engine only to the tests that run it
    return run_replication(plan, 1)


def test_result_json_has_every_documented_part(result: ReplicationResult) -> None:
    data: dict[str, Any] = result.to_dict()
    assert set(data) == {"seed", "flows", "services", "hubs", "stranded_teu", "co2e_t", "events"}
    assert data["seed"] == 1
    assert data["events"] == result.events > 0
    assert set(data["flows"]) == {"alpha-omega"}
    assert set(data["services"]) == {"L4"}
    assert {"AZ-PORT", "KZ-PORT"} <= set(data["hubs"])
    for hub in data["hubs"].values():
        assert set(hub) == {
            "handled_teu",
            "passed_teu",
            "capacity_teu",
            "utilisation",
            "backlog_teu_daily",
            "handling_wait_h_mean",
        }
    (service,) = data["services"].values()
    assert set(service) == {
        "from_node",
        "to_node",
        "carried_teu",
        "sailings",
        "capacity_teu",
        "utilisation",
        "queue_teu_daily",
        "queue_teu_end",
        "wait_h_mean",
    }


def test_teu_that_departed_were_delivered_or_are_still_on_the_way(result: ReplicationResult) -> None:
    departed = sum(f["departed_teu"] for f in result.flows.values())
    delivered = sum(f["delivered_teu"] for f in result.flows.values())
    assert delivered > 0
    assert departed == pytest.approx(delivered + result.stranded_teu)


def test_co2e_is_the_delivered_teu_times_each_flows_footprint(plan: Plan, result: ReplicationResult) -> None:
    expected_t = sum(result.flows[f.name]["delivered_teu"] * f.co2e_kg_per_teu for f in plan.flows) / 1000
    assert result.co2e_t == pytest.approx(expected_t)
    assert result.co2e_t > 0


def test_the_feeder_sails_twice_a_week_and_reports_its_utilisation(result: ReplicationResult) -> None:
    feeder = result.services["L4"]
    assert (feeder["from_node"], feeder["to_node"]) == ("KZ-PORT", "AZ-PORT")
    assert feeder["sailings"] == pytest.approx(2 * 365 / 7, abs=2)
    assert feeder["utilisation"] == pytest.approx(feeder["carried_teu"] / feeder["capacity_teu"])
    # 350 TEU a sailing, a sailing every 84 h, over the 335 days after warm-up
    assert feeder["capacity_teu"] == pytest.approx(350 * 335 * 24 / 84)
    assert feeder["queue_teu_end"] >= 0
    assert len(feeder["queue_teu_daily"]) >= 335


def test_transit_days_are_ordered_quantiles_to_the_thousandth(result: ReplicationResult) -> None:
    flow = result.flows["alpha-omega"]
    quantiles = flow["transit_days"]
    assert list(quantiles) == ["p2_5", "p25", "p50", "p75", "p97_5"]
    values = list(quantiles.values())
    assert values == sorted(values)
    assert all(v == round(v, 3) and v != round(v) for v in values)
    samples = flow["transit_samples_days"]
    assert min(samples) <= values[0] <= values[-1] <= max(samples)
