"""The webhook outbox: deliveries owed to subscribers, stored with the events they report.

:func:`enqueue` writes one ``webhook_delivery`` row per subscription in the
caller's transaction, the one that stores the events: an event is committed
together with the deliveries that announce it, or neither is. A sender
(:class:`corridor.shipments.dispatch.DeliveryWorker`) then works through the
rows:

- :func:`claim_due` takes due rows with a *lease* (a token and an expiry),
  each by one conditional ``UPDATE`` that succeeds for one sender only, on
  SQLite and PostgreSQL alike, with any number of server processes;
- :func:`mark_delivered` and :func:`mark_failed` settle a row only while its
  lease is still the sender's; a failure is retried after an exponential
  back-off (:meth:`RetryPolicy.delay_s`) until the attempts run out and the row
  is dead (the dead-letter list, :func:`list_deliveries`);
- a sender killed mid-delivery settles nothing: its lease expires and the row
  is sent again, so every delivery arrives at least once.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from corridor.errors import ShipmentInputError, ShipmentNotFoundError
from corridor.shipments.models import EventSubscription, WebhookDelivery, utc_now

#: The states of a delivery.
STATES = ("pending", "delivered", "dead")


@dataclass(frozen=True)
class RetryPolicy:
    """When a failed delivery is tried again, and when it is given up.

    Attempt ``n`` (1-based) that fails is retried after ``base_s * 2 ** (n - 1)``
    seconds, at most ``max_delay_s``; after ``max_attempts`` attempts the
    delivery is dead. The defaults retry over about 10 hours: after 1, 2, 4 ...
    64 minutes, then every 2 hours (12 attempts).

    Examples
    --------
    >>> policy = RetryPolicy()
    >>> [policy.delay_s(n) / 60 for n in (1, 2, 3, 7)]
    [1.0, 2.0, 4.0, 64.0]
    >>> policy.delay_s(11) / 3600
    2.0

    """

    base_s: float = 60.0
    max_delay_s: float = 7200.0
    max_attempts: int = 12

    def delay_s(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        return float(min(self.max_delay_s, self.base_s * 2.0 ** min(attempt - 1, 60)))


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery a sender holds a lease on, with what it needs to send it."""

    id: int
    subscription_id: str
    organisation_id: int
    url: str
    secret: str
    body: bytes
    attempt: int
    token: str


def enqueue(session: Session, subscriptions: Sequence[EventSubscription], body: bytes) -> list[int]:
    """Owe ``body`` to each of ``subscriptions``, in the caller's transaction; the new rows' ids."""
    now = utc_now()
    rows = [
        WebhookDelivery(
            subscription_id=sub.id,
            organisation_id=sub.organisation_id,
            body=body.decode("utf-8"),
            state="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        for sub in subscriptions
    ]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows]


def _due(now: dt.datetime) -> object:
    lease_free = (WebhookDelivery.lease_until.is_(None)) | (WebhookDelivery.lease_until < now)
    return (WebhookDelivery.state == "pending") & (WebhookDelivery.next_attempt_at <= now) & lease_free


def due_organisations(session: Session, *, now: dt.datetime | None = None) -> list[int]:
    """The subscriber organisations that have deliveries due (each is served in turn)."""
    now = now or utc_now()
    query = select(WebhookDelivery.organisation_id).where(_due(now)).distinct()  # type: ignore[arg-type]
    return sorted(session.scalars(query))


