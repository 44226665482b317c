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
from corridor.errors import (
    AccessDeniedError,
    AmbiguousNodeError,
    AuthenticationError,
    ChainInputError,
    ConstraintError,
    CorridorError,
    DatabaseError,
    FactorLookupError,
    JobNotFoundError,
    LimitExceededError,
    NoRouteError,
    ScenarioError,
    SearchLimitError,
    ShipmentNotFoundError,
    TooManyJobsError,
    UnknownNodeError,
)
from corridor.network import Network

ERRORS: dict[str, CorridorError] = {
    "unknown-node": UnknownNodeError("Nowhere", ["Northton"]),
    "ambiguous-node": AmbiguousNodeError("'Port' matches Harbour and Northport"),
    "no-route": NoRouteError("no route from Alpha to Omega"),
    "constraint": ConstraintError("cargo mass must be > 0"),
    "chain-input": ChainInputError("leg 2 has no distance"),
    "factor-lookup": FactorLookupError("no factor for fuel 'peat'"),
    "scenario": ScenarioError("horizon_days must be > 0"),
    "search-limit": SearchLimitError("over 1000000 labels"),
    "unknown-job": JobNotFoundError("unknown job 'x'", field="job_id"),
    "too-many-jobs": TooManyJobsError("4 jobs are queued or running"),
    "no-key": AuthenticationError("missing API key"),
    "denied": AccessDeniedError("role 'shipper' cannot post events"),
    "no-shipment": ShipmentNotFoundError("no shipment 'x'"),
    "limit": LimitExceededError("at most 1000 containers", field="cargo"),
    "database": DatabaseError("the database is at revision 1"),
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
        ("unknown-job", 404, "job_id"),
        ("too-many-jobs", 429, None),
        ("no-key", 401, "X-API-Key"),
        ("denied", 403, None),
        ("no-shipment", 404, "shipment_id"),
        ("limit", 422, "cargo"),
        ("database", 503, None),
    ],
)
def test_each_error_class_maps_to_its_http_status_with_message_and_field(
    failing_client: TestClient, kind: str, status: int, field: str | None
) -> None:
    response = failing_client.get(f"/test/fail/{kind}")
    assert response.status_code == status
    assert response.json() == {"detail": {"message": str(ERRORS[kind]), "field": field}}


def test_an_unexpected_error_is_a_500_that_tells_nothing_inside(failing_client: TestClient) -> None:
    response = failing_client.get("/test/fail/internal")
    assert response.status_code == 500
    assert response.json() == {"detail": {"message": "internal error", "field": None}}


def test_unknown_node_message_suggests_the_nearest_names(failing_client: TestClient) -> None:
    response = failing_client.get("/test/fail/unknown-node")
    assert response.json()["detail"]["message"] == "unknown node 'Nowhere': did you mean Northton?"
