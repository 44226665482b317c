"""``POST /v1/routes``: Pareto-optimal routes for a routing question."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from corridor.api.deps import Ctx
from corridor.api.models import ERRORS, RouteRequest, RouteResponse
from corridor.errors import LimitExceededError
from corridor.routing import RouteQuery, route_query
from corridor.routing.io import result_to_dict, result_to_geojson

router = APIRouter(prefix="/v1", tags=["routing"])


@router.post("/routes", response_model=RouteResponse, responses=ERRORS)
def routes(body: RouteRequest, ctx: Ctx) -> dict[str, Any]:
    """Pareto-optimal routes: P50/P90 time, cost, CO2e, distance, countries, transshipments."""
    query = RouteQuery.build(
        body.origin,
        body.destination,
        cargo=body.cargo,
        dg_class=body.dg_class,
        mass_t=body.mass_t,
        avoid_countries=body.avoid_countries,
        avoid_modes=body.avoid_modes,
        require_modes=body.require_modes,
        avoid_nodes=body.avoid_nodes,
        via=body.via,
        max_transshipments=body.max_transshipments,
        criteria=body.criteria,
        value_of_time_usd_per_container_day=body.value_of_time_usd_per_container_day,
    )
    limit = ctx.settings.max_containers
    if query.cargo.n_containers > limit:
        raise LimitExceededError(
            f"at most {limit} containers per request, got {query.cargo.n_containers}", field="cargo"
        )
    result = route_query(ctx.network, query, factors=ctx.factors)
    return {**result_to_dict(ctx.network, result), "geojson": result_to_geojson(ctx.network, result)}
