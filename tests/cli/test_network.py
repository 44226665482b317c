"""`corridor network`: info as text and CSV, validation listing every problem, GeoJSON export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .support import TINY, run


def test_validate_lists_every_problem(capsys: pytest.CaptureFixture[str], tiny_copy: Path) -> None:
    links = tiny_copy / "links.csv"
    links.write_text(
        links.read_text(encoding="utf-8")
        .replace(",1000,20,", ",-5,20,")
        .replace(",CN|KZ,", ",CN|Kazakhstan,"),
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "network", "validate", str(tiny_copy))
    assert code == 1
    assert "links.csv, row 2, field 'distance_km': must be > 0, got '-5'" in err
    assert "links.csv, row 3, field 'countries': malformed item 'Kazakhstan'" in err
    assert "2 problem(s) found" in err


def test_validate_ok_and_info(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "network", "validate", TINY)
    assert code == 0
    assert out.startswith("ok: ")
    assert "8 nodes, 8 links, 1 services, 1 sources" in out
    code, out, _ = run(capsys, "network", "info", "--network", TINY)
    assert code == 0
    assert "nodes: 8" in out
    assert "countries: 6 (AZ CN DE GE KZ RU)" in out


def test_export_geojson(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "network", "export", "--format", "geojson", "--network", TINY)
    assert code == 0
    data = json.loads(out)
    assert len(data["features"]) == 16
    assert data["properties"]["version"] == "1"


def test_missing_network_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "network", "info", "--network", str(tmp_path / "none"))
    assert code == 1
    assert "network.toml: manifest not found" in err


def test_info_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "network", "info", "--network", TINY, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["what", "name", "count", "distance_km"]
    totals = {r["what"]: int(r["count"]) for r in rows if r["name"] == ""}
    assert totals == {"nodes": 8, "links": 8, "services": 1, "sources": 1}
    by_mode = {r["name"]: int(r["distance_km"]) for r in rows if r["what"] == "links" and r["name"]}
    links = next(r for r in rows if r["what"] == "links" and r["name"] == "")
    assert sum(by_mode.values()) == int(links["distance_km"])
    assert sorted(r["name"] for r in rows if r["what"] == "country") == ["AZ", "CN", "DE", "GE", "KZ", "RU"]
