"""The plan most engine tests start from: 100 TEU a week Alpha→Omega on the tiny network, avoiding RU."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corridor.simulation.compiled import Plan, compile_plan
from corridor.simulation.scenario import scenario_from_dict

TINY = Path(__file__).parents[1] / "data" / "tiny"


def tiny_plan(
    name: str, *, horizon_days: int = 365, services: list[dict[str, Any]] | None = None, **flow: Any
) -> Plan:
    """A year (or ``horizon_days``) from 1 January 2024, no warm-up; ``flow`` overrides the flow's fields."""
    scenario: dict[str, Any] = {
        "name": name,
        "network": str(TINY),
        "start": "2024-01-01",
        "horizon_days": horizon_days,
        "warmup_days": 0,
        "flows": [
            {
                "name": "alpha-omega",
                "origin": "Alpha",
                "destination": "Omega",
                "teu_per_week": 100,
                "train_teu": 50,
                "route": {"avoid_countries": ["RU"]},
                **flow,
            }
        ],
    }
    if services is not None:
        scenario["services"] = services
    return compile_plan(scenario_from_dict(scenario))
