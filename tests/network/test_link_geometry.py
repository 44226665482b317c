"""Link geometries: sea lanes along water, through the straits, round the Cape when a link is a Cape route.

The outlines are the bundled Natural Earth 1:110m countries; the tolerances are those stated in
``corridor.network.land`` (near ports, and inside the named narrow passages the outlines close).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corridor import bundled_network
from corridor.errors import NetworkDataError
from corridor.network.io import bundled_network_path, network_from_csv, network_to_geojson
from corridor.network.land import NARROW_PASSAGES, great_circle_km, line_length_km, on_land, points_on_land
from corridor.routing.cargo import Constraints
from corridor.routing.io import result_to_geojson
from corridor.routing.plan import route

#: Links whose line crosses a lake, not the sea: the outlines do not cut lakes out, so every point
#: of these would be "land". Lake Van's train ferry (Tatvan-Van) is a straight crossing.
LAKE_CROSSINGS = {"L-TR-VAN-TR-TATVAN-FERRY"}

#: Hand-drawn Caspian lines may touch the generalised 1:110m coast only this close to their ports.
CASPIAN_TOLERANCE_KM = 20.0

# Boxes [min lon, min lat, max lon, max lat] of places a line must or must not pass.
CASPIAN = (46.5, 36.5, 55.0, 47.2)
BLACK_SEA = (27.4, 40.9, 42.0, 46.8)
KAZAKHSTAN = (46.5, 40.5, 87.4, 55.5)


def _inside(point: list[float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _near(line: list[list[float]], lon: float, lat: float, km: float) -> bool:
    return any(great_circle_km(p, (lon, lat)) <= km for p in line)


def _sea_lanes() -> dict[str, list[list[float]]]:
    network = bundled_network()
    return {
        link_id: network.link_coordinates(link_id)
        for link_id, link in network.links.items()
        if link.mode in ("sea", "ferry", "bulk_carrier")
    }


def test_every_sea_and_ferry_link_has_a_stored_geometry_and_only_land_links_are_straight() -> None:
    network = bundled_network()
    straight = {k for k in network.links if k not in network.geometries}
    # The fallback, listed: rail, pipelines (and any road or inland-waterway link) are drawn
    # straight, the weak point docs/data.md states; no sea, ferry or tanker link is.
    assert {network.links[k].mode for k in straight} <= {"rail", "road", "iww", "pipeline"}
    on_water = {k for k, v in network.links.items() if v.mode in ("sea", "ferry", "tanker", "bulk_carrier")}
    assert on_water <= set(network.geometries)
    for link_id, geometry in network.geometries.items():
        assert geometry.source_ids, link_id
        assert all(s in network.sources for s in geometry.source_ids), link_id
        assert geometry.method


def test_every_sea_lane_point_lies_on_water() -> None:
    network = bundled_network()
    for link_id, line in _sea_lanes().items():
        if link_id in LAKE_CROSSINGS:
            continue
        hand = "m-geometry-hand" in network.geometries[link_id].source_ids
        land = points_on_land(line, tolerance_km=CASPIAN_TOLERANCE_KM) if hand else points_on_land(line)
        assert land == [], f"{link_id} crosses land at {land[:5]}"


def test_the_land_test_sees_land() -> None:
    # A straight Shanghai-Rotterdam line (what the map drew before) crosses all of Asia.
    assert len(points_on_land([[121.42, 31.51], [4.46, 51.9]])) > 500
    assert on_land([[8.68, 50.11], [66.9, 48.0], [-30.0, 40.0], [51.0, 42.0], [34.0, 43.0]]) == [
        True,  # Frankfurt
        True,  # Kazakhstan
        False,  # the Atlantic
        False,  # the Caspian Sea
        False,  # the Black Sea
    ]


def test_shanghai_rotterdam_via_suez_goes_through_malacca_bab_el_mandeb_suez_and_gibraltar() -> None:
    line = _sea_lanes()["L-CNSHA-NLRTM-SEA-SUEZ"]
    assert _near(line, 103.8, 1.2, 150)  # Singapore Strait, the end of Malacca
    assert _near(line, 43.4, 12.6, 60)  # Bab-el-Mandeb
    assert any(_inside(p, NARROW_PASSAGES["Suez Canal and Gulf of Suez"]) for p in line)
    assert _near(line, -5.6, 35.95, 60)  # Gibraltar
    assert not any(_inside(p, KAZAKHSTAN) for p in line)
    assert abs(line_length_km(line) - bundled_network().links["L-CNSHA-NLRTM-SEA-SUEZ"].distance_km) < 400


def test_cape_links_go_round_the_cape_of_good_hope_and_not_through_the_red_sea() -> None:
    network = bundled_network()
    cape = {k: v for k, v in _sea_lanes().items() if k.endswith("-CAPE")}
    assert len(cape) >= 10
    for link_id, line in cape.items():
        assert min(p[1] for p in line) < -34.3, link_id  # south of Cape Agulhas' latitude (34.8 S)
        assert not any(_inside(p, (32.0, 12.0, 44.0, 31.5)) for p in line), link_id  # Red Sea, Suez
        # The line's length against the link's distance. Not closer than 10 %: the bundled
        # distances of the Shanghai, Ningbo, Qingdao and Busan "Cape" links to Rotterdam and
        # Hamburg were measured with the Panama Canal open (searoute takes Panama for them), 2-9 %
        # shorter than the line round the Cape.
        assert line_length_km(line) == pytest.approx(network.links[link_id].distance_km, rel=0.10)


def test_black_sea_lanes_stay_in_the_black_sea_or_pass_the_bosporus() -> None:
    lanes = _sea_lanes()
    for link_id in ("L-GEPTI-ROCND-SEA", "L-GEBUS-BGBOJ-SEA", "L-GEPTI-BGVAR-FERRY"):
        assert all(_inside(p, BLACK_SEA) for p in lanes[link_id]), link_id
    for link_id in ("L-GEPTI-ROCND-SEA", "L-GEBUS-ROCND-SEA", "L-GEPTI-BGVAR-SEA", "L-GEBUS-BGBOJ-SEA"):
        # within the basin, on water to 20 km of the ports (Batumi's marnet node is 50 km offshore)
        assert points_on_land(lanes[link_id], tolerance_km=20) == [], link_id
    piraeus_constanta = lanes["L-GRPIR-ROCND-SEA"]
    assert _near(piraeus_constanta, 29.05, 41.1, 15)  # the Bosporus
    assert _near(piraeus_constanta, 26.5, 40.3, 30)  # the Dardanelles (Canakkale narrows 26.4 E 40.15 N)


def test_caspian_lanes_stay_in_the_caspian_and_round_the_absheron_peninsula() -> None:
    lanes = _sea_lanes()
    caspian = [k for k in lanes if k.endswith("AZ-ALAT-FERRY") or k.endswith("AZ-ALAT-SEA")]
    assert len(caspian) == 4
    for link_id in caspian:
        line = lanes[link_id]
        assert all(_inside(p, CASPIAN) for p in line), link_id
        # Absheron's tip is at about 50.4 E, 40.4 N; a line north of Alat passes east of it
        assert all(p[0] > 50.4 for p in line if 40.3 < p[1] < 40.6), link_id
    kuryk = lanes["L-KZ-KURYK-AZ-ALAT-FERRY"]
    assert great_circle_km(kuryk[0], (51.66, 43.17)) < 1  # starts at Kuryk, not at Aktau


def test_network_geojson_and_route_geojson_draw_the_lanes() -> None:
    network = bundled_network()
    links = {
        f["properties"]["link_id"]: f
        for f in network_to_geojson(network)["features"]
        if f["properties"]["feature"] == "link"
    }
    suez = links["L-CNSHA-NLRTM-SEA-SUEZ"]
    assert suez["geometry"]["coordinates"] == network.link_coordinates("L-CNSHA-NLRTM-SEA-SUEZ")
    assert "searoute" in suez["properties"]["geometry_method"]
    assert suez["properties"]["geometry_source_ids"] == ["searoute-py", "eurostat-searoute-marnet"]
    rail = next(f for f in links.values() if f["properties"]["mode"] == "rail")
    assert len(rail["geometry"]["coordinates"]) == 2
    assert rail["properties"]["geometry_method"] == "straight line between the nodes"

    result = route(network, "CNSHA", "NLRTM", constraints=None, criteria=("time", "cost"))
    collection = result_to_geojson(network, result)
    sea_legs = [
        f
        for f in collection["features"]
        if f["geometry"]["type"] == "LineString" and f["properties"]["mode"] == "sea"
    ]
    assert sea_legs
    for leg in sea_legs:
        line = leg["geometry"]["coordinates"]
        start, end = (
            network.nodes[leg["properties"]["from_node"]],
            network.nodes[leg["properties"]["to_node"]],
        )
        assert line[0] == [start.lon, start.lat] or great_circle_km(line[0], (start.lon, start.lat)) < 1
        assert great_circle_km(line[-1], (end.lon, end.lat)) < 1
        if "NLRTM" in leg["properties"]["link_ids"][0]:
            assert len(line) > 50
            assert not any(_inside(p, KAZAKHSTAN) for p in line)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "net"
    shutil.copytree(bundled_network_path(), folder)
    return folder


def _edit_first_feature(folder: Path, **changes: object) -> None:
    path = folder / "geometry.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    feature = data["features"][0]
    for key, value in changes.items():
        if key == "coordinates":
            feature["geometry"]["coordinates"] = value
        else:
            feature["properties"][key] = value
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_geometry_for_an_unknown_link_is_named(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit_first_feature(folder, link_id="L-NOWHERE")
    with pytest.raises(
        NetworkDataError, match=r"geometry.geojson, row 1, field 'link_id': unknown link 'L-NOWHERE'"
    ):
        network_from_csv(folder)


def test_swapped_coordinates_are_caught_by_the_ends(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    line = bundled_network().link_coordinates(
        json.loads((folder / "geometry.geojson").read_text())["features"][0]["properties"]["link_id"]
    )
    _edit_first_feature(folder, coordinates=[[lat, lon] for lon, lat in line])
    with pytest.raises(
        NetworkDataError, match=r"row 1, field 'coordinates': line of .* km from its from_node"
    ):
        network_from_csv(folder)


def test_a_geometry_needs_a_known_source(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit_first_feature(folder, source_ids="made-up")
    with pytest.raises(NetworkDataError, match=r"row 1, field 'source_ids': unknown source id 'made-up'"):
        network_from_csv(folder)


def test_a_network_without_a_geometry_file_draws_straight_lines() -> None:
    tiny = network_from_csv(Path(__file__).parents[1] / "data" / "tiny")
    assert tiny.geometries == {}
    link = next(iter(tiny.links.values()))
    a, b = tiny.nodes[link.from_node], tiny.nodes[link.to_node]
    assert tiny.link_coordinates(link.link_id) == [[a.lon, a.lat], [b.lon, b.lat]]
    assert tiny.link_coordinates(link.link_id, start=link.to_node) == [[b.lon, b.lat], [a.lon, a.lat]]


def test_with_suez_closed_the_route_is_drawn_round_the_cape() -> None:
    # red-sea-closed closes Egypt; avoiding EG here leaves the Cape links, each with its own line
    network = bundled_network()
    result = route(network, "CNSHA", "NLRTM", constraints=Constraints(avoid_countries=frozenset({"EG"})))
    lines = [
        f["geometry"]["coordinates"]
        for f in result_to_geojson(network, result)["features"]
        if f["geometry"]["type"] == "LineString" and f["properties"]["mode"] == "sea"
    ]
    deep_sea = [line for line in lines if line_length_km(line) > 15_000]
    assert deep_sea
    for line in deep_sea:
        assert min(p[1] for p in line) < -34.3
        assert not any(_inside(p, NARROW_PASSAGES["Suez Canal and Gulf of Suez"]) for p in line)
