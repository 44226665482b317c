"""The dangerous-goods rules file: read when the manifest names it, every problem named."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import NetworkDataError
from corridor.network import network_from_csv

HEADER = "rule_id,applies_to,target_id,dg_classes,verdict,source_ids,note\n"


def _with_rules(folder: Path, rows: str) -> Path:
    (folder / "dg_rules.csv").write_text(HEADER + rows, encoding="utf-8")
    with (folder / "network.toml").open("a", encoding="utf-8") as manifest:
        manifest.write('dg_rules = "dg_rules.csv"\n')
    return folder


def test_rules_are_read_and_indexed_per_class(tiny_copy: Path) -> None:
    network = network_from_csv(
        _with_rules(tiny_copy, "R1,service,S1,1|7,refused,fixture,x\nR2,node,KZ-PORT,7,accepted,fixture,y\n")
    )
    assert network.dg_refused("service", 7) == {"S1"}
    assert network.dg_refused("service", 3) == frozenset()
    rule = network.dg_rule("node", "KZ-PORT", 7)
    assert rule is not None
    assert rule.verdict == "accepted"


def test_without_the_file_there_are_no_rules(tiny_copy: Path) -> None:
    assert network_from_csv(tiny_copy).dg_rules == {}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("R1,service,S9,7,refused,fixture,x\n", "row 2, field 'target_id': unknown service 'S9'"),
        ("R1,port,S1,7,refused,fixture,x\n", "row 2, field 'applies_to'"),
        ("R1,service,S1,7,forbidden,fixture,x\n", "row 2, field 'verdict'"),
        ("R1,service,S1,10,refused,fixture,x\n", "dangerous-goods class must be 1-9, got '10'"),
        ("R1,service,S1,,refused,fixture,x\n", "field 'dg_classes': is required but empty"),
        ("R1,service,S1,7,refused,nosuch,x\n", "unknown source id 'nosuch'"),
        (
            "R1,service,S1,7,refused,fixture,x\nR2,service,S1,3|7,accepted,fixture,y\n",
            "row 3, field 'dg_classes': class 7 at S1 is already ruled by R1",
        ),
    ],
)
def test_bad_rules_name_row_and_field(tiny_copy: Path, rows: str, expected: str) -> None:
    with pytest.raises(NetworkDataError) as info:
        network_from_csv(_with_rules(tiny_copy, rows))
    assert any(expected in str(p) for p in info.value.problems), info.value.problems


def _with_bulk(folder: Path, rows: str, mode: str = "sea") -> Path:
    (folder / "bulk.csv").write_text(
        "link_id,cargo_forms,capacity_t_per_year,tariff_usd_per_t,source_ids,note\n" + rows, encoding="utf-8"
    )
    with (folder / "network.toml").open("a", encoding="utf-8") as manifest:
        manifest.write('bulk = "bulk.csv"\n')
    return folder


def test_bulk_rows_are_read(tiny_copy: Path) -> None:
    network = network_from_csv(_with_bulk(tiny_copy, "L3,liquid_bulk,1000000,12.5,fixture,x\n"))
    assert network.bulk["L3"].tariff_usd_per_t == 12.5
    assert network.bulk["L3"].cargo_forms == ("liquid_bulk",)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("L9,liquid_bulk,,1,fixture,x\n", "field 'link_id': unknown link 'L9'"),
        ("L3,gas,,1,fixture,x\n", "field 'cargo_forms': expected liquid_bulk or dry_bulk, got 'gas'"),
        ("L3,liquid_bulk,,,fixture,x\n", "field 'tariff_usd_per_t': is required but empty"),
    ],
)
def test_bad_bulk_rows_name_row_and_field(tiny_copy: Path, rows: str, expected: str) -> None:
    with pytest.raises(NetworkDataError) as info:
        network_from_csv(_with_bulk(tiny_copy, rows))
    assert any(expected in str(p) for p in info.value.problems), info.value.problems


def test_a_pipeline_needs_its_bulk_row(tiny_copy: Path) -> None:
    path = tiny_copy / "links.csv"
    text = path.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("L5,"))
    fields = line.split(",")
    fields[3], fields[4] = "pipeline", ""
    path.write_text(text.replace(line, ",".join(fields)), encoding="utf-8")
    with pytest.raises(NetworkDataError) as info:
        network_from_csv(tiny_copy)
    assert any("pipeline link 'L5' carries bulk only" in str(p) for p in info.value.problems)
