"""A run folder is complete with matplotlib, and still has its tables and report without it."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from corridor.errors import MissingDependencyError
from corridor.network.io import network_from_csv
from corridor.simulation import plots
from corridor.simulation.compiled import Plan, compile_plan
from corridor.simulation.engine import ReplicationResult
from corridor.simulation.output import recover_run, start_run, write_compare_report, write_run
from corridor.simulation.run import read_run, simulate, summarise, write_replication
from corridor.simulation.scenario import scenario_from_dict

TINY = Path(__file__).parents[1] / "data" / "tiny"
Run = tuple[dict[str, Any], list[ReplicationResult], Plan]


@pytest.fixture(scope="module")
def run() -> Run:
    scenario = scenario_from_dict(
        {
            "name": "tiny",
            "network": str(TINY),
            "start": "2024-01-01",
            "horizon_days": 120,
            "warmup_days": 10,
            "flows": [
                {
                    "name": "alpha-omega",
                    "origin": "Alpha",
                    "destination": "Omega",
                    "teu_per_week": 100,
                    "train_teu": 50,
                    "route": {"avoid_countries": ["RU"]},
                }
            ],
        }
    )
    plan = compile_plan(scenario)
    results = simulate(plan, replications=2, seed=1)
    return summarise(plan, results, seed=1), list(results), plan


def test_a_run_folder_has_tables_plots_and_a_report(run: Run, tmp_path: Path) -> None:
    summary, results, _ = run
    written = write_run(tmp_path / "run", summary, results, network_from_csv(TINY))
    assert written.plots_missing is None
    assert [p.name for p in written.plots] == [
        "transit_times.png",
        "queues.png",
        "utilisation.png",
        "throughput.png",
        "map.png",
    ]
    assert all(p.is_file() for p in written.plots)
    assert written.report == tmp_path / "run" / "report.html"
    assert "data:image/png;base64," in written.report.read_text(encoding="utf-8")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(written.report.stat().st_mode) == 0o666 & ~mask


def test_without_matplotlib_the_report_is_written_without_plots(
    run: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing() -> None:
        raise MissingDependencyError("matplotlib is needed for plots: pip install 'corridor[plots]'")

    monkeypatch.setattr(plots, "_pyplot", missing)
    summary, results, _ = run
    written = write_run(tmp_path / "run", summary, results, network_from_csv(TINY))
    assert written.plots == []
    assert written.plots_missing == "matplotlib is needed for plots: pip install 'corridor[plots]'"
    assert written.report.is_file()
    assert (tmp_path / "run" / "summary.json").is_file()
    assert not list((tmp_path / "run").glob("*.png"))


@pytest.fixture
def no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if matplotlib were not installed (and quicker: no plots are drawn)."""

    def missing() -> None:
        raise MissingDependencyError("matplotlib is needed for plots: pip install 'corridor[plots]'")

    monkeypatch.setattr(plots, "_pyplot", missing)


@pytest.mark.usefixtures("no_matplotlib")
def test_an_interrupted_run_is_written_from_its_saved_replications(run: Run, tmp_path: Path) -> None:
    _, results, plan = run
    out = tmp_path / "run"
    write_replication(out, 0, results[0])  # left over by an earlier run into the same folder
    start_run(out)
    assert recover_run(out, plan, network_from_csv(TINY), seed=1) == []
    assert not (out / "summary.json").exists()
    write_replication(out, 0, results[0])
    finished = recover_run(out, plan, network_from_csv(TINY), seed=1)
    assert [r.to_dict() for r in finished] == [results[0].to_dict()]
    assert read_run(out).summary["replications"] == 1


@pytest.mark.usefixtures("no_matplotlib")
def test_a_comparison_report_without_matplotlib_has_its_table(run: Run, tmp_path: Path) -> None:
    summary, results, _ = run
    write_run(tmp_path / "a", summary, results, network_from_csv(TINY))
    a = read_run(tmp_path / "a")
    row = {"kpi": "stranded_teu", "a": 1.0, "b": 2.0, "delta": 1.0, "ci95": None, "significant": False}
    rows = [{**row, "p_value": None, "n_a": 1, "n_b": 1}]
    written = write_compare_report(tmp_path / "compare.html", a, a, rows)
    assert written.plots_missing is not None
    assert "stranded_teu" in written.report.read_text(encoding="utf-8")
