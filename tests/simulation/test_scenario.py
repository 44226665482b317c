"""Scenario files: clear errors naming file, path and value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from corridor.errors import ScenarioError
from corridor.simulation.compiled import compile_plan
from corridor.simulation.scenario import load_scenario, scenario_from_dict

TINY = str(Path(__file__).parents[1] / "data" / "tiny")


def base(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": "t",
        "network": TINY,
        "start": "2024-01-01",
        "horizon_days": 100,
        "flows": [{"name": "f", "origin": "Alpha", "destination": "Omega", "teu_per_week": 10}],
    }
    doc.update(overrides)
    return doc


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (base(horizon_days=0), "s.yaml: horizon_days: Input should be greater than or equal to 1 (got 0)"),
        (
            base(flows=[{"name": "f", "origin": "A", "destination": "B", "teu_per_weak": 5}]),
            "s.yaml: flows[0].teu_per_weak: unknown field; did you mean 'teu_per_week'?",
        ),
        (
            base(flows=[{"name": "f", "origin": "A", "destination": "B", "teu_per_week": -5}]),
            "s.yaml: flows[0].teu_per_week: Input should be greater than 0 (got -5)",
        ),
        (
            base(warmup_days=90, horizon_days=60),
            "s.yaml: document: warmup_days 90 must be shorter than horizon_days 60",
        ),
        (base(horizn_days=5), "s.yaml: horizn_days: unknown field; did you mean 'horizon_days'?"),
        (
            base(closures=[{"node": "X", "start": "2024-02-01", "end": "2024-01-01"}]),
            "s.yaml: closures[0]: end 2024-01-01 is before start 2024-02-01",
        ),
    ],
)
def test_invalid_documents(doc: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(doc, source="s.yaml")
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"edits": [{"target": "link", "id": "L44", "field": "duration_h_mode", "value": 5}]},
            "edits[0].id: no link 'L44' in the network; did you mean 'L4'?",
        ),
        (
            {"edits": [{"target": "node", "id": "KZ-PORT", "field": "transfer_capacity", "value": 5}]},
            "edits[0].field: node field 'transfer_capacity' cannot be edited; "
            "did you mean 'transfer_capacity_teu_per_day'?",
        ),
        (
            {
                "edits": [
                    {"target": "service", "id": "S1", "field": "capacity_teu_per_departure", "value": -1}
                ]
            },
            "edits[0].value: capacity_teu_per_departure must be >= 1e-09, got -1",
        ),
        (
            {
                "flows": [
                    {
                        "name": "f",
                        "origin": "Alpha",
                        "destination": "Omega",
                        "teu_per_week": 10,
                        "route": {"avoid_countries": ["KZ"]},
                    }
                ]
            },
            "flows[0]: demand on an OD with no route",
        ),
        (
            {
                "flows": [
                    {
                        "name": "f",
                        "origin": "Alpha",
                        "destination": "Omega",
                        "teu_per_week": 10,
                        "route": {"avoid_countries": ["RX"]},
                    }
                ]
            },
            "unknown country code 'RX' in the countries to avoid: did you mean",
        ),
        (
            {"flows": [{"name": "f", "origin": "Alfa Centauri", "destination": "Omega", "teu_per_week": 10}]},
            "flows[0]: unknown node 'Alfa Centauri'",
        ),
        (
            {"weather": [{"name": "w", "nodes": ["KZ-PRT"], "monthly_closed_share": [0.1] * 12}]},
            "weather[0].nodes: no node 'KZ-PRT' in the network",
        ),
    ],
)
def test_errors_when_compiled(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        compile_plan(scenario_from_dict(base(**overrides)))
    assert message in str(info.value)


def test_edits_change_the_network_variant_only() -> None:
    doc = base(
        edits=[{"target": "service", "id": "S1", "field": "departures_per_week", "value": 7}],
        new_services=[
            {
                "service_id": "S2",
                "link": "L4",
                "name": "second feeder",
                "departures_per_week": 7,
                "capacity_teu_per_departure": 100,
            }
        ],
    )
    plan = compile_plan(scenario_from_dict(doc))
    assert plan.flows[0].name == "f"
    service = next(iter(plan.services.values())) if plan.services else None
    if service is not None:  # the fastest route crosses by sea only when the feeder is attractive
        assert service.headway_h == pytest.approx(168 / 14)


def test_yaml_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nflows: [\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"bad\.yaml: invalid YAML at line 3"):
        load_scenario(path)
    with pytest.raises(ScenarioError, match=r"nope\.yaml: file not found"):
        load_scenario(tmp_path / "nope.yaml")
