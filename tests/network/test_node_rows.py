"""A node row is read with every field, and an impossible one is refused naming the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.distributions import Triangular
from corridor.errors import NetworkDataError
from corridor.network import network_from_csv

PORT = "KZ-PORT,Porto,,,KZ,43,51,seaport,24,48,72,100,,,,,,fixture,"


def _with_port(folder: Path, row: str) -> None:
    nodes = folder / "nodes.csv"
    text = nodes.read_text(encoding="utf-8")
    assert PORT in text
    nodes.write_text(text.replace(PORT, row), encoding="utf-8")


def test_every_node_field_is_read(tiny_copy: Path) -> None:
    _with_port(
        tiny_copy,
        "KZ-PORT,Porto,Port Town|Portu,KZAAU,KZ,43.5,51.2,seaport,24,48,72,100,900,1,2,3,7,fixture,busy",
    )
    node = network_from_csv(tiny_copy).nodes["KZ-PORT"]
    assert (node.name, node.alt_names, node.locode, node.country) == (
        "Porto",
        ("Port Town", "Portu"),
        "KZAAU",
        "KZ",
    )
    assert (node.lat, node.lon, node.kind, node.note) == (43.5, 51.2, "seaport", "busy")
    assert node.transfer is not None
    assert node.transfer.dwell_h == Triangular(24, 48, 72)
    assert (node.transfer.cost_usd_per_teu, node.transfer.capacity_teu_per_day) == (100, 900)
    assert (node.pass_dwell_h, node.pass_cost_usd_per_teu) == (Triangular(1, 2, 3), 7)
    assert node.source_ids == ("fixture",)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("KZ-PORT,Porto,,,KZ,91,51,seaport,24,48,72,100,,,,,,fixture,", "field 'lat'"),
        ("KZ-PORT,Porto,,,KZ,43,181,seaport,24,48,72,100,,,,,,fixture,", "field 'lon'"),
        ("KZ-PORT,Porto,,,KZ,43,-181,seaport,24,48,72,100,,,,,,fixture,", "field 'lon'"),
        ("KZ-PORT,Porto,,,Kz,43,51,seaport,24,48,72,100,,,,,,fixture,", "field 'country'"),
        ("KZ-PORT,,,,KZ,43,51,seaport,24,48,72,100,,,,,,fixture,", "field 'name'"),
        (
            "KZ-PORT,Porto,,,KZ,43,51,seaport,24,48,72,100,0,,,,,fixture,",
            "field 'transfer_capacity_teu_per_day'",
        ),
        (
            "KZ-PORT,Porto,,,KZ,43,51,seaport,,,,100,,,,,,fixture,",
            "field 'transfer_h_min': transfer cost given without the transfer_h_* dwell",
        ),
    ],
)
def test_an_impossible_node_row_names_the_problem(tiny_copy: Path, row: str, problem: str) -> None:
    _with_port(tiny_copy, row)
    with pytest.raises(NetworkDataError) as err:
        network_from_csv(tiny_copy)
    assert f"nodes.csv, row 5, {problem}" in str(err.value)
