"""`corridor toc --fuels` and `corridor hoc --fuels`: an operator's own fuel factor file, and fuel in MJ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .support import run

#: GLEC3 Module 1 p.77: HVO 0.0022 / 1.26 kg CO2e per kg, 44.0 MJ/kg, 0.77 kg/l.
FUELS = (
    "fuel,ttw_kg_per_kg,wtw_kg_per_kg,density_kg_per_l,lhv_mj_per_kg,energy_carrier,source\n"
    "hvo-nordic,0.0022,1.26,0.77,44.0,HVO,GLEC Framework v3 p.77\n"
)


def test_trips_on_the_operators_own_fuel_in_mj(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fuels = tmp_path / "fuels.csv"
    fuels.write_text(FUELS, encoding="utf-8")
    trips = tmp_path / "trips.csv"
    trips.write_text(
        "trip_id,toc_id,mode,tkm,fuel,fuel_mj\n1,hvo-trucks,road,10000,hvo-nordic,44000\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "toc", str(trips), "--fuels", str(fuels), "--format", "json")
    assert code == 0
    (toc,) = json.loads(out)
    assert toc["wtw_g_per_tkm"] == pytest.approx(1000 * 1.26 * 1000 / 10_000)  # 44,000 MJ = 1,000 kg
    code, out, _ = run(capsys, "toc", str(trips), "--fuels", str(fuels), "--format", "ileap")
    (exported,) = json.loads(out)
    assert exported["energyCarriers"][0]["energyCarrier"] == "HVO"
    assert exported["energyCarriers"][0]["emissionFactorWTW"] == "1.26"


def test_hub_records_on_the_operators_own_fuel(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fuels = tmp_path / "fuels.csv"
    fuels.write_text(FUELS, encoding="utf-8")
    records = tmp_path / "hub.csv"
    records.write_text(
        "record_id,hoc_id,tonnes,fuel,fuel_litres\n1,yard,1000,hvo-nordic,100\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "hoc", str(records), "--fuels", str(fuels), "--format", "json")
    assert code == 0
    (hoc,) = json.loads(out)
    assert hoc["wtw_kg_per_t"] == pytest.approx(100 * 0.77 * 1.26 / 1000)


def test_a_bad_fuel_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fuels = tmp_path / "fuels.csv"
    fuels.write_text("fuel,ttw_kg_per_kg,wtw_kg_per_kg\nx,1,2\n", encoding="utf-8")
    trips = tmp_path / "trips.csv"
    trips.write_text("trip_id,toc_id,mode,tkm\n1,t,road,10\n", encoding="utf-8")
    code, _, err = run(capsys, "toc", str(trips), "--fuels", str(fuels))
    assert code == 1
    assert err.count("\n") == 1
    assert "source" in err
