"""Property-based fuzzing of the API from its OpenAPI schema (Schemathesis): no input gives a 500.

Every endpoint is fuzzed with an admin key (so requests get past authentication into the shipment,
simulation and admin endpoints), on SQLite and, when CORRIDOR_TEST_DATABASE_URL is set, on
PostgreSQL (a fresh schema, dropped afterwards). Each database holds a booked shipment, so
generated requests also meet stored data.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from corridor.api import Settings, create_app
from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.store import create_api_key, create_organisation

# Schemathesis and Hypothesis over every operation: the fuzz tier.
pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).parents[2]
DB = Path(tempfile.gettempdir()) / f"corridor-fuzz-{uuid.uuid4().hex}.db"
PG_URL = os.environ.get("CORRIDOR_TEST_DATABASE_URL")
PG_SCHEMA = f"corridor_fuzz_{uuid.uuid4().hex[:12]}"
URLS = {"sqlite": f"sqlite:///{DB}"}
if PG_URL:
    URLS["postgresql"] = (
        make_url(PG_URL)
        .update_query_dict({"options": f"-csearch_path={PG_SCHEMA}"})
        .render_as_string(hide_password=False)
    )
KEYS: dict[str, dict[str, str]] = {}


def _app(url: str) -> FastAPI:
    settings = Settings(
        scenarios=ROOT / "scenarios", max_replications=1, max_jobs=2, workers=1, database_url=url
    )
    return create_app(settings)


APPS = {backend: _app(url) for backend, url in URLS.items()}
sqlite_schema = schemathesis.openapi.from_asgi("/openapi.json", APPS["sqlite"])
postgres_schema = schemathesis.openapi.from_asgi("/openapi.json", APPS.get("postgresql", APPS["sqlite"]))


def _seed(backend: str) -> None:
    """An admin key (after keys with small ids the fuzzer may rotate or revoke) and a booked shipment."""
    url = URLS[backend]
    upgrade(url)
    engine = engine_from_url(url)
    with sessionmaker(engine)() as session, session.begin():
        create_organisation(session, "fuzzer")
        for _ in range(50):
            create_api_key(session, "fuzzer", "shipper")
        KEYS[backend] = {"X-API-Key": create_api_key(session, "fuzzer", "admin")}
    engine.dispose()
    with TestClient(APPS[backend]) as client:
        planned = client.post(
            "/v1/routes?include=chain",
            json={"origin": "Xi'an", "destination": "Duisburg", "criteria": ["time"]},
        ).json()
        booking: dict[str, Any] = {
            "origin": planned["query"]["origin"],
            "destination": planned["query"]["destination"],
            "shipper": "s",
            "consignee": "c",
            "containers": [{"number": "CSQU3054383", "type": "40HC"}],
            "chain": planned["options"][0]["chain"],
        }
        created = client.post("/v1/shipments", json=booking, headers=KEYS[backend])
        assert created.status_code == 201, created.text


@pytest.fixture(scope="module", autouse=True)
def _databases() -> Iterator[None]:
    """Migrated, seeded databases; the SQLite file and the PostgreSQL schema are removed afterwards."""
    admin = create_engine(PG_URL) if PG_URL else None
    if admin is not None:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{PG_SCHEMA}"'))
    try:
        for backend in URLS:
            _seed(backend)
        yield
    finally:
        DB.unlink(missing_ok=True)
        if admin is not None:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{PG_SCHEMA}" CASCADE'))
            admin.dispose()


def _check(case: schemathesis.Case, backend: str) -> None:  # type: ignore[type-arg]
    response = case.call(headers=KEYS[backend])
    assert response.status_code < 500, (case.method, case.path, case.body, response.text[:500])


@sqlite_schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_on_sqlite(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    _check(case, "sqlite")


@postgres_schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_on_postgresql(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    if "postgresql" not in URLS:
        pytest.skip("CORRIDOR_TEST_DATABASE_URL is not set: no PostgreSQL to fuzz")
    _check(case, "postgresql")
