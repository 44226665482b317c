"""`corridor emissions`: tables, JSON, the report, the schema, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.emissions.chain_input import chain_schema

from .support import ROOT, run

DOCS = ROOT / "docs"
CHAIN = {
    "cargo": {"containers": [{"type": "20", "count": 10}]},
    "elements": [
        {"type": "hub", "hoc": "maritime-container-terminal"},
        {"type": "leg", "mode": "sea", "distance_km": 21000, "toc": "sea-container-asia-north-europe"},
        {"type": "hub", "hoc": "maritime-container-terminal"},
    ],
}


@pytest.fixture
def chain_file(tmp_path: Path) -> Path:
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(CHAIN), encoding="utf-8")
    return path


def test_table(capsys: pytest.CaptureFixture[str], chain_file: Path) -> None:
    code, out, _ = run(capsys, "emissions", str(chain_file))
    assert code == 0
    # 10 TEU x 21,000 km x 49.9 g + 2 terminals x 10 boxes x 10.7 kg
    assert "chain: 10,693.0 kg CO2e WTW" in out
    assert "GWP AR6" in out


def test_json(capsys: pytest.CaptureFixture[str], chain_file: Path) -> None:
    code, out, _ = run(capsys, "emissions", str(chain_file), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["totals"]["wtw_kg"] == pytest.approx(10_479 + 214)
    assert data["provenance"] == {
        "factor_dataset": "glec-v3.0-corridor",
        "factor_dataset_version": "2026.11.2",
        "gwp": "AR6",
    }
    assert [e["data_category"] for e in data["elements"]] == ["default"] * 3


def test_report(capsys: pytest.CaptureFixture[str], chain_file: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    code, _, _ = run(capsys, "emissions", str(chain_file), "--report", str(report))
    assert code == 0
    html = report.read_text(encoding="utf-8")
    for disclosed in (
        "ISO 14083:2023",
        "well-to-wheel",
        "operational (TTW)",
        "energy provision (WTT)",
        "By mode and hubs",
        "Data quality",
        "Deviations",
        "Distance basis",
        "IPCC AR6",
        "Global Logistics Emissions Council Framework",
    ):
        assert disclosed in html


def test_route_output_feeds_emissions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    planned = tmp_path / "route.json"
    code, _, _ = run(capsys, "route", "Shanghai", "Hamburg", "--format", "json", "--out", str(planned))
    assert code == 0
    options = json.loads(planned.read_text(encoding="utf-8"))["options"]
    code, out, _ = run(capsys, "emissions", str(planned), "--format", "json", "--option", "1")
    assert code == 0
    assert json.loads(out)["totals"]["wtw_kg"] == pytest.approx(options[0]["co2e_kg"])
    code, _, err = run(capsys, "emissions", str(planned), "--report", str(tmp_path / "r.html"))
    assert code == 2
    assert "choose one with --option" in err


def test_schema_matches_the_committed_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "emissions", "--schema")
    assert code == 0
    assert json.loads(out) == chain_schema()
    assert json.loads((DOCS / "chain-schema.json").read_text(encoding="utf-8")) == chain_schema()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
        (
            json.dumps(
                {"cargo": {"mass_t": 5}, "elements": [{"type": "leg", "mode": "rail", "distance_km": -1}]}
            ),
            "elements[0].distance_km: Input should be greater than 0 (got -1)",
        ),
        (
            json.dumps(
                {
                    "cargo": {"mass_t": 5},
                    "elements": [{"type": "leg", "mode": "sea", "distance_km": 1, "toc": "x"}],
                }
            ),
            "elements[0]: unknown transport operation category 'x'",
        ),
    ],
)
def test_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "emissions", str(path))
    assert code == 1
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "emissions", str(tmp_path / "nope.json"))
    assert code == 1
    assert "nope.json: file not found" in err
