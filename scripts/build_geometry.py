"""Generate the sea-lane geometries of the bundled network (run once; the result is committed).

    pip install "corridor[geometry]"      # searoute, for this script only
    python scripts/build_geometry.py      # writes src/corridor/data/eurasia/geometry.geojson

Every sea, ferry and tanker link gets a line along water (pipelines stay straight):

* Open-sea links: the shortest path on the maritime network of ``searoute`` (PyPI ``searoute``
  1.6, Apache-2.0, by Gent Halili), whose network "marnet" is Eurostat's SeaRoute network
  (EUPL-1.2), itself the Oak Ridge National Laboratory CTA Global Shipping Lane Network (2000)
  enriched with AIS-based lines round Europe. Links whose id ends in ``-CAPE`` are routed with the
  Suez Canal and Bab-el-Mandeb closed, so they go round the Cape of Good Hope; the other deep-sea
  links take the shortest way (Malacca, Bab-el-Mandeb, Suez, Gibraltar). The Panama Canal and the
  North-West Passage are closed for all (no bundled lane uses them). The library snaps each port to
  the nearest marnet node; the line then starts and ends at the node's own coordinates.
* Caspian and lake links (:data:`HAND_DRAWN`): the marnet has only a few Caspian nodes and snaps
  Kuryk to Aktau, and it has no Lake Van at all (it routes Van-Tatvan to the Black Sea). These are
  drawn by hand: waypoints read off the Natural Earth 1:10m coastline and OpenStreetMap, each
  checked to lie on water (the Caspian ones against the bundled 1:110m outlines); Lake Van is not
  cut out of the 1:110m outlines, so its crossing is stated as a lake crossing and left out of the
  on-water test.

Every line is checked against the bundled Natural Earth outlines (``corridor.network.land``); the
script stops if a point away from the ports lies on land. Coordinates are rounded to 0.001 deg,
the precision of the outlines.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from corridor.network.land import PORT_TOLERANCE_KM, line_length_km, points_on_land

DATA = Path(__file__).resolve().parents[1] / "src" / "corridor" / "data" / "eurasia"
OUT = DATA / "geometry.geojson"

#: Links drawn by hand, as [lon, lat] waypoints between the two end nodes, and how.
HAND_DRAWN: dict[str, tuple[list[list[float]], str]] = {
    # Kuryk lies 60 km south-east of Aktau on the Caspian coast: out to sea westwards, south past
    # the Absheron peninsula's eastern tip (about 50.4E), then west to Alat.
    "L-KZ-KURYK-AZ-ALAT-FERRY": (
        [[51.45, 43.05], [50.7, 42.2], [50.75, 40.6], [50.45, 40.1], [49.9, 39.9]],
        "hand-drawn waypoints across the Caspian Sea, east of the Absheron peninsula "
        "(searoute snaps Kuryk to Aktau and cuts across Absheron)",
    ),
    # Turkmenbashi sits in the Krasnovodsk Bay behind the Krasnovodsk spit: west out of the bay,
    # then straight across, south of Absheron, to Alat.
    "L-TMKRW-AZ-ALAT-FERRY": (
        [[52.7, 40.0], [52.45, 40.05], [51.5, 40.05], [50.45, 40.0], [49.9, 39.9]],
        "hand-drawn waypoints out of the Krasnovodsk Bay and across the Caspian Sea",
    ),
    "L-KZAAU-AZ-ALAT-FERRY": (
        [[51.1, 43.6], [50.6, 42.5], [50.75, 40.6], [50.45, 40.1], [49.9, 39.9]],
        "hand-drawn waypoints across the Caspian Sea, east of the Absheron peninsula "
        "(the marnet's five Caspian points cut across Absheron)",
    ),
    "L-KZAAU-AZ-ALAT-SEA": (
        [[51.1, 43.6], [50.6, 42.5], [50.75, 40.6], [50.45, 40.1], [49.9, 39.9]],
        "hand-drawn waypoints across the Caspian Sea, east of the Absheron peninsula "
        "(the marnet's five Caspian points cut across Absheron)",
    ),
    # The Ro-Ro ferries for trucks sail the same waters as the rail ferries between the same ports.
    "L-KZ-KURYK-AZ-ALAT-RORO": (
        [[51.45, 43.05], [50.7, 42.2], [50.75, 40.6], [50.45, 40.1], [49.9, 39.9]],
        "hand-drawn waypoints across the Caspian Sea, east of the Absheron peninsula "
        "(as the Kuryk-Alat rail ferry)",
    ),
    "L-TMKRW-AZ-ALAT-RORO": (
        [[52.7, 40.0], [52.45, 40.05], [51.5, 40.05], [50.45, 40.0], [49.9, 39.9]],
        "hand-drawn waypoints out of the Krasnovodsk Bay and across the Caspian Sea "
        "(as the Turkmenbashi-Alat rail ferry)",
    ),
    # Crude tankers from Aktau round the Absheron peninsula's tip to the Sangachal terminal, on the
    # coast 40 km south-west of Baku.
    "L-KZAAU-AZ-SANGACHAL-TANKER": (
        [[51.1, 43.6], [50.6, 42.5], [50.75, 40.6], [50.45, 40.1], [49.8, 40.12]],
        "hand-drawn waypoints across the Caspian Sea, east of the Absheron peninsula "
        "(the marnet's five Caspian points cut across Absheron)",
    ),
    # Grain bulk carriers from Aktau (issue 13): to Alat as the rail ferries, to Amirabad down the middle.
    "L-KZAAU-AZ-ALAT-BULK": (
        [[51.1, 43.6], [50.6, 42.5], [50.75, 40.6], [50.45, 40.1], [49.9, 39.9]],
        "hand-drawn waypoints across the Caspian Sea, east of the Absheron peninsula "
        "(the marnet's five Caspian points cut across Absheron)",
    ),
    "L-KZAAU-IR-AMIRABAD-BULK": (
        [[51.1, 43.6], [51.0, 42.5], [51.6, 40.5], [52.4, 38.6], [53.2, 37.1]],
        "hand-drawn waypoints down the middle of the Caspian Sea, west of the Turkmen coast",
    ),
    # Lake Van: the train ferry's straight crossing (Tatvan pier to Van pier, about 90 km).
    "L-TR-VAN-TR-TATVAN-FERRY": ([], "straight line across Lake Van (a lake; marnet has none)"),
}

#: A hand-drawn line may touch land only this close to its ports (the 1:110m coast near Alat and
#: Turkmenbashi is generalised by ~15 km); the searoute lines get corridor.network.land's wider
#: PORT_TOLERANCE_KM for ports up estuaries.
HAND_TOLERANCE_KM = 20.0

#: Hand-drawn lines that cross a lake, not the sea: left out of the on-water check.
LAKE_CROSSINGS = frozenset({"L-TR-VAN-TR-TATVAN-FERRY"})


_MARNET: dict[str, Any] = {}


def _rounded(coordinates: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in coordinates:
        point = [round(float(lon), 3), round(float(lat), 3)]
        if not out or out[-1] != point:
            out.append(point)
    return out


#: The Corinth Canal (21 m wide, 8 m deep) takes no container ships; the marnet routes Piraeus-Adriatic
#: through it, so its edges are cut: [min lon, min lat, max lon, max lat] round the canal.
CORINTH_CANAL = (22.9, 37.88, 23.05, 37.98)


def _marnet() -> Any:
    import searoute

    marnet = searoute.setup_M()
    x0, y0, x1, y1 = CORINTH_CANAL
    inside = [n for n in marnet.nodes if x0 <= n[0] <= x1 and y0 <= n[1] <= y1]
    marnet.remove_edges_from([(a, b) for a in inside for b in inside if marnet.has_edge(a, b)])
    return marnet


def _searoute_line(origin: list[float], destination: list[float], *, cape: bool) -> list[list[float]]:
    import searoute
    from searoute.classes.passages import Passage

    restrictions = [Passage.northwest, Passage.panama]
    if cape:
        restrictions += [Passage.suez, Passage.babalmandab]
    feature = searoute.searoute(
        origin,
        destination,
        restrictions=restrictions,
        append_orig_dest=True,
        M=_MARNET.setdefault("m", _marnet()),
    )
    return [list(p) for p in feature["geometry"]["coordinates"]]


def build() -> dict[str, Any]:
    """The geometry FeatureCollection of every sea and ferry link of the bundled network."""
    with (DATA / "nodes.csv").open(encoding="utf-8") as f:
        nodes = {r["node_id"]: r for r in csv.DictReader(f)}
    with (DATA / "links.csv").open(encoding="utf-8") as f:
        links = [r for r in csv.DictReader(f) if r["mode"] in ("sea", "ferry", "tanker", "bulk_carrier")]
    features: list[dict[str, Any]] = []
    problems: list[str] = []
    for link in links:
        a, b = nodes[link["from_node"]], nodes[link["to_node"]]
        origin = [float(a["lon"]), float(a["lat"])]
        destination = [float(b["lon"]), float(b["lat"])]
        if link["link_id"] in HAND_DRAWN:
            waypoints, method = HAND_DRAWN[link["link_id"]]
            line = [origin, *waypoints, destination]
            source_ids = "m-geometry-hand"
        else:
            line = _searoute_line(origin, destination, cape=link["link_id"].endswith("-CAPE"))
            method = "searoute 1.6 shortest path on the Eurostat SeaRoute marnet" + (
                ", Suez and Bab-el-Mandeb closed (round the Cape)"
                if link["link_id"].endswith("-CAPE")
                else ""
            )
            source_ids = "searoute-py|eurostat-searoute-marnet"
        line = _rounded(line)
        if link["link_id"] not in LAKE_CROSSINGS:
            tolerance = HAND_TOLERANCE_KM if link["link_id"] in HAND_DRAWN else PORT_TOLERANCE_KM
            land = points_on_land(line, tolerance_km=tolerance)
            if land:
                problems.append(f"{link['link_id']}: {len(land)} points on land: {land}")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": line},
                "properties": {
                    "link_id": link["link_id"],
                    "method": method,
                    "source_ids": source_ids,
                    "length_km": round(line_length_km(line)),
                },
            }
        )
    if problems:
        sys.exit("lines on land:\n" + "\n".join(problems))
    return {
        "type": "FeatureCollection",
        "properties": {
            "generated_by": "scripts/build_geometry.py",
            "licence": (
                "searoute-derived lines: EUPL-1.2 (Eurostat SeaRoute marnet); hand-drawn lines: "
                "CC-BY-4.0 as the rest of the network"
            ),
        },
        "features": features,
    }


def main() -> None:
    collection = build()
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    # One feature a line, so a diff shows which link changed.
    text = text.replace('{"type":"Feature"', '\n{"type":"Feature"')
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} link geometries to {OUT}")


if __name__ == "__main__":
    main()
