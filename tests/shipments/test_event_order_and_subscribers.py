"""Which event an ETA starts from, the order events reach subscribers in, and who may subscribe.

The oracles are the rules as documented: the ETA starts from the shipment's *latest* actual event
(by event time, then by chain element), subscribers get new events in event-time order, and only
the shipment's owner or an admin subscribes, with a non-empty secret, to loopback or an allowed host.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from corridor.errors import AccessDeniedError, ShipmentInputError, ShipmentNotFoundError
from corridor.shipments.models import EventSubscription, TrackingEventRecord
from corridor.shipments.store import authenticate, events_by_id
from corridor.shipments.subscriptions import (
    MAX_SUBSCRIPTIONS_PER_SHIPMENT,
    owned_subscription,
    subscribe,
    subscriptions,
)

from .conftest import Org
from .test_api import booking, event


def _book(client: TestClient, option: dict[str, Any], owner: Org, carrier: Org) -> str:
    made = client.post("/v1/shipments", json=booking(option, carrier=carrier.name), headers=owner.shipper)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def _eta(client: TestClient, shipment_id: str, owner: Org) -> dict[str, Any]:
    response = client.get(f"/v1/shipments/{shipment_id}/eta", headers=owner.shipper)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_the_eta_starts_from_the_latest_actual_event_of_this_shipment(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
) -> None:
    owner, carrier = make_pair()
    mine, other = (_book(service_client, planned_option, owner, carrier) for _ in range(2))
    # a later event reported against an earlier element (a correction): the latest in time counts,
    # not the furthest element
    service_client.post(
        f"/v1/shipments/{mine}/events:bulk",
        json=[event(planned_option, 4, "far", hours=10), event(planned_option, 2, "later", hours=20)],
        headers=carrier.operator,
    )
    # the other shipment's events, later still, do not move this one's ETA
    service_client.post(
        f"/v1/shipments/{other}/events",
        json=event(planned_option, 6, "elsewhere", hours=99),
        headers=carrier.operator,
    )
    eta = _eta(service_client, mine, owner)
    assert (eta["from_event_id"], eta["after_element"]) == ("later", 2)
    assert _eta(service_client, other, owner)["from_event_id"] == "elsewhere"


def test_events_at_the_same_time_count_from_the_furthest_element(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
) -> None:
    owner, carrier = make_pair()
    shipment_id = _book(service_client, planned_option, owner, carrier)
    # a leg ends and the hub after it is left at the same instant; the earlier element's event is
    # stored first (its id sorts first), so only the rule picks the later element
    service_client.post(
        f"/v1/shipments/{shipment_id}/events:bulk",
        json=[
            event(planned_option, 3, "b-hub-left", hours=12),
            event(planned_option, 2, "a-leg-done", hours=12),
        ],
        headers=carrier.operator,
    )
    eta = _eta(service_client, shipment_id, owner)
    assert (eta["from_event_id"], eta["after_element"]) == ("b-hub-left", 3)


def test_new_events_are_handed_to_subscribers_in_event_time_order(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
    session: Session,
) -> None:
    owner, carrier = make_pair()
    shipment_id = _book(service_client, planned_option, owner, carrier)
    url = f"/v1/shipments/{shipment_id}/events:bulk"
    # element order, id order and arrival order each disagree with the rule somewhere
    first = [
        event(planned_option, 3, "a", hours=5),
        event(planned_option, 1, "z", hours=5),
        event(planned_option, 0, "m", hours=9),
    ]
    assert service_client.post(url, json=first, headers=carrier.operator).status_code in (200, 201)
    later = [event(planned_option, 1, "b", hours=5)]  # stored after "z", sorts before it
    assert service_client.post(url, json=later, headers=carrier.operator).status_code in (200, 201)
    ids = list(
        session.scalars(select(TrackingEventRecord.id).where(TrackingEventRecord.shipment_id == shipment_id))
    )
    assert len(ids) == 4
    # by time; at one time by chain element; then by event id
    expected = ["b", "z", "a", "m"]
    assert [e.event_id for e in events_by_id(session, ids)] == expected
    assert [e.event_id for e in events_by_id(session, list(reversed(ids)))] == expected
    assert events_by_id(session, []) == []


def test_the_eta_of_a_chain_without_leg_times_takes_them_from_the_network(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
) -> None:
    owner, carrier = make_pair()
    untimed = copy.deepcopy(planned_option)
    for element in untimed["chain"]["elements"]:
        if element["type"] == "leg":
            element.pop("duration_h", None)
    shipment_id = _book(service_client, untimed, owner, carrier)
    eta = _eta(service_client, shipment_id, owner)
    # the network's time model is the planner's: the planned option's P50/P90 (0.01 d rounding)
    assert eta["remaining_h_p50"] == pytest.approx(planned_option["duration_days_p50"] * 24, abs=0.13)
    assert eta["remaining_h_p90"] == pytest.approx(planned_option["duration_days_p90"] * 24, abs=0.13)


def test_only_the_owner_or_an_admin_subscribes_with_a_secret(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
    make_org: Callable[[], Org],
    session: Session,
) -> None:
    owner, carrier = make_pair()
    shipment_id = _book(service_client, planned_option, owner, carrier)
    admin = authenticate(session, make_org().admin["X-API-Key"])  # another organisation's admin
    operator = authenticate(session, carrier.operator["X-API-Key"])
    shipper = authenticate(session, owner.shipper["X-API-Key"])
    hook = "http://127.0.0.1:9/hook"
    with pytest.raises(AccessDeniedError) as denied:
        subscribe(session, operator, shipment_id, url=hook, secret="s")
    assert str(denied.value) == "only the shipment's owner or an admin subscribes to its events"
    assert subscribe(session, admin, shipment_id, url=hook, secret="s").shipment_id == shipment_id
    with pytest.raises(ShipmentInputError) as empty:
        subscribe(session, shipper, shipment_id, url=hook, secret="")
    assert (str(empty.value), empty.value.field) == ("secret: must not be empty", "secret")
    # a host outside loopback only when the deployment allows it
    allowed = subscribe(
        session,
        shipper,
        shipment_id,
        url="https://hooks.example.com/x",
        secret="s",
        allowed_hosts=("hooks.example.com",),
    )
    assert allowed.url == "https://hooks.example.com/x"
    session.rollback()


def test_only_the_owner_or_an_admin_manages_a_subscription_and_a_wrong_id_is_named(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
    session: Session,
) -> None:

    owner, carrier = make_pair()
    shipment_id = _book(service_client, planned_option, owner, carrier)
    shipper = authenticate(session, owner.shipper["X-API-Key"])
    made = subscribe(session, shipper, shipment_id, url="http://127.0.0.1:9/hook", secret="s")
    assert owned_subscription(session, shipper, shipment_id, made.id).id == made.id
    operator = authenticate(session, carrier.operator["X-API-Key"])  # sees the shipment, does not own it
    with pytest.raises(AccessDeniedError) as denied:
        owned_subscription(session, operator, shipment_id, made.id)
    assert str(denied.value) == "only the shipment's owner or an admin manages its subscriptions"
    with pytest.raises(ShipmentNotFoundError) as missing:
        owned_subscription(session, shipper, shipment_id, "no-such-id")
    assert str(missing.value) == f"no subscription 'no-such-id' of shipment {shipment_id!r}"


def test_a_shipment_takes_ten_subscriptions_and_the_eleventh_is_refused_naming_the_url(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
    session: Session,
) -> None:
    owner, carrier = make_pair()
    shipment_id = _book(service_client, planned_option, owner, carrier)
    shipper = authenticate(session, owner.shipper["X-API-Key"])
    assert MAX_SUBSCRIPTIONS_PER_SHIPMENT == 10  # the documented limit
    for number in range(10):
        subscribe(session, shipper, shipment_id, url=f"http://127.0.0.1:9/hook/{number}", secret="s")
    with pytest.raises(ShipmentInputError) as refused:
        subscribe(session, shipper, shipment_id, url="http://127.0.0.1:9/hook/10", secret="s")
    assert (str(refused.value), refused.value.field) == (
        "url: a shipment has at most 10 subscriptions; remove one first",
        "url",
    )
    session.rollback()


def test_subscribers_are_served_oldest_first_and_same_instant_by_id(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
    session: Session,
) -> None:
    """A subscription records when it was made; delivery follows that order, ties by id.

    Three subscriptions are made, then dated so that the id order disagrees with the time order
    and the two newest share an instant, the one whose id sorts last stored first.
    """
    owner, carrier = make_pair()
    shipment_id = _book(service_client, planned_option, owner, carrier)
    shipper = authenticate(session, owner.shipper["X-API-Key"])
    before = dt.datetime.now(dt.UTC)
    made = subscribe(session, shipper, shipment_id, url="http://127.0.0.1:9/first", secret="s")
    session.expire(made)
    assert before <= made.created_at <= dt.datetime.now(dt.UTC)  # read back from the database
    t0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    made.created_at = t0 + dt.timedelta(hours=2)
    for name, hours in (("~z", 0), ("~b", 1), ("~a", 1)):
        session.add(
            EventSubscription(
                id=made.id[:-2] + name,
                shipment_id=shipment_id,
                organisation_id=shipper.organisation_id,
                url=f"http://127.0.0.1:9/{name[1]}",
                secret="s",
                created_at=t0 + dt.timedelta(hours=hours),
            )
        )
        session.flush()
    assert [s.id for s in subscriptions(session, shipment_id)] == [
        made.id[:-2] + "~z",
        made.id[:-2] + "~a",
        made.id[:-2] + "~b",
        made.id,
    ]
    session.rollback()
