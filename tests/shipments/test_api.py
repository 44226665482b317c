"""The shipment API end to end on each database: access rules, idempotency, order, atomicity, ETA."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corridor.chain import chain_from_json_data

from .conftest import Org

MakeOrg = Callable[[], Org]
MakePair = Callable[[], tuple[Org, Org]]
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
CONTAINERS = [{"number": "CSQU3054383", "type": "40HC"}, {"number": "MSKU9070323", "type": "40HC"}]


def booking(option: dict[str, Any], *, carrier: str | None = None) -> dict[str, Any]:
    return {
        "origin": option["query"]["origin"],
        "destination": option["query"]["destination"],
        "shipper": "Xi'an Electronics Co.",
        "consignee": "Duisburg Logistics GmbH",
        "containers": CONTAINERS,
        "chain": option["chain"],
        "carrier": carrier,
    }


def event(option: dict[str, Any], index: int, event_id: str, *, hours: float, **extra: Any) -> dict[str, Any]:
    """An actual event completing chain element ``index``, ``hours`` after T0."""
    element = option["chain"]["elements"][index]
    node = element["node_id"] if element["type"] == "hub" else element["to_node"]
    return {
        "event_id": event_id,
        "event_type": "arrival",
        "classifier": "ACT",
        "event_time": (T0 + dt.timedelta(hours=hours)).isoformat(),
        "node_id": node,
        "element_index": index,
        **extra,
    }


@pytest.fixture
def shipment(
    service_client: TestClient, planned_option: dict[str, Any], make_pair: MakePair
) -> tuple[str, Org, Org]:
    """A shipment of a new shipper organisation, carried by a new carrier organisation linked to it."""
    owner, carrier = make_pair()
    response = service_client.post(
        "/v1/shipments", json=booking(planned_option, carrier=carrier.name), headers=owner.shipper
    )
    assert response.status_code == 201, response.text
    return response.json()["id"], owner, carrier


def test_create_and_read_a_shipment(
    service_client: TestClient, planned_option: dict[str, Any], shipment: tuple[str, Org, Org]
) -> None:
    shipment_id, owner, carrier = shipment
    data = service_client.get(f"/v1/shipments/{shipment_id}", headers=owner.shipper).json()
    assert data["owner"] == owner.name
    assert data["carrier"] == carrier.name
    assert data["chain"] == planned_option["chain"]
    assert [c["number"] for c in data["containers"]] == ["CSQU3054383", "MSKU9070323"]
    assert dt.datetime.fromisoformat(data["created_at"]).tzinfo is not None
    listed = service_client.get("/v1/shipments", headers=owner.shipper).json()["shipments"]
    assert [s["id"] for s in listed] == [shipment_id]
    carried = service_client.get("/v1/shipments", headers=carrier.operator).json()["shipments"]
    assert [s["id"] for s in carried] == [shipment_id]


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "cor_not-a-key"}])
def test_every_shipment_endpoint_needs_a_valid_key(
    service_client: TestClient, shipment: tuple[str, Org, Org], headers: dict[str, str]
) -> None:
    shipment_id = shipment[0]
    calls: list[tuple[str, str, Any]] = [
        ("GET", "/v1/shipments", None),
        ("POST", "/v1/shipments", {}),
        ("GET", f"/v1/shipments/{shipment_id}", None),
        ("POST", f"/v1/shipments/{shipment_id}/events", {}),
        ("POST", f"/v1/shipments/{shipment_id}/events:bulk", []),
        ("GET", f"/v1/shipments/{shipment_id}/timeline", None),
        ("GET", f"/v1/shipments/{shipment_id}/eta", None),
    ]
    for method, path, body in calls:
        response = service_client.request(method, path, json=body, headers=headers)
        if body == {} and response.status_code == 422:
            continue  # the body is checked before the key; a valid body still needs the key:
        assert response.status_code == 401, (method, path, response.text)
        assert response.json()["detail"]["field"] == "X-API-Key"


def test_a_shipper_cannot_reach_another_organisations_shipment(
    service_client: TestClient,
    planned_option: dict[str, Any],
    shipment: tuple[str, Org, Org],
    make_org: MakeOrg,
) -> None:
    shipment_id, owner, carrier = shipment
    stranger = make_org()
    ev = event(planned_option, 0, "e-1", hours=10)
    base = f"/v1/shipments/{shipment_id}"
    for key in (stranger.shipper, stranger.operator):
        assert service_client.get(base, headers=key).status_code == 404
        assert service_client.get(f"{base}/timeline", headers=key).status_code == 404
        assert service_client.get(f"{base}/eta", headers=key).status_code == 404
        assert service_client.post(f"{base}/events", json=ev, headers=key).status_code == 404
        assert service_client.post(f"{base}/events:bulk", json=[ev], headers=key).status_code == 404
        assert service_client.get("/v1/shipments", headers=key).json()["shipments"] == []
    # the answer for another organisation's shipment is the answer for no shipment at all
    missing = service_client.get(
        "/v1/shipments/00000000-0000-0000-0000-000000000000", headers=stranger.shipper
    )
    hidden = service_client.get(base, headers=stranger.shipper)
    assert hidden.json()["detail"]["message"].replace(shipment_id, "X") == missing.json()["detail"][
        "message"
    ].replace("00000000-0000-0000-0000-000000000000", "X")
    # the owner's shipper key reads but does not post events; the carrier's operator key does
    assert service_client.post(f"{base}/events", json=ev, headers=owner.shipper).status_code == 403
    assert service_client.post(f"{base}/events", json=ev, headers=owner.operator).status_code == 403
    assert service_client.post(f"{base}/events", json=ev, headers=carrier.operator).status_code == 200
    timeline = service_client.get(f"{base}/timeline", headers=owner.shipper).json()["events"]
    assert [e["event_id"] for e in timeline] == ["e-1"]
    # an operator cannot book, an admin of another organisation sees everything
    booked = service_client.post("/v1/shipments", json=booking(planned_option), headers=carrier.operator)
    assert booked.status_code == 403
    assert service_client.get(base, headers=stranger.admin).status_code == 200


def test_only_the_carriers_operator_keys_and_admins_post_events(
    service_client: TestClient,
    planned_option: dict[str, Any],
    shipment: tuple[str, Org, Org],
    make_org: MakeOrg,
) -> None:
    """docs/api.md: an operator posts the events of the shipments its organisation carries; an admin does
    everything. A shipper key of the carrier's own organisation sees the shipment but may not post."""
    shipment_id, owner, carrier = shipment
    base = f"/v1/shipments/{shipment_id}"
    refused = event(planned_option, 0, "by-carrier-shipper", hours=1)
    assert service_client.get(base, headers=carrier.shipper).status_code == 200
    for path, body in ((f"{base}/events", refused), (f"{base}/events:bulk", [refused])):
        response = service_client.post(path, json=body, headers=carrier.shipper)
        assert response.status_code == 403, response.text
        assert "operator" in response.json()["detail"]["message"]
    admins = {"carrier-admin": carrier.admin, "owner-admin": owner.admin, "other-admin": make_org().admin}
    for number, (event_id, key) in enumerate(admins.items()):
        ev = event(planned_option, 0, event_id, hours=2 + number)
        assert service_client.post(f"{base}/events", json=ev, headers=key).status_code == 200
    timeline = service_client.get(f"{base}/timeline", headers=owner.shipper).json()["events"]
    assert [e["event_id"] for e in timeline] == list(admins)


