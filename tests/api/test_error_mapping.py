"""Every library error reaches an API client with its HTTP status and one body shape.

A route added to a real application raises each error class, so the test goes
through the app's own exception handler, as a request that fails deep in the
library does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from corridor.api import Settings, create_app
from corridor.api.app import ApiError
from corridor.errors import (
    AmbiguousNodeError,
    ChainInputError,
    ConstraintError,
    CorridorError,
    FactorLookupError,
    NoRouteError,
    SearchLimitError,
    UnknownNodeError,
)
from corridor.network import Network
from corridor.simulation.scenario import ScenarioError

ERRORS: dict[str, CorridorError] = {
    "unknown-node": UnknownNodeError("Nowhere", ["Northton"]),
    "ambiguous-node": AmbiguousNodeError("'Port' matches Harbour and Northport"),
    "no-route": NoRouteError("no route from Alpha to Omega"),
    "constraint": ConstraintError("cargo mass must be > 0"),
    "chain-input": ChainInputError("leg 2 has no distance"),
    "factor-lookup": FactorLookupError("no factor for fuel 'peat'"),
    "scenario": ScenarioError("horizon_days must be > 0"),
    "search-limit": SearchLimitError("over 1000000 labels"),
    "api-error": ApiError(409, "job already finished", "job_id"),
    "internal": CorridorError("an unexpected state"),
}


@pytest.fixture(scope="module")
def failing_client(settings: Settings, tiny: Network) -> Iterator[TestClient]:
    app = create_app(settings, network=tiny)

    def fail(kind: str) -> None:
        raise ERRORS[kind]

    app.add_api_route("/test/fail/{kind}", fail)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    ("kind", "status", "field"),
    [
        ("unknown-node", 404, None),
        ("ambiguous-node", 422, None),
        ("no-route", 422, None),
        ("constraint", 422, None),
        ("chain-input", 422, None),
        ("factor-lookup", 422, None),
        ("scenario", 422, None),
        ("search-limit", 422, None),
        ("api-error", 409, "job_id"),
        ("internal", 500, None),
    ],
)
def test_each_error_class_maps_to_its_http_status_with_message_and_field(
    failing_client: TestClient, kind: str, status: int, field: str | None
) -> None:
    response = failing_client.get(f"/test/fail/{kind}")
    assert response.status_code == status
    assert response.json() == {"detail": {"message": str(ERRORS[kind]), "field": field}}


def test_unknown_node_message_suggests_the_nearest_names(failing_client: TestClient) -> None:
    response = failing_client.get("/test/fail/unknown-node")
    assert response.json()["detail"]["message"] == "unknown node 'Nowhere': did you mean Northton?"
