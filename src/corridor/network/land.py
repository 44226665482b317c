"""Land and water on the bundled Natural Earth outlines: whether a point of a sea lane is on land.

The outlines are Natural Earth's 1:110m admin-0 countries (public domain, ``data/geo``). At that
scale a coastline is generalised by several kilometres, so a port and the first miles of its
approach channel can fall inside a country's outline: callers allow a stated distance from the
link's ends (:data:`PORT_TOLERANCE_KM`). Lakes are not cut out of the countries (Lake Van is
"land" here), the Caspian Sea is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import numpy as np
import numpy.typing as npt

#: How far from a link's end node a sea-lane point may lie inside the outlines: the 1:110m coast is
#: generalised by up to ~20 km and ports sit up estuaries and bays (Hamburg: the line leaves the
#: outlines 90 km from the port, at the Elbe's mouth; Tokyo: 84 km, at the mouth of Tokyo Bay).
PORT_TOLERANCE_KM = 100.0

#: Straits and canals narrower than the 1:110m outlines can show: there the outlines join the two shores,
#: and a lane through them is on "land". Each is a box [min lon, min lat, max lon, max lat] drawn
#: tight round the passage as the outlines close it; a sea-lane point may lie on land only inside one.
NARROW_PASSAGES: dict[str, tuple[float, float, float, float]] = {
    "Strait of Gibraltar": (-6.0, 35.7, -5.3, 36.1),
    "Strait of Dover": (1.3, 50.8, 2.0, 51.1),
    "Kythira Strait": (22.8, 36.3, 23.2, 36.5),
    "Dardanelles": (26.2, 40.0, 26.9, 40.5),
    "Suez Canal and Gulf of Suez": (32.2, 27.6, 34.0, 31.3),
    "Bangka Strait": (105.7, -3.0, 106.1, -2.6),
    "Kanmon Strait": (130.6, 33.85, 131.2, 34.05),
}

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def _rings() -> list[npt.NDArray[np.float64]]:
    path = resources.files("corridor") / "data" / "geo" / "countries_110m.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    rings: list[npt.NDArray[np.float64]] = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        for polygon in polygons:
            rings.extend(np.asarray(ring, dtype=np.float64) for ring in polygon)
    return rings


@lru_cache(maxsize=1)
def _indexed_rings() -> tuple[npt.NDArray[np.float64], list[npt.NDArray[np.float64]]]:
    """The rings and their bounding boxes (min lon, min lat, max lon, max lat), one row each."""
    rings = _rings()
    boxes = np.array([[*r.min(axis=0), *r.max(axis=0)] for r in rings])
    return boxes, rings


def _inside(ring: npt.NDArray[np.float64], lon: float, lat: float) -> bool:
    """Even-odd ray test of one point against one ring."""
    x1, y1, x2, y2 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
    crosses = (y1 > lat) != (y2 > lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
    return bool(np.count_nonzero(crosses & (lon < x_at)) % 2)


def on_land(points: Sequence[Sequence[float]]) -> list[bool]:
    """For each ``[lon, lat]``, whether it lies inside a country outline (even-odd rule over the rings).

    Examples
    --------
    >>> on_land([[8.68, 50.11], [-30.0, 40.0], [51.0, 42.0]])  # Frankfurt, mid-Atlantic, Caspian Sea
    [True, False, False]

    """
    boxes, rings = _indexed_rings()
    out: list[bool] = []
    for lon, lat in points:
        near = np.flatnonzero(
            (boxes[:, 0] <= lon) & (lon <= boxes[:, 2]) & (boxes[:, 1] <= lat) & (lat <= boxes[:, 3])
        )
        out.append(sum(_inside(rings[i], lon, lat) for i in near.tolist()) % 2 == 1)
    return out


def great_circle_km(a: Sequence[float], b: Sequence[float]) -> float:
    """Great-circle distance between two ``[lon, lat]`` points (haversine, mean Earth radius)."""
    lon1, lat1, lon2, lat2 = map(np.radians, (a[0], a[1], b[0], b[1]))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h)))


def line_length_km(coordinates: Sequence[Sequence[float]]) -> float:
    """Length of a ``[lon, lat]`` line along great circles between its points."""
    return sum(great_circle_km(a, b) for a, b in pairwise(coordinates))


def in_passage(point: Sequence[float]) -> str | None:
    """The narrow passage (:data:`NARROW_PASSAGES`) whose box holds ``point``, if any."""
    lon, lat = point[0], point[1]
    for name, (x0, y0, x1, y1) in NARROW_PASSAGES.items():
        if x0 <= lon <= x1 and y0 <= lat <= y1:
            return name
    return None


def points_on_land(
    coordinates: Sequence[Sequence[float]], *, tolerance_km: float = PORT_TOLERANCE_KM
) -> list[list[float]]:
    """The points of a sea lane on land, except within ``tolerance_km`` of its ends or in a narrow passage.

    Points are also taken every ~10 km along each segment, so a straight stretch across a
    peninsula is caught even where both its ends are at sea.
    """
    first, last = coordinates[0], coordinates[-1]
    samples: list[list[float]] = []
    for a, b in pairwise(coordinates):
        steps = max(1, int(great_circle_km(a, b) // 10))
        for t in np.linspace(0.0, 1.0, steps + 1)[:-1]:
            samples.append([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t])
    samples.append(list(last))
    far = [
        p
        for p in samples
        if great_circle_km(p, first) > tolerance_km
        and great_circle_km(p, last) > tolerance_km
        and in_passage(p) is None
    ]
    return [
        [round(float(p[0]), 3), round(float(p[1]), 3)]
        for p, land in zip(far, on_land(far), strict=True)
        if land
    ]
