"""Reading link geometries: the lines links follow on the map, kept in a GeoJSON file beside the tables.

A network's manifest names the file (``geometry = "geometry.geojson"``); each feature is a
LineString with properties ``link_id``, ``method`` and ``source_ids`` (``|``-separated). Links
without a feature are drawn as the straight line between their nodes. The file is keyed by link
id, so links added to the tables need no change to it.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

from corridor.errors import NetworkDataError, Problem
from corridor.network.land import great_circle_km
from corridor.network.model import LinkGeometry, Network

#: A line must start and end this close to its link's nodes (km): a line that does not is for
#: another link, or its coordinates are swapped (lat, lon).
END_TOLERANCE_KM = 5.0


def _coordinates(value: Any) -> tuple[tuple[float, float], ...] | str:
    """The line's points, or what is wrong with them."""
    if not isinstance(value, list) or len(value) < 2:
        return "a LineString needs at least two points"
    points: list[tuple[float, float]] = []
    for point in value:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point[:2])
        ):
            return f"not a [lon, lat] point: {point!r}"
        lon, lat = float(point[0]), float(point[1])
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            return f"point out of range: {point!r}"
        points.append((lon, lat))
    return tuple(points)


def read_geometries(path: Path, network: Network) -> dict[str, LinkGeometry]:
    """The link geometries in the GeoJSON file ``path``, checked against ``network``.

    Raises
    ------
    NetworkDataError
        The file is missing or not GeoJSON, or a feature names an unknown link or source, has
        a malformed line, or does not run between its link's two nodes; every problem is listed,
        with the feature's number as its row.

    """
    file = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise NetworkDataError([Problem(file, None, None, "geometry file not found")]) from err
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise NetworkDataError([Problem(file, None, None, f"not a JSON file: {err}")]) from err
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise NetworkDataError([Problem(file, None, None, "expected a GeoJSON FeatureCollection")])
    problems: list[Problem] = []
    out: dict[str, LinkGeometry] = {}
    for row, feature in enumerate(features, start=1):
        geometry = _feature(feature, row, file, network, problems)
        if geometry is not None:
            link_id, value = geometry
            if link_id in out:
                problems.append(Problem(file, row, "link_id", f"second geometry for link {link_id!r}"))
            out[link_id] = value
    if problems:
        raise NetworkDataError(problems)
    return out


def _feature(
    feature: Any, row: int, file: str, network: Network, problems: list[Problem]
) -> tuple[str, LinkGeometry] | None:
    props = feature.get("properties") if isinstance(feature, dict) else None
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(props, dict) or not isinstance(geometry, dict):
        problems.append(Problem(file, row, None, "expected a GeoJSON Feature with geometry and properties"))
        return None
    link_id = props.get("link_id")
    if not isinstance(link_id, str) or link_id not in network.links:
        problems.append(Problem(file, row, "link_id", f"unknown link {link_id!r}"))
        return None
    if geometry.get("type") != "LineString":
        problems.append(
            Problem(file, row, "geometry", f"expected a LineString, got {geometry.get('type')!r}")
        )
        return None
    points = _coordinates(geometry.get("coordinates"))
    if isinstance(points, str):
        problems.append(Problem(file, row, "coordinates", points))
        return None
    method = props.get("method")
    if not isinstance(method, str) or not method.strip():
        problems.append(Problem(file, row, "method", "say how the line was made"))
        return None
    raw_sources = props.get("source_ids")
    source_ids = tuple(s for s in str(raw_sources or "").split("|") if s)
    if not source_ids:
        problems.append(Problem(file, row, "source_ids", "a geometry needs its source"))
    for source_id in source_ids:
        if source_id not in network.sources:
            problems.append(Problem(file, row, "source_ids", f"unknown source id {source_id!r}"))
    link = network.links[link_id]
    for end, point in (("from_node", points[0]), ("to_node", points[-1])):
        node = network.nodes[getattr(link, end)]
        gap = great_circle_km(point, (node.lon, node.lat))
        if gap > END_TOLERANCE_KM:
            problems.append(
                Problem(
                    file,
                    row,
                    "coordinates",
                    f"line of {link_id} ends {gap:.0f} km from its {end} {node.node_id} "
                    f"(at most {END_TOLERANCE_KM:g} km)",
                )
            )
    return link_id, LinkGeometry(points, method.strip(), source_ids)


def with_geometries(network: Network, path: Path) -> Network:
    """``network`` with the link geometries of ``path`` (see :func:`read_geometries`)."""
    return dataclasses.replace(network, geometries=read_geometries(path, network))
