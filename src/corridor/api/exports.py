"""``POST /v1/routes/export``: a routing question's answer as an Excel workbook or a printable PDF plan.

The page's XLSX and PDF buttons call this with the form's question; the
documents are built by :mod:`corridor.plan_export` (openpyxl from
``corridor[xlsx]``, reportlab from ``corridor[pdf]``; a missing one is a 503
naming the extra).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from corridor.api.deps import Ctx
from corridor.api.models import ERRORS, RouteRequest
from corridor.api.routes import route_departures, route_question, run_until_gone
from corridor.money import add_currency
from corridor.plan_export import plan_to_pdf, plan_to_xlsx
from corridor.routing import RouteLimits, route_query
from corridor.routing.io import result_to_dict

router = APIRouter(prefix="/v1", tags=["routing"])

MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
DOCUMENTS: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {} for media in MEDIA.values()}, "description": "The workbook or the PDF"},
    **ERRORS,
}


def _file_name(origin: str, destination: str, extension: str) -> str:
    """A download name of plain characters: ``corridor-Xi_an-Duisburg.pdf``."""
    return re.sub(r"[^A-Za-z0-9-]+", "_", f"corridor-{origin}-{destination}")[:120] + f".{extension}"


@router.post("/routes/export", response_class=Response, responses=DOCUMENTS)
async def export(
    body: RouteRequest,
    ctx: Ctx,
    request: Request,
    format: Annotated[Literal["xlsx", "pdf"], Query(description="xlsx (workbook) or pdf (printable plan)")],
    option: Annotated[
        int | None, Query(ge=1, le=10_000, description="PDF: the option to break down (default: the best)")
    ] = None,
) -> Response:
    """The options of a routing question as an XLSX workbook (options and their legs and hubs) or a PDF plan.

    Takes the same body as ``POST /v1/routes`` (``currency`` included) and
    answers the same options, with the question, the provenance and the
    rate of any currency conversion written in the document. The work stops
    when the client disconnects, as ``POST /v1/routes``'s does.
    """
    query = route_question(body, ctx)
    departures = route_departures(body, query, ctx)

    def work(limits: RouteLimits) -> bytes:
        result = route_query(ctx.network, query, factors=ctx.factors, limits=limits, departures=departures)
        answer = result_to_dict(ctx.network, result)
        if body.currency != "USD":
            add_currency(answer, body.currency)
        if format == "xlsx":
            return plan_to_xlsx(answer)
        names = {node_id: node.name for node_id, node in ctx.network.nodes.items()}
        return plan_to_pdf(answer, option=option, node_names=names)

    data = await run_until_gone(request, ctx, work, what="POST /v1/routes/export")
    name = _file_name(query.origin, query.destination, format)
    return Response(
        data, media_type=MEDIA[format], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
