"""A stopped webhook worker opens no database session: a sender still busy with a slow subscriber when the
server stops must not open one on an engine the server has already closed (its connection would be
left to the garbage collector). Its claim's lease expires and the delivery is sent again."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from corridor.shipments.dispatch import DeliveryWorker, WorkerStoppedError


def test_no_session_once_stopped() -> None:
    opened: list[int] = []

    def sessions() -> Session:
        opened.append(1)
        raise AssertionError("a session was opened after the worker stopped")

    worker = DeliveryWorker(sessions)
    worker.start(poll_now=False)
    worker.stop(timeout_s=5.0)
    with pytest.raises(WorkerStoppedError):
        worker._session()
    assert opened == []
