"""`corridor scenario list` and `init`, and `corridor simulate` given a bundled scenario's name."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest

from corridor.simulation.scenario import list_scenarios, load_scenario, scenario_files

from .support import run


def test_list_shows_every_bundled_scenario(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = run(capsys, "scenario", "list")
    assert code == 0
    assert out.splitlines()[0].split() == ["name", "horizon", "days", "description"]
    for info in list_scenarios():
        line = next(line for line in out.splitlines() if line.split()[:1] == [info.name])
        assert line.split()[1] == str(info.horizon_days)


def test_list_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenario", "list", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["name"], int(r["horizon_days"])) for r in rows] == [
        (s.name, s.horizon_days) for s in list_scenarios()
    ]
    assert all("\n" not in r["description"] for r in rows)


@pytest.mark.usefixtures("umask_022")
def test_init_copies_a_bundled_scenario(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "scenario", "init", "surge-2022")
    assert (code, out) == (0, "")
    assert "corridor simulate surge-2022.yaml" in err
    copy = tmp_path / "surge-2022.yaml"
    assert copy.read_text(encoding="utf-8") == scenario_files()["surge-2022"].read_text(encoding="utf-8")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o644
    assert load_scenario(copy).name == "surge-2022"


def test_init_refuses_to_overwrite_unless_forced(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my edits\n", encoding="utf-8")
    code, _, err = run(capsys, "scenario", "init", "baseline-2024", "--out", str(target))
    assert code == 1
    assert err == f"error: {target} exists already; use --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "my edits\n"
    code, _, _ = run(capsys, "scenario", "init", "baseline-2024", "--out", str(target), "--force")
    assert code == 0
    assert load_scenario(target).name == "baseline-2024"


def test_init_of_an_unknown_name_lists_the_known(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "scenario", "init", "baseline-2025", "--out", str(tmp_path / "x.yaml"))
    assert code == 1
    assert err.startswith("error: unknown scenario 'baseline-2025'; known: baseline-2024, ")
    assert err.count("\n") == 1
    assert not (tmp_path / "x.yaml").exists()


def test_simulate_an_unknown_name_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "simulate", "baseline-2025", "--out", str(tmp_path / "run"))
    assert code == 1
    assert err.startswith("error: baseline-2025: no such scenario file, nor a scenario of that name (names: ")
    assert err.count("\n") == 1
