"""Event subscriptions: new events are pushed, signed, to a real HTTP server on 127.0.0.1, on each backend."""

from __future__ import annotations

import hashlib
import hmac
import json
import queue
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corridor.errors import ShipmentInputError
from corridor.shipments.webhooks import (
    REPLAY_WINDOW_S,
    Delivery,
    check_resolved,
    deliver,
    signature,
    validate_callback_url,
    verify_signature,
)

from .conftest import Org
from .test_api import MakePair, event

MakeOrg = Callable[[], Org]
SECRET = "s3cret-of-the-subscriber"


class Receiver:
    """An HTTP server on 127.0.0.1 that records every POST; the first ``fail_first`` answers are 500."""

    def __init__(self, *, fail_first: int = 0) -> None:
        self.posts: queue.Queue[tuple[dict[str, str], bytes]] = queue.Queue()
        self.failures = fail_first
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.send_response(500)
                else:
                    receiver.posts.put((dict(self.headers.items()), body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def next(self, timeout: float = 5.0) -> tuple[dict[str, str], dict[str, Any]]:
        headers, body = self.posts.get(timeout=timeout)
        header = headers["Notification-Signature"]
        stamp = header.split(",")[0].removeprefix("t=")
        signed = f"{stamp}.".encode() + body
        expected = f"t={stamp},sha256=" + hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()
        assert header == expected  # an oracle independent of corridor.shipments.webhooks
        assert verify_signature(SECRET, header, body)
        assert not verify_signature(SECRET, header, body, now=int(stamp) + REPLAY_WINDOW_S + 1)
        assert not verify_signature(SECRET, header, body + b" ")
        return headers, json.loads(body)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def carried(
    service_client: TestClient, planned_option: dict[str, Any], make_pair: MakePair
) -> tuple[str, Org, Org]:
    from .test_api import booking

    owner, carrier = make_pair()
    response = service_client.post(
        "/v1/shipments", json=booking(planned_option, carrier=carrier.name), headers=owner.shipper
    )
    return response.json()["id"], owner, carrier


def test_new_events_are_pushed_signed_and_only_once(
    service_client: TestClient,
    planned_option: dict[str, Any],
    carried: tuple[str, Org, Org],
    receiver: Receiver,
) -> None:
    shipment_id, owner, carrier = carried
    base = f"/v1/shipments/{shipment_id}"
    made = service_client.post(
        f"{base}/subscriptions", json={"url": receiver.url, "secret": SECRET}, headers=owner.shipper
    )
    assert made.status_code == 201, made.text
    subscription = made.json()
    assert subscription["url"] == receiver.url
    assert "secret" not in subscription

    first = event(planned_option, 0, "ev-1", hours=70)
    assert service_client.post(f"{base}/events", json=first, headers=carrier.operator).json()["stored"] == 1
    headers, body = receiver.next()
    assert headers["X-Corridor-Subscription-Id"] == subscription["id"]
    assert body["shipment_id"] == shipment_id
    assert [e["event_id"] for e in body["events"]] == ["ev-1"]
    assert body["events"][0]["node_id"] == first["node_id"]

    batch = [event(planned_option, 1, "ev-2", hours=80), first, event(planned_option, 2, "ev-3", hours=82)]
    stored = service_client.post(f"{base}/events:bulk", json=batch, headers=carrier.operator).json()
    assert stored == {"received": 3, "stored": 2, "duplicates": 1}
    _, body = receiver.next()
    assert [e["event_id"] for e in body["events"]] == ["ev-2", "ev-3"]  # the repeat is not pushed again

    again = service_client.post(f"{base}/events:bulk", json=batch, headers=carrier.operator).json()
    assert again["stored"] == 0
    gone = service_client.delete(f"{base}/subscriptions/{subscription['id']}", headers=owner.shipper)
    assert gone.status_code == 204
    service_client.post(
        f"{base}/events", json=event(planned_option, 3, "ev-4", hours=90), headers=carrier.operator
    )
    with pytest.raises(queue.Empty):
        receiver.posts.get(timeout=1.0)  # nothing after a repeat, nor after unsubscribing
    again_gone = service_client.delete(f"{base}/subscriptions/{subscription['id']}", headers=owner.shipper)
    assert again_gone.status_code == 404


@pytest.mark.slow
def test_a_failing_subscriber_is_retried_and_never_fails_the_post(
    service_client: TestClient, planned_option: dict[str, Any], carried: tuple[str, Org, Org]
) -> None:
    shipment_id, owner, carrier = carried
    flaky = Receiver(fail_first=2)
    dead = "http://127.0.0.1:9/nobody-listens"  # the discard port: connection refused
    try:
        for url in (flaky.url, dead):
            body = {"url": url, "secret": SECRET}
            made = service_client.post(
                f"/v1/shipments/{shipment_id}/subscriptions", json=body, headers=owner.admin
            )
            assert made.status_code == 201
        posted = service_client.post(
            f"/v1/shipments/{shipment_id}/events",
            json=event(planned_option, 0, "ev-1", hours=70),
            headers=carrier.operator,
        )
        assert posted.status_code == 200
        _, received = flaky.next()  # third attempt
        assert [e["event_id"] for e in received["events"]] == ["ev-1"]
        assert flaky.failures == 0
    finally:
        flaky.close()


@pytest.mark.slow
def test_delivery_gives_up_after_three_tries() -> None:
    flaky = Receiver(fail_first=5)
    try:
        assert not deliver(Delivery("sub", flaky.url, SECRET, b"{}"))
        assert flaky.failures == 2
        assert deliver(Delivery("sub", flaky.url, SECRET, b"{}"))
    finally:
        flaky.close()


def test_signature_is_hmac_sha256_of_the_body() -> None:
    # RFC 4231 test case 2
    assert signature("Jefe", b"what do ya want for nothing?") == (
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


@pytest.mark.parametrize(
    ("url", "allowed", "ok"),
    [
        ("http://127.0.0.1:8080/hook", (), True),
        ("https://localhost/hook", (), True),
        ("http://[::1]:9000/", (), True),
        ("https://hooks.example.com/corridor", ("hooks.example.com",), True),
        ("https://hooks.example.com/corridor", (), False),
        ("http://10.0.0.5/hook", (), False),
        ("ftp://127.0.0.1/hook", (), False),
        ("file:///etc/passwd", (), False),
        ("http://user:pw@127.0.0.1/hook", (), False),
        ("127.0.0.1/hook", (), False),
    ],
)
def test_callback_urls_go_to_loopback_or_allowed_hosts(url: str, allowed: tuple[str, ...], ok: bool) -> None:
    if ok:
        assert validate_callback_url(url, allowed_hosts=allowed) == url
    else:
        with pytest.raises(ShipmentInputError):
            validate_callback_url(url, allowed_hosts=allowed)


def test_subscriptions_follow_the_access_rules(
    service_client: TestClient, carried: tuple[str, Org, Org], make_org: MakeOrg
) -> None:
    shipment_id, owner, carrier = carried
    url = f"/v1/shipments/{shipment_id}/subscriptions"
    body = {"url": "http://127.0.0.1:9/hook", "secret": SECRET}
    stranger = make_org()
    assert service_client.post(url, json=body).status_code == 401
    assert service_client.post(url, json=body, headers=stranger.shipper).status_code == 404
    assert service_client.post(url, json=body, headers=carrier.operator).status_code == 403
    bad = service_client.post(url, json={**body, "url": "http://example.com/hook"}, headers=owner.shipper)
    assert bad.status_code == 422
    assert "CORRIDOR_WEBHOOK_HOSTS" in bad.json()["detail"]["message"]
    made = service_client.post(url, json=body, headers=owner.shipper).json()
    one = f"{url}/{made['id']}"
    assert service_client.delete(one, headers=carrier.operator).status_code == 403
    assert service_client.delete(one, headers=stranger.shipper).status_code == 404
    assert service_client.delete(one, headers=stranger.admin).status_code == 204


def test_the_address_is_checked_again_at_delivery(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 9: the allow-list was checked only when subscribing, and resolved addresses never."""
    hook = Receiver()
    try:
        # a host taken off the allow-list gets nothing more
        named = hook.url.replace("127.0.0.1", "hooks.example.com")
        assert not deliver(Delivery("sub", named, SECRET, b"{}"), allowed_hosts=())
        # an allowed name that now resolves to an internal address (DNS rebinding) gets nothing
        real = socket.getaddrinfo

        def rebound(host: str, *args: Any, **kwargs: Any) -> Any:
            if host == "hooks.example.com":
                return real("10.0.0.5", *args, **kwargs)
            return real(host, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", rebound)
        with pytest.raises(ShipmentInputError, match="refused address"):
            check_resolved(named)
        assert not deliver(Delivery("sub", named, SECRET, b"{}"), allowed_hosts=("hooks.example.com",))
        assert hook.posts.empty()
        assert deliver(Delivery("sub", hook.url, SECRET, b"{}"))  # loopback stays allowed
    finally:
        hook.close()


def test_a_shipment_has_at_most_ten_subscriptions(
    service_client: TestClient, carried: tuple[str, Org, Org]
) -> None:
    """Issue 9: unlimited subscriptions per shipment let one tenant's subscribers delay everyone's."""
    shipment_id, owner, _ = carried
    url = f"/v1/shipments/{shipment_id}/subscriptions"
    body = {"url": "http://127.0.0.1:9/hook", "secret": SECRET}
    made = [service_client.post(url, json=body, headers=owner.shipper) for _ in range(10)]
    assert all(r.status_code == 201 for r in made)
    refused = service_client.post(url, json=body, headers=owner.shipper)
    assert refused.status_code == 422
    assert "at most 10 subscriptions" in refused.json()["detail"]["message"]
    gone = service_client.delete(f"{url}/{made[0].json()['id']}", headers=owner.shipper)
    assert gone.status_code == 204
    assert service_client.post(url, json=body, headers=owner.shipper).status_code == 201
