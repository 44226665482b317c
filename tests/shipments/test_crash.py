"""Crash safety: the real server is killed (SIGKILL) while a 1,000-event batch is in flight.

The batch must be stored whole or not at all, and a restarted server must work.
Runs on SQLite always and on PostgreSQL when CORRIDOR_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import datetime as dt
import json
import select
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select
from sqlalchemy.orm import sessionmaker

from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.models import TrackingEventRecord

from .conftest import BACKENDS, Org, new_pair
from .server import Server
from .test_api import T0, booking

# Starts a real server and kills it: about 40 s.
pytestmark = pytest.mark.slow

BATCH = 1000


def batch(option: dict[str, Any], tag: str) -> list[dict[str, Any]]:
    n_elements = len(option["chain"]["elements"])
    return [
        {
            "event_id": f"{tag}-{i:04d}",
            "event_type": "departure",
            "classifier": "ACT",
            "event_time": (T0 + dt.timedelta(minutes=i)).isoformat(),
            "node_id": option["chain"]["origin"],
            "element_index": i % n_elements,
        }
        for i in range(BATCH)
    ]


def raw_post(port: int, path: str, body: bytes, headers: dict[str, str]) -> socket.socket:
    """A socket with the request line and headers of a POST sent, its body not yet."""
    sock = socket.create_connection(("127.0.0.1", port))
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    sock.sendall(head.encode())
    return sock


def answered(sock: socket.socket) -> bool:
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)


@pytest.fixture(params=BACKENDS)
def crash_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh migrated SQLite file, or the session's PostgreSQL schema (migrated again: a no-op)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'crash.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    upgrade(url)
    return url


def test_a_killed_server_stores_a_batch_whole_or_not_at_all(
    crash_db: str, planned_option: dict[str, Any]
) -> None:
    engine = engine_from_url(crash_db)
    factory = sessionmaker(engine)
    owner, carrier = new_pair(factory)

    def count(shipment_id: str) -> int:
        with factory() as session:
            query = sql_select(func.count()).where(TrackingEventRecord.shipment_id == shipment_id)
            return int(session.scalar(query) or 0)

    def book(server: Server, who: Org) -> str:
        status, data = server.call(
            "POST", "/v1/shipments", booking(planned_option, carrier=carrier.name), who.shipper
        )
        assert status == 201
        return str(data["id"])

    server = Server({"CORRIDOR_DATABASE_URL": crash_db})
    try:
        warm = book(server, owner)  # a full batch first: it must succeed, and it times the next ones
        started = time.monotonic()
        status, stored = server.call(
            "POST", f"/v1/shipments/{warm}/events:bulk", batch(planned_option, "w"), carrier.operator
        )
        took_s = time.monotonic() - started
        assert (status, stored["stored"]) == (200, BATCH)
        outcomes = []
        # kill mid-body (0: the body is only half sent), then at fractions of the processing time
        for fraction in (None, 0.1, 0.3, 0.6, 0.9):
            shipment_id = book(server, owner)
            body = json.dumps(batch(planned_option, "b")).encode()
            sock = raw_post(server.port, f"/v1/shipments/{shipment_id}/events:bulk", body, carrier.operator)
            if fraction is None:
                sock.sendall(body[: len(body) // 2])
                time.sleep(0.2)
            else:
                sock.sendall(body)
                time.sleep(fraction * took_s)
            in_flight = not answered(sock)
            server.stop()  # SIGKILL: no shutdown handlers, no rollback by the server
            sock.close()
            stored_n = count(shipment_id)
            outcomes.append((fraction, in_flight, stored_n))
            assert stored_n in (0, BATCH), outcomes
            server = Server({"CORRIDOR_DATABASE_URL": crash_db})
        print("crash outcomes (fraction of processing time, in flight, stored):", outcomes)
        assert outcomes[0] == (None, True, 0)
        assert any(in_flight for fraction, in_flight, _ in outcomes[1:]), outcomes
        # the restarted server works: the batch of the last killed request can be posted (again)
        status, stored = server.call(
            "POST", f"/v1/shipments/{shipment_id}/events:bulk", batch(planned_option, "b"), carrier.operator
        )
        assert status == 200
        assert stored["stored"] + stored["duplicates"] == BATCH
        assert count(shipment_id) == BATCH
    finally:
        server.stop()
        engine.dispose()
