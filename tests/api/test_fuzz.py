"""Property-based fuzzing of the API from its OpenAPI schema (Schemathesis): no input gives a 500."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from corridor.api import Settings, create_app
from corridor.shipments.db import upgrade

# Schemathesis and Hypothesis over every operation: the fuzz tier.
pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).parents[2]
DB = Path(tempfile.gettempdir()) / f"corridor-fuzz-{uuid.uuid4().hex}.db"
APP = create_app(
    Settings(
        scenarios=ROOT / "scenarios",
        max_replications=1,
        max_jobs=1,
        workers=1,
        database_url=f"sqlite:///{DB}",
    )
)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _database() -> Iterator[None]:
    """The shipment endpoints get a migrated SQLite file, removed afterwards."""
    upgrade(f"sqlite:///{DB}")
    yield
    DB.unlink(missing_ok=True)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, case.body, response.text[:500])
