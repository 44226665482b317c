"""Optional values a network file may give (UN/LOCODE, notes, capacities, a TOC id, a free link) are read
and exported to GeoJSON exactly as written in the CSV rows below, which are the oracle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.errors import NetworkDataError
from corridor.network import network_from_csv
from corridor.network.io import load_network, network_to_geojson

LINK_HEADER = (
    "link_id,from_node,to_node,mode,gauge_mm,bidirectional,distance_km,duration_h_min,duration_h_mode,"
    "duration_h_max,cost_usd_20,cost_usd_40,capacity_teu_per_day,countries,electric_share,reefer,"
    "dg_refused,source_ids,note"
)
PORT = "KZ-PORT,Porto,,,KZ,43,51,seaport,24,48,72,100,,,,,,fixture,"
# Porto with a UN/LOCODE, a note, a transfer capacity and a pass dwell and cost
RICH_PORT = "KZ-PORT,Porto,,KZAAU,KZ,43,51,seaport,24,48,72,100,900,1,2,3,7,fixture,the ferry berth"
L3 = "L3,KZ-GAUGE,KZ-PORT,rail,1520,true,2000,40,48,80,600,900,,KZ,0.5,true,,fixture,"
# L3 one way, with a capacity, a TOC id, a note; and free of charge (a cost of 0 is a value)
RICH_L3 = (
    "L3,KZ-GAUGE,KZ-PORT,rail,1520,false,2000,40,48,80,0,0,480,KZ,0.5,true,,fixture,single track,glec-rail"
)


def _rich(folder: Path) -> None:
    nodes = folder / "nodes.csv"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace(PORT, RICH_PORT), encoding="utf-8")
    links = folder / "links.csv"
    lines = links.read_text(encoding="utf-8").splitlines()
    assert lines[0] == LINK_HEADER
    assert L3 in lines
    rows = [line + "," for line in lines[1:]]  # a toc_id column, empty but for L3
    rows[rows.index(L3 + ",")] = RICH_L3
    links.write_text("\n".join([LINK_HEADER + ",toc_id", *rows]) + "\n", encoding="utf-8")
    sources = folder / "sources.csv"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + "glec-rail,method,GLEC rail default,Smart Freight Centre,,,Test TOC id for a rail leg.\n",
        encoding="utf-8",
    )


def test_optional_node_and_link_values_are_read(tiny_copy: Path) -> None:
    _rich(tiny_copy)
    network = network_from_csv(tiny_copy)
    port, l3 = network.nodes["KZ-PORT"], network.links["L3"]
    assert (port.locode, port.note, port.pass_cost_usd_per_teu) == ("KZAAU", "the ferry berth", 7)
    assert port.transfer is not None
    assert port.transfer.capacity_teu_per_day == 900
    assert (l3.bidirectional, l3.cost_usd_20, l3.cost_usd_40) == (False, 0, 0)
    assert (l3.capacity_teu_per_day, l3.toc_id, l3.note) == (480, "glec-rail", "single track")
    assert network.links["L1"].toc_id is None
    assert network.links["L1"].note is None
    assert network.title == "Tiny test corridor (invented figures, for tests only)"
    assert set(network.sources) == {"fixture", "glec-rail"}
    assert network.sources["glec-rail"].publisher == "Smart Freight Centre"
    assert set(network.services) == {"S1"}
    assert network.services["S1"].operator == "TestLine"
    assert network.services["S1"].link_id == "L4"


def test_a_malformed_toc_id_is_refused(tiny_copy: Path) -> None:
    _rich(tiny_copy)
    links = tiny_copy / "links.csv"
    links.write_text(links.read_text(encoding="utf-8").replace(",glec-rail", ",GLEC Rail"), encoding="utf-8")
    with pytest.raises(NetworkDataError) as err:
        network_from_csv(tiny_copy)
    problems = [str(p) for p in err.value.problems]
    assert f"{links}, row 4, field 'toc_id': malformed value 'GLEC Rail'" in problems


def test_geojson_carries_the_optional_values_under_their_csv_names(tiny_copy: Path) -> None:
    _rich(tiny_copy)
    collection = json.loads(json.dumps(network_to_geojson(network_from_csv(tiny_copy))))
    features = {
        f["properties"].get("node_id") or f["properties"]["link_id"]: f for f in collection["features"]
    }
    assert features["KZ-PORT"]["properties"] == {
        "feature": "node",
        "node_id": "KZ-PORT",
        "name": "Porto",
        "alt_names": [],
        "locode": "KZAAU",
        "country": "KZ",
        "kind": "seaport",
        "gauges_mm": [1520],
        "pass_cost_usd_per_teu": 7,
        "source_ids": ["fixture"],
        "note": "the ferry berth",
        "transfer_dwell_h": {"distribution": "triangular", "min": 24, "mode": 48, "max": 72},
        "transfer_cost_usd_per_teu": 100,
        "transfer_capacity_teu_per_day": 900,
        "pass_dwell_h": {"distribution": "triangular", "min": 1, "mode": 2, "max": 3},
    }
    assert features["KZ-PORT"]["geometry"] == {"type": "Point", "coordinates": [51, 43]}
    assert features["L3"]["properties"] == {
        "feature": "link",
        "link_id": "L3",
        "from_node": "KZ-GAUGE",
        "to_node": "KZ-PORT",
        "mode": "rail",
        "gauge_mm": 1520,
        "bidirectional": False,
        "distance_km": 2000,
        "duration_h": {"distribution": "triangular", "min": 40, "mode": 48, "max": 80},
        "cost_usd_20": 0,
        "cost_usd_40": 0,
        "capacity_teu_per_day": 480,
        "countries": ["KZ"],
        "electric_share": 0.5,
        "toc_id": "glec-rail",
        "reefer": True,
        "dg_refused": [],
        "services": [],
        "source_ids": ["fixture"],
        "note": "single track",
        "geometry_method": "straight line between the nodes",
        "geometry_source_ids": [],
    }


def test_load_network_reads_the_folder_a_user_names(tiny_copy: Path) -> None:
    _rich(tiny_copy)
    assert load_network(tiny_copy).links["L3"].toc_id == "glec-rail"
    assert load_network(tiny_copy / "network.toml").name == "tiny"
    assert load_network(str(tiny_copy)).nodes["KZ-PORT"].locode == "KZAAU"


def test_load_network_without_a_name_or_bundled_is_the_bundled_network() -> None:
    assert load_network().name == "eurasia"
    assert load_network("bundled").name == "eurasia"
    assert load_network(None).find_node("DEDUI").name == "Duisburg"
