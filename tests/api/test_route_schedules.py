"""A server with timetables (CORRIDOR_SCHEDULES): dated route answers show the departure taken."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corridor.api import Settings, create_app
from corridor.errors import ScheduleDataError

SAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "caspian-p2p.json"
BODY = {"origin": "Aktau", "destination": "Alat", "criteria": ["time"]}


def test_a_dated_request_waits_for_the_loaded_sailing(settings: Settings) -> None:
    with TestClient(create_app(dataclasses.replace(settings, schedules=(SAMPLE,)))) as client:
        dated = client.post("/v1/routes", json={**BODY, "depart": "2026-12-03"})
        undated = client.post("/v1/routes", json=BODY)
    assert dated.status_code == 200
    (departure,) = dated.json()["options"][0]["departures"]
    assert departure["departs"] == "2026-12-05T01:00:00+00:00"
    assert departure["arrives"] == "2026-12-06T01:00:00+00:00"
    assert (departure["service_id"], departure["voyage"], departure["vessel"]) == (
        "S-KZAAU-AZ-ALAT-SEA-1",
        "2649W",
        "Turkestan",
    )
    assert departure["wait_h"] > 0
    assert "departures" not in undated.json()["options"][0]


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_SCHEDULES", f"{SAMPLE}:{SAMPLE}")
    assert Settings.from_env().schedules == (SAMPLE, SAMPLE)


def test_a_bad_timetable_stops_the_server_at_start_naming_it(settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(ScheduleDataError, match=r"bad\.json: expected a JSON array"):
        create_app(dataclasses.replace(settings, schedules=(bad,)))


def test_a_request_can_bring_its_own_dcsa_routings(client: TestClient) -> None:
    routings = json.loads(SAMPLE.read_text(encoding="utf-8"))
    answer = client.post("/v1/routes", json={**BODY, "depart": "2026-12-07", "schedules": routings})
    assert answer.status_code == 200, answer.text
    (departure,) = answer.json()["options"][0]["departures"]
    assert departure["voyage"] == "2650W"  # 9 Dec: the 5 Dec sailing has left by then
    assert departure["source"] == "schedules $[1].legs[0]"
    # the server's own network keeps no timetable
    assert (
        "departures"
        not in client.post("/v1/routes", json={**BODY, "depart": "2026-12-07"}).json()["options"][0]
    )


def test_bad_routings_in_a_request_are_a_422_naming_the_leg(client: TestClient) -> None:
    leg = {
        "transport": {"modeOfTransport": "VESSEL"},
        "departure": {
            "facilityTypeCode": "POTE",
            "location": {"UNLocationCode": "KZAAU"},
            "dateTime": "soon",
        },
        "arrival": {"facilityTypeCode": "POTE", "location": {"UNLocationCode": "AZBAK"}, "dateTime": "later"},
    }
    routing = {"placeOfReceipt": leg["departure"], "placeOfDelivery": leg["arrival"], "legs": [leg]}
    answer = client.post("/v1/routes", json={**BODY, "depart": "2026-12-07", "schedules": [routing]})
    assert answer.status_code == 422
    assert (
        "$[0].legs[0].departure.dateTime': not an ISO 8601 date-time: 'soon'"
        in answer.json()["detail"]["message"]
    )
    undated = client.post("/v1/routes", json={**BODY, "schedules": [routing]})
    assert undated.status_code == 422
    assert undated.json()["detail"]["field"] == "depart"
