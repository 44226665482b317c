"""The application: the API under ``/v1`` (one router per resource) and the web page at ``/``.

A thin surface: routers parse, call the library and render; exceptions become
HTTP statuses in one table (:mod:`corridor.api.errors`); shared state reaches
endpoints through :mod:`corridor.api.deps`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from corridor import __version__
from corridor.api import admin, emissions, exports, flows, routes, shipments, simulations, web
from corridor.api import network as network_resource
from corridor.api.deps import AppContext
from corridor.api.errors import add_error_handlers
from corridor.api.middleware import BodyLimit, InputGuard
from corridor.api.route_pool import RoutePool
from corridor.api.settings import Settings
from corridor.emissions.factors import bundled_factors
from corridor.network.io import load_network
from corridor.network.model import Network
from corridor.network.schedules import read_schedules, with_departures
from corridor.routing.graph import routing_graph
from corridor.routing.kernels import warm_up
from corridor.shipments.db import database_in_use, lazy_session_factory
from corridor.shipments.dispatch import DeliveryWorker
from corridor.simulation.jobs import JobManager


def create_app(settings: Settings | None = None, *, network: Network | None = None) -> FastAPI:
    """The application, serving ``network`` (default: the settings' network, else the bundled one)."""
    settings = settings or Settings.from_env()
    net = network or load_network(settings.network)
    for path in settings.schedules:
        net = with_departures(net, read_schedules(path, net).departures)
    sessions = lazy_session_factory(settings.database_url)
    factors = bundled_factors()
    context = AppContext(
        settings=settings,
        network=net,
        factors=factors,
        jobs=JobManager(workers=settings.workers, max_jobs=settings.max_jobs, runs=settings.runs),
        flow_jobs=JobManager(
            workers=1, max_jobs=settings.max_jobs, max_jobs_per_owner=1, runs=settings.flow_runs
        ),
        webhooks=DeliveryWorker(sessions, settings.delivery_policy()),
        sessions=sessions,
        route_pool=RoutePool(settings.route_processes, net, factors) if settings.route_processes else None,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # the first routing request should cost no compilation and no graph building
        warm_up()
        routing_graph(net)
        if (
            context.route_pool is not None
        ):  # each worker loads the network and kernels before the first question
            await anyio.to_thread.run_sync(context.route_pool.wait_ready)
        if settings.webhook_worker:
            # deliveries a previous server left in the outbox go out now; with no database yet, none are owed
            context.webhooks.start(poll_now=database_in_use(settings.database_url))
        yield
        context.webhooks.stop(timeout_s=2.0)
        context.jobs.shutdown()
        context.flow_jobs.shutdown()
        context.sessions.dispose()
        if context.route_pool is not None:
            context.route_pool.shutdown()

    app = FastAPI(
        title="Corridor API",
        version=__version__,
        lifespan=lifespan,
        description="Plan, cost and simulate container freight on the Eurasian corridors.",
        docs_url=None,  # /docs and /redoc are served by the web router with the package's own assets
        redoc_url=None,
    )
    app.state.context = context
    app.state.jobs = context.jobs
    app.add_middleware(InputGuard)  # inside the body limit: it reads bodies already bounded
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    add_error_handlers(app)
    for module in (network_resource, routes, exports, emissions, simulations, flows, shipments, admin, web):
        app.include_router(module.router)
    web.mount_static(app)
    return app


__all__ = ["create_app"]
