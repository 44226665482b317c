"""`corridor flows run|compare`: a run folder from a user's demand on the tiny network, and a comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .support import TINY, run


@pytest.fixture
def demand(tmp_path: Path) -> Path:
    path = tmp_path / "demand.csv"
    path.write_text(
        "origin,destination,segment,teu_per_year,basis\nCN-ALPHA,DE-OMEGA,general,5000,modelled\n",
        encoding="utf-8",
    )
    return path


def test_run_and_compare_a_closure(capsys: pytest.CaptureFixture[str], tmp_path: Path, demand: Path) -> None:
    base, closed = tmp_path / "base", tmp_path / "closed"
    code, out, err = run(
        capsys, "flows", "run", str(demand), "--network", TINY, "--out", str(base), "--no-calibrate"
    )
    assert code == 0, err
    assert f"results in {base}" in out
    summary = json.loads((base / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["served_teu_per_year"] + summary["totals"][
        "unserved_teu_per_year"
    ] == pytest.approx(5000)
    code, _, err = run(
        capsys,
        "flows",
        "run",
        str(demand),
        "--network",
        TINY,
        "--out",
        str(closed),
        "--no-calibrate",
        "--avoid-country",
        "RU",
    )
    assert code == 0, err
    code, out, _ = run(capsys, "flows", "compare", str(base), str(closed), "--json")
    assert code == 0
    data = json.loads(out)
    assert "corridor_shares" in data
    code, out, _ = run(capsys, "flows", "compare", str(base), str(closed))
    assert code == 0
    assert "served_teu_per_year" in out


def test_a_bad_demand_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("origin,destination,segment,basis\nCN-ALPHA,DE-OMEGA,general,modelled\n", encoding="utf-8")
    code, _, err = run(capsys, "flows", "run", str(bad), "--network", TINY, "--out", str(tmp_path / "x"))
    assert code == 1
    assert err.startswith("error: ")
    assert err.count("\n") == 1


def _scenarios(tmp_path: Path, demand: Path) -> Path:
    """A base scenario on the tiny network, one that closes Kazakhstan on top of it, and an appraisal file."""
    (tmp_path / "base.yaml").write_text(
        f"name: tiny-base\nstart: 2024-01-01\nhorizon_days: 365\nnetwork: {TINY}\n"
        f"assignment: {{demand: {demand.name}, calibrate: false}}\n",
        encoding="utf-8",
    )
    (tmp_path / "closed.yaml").write_text(
        "name: tiny-closed\nstart: 2024-01-01\nhorizon_days: 365\n"
        f"network: {TINY}\nassignment: {{builds_on: base.yaml, avoid_countries: [KZ]}}\n",
        encoding="utf-8",
    )
    (tmp_path / "tiny-candidates.yaml").write_text(
        """name: tiny
scenario: base.yaml
settings: {base_year: 2026, discount_rate: 0.05, horizon_years: 10, carbon_price_usd_per_t: 50}
candidates:
  - id: nothing
    name: Does nothing
    kind: soft
    opening_year: 2027
    cost: {capital_usd: 1000000, basis: assumption}
  - id: cheaper-feeder
    name: Cheaper Caspian crossing
    kind: services
    opening_year: 2027
    cost: {capital_usd: 1000000, basis: assumption}
    edits: [{target: link, id: L4, field: cost_usd_40, value: 100}]
""",
        encoding="utf-8",
    )
    return tmp_path


def test_a_scenario_runs_as_flows_and_a_closure_builds_on_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, demand: Path
) -> None:
    folder = _scenarios(tmp_path, demand)
    code, _, err = run(capsys, "flows", "run", str(folder / "closed.yaml"), "--out", str(tmp_path / "c"))
    assert (code, err) == (0, ""), err
    summary = json.loads((tmp_path / "c" / "summary.json").read_text(encoding="utf-8"))
    assert summary["provenance"]["scenario"] == "tiny-closed"
    assert summary["provenance"]["scenario_chain"] == ["base", "closed"]
    assert summary["parameters"]["avoid_countries"] == ["KZ"]
    # the demand is the base's (not stated again); every route crosses Kazakhstan, so none is left
    assert summary["totals"]["demand_teu_per_year"] == pytest.approx(5000.0)
    assert summary["totals"]["unserved_teu_per_year"] == pytest.approx(5000.0)


def test_appraise_a_candidates_file_and_its_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, demand: Path
) -> None:
    folder = _scenarios(tmp_path, demand)
    code, out, err = run(
        capsys, "appraise", str(folder / "tiny-candidates.yaml"), "--out", str(tmp_path / "a")
    )
    assert (code, err) == (0, ""), err
    rows = {r["id"]: r for r in json.loads((tmp_path / "a" / "summary.json").read_text())["ranking"]}
    assert rows["nothing"]["user_benefit_usd_per_year"] == 0.0
    assert rows["cheaper-feeder"]["user_benefit_usd_per_year"] > 0
    assert rows["cheaper-feeder"]["rank"] == 1
    assert "1. cheaper-feeder" in out
    code, _, err = run(capsys, "appraise", str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "b"))
    assert code == 1
    assert err == f"error: {tmp_path / 'missing.yaml'}: file not found\n"
