"""XLSX output: the same figures as the CSV, numbers as numbers, notes on a sheet; --out required."""

from __future__ import annotations

import csv
import io
import json
import stat
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from corridor.cli.render import Column, TableData, table_to_xlsx

from .support import TINY, run


def _sheet(path: Path, name: str) -> list[list[Any]]:
    book = openpyxl.load_workbook(path)
    return [[cell.value for cell in row] for row in book[name].iter_rows()]


def test_route_xlsx_has_the_csv_figures_as_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    target = tmp_path / "options.xlsx"
    code, out, _ = run(
        capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "xlsx", "--out", str(target)
    )
    assert code == 0
    assert out == ""
    sheet = _sheet(target, "options")
    assert sheet[0] == list(rows[0])
    assert len(sheet) == len(rows) + 1
    for values, row in zip(sheet[1:], rows, strict=True):
        cells = dict(zip(sheet[0], values, strict=True))
        assert cells["path"] == row["path"]
        assert isinstance(cells["cost_usd"], float | int)
        assert cells["cost_usd"] == pytest.approx(float(row["cost_usd"]))
        assert cells["co2e_kg"] == pytest.approx(float(row["co2e_kg"]))
    about = _sheet(target, "about")
    assert any("network tiny" in str(line[1]) for line in about)
    assert stat.S_IMODE(target.stat().st_mode) & 0o044 == 0o044  # readable by colleagues


def test_xlsx_to_stdout_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "xlsx")
    assert code == 2
    assert "XLSX output is a binary file: give --out FILE" in err
    assert "Traceback" not in err


def test_network_info_xlsx(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "info.xlsx"
    code, _, _ = run(capsys, "network", "info", "--network", TINY, "--format", "xlsx", "--out", str(target))
    assert code == 0
    sheet = _sheet(target, "network")
    assert sheet[0] == ["what", "name", "count", "distance_km"]
    totals = {r[0]: r[2] for r in sheet[1:] if r[1] in ("", None)}
    assert totals == {"nodes": 8, "links": 8, "services": 1, "sources": 1}


def test_missing_openpyxl_names_the_extra(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    target = tmp_path / "o.xlsx"
    code, _, err = run(
        capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "xlsx", "--out", str(target)
    )
    assert code == 1
    assert "openpyxl is needed for Excel workbooks (XLSX): pip install 'corridor[xlsx]'" in err
    assert not target.exists()


def test_sheet_names_are_made_valid_and_unique() -> None:
    data = TableData([Column("a", "a"), Column("b", "b")], [{"a": [1, 2], "b": 3}, {"a": None, "b": "x"}])
    book = openpyxl.load_workbook(io.BytesIO(table_to_xlsx(data, sheet="a/b:c" * 10)))
    assert book.sheetnames == ["a_b_ca_b_ca_b_ca_b_ca_b_ca_b_ca"]
    assert [[c.value for c in row] for row in book["a_b_ca_b_ca_b_ca_b_ca_b_ca_b_ca"].iter_rows()] == [
        ["a", "b"],
        ["1 2", 3],
        [None, "x"],
    ]


def test_route_json_in_a_currency(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "json", "--currency", "CNY"
    )
    assert code == 0
    data = json.loads(out)
    rate = data["currency"]
    assert (rate["currency"], rate["date"], rate["publisher"]) == (
        "CNY",
        "2024-11-25",
        "European Central Bank",
    )
    # ECB of 25 November 2024: 1 EUR = 7.6018 CNY = 1.0495 USD
    for option in data["options"]:
        assert option["cost_in_currency"] == pytest.approx(option["cost_usd"] * 7.6018 / 1.0495, abs=0.006)
