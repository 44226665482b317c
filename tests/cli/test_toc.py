"""`corridor toc`: a carrier's TOC intensities from its trip records, as a table, JSON, CSV or iLEAP TOCs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.emissions import bundled_factors

from .support import run

TRIPS = (
    "trip_id,toc_id,mode,tkm,fuel,fuel_litres\n"
    "1,kz-block-train,rail,600000,diesel,3000\n"
    "2,kz-block-train,rail,0,diesel,1000\n"  # the empty return: its fuel counts, it carries nothing
)


@pytest.fixture
def trips(tmp_path: Path) -> Path:
    path = tmp_path / "trips.csv"
    path.write_text(TRIPS, encoding="utf-8")
    return path


def test_json_gives_the_intensity_over_round_trips(capsys: pytest.CaptureFixture[str], trips: Path) -> None:
    code, out, _ = run(capsys, "toc", str(trips), "--format", "json")
    assert code == 0
    (toc,) = json.loads(out)
    diesel = bundled_factors().fuels["diesel"]
    assert diesel.density_kg_per_l is not None
    expected_g = 4000 * diesel.density_kg_per_l * diesel.wtw_kg_per_kg * 1000 / 600_000
    assert toc["wtw_g_per_tkm"] == pytest.approx(expected_g)
    assert toc["litres_per_tkm"] == pytest.approx(4000 / 600_000)


def test_table_csv_and_ileap(capsys: pytest.CaptureFixture[str], trips: Path) -> None:
    code, out, _ = run(capsys, "toc", str(trips))
    assert code == 0
    assert "kz-block-train" in out
    code, out, _ = run(capsys, "toc", str(trips), "--format", "csv")
    assert out.splitlines()[0].startswith("toc_id,mode,trips,tkm")
    code, out, _ = run(capsys, "toc", str(trips), "--format", "ileap")
    (toc,) = json.loads(out)
    assert toc["mode"] == "Rail"
    assert toc["energyCarriers"][0]["energyCarrier"] == "Diesel"


def test_a_bad_row_is_one_line_naming_file_row_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("trip_id,toc_id,mode,tkm\n1,x,rail,lots\n", encoding="utf-8")
    code, _, err = run(capsys, "toc", str(bad))
    assert code == 1
    assert err.count("\n") == 1
    assert "row 2, field 'tkm'" in err
