"""The shipment service over HTTP: ``/v1/shipments``.

Every request authenticates with an ``X-API-Key`` header and runs in one
database transaction (:func:`corridor.api.deps.transaction`). Business rules
live in :mod:`corridor.shipments.store`; errors are mapped to statuses in
:mod:`corridor.api.errors`. This module parses, calls and renders.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import HTMLResponse
from pydantic import Field
from sqlalchemy.orm import Session

from corridor.api.deps import Ctx, Key, transaction
from corridor.api.shipment_models import (
    ERRORS,
    DeliveryList,
    DeliveryOut,
    EtaOut,
    EventIn,
    EventOut,
    EventsStored,
    ShipmentId,
    ShipmentIn,
    ShipmentList,
    ShipmentOut,
    SubscriptionIn,
    SubscriptionOut,
    Timeline,
)
from corridor.emissions.report import report_html
from corridor.events import Classifier, EventType
from corridor.shipments import cursor as timeline_cursor
from corridor.shipments import documents, outbox, store
from corridor.shipments import subscriptions as shipment_subscriptions
from corridor.shipments.models import Shipment, TrackingEventRecord

Format = Annotated[str, Query(pattern="^(json|pdf)$", description="json (default) or pdf")]
HtmlFormat = Annotated[str, Query(pattern="^(json|html)$", description="json (default) or html")]
HTML: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {}}, "description": "JSON, or HTML"}}
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "JSON, or PDF with format=pdf"}
}

router = APIRouter(prefix="/v1/shipments", tags=["shipments"], responses=ERRORS)


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
        "tir": shipment.tir,
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


def _enqueue_deliveries(session: Session, shipment_id: str, new_ids: Sequence[int]) -> int:
    """Owe each subscriber of the shipment one delivery of the newly stored events (in this transaction)."""
    if not new_ids:
        return 0
    subscribers = shipment_subscriptions.subscriptions(session, shipment_id)
    if not subscribers:
        return 0
    events = [_event(e).model_dump(mode="json") for e in store.events_by_id(session, new_ids)]
    body = json.dumps({"shipment_id": shipment_id, "events": events}, separators=(",", ":")).encode()
    return len(outbox.enqueue(session, subscribers, body))


def _document(data: dict[str, Any], title: str, output: str) -> Any:
    if output == "pdf":
        pdf = documents.document_to_pdf(data, title=title)
        filename = f"{data['shipment_id']}-{title.split()[0].lower().replace('/', '-')}.pdf"
        headers = {"Content-Disposition": f'inline; filename="{filename}"'}
        return Response(pdf, media_type="application/pdf", headers=headers)
    return data


@router.post("", status_code=201, response_model=ShipmentOut)
def create(body: ShipmentIn, key: Key, ctx: Ctx) -> dict[str, Any]:
    """Book containers on a planned route option (shipper or admin keys)."""
    with transaction(ctx, key, writes=True) as (session, principal):
        shipment = store.create_shipment(
            session,
            principal,
            ctx.network,
            origin=body.origin,
            destination=body.destination,
            shipper=body.shipper,
            consignee=body.consignee,
            containers=[(c.number, c.type) for c in body.containers],
            chain=body.chain,
            carrier=body.carrier,
            factors=ctx.factors,
            tir=None if body.tir is None else body.tir.model_dump(exclude_none=True),
        )
        session.refresh(shipment)
        return {**_summary(shipment), "chain": shipment.chain}


@router.get("", response_model=ShipmentList)
def list_all(key: Key, ctx: Ctx) -> dict[str, Any]:
    """The shipments the key's organisation owns or carries (all, for admin keys)."""
    with transaction(ctx, key) as (session, principal):
        return {"shipments": [_summary(s) for s in store.list_shipments(session, principal)]}


