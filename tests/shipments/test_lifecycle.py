"""The real server (``corridor serve`` on 127.0.0.1) killed, stopped and walked away from (issue 9).

- every event is delivered to its subscriber at least once although the server is ``kill -9``-ed while
  deliveries are under way, once it is restarted (SQLite, and PostgreSQL when CORRIDOR_TEST_DATABASE_URL
  is set);
- SIGTERM stops it within a few seconds with a long routing question in flight and a webhook pending;
- a routing question stops using the CPU when its client disconnects.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import signal
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from corridor.shipments.db import engine_from_url
from corridor.shipments.models import WebhookDelivery

from .conftest import BACKENDS, new_pair, private_database
from .server import Server
from .test_api import T0, booking

pytestmark = pytest.mark.slow

FAST_WEBHOOKS = {
    "CORRIDOR_WEBHOOK_RETRY_BASE_S": "0.2",
    "CORRIDOR_WEBHOOK_TIMEOUT_S": "2",
    "CORRIDOR_WEBHOOK_LEASE_S": "3",
    "CORRIDOR_WEBHOOK_POLL_S": "0.2",
}


class Recorder:
    """A subscriber on 127.0.0.1 that takes ``delay_s`` to answer each POST and records the event ids."""

    def __init__(self, delay_s: float) -> None:
        self.event_ids: list[str] = []
        self.lock = threading.Lock()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                time.sleep(delay_s)
                with recorder.lock:
                    recorder.event_ids.extend(e["event_id"] for e in body["events"])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def received(self) -> set[str]:
        with self.lock:
            return set(self.event_ids)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(params=BACKENDS)
def lifecycle_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with private_database(request.param, tmp_path) as url:
        yield url


def one_event(option: dict[str, Any], n: int) -> dict[str, Any]:
    return {
        "event_id": f"ev-{n:03d}",
        "event_type": "departure",
        "classifier": "ACT",
        "event_time": (T0 + dt.timedelta(minutes=n)).isoformat(),
        "node_id": option["chain"]["origin"],
        "element_index": 0,
    }


def test_every_event_is_delivered_at_least_once_across_kill_9_and_restart(
    lifecycle_db: str, planned_option: dict[str, Any]
) -> None:
    """Issue 9: deliveries queued at a crash were lost (88 of 100 on kill -9)."""
    engine = engine_from_url(lifecycle_db)
    owner, carrier = new_pair(sessionmaker(engine))
    recorder = Recorder(delay_s=0.3)  # slow enough that deliveries are under way when the server dies
    env = {"CORRIDOR_DATABASE_URL": lifecycle_db, **FAST_WEBHOOKS}
    server = Server(env)
    try:
        status, shipment = server.call(
            "POST", "/v1/shipments", booking(planned_option, carrier=carrier.name), owner.shipper
        )
        assert status == 201, shipment
        base = f"/v1/shipments/{shipment['id']}"
        status, made = server.call(
            "POST",
            f"{base}/subscriptions",
            {"url": recorder.url, "secret": "s3cret-of-the-subscriber"},
            owner.shipper,
        )
        assert status == 201, made
        posted = set()
        for n in range(40):  # forty events, forty deliveries
            status, stored = server.call(
                "POST", f"{base}/events", one_event(planned_option, n), carrier.operator
            )
            assert (status, stored.get("stored")) == (200, 1), stored
            posted.add(f"ev-{n:03d}")
        server.process.send_signal(signal.SIGKILL)  # mid-delivery: no shutdown handler runs
        server.process.wait(timeout=10)
        before = recorder.received()
        assert len(before) < len(posted)  # the crash did interrupt the deliveries

        server = Server(env)
        deadline = time.monotonic() + 60
        while recorder.received() != posted:
            assert time.monotonic() < deadline, (
                f"missing after restart: {sorted(posted - recorder.received())}"
            )
            time.sleep(0.2)
        with sessionmaker(engine)() as session:
            deadline = time.monotonic() + 10
            while set(session.scalars(select(WebhookDelivery.state))) != {"delivered"}:
                assert time.monotonic() < deadline
                time.sleep(0.2)
                session.expire_all()
                session.rollback()
    finally:
        server.stop()
        recorder.close()
        engine.dispose()


def test_sigterm_stops_the_server_within_seconds_with_work_in_flight(
    tmp_path: Path, planned_option: dict[str, Any]
) -> None:
    """Issue 9: with SIGTERM all deliveries went out, but shutdown took 36 s."""
    with private_database("sqlite", tmp_path) as url:
        engine = engine_from_url(url)
        owner, carrier = new_pair(sessionmaker(engine))
        hanging = Recorder(delay_s=30.0)  # a subscriber that never answers in time
        env = {
            "CORRIDOR_DATABASE_URL": url,
            "CORRIDOR_MAX_OPTIONS": "10000",  # a routing question that takes about 30 s
            "CORRIDOR_ROUTE_DEADLINE_S": "120",
            **FAST_WEBHOOKS,
            "CORRIDOR_WEBHOOK_TIMEOUT_S": "20",
            "CORRIDOR_WEBHOOK_LEASE_S": "60",
        }
        server = Server(env)
        try:
            _, shipment = server.call(
                "POST", "/v1/shipments", booking(planned_option, carrier=carrier.name), owner.shipper
            )
            base = f"/v1/shipments/{shipment['id']}"
            server.call(
                "POST",
                f"{base}/subscriptions",
                {"url": hanging.url, "secret": "s3cret-of-the-subscriber"},
                owner.shipper,
            )
            server.call("POST", f"{base}/events", one_event(planned_option, 0), carrier.operator)
            long_question = {
                "origin": "Xi'an",
                "destination": "Duisburg",
                "via": ["Budapest", "Aktau"],
                "criteria": ["time", "cost", "distance", "co2e"],
            }
            threading.Thread(
                target=lambda: _swallow(lambda: server.call("POST", "/v1/routes", long_question, {})),
                daemon=True,
            ).start()
            time.sleep(2.0)  # the question is being worked on, the delivery is waiting for its subscriber
            assert server.process.poll() is None
            started = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            server.process.wait(timeout=30)
            took_s = time.monotonic() - started
            assert took_s < 6.0, f"SIGTERM took {took_s:.1f} s"
            with sessionmaker(engine)() as session:  # the unsent delivery is still owed
                assert session.scalars(select(WebhookDelivery.state)).all() == ["pending"]
        finally:
            server.stop()
            hanging.close()
            engine.dispose()


def _swallow(call: Any) -> None:
    with contextlib.suppress(OSError):
        call()


def _send_question(port: int, path: str = "/v1/routes") -> socket.socket:
    """A socket that has sent a routing question of about 3 s of work (0.8 s of search, 2 s of options)."""
    body = json.dumps(
        {
            "origin": "Xi'an",
            "destination": "Duisburg",
            "via": ["Budapest", "Aktau", "Tbilisi", "Almaty"],
            "criteria": ["time", "cost", "distance", "co2e"],
        }
    ).encode()
    sock = socket.create_connection(("127.0.0.1", port))
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    sock.sendall(head.encode() + body)
    return sock


@pytest.mark.parametrize(
    ("path", "processes"),
    [("/v1/routes", None), ("/v1/routes", "0"), ("/v1/routes/export?format=xlsx", None)],
    ids=["routes-in-route-processes", "routes-in-server-threads", "export"],
)
def test_a_routing_question_stops_working_when_its_client_disconnects(
    tmp_path: Path, path: str, processes: str | None
) -> None:
    """Issue 9: the server kept computing for minutes after the client had gone. A question of 450
    options (about 1 s of CPU) is left by its client after 0.4 s of it: the server stops before the
    last option, says so in its log, and spends no more CPU on it, whether the question runs in a
    routing worker process (the default on several CPUs) or in the server's threads
    (``CORRIDOR_ROUTE_PROCESSES=0``). The export of the same question as a workbook stops the same way."""
    with private_database("sqlite", tmp_path) as url:
        env = {
            "CORRIDOR_ROUTE_PROCESSES": "2" if processes is None else processes,
            "CORRIDOR_DATABASE_URL": url,
            "CORRIDOR_MAX_OPTIONS": "10000",
            "CORRIDOR_MAX_VIA": "4",
            "CORRIDOR_ROUTE_DEADLINE_S": "120",
        }
        log = tmp_path / "server.log"
        server = Server(env, log=log)
        try:
            start = server.cpu_s()
            sock = _send_question(server.port, path)
            deadline = time.monotonic() + 30
            while server.cpu_s() - start < 0.4:  # past the search (0.25 s of CPU), into the options (0.7 s)
                assert time.monotonic() < deadline
                time.sleep(0.02)
            sock.close()
            deadline = time.monotonic() + 5
            while "the client went away" not in log.read_text():
                assert time.monotonic() < deadline, log.read_text()[-2000:]
                time.sleep(0.1)
            # the 0.4 s of CPU may end before, during or just after the search (machine load, search speed)
            stage = r"(?:before|during|after) the Pareto search"
            pattern = rf"stopped (?:after (\d+) of (\d+) (?:chains|options)|{stage})"
            stopped = re.search(pattern, log.read_text())
            assert stopped is not None, log.read_text()[-2000:]
            assert stopped.group(1) is None or int(stopped.group(1)) < int(stopped.group(2))
            idle = server.cpu_s()
            time.sleep(1.0)
            assert server.cpu_s() - idle < 0.2  # nothing more is computed for nobody
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/v1/health", timeout=5) as response:
                assert response.status == 200
        finally:
            server.stop()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; its parent (gone) will not reap it


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_the_route_processes_end_with_the_server(tmp_path: Path, how: signal.Signals) -> None:
    """Issue 10: the routing worker processes outlived a server that was stopped or killed (52 of
    them, up to 1.1 GB each, were found after a test run). They end with it, however it ends."""
    with private_database("sqlite", tmp_path) as url:
        server = Server({"CORRIDOR_DATABASE_URL": url, "CORRIDOR_ROUTE_PROCESSES": "2"})
        try:
            status, answer = server.call("POST", "/v1/routes", {"origin": "Aktau", "destination": "Alat"}, {})
            assert status == 200
            assert answer["options"]
            workers = server.descendants()
            assert len(workers) >= 2  # the two route processes (and the resource tracker)
            server.process.send_signal(how)
            server.process.wait(timeout=30)
            deadline = time.monotonic() + 10
            while any(_alive(pid) for pid in workers):
                assert time.monotonic() < deadline, [pid for pid in workers if _alive(pid)]
                time.sleep(0.1)
        finally:
            server.stop()
