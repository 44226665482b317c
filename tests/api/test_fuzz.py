"""Property-based fuzzing of the API from its OpenAPI schema (Schemathesis): no input gives a 500."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from corridor.api import Settings, create_app

ROOT = Path(__file__).parents[2]
APP = create_app(Settings(scenarios=ROOT / "scenarios", max_replications=1, max_jobs=1, workers=1))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, case.body, response.text[:500])
