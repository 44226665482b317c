"""Benchmark 6: tracking-event ingestion against the running server, beside the database's own ceiling.

Eight clients post tracking events (``POST /v1/shipments/{id}/events:bulk``, a
batch of ``BATCH`` events per request, each client to its own shipment) to
``corridor serve`` on loopback, on SQLite and, when ``CORRIDOR_BENCH_DATABASE_URL``
(or ``CORRIDOR_TEST_DATABASE_URL``) names one, on PostgreSQL in a schema of its
own. Reported: events per second and the p50/p99 latency of a request. The
reference, measured in the same run on the same database: the same rows
inserted by one connection straight through SQLAlchemy Core, in the same
batches (one transaction and one ``INSERT ... ON CONFLICT DO NOTHING`` each) —
what the database itself can take, the ceiling. The ratio is throughput over
ceiling; the target is a p99 under 500 ms.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from benchmarks.common import CorrectnessError, Row, Section, free_port, log, start_server
from corridor import Cargo, Constraints, bundled_network, route
from corridor.routing.io import result_to_dict
from corridor.shipments.accounts import link_carrier
from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.models import TrackingEventRecord
from corridor.shipments.store import _insert, create_api_key, create_organisation

CLIENTS = 8
BATCH = 50
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
TARGET_P99_MS = 500.0


@contextmanager
def _databases(folder: Path) -> Iterator[list[tuple[str, str]]]:
    """(backend, URL) of a fresh migrated SQLite file and, if one is named, a fresh PostgreSQL schema."""
    found = [("sqlite", f"sqlite:///{folder / 'ingest.db'}")]
    pg = os.environ.get("CORRIDOR_BENCH_DATABASE_URL") or os.environ.get("CORRIDOR_TEST_DATABASE_URL")
    schema = f"corridor_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg) if pg else None
    if admin is not None and pg is not None:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(pg).update_query_dict({"options": f"-csearch_path={schema}"})
        found.append(("postgresql", url.render_as_string(hide_password=False)))
    try:
        for _, url_text in found:
            upgrade(url_text)
        yield found
    finally:
        if admin is not None:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def _events(origin: str, tag: str, first: int, count: int) -> list[dict[str, Any]]:
    return [
        {
            "event_id": f"{tag}-{n:06d}",
            "event_type": "departure",
            "classifier": "ACT",
            "event_time": (T0 + dt.timedelta(seconds=n)).isoformat(),
            "node_id": origin,
            "element_index": 0,
        }
        for n in range(first, first + count)
    ]


def _setup(url: str, option: dict[str, Any], shipments: int) -> tuple[str, list[str]]:
    """An operator key and ``shipments`` shipments it carries (booked in-process, as a shipper would)."""
    from corridor.shipments.store import Principal, create_shipment

    engine = engine_from_url(url)
    network = bundled_network()
    try:
        with sessionmaker(engine)() as session, session.begin():
            owner, carrier = (
                create_organisation(session, "bench-shipper"),
                create_organisation(session, "bench-carrier"),
            )
            link_carrier(session, owner.name, carrier.name)
            operator = create_api_key(session, carrier.name, "operator")
            principal = Principal(owner.id, owner.name, "shipper")
            ids = [
                create_shipment(
                    session,
                    principal,
                    network,
                    origin=option["chain"]["origin"],
                    destination=option["chain"]["destination"],
                    shipper="Bench shipper",
                    consignee="Bench consignee",
                    containers=[("CSQU3054383", "40HC")],
                    chain=option["chain"],
                    carrier=carrier.name,
                ).id
                for _ in range(shipments)
            ]
        return operator, ids
    finally:
        engine.dispose()


def _client(
    port: int,
    key: str,
    shipment_id: str,
    origin: str,
    requests: int,
    latencies: list[float],
    failures: list[str],
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json", "X-API-Key": key}
    for i in range(requests):
        payload = json.dumps(_events(origin, "http", i * BATCH, BATCH))
        start = time.perf_counter()
        connection.request("POST", f"/v1/shipments/{shipment_id}/events:bulk", payload, headers)
        response = connection.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - start)
        if response.status != 200 or json.loads(body)["stored"] != BATCH:
            failures.append(f"{response.status}: {body[:200]!r}")


def _ceiling(url: str, shipment_ids: list[str], origin: str, requests: int) -> tuple[float, list[float]]:
    """Rows per second of the same batches inserted by one connection, one transaction each."""
    engine = engine_from_url(url)
    try:
        factory = sessionmaker(engine)
        received = dt.datetime.now(dt.UTC)
        batches = []
        for shipment_id in shipment_ids:
            for i in range(requests):
                rows = [
                    {
                        "shipment_id": shipment_id,
                        "event_id": e["event_id"],
                        "event_type": "departure",
                        "classifier": "ACT",
                        "event_time": dt.datetime.fromisoformat(e["event_time"]),
                        "node_id": origin,
                        "element_index": 0,
                        "received_at": received,
                    }
                    for e in _events(origin, "direct", i * BATCH, BATCH)
                ]
                batches.append(rows)
        took: list[float] = []
        start = time.perf_counter()
        for rows in batches:
            begun = time.perf_counter()
            with factory() as session, session.begin():
                statement = _insert(session)(TrackingEventRecord).values(rows)
                session.execute(statement.on_conflict_do_nothing(index_elements=["shipment_id", "event_id"]))
            took.append(time.perf_counter() - begun)
        wall = time.perf_counter() - start
        return sum(len(b) for b in batches) / wall, took
    finally:
        engine.dispose()


def _count(url: str, prefix: str) -> int:
    engine = engine_from_url(url)
    try:
        with engine.connect() as connection:
            query = select(func.count()).where(TrackingEventRecord.event_id.like(f"{prefix}-%"))
            return int(connection.execute(query).scalar() or 0)
    finally:
        engine.dispose()


def run(*, quick: bool) -> Section:
    """Events per second and request p99 for 8 clients on each backend, beside the database's ceiling."""
    section = Section("ingest", "tracking events over HTTP, 8 clients, against the database's own rate")
    requests = 4 if quick else 40
    network = bundled_network()
    result = route(
        network,
        "Xi'an",
        "Duisburg",
        cargo=Cargo.parse("1x40HC"),
        constraints=Constraints(avoid_countries=frozenset({"RU", "BY", "IR"})),
        criteria=("time",),
    )
    option = result_to_dict(network, result, include=["chain"])["options"][0]
    origin = option["chain"]["origin"]
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder, _databases(Path(folder)) as databases:
        for backend, url in databases:
            key, ids = _setup(url, option, CLIENTS)
            port = free_port()
            log(f"ingest: {backend}: starting the server on 127.0.0.1:{port}")
            process = start_server(port, CORRIDOR_DATABASE_URL=url)
            try:
                latencies: list[float] = []
                failures: list[str] = []
                threads = [
                    threading.Thread(
                        target=_client, args=(port, key, ids[c], origin, requests, latencies, failures)
                    )
                    for c in range(CLIENTS)
                ]
                start = time.perf_counter()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                wall = time.perf_counter() - start
            finally:
                process.terminate()
                process.wait(timeout=30)
            if failures:
                raise CorrectnessError(f"ingest {backend}: failed requests: {failures[:3]}")
            expected = CLIENTS * requests * BATCH
            if _count(url, "http") != expected:
                raise CorrectnessError(
                    f"ingest {backend}: {_count(url, 'http')} events stored, {expected} posted"
                )
            rate = expected / wall
            ceiling, direct = _ceiling(url, ids, origin, requests)
            if _count(url, "direct") != expected:
                raise CorrectnessError(f"ingest {backend}: the direct insert stored the wrong count")
            section.rows.append(
                Row(
                    "ingest",
                    f"{backend}: INSERT batches of {BATCH}, one connection (ceiling)",
                    float(np.median(direct)) * 1e3,
                    float(np.percentile(direct, 99)) * 1e3,
                    len(direct),
                    1.0,
                    f"{ceiling:,.0f} events/s; p90 column shows p99",
                )
            )
            p99 = float(np.percentile(latencies, 99)) * 1e3
            section.rows.append(
                Row(
                    "ingest",
                    f"{backend}: POST events:bulk ({BATCH} events), {CLIENTS} clients",
                    float(np.median(latencies)) * 1e3,
                    p99,
                    len(latencies),
                    rate / ceiling,
                    f"{rate:,.0f} events/s = {rate / ceiling:.2f} of the ceiling; p90 column shows p99",
                )
            )
            figures[backend] = {
                "events_per_s": round(rate),
                "ceiling_events_per_s": round(ceiling),
                "ratio": round(rate / ceiling, 3),
                "p99_ms": round(p99, 1),
            }
            verdict = "under" if p99 < TARGET_P99_MS else "OVER"
            section.checks.append(
                f"ingest {backend}: {expected} events posted by {CLIENTS} clients, {expected} stored; "
                f"p99 {p99:.0f} ms {verdict} the {TARGET_P99_MS:.0f} ms target"
            )
    section.facts = {"batch": BATCH, "clients": CLIENTS, "requests_per_client": requests, "figures": figures}
    return section
