"""What endpoints depend on: the server's context (settings, network, factors, jobs, database) and the caller.

``jobs`` runs simulations, ``flow_jobs`` flows runs and appraisals (one at a time per organisation).

Endpoints declare ``ctx: Ctx`` (and ``key: Key`` for the shipment service);
FastAPI injects them through :func:`fastapi.Depends`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy.orm import Session

from corridor.api.route_pool import RoutePool
from corridor.api.settings import Settings
from corridor.emissions.factors import FactorDataset
from corridor.network.model import Network
from corridor.shipments.db import LazySessions
from corridor.shipments.dispatch import DeliveryWorker
from corridor.shipments.store import Principal, authenticate
from corridor.simulation.jobs import JobManager


@dataclass(frozen=True)
class AppContext:
    """Everything the endpoints of one application share."""

    settings: Settings
    network: Network
    factors: FactorDataset
    jobs: JobManager
    flow_jobs: JobManager
    webhooks: DeliveryWorker
    sessions: LazySessions
    #: Worker processes for ``POST /v1/routes`` (``CORRIDOR_ROUTE_PROCESSES``), or None: the server's threads.
    route_pool: RoutePool | None = None


async def app_context(request: Request) -> AppContext:
    """The context :func:`corridor.api.app.create_app` stored on the application.

    ``async``: FastAPI would run a plain function in its thread pool, a round trip per request.
    """
    context: AppContext = request.app.state.context
    return context


Ctx = Annotated[AppContext, Depends(app_context)]

API_KEY = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key from `corridor admin`.")
Key = Annotated[str | None, Security(API_KEY)]


@contextmanager
def transaction(
    ctx: AppContext, key: str | None, *, writes: bool = False
) -> Iterator[tuple[Session, Principal]]:
    """One database transaction for the request, with the caller authenticated (committed on success).

    ``writes``: the transaction writes rows; on SQLite this process's writers then take turns.
    """
    lock = ctx.sessions.sqlite_writes if writes and ctx.sessions.sqlite else contextlib.nullcontext()
    with lock, ctx.sessions() as session, session.begin():
        yield session, authenticate(session, key)


__all__ = ["API_KEY", "AppContext", "Ctx", "Key", "app_context", "transaction"]
