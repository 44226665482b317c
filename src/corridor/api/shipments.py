"""The shipment service over HTTP: ``/v1/shipments`` (an APIRouter included by :func:`create_app`).

Every request authenticates with an ``X-API-Key`` header and runs in one
database transaction. Business rules live in :mod:`corridor.shipments.store`;
this module parses, calls and renders. The service's errors become
:class:`~corridor.api.app.ApiError` here, which the app maps to HTTP in its one place.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, Security
from fastapi.responses import HTMLResponse
from fastapi.security import APIKeyHeader
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from corridor.api.app import ApiError
from corridor.api.models import ErrorOut
from corridor.emissions import FactorDataset, bundled_factors
from corridor.emissions.report import report_html
from corridor.events import Classifier, EventType
from corridor.network.model import Network
from corridor.shipments import documents, store
from corridor.shipments.db import SessionFactory
from corridor.shipments.eta import DEFAULT_DRAWS
from corridor.shipments.models import Shipment, TrackingEventRecord
from corridor.shipments.validation import ShipmentInputError
from corridor.shipments.webhooks import Delivery, Notifier

API_KEY = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key from `corridor admin`.")
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or invalid API key"},
    403: {"model": ErrorOut, "description": "The key's role may not do this"},
    404: {"model": ErrorOut, "description": "No such shipment visible to the key"},
    422: {"model": ErrorOut, "description": "Invalid shipment or event"},
}
ShipmentId = Annotated[str, Path(min_length=1, max_length=36)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
NodeId = Annotated[str, Field(min_length=1, max_length=40)]
Key = Annotated[str | None, Security(API_KEY)]
Format = Annotated[str, Query(pattern="^(json|pdf)$", description="json (default) or pdf")]
HtmlFormat = Annotated[str, Query(pattern="^(json|html)$", description="json (default) or html")]
HTML: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {}}, "description": "JSON, or HTML"}}
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "JSON, or PDF with format=pdf"}
}


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContainerIn(_Request):
    """A container: ISO 6346 number (check digit verified) and type."""

    number: Annotated[str, Field(min_length=1, max_length=20)] = Field(examples=["CSQU3054383"])
    type: Annotated[str, Field(min_length=1, max_length=10)] = Field(examples=["40HC"])


class ShipmentIn(_Request):
    """A booking on a planned option: its ``chain`` as returned by ``POST /v1/routes``."""

    origin: NodeId = Field(examples=["CNXIY"])
    destination: NodeId = Field(examples=["DEDUI"])
    shipper: Name
    consignee: Name
    containers: Annotated[list[ContainerIn], Field(min_length=1, max_length=1000)]
    chain: dict[str, Any]
    carrier: Name | None = Field(default=None, description="Organisation that carries it and posts events.")


class ShipmentSummary(BaseModel):
    """A shipment without its chain."""

    id: str
    owner: str
    carrier: str | None
    origin: str
    destination: str
    shipper: str
    consignee: str
    containers: list[dict[str, str]]
    created_at: dt.datetime


class ShipmentOut(ShipmentSummary):
    """A shipment with its planned chain."""

    chain: dict[str, Any]


class ShipmentList(BaseModel):
    """Shipments visible to the key, newest first."""

    shipments: list[ShipmentSummary]


class EventIn(_Request):
    """A tracking event; ``event_id`` is the sender's and makes posting it again harmless."""

    event_id: Annotated[str, Field(min_length=1, max_length=100)]
    event_type: EventType
    classifier: Classifier
    event_time: AwareDatetime = Field(description="With a time zone, e.g. 2026-03-01T12:00:00+05:00.")
    node_id: NodeId
    element_index: Annotated[int, Field(ge=0, le=100_000, description="Index of the chain element.")]


class EventOut(BaseModel):
    """A stored tracking event."""

    event_id: str
    event_type: EventType
    classifier: Classifier
    event_time: dt.datetime
    node_id: str
    element_index: int
    received_at: dt.datetime