def test_the_same_event_twice_is_stored_once(
    service_client: TestClient, planned_option: dict[str, Any], shipment: tuple[str, Org, Org]
) -> None:
    shipment_id, owner, carrier = shipment
    ev = event(planned_option, 0, "gate-in-1", hours=1, event_type="gate-in")
    url = f"/v1/shipments/{shipment_id}/events"
    first = service_client.post(url, json=ev, headers=carrier.operator).json()
    again = service_client.post(url, json=ev, headers=carrier.operator).json()
    bulk = service_client.post(f"{url}:bulk", json=[ev, ev], headers=carrier.operator).json()
    assert first == {"received": 1, "stored": 1, "duplicates": 0}
    assert again == {"received": 1, "stored": 0, "duplicates": 1}
    assert bulk == {"received": 2, "stored": 0, "duplicates": 2}
    events = service_client.get(f"/v1/shipments/{shipment_id}/timeline", headers=owner.shipper).json()[
        "events"
    ]
    assert [e["event_id"] for e in events] == ["gate-in-1"]


def test_out_of_order_events_give_a_timeline_in_event_time_order(
    service_client: TestClient, planned_option: dict[str, Any], shipment: tuple[str, Org, Org]
) -> None:
    shipment_id, owner, carrier = shipment
    n = len(planned_option["chain"]["elements"])
    events = [event(planned_option, i, f"ev-{i}", hours=12.0 * (i + 1)) for i in range(n)]
    url = f"/v1/shipments/{shipment_id}/events"
    for ev in reversed(events[n // 2 :]):
        assert service_client.post(url, json=ev, headers=carrier.operator).status_code == 200
    shuffled = events[: n // 2][::-1]
    assert service_client.post(f"{url}:bulk", json=shuffled, headers=carrier.operator).status_code == 200
    timeline = service_client.get(f"/v1/shipments/{shipment_id}/timeline", headers=owner.shipper).json()
    assert [e["event_id"] for e in timeline["events"]] == [e["event_id"] for e in events]
    times = [dt.datetime.fromisoformat(e["event_time"]) for e in timeline["events"]]
    assert times == sorted(times)
    assert times[0] == T0 + dt.timedelta(hours=12)


def test_a_time_zone_is_kept_as_the_same_instant(
    service_client: TestClient, planned_option: dict[str, Any], shipment: tuple[str, Org, Org]
) -> None:
    shipment_id, owner, carrier = shipment
    ev = event(planned_option, 0, "tz", hours=0)
    ev["event_time"] = "2026-03-02T13:00:00+05:00"
    service_client.post(f"/v1/shipments/{shipment_id}/events", json=ev, headers=carrier.operator)
    stored = service_client.get(f"/v1/shipments/{shipment_id}/timeline", headers=owner.shipper).json()
    assert dt.datetime.fromisoformat(stored["events"][0]["event_time"]) == T0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"event_time": "2026-03-02T10:00:00"}, None),  # no time zone
        ({"node_id": "XXNOWHERE"}, "events[2].node_id"),
        ({"element_index": 9999}, "events[2].element_index"),
        ({"event_type": "teleport"}, None),
    ],
)
def test_a_batch_with_one_invalid_event_is_rejected_whole(
    service_client: TestClient,
    planned_option: dict[str, Any],
    shipment: tuple[str, Org, Org],
    change: dict[str, Any],
    field: str | None,
) -> None:
    shipment_id, owner, carrier = shipment
    batch = [event(planned_option, i, f"b-{i}", hours=i) for i in range(4)]
    batch[2].update(change)
    response = service_client.post(
        f"/v1/shipments/{shipment_id}/events:bulk", json=batch, headers=carrier.operator
    )
    assert response.status_code == 422, response.text
    if field is not None:
        assert response.json()["detail"]["field"] == field
    timeline = service_client.get(f"/v1/shipments/{shipment_id}/timeline", headers=owner.shipper).json()
    assert timeline["events"] == []


