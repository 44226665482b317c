"""Account set-up refuses what it cannot store, and a bad booking names the field to fix."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker

from corridor.errors import AccountError
from corridor.shipments.db import engine_from_url
from corridor.shipments.store import create_api_key, create_organisation

from .conftest import Org
from .test_api import booking


def test_an_api_key_needs_a_known_role_and_organisation(db_url: str) -> None:
    engine = engine_from_url(db_url)
    name = f"org-{uuid.uuid4().hex[:10]}"
    try:
        with sessionmaker(engine)() as session, session.begin():
            create_organisation(session, name)
            with pytest.raises(AccountError) as err:
                create_api_key(session, name, "pilot")
            assert str(err.value) == "role must be one of shipper, operator, admin, got 'pilot'"
            with pytest.raises(AccountError) as err:
                create_api_key(session, "no-such-org", "shipper")
            assert str(err.value) == "no organisation named 'no-such-org'"
            assert create_api_key(session, name, "admin").startswith("cor_")
    finally:
        engine.dispose()


def test_a_booking_to_an_unknown_destination_names_the_destination(
    service_client: TestClient, planned_option: dict[str, Any], make_org: Callable[[], Org]
) -> None:
    org = make_org()
    response = service_client.post(
        "/v1/shipments", json={**booking(planned_option), "destination": "XXNOWHERE"}, headers=org.shipper
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"]["field"] == "destination"
    assert "unknown node id 'XXNOWHERE'" in response.json()["detail"]["message"]
