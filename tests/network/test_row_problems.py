"""Each impossible value in a network file is refused with the file, row and field a user must fix.

One value is changed at a time in a copy of the tiny network, so the problem the reader reports is
known in advance: the expected text is the file's name, the row counted with its header as row 1,
and the column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import NetworkDataError
from corridor.network import network_from_csv
from corridor.network.build import REQUIRED_COLUMNS, build_network
from corridor.tables import Table

PORT = "KZ-PORT,Porto,,,KZ,43,51,seaport,24,48,72,100,,,,,,fixture,"  # nodes.csv row 5
L3 = "L3,KZ-GAUGE,KZ-PORT,rail,1520,true,2000,40,48,80,600,900,,KZ,0.5,true,,fixture,"  # links.csv row 4
L4 = "L4,KZ-PORT,AZ-PORT,sea,,true,450,18,20,30,400,700,,KZ|AZ,,false,1,fixture,"  # links.csv row 5
S1 = "S1,L4,Feeder Porto-Harbour,TestLine,2,350,,fixture,"  # services.csv row 2


def _replace(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(NetworkDataError) as err:
        network_from_csv(folder)
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        # latitudes run from -90 to 90 and longitudes from -180 to 180, both inclusive
        (PORT.replace(",43,51,", ",-90.5,51,"), "field 'lat': must be >= -90, got '-90.5'"),
        (PORT.replace(",43,51,", ",43,-180.5,"), "field 'lon': must be >= -180, got '-180.5'"),
        (PORT.replace("seaport", "harbour"), "field 'kind': unknown value 'harbour'"),
        (PORT.replace("KZ-PORT,", "kz port,"), "field 'node_id': malformed value 'kz port'"),
        (PORT.replace(",,,KZ,", ",,KZ-AAU,KZ,"), "field 'locode': not a UN/LOCODE: 'KZ-AAU'"),
        (PORT.replace(",fixture,", ",,"), "field 'source_ids': is required but empty"),
        (
            PORT.replace(",fixture,", ",Fixture Source,"),
            "field 'source_ids': malformed item 'Fixture Source'",
        ),
        # a transfer dwell without its cost
        (PORT.replace(",24,48,72,100,", ",24,48,72,,"), "field 'transfer_cost_usd_per_teu': is required"),
    ],
)
def test_an_impossible_node_value_is_refused(tiny_copy: Path, row: str, problem: str) -> None:
    _replace(tiny_copy, "nodes.csv", PORT, row)
    assert any(p.startswith(f"{tiny_copy / 'nodes.csv'}, row 5, {problem}") for p in _problems(tiny_copy))


def test_a_node_at_the_equator_west_of_greenwich_or_south_of_it_keeps_its_coordinates(
    tiny_copy: Path,
) -> None:
    # Durban (29.87 S, 31.03 E) and Santos (23.96 S, 46.33 W) are real ports on the Cape route; 0/0 is
    # a valid place, not a missing value
    _replace(tiny_copy, "nodes.csv", PORT, PORT.replace(",43,51,", ",-23.96,-46.33,"))
    _replace(
        tiny_copy,
        "nodes.csv",
        "AZ-PORT,Harbour,,,AZ,40,49,",
        "AZ-PORT,Harbour,,,AZ,0,0,",
    )
    network = network_from_csv(tiny_copy)
    assert (network.nodes["KZ-PORT"].lat, network.nodes["KZ-PORT"].lon) == (-23.96, -46.33)
    assert (network.nodes["AZ-PORT"].lat, network.nodes["AZ-PORT"].lon) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (L3.replace(",rail,", ",rial,"), "field 'mode': unknown value 'rial'"),
        (L3.replace(",rail,1520,", ",rail,,"), "field 'gauge_mm': is required but empty"),
        (L3.replace(",rail,1520,", ",road,1520,"), "field 'gauge_mm': only rail and rail-ferry links"),
        (L3.replace(",KZ,0.5,", ",KZ,,"), "field 'electric_share': is required but empty"),
        (L3.replace(",40,48,80,", ",,,,"), "field 'duration_h_min': is required but empty"),
        (L3.replace(",KZ,0.5,", ",KZ|kz,0.5,"), "field 'countries': malformed item 'kz'"),
        (L3.replace(",fixture,", ",Fixture!,"), "field 'source_ids': malformed item 'Fixture!'"),
        (L3.replace(",fixture,", ",nosuch,"), "field 'source_ids': unknown source id 'nosuch'"),
    ],
)
def test_an_impossible_link_value_is_refused(tiny_copy: Path, row: str, problem: str) -> None:
    _replace(tiny_copy, "links.csv", L3, row)
    assert any(p.startswith(f"{tiny_copy / 'links.csv'}, row 4, {problem}") for p in _problems(tiny_copy))


def test_a_road_link_without_gauge_or_electric_share_is_read(tiny_copy: Path) -> None:
    # only rail needs a gauge and an electric share; a truck leg has neither
    _replace(tiny_copy, "links.csv", L3, L3.replace(",rail,1520,", ",road,,").replace(",KZ,0.5,", ",KZ,,"))
    link = network_from_csv(tiny_copy).links["L3"]
    assert (link.mode, link.gauge_mm, link.electric_share) == ("road", None, None)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (S1.replace(",350,", ",0,"), "field 'capacity_teu_per_departure': must be > 0"),
        (S1.replace(",fixture,", ",bad id,"), "field 'source_ids': malformed item 'bad id'"),
        (S1.replace(",fixture,", ",nosuch,"), "field 'source_ids': unknown source id 'nosuch'"),
    ],
)
def test_an_impossible_service_value_is_refused(tiny_copy: Path, row: str, problem: str) -> None:
    _replace(tiny_copy, "services.csv", S1, row)
    assert any(p.startswith(f"{tiny_copy / 'services.csv'}, row 2, {problem}") for p in _problems(tiny_copy))


@pytest.mark.parametrize(
    ("file", "row", "field"),
    [
        ("nodes.csv", PORT, "node_id"),
        ("links.csv", L3, "link_id"),
        ("services.csv", S1, "service_id"),
    ],
)
def test_a_duplicate_id_is_refused_on_its_second_row(
    tiny_copy: Path, file: str, row: str, field: str
) -> None:
    _replace(tiny_copy, file, row, row + "\n" + row)
    first = {"nodes.csv": 5, "links.csv": 4, "services.csv": 2}[file]
    expected = f"{tiny_copy / file}, row {first + 1}, field '{field}': duplicate id"
    assert any(p.startswith(expected) for p in _problems(tiny_copy))


def test_a_duplicate_source_is_refused(tiny_copy: Path) -> None:
    sources = tiny_copy / "sources.csv"
    lines = sources.read_text(encoding="utf-8").splitlines()
    sources.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    assert f"{sources}, row 3, field 'source_id': duplicate id 'fixture' (first on row 2)" in _problems(
        tiny_copy
    )


def test_a_source_row_with_an_unknown_kind_is_refused(tiny_copy: Path) -> None:
    _replace(tiny_copy, "sources.csv", "fixture,method,", "fixture,rumour,")
    problems = _problems(tiny_copy)
    assert any(
        p.startswith(f"{tiny_copy / 'sources.csv'}, row 2, field 'kind': unknown value 'rumour'")
        for p in problems
    )


@pytest.mark.parametrize("mode", ["sea", "ferry"])
def test_a_sea_or_ferry_link_without_a_service_is_refused(tiny_copy: Path, mode: str) -> None:
    # a ship sails only on a published service: a sea or ferry link needs one in services.csv
    (tiny_copy / "services.csv").write_text(
        "service_id,link_id,name,operator,departures_per_week,capacity_teu_per_departure,dg_refused,source_ids,note\n",
        encoding="utf-8",
    )
    if mode == "ferry":  # a Ro-Ro ferry (no gauge) between the two ports
        _replace(tiny_copy, "links.csv", L4, L4.replace(",sea,", ",ferry,"))
    problem = (
        f"{tiny_copy / 'links.csv'}, row 5, field 'mode': {mode} link 'L4' has no service in services file"
    )
    assert problem in _problems(tiny_copy)


def test_a_node_joining_two_platforms_needs_a_transfer(tiny_copy: Path) -> None:
    # Gaugeville joins 1435 mm and 1520 mm track; without a transfer dwell and cost nothing can cross
    _replace(
        tiny_copy,
        "nodes.csv",
        "KZ-GAUGE,Gaugeville,,,KZ,42,82,gauge_change,12,24,36,50,",
        "KZ-GAUGE,Gaugeville,,,KZ,42,82,gauge_change,,,,,",
    )
    expected = (
        f"{tiny_copy / 'nodes.csv'}, row 4, field 'transfer_h_min': "
        "node 'KZ-GAUGE' joins rail/1435, rail/1520 but gives no transfer dwell and cost"
    )
    assert expected in _problems(tiny_copy)


def test_a_manifest_without_a_title_names_the_manifest(tiny_copy: Path) -> None:
    manifest = tiny_copy / "network.toml"
    _replace(
        tiny_copy, "network.toml", 'title = "Tiny test corridor (invented figures, for tests only)"\n', ""
    )
    assert f"{manifest}, field 'title': expected a str, got None" in _problems(tiny_copy)


def test_build_network_names_network_toml_by_default() -> None:
    # every required column, no rows: the only problem left is the manifest's missing title
    empty = {
        name: Table(f"{name}.csv", [], REQUIRED_COLUMNS[name])
        for name in ("nodes", "links", "services", "sources")
    }
    with pytest.raises(NetworkDataError) as err:
        build_network(
            {"name": "x", "version": "1", "licence": "CC0-1.0", "currency_year": 2024},
            nodes=empty["nodes"],
            links=empty["links"],
            services=empty["services"],
            sources=empty["sources"],
        )
    assert [str(p) for p in err.value.problems] == ["network.toml, field 'title': expected a str, got None"]
