"""The network's GeoJSON against the CSV files it was read from (the export a GIS user opens)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from corridor.network import Network, network_from_csv
from corridor.network.io import network_to_geojson

TINY = Path(__file__).parents[1] / "data" / "tiny"


def _read() -> Network:
    # read here, not from the session fixture, so mutation testing sees which readers each test uses
    return network_from_csv(TINY)


def _rows(name: str) -> dict[str, dict[str, str]]:
    with (TINY / name).open(encoding="utf-8", newline="") as f:
        return {row[next(iter(row))]: row for row in csv.DictReader(f)}


def _number(text: str) -> float | None:
    return float(text) if text else None


def _features(network: Network, kind: str) -> dict[str, dict[str, Any]]:
    collection = json.loads(json.dumps(network_to_geojson(network)))
    assert collection["type"] == "FeatureCollection"
    assert all(f["type"] == "Feature" for f in collection["features"])
    key = f"{kind}_id"
    return {f["properties"][key]: f for f in collection["features"] if f["properties"]["feature"] == kind}


def test_geojson_collection_names_the_dataset() -> None:
    tiny = _read()
    assert network_to_geojson(tiny)["properties"] == {
        "name": "tiny",
        "version": "1",
        "currency_year": 2024,
        "licence": "CC0-1.0",
    }


def test_every_node_is_a_point_with_its_csv_values() -> None:
    tiny = _read()
    nodes = _features(tiny, "node")
    rows = _rows("nodes.csv")
    assert set(nodes) == set(rows)
    for node_id, row in rows.items():
        feature = nodes[node_id]
        assert feature["geometry"] == {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]}
        p = feature["properties"]
        assert (p["name"], p["country"], p["kind"]) == (row["name"], row["country"], row["kind"])
        assert p["alt_names"] == ([row["alt_names"]] if row["alt_names"] else [])
        assert p["source_ids"] == row["source_ids"].split("|")
        assert p["pass_cost_usd_per_teu"] == (_number(row["pass_cost_usd_per_teu"]) or 0)
        if row["transfer_h_mode"]:
            assert p["transfer_cost_usd_per_teu"] == float(row["transfer_cost_usd_per_teu"])
            assert p["transfer_dwell_h"] == {
                "distribution": "triangular",
                "min": float(row["transfer_h_min"]),
                "mode": float(row["transfer_h_mode"]),
                "max": float(row["transfer_h_max"]),
            }
        else:
            assert "transfer_dwell_h" not in p
        assert ("pass_dwell_h" in p) == bool(row["pass_h_mode"])


def test_a_node_lists_the_gauges_of_its_rail_links() -> None:
    tiny = _read()
    nodes = _features(tiny, "node")
    gauges: dict[str, set[int]] = {}
    for row in _rows("links.csv").values():
        if row["gauge_mm"]:
            for end in (row["from_node"], row["to_node"]):
                gauges.setdefault(end, set()).add(int(row["gauge_mm"]))
    for node_id, feature in nodes.items():
        assert feature["properties"]["gauges_mm"] == sorted(gauges.get(node_id, set()))
    assert nodes["KZ-GAUGE"]["properties"]["gauges_mm"] == [1435, 1520]


def test_every_link_is_a_line_between_its_nodes_with_its_csv_values() -> None:
    tiny = _read()
    links = _features(tiny, "link")
    rows = _rows("links.csv")
    nodes = _rows("nodes.csv")
    services = _rows("services.csv")
    assert set(links) == set(rows)
    for link_id, row in rows.items():
        feature = links[link_id]
        ends = [nodes[row["from_node"]], nodes[row["to_node"]]]
        assert feature["geometry"] == {
            "type": "LineString",
            "coordinates": [[float(n["lon"]), float(n["lat"])] for n in ends],
        }
        p = feature["properties"]
        assert (p["from_node"], p["to_node"], p["mode"]) == (row["from_node"], row["to_node"], row["mode"])
        assert p["gauge_mm"] == (int(row["gauge_mm"]) if row["gauge_mm"] else None)
        assert p["bidirectional"] is (row["bidirectional"] == "true")
        assert p["reefer"] is (row["reefer"] == "true")
        assert (p["distance_km"], p["cost_usd_20"], p["cost_usd_40"]) == (
            float(row["distance_km"]),
            float(row["cost_usd_20"]),
            float(row["cost_usd_40"]),
        )
        assert p["duration_h"] == {
            "distribution": "triangular",
            "min": float(row["duration_h_min"]),
            "mode": float(row["duration_h_mode"]),
            "max": float(row["duration_h_max"]),
        }
        assert p["countries"] == row["countries"].split("|")
        assert p["electric_share"] == _number(row["electric_share"])
        assert p["dg_refused"] == (
            [int(c) for c in row["dg_refused"].split("|")] if row["dg_refused"] else []
        )
        assert p["services"] == [s for s, service in services.items() if service["link_id"] == link_id]
        assert p["source_ids"] == row["source_ids"].split("|")
