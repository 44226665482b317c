"""Scheduled services are read as written, and a service without its source is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import NetworkDataError
from corridor.network import Network, network_from_csv
from corridor.network.model import Service

COLUMNS = [
    "service_id",
    "link_id",
    "name",
    "operator",
    "departures_per_week",
    "capacity_teu_per_departure",
    "dg_refused",
    "source_ids",
    "note",
]
HEADER = ",".join(COLUMNS) + "\n"


def test_the_feeder_is_read_with_every_field(tiny: Network) -> None:
    assert tiny.services_on("L4") == (
        Service(
            service_id="S1",
            link_id="L4",
            name="Feeder Porto-Harbour",
            operator="TestLine",
            departures_per_week=2,
            capacity_teu_per_departure=350,
            dg_refused=frozenset(),
            source_ids=("fixture",),
            note=None,
        ),
    )
    assert tiny.services_on("L4")[0].headway_h == 84


def test_a_service_refusing_classes_and_with_a_note(tiny_copy: Path) -> None:
    (tiny_copy / "services.csv").write_text(
        HEADER + "S1,L4,Feeder,,3.5,100,1|2,fixture,weekly in winter\n", encoding="utf-8"
    )
    (service,) = network_from_csv(tiny_copy).services_on("L4")
    assert service.operator is None
    assert (service.departures_per_week, service.capacity_teu_per_departure) == (3.5, 100)
    assert service.dg_refused == frozenset({1, 2})
    assert service.note == "weekly in winter"


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ("S1,L4,Feeder,TestLine,2,350,,,", "source_ids"),
        ("S1,L4,,TestLine,2,350,,fixture,", "name"),
        ("S1,L4,Feeder,TestLine,0,350,,fixture,", "departures_per_week"),
        ("S1,L4,Feeder,TestLine,2,-1,,fixture,", "capacity_teu_per_departure"),
    ],
)
def test_a_bad_service_row_names_file_row_and_field(tiny_copy: Path, row: str, field: str) -> None:
    (tiny_copy / "services.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(NetworkDataError) as err:
        network_from_csv(tiny_copy)
    assert f"services.csv, row 2, field '{field}'" in str(err.value)