def test_eta_moves_when_an_actual_event_arrives(
    service_client: TestClient, planned_option: dict[str, Any], shipment: tuple[str, Org, Org]
) -> None:
    shipment_id, owner, carrier = shipment
    url = f"/v1/shipments/{shipment_id}"
    before = service_client.get(f"{url}/eta", headers=owner.shipper).json()
    assert before["from_event_id"] is None
    assert before["after_element"] == -1
    assert before["remaining_h_p50"] <= before["remaining_h_p90"]
    # one time model: with no event, the ETA is the planned option's P50/P90 (rounded there to 0.01 d)
    assert before["remaining_h_p50"] == pytest.approx(planned_option["duration_days_p50"] * 24, abs=0.13)
    assert before["remaining_h_p90"] == pytest.approx(planned_option["duration_days_p90"] * 24, abs=0.13)
    assert "convolution" in before["method"]
    assert service_client.get(f"{url}/eta", headers=owner.shipper).json() == before  # deterministic

    elements = planned_option["chain"]["elements"]
    ferry = next(i for i, e in enumerate(elements) if e["type"] == "leg" and e["mode"] == "ferry")
    late = 24.0 * 30  # the cargo reaches the far side of the Caspian a month after T0
    service_client.post(
        f"{url}/events", json=event(planned_option, ferry, "ferry-done", hours=late), headers=carrier.operator
    )
    after = service_client.get(f"{url}/eta", headers=owner.shipper).json()
    assert after["from_event_id"] == "ferry-done"
    assert after["after_element"] == ferry
    assert dt.datetime.fromisoformat(after["start"]) == T0 + dt.timedelta(hours=late)
    assert after["remaining_h_p50"] < before["remaining_h_p50"]
    assert before["times"].startswith("annual mix")
    # ... and from an actual event, the planner's P50/P90 of the elements still ahead, for the months
    # in which the cargo reaches them from the event's date (as the planner's --depart)
    assert after["times"].startswith(f"departure on {(T0 + dt.timedelta(hours=late)).date().isoformat()}")
    remaining = chain_from_json_data(planned_option["chain"]).duration_quantiles_h(
        after_element=ferry, depart=T0 + dt.timedelta(hours=late)
    )
    assert (after["remaining_h_p50"], after["remaining_h_p90"]) == pytest.approx(remaining, abs=1e-3)
    p50 = dt.datetime.fromisoformat(after["arrival_p50"])
    assert (
        p50 == T0 + dt.timedelta(hours=late + after["remaining_h_p50"])
        or abs((p50 - T0).total_seconds() / 3600 - late - after["remaining_h_p50"]) < 0.01
    )
    # an estimated event does not move the ETA; an earlier actual one does not either
    service_client.post(
        f"{url}/events:bulk",
        json=[
            event(planned_option, len(elements) - 1, "est", hours=late + 1, classifier="EST"),
            event(planned_option, 0, "old", hours=5),
        ],
        headers=carrier.operator,
    )
    assert service_client.get(f"{url}/eta", headers=owner.shipper).json() == after


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"containers": [{"number": "CSQU3054384", "type": "40HC"}]},
            "containers",
            "check digit is 4, expected 3",
        ),
        ({"containers": [{"number": "CSQU3054383", "type": "53"}]}, "containers", "containers[0].type"),
        ({"origin": "XXNOWHERE"}, "origin", "unknown node id 'XXNOWHERE'"),
        ({"destination": "DEHAM"}, "chain", "chain.destination"),
        ({"carrier": "no such organisation"}, "carrier", "not an organisation linked to yours"),
    ],
)
def test_bad_bookings_name_the_field(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_org: MakeOrg,
    change: dict[str, Any],
    field: str,
    message: str,
) -> None:
    org = make_org()
    response = service_client.post(
        "/v1/shipments", json={**booking(planned_option), **change}, headers=org.shipper
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"]["field"] == field
    assert message in response.json()["detail"]["message"]
    assert service_client.get("/v1/shipments", headers=org.shipper).json()["shipments"] == []


def test_a_chain_with_an_unknown_link_is_refused(
    service_client: TestClient, planned_option: dict[str, Any], make_org: MakeOrg
) -> None:
    chain = dict(planned_option["chain"])
    elements = [dict(e) for e in chain["elements"]]
    leg = next(i for i, e in enumerate(elements) if e["type"] == "leg")
    elements[leg]["link_ids"] = ["no-such-link"]
    response = service_client.post(
        "/v1/shipments",
        json={**booking(planned_option), "chain": {**chain, "elements": elements}},
        headers=make_org().shipper,
    )
    assert response.status_code == 422
    assert "unknown link 'no-such-link'" in response.json()["detail"]["message"]
