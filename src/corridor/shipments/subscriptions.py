"""Webhook subscriptions of a shipment: who may add and remove them, and who gets a shipment's events."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from corridor.errors import AccessDeniedError, ShipmentInputError, ShipmentNotFoundError
from corridor.shipments.models import EventSubscription, utc_now
from corridor.shipments.store import Principal, get_shipment

#: Subscriptions one shipment may have (each new event is sent to every one).
MAX_SUBSCRIPTIONS_PER_SHIPMENT = 10


def subscribe(
    session: Session,
    principal: Principal,
    shipment_id: str,
    *,
    url: str,
    secret: str,
    allowed_hosts: Sequence[str] = (),
) -> EventSubscription:
    """Subscribe ``url`` to the shipment's new events (the owner's keys or admin).

    Raises
    ------
    ShipmentNotFoundError
        The caller may not see the shipment.
    AccessDeniedError
        The caller neither owns the shipment nor is an admin.
    ShipmentInputError
        The URL is not http(s) to loopback or an allowed host, the secret is empty, or the shipment
        has :data:`MAX_SUBSCRIPTIONS_PER_SHIPMENT` subscriptions already.

    """
    from corridor.shipments.webhooks import validate_callback_url

    shipment = get_shipment(session, principal, shipment_id)
    if not (principal.role == "admin" or shipment.owner_id == principal.organisation_id):
        raise AccessDeniedError("only the shipment's owner or an admin subscribes to its events")
    validate_callback_url(url, allowed_hosts=allowed_hosts)
    if not secret:
        raise ShipmentInputError("secret: must not be empty", "secret")
    if len(subscriptions(session, shipment.id)) >= MAX_SUBSCRIPTIONS_PER_SHIPMENT:
        raise ShipmentInputError(
            f"url: a shipment has at most {MAX_SUBSCRIPTIONS_PER_SHIPMENT} subscriptions; remove one first",
            "url",
        )
    subscription = EventSubscription(
        id=str(uuid.uuid4()),
        shipment_id=shipment.id,
        organisation_id=principal.organisation_id,
        url=url,
        secret=secret,
        created_at=utc_now(),
    )
    session.add(subscription)
    session.flush()
    return subscription


def owned_subscription(
    session: Session, principal: Principal, shipment_id: str, subscription_id: str
) -> EventSubscription:
    """A subscription of the shipment, for its owner's keys or an admin.

    Raises
    ------
    ShipmentNotFoundError
        The caller may not see the shipment, or it has no such subscription.
    AccessDeniedError
        The caller neither owns the shipment nor is an admin.

    """
    shipment = get_shipment(session, principal, shipment_id)
    if not (principal.role == "admin" or shipment.owner_id == principal.organisation_id):
        raise AccessDeniedError("only the shipment's owner or an admin manages its subscriptions")
    subscription = session.get(EventSubscription, subscription_id)
    if subscription is None or subscription.shipment_id != shipment.id:
        raise ShipmentNotFoundError(f"no subscription {subscription_id!r} of shipment {shipment_id!r}")
    return subscription


def unsubscribe(session: Session, principal: Principal, shipment_id: str, subscription_id: str) -> None:
    """Delete a subscription of the shipment, and the deliveries it is owed (the owner's keys or admin).

    Raises
    ------
    ShipmentNotFoundError
        The caller may not see the shipment, or it has no such subscription.
    AccessDeniedError
        The caller neither owns the shipment nor is an admin.

    """
    session.delete(owned_subscription(session, principal, shipment_id, subscription_id))
    session.flush()


def subscriptions(session: Session, shipment_id: str) -> list[EventSubscription]:
    """The subscriptions of a shipment, oldest first (no access check: for delivery after a stored post)."""
    query = select(EventSubscription).where(EventSubscription.shipment_id == shipment_id)
    return list(session.scalars(query.order_by(EventSubscription.created_at, EventSubscription.id)))


__all__ = [
    "MAX_SUBSCRIPTIONS_PER_SHIPMENT",
    "owned_subscription",
    "subscribe",
    "subscriptions",
    "unsubscribe",
]
