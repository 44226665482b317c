"""A link row with an impossible value is refused, naming file, row and field; optional values are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.distributions import Triangular
from corridor.errors import NetworkDataError
from corridor.network import network_from_csv

L3 = "L3,KZ-GAUGE,KZ-PORT,rail,1520,true,2000,40,48,80,600,900,,KZ,0.5,true,,fixture,"


def _with_l3(folder: Path, row: str) -> None:
    links = folder / "links.csv"
    text = links.read_text(encoding="utf-8")
    assert L3 in text
    links.write_text(text.replace(L3, row), encoding="utf-8")


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("L3,KZ-GAUGE,KZ-PORT,rail,0,true,2000,40,48,80,600,900,,KZ,0.5,true,,fixture,", "gauge_mm"),
        ("L3,KZ-GAUGE,KZ-PORT,rail,1520,true,0,40,48,80,600,900,,KZ,0.5,true,,fixture,", "distance_km"),
        (
            "L3,KZ-GAUGE,KZ-PORT,rail,1520,true,2000,40,48,80,600,900,0,KZ,0.5,true,,fixture,",
            "capacity_teu_per_day",
        ),
        ("L3,KZ-GAUGE,KZ-PORT,rail,1520,true,2000,40,48,80,600,900,,,0.5,true,,fixture,", "countries"),
        ("L3,KZ-GAUGE,KZ-PORT,rail,1520,true,2000,40,48,80,600,900,,KZ,0.5,true,,,", "source_ids"),
    ],
)
def test_an_impossible_link_value_names_file_row_and_field(tiny_copy: Path, row: str, field: str) -> None:
    _with_l3(tiny_copy, row)
    with pytest.raises(NetworkDataError) as err:
        network_from_csv(tiny_copy)
    assert f"links.csv, row 4, field '{field}'" in str(err.value)


def test_a_link_capacity_and_a_border_dwell_are_read(tiny_copy: Path) -> None:
    _with_l3(tiny_copy, "L3,KZ-GAUGE,KZ-PORT,rail,1520,true,2000,40,48,80,600,900,480,KZ,0.5,true,,fixture,")
    network = network_from_csv(tiny_copy)
    assert network.links["L3"].capacity_teu_per_day == 480
    assert network.nodes["CN-BORDER"].pass_dwell_h == Triangular(2, 4, 6)
    assert network.platforms_at("KZ-GAUGE") == ["rail/1435", "rail/1520"]


def test_a_link_from_a_node_to_itself_is_refused(tiny_copy: Path) -> None:
    _with_l3(tiny_copy, "L3,KZ-GAUGE,KZ-GAUGE,rail,1520,true,2000,40,48,80,600,900,,KZ,0.5,true,,fixture,")
    with pytest.raises(NetworkDataError) as err:
        network_from_csv(tiny_copy)
    assert "links.csv, row 4, field 'to_node': link starts and ends at 'KZ-GAUGE'" in str(err.value)


def test_a_service_on_an_unknown_link_is_refused(tiny_copy: Path) -> None:
    services = tiny_copy / "services.csv"
    services.write_text(services.read_text(encoding="utf-8").replace("S1,L4,", "S1,L99,"), encoding="utf-8")
    with pytest.raises(NetworkDataError) as err:
        network_from_csv(tiny_copy)
    assert "services.csv, row 2, field 'link_id': unknown link 'L99'" in str(err.value)