class EventsStored(BaseModel):
    """How many events were received and how many were new."""

    received: int
    stored: int
    duplicates: int


class Timeline(BaseModel):
    """A shipment's events in order of event time."""

    shipment_id: str
    events: list[EventOut]


class EtaOut(BaseModel):
    """P50 and P90 arrival from the last actual event (method: :mod:`corridor.shipments.eta`)."""

    shipment_id: str
    from_event_id: str | None
    start: dt.datetime
    after_element: int
    arrival_p50: dt.datetime
    arrival_p90: dt.datetime
    remaining_h_p50: float
    remaining_h_p90: float
    draws: int
    seed: int
    method: str


class SubscriptionIn(_Request):
    """A callback for the shipment's new events: http(s) to loopback or a host in CORRIDOR_WEBHOOK_HOSTS."""

    url: Annotated[str, Field(min_length=1, max_length=2000)] = Field(examples=["http://127.0.0.1:9000/hook"])
    secret: Annotated[str, Field(min_length=8, max_length=200)] = Field(
        description="Key of the HMAC-SHA256 body signature sent as Notification-Signature: sha256=<hex>."
    )


class SubscriptionOut(BaseModel):
    """A stored subscription (the secret is not shown again)."""

    id: str
    shipment_id: str
    url: str
    created_at: dt.datetime


def _summary(shipment: Shipment) -> dict[str, Any]:
    return {
        "id": shipment.id,
        "owner": shipment.owner.name,
        "carrier": shipment.carrier.name if shipment.carrier is not None else None,
        "origin": shipment.origin,
        "destination": shipment.destination,
        "shipper": shipment.shipper_name,
        "consignee": shipment.consignee_name,
        "containers": shipment.containers,
        "created_at": shipment.created_at,
    }


def _event(record: TrackingEventRecord) -> EventOut:
    return EventOut(
        event_id=record.event_id,
        event_type=EventType(record.event_type),
        classifier=Classifier(record.classifier),
        event_time=record.event_time,
        node_id=record.node_id,
        element_index=record.element_index,
        received_at=record.received_at,
    )


def _new_event(event: EventIn) -> store.NewEvent:
    return store.NewEvent(
        event.event_id,
        event.event_type,
        event.classifier,
        event.event_time,
        event.node_id,
        event.element_index,
    )


def _deliveries(session: Session, shipment_id: str, new_ids: Sequence[int]) -> list[Delivery]:
    """One signed delivery per subscriber of the shipment, carrying the newly stored events."""
    if not new_ids:
        return []
    subscribers = store.subscriptions(session, shipment_id)
    if not subscribers:
        return []
    events = [_event(e).model_dump(mode="json") for e in store.events_by_id(session, new_ids)]
    body = json.dumps({"shipment_id": shipment_id, "events": events}, separators=(",", ":")).encode()
    return [Delivery(s.id, s.url, s.secret, body) for s in subscribers]


def _document(data: dict[str, Any], title: str, output: str) -> Any:
    if output == "pdf":
        pdf = documents.document_to_pdf(data, title=title)
        filename = f"{data['shipment_id']}-{title.split()[0].lower().replace('/', '-')}.pdf"
        headers = {"Content-Disposition": f'inline; filename="{filename}"'}
        return Response(pdf, media_type="application/pdf", headers=headers)
    return data


