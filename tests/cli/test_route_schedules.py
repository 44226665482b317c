"""`corridor route --schedules FILE --depart DATE`: the planner shows the departure it waits for."""

from __future__ import annotations

import pytest

from .support import ROOT, run

SAMPLE = str(ROOT / "docs" / "examples" / "caspian-p2p.json")


def test_route_shows_the_sailing_it_waits_for(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run(capsys, "route", "Aktau", "Alat", "--depart", "2026-12-03", "--schedules", SAMPLE)
    assert code == 0, err
    assert "Option 1: departs Aktau 2026-12-05 01:00 UTC (S-KZAAU-AZ-ALAT-SEA-1, 2649W, Turkestan)" in out
    assert "arrives Alat 2026-12-06 01:00 UTC" in out
    assert "Timetable legs left out: $[0].legs[0] KZALA->KZAAU: no RAIL service" in out


def test_a_timetable_without_a_date_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "route", "Aktau", "Alat", "--schedules", SAMPLE)
    assert code != 0
    assert out == ""
    assert "--depart" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_bad_timetable_names_the_file_and_row(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "t.csv"
    bad.write_text("service_id,departure\nS-NOPE,2026-12-05T00:00Z\n", encoding="utf-8")
    code, _, err = run(capsys, "route", "Aktau", "Alat", "--depart", "2026-12-03", "--schedules", str(bad))
    assert code != 0
    assert "t.csv, row 2, field 'service_id': unknown service 'S-NOPE'" in err
    assert "Traceback" not in err
