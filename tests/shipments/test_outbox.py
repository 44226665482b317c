"""The webhook outbox (issue 9): deliveries stored with their events, retried with back-off, dead letters
the subscriber can see, one tenant's slow subscriber not delaying another's, claims taken once."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from corridor.api import Settings, create_app
from corridor.network import Network
from corridor.shipments import outbox
from corridor.shipments.db import engine_from_url
from corridor.shipments.models import WebhookDelivery

from .conftest import BACKENDS, ROOT, Org, empty_database, new_org, new_pair, private_database
from .test_api import MakePair, booking, event
from .test_webhooks import SECRET, Receiver


@pytest.fixture(scope="module", params=BACKENDS)
def own_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this module's own: no other test's server sends (or claims) its deliveries."""
    with private_database(request.param, tmp_path_factory.mktemp("outbox")) as url:
        yield url


@pytest.fixture
def db(own_db: str) -> str:
    """The module's database, emptied before each test."""
    engine = engine_from_url(own_db)
    empty_database(engine)
    engine.dispose()
    return own_db


@pytest.fixture
def pair(db: str) -> Iterator[MakePair]:
    engine = engine_from_url(db)
    yield lambda: new_pair(sessionmaker(engine))
    engine.dispose()


def app_client(db_url: str, network: Network, **settings: Any) -> TestClient:
    base: dict[str, Any] = {
        "scenarios": ROOT / "scenarios",
        "workers": 1,
        "max_jobs": 1,
        "database_url": db_url,
        "webhook_retry_base_s": 0.05,
        "webhook_poll_s": 0.05,
    }
    return TestClient(create_app(Settings(**(base | settings)), network=network))


def book_and_subscribe(
    client: TestClient, option: dict[str, Any], make_pair: MakePair, url: str
) -> tuple[str, str, Org, Org]:
    owner, carrier = make_pair()
    shipment = client.post("/v1/shipments", json=booking(option, carrier=carrier.name), headers=owner.shipper)
    assert shipment.status_code == 201, shipment.text
    shipment_id = shipment.json()["id"]
    made = client.post(
        f"/v1/shipments/{shipment_id}/subscriptions",
        json={"url": url, "secret": SECRET},
        headers=owner.shipper,
    )
    assert made.status_code == 201, made.text
    return shipment_id, made.json()["id"], owner, carrier