@router.get("/{shipment_id}", response_model=ShipmentOut)
def get(shipment_id: ShipmentId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """One shipment with its planned chain."""
    with transaction(ctx, key) as (session, principal):
        shipment = store.get_shipment(session, principal, shipment_id)
        return {**_summary(shipment), "chain": shipment.chain}


def _post_events(ctx: Ctx, shipment_id: str, key: str | None, events: list[EventIn]) -> EventsStored:
    with transaction(ctx, key, writes=True) as (session, principal):
        new_ids = store.add_events(
            session, principal, ctx.network, shipment_id, [_new_event(e) for e in events]
        )
        # the outbox rows commit with the events: both are stored, or neither
        owed = _enqueue_deliveries(session, shipment_id, new_ids)
    if owed:
        ctx.webhooks.wake()
    stored = len(new_ids)
    return EventsStored(received=len(events), stored=stored, duplicates=len(events) - stored)


@router.post("/{shipment_id}/events", response_model=EventsStored)
def post_event(shipment_id: ShipmentId, body: EventIn, key: Key, ctx: Ctx) -> EventsStored:
    """Record one event (carrier's operator keys or admin); an event id seen before is skipped."""
    return _post_events(ctx, shipment_id, key, [body])


@router.post("/{shipment_id}/events:bulk", response_model=EventsStored)
def post_bulk(
    shipment_id: ShipmentId,
    body: Annotated[list[EventIn], Field(max_length=store.MAX_EVENTS_PER_REQUEST)],
    key: Key,
    ctx: Ctx,
) -> EventsStored:
    """Record a batch of events in one transaction: all are stored, or none if one is invalid."""
    return _post_events(ctx, shipment_id, key, body)


@router.get("/{shipment_id}/timeline", response_model=Timeline)
def get_timeline(
    shipment_id: ShipmentId,
    key: Key,
    ctx: Ctx,
    limit: Annotated[int, Query(ge=1, le=store.MAX_TIMELINE_PAGE)] = store.TIMELINE_PAGE,
    cursor: Annotated[str | None, Query(min_length=1, max_length=400)] = None,
) -> Timeline:
    """The shipment's events in order of event time, whatever order they arrived in, a page at a time."""
    after = None if cursor is None else timeline_cursor.decode_cursor(cursor)
    with transaction(ctx, key) as (session, principal):
        events = store.timeline(session, principal, shipment_id, limit=limit + 1, after=after)
        page = events[:limit]
        more = len(events) > limit
        next_cursor = (
            timeline_cursor.encode_cursor(timeline_cursor.timeline_position(page[-1])) if more else None
        )
        return Timeline(shipment_id=shipment_id, events=[_event(e) for e in page], next_cursor=next_cursor)


@router.get("/{shipment_id}/eta", response_model=EtaOut)
def get_eta(
    shipment_id: ShipmentId, key: Key, ctx: Ctx, seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0
) -> EtaOut:
    """P50/P90 arrival from the last actual event, with the planner's time model (``seed`` is unused)."""
    with transaction(ctx, key) as (session, principal):
        eta, last = store.shipment_eta(session, principal, ctx.network, shipment_id)
    return EtaOut(
        shipment_id=shipment_id,
        from_event_id=None if last is None else last.event_id,
        start=eta.start,
        after_element=eta.after_element,
        arrival_p50=eta.arrival_p50,
        arrival_p90=eta.arrival_p90,
        remaining_h_p50=round(eta.remaining_h_p50, 3),
        remaining_h_p90=round(eta.remaining_h_p90, 3),
        draws=0,
        seed=seed,
        method=eta.method,
        times=eta.times,
    )


@router.get("/{shipment_id}/documents/cim-smgs", responses=PDF)
def cim_smgs(shipment_id: ShipmentId, key: Key, ctx: Ctx, format: Format = "json") -> Any:
    """The CIM/SMGS common rail consignment note of the shipment's rail legs."""
    with transaction(ctx, key) as (session, principal):
        shipment = store.get_shipment(session, principal, shipment_id)
        note = documents.cim_smgs_note(shipment, store.shipment_network(ctx.network, shipment))
    return _document(note, "CIM/SMGS consignment note", format)


@router.get("/{shipment_id}/documents/ecmr", responses=PDF)
def ecmr(shipment_id: ShipmentId, key: Key, ctx: Ctx, format: Format = "json") -> Any:
    """The e-CMR road consignment note of the shipment's road legs (422 if the chain has none)."""
    with transaction(ctx, key) as (session, principal):
        shipment = store.get_shipment(session, principal, shipment_id)
        carrier = shipment.carrier.name if shipment.carrier is not None else None
        network = store.shipment_network(ctx.network, shipment)
        note = documents.ecmr_note(shipment, network, carrier=carrier)
    return _document(note, "e-CMR consignment note", format)


@router.get(
    "/{shipment_id}/documents/emissions",
    responses=HTML,
)
def emissions(
    shipment_id: ShipmentId,
    key: Key,
    ctx: Ctx,
    format: HtmlFormat = "json",
) -> Any:
    """The ISO 14083 emissions statement of the shipment's chain with its containers."""
    with transaction(ctx, key) as (session, principal):
        shipment = store.get_shipment(session, principal, shipment_id)
        if format == "html":
            result = documents.shipment_emissions(shipment, ctx.factors)
            label = f"{shipment.origin} to {shipment.destination}, {len(shipment.containers)} containers"
            page = report_html(result, ctx.factors, title=f"Shipment {shipment.id}", chain_label=label)
            return HTMLResponse(page)
        return documents.emissions_statement(shipment, ctx.factors)


@router.post("/{shipment_id}/subscriptions", status_code=201, response_model=SubscriptionOut)
def subscribe(shipment_id: ShipmentId, body: SubscriptionIn, key: Key, ctx: Ctx) -> SubscriptionOut:
    """Push the shipment's new events to ``url`` (owner or admin keys), signed with ``secret``."""
    with transaction(ctx, key, writes=True) as (session, principal):
        sub = shipment_subscriptions.subscribe(
            session,
            principal,
            shipment_id,
            url=body.url,
            secret=body.secret,
            allowed_hosts=ctx.settings.webhook_hosts,
        )
        return SubscriptionOut(id=sub.id, shipment_id=sub.shipment_id, url=sub.url, created_at=sub.created_at)


@router.delete("/{shipment_id}/subscriptions/{subscription_id}", status_code=204)
def unsubscribe(
    shipment_id: ShipmentId, subscription_id: Annotated[str, Path(max_length=36)], key: Key, ctx: Ctx
) -> Response:
    """Stop pushing events to a subscription (owner or admin keys)."""
    with transaction(ctx, key, writes=True) as (session, principal):
        shipment_subscriptions.unsubscribe(session, principal, shipment_id, subscription_id)
    return Response(status_code=204)


@router.get("/{shipment_id}/subscriptions/{subscription_id}/deliveries", response_model=DeliveryList)
def deliveries(
    shipment_id: ShipmentId,
    subscription_id: Annotated[str, Path(max_length=36)],
    key: Key,
    ctx: Ctx,
    state: Annotated[str | None, Query(pattern="^(pending|delivered|dead)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> DeliveryList:
    """A subscription's deliveries, newest first; ``state=dead`` lists its dead letters (owner or admin)."""
    with transaction(ctx, key) as (session, principal):
        shipment_subscriptions.owned_subscription(session, principal, shipment_id, subscription_id)
        found = outbox.list_deliveries(session, subscription_id, state=state, limit=limit)
        return DeliveryList(
            subscription_id=subscription_id, deliveries=[DeliveryOut(**asdict(d)) for d in found]
        )


@router.post(
    "/{shipment_id}/subscriptions/{subscription_id}/deliveries/{delivery_id}/redeliver",
    response_model=DeliveryOut,
)
def redeliver(
    shipment_id: ShipmentId,
    subscription_id: Annotated[str, Path(max_length=36)],
    delivery_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    key: Key,
    ctx: Ctx,
) -> DeliveryOut:
    """Queue a dead delivery again, with fresh attempts (owner or admin)."""
    with transaction(ctx, key, writes=True) as (session, principal):
        shipment_subscriptions.owned_subscription(session, principal, shipment_id, subscription_id)
        info = outbox.redeliver(session, subscription_id, delivery_id)
    ctx.webhooks.wake()
    return DeliveryOut(**asdict(info))
