"""On SQLite, every request that writes rows holds the server's writers' lock while it writes.

SQLite admits one writer at a time; the server's writers take turns on a lock
(``LazySessions.sqlite_writes``) instead of polling the file lock with growing
sleeps, which made the latency's tail. A writing endpoint that forgets the lock
still works alone, so only a check at the moment of writing can tell.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlalchemy.orm import sessionmaker

from corridor.api import Settings, create_app
from corridor.network import Network
from corridor.shipments.db import engine_from_url, upgrade

from .conftest import ROOT, new_pair
from .test_api import booking

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def sqlite_client(tmp_path: Path, network: Network) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'writers.db'}"
    upgrade(url)
    settings = Settings(scenarios=ROOT / "scenarios", workers=1, max_jobs=1, database_url=url)
    with TestClient(create_app(settings, network=network)) as client:
        yield client


def test_every_writing_request_holds_the_sqlite_writers_lock(
    sqlite_client: TestClient, planned_option: dict[str, Any]
) -> None:
    ctx = sqlite_client.app.state.context  # type: ignore[attr-defined]
    owner, carrier = new_pair(sessionmaker(engine_from_url(ctx.sessions.url)))
    unlocked: list[str] = []

    def check(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if threading.current_thread().name.startswith("corridor-webhook"):
            return  # the delivery worker is not a request
        if statement.lstrip().upper().startswith(WRITES) and not ctx.sessions.sqlite_writes.locked():
            unlocked.append(statement.split()[0] + " " + statement.split()[2])

    event.listen(Engine, "before_cursor_execute", check)
    try:
        admin, keys = owner.admin, "/v1/admin/keys"
        booked = sqlite_client.post(
            "/v1/shipments", json=booking(planned_option, carrier=carrier.name), headers=owner.shipper
        )
        assert booked.status_code == 201, booked.text
        shipment = booked.json()["id"]
        hook = {"url": "http://127.0.0.1:9/hook", "secret": "s" * 32}
        subscribed = sqlite_client.post(f"/v1/shipments/{shipment}/subscriptions", json=hook, headers=admin)
        assert subscribed.status_code == 201, subscribed.text
        sub = subscribed.json()["id"]
        assert sqlite_client.delete(f"/v1/shipments/{shipment}/subscriptions/{sub}", headers=admin).is_success
        issued = sqlite_client.post(keys, json={"organisation": owner.name, "role": "shipper"}, headers=admin)
        assert issued.status_code == 201, issued.text
        rotated = sqlite_client.post(f"{keys}/{issued.json()['id']}/rotate", headers=admin)
        assert rotated.status_code == 200, rotated.text
        assert sqlite_client.delete(f"{keys}/{rotated.json()['id']}", headers=admin).status_code == 204
        link = f"/v1/admin/organisations/{owner.name}/carriers/{carrier.name}"
        assert sqlite_client.delete(link, headers=admin).status_code == 200
        assert sqlite_client.put(link, headers=admin).status_code == 200
    finally:
        event.remove(Engine, "before_cursor_execute", check)
    assert unlocked == []
