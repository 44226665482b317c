"""Reading timetables: DCSA Commercial Schedules 1.0 point-to-point routings and the plain CSV.

The sample ``docs/examples/caspian-p2p.json`` is shaped like the DCSA CS 1.0
``PointToPoint`` schema (placeOfReceipt/placeOfDelivery, legs with sequenceNumber, transport
with modeOfTransport, servicePartners and vessel, departure/arrival with facilityTypeCode,
location.UNLocationCode and dateTime with offset); its times and voyages are invented.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor import bundled_network
from corridor.errors import ScheduleDataError
from corridor.network.io import network_from_csv
from corridor.network.model import Network
from corridor.network.schedules import (
    departures_from_dcsa,
    parse_time,
    read_schedules,
    schedules_from_csv,
    schedules_from_dcsa,
    with_departures,
)

DATA = Path(__file__).parents[1] / "data"
SAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "caspian-p2p.json"


def _routing(*legs: dict[str, Any]) -> list[dict[str, Any]]:
    first, last = legs[0]["departure"], legs[-1]["arrival"]
    return [{"placeOfReceipt": first, "placeOfDelivery": last, "legs": list(legs)}]


def _leg(
    a: str, b: str, mode: str = "VESSEL", *, dep: str = "2026-12-05T06:00:00+05:00", **transport: Any
) -> dict[str, Any]:
    return {
        "transport": {"modeOfTransport": mode, **transport},
        "departure": {"facilityTypeCode": "POTE", "location": {"UNLocationCode": a}, "dateTime": dep},
        "arrival": {
            "facilityTypeCode": "POTE",
            "location": {"UNLocationCode": b},
            "dateTime": "2026-12-07T05:00:00+02:00",
        },
    }


def _write(tmp_path: Path, data: Any, name: str = "p2p.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_iso_times_with_offsets_become_utc() -> None:
    assert parse_time("2026-12-05T06:00:00+05:00") == dt.datetime(2026, 12, 5, 1, 0)
    assert parse_time("2026-12-05T06:00:00Z") == dt.datetime(2026, 12, 5, 6, 0)
    assert parse_time("2026-12-05T06:00") == dt.datetime(2026, 12, 5, 6, 0)  # no offset: UTC


def test_the_dcsa_sample_gives_the_network_services_departures() -> None:
    loaded = schedules_from_dcsa(SAMPLE, bundled_network())
    by_voyage = {d.voyage: d for d in loaded.departures}
    assert set(by_voyage) == {"2649W", "2650W", "050W"}
    aktau = by_voyage["2649W"]
    # AZBAK is Baku's rail terminal in the network; the leg's locationName finds the port at Alat
    assert (aktau.service_id, aktau.from_node, aktau.to_node) == ("S-KZAAU-AZ-ALAT-SEA-1", "KZAAU", "AZ-ALAT")
    assert aktau.departs == dt.datetime(2026, 12, 5, 1, 0)  # 06:00+05:00
    assert aktau.arrives == dt.datetime(2026, 12, 6, 1, 0)  # 05:00+04:00
    assert aktau.vessel == "Turkestan"
    assert aktau.source == "caspian-p2p.json $[0].legs[1]"
    # a VESSEL leg is the container ship's sailing, not the rail ferry's, where both run
    assert by_voyage["050W"].service_id == "S-GEPTI-BGVAR-SEA-1"
    # the rail legs have no network service (the bundled rail runs without a timetable): left out, said so
    assert loaded.skipped == (
        "$[0].legs[0] KZALA->KZAAU: no RAIL service of the network runs there",
        "$[0].legs[2] AZBAK->GEPTI: no RAIL service of the network runs there",
    )


def test_a_leg_several_services_could_be_must_name_one(tmp_path: Path) -> None:
    network = bundled_network()
    path = _write(tmp_path, _routing(_leg("GEPTI", "BGVAR", "MULTIMODAL")))
    with pytest.raises(ScheduleDataError) as caught:
        schedules_from_dcsa(path, network)
    message = str(caught.value)
    assert "$[0].legs[0].transport.servicePartners" in message
    assert "S-GEPTI-BGVAR-SEA-1" in message
    assert "S-GEPTI-BGVAR-FERRY-1" in message
    named = _write(
        tmp_path,
        _routing(
            _leg(
                "GEPTI",
                "BGVAR",
                "MULTIMODAL",
                servicePartners=[{"carrierServiceCode": "S-GEPTI-BGVAR-FERRY-1"}],
            )
        ),
    )
    assert [d.service_id for d in schedules_from_dcsa(named, network).departures] == ["S-GEPTI-BGVAR-FERRY-1"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"legs": []}, "expected a JSON array of DCSA point-to-point routings"),
        ([{"legs": []}], r"\$\[0\].legs': a routing needs at least one leg"),
        (
            _routing(_leg("KZAAU", "AZ-ALAT", dep="5 Dec 2026")),
            r"departure.dateTime': not an ISO 8601 date-time: '5 Dec 2026'",
        ),
        (_routing(_leg("KZAAU", "AZ-ALAT", dep="2026-12-08T00:00:00+00:00")), "is not after departure"),
        (_routing(_leg("KZAAU", "AZ-ALAT", "PIGEON")), "unknown mode 'PIGEON'"),
        (_routing(_leg("KZALA", "CNSHA", "RAIL")), "no leg is a departure of the network"),
    ],
)
def test_malformed_dcsa_documents_are_named(tmp_path: Path, data: Any, message: str) -> None:
    with pytest.raises(ScheduleDataError, match=message):
        schedules_from_dcsa(_write(tmp_path, data), bundled_network())


def test_a_file_that_is_not_json_is_named(tmp_path: Path) -> None:
    path = tmp_path / "p2p.json"
    path.write_text("<xml/>", encoding="utf-8")
    with pytest.raises(ScheduleDataError, match=r"p2p.json: not a JSON file"):
        read_schedules(path, bundled_network())


def _tiny_with_block_train(tmp_path: Path) -> Network:
    """The tiny network with a block-train service on its rail link L5 (Harbour-Midway)."""
    folder = tmp_path / "tiny"
    shutil.copytree(DATA / "tiny", folder)
    with (folder / "services.csv").open("a", encoding="utf-8") as f:
        f.write("S-TRAIN,L5,Block train Harbour-Midway,TestRail,3,90,,fixture,\n")
    return network_from_csv(folder)


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "timetable.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_timetable_gives_block_train_and_sailing_departures(tmp_path: Path) -> None:
    network = _tiny_with_block_train(tmp_path)
    path = _csv(
        tmp_path,
        "service_id,departure,arrival,from_node,to_node,voyage,vessel\n"
        "S-TRAIN,2026-12-04T08:00+04:00,2026-12-05T00:00+04:00,AZ-PORT,GE-MID,T101,\n"
        "S-TRAIN,2026-12-04T20:00+04:00,,GE-MID,AZ-PORT,T102,\n"
        "S1,2026-12-06T12:00Z,,,,,Caspian Star\n",
    )
    loaded = schedules_from_csv(path, network)
    train, back, ship = loaded.departures
    assert (train.from_node, train.to_node, train.departs, train.arrives) == (
        "AZ-PORT",
        "GE-MID",
        dt.datetime(2026, 12, 4, 4, 0),
        dt.datetime(2026, 12, 4, 20, 0),
    )
    assert (back.from_node, back.to_node, back.arrives) == ("GE-MID", "AZ-PORT", None)
    # no from/to: the link's own direction
    assert (ship.from_node, ship.to_node, ship.vessel) == ("KZ-PORT", "AZ-PORT", "Caspian Star")
    assert ship.source == "timetable.csv row 4"
    timed = with_departures(network, loaded.departures)
    assert [d.voyage for d in timed.departures["S-TRAIN"]] == ["T101", "T102"]
    assert network.departures == {}  # the network read from files keeps its weekly frequencies


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("service,departure\nS1,2026-12-06T12:00Z\n", r"row 1, field 'service_id': missing column"),
        (
            "service_id,departure\nS-NONE,2026-12-06T12:00Z\n",
            r"row 2, field 'service_id': unknown service 'S-NONE'",
        ),
        ("service_id,departure\nS1,06/12/2026\n", r"row 2, field 'departure': not an ISO 8601 date-time"),
        (
            "service_id,departure,from_node,to_node\nS1,2026-12-06T12:00Z,KZ-PORT,GE-MID\n",
            r"row 2, field 'from_node': service S1 runs KZ-PORT<->AZ-PORT, not KZ-PORT->GE-MID",
        ),
        (
            "service_id,departure,arrival\nS1,2026-12-06T12:00Z,2026-12-06T11:00Z\n",
            r"row 2, field 'arrival': arrival 2026-12-06T11:00:00 is not after departure",
        ),
        ("service_id,departure\n", "no departures in the file"),
    ],
)
def test_bad_csv_rows_are_named(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ScheduleDataError, match=message):
        schedules_from_csv(_csv(tmp_path, text), network_from_csv(DATA / "tiny"))


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
_time_text = st.sampled_from(
    ["2026-12-05T06:00:00+05:00", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59+00:00", "x"]
)
_call = st.fixed_dictionaries(
    {
        "location": st.fixed_dictionaries(
            # four network ports and one code no network has, which the reader must refuse by name
            {"UNLocationCode": st.sampled_from(["KZAAU", "AZBAK", "GEPTI", "BGVAR", "XXXXX"])}
        ),
        "dateTime": _time_text | _json,
    }
)
_leg_strategy = st.fixed_dictionaries(
    {
        "transport": st.fixed_dictionaries(
            {"modeOfTransport": st.sampled_from(["VESSEL", "RAIL", "MULTIMODAL", "X"])}
        )
        | _json,
        "departure": _call | _json,
        "arrival": _call,
    }
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.fixed_dictionaries({"legs": st.lists(_leg_strategy, max_size=3)}) | _json, max_size=3) | _json
)
def test_any_json_is_read_or_refused_with_a_schedule_error(data: Any) -> None:
    try:
        loaded = departures_from_dcsa(data, bundled_network())
    except ScheduleDataError:
        return  # the refusal; any other exception fails the test
    assert loaded.departures
