"""Poison input is refused with 422 on every endpoint, and nothing accepted makes a later read fail."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import Org
from .test_api import CONTAINERS, MakeOrg, booking, event

POISON_BODIES = [
    b'{"x": NaN}',
    b'{"x": Infinity}',
    b'{"x": -Infinity}',
    b'{"x": 1e999999}',
    b'{"x": "\\ud800"}',
    b'{"x": "a\\u0000b"}',
    b'{"\\u0000": 1}',
    b'[{"x": [1, 2, {"y": "\\udfff"}]}]',
]


def _routes(client: TestClient) -> list[tuple[str, str]]:
    schema = client.get("/openapi.json").json()
    return [(method.upper(), path) for path, item in schema["paths"].items() for method in item]


def _concrete(path: str) -> str:
    concrete = (
        path.replace("{shipment_id}", "s-1").replace("{job_id}", "j-1").replace("{subscription_id}", "x")
    )
    return concrete.replace("{delivery_id}", "1")


@pytest.mark.parametrize("body", POISON_BODIES)
def test_poison_json_is_422_on_every_endpoint(service_client: TestClient, org: Org, body: bytes) -> None:
    for method, path in _routes(service_client):
        if method not in ("POST", "PUT", "PATCH"):
            continue
        response = service_client.request(
            method,
            _concrete(path),
            content=body,
            headers={**org.admin, "content-type": "application/json"},
        )
        assert response.status_code == 422, (method, path, response.text)
        assert "message" in response.json()["detail"]


@pytest.mark.parametrize("bad", ["%00", "a%00b"])
def test_nul_in_path_and_query_is_422(service_client: TestClient, org: Org, bad: str) -> None:
    for method, path in _routes(service_client):
        if "{" not in path:
            continue
        target = re.sub(r"\{[a-z_]+\}", bad, path)  # every path parameter
        response = service_client.request(method, target, headers=org.admin)
        assert response.status_code == 422, (method, path, response.text)
    assert service_client.get(f"/v1/nodes?q={bad}").status_code == 422
    assert service_client.get("/v1/nodes?limit=inf").status_code == 422


def test_validation_errors_never_echo_the_input(service_client: TestClient, org: Org) -> None:
    # a string where a number belongs: FastAPI's 422 would echo the value
    response = service_client.post("/v1/shipments", json={"origin": ["x" * 50]}, headers=org.shipper)
    assert response.status_code == 422
    assert "xxxxx" not in response.text
    assert all(set(item) == {"type", "loc", "msg"} for item in response.json()["detail"])


@pytest.fixture
def org(make_org: MakeOrg) -> Org:
    return make_org()


def _book(client: TestClient, option: dict[str, Any], owner: Org, chain: dict[str, Any]) -> Any:
    return client.post("/v1/shipments", json={**booking(option), "chain": chain}, headers=owner.shipper)


@pytest.mark.parametrize(
    ("number", "why"),
    [("CSQU305438\u00b3", "superscript"), ("CSQU\u0663\u0660\u0665\u0664\u0663\u0668\u0663", "arabic-indic")],
)
def test_container_numbers_need_ascii_digits(
    service_client: TestClient, planned_option: dict[str, Any], org: Org, number: str, why: str
) -> None:
    body = {**booking(planned_option), "containers": [{"number": number, "type": "40HC"}]}
    response = service_client.post("/v1/shipments", json=body, headers=org.shipper)
    assert response.status_code == 422, why


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/",
        "http://127.0.0.1:9/a\r\nX-Injected: 1",
        "http://127.0.0.1:9/\x00",
        "http://127.0.0.1:99999/",
    ],
)
def test_malformed_webhook_urls_are_422(
    service_client: TestClient, planned_option: dict[str, Any], org: Org, url: str
) -> None:
    created = service_client.post("/v1/shipments", json=booking(planned_option), headers=org.shipper)
    shipment_id = created.json()["id"]
    response = service_client.post(
        f"/v1/shipments/{shipment_id}/subscriptions",
        json={"url": url, "secret": "s3cret-s3cret"},
        headers=org.shipper,
    )
    assert response.status_code == 422, response.text


@pytest.mark.parametrize(
    "moment",
    [
        "9999-12-31T23:59:59+00:00",
        "9999-12-31T23:59:59-05:00",
        "0001-01-01T00:00:00+05:00",
        "1900-01-01T00:00Z",
    ],
)
def test_out_of_range_event_times_are_422(
    service_client: TestClient, planned_option: dict[str, Any], org: Org, moment: str
) -> None:
    shipment_id = service_client.post(
        "/v1/shipments", json=booking(planned_option), headers=org.shipper
    ).json()["id"]
    body = {**event(planned_option, 0, "e-1", hours=1), "event_time": moment}
    response = service_client.post(f"/v1/shipments/{shipment_id}/events", json=body, headers=org.admin)
    assert response.status_code == 422, response.text


def _with(chain: dict[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(chain)
    changed["elements"][index].update(changes)
    return changed


def _first(chain: dict[str, Any], kind: str, mode: str | None = None) -> int:
    for index, element in enumerate(chain["elements"]):
        if element["type"] == kind and (mode is None or element.get("mode") == mode):
            return index
    raise AssertionError(f"no {kind} {mode}")


def _extreme_chains(chain: dict[str, Any]) -> dict[str, dict[str, Any]]:
    hub, rail = _first(chain, "hub"), _first(chain, "leg", "rail")
    huge = [{"dist": "triangular", "min": 1e300, "mode": 1e300, "max": 1e300}]
    return {
        "huge hub dwell": _with(chain, hub, duration_h=huge),
        "rail leg without from_node": _with(chain, rail, from_node=None),
        "huge distance": _with(chain, rail, distance_km=1e300),
        "many elements": _many(chain),
    }


def _many(chain: dict[str, Any]) -> dict[str, Any]:
    """The chain with its first hub repeated to 501 elements (the leg repeated 36,000 times of issue 9)."""
    hub = chain["elements"][_first(chain, "hub")]
    return {**chain, "elements": [*chain["elements"], *[hub] * (501 - len(chain["elements"]))]}


def _every_read(client: TestClient, shipment_id: str, headers: dict[str, str]) -> None:
    base = f"/v1/shipments/{shipment_id}"
    for path in ("", "/timeline", "/eta", "/documents/emissions", "/documents/emissions?format=html"):
        response = client.get(base + path, headers=headers)
        assert response.status_code == 200, (path, response.text[:300])
    for path in ("/documents/cim-smgs", "/documents/ecmr", "/documents/cim-smgs?format=pdf"):
        response = client.get(base + path, headers=headers)
        assert response.status_code in (200, 422), (path, response.text[:300])
    assert client.get("/v1/shipments", headers=headers).status_code == 200


def test_every_accepted_extreme_reads_back(
    service_client: TestClient, planned_option: dict[str, Any], make_org: MakeOrg
) -> None:
    """Store each extreme the service accepts, then read every endpoint back: no 500, ever."""
    owner = make_org()
    chain = planned_option["chain"]
    stored = []
    for name, extreme in _extreme_chains(chain).items():
        response = _book(service_client, planned_option, owner, extreme)
        assert response.status_code in (201, 422), (name, response.text[:300])
        if response.status_code == 201:
            stored.append(response.json()["id"])
    plain = _book(service_client, planned_option, owner, chain).json()["id"]
    extremes = [
        {**event(planned_option, 0, "late", hours=1), "event_time": "2199-12-31T23:59:59+00:00"},
        {**event(planned_option, 0, "early", hours=1), "event_time": "1970-01-01T00:00:00-00:00"},
        {**event(planned_option, 0, "offset", hours=1), "event_time": "2199-12-31T23:59:59-23:59"},
        {**event(planned_option, 0, "text", hours=1), "event_id": "\U0001f4e6 \u202e 'x\"; DROP --"},
    ]
    for item in extremes:
        response = service_client.post(f"/v1/shipments/{plain}/events", json=item, headers=owner.admin)
        assert response.status_code in (200, 422), response.text
    for shipment_id in [*stored, plain]:
        _every_read(service_client, shipment_id, owner.admin)


def test_chain_elements_are_capped(
    service_client: TestClient, planned_option: dict[str, Any], org: Org
) -> None:
    chain = planned_option["chain"]
    response = _book(service_client, planned_option, org, _many(chain))
    assert response.status_code == 422
    assert "at most 500 elements" in response.json()["detail"]["message"]


def test_logs_never_hold_statement_parameters(
    service_client: TestClient, planned_option: dict[str, Any], org: Org, caplog: pytest.LogCaptureFixture
) -> None:
    from corridor.shipments.db import engine_from_url

    engine = engine_from_url("sqlite://")
    assert engine.hide_parameters
    assert not engine.echo
    caplog.set_level(logging.DEBUG)
    secret = "top-secret-" + dt.datetime.now(dt.UTC).strftime("%f")
    shipment_id = service_client.post(
        "/v1/shipments", json=booking(planned_option), headers=org.shipper
    ).json()["id"]
    service_client.post(
        f"/v1/shipments/{shipment_id}/subscriptions",
        json={"url": "http://[::1/", "secret": secret},
        headers=org.shipper,
    )
    service_client.post(
        f"/v1/shipments/{shipment_id}/subscriptions",
        json={"url": "http://127.0.0.1:9/hook", "secret": secret + "\x00"},
        headers=org.shipper,
    )
    assert secret not in caplog.text
    assert CONTAINERS  # the booking above used the shared containers
