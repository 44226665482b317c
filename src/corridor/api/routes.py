"""``POST /v1/routes``: Pareto-optimal routes for a routing question."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from corridor.api.deps import AppContext, Ctx
from corridor.api.models import ERRORS, RouteDetail, RouteRequest, RouteResponse
from corridor.errors import ConstraintError, LimitExceededError
from corridor.network.model import Departure
from corridor.network.schedules import departures_from_dcsa
from corridor.routing import RouteLimits, RouteQuery, route_query
from corridor.routing.io import answer_with

router = APIRouter(prefix="/v1", tags=["routing"])
LOG = logging.getLogger(__name__)
#: Seconds between checks that the client is still there while a question is worked on.
WATCH_S = 0.2
T = TypeVar("T")

INCLUDE_HELP = (
    "Details to add to the compact answer (repeatable): `chain` (each option's legs and hubs), "
    "`emissions` (per element) and `geojson` (every option as GeoJSON features)."
)


@router.post(
    "/routes",
    response_model=None,
    response_class=JSONResponse,
    responses={200: {"model": RouteResponse, "description": "The options"}, **ERRORS},
)
async def routes(
    body: RouteRequest,
    ctx: Ctx,
    request: Request,
    include: Annotated[list[RouteDetail], Query(description=INCLUDE_HELP, max_length=3)] = [],  # noqa: B006 (FastAPI copies defaults per request)
) -> Response:
    """Pareto-optimal routes: P50/P90 time, cost, CO2e, distance, countries, transshipments.

    The answer is compact by default, a summary per option; ``include``
    adds chains, per-element emissions and GeoJSON. At most
    ``CORRIDOR_MAX_OPTIONS`` options: past that the answer holds those
    lowest in the first criterion and ``truncated`` says so. The work
    stops (between the search's phases and before each option) when the
    client disconnects, the deadline passes or the server is stopping.
    """
    query = route_question(body, ctx)
    departures = route_departures(body, query, ctx)
    pool = ctx.route_pool
    if pool is not None:  # CORRIDOR_ROUTE_PROCESSES: answered in a worker process, this thread waits

        def in_pool(limits: RouteLimits) -> tuple[int, bytes]:
            return pool.answer(query, limits, include, body.currency, departures)

        status, content = await run_until_gone(request, ctx, in_pool, what="POST /v1/routes")
        return Response(content, status_code=status, media_type="application/json")

    def work(limits: RouteLimits) -> dict[str, Any]:
        result = route_query(ctx.network, query, factors=ctx.factors, limits=limits, departures=departures)
        return answer_with(ctx.network, result, include, body.currency)

    answer = await run_until_gone(request, ctx, work, what="POST /v1/routes")
    return JSONResponse(answer)


def route_departures(body: RouteRequest, query: RouteQuery, ctx: AppContext) -> tuple[Departure, ...]:
    """The departures of the request's timetable, if it gives one (a timetable needs a departure date)."""
    if body.schedules is None:
        return ()
    if query.depart is None:
        raise ConstraintError("a timetable is used for a departure date: give depart", field="depart")
    return departures_from_dcsa(body.schedules, ctx.network, file="schedules").departures


async def run_until_gone(
    request: Request, ctx: AppContext, work: Callable[[RouteLimits], T], *, what: str
) -> T:
    """``work(limits)`` in a worker thread, stopped when the client disconnects.

    ``limits`` are the server's routing limits with a cancel event, set when
    the client goes away, when this request is cancelled (the server is
    stopping: the thread is abandoned and the event stops it) or when the
    work ends; the search and the option building check it.
    """
    cancelled = threading.Event()
    limits = dataclasses.replace(ctx.settings.route_limits(), cancelled=cancelled)
    gone = threading.Event()

    async def watch() -> None:
        while not cancelled.is_set():
            if await request.is_disconnected():
                gone.set()
                cancelled.set()
                return
            await anyio.sleep(WATCH_S)

    answer: T | None = None
    error: Exception | None = None
    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        try:
            answer = await anyio.to_thread.run_sync(work, limits, abandon_on_cancel=True)
        except Exception as err:  # raised below, outside the task group (which would wrap it in a group)
            error = err
            if gone.is_set():
                LOG.warning("%s: the client went away, %s", what, err)
        finally:
            cancelled.set()
            group.cancel_scope.cancel()
    if error is not None:
        raise error
    assert answer is not None  # work returned
    return answer


def route_question(body: RouteRequest, ctx: AppContext) -> RouteQuery:
    """The routing question of a request body, within the server's container limit."""
    query = RouteQuery.build(
        body.origin,
        body.destination,
        cargo=body.cargo,
        dg_class=body.dg_class,
        commodity=body.commodity,
        mass_t=body.mass_t,
        avoid_countries=body.avoid_countries,
        avoid_modes=body.avoid_modes,
        require_modes=body.require_modes,
        avoid_nodes=body.avoid_nodes,
        via=body.via,
        max_transshipments=body.max_transshipments,
        criteria=body.criteria,
        value_of_time_usd_per_container_day=body.value_of_time_usd_per_container_day,
        depart=body.depart,
    )
    limit = ctx.settings.max_containers
    if query.cargo.n_containers > limit:
        raise LimitExceededError(
            f"at most {limit} containers per request, got {query.cargo.n_containers}", field="cargo"
        )
    return query
