"""The bundled demand table and the demand reader's errors."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from corridor.assignment import bundled_demand, bundled_demand_path, demand_from_csv
from corridor.assignment.demand import check_demand_nodes
from corridor.errors import DemandDataError
from corridor.network.io import bundled_network


def test_bundled_demand_is_modelled_sourced_and_meets_its_control_totals() -> None:
    demand = bundled_demand()
    assert demand.basis == "modelled"
    assert demand.base_year == 2024
    assert {r.basis for r in demand.rows} == {"modelled"}
    assert all(r.source_ids for r in demand.rows)
    for segment in demand.segments.values():
        assert segment.source_ids
        assert segment.value_of_time_usd_per_teu_day > 0
    control = demand.control_totals
    west: defaultdict[str, float] = defaultdict(float)
    for row in demand.rows:
        if row.direction == "westbound":
            region = row.origin_region or ""
            group = {"cn-rail-hubs": "china", "cn-ports": "china"}.get(region, region)
            west[group] += row.teu_per_year
    middle = control["middle_corridor_teu"]
    china = control["sea_china_teu"] + control["northern_china_europe_teu"] + 0.75 * middle
    assert west["china"] == pytest.approx(china, rel=1e-4)
    assert west["japan-korea"] == pytest.approx(0.3 * control["sea_other_asia_teu"], rel=1e-4)
    assert west["central-asia"] == pytest.approx(0.5 * middle, rel=1e-3)
    for key in ("rail_share", "middle_share_of_rail"):
        assert 0 < demand.observed_shares[key] < 1
    rail = control["northern_china_europe_teu"] + middle
    assert demand.observed_shares["rail_share"] == pytest.approx(
        rail / (control["sea_china_teu"] + control["sea_other_asia_teu"] + rail), abs=1e-4
    )
    check_demand_nodes(demand, bundled_network())


def test_every_cited_source_is_in_the_sources_table() -> None:
    demand = bundled_demand()
    cited = set(demand.control_totals["source_ids"]) | set(demand.observed_shares["source_ids"])
    assert cited <= set(demand.sources)
    for source in demand.sources.values():
        assert source.url or source.kind == "method"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "demand"
    shutil.copytree(bundled_demand_path(), target)
    return target


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def test_bad_rows_are_named_by_file_row_and_field(folder: Path) -> None:
    _append(
        folder / "demand.csv", "CN-XIAN,DEDUI,cn-rail-hubs,eu-hubs,westbound,toys,-5,guessed,m-demand-split"
    )
    with pytest.raises(DemandDataError) as caught:
        demand_from_csv(folder)
    messages = [str(p) for p in caught.value.problems]
    row = len((folder / "demand.csv").read_text().splitlines())
    assert any(f"row {row}" in m and "'teu_per_year'" in m for m in messages)
    assert any("'basis'" in m and "guessed" in m for m in messages)
    assert any("'segment'" in m and "unknown segment 'toys'" in m for m in messages)
    assert all("demand.csv" in m for m in messages)


def test_a_row_given_twice_is_an_error(folder: Path) -> None:
    first = (folder / "demand.csv").read_text().splitlines()[1]
    _append(folder / "demand.csv", first)
    with pytest.raises(DemandDataError, match="given twice"):
        demand_from_csv(folder)


def test_a_users_single_csv_uses_the_bundled_segments(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("origin,destination,segment,teu_per_year,basis\nKZALA,AZBAK,general,1200,observed\n")
    demand = demand_from_csv(path)
    assert demand.basis == "observed"
    assert demand.total_teu_per_year == 1200
    assert "general" in demand.segments


def test_unknown_nodes_are_named(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("origin,destination,segment,teu_per_year,basis\nKZALA,XXNOPE,general,1,modelled\n")
    with pytest.raises(DemandDataError, match=r"row 2, field 'destination'.*XXNOPE"):
        check_demand_nodes(demand_from_csv(path), bundled_network())


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("origin,destination,segment,basis\nKZALA,AZBAK,general,modelled\n")
    with pytest.raises(DemandDataError, match="teu_per_year"):
        demand_from_csv(path)
