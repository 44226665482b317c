"""`corridor simulate` and `corridor scenario`: the run folder, the comparison, interruptions, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from corridor.simulation.scenario import Scenario

from .support import ROOT, TINY, run

SCENARIO = f"""
name: tiny-{{name}}
network: {TINY}
start: 2024-01-01
horizon_days: 120
warmup_days: 10
flows:
  - name: alpha-omega
    origin: Alpha
    destination: Omega
    teu_per_week: {{teu}}
    train_teu: 50
    route: {{{{avoid_countries: [RU]}}}}
"""


def write(tmp_path: Path, name: str, teu: int) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(SCENARIO.format(name=name, teu=teu), encoding="utf-8")
    return path


def test_simulate_writes_a_complete_run_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    scenario = write(tmp_path, "base", 100)
    out = tmp_path / "runs" / "base"
    code, stdout, _ = run(
        capsys,
        "simulate",
        str(scenario),
        "--replications",
        "4",
        "--seed",
        "7",
        "--out",
        str(out),
        "--workers",
        "1",
        "--xlsx",
    )
    assert code == 0
    assert "alpha-omega: transit P50" in stdout
    for name in (
        "summary.json",
        "transit_times.csv",
        "transit_by_departure_month.csv",
        "services.csv",
        "hubs.csv",
        "queues.csv",
        "report.html",
        "transit_times.png",
        "queues.png",
        "utilisation.png",
        "throughput.png",
        "map.png",
    ):
        assert (out / name).is_file(), name
    assert len(list((out / "replications").glob("rep-*.json"))) == 4
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["replications"] == 4
    assert summary["provenance"]["seed"] == 7
    assert set(summary["flows"]["alpha-omega"]["transit_days"]) == {"p2_5", "p25", "p50", "p75", "p97_5"}
    months = summary["flows"]["alpha-omega"]["by_departure_month"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert "in transit at the end of the window" in stdout
    assert "<img" in (out / "report.html").read_text(encoding="utf-8")
    _check_workbook(out)


def _check_workbook(out: Path) -> None:
    """tables.xlsx: one sheet per CSV table with the same cells, numbers as numbers."""
    import openpyxl

    book = openpyxl.load_workbook(out / "tables.xlsx")
    assert book.sheetnames == [
        "transit_times",
        "transit_by_departure_month",
        "services",
        "hubs",
        "queues",
        "about",
    ]
    for name in book.sheetnames[:-1]:
        with (out / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        sheet = [["" if c.value is None else c.value for c in row] for row in book[name].iter_rows()]
        assert sheet[0] == rows[0], name
        assert len(sheet) == len(rows), name
        for cells, texts in zip(sheet[1:], rows[1:], strict=True):
            for cell, text in zip(cells, texts, strict=True):
                if isinstance(cell, int | float) and not isinstance(cell, bool):
                    assert cell == pytest.approx(float(text)), (name, text)
                else:
                    assert str(cell) == text, (name, text)
    assert "4 replications, seed 7" in str(book["about"]["B2"].value)


@pytest.mark.usefixtures("no_matplotlib")
def test_compare_two_runs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for name, teu in (("base", 100), ("busy", 900)):
        code, _, err = run(
            capsys,
            "simulate",
            str(write(tmp_path, name, teu)),
            "--replications",
            "3",
            "--out",
            str(tmp_path / name),
            "--workers",
            "1",
        )
        assert code == 0
        assert "no plots: matplotlib is needed for plots" in err
    report = tmp_path / "compare.html"
    code, out, _ = run(
        capsys, "scenario", "compare", str(tmp_path / "base"), str(tmp_path / "busy"), "--report", str(report)
    )
    assert code == 0
    assert "transit_p50_days:alpha-omega" in out
    assert "stranded_teu" in out
    assert report.is_file()
    code, out, _ = run(
        capsys, "scenario", "compare", str(tmp_path / "base"), str(tmp_path / "busy"), "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["kpi", "a", "b", "delta", "ci95", "significant", "p_value", "n_a", "n_b"]
    for row in rows:
        assert float(row["delta"]) == pytest.approx(float(row["b"]) - float(row["a"]))
    workbook = tmp_path / "compare.xlsx"
    code, _, _ = run(
        capsys,
        "scenario",
        "compare",
        str(tmp_path / "base"),
        str(tmp_path / "busy"),
        "--format",
        "xlsx",
        "--out",
        str(workbook),
    )
    assert code == 0
    import openpyxl

    sheet = list(openpyxl.load_workbook(workbook)["comparison"].iter_rows(values_only=True))
    assert [row[0] for row in sheet[1:]] == [row["kpi"] for row in rows]
    assert [row[3] for row in sheet[1:]] == pytest.approx([float(row["delta"]) for row in rows])


@pytest.mark.usefixtures("no_matplotlib")
def test_interrupted_run_keeps_finished_replications(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import corridor.simulation.run as run_module
    from corridor.simulation.engine import run_replication as real

    calls = {"n": 0}

    def flaky(plan: object, seed: int, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(plan, seed)  # type: ignore[arg-type]

    monkeypatch.setattr(run_module, "run_replication", flaky)
    out = tmp_path / "cut"
    code, _, err = run(
        capsys,
        "simulate",
        str(write(tmp_path, "cut", 100)),
        "--replications",
        "5",
        "--out",
        str(out),
        "--workers",
        "1",
    )
    assert code == 130
    assert "interrupted: 2 of 5 replications finished" in err
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["replications"] == 2


def test_schema_command_matches_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenario", "schema")
    assert code == 0
    assert json.loads(out) == Scenario.model_json_schema() | {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Corridor scenario",
    }
    committed = ROOT / "docs" / "scenario-schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == json.loads(out)


def test_scenario_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        SCENARIO.format(name="bad", teu=100).replace("teu_per_week", "teu_per_weak"), encoding="utf-8"
    )
    code, _, err = run(capsys, "simulate", str(bad), "--out", str(tmp_path / "x"))
    assert code == 1
    assert err.startswith("error: ")
    assert "flows[0].teu_per_weak: unknown field; did you mean 'teu_per_week'?" in err
    assert err.count("\n") == 1
    code, _, err = run(capsys, "scenario", "compare", str(tmp_path), str(tmp_path))
    assert code == 1
    assert "no summary.json: not a simulation run folder" in err


@pytest.mark.slow
def test_simulate_events_writes_the_lots_tracking_events(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--events` writes events.csv in the shared vocabulary; every lot's events are in time order."""
    scenario = write(tmp_path, "base", 100)
    out = tmp_path / "runs" / "events"
    args = ("simulate", str(scenario), "--replications", "1", "--seed", "7", "--workers", "1")
    code, _, err = run(capsys, *args, "--out", str(out), "--events")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO((out / "events.csv").read_text(encoding="utf-8"))))
    assert rows
    assert {"lot", "teu", "node_id", "event_type", "classifier", "time_h"} <= set(rows[0])
    by_lot: dict[str, list[float]] = {}
    for row in rows:
        by_lot.setdefault(row["lot"], []).append(float(row["time_h"]))
    assert all(times == sorted(times) for times in by_lot.values())
    code, _, _ = run(capsys, *args, "--out", str(tmp_path / "runs" / "plain"))
    assert code == 0
    assert not (tmp_path / "runs" / "plain" / "events.csv").exists()
