"""The persistent records of the shipment service (SQLAlchemy 2, typed ORM)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A time-zone-aware timestamp, stored in UTC on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"timestamp {value.isoformat()} has no time zone")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utc_now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Base of the service's tables."""


class Organisation(Base):
    """A shipper, carrier or the platform operator."""

    __tablename__ = "organisation"
    __table_args__ = ({"sqlite_autoincrement": True},)  # ids are never reused

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class ApiKey(Base):
    """An API key of an organisation; only the SHA-256 hash of the key is stored."""

    __tablename__ = "api_key"
    __table_args__ = ({"sqlite_autoincrement": True},)  # ids are never reused

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str | None] = mapped_column(String(12), default=None)
    role: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)

    organisation: Mapped[Organisation] = relationship()


def _organisation_fk() -> ForeignKey:
    return ForeignKey("organisation.id", ondelete="CASCADE")


class CarrierLink(Base):
    """An admin's permission for a shipper organisation to name a carrier organisation on its shipments."""

    __tablename__ = "carrier_link"

    shipper_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    carrier_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class Shipment(Base):
    """Containers booked on a planned transport chain."""

    __tablename__ = "shipment"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    carrier_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    origin: Mapped[str] = mapped_column(String(40))
    destination: Mapped[str] = mapped_column(String(40))
    shipper_name: Mapped[str] = mapped_column(String(200))
    consignee_name: Mapped[str] = mapped_column(String(200))
    containers: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    chain: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: TIR/eTIR particulars (:mod:`corridor.shipments.tir`), or None for a shipment not under TIR.
    tir: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)

    owner: Mapped[Organisation] = relationship(foreign_keys=[owner_id])
    carrier: Mapped[Organisation | None] = relationship(foreign_keys=[carrier_id])


class TrackingEventRecord(Base):
    """A stored tracking event; ``event_id`` is the client's, unique per shipment."""

    __tablename__ = "tracking_event"
    __table_args__ = (UniqueConstraint("shipment_id", "event_id", name="uq_tracking_event_shipment_event"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shipment_id: Mapped[str] = mapped_column(ForeignKey("shipment.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(100))
    event_type: Mapped[str] = mapped_column(String(20))
    classifier: Mapped[str] = mapped_column(String(3))
    event_time: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    node_id: Mapped[str] = mapped_column(String(40))
    element_index: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class EventSubscription(Base):
    """A webhook: new events of the shipment are POSTed to ``url``, signed with ``secret`` (HMAC-SHA256)."""

    __tablename__ = "event_subscription"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    shipment_id: Mapped[str] = mapped_column(ForeignKey("shipment.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)


class WebhookDelivery(Base):
    """One webhook POST owed to a subscription: the outbox row, written in the transaction of its events.

    ``state`` is ``pending`` (due at ``next_attempt_at``; being sent while ``lease_until`` is in the
    future), ``delivered`` or ``dead`` (every attempt failed). A sender that dies mid-delivery leaves
    its lease to expire, and the row is sent again: delivery is at least once.
    """

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        Index("ix_webhook_delivery_due", "state", "organisation_id", "next_attempt_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("event_subscription.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    lease_token: Mapped[str | None] = mapped_column(String(36), default=None)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utc_now)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
