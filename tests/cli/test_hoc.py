"""`corridor hoc`: a hub operator's HOC intensities from energy and throughput records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .support import run

RECORDS = (
    "record_id,hoc_id,tonnes,reefer_tonnes,containers,reefer_containers,electricity_kwh,reefer_kwh,grid_g_per_kwh\n"
    "h1,port,60000,3000,6000,300,60000,30000,349.2\n"
    "h2,port,40000,2000,4000,200,40000,20000,349.2\n"
)


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "hub.csv"
    path.write_text(RECORDS, encoding="utf-8")
    return path


def test_json_per_tonne_and_container_by_condition(capsys: pytest.CaptureFixture[str], records: Path) -> None:
    """GLEC3 p.106 (E4): 100,000 kWh at 349.2 g/kWh = 34,920 kg, shared by 100,000 t; the reefer plugs'
    50,000 kWh by the 5,000 reefer tonnes alone."""
    code, out, _ = run(capsys, "hoc", str(records), "--format", "json")
    assert code == 0
    (hoc,) = json.loads(out)
    assert hoc["ambient_wtw_kg_per_t"] == pytest.approx(0.3492)
    assert hoc["reefer_wtw_kg_per_t"] == pytest.approx(0.3492 + 17.46 / 5)
    assert hoc["wtw_kg_per_container"] == pytest.approx(52_380 / 10_000)


def test_table_csv_and_ileap(capsys: pytest.CaptureFixture[str], records: Path) -> None:
    code, out, _ = run(capsys, "hoc", str(records))
    assert code == 0
    assert "port" in out
    assert "reefer_kwh" in out  # the note says how temperature-control energy is charged
    code, out, _ = run(capsys, "hoc", str(records), "--format", "csv")
    assert out.splitlines()[0].startswith("hoc_id,tonnes,wtw_kg_per_t,ambient_wtw_kg_per_t")
    code, out, _ = run(capsys, "hoc", str(records), "--format", "ileap")
    hocs = json.loads(out)
    assert [h["hocId"] for h in hocs] == ["port", "port-refrigerated"]
    assert hocs[0]["energyCarriers"][0]["energyCarrier"] == "Electric"


def test_a_bad_row_is_one_line_naming_file_row_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,hoc_id,tonnes,hub_type\n1,x,10,dock\n", encoding="utf-8")
    code, _, err = run(capsys, "hoc", str(bad))
    assert code == 1
    assert err.count("\n") == 1
    assert "row 2, field 'hub_type'" in err
    assert "not an iLEAP hub type" in err
