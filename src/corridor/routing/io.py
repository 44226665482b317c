"""Route results as plain data: JSON documents and GeoJSON features."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from corridor.chain import Hub, Leg, TransportChain
from corridor.money import add_currency
from corridor.network.model import Network
from corridor.routing.plan import RouteResult, chain_to_dict, describe_chain

#: What a full answer adds to each option's summary: its chain and its emissions per element.
OPTION_DETAILS = ("chain", "emissions")


def result_to_dict(
    network: Network, result: RouteResult, *, include: Collection[str] = OPTION_DETAILS
) -> dict[str, Any]:
    """Everything in a :class:`RouteResult` as JSON-ready values.

    ``include`` names the per-option details to add to the summaries:
    ``"chain"`` (every leg and hub) and ``"emissions"`` (per element); both
    by default, none for a compact answer.
    """
    network = result.network or network
    options = []
    for i, option in enumerate(result.options):
        out = {"rank": i + 1, "best": result.best == i, "path": describe_chain(network, option.chain)}
        out.update(option.summary())
        if "chain" in include:
            out["chain"] = chain_to_dict(option.chain, result.cargo)
        if "emissions" in include:
            out["emissions"] = option.emissions.to_dict() if option.emissions is not None else None
        options.append(out)
    return {
        "provenance": result.provenance,
        "query": query_to_dict(result),
        "truncated": result.truncated,
        "warnings": list(result.warnings),
        "options": options,
    }


def query_to_dict(result: RouteResult) -> dict[str, Any]:
    """The question a result answers, as understood."""
    return {
        "origin": result.origin,
        "destination": result.destination,
        "cargo": str(result.cargo),
        "commodity": result.commodity,
        "teu": result.cargo.teu,
        "containers": result.cargo.n_containers,
        "constraints": result.constraints.describe(),
        "criteria": list(result.criteria),
        "depart": result.depart.isoformat() if result.depart else None,
        "times": result.times,
        "places": [
            {"query": e.query, "as": e.label, "how": e.how, "others": list(e.others)}
            for e in result.endpoints
        ],
    }


def chain_to_geojson(
    network: Network, chain: TransportChain, *, properties: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """GeoJSON features of a chain: a LineString per leg, a Point per hub.

    Every figure of the element is a property; ``properties`` are added to all.
    """
    extra = properties or {}
    features: list[dict[str, Any]] = []
    for index, element in enumerate(chain.elements):
        props = {"element": index, **extra, **element.to_dict()}
        if isinstance(element, Hub):
            node = network.nodes[element.node]
            props["name"] = node.name
            geometry: dict[str, Any] = {"type": "Point", "coordinates": [node.lon, node.lat]}
        else:
            geometry = {"type": "LineString", "coordinates": leg_coordinates(network, element)}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return features


def leg_coordinates(network: Network, leg: Leg) -> list[list[float]]:
    """The ``[lon, lat]`` line of a leg: its links' geometries joined in the order travelled.

    A leg without links (a chain written by hand) is the line through its nodes.
    """
    if not leg.link_ids or len(leg.node_ids) != len(leg.link_ids) + 1:
        return [[network.nodes[n].lon, network.nodes[n].lat] for n in leg.node_ids]
    coords: list[list[float]] = []
    for link_id, start in zip(leg.link_ids, leg.node_ids, strict=False):
        points = network.link_coordinates(link_id, start=start)
        coords.extend(points[1:] if coords and coords[-1] == points[0] else points)
    return coords


def result_to_geojson(network: Network, result: RouteResult) -> dict[str, Any]:
    """All options of a result as one FeatureCollection; each feature names its option."""
    network = result.network or network
    features: list[dict[str, Any]] = []
    for i, option in enumerate(result.options):
        features.extend(
            chain_to_geojson(
                network,
                option.chain,
                properties={
                    "option": i + 1,
                    "best": result.best == i,
                    "option_duration_days_p50": round(option.duration_days_p50, 2),
                    "option_duration_days_p90": round(option.duration_days_p90, 2),
                    "option_cost_usd": option.chain.cost_usd,
                },
            )
        )
    return {
        "type": "FeatureCollection",
        "properties": query_to_dict(result) | {"provenance": result.provenance},
        "features": features,
    }


def answer_with(
    network: Network, result: RouteResult, include: Collection[str] = (), currency: str = "USD"
) -> dict[str, Any]:
    """The answer of ``POST /v1/routes``: compact, with the ``include``d details, in ``currency``.

    ``include`` as for :func:`result_to_dict`, plus ``"geojson"`` (every option's features).
    """
    answer = result_to_dict(network, result, include=include)
    if currency != "USD":
        add_currency(answer, currency)
    if "geojson" in include:
        answer["geojson"] = result_to_geojson(network, result)
    return answer
