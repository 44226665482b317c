"""`corridor route --depart`: that month's storms and congestion; without it the annual mix, said so."""

from __future__ import annotations

import json

import pytest

from .support import run


def _p90(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[float, str]:
    code, out, err = run(
        capsys, "route", "Kuryk", "Tbilisi", "--criteria", "time", "--format", "json", *extra
    )
    assert code == 0, err
    data = json.loads(out)
    return data["options"][0]["duration_days_p90"], data["query"]["times"]


def test_departure_month_sets_the_caspian_storms(capsys: pytest.CaptureFixture[str]) -> None:
    annual, says_annual = _p90(capsys)
    january, says_january = _p90(capsys, "--depart", "2025-01-15")
    july, _ = _p90(capsys, "--depart", "2025-07-15")
    assert says_annual.startswith("annual mix")
    assert says_january.startswith("departure on 2025-01-15")
    assert july < annual < january  # Kuryk is closed ~32% of January's time, ~3% of July's


def test_the_table_says_which_times_it_shows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "route", "Kuryk", "Tbilisi", "--depart", "2025-11-02")
    assert code == 0
    assert "Times: departure on 2025-11-02" in out


def test_a_bad_date_is_one_line_naming_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "route", "Kuryk", "Tbilisi", "--depart", "2025-13-01")
    assert code == 1
    assert out == ""
    assert err.startswith("error: departure date must be YYYY-MM-DD, like 2025-01-15, got '2025-13-01'")
    assert err.count("\n") == 1