def shipments_router(
    session_factory: SessionFactory,
    *,
    network: Network,
    factors: FactorDataset | None = None,
    notifier: Notifier | None = None,
    webhook_hosts: Sequence[str] = (),
) -> APIRouter:
    """The ``/v1/shipments`` endpoints over the database ``session_factory`` opens.

    New events are pushed to subscribers through ``notifier`` (none: subscriptions are kept, not served).
    """
    router = APIRouter(prefix="/v1/shipments", tags=["shipments"], responses=ERRORS)
    factor_data = factors or bundled_factors()

    @contextmanager
    def call(key: str | None) -> Iterator[tuple[Session, store.Principal]]:
        """One transaction for the request, with the caller authenticated; service errors as ApiError."""
        try:
            with session_factory() as session, session.begin():
                yield session, store.authenticate(session, key)
        except store.AuthenticationError as err:
            raise ApiError(401, str(err), "X-API-Key") from err
        except store.AccessDeniedError as err:
            raise ApiError(403, str(err)) from err
        except store.ShipmentNotFoundError as err:
            raise ApiError(404, str(err), "shipment_id") from err
        except ShipmentInputError as err:
            raise ApiError(422, str(err), err.field) from err
        except documents.DocumentError as err:
            raise ApiError(422, str(err), "shipment_id") from err

    @router.post("", status_code=201, response_model=ShipmentOut)
    def create(body: ShipmentIn, key: Key) -> dict[str, Any]:
        """Book containers on a planned route option (shipper or admin keys)."""
        with call(key) as (session, principal):
            shipment = store.create_shipment(
                session,
                principal,
                network,
                origin=body.origin,
                destination=body.destination,
                shipper=body.shipper,
                consignee=body.consignee,
                containers=[(c.number, c.type) for c in body.containers],
                chain=body.chain,
                carrier=body.carrier,
            )
            session.refresh(shipment)
            return {**_summary(shipment), "chain": shipment.chain}

    @router.get("", response_model=ShipmentList)
    def list_all(key: Key) -> dict[str, Any]:
        """The shipments the key's organisation owns or carries (all, for admin keys)."""
        with call(key) as (session, principal):
            return {"shipments": [_summary(s) for s in store.list_shipments(session, principal)]}

    @router.get("/{shipment_id}", response_model=ShipmentOut)
    def get(shipment_id: ShipmentId, key: Key) -> dict[str, Any]:
        """One shipment with its planned chain."""
        with call(key) as (session, principal):
            shipment = store.get_shipment(session, principal, shipment_id)
            return {**_summary(shipment), "chain": shipment.chain}

    def post_events(shipment_id: str, key: str | None, events: list[EventIn]) -> EventsStored:
        with call(key) as (session, principal):
            new_ids = store.add_events(
                session, principal, network, shipment_id, [_new_event(e) for e in events]
            )
            deliveries = _deliveries(session, shipment_id, new_ids) if notifier is not None else []
        if notifier is not None and deliveries:  # only after the commit: never announce a rolled-back event
            notifier.send(deliveries)
        stored = len(new_ids)
        return EventsStored(received=len(events), stored=stored, duplicates=len(events) - stored)

    @router.post("/{shipment_id}/events", response_model=EventsStored)
    def post_event(shipment_id: ShipmentId, body: EventIn, key: Key) -> EventsStored:
        """Record one event (carrier's operator keys or admin); an event id seen before is skipped."""
        return post_events(shipment_id, key, [body])

    @router.post("/{shipment_id}/events:bulk", response_model=EventsStored)
    def post_bulk(
        shipment_id: ShipmentId,
        body: Annotated[list[EventIn], Field(max_length=store.MAX_EVENTS_PER_REQUEST)],
        key: Key,
    ) -> EventsStored:
        """Record a batch of events in one transaction: all are stored, or none if one is invalid."""
        return post_events(shipment_id, key, body)

    @router.get("/{shipment_id}/timeline", response_model=Timeline)
    def get_timeline(shipment_id: ShipmentId, key: Key) -> Timeline:
        """The shipment's events in order of event time, whatever order they arrived in."""
        with call(key) as (session, principal):
            events = store.timeline(session, principal, shipment_id)
            return Timeline(shipment_id=shipment_id, events=[_event(e) for e in events])

    @router.get("/{shipment_id}/eta", response_model=EtaOut)
    def get_eta(
        shipment_id: ShipmentId, key: Key, seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0
    ) -> EtaOut:
        """P50/P90 arrival: a Monte Carlo run of the rest of the chain from the last actual event."""
        with call(key) as (session, principal):
            eta, last = store.shipment_eta(session, principal, network, shipment_id, seed=seed)
        return EtaOut(
            shipment_id=shipment_id,
            from_event_id=None if last is None else last.event_id,
            start=eta.start,
            after_element=eta.after_element,
            arrival_p50=eta.arrival_p50,
            arrival_p90=eta.arrival_p90,
            remaining_h_p50=round(eta.remaining_h_p50, 3),
            remaining_h_p90=round(eta.remaining_h_p90, 3),
            draws=eta.draws,
            seed=eta.seed,
            method=(
                f"{DEFAULT_DRAWS} seeded draws of the remaining elements' durations (legs: link running "
                "times, waits uniform over service headways; hubs: planned dwell) added to the last "
                "actual event's time"
            ),
        )

    @router.get("/{shipment_id}/documents/cim-smgs", responses=PDF)
    def cim_smgs(shipment_id: ShipmentId, key: Key, format: Format = "json") -> Any:
        """The CIM/SMGS common rail consignment note of the shipment's rail legs."""
        with call(key) as (session, principal):
            note = documents.cim_smgs_note(store.get_shipment(session, principal, shipment_id), network)
        return _document(note, "CIM/SMGS consignment note", format)

    @router.get("/{shipment_id}/documents/ecmr", responses=PDF)
    def ecmr(shipment_id: ShipmentId, key: Key, format: Format = "json") -> Any:
        """The e-CMR road consignment note of the shipment's road legs (422 if the chain has none)."""
        with call(key) as (session, principal):
            shipment = store.get_shipment(session, principal, shipment_id)
            carrier = shipment.carrier.name if shipment.carrier is not None else None
            note = documents.ecmr_note(shipment, network, carrier=carrier)
        return _document(note, "e-CMR consignment note", format)

    @router.get(
        "/{shipment_id}/documents/emissions",
        responses=HTML,
    )
    def emissions(
        shipment_id: ShipmentId,
        key: Key,
        format: HtmlFormat = "json",
    ) -> Any:
        """The ISO 14083 emissions statement of the shipment's chain with its containers."""
        with call(key) as (session, principal):
            shipment = store.get_shipment(session, principal, shipment_id)
            if format == "html":
                result = documents.shipment_emissions(shipment, factor_data)
                label = f"{shipment.origin} to {shipment.destination}, {len(shipment.containers)} containers"
                page = report_html(result, factor_data, title=f"Shipment {shipment.id}", chain_label=label)
                return HTMLResponse(page)
            return documents.emissions_statement(shipment, factor_data)

    @router.post("/{shipment_id}/subscriptions", status_code=201, response_model=SubscriptionOut)
    def subscribe(shipment_id: ShipmentId, body: SubscriptionIn, key: Key) -> SubscriptionOut:
        """Push the shipment's new events to ``url`` (owner or admin keys), signed with ``secret``."""
        with call(key) as (session, principal):
            sub = store.subscribe(
                session, principal, shipment_id, url=body.url, secret=body.secret, allowed_hosts=webhook_hosts
            )
            return SubscriptionOut(
                id=sub.id, shipment_id=sub.shipment_id, url=sub.url, created_at=sub.created_at
            )

    @router.delete("/{shipment_id}/subscriptions/{subscription_id}", status_code=204)
    def unsubscribe(
        shipment_id: ShipmentId, subscription_id: Annotated[str, Path(max_length=36)], key: Key
    ) -> Response:
        """Stop pushing events to a subscription (owner or admin keys)."""
        with call(key) as (session, principal):
            store.unsubscribe(session, principal, shipment_id, subscription_id)
        return Response(status_code=204)

    return router
