"""Access and paging rules of the shipment store, called directly the way the API calls them.

Oracles: the documented rules (an admin sees every shipment; other keys see what their organisation
owns or carries; a request carries at most 1,000 events, the documented maximum included; the
timeline is in order of event time, then chain element, then event id, and pages of any size walk
that same order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, create_mock_engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from corridor.errors import CorridorError, ShipmentInputError, ShipmentNotFoundError
from corridor.events import Classifier, EventType
from corridor.network import Network
from corridor.shipments.cursor import timeline_position
from corridor.shipments.store import (
    MAX_EVENTS_PER_REQUEST,
    NewEvent,
    add_events,
    authenticate,
    get_shipment,
    list_shipments,
    timeline,
)

from .conftest import Org
from .test_api import booking

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _book(client: TestClient, option: dict[str, Any], owner: Org, carrier: Org) -> str:
    made = client.post("/v1/shipments", json=booking(option, carrier=carrier.name), headers=owner.shipper)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def _event(option: dict[str, Any], index: int, event_id: str, hours: float) -> NewEvent:
    element = option["chain"]["elements"][index]
    node = element["node_id"] if element["type"] == "hub" else element["to_node"]
    return NewEvent(
        event_id, EventType.ARRIVAL, Classifier.ACTUAL, T0 + dt.timedelta(hours=hours), node, index
    )


def test_an_admin_lists_every_shipment_and_others_only_their_own(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
    make_org: Callable[[], Org],
    session: Session,
) -> None:
    owner, carrier = make_pair()
    shipment_id = _book(service_client, planned_option, owner, carrier)
    outsider = make_org()
    admin = authenticate(session, outsider.admin["X-API-Key"])
    assert shipment_id in [s.id for s in list_shipments(session, admin)]
    assert get_shipment(session, admin, shipment_id).id == shipment_id
    for key in (owner.shipper, carrier.operator):
        assert [s.id for s in list_shipments(session, authenticate(session, key["X-API-Key"]))] == [
            shipment_id
        ]
    stranger = authenticate(session, outsider.shipper["X-API-Key"])
    assert list_shipments(session, stranger) == []
    with pytest.raises(ShipmentNotFoundError) as err:
        get_shipment(session, stranger, shipment_id)
    assert str(err.value) == f"no shipment {shipment_id!r}"


def test_a_request_carries_the_documented_maximum_of_events_and_no_more(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
    network: Network,
    session: Session,
) -> None:
    owner, carrier = make_pair()
    shipment_id = _book(service_client, planned_option, owner, carrier)
    operator = authenticate(session, carrier.operator["X-API-Key"])
    batch = [_event(planned_option, 0, f"e{i:04d}", i / 10) for i in range(MAX_EVENTS_PER_REQUEST + 1)]
    with pytest.raises(ShipmentInputError) as err:
        add_events(session, operator, network, shipment_id, batch)
    assert (str(err.value), err.value.field) == ("at most 1000 events per request", "events")
    assert len(add_events(session, operator, network, shipment_id, batch[:MAX_EVENTS_PER_REQUEST])) == 1000
    session.rollback()


def test_timeline_pages_walk_time_then_element_then_event_id(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
    network: Network,
    session: Session,
) -> None:
    owner, carrier = make_pair()
    shipment_id = _book(service_client, planned_option, owner, carrier)
    operator = authenticate(session, carrier.operator["X-API-Key"])
    # event ids sort against the element order, and several events share a time
    posted = [
        _event(planned_option, 3, "a-3", 5),
        _event(planned_option, 1, "z-1", 5),
        _event(planned_option, 2, "m-2", 5),
        _event(planned_option, 2, "b-2", 5),
        _event(planned_option, 0, "y-0", 1),
        _event(planned_option, 4, "c-4", 9),
    ]
    # in two requests, so "m-2" is stored before "b-2": the order cannot come from the storage order
    add_events(session, operator, network, shipment_id, posted[:3])
    add_events(session, operator, network, shipment_id, posted[3:])
    expected = ["y-0", "z-1", "b-2", "m-2", "a-3", "c-4"]
    assert [e.event_id for e in timeline(session, operator, shipment_id)] == expected
    for size in (1, 2, 4):
        walked: list[str] = []
        sizes: list[int] = []
        after = None
        while page := timeline(session, operator, shipment_id, limit=size, after=after):
            walked += [e.event_id for e in page]
            sizes.append(len(page))
            after = timeline_position(page[-1])
        assert walked == expected, size
        # full pages of the size asked for, the rest on the last one
        assert sizes == [size] * (6 // size) + ([6 % size] if 6 % size else []), size
    session.rollback()


def test_shipments_are_listed_newest_first_and_same_instant_by_id(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
    session: Session,
) -> None:
    """The documented order: newest first; shipments booked in the same instant by id, so pages are stable.

    Two copies of a booked shipment are stored, the id ``…~b`` before ``…~a``, in the same instant,
    after an older one whose id sorts before both: the list must put ``…~a`` first, whatever order
    the database stored them in, and the older one last although its id is the smallest.
    """
    from sqlalchemy import inspect

    from corridor.shipments.models import Shipment

    owner, carrier = make_pair()
    older_id = _book(service_client, planned_option, owner, carrier)
    older = session.get(Shipment, older_id)
    assert older is not None
    older.created_at = T0
    columns = {c.key: getattr(older, c.key) for c in inspect(Shipment).column_attrs if c.key != "id"}
    later = T0 + dt.timedelta(hours=1)
    for suffix in ("b", "a"):
        session.add(Shipment(**{**columns, "id": f"{older_id[:-2]}~{suffix}", "created_at": later}))
        session.flush()
    principal = authenticate(session, owner.shipper["X-API-Key"])
    assert [s.id for s in list_shipments(session, principal)] == [
        f"{older_id[:-2]}~a",
        f"{older_id[:-2]}~b",
        older_id,
    ]


def test_an_event_names_its_element_index_past_the_chain_and_a_time_without_zone(
    service_client: TestClient,
    planned_option: dict[str, Any],
    make_pair: Callable[[], tuple[Org, Org]],
    network: Network,
    session: Session,
) -> None:
    owner, carrier = make_pair()
    shipment_id = _book(service_client, planned_option, owner, carrier)
    operator = authenticate(session, carrier.operator["X-API-Key"])
    n = len(planned_option["chain"]["elements"])
    last = _event(planned_option, n - 1, "last", 1)
    past = NewEvent("past", last.event_type, last.classifier, last.event_time, last.node_id, n)
    with pytest.raises(ShipmentInputError) as err:
        add_events(session, operator, network, shipment_id, [last, past])
    assert (str(err.value), err.value.field) == (
        f"events[1].element_index: the chain has elements 0-{n - 1}, got {n}",
        "events[1].element_index",
    )
    naive = NewEvent("naive", last.event_type, last.classifier, dt.datetime(2026, 3, 2, 8), last.node_id, 0)
    with pytest.raises(ShipmentInputError) as err:
        add_events(session, operator, network, shipment_id, [naive])
    assert (str(err.value), err.value.field) == (
        "events[0].event_time: timestamp 2026-03-02T08:00:00 has no time zone",
        "events[0].event_time",
    )
    assert len(add_events(session, operator, network, shipment_id, [last])) == 1  # the last element is one
    session.rollback()


def test_events_are_inserted_in_the_sessions_own_dialect_and_other_databases_are_named() -> None:
    """SQLite and PostgreSQL each get their own ``INSERT ... ON CONFLICT``; any other database is refused.

    The engines are never connected: the store picks the insert construct from the dialect alone.
    """
    from corridor.shipments.store import _insert

    assert _insert(Session(create_engine("sqlite://"))) is sqlite.insert
    assert _insert(Session(create_engine("postgresql+psycopg://corridor@127.0.0.1:1/corridor"))) is (
        postgresql.insert
    )
    mysql: Any = create_mock_engine("mysql://", lambda *args, **kwargs: None)  # a dialect, no connection
    with pytest.raises(CorridorError) as err:
        _insert(Session(bind=mysql))
    assert str(err.value) == "database 'mysql' is not supported (use SQLite or PostgreSQL)"
