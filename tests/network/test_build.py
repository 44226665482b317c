"""Bad network files get errors naming file, row, field and value."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import NetworkDataError
from corridor.network import network_from_csv


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(folder: Path) -> NetworkDataError:
    with pytest.raises(NetworkDataError) as info:
        network_from_csv(folder)
    return info.value


def test_tiny_network_reads(tiny_copy: Path) -> None:
    network = network_from_csv(tiny_copy)
    assert len(network.nodes) == 8
    assert network.links["L4"].platform == "sea"
    assert network.links["L3"].platform == "rail/1520"


def test_bad_number_names_file_row_field_and_value(tiny_copy: Path) -> None:
    _edit(
        tiny_copy,
        "links.csv",
        "L3,KZ-GAUGE,KZ-PORT,rail,1520,true,2000",
        "L3,KZ-GAUGE,KZ-PORT,rail,1520,true,2k",
    )
    message = str(_error(tiny_copy))
    assert "links.csv, row 4, field 'distance_km': not a number: '2k'" in message


def test_negative_value_is_refused(tiny_copy: Path) -> None:
    _edit(tiny_copy, "links.csv", ",300,500,", ",-300,500,")
    assert "field 'cost_usd_20': must be >= 0, got '-300'" in str(_error(tiny_copy))


def test_unknown_node_reference(tiny_copy: Path) -> None:
    _edit(tiny_copy, "links.csv", "L8,RU-NORTH,DE-OMEGA", "L8,RU-NORTH,DE-OMEGO")
    assert "row 9, field 'to_node': unknown node 'DE-OMEGO'" in str(_error(tiny_copy))


def test_unknown_source_id(tiny_copy: Path) -> None:
    _edit(tiny_copy, "nodes.csv", ",,fixture,\nCN-BORDER", ",,fixtur,\nCN-BORDER")
    assert "nodes.csv, row 2, field 'source_ids': unknown source id 'fixtur'" in str(_error(tiny_copy))


def test_triangular_order_is_checked(tiny_copy: Path) -> None:
    _edit(tiny_copy, "links.csv", "1000,20,24,28", "1000,30,24,28")
    assert "needs min <= mode <= max, got 30, 24, 28" in str(_error(tiny_copy))


def test_sea_link_without_service(tiny_copy: Path) -> None:
    (tiny_copy / "services.csv").write_text(
        "service_id,link_id,name,operator,departures_per_week,capacity_teu_per_departure,dg_refused,source_ids,note\n",
        encoding="utf-8",
    )
    assert "sea link 'L4' has no service" in str(_error(tiny_copy))


def test_transfer_point_without_transfer_dwell(tiny_copy: Path) -> None:
    _edit(tiny_copy, "nodes.csv", "gauge_change,12,24,36,50,", "gauge_change,,,,,")
    assert "node 'KZ-GAUGE' joins rail/1435, rail/1520 but gives no transfer dwell" in str(_error(tiny_copy))


def test_duplicate_id(tiny_copy: Path) -> None:
    _edit(tiny_copy, "links.csv", "L2,CN-BORDER", "L1,CN-BORDER")
    assert "duplicate id 'L1' (first on row 2)" in str(_error(tiny_copy))


def test_every_problem_is_reported(tiny_copy: Path) -> None:
    _edit(tiny_copy, "links.csv", ",CN,1,true", ",CN,1.5,maybe")
    problems = [str(p) for p in _error(tiny_copy).problems]
    assert any("'electric_share': must be <= 1" in p for p in problems)
    assert any("'reefer': expected true or false, got 'maybe'" in p for p in problems)


def test_missing_column(tiny_copy: Path) -> None:
    _edit(tiny_copy, "nodes.csv", "node_id,name,", "id,name,")
    assert "field 'node_id': required column is missing" in str(_error(tiny_copy))


def test_missing_file_and_bad_manifest(tiny_copy: Path) -> None:
    (tiny_copy / "services.csv").unlink()
    assert "services.csv: file not found" in str(_error(tiny_copy))
    (tiny_copy / "network.toml").write_text("name = [", encoding="utf-8")
    assert "malformed TOML" in str(_error(tiny_copy))


def test_ragged_row(tiny_copy: Path) -> None:
    _edit(tiny_copy, "services.csv", "fixture,\n", "fixture,,extra\n")
    assert "services.csv, row 2: more cells than header columns" in str(_error(tiny_copy))


def test_not_utf8(tiny_copy: Path) -> None:
    (tiny_copy / "sources.csv").write_bytes("source_id,kind\n\xff".encode("latin-1"))
    assert "not UTF-8" in str(_error(tiny_copy))


def test_disruptions_file_is_checked(tiny_copy: Path) -> None:
    manifest = tiny_copy / "network.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + 'disruptions = "disruptions.csv"\n', encoding="utf-8"
    )
    months = ",".join(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
    header = (
        f"disruption_id,node_id,kind,{months},episode_h_min,episode_h_mode,episode_h_max,source_ids,note\n"
    )
    good = "D1,KZ-PORT,closure," + ",".join(["0.1"] * 12) + ",24,72,168,fixture,\n"
    rows = [
        good,
        "D2,KZ-PARK,closure," + ",".join(["0.1"] * 12) + ",24,72,168,fixture,\n",
        "D3,KZ-PORT,storm," + ",".join(["1.5"] + ["0"] * 11) + ",24,72,168,fixture,\n",
    ]
    (tiny_copy / "disruptions.csv").write_text(header + "".join(rows), encoding="utf-8")
    problems = [str(p) for p in _error(tiny_copy).problems]
    assert any("disruptions.csv, row 3, field 'node_id': unknown node 'KZ-PARK'" in p for p in problems)
    assert any("row 4, field 'kind'" in p for p in problems)
    assert any("row 4, field 'jan': must be <= 1, got '1.5'" in p for p in problems)
    (tiny_copy / "disruptions.csv").write_text(header + good, encoding="utf-8")
    network = network_from_csv(tiny_copy)
    (process,) = network.disruptions_at("KZ-PORT")
    assert process.kind == "closure"
    assert process.wait.month(3).chance == 0.1
