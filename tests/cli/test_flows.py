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
