"""Request and response bodies of the shipment service (``/v1/shipments``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Path
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from corridor.api.models import ChainJson, ErrorOut
from corridor.events import Classifier, EventType

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or invalid API key"},
    403: {"model": ErrorOut, "description": "The key's role may not do this"},
    404: {"model": ErrorOut, "description": "No such shipment visible to the key"},
    422: {"model": ErrorOut, "description": "Invalid shipment or event"},
}
ShipmentId = Annotated[str, Path(min_length=1, max_length=36)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
NodeId = Annotated[str, Field(min_length=1, max_length=40)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContainerIn(_Request):
    """A container: ISO 6346 number (check digit verified) and type."""

    number: Annotated[str, Field(min_length=1, max_length=20)] = Field(examples=["CSQU3054383"])
    type: Annotated[str, Field(min_length=1, max_length=10)] = Field(examples=["40HC"])


class TirIn(_Request):
    """TIR/eTIR particulars: the guarantee (carnet number or eTIR guarantee reference), holder, offices."""

    carnet_number: Annotated[str, Field(min_length=10, max_length=11)] | None = Field(
        default=None, description="TIR Carnet number (an10 or an11)", examples=["XZ81234567"]
    )
    guarantee_reference: Annotated[str, Field(min_length=1, max_length=35)] | None = Field(
        default=None, description="eTIR guarantee reference issued by the guarantee chain"
    )
    holder_id: Annotated[str, Field(min_length=9, max_length=18)] = Field(
        description="TIR Carnet holder identification number AAA/BBB/XX...X", examples=["KAZ/045/1234"]
    )
    holder_name: Name | None = None
    office_of_departure: Annotated[str, Field(min_length=4, max_length=17)] = Field(
        description="Customs office of departure (reference number)", examples=["KZ51810"]
    )
    office_of_destination: Annotated[str, Field(min_length=4, max_length=17)] = Field(
        description="Customs office of destination (reference number)", examples=["DE004901"]
    )


class ShipmentIn(_Request):
    """A booking on a planned option: its ``chain`` as returned by ``POST /v1/routes``."""

    origin: NodeId = Field(
        examples=["CNXIY"],
        description="The chain's origin node id; for a chain from DOOR-ORIGIN, the place as it was routed "
        "('Suzhou, CN', 'lat,lon', a UN/LOCODE: the answer's `query.places[0].query`), from which the door "
        "and its road legs are rebuilt and checked",
    )
    destination: NodeId = Field(
        examples=["DEDUI"], description="As origin (DOOR-DESTINATION: `query.places[1].query`)"
    )
    shipper: Name
    consignee: Name
    containers: Annotated[list[ContainerIn], Field(min_length=1, max_length=1000)]
    chain: ChainJson
    carrier: Name | None = Field(default=None, description="Organisation that carries it and posts events.")
    tir: TirIn | None = Field(default=None, description="TIR/eTIR particulars of a road shipment under TIR.")


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
    tir: dict[str, str] | None = None
    created_at: dt.datetime


class ShipmentOut(ShipmentSummary):
    """A shipment with its planned chain."""

    chain: ChainJson


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
    """A page of a shipment's events in order of event time; ``next_cursor`` fetches the next page."""

    shipment_id: str
    events: list[EventOut]
    next_cursor: str | None = Field(
        default=None, description="Pass as ?cursor= for the next page; null on the last page."
    )


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
    draws: int = Field(description="0: the estimate is computed by convolution, not by draws.")
    times: str = Field(
        description="How disruptions enter: the plan's annual mix before any actual event, then the "
        "months in which the cargo reaches them from the last actual event."
    )
    seed: int = Field(description="Echoes the request's seed (no randomness is involved).")
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


class DeliveryOut(BaseModel):
    """One webhook delivery owed to a subscription: pending, delivered, or dead (every attempt failed)."""

    id: int
    state: str
    attempts: int
    event_ids: list[str]
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None
    delivered_at: dt.datetime | None
    last_error: str | None


class DeliveryList(BaseModel):
    """A subscription's deliveries, newest first."""

    subscription_id: str
    deliveries: list[DeliveryOut]