def wait_for(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_delivery_is_stored_with_its_event_and_sent_by_a_later_server(
    db: str, network: Network, planned_option: dict[str, Any], pair: MakePair
) -> None:
    """Nothing is held in memory: a server that never sends still leaves the delivery in the database."""
    receiver = Receiver()
    try:
        with app_client(db, network, webhook_worker=False) as mute:
            shipment_id, sub_id, owner, carrier = book_and_subscribe(mute, planned_option, pair, receiver.url)
            posted = mute.post(
                f"/v1/shipments/{shipment_id}/events",
                json=event(planned_option, 0, "ev-1", hours=70),
                headers=carrier.operator,
            )
            assert posted.json()["stored"] == 1
            pending = mute.get(
                f"/v1/shipments/{shipment_id}/subscriptions/{sub_id}/deliveries?state=pending",
                headers=owner.shipper,
            ).json()["deliveries"]
            assert [(d["event_ids"], d["attempts"]) for d in pending] == [(["ev-1"], 0)]
        assert receiver.posts.empty()
        with app_client(db, network):
            _, body = receiver.next()
            assert [e["event_id"] for e in body["events"]] == ["ev-1"]
    finally:
        receiver.close()


def test_a_subscriber_that_keeps_failing_ends_in_its_dead_letters_and_can_be_redelivered(
    db: str, network: Network, planned_option: dict[str, Any], pair: MakePair
) -> None:
    receiver = Receiver(fail_first=3)
    try:
        with app_client(db, network, webhook_max_attempts=3) as client:
            shipment_id, sub_id, owner, carrier = book_and_subscribe(
                client, planned_option, pair, receiver.url
            )
            client.post(
                f"/v1/shipments/{shipment_id}/events",
                json=event(planned_option, 0, "ev-1", hours=70),
                headers=carrier.operator,
            )
            base = f"/v1/shipments/{shipment_id}/subscriptions/{sub_id}/deliveries"

            def dead() -> list[dict[str, Any]]:
                found: list[dict[str, Any]] = client.get(f"{base}?state=dead", headers=owner.shipper).json()[
                    "deliveries"
                ]
                return found

            wait_for(lambda: bool(dead()))
            (letter,) = dead()
            assert (letter["attempts"], letter["event_ids"]) == (3, ["ev-1"])
            assert letter["last_error"] == "answered 500"
            assert receiver.failures == 0
            assert receiver.posts.empty()
            # only the owner (or an admin) sees them
            assert client.get(base, headers=carrier.operator).status_code == 403
            again = client.post(f"{base}/{letter['id']}/redeliver", headers=owner.shipper)
            assert again.status_code == 200, again.text
            _, body = receiver.next()
            assert [e["event_id"] for e in body["events"]] == ["ev-1"]
            wait_for(
                lambda: bool(
                    client.get(f"{base}?state=delivered", headers=owner.shipper).json()["deliveries"]
                )
            )
            assert dead() == []
            not_dead = client.post(f"{base}/{letter['id']}/redeliver", headers=owner.shipper)
            assert not_dead.status_code == 422
    finally:
        receiver.close()


def test_retries_back_off_exponentially() -> None:
    policy = outbox.RetryPolicy(base_s=60, max_delay_s=7200, max_attempts=12)
    delays = [policy.delay_s(n) for n in range(1, 12)]
    assert delays[:7] == [60, 120, 240, 480, 960, 1920, 3840]
    assert delays[7:] == [7200] * 4
    assert 10 * 3600 < sum(delays) < 10.2 * 3600  # minutes at first, hours in the end: ten hours


class SlowReceiver:
    """Answers every POST after ``delay_s`` seconds; records when each arrived."""

    def __init__(self, delay_s: float) -> None:
        self.arrivals: list[float] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                receiver.arrivals.append(time.monotonic())
                time.sleep(delay_s)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.slow
def test_one_tenants_slow_subscriber_does_not_delay_another_tenant(
    db: str, network: Network, planned_option: dict[str, Any], pair: MakePair
) -> None:
    """Issue 9: one shared pool let a slow subscriber delay every tenant by 32.6 s."""
    slow, fast = SlowReceiver(3.0), Receiver()
    try:
        with app_client(db, network, webhook_threads=4, webhook_per_subscriber=2) as client:
            slow_id, _, _, slow_carrier = book_and_subscribe(client, planned_option, pair, slow.url)
            for n in range(8):  # eight deliveries of three seconds each for the slow tenant
                client.post(
                    f"/v1/shipments/{slow_id}/events",
                    json=event(planned_option, 0, f"slow-{n}", hours=70 + n),
                    headers=slow_carrier.operator,
                )
            wait_for(lambda: len(slow.arrivals) >= 2)
            fast_id, _, _, fast_carrier = book_and_subscribe(client, planned_option, pair, fast.url)
            started = time.monotonic()
            client.post(
                f"/v1/shipments/{fast_id}/events",
                json=event(planned_option, 0, "fast-1", hours=70),
                headers=fast_carrier.operator,
            )
            _, body = fast.next(timeout=5.0)
            assert time.monotonic() - started < 1.5  # not behind the slow tenant's 24 s of deliveries
            assert [e["event_id"] for e in body["events"]] == ["fast-1"]
            assert len(slow.arrivals) <= 4  # the slow tenant never held more than its two threads
    finally:
        slow.close()
        fast.close()


def test_two_senders_claiming_the_same_rows_get_each_row_once(
    db: str, network: Network, planned_option: dict[str, Any], pair: MakePair
) -> None:
    with app_client(db, network, webhook_worker=False) as mute:
        shipment_id, _, _, carrier = book_and_subscribe(mute, planned_option, pair, "http://127.0.0.1:9/x")
        for n in range(20):
            mute.post(
                f"/v1/shipments/{shipment_id}/events",
                json=event(planned_option, 0, f"ev-{n}", hours=70 + n),
                headers=carrier.operator,
            )
    engine = engine_from_url(db)
    factory = sessionmaker(engine)
    got: list[list[int]] = [[], [], [], []]
    barrier = threading.Barrier(4)

    def claim(slot: int) -> None:
        barrier.wait()
        for _ in range(10):
            with factory() as session, session.begin():
                for organisation in outbox.due_organisations(session):
                    claims = outbox.claim_due(session, organisation, limit=3, lease_s=60)
                    got[slot].extend(c.id for c in claims)

    try:
        threads = [threading.Thread(target=claim, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        claimed = [row for slot in got for row in slot]
        assert len(claimed) == len(set(claimed)) == 20
        with factory() as session:
            attempts = session.scalars(select(WebhookDelivery.attempts)).all()
            assert sorted(attempts) == [1] * 20
        # a lease that has expired (its sender died) is claimed again
        later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61)
        with factory() as session, session.begin():
            (organisation,) = outbox.due_organisations(session, now=later)
            again = outbox.claim_due(session, organisation, limit=100, lease_s=60, now=later)
        assert sorted(c.id for c in again) == sorted(claimed)
        assert {c.attempt for c in again} == {2}
    finally:
        engine.dispose()


@pytest.fixture
def stranger(db: str) -> Iterator[Org]:
    engine = engine_from_url(db)
    yield new_org(sessionmaker(engine))
    engine.dispose()


def test_deliveries_are_seen_only_by_the_subscriber(
    db: str, network: Network, planned_option: dict[str, Any], pair: MakePair, stranger: Org
) -> None:
    with app_client(db, network, webhook_worker=False) as client:
        shipment_id, sub_id, owner, _ = book_and_subscribe(
            client, planned_option, pair, "http://127.0.0.1:9/x"
        )
        base = f"/v1/shipments/{shipment_id}/subscriptions/{sub_id}/deliveries"
        assert client.get(base).status_code == 401
        assert client.get(base, headers=stranger.shipper).status_code == 404
        assert client.get(base, headers=stranger.admin).status_code == 200
        assert client.get(base, headers=owner.shipper).json() == {"subscription_id": sub_id, "deliveries": []}
        assert client.get(f"{base}?state=lost", headers=owner.shipper).status_code == 422
        other = f"/v1/shipments/{shipment_id}/subscriptions/not-a-subscription/deliveries"
        assert client.get(other, headers=owner.shipper).status_code == 404
