"""Eight clients post 10,000 events at once to PostgreSQL: each event is stored exactly once."""

from __future__ import annotations

import datetime as dt
import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from corridor.api import Settings, create_app
from corridor.network import Network
from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.models import TrackingEventRecord

from .conftest import ROOT, new_pair
from .test_api import T0, booking

# 10,000 events from eight clients, on PostgreSQL only.
pytestmark = [pytest.mark.slow, pytest.mark.postgres]

CLIENTS = 8
SHIPMENTS = 4
UNIQUE = 9_000
POSTED = 10_000  # 1,000 of them repeat an event id another client also posts
BATCH = 125


def test_concurrent_clients_store_every_event_once(
    postgres_url: str,
    network: Network,
    planned_option: dict[str, Any],
) -> None:
    upgrade(postgres_url)
    engine = engine_from_url(postgres_url)
    factory = sessionmaker(engine)
    app = create_app(Settings(scenarios=ROOT / "scenarios", database_url=postgres_url), network=network)
    owner, carrier = new_pair(factory)
    with TestClient(app) as setup:
        ids = [
            setup.post(
                "/v1/shipments", json=booking(planned_option, carrier=carrier.name), headers=owner.shipper
            ).json()["id"]
            for _ in range(SHIPMENTS)
        ]
    n_elements = len(planned_option["chain"]["elements"])
    node = planned_option["chain"]["origin"]
    events = [
        (
            ids[i % SHIPMENTS],
            {
                "event_id": f"ev-{i:05d}",
                "event_type": "departure",
                "classifier": "ACT",
                "event_time": (T0 + dt.timedelta(minutes=i)).isoformat(),
                "node_id": node,
                "element_index": (i // SHIPMENTS) % n_elements,
            },
        )
        for i in range(UNIQUE)
    ]
    rng = random.Random(7)
    posts = events + rng.sample(events, POSTED - UNIQUE)
    rng.shuffle(posts)  # out of order, and duplicates land on different clients
    per_client = [posts[k::CLIENTS] for k in range(CLIENTS)]

    def run(work: list[tuple[str, dict[str, Any]]]) -> int:
        client = TestClient(app)
        stored = 0
        by_shipment: dict[str, list[dict[str, Any]]] = {}
        for shipment_id, event in work:
            by_shipment.setdefault(shipment_id, []).append(event)
        for shipment_id, batch in by_shipment.items():
            for start in range(0, len(batch), BATCH):
                response = client.post(
                    f"/v1/shipments/{shipment_id}/events:bulk",
                    json=batch[start : start + BATCH],
                    headers=carrier.operator,
                )
                assert response.status_code == 200, response.text
                stored += response.json()["stored"]
        return stored

    with ThreadPoolExecutor(CLIENTS) as pool:
        stored = sum(pool.map(run, per_client))

    assert sum(len(work) for work in per_client) == POSTED
    assert stored == UNIQUE
    with factory() as session:
        in_db = session.scalar(
            select(func.count())
            .select_from(TrackingEventRecord)
            .where(TrackingEventRecord.shipment_id.in_(ids))
        )
    engine.dispose()
    assert in_db == UNIQUE
    with TestClient(app) as reader:
        for shipment_id in ids:
            got: list[str] = []
            params: dict[str, Any] = {"limit": 2000}
            while True:  # a page at a time
                timeline = reader.get(
                    f"/v1/shipments/{shipment_id}/timeline", params=params, headers=owner.shipper
                ).json()
                got.extend(e["event_id"] for e in timeline["events"])
                if timeline["next_cursor"] is None:
                    break
                params["cursor"] = timeline["next_cursor"]
            expected = sorted(e["event_id"] for s, e in events if s == shipment_id)
            assert got == expected  # each once, in event-time order (ids follow time)
