"""Timelines come a page at a time (issue 9: 131,500 events were one 25 MB answer)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from .test_api import MakePair, booking, event


def test_timeline_pages_cover_every_event_once_in_order(
    service_client: TestClient, planned_option: dict[str, Any], make_pair: MakePair
) -> None:
    owner, carrier = make_pair()
    created = service_client.post(
        "/v1/shipments", json=booking(planned_option, carrier=carrier.name), headers=owner.shipper
    )
    base = f"/v1/shipments/{created.json()['id']}"
    # 1,100 events, many at the same time and element: the order's ties are broken by event id
    events = [event(planned_option, i % 3, f"e-{i:05d}", hours=float(i // 7)) for i in range(1100)]
    for start in (0, 550):
        posted = service_client.post(
            f"{base}/events:bulk", json=events[start : start + 550], headers=carrier.operator
        )
        assert posted.status_code == 200, posted.text
    whole = sorted(events, key=lambda e: (e["event_time"], e["element_index"], e["event_id"]))
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 400, **({"cursor": cursor} if cursor else {})}
        page = service_client.get(f"{base}/timeline", params=params, headers=owner.shipper).json()
        pages += 1
        seen.extend(e["event_id"] for e in page["events"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == [e["event_id"] for e in whole]
    first = service_client.get(f"{base}/timeline", headers=owner.shipper).json()
    assert len(first["events"]) == 500  # the default page
    assert first["next_cursor"] is not None


def test_bad_cursors_and_limits_are_422(
    service_client: TestClient, planned_option: dict[str, Any], make_pair: MakePair
) -> None:
    owner, _ = make_pair()
    created = service_client.post("/v1/shipments", json=booking(planned_option), headers=owner.shipper)
    base = f"/v1/shipments/{created.json()['id']}/timeline"
    for params in ({"cursor": "not-a-cursor"}, {"cursor": "W1tdXQ"}, {"limit": 0}, {"limit": 100_000}):
        response = service_client.get(base, params=params, headers=owner.shipper)
        assert response.status_code == 422, (params, response.text)
