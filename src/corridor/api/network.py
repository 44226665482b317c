"""The network the server plans on: health with data versions, GeoJSON, node and place search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from corridor import __version__
from corridor.api.deps import Ctx
from corridor.api.models import Health, NodeList, NodeOut, PlaceList, PlaceOut
from corridor.places.gazetteer import ATTRIBUTION
from corridor.places.search import search_places

router = APIRouter(prefix="/v1")


@router.get("/health", response_model=Health, tags=["meta"])
def health(ctx: Ctx) -> Health:
    """Server health and the versions of the data it serves."""
    net, factors = ctx.network, ctx.factors
    return Health(
        status="ok",
        version=__version__,
        network=f"{net.name} {net.version}",
        factors=f"{factors.name} {factors.version}",
    )


@router.get("/network.geojson", tags=["network"])
def network_geojson(ctx: Ctx) -> dict[str, Any]:
    """The network as GeoJSON (nodes as points, links as lines, every attribute a property)."""
    from corridor.network.io import network_to_geojson

    return network_to_geojson(ctx.network)


@router.get("/nodes", response_model=NodeList, tags=["network"])
def nodes(ctx: Ctx, q: str = Query("", max_length=100), limit: int = Query(10, ge=1, le=100)) -> NodeList:
    """Nodes whose name, alternative name, id or UN/LOCODE starts with (or contains) ``q``."""
    found = ctx.network.search_nodes(q, limit=limit)
    return NodeList(
        nodes=[
            NodeOut(
                node_id=n.node_id,
                name=n.name,
                locode=n.locode,
                country=n.country,
                kind=n.kind,
                lat=n.lat,
                lon=n.lon,
            )
            for n in found
        ]
    )


@router.get("/places", response_model=PlaceList, tags=["network"])
def places(ctx: Ctx, q: str = Query("", max_length=100), limit: int = Query(10, ge=1, le=50)) -> PlaceList:
    """Places for autocomplete: nodes, towns, UN/LOCODEs and close spellings matching ``q``.

    Nodes come first, then towns whose name starts with ``q`` (largest first), a UN/LOCODE of
    the bundled list, then close spellings. Each ``value`` is what to send to ``POST /v1/routes``
    to mean exactly that place.
    """
    hits = search_places(ctx.network, q, limit=limit)
    return PlaceList(
        places=[PlaceOut.model_validate(hit, from_attributes=True) for hit in hits], attribution=ATTRIBUTION
    )