def claim_due(
    session: Session, organisation_id: int, *, limit: int, lease_s: float, now: dt.datetime | None = None
) -> list[Claimed]:
    """Lease up to ``limit`` due deliveries of one subscriber organisation, oldest due first.

    Each row is claimed by an ``UPDATE`` conditioned on it still being due and
    unleased, so of two senders claiming the same row one gets it, on SQLite
    (writers take turns) and PostgreSQL (the second ``UPDATE`` waits for the
    first and re-reads the row) alike. The attempt is counted when claimed, so a
    delivery that crashes its sender again and again also runs out of attempts.
    Commit promptly: the claims hold until then.
    """
    now = now or utc_now()
    until = now + dt.timedelta(seconds=lease_s)
    candidates = session.execute(
        select(WebhookDelivery.id)
        .where(_due(now), WebhookDelivery.organisation_id == organisation_id)  # type: ignore[arg-type]
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    ).all()
    claimed: list[Claimed] = []
    for (row_id,) in candidates:
        token = str(uuid.uuid4())
        result = session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == row_id, _due(now))  # type: ignore[arg-type]
            .values(lease_token=token, lease_until=until, attempts=WebhookDelivery.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            continue  # another sender was first
        row = session.execute(
            select(
                WebhookDelivery.subscription_id,
                EventSubscription.url,
                EventSubscription.secret,
                WebhookDelivery.body,
                WebhookDelivery.attempts,
            )
            .join(EventSubscription, EventSubscription.id == WebhookDelivery.subscription_id)
            .where(WebhookDelivery.id == row_id)
        ).one()
        claimed.append(
            Claimed(row_id, row[0], organisation_id, row[1], row[2], row[3].encode("utf-8"), row[4], token)
        )
    return claimed


def _settle(session: Session, claim: Claimed, **values: object) -> bool:
    result = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == claim.id, WebhookDelivery.lease_token == claim.token)
        .values(lease_token=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def mark_delivered(session: Session, claim: Claimed, *, now: dt.datetime | None = None) -> bool:
    """Record ``claim`` as delivered (if the lease is still its own); whether it was."""
    return _settle(session, claim, state="delivered", delivered_at=now or utc_now(), last_error=None)


def mark_failed(
    session: Session, claim: Claimed, error: str, policy: RetryPolicy, *, now: dt.datetime | None = None
) -> str:
    """Record a failed attempt: due again after the policy's delay, or dead; the new state."""
    now = now or utc_now()
    dead = claim.attempt >= policy.max_attempts
    state = "dead" if dead else "pending"
    _settle(
        session,
        claim,
        state=state,
        last_error=error[:500],
        next_attempt_at=now if dead else now + dt.timedelta(seconds=policy.delay_s(claim.attempt)),
    )
    return state


def release(session: Session, claim: Claimed) -> None:
    """Give a claimed delivery back unsent (the sender is stopping): due at once, the attempt not counted."""
    _settle(session, claim, attempts=WebhookDelivery.attempts - 1)


def purge_delivered(session: Session, *, older_than: dt.datetime) -> int:
    """Delete delivered rows settled before ``older_than``; how many."""
    result = session.execute(
        delete(WebhookDelivery)
        .where(WebhookDelivery.state == "delivered", WebhookDelivery.delivered_at < older_than)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True, slots=True)
class DeliveryInfo:
    """A delivery as its subscriber sees it (never the secret)."""

    id: int
    state: str
    attempts: int
    event_ids: list[str]
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None
    delivered_at: dt.datetime | None
    last_error: str | None


def _info(row: WebhookDelivery) -> DeliveryInfo:
    try:
        event_ids = [str(e["event_id"]) for e in json.loads(row.body)["events"]]
    except (ValueError, KeyError, TypeError):
        event_ids = []
    return DeliveryInfo(
        id=row.id,
        state=row.state,
        attempts=row.attempts,
        event_ids=event_ids,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at if row.state == "pending" else None,
        delivered_at=row.delivered_at,
        last_error=row.last_error,
    )


def list_deliveries(
    session: Session, subscription_id: str, *, state: str | None = None, limit: int = 100
) -> list[DeliveryInfo]:
    """The subscription's deliveries, newest first (``state="dead"``: its dead letters)."""
    if state is not None and state not in STATES:
        raise ShipmentInputError(f"state: expected one of {', '.join(STATES)}, got {state!r}", "state")
    query = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id)
    if state is not None:
        query = query.where(WebhookDelivery.state == state)
    query = query.order_by(WebhookDelivery.id.desc()).limit(limit)
    return [_info(row) for row in session.scalars(query)]


def redeliver(session: Session, subscription_id: str, delivery_id: int) -> DeliveryInfo:
    """Queue a dead delivery again, due now with fresh attempts.

    Raises
    ------
    ShipmentNotFoundError
        The subscription has no such delivery.
    ShipmentInputError
        The delivery is not dead.

    """
    row = session.get(WebhookDelivery, delivery_id)
    if row is None or row.subscription_id != subscription_id:
        raise ShipmentNotFoundError(f"no delivery {delivery_id} of subscription {subscription_id!r}")
    if row.state != "dead":
        raise ShipmentInputError(f"delivery {delivery_id} is {row.state}, only dead ones are redelivered")
    row.state, row.attempts, row.next_attempt_at, row.last_error = "pending", 0, utc_now(), None
    session.flush()
    return _info(row)


def count_by_state(session: Session) -> dict[str, int]:
    """How many deliveries are in each state (for operators and tests)."""
    rows = session.execute(select(WebhookDelivery.state, func.count()).group_by(WebhookDelivery.state)).all()
    return {state: int(n) for state, n in rows}


__all__ = [
    "STATES",
    "Claimed",
    "DeliveryInfo",
    "RetryPolicy",
    "claim_due",
    "count_by_state",
    "due_organisations",
    "enqueue",
    "list_deliveries",
    "mark_delivered",
    "mark_failed",
    "purge_delivered",
    "redeliver",
    "release",
]
