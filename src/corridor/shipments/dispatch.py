"""The webhook sender: a background worker that sends what the outbox owes.

One :class:`DeliveryWorker` per server process. A scheduler thread claims due
deliveries (:func:`corridor.shipments.outbox.claim_due`) one subscriber
organisation at a time, never more than ``per_subscriber`` in flight for any
one organisation, and hands them to ``threads`` sender threads. A subscriber
that answers slowly or not at all therefore holds at most ``per_subscriber``
threads, and every other tenant's deliveries go on (the limit is per process;
several server processes share the work through the claims).

The scheduler wakes when a request has committed new deliveries
(:meth:`DeliveryWorker.wake`) and otherwise every ``poll_s`` seconds, to pick
up retries that have come due and deliveries left by a process that died (their
leases expire after ``lease_s``). :meth:`DeliveryWorker.stop` returns within
about ``stop_timeout_s``: deliveries not yet started are given back to the
outbox, and one still waiting for its subscriber is sent again by the next
server (at least once).
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from corridor.shipments import outbox
from corridor.shipments.models import utc_now
from corridor.shipments.webhooks import TIMEOUT_S, Delivery, send_once

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryPolicy:
    """How the worker sends: timeouts, retries, concurrency, polling.

    Parameters
    ----------
    retry
        Back-off and the attempts before a delivery is dead.
    timeout_s
        Seconds to wait for a subscriber's answer.
    lease_s
        Seconds a claim holds; a claim older than this (its sender died) is taken again. Longer
        than ``timeout_s``.
    poll_s
        Seconds between looks at the outbox when nothing wakes the worker.
    threads
        Deliveries in flight at most, over all subscribers.
    per_subscriber
        Deliveries in flight at most for one subscriber organisation.
    keep_delivered_s
        Seconds a delivered row is kept before it is deleted (dead ones are kept).
    allowed_hosts
        Hosts callbacks may go to besides loopback (checked again at each attempt).

    """

    retry: outbox.RetryPolicy = field(default_factory=outbox.RetryPolicy)
    timeout_s: float = TIMEOUT_S
    lease_s: float = 60.0
    poll_s: float = 1.0
    threads: int = 8
    per_subscriber: int = 2
    keep_delivered_s: float = 7 * 86_400.0
    allowed_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.lease_s <= self.timeout_s:
            raise ValueError(f"lease_s ({self.lease_s:g}) must exceed timeout_s ({self.timeout_s:g})")
        if self.per_subscriber < 1 or self.threads < 1:
            raise ValueError("threads and per_subscriber must be at least 1")


class WorkerStoppedError(RuntimeError):
    """The worker was stopped: no more database work from its threads."""


class DeliveryWorker:
    """Sends the outbox's due deliveries from background threads (see the module docstring)."""

    def __init__(self, sessions: Callable[[], Session], policy: DeliveryPolicy | None = None) -> None:
        self.sessions = sessions
        self.policy = policy or DeliveryPolicy()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._active = False
        self._lock = threading.Lock()
        self._in_flight: Counter[int] = Counter()
        self._queue: queue.Queue[outbox.Claimed | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._last_purge = 0.0
        #: Set once :meth:`stop` has waited for the threads: a sender still busy after that (a slow
        #: subscriber) opens no database session, which would outlive the server's engine; its claim's
        #: lease expires and the delivery is sent again (at least once).
        self._closed = threading.Event()

    def start(self, *, poll_now: bool = True) -> None:
        """Start the threads; with ``poll_now`` false the outbox is first read when :meth:`wake` is called."""
        self._active = poll_now
        self._threads = [
            threading.Thread(target=self._schedule, name="corridor-webhook-scheduler", daemon=True)
        ] + [
            threading.Thread(target=self._send_loop, name=f"corridor-webhook-{n}", daemon=True)
            for n in range(self.policy.threads)
        ]
        for thread in self._threads:
            thread.start()

    def wake(self) -> None:
        """New deliveries were committed: look at the outbox now."""
        self._active = True
        self._wake.set()

    def stop(self, *, timeout_s: float = 3.0) -> None:
        """Stop claiming, give back what is not yet sent, and wait up to ``timeout_s`` for the threads."""
        self._stopping.set()
        self._wake.set()
        for _ in range(self.policy.threads):
            self._queue.put(None)
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._closed.set()

    def _session(self) -> Session:
        if self._closed.is_set():
            raise WorkerStoppedError("the webhook worker has stopped")
        return self.sessions()

    def in_flight(self) -> int:
        """Deliveries claimed by this worker and not yet settled."""
        with self._lock:
            return sum(self._in_flight.values())

    # the scheduler thread

    def _schedule(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            if self._active:
                self._wake.clear()  # a wake from now on means another round
                try:
                    self._claim_round()
                    failures = 0
                except Exception as err:  # the database is away: log, back off, go on
                    failures += 1
                    LOG.warning("webhook outbox not read: %s: %s", type(err).__name__, str(err)[:300])
            pause = self.policy.poll_s * min(2**failures, 30) if self._active else None
            self._wake.wait(pause)

    def _claim_round(self) -> None:
        policy = self.policy
        with self._session() as session, session.begin():
            organisations = outbox.due_organisations(session)
        for organisation in organisations:
            if self._stopping.is_set():
                return
            with self._lock:
                free_total = policy.threads - sum(self._in_flight.values())
                free = min(policy.per_subscriber - self._in_flight[organisation], free_total)
            if free <= 0:
                continue
            with self._session() as session, session.begin():
                claims = outbox.claim_due(session, organisation, limit=free, lease_s=policy.lease_s)
            with self._lock:
                self._in_flight[organisation] += len(claims)
            for claim in claims:
                self._queue.put(claim)
        if time.monotonic() - self._last_purge > 600:
            self._last_purge = time.monotonic()
            older = utc_now() - dt.timedelta(seconds=policy.keep_delivered_s)
            with self._session() as session, session.begin():
                outbox.purge_delivered(session, older_than=older)

    # the sender threads

    def _send_loop(self) -> None:
        while True:
            claim = self._queue.get()
            if claim is None:
                return
            try:
                self._send(claim)
            except WorkerStoppedError:  # the server has stopped: the lease expires, it is sent again
                pass
            except Exception as err:  # settling failed (database away): the lease expires, it is sent again
                LOG.warning("webhook delivery %d not settled: %s", claim.id, type(err).__name__)
            finally:
                with self._lock:
                    self._in_flight[claim.organisation_id] -= 1
                self._wake.set()  # the subscriber has room again

    def _send(self, claim: outbox.Claimed) -> None:
        if self._stopping.is_set():
            with self._session() as session, session.begin():
                outbox.release(session, claim)
            return
        delivery = Delivery(claim.subscription_id, claim.url, claim.secret, claim.body)
        error = send_once(delivery, timeout_s=self.policy.timeout_s, allowed_hosts=self.policy.allowed_hosts)
        with self._session() as session, session.begin():
            if error is None:
                outbox.mark_delivered(session, claim)
                return
            state = outbox.mark_failed(session, claim, error, self.policy.retry)
        LOG.warning(
            "webhook delivery %d to subscription %s, attempt %d: %s%s",
            claim.id,
            claim.subscription_id,
            claim.attempt,
            error,
            " (dead: no more attempts)" if state == "dead" else "",
        )


__all__ = ["DeliveryPolicy", "DeliveryWorker"]
