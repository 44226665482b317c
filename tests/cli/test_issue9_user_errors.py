"""Issue 9: inputs that gave tracebacks without ``--debug`` now give one line naming the input."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from .support import ROOT, TINY, run

BASELINE = ROOT / "scenarios" / "baseline-2024.yaml"


def _one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def test_a_scenario_starting_in_9999_is_refused_by_its_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = BASELINE.read_text(encoding="utf-8")
    assert "\nstart: 2024-01-01\n" in text
    scenario = tmp_path / "far.yaml"
    scenario.write_text(text.replace("\nstart: 2024-01-01\n", "\nstart: 9999-06-01\n"), encoding="utf-8")
    code, _, err = run(capsys, "simulate", str(scenario), "--replications", "1", "--out", str(tmp_path / "r"))
    assert code == 1
    line = _one_error_line(err)
    assert line.startswith(f"error: {scenario}: start: ")
    assert "2200-12-31" in line


def test_a_negative_seed_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "simulate", str(BASELINE), "--seed", "-1", "--out", str(tmp_path / "r"))
    assert code == 2
    assert "Traceback" not in err
    assert "'--seed'" in err
    assert "greater than or equal to 0" in err


@pytest.mark.parametrize("url", ["mysql://corridor@localhost/corridor", "oracle://corridor@localhost/xe"])
def test_db_upgrade_of_an_unsupported_database_names_the_supported_ones(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, _, err = run(capsys, "db", "upgrade", "--url", url)
    assert code == 1
    assert "is not supported (use SQLite or PostgreSQL)" in _one_error_line(err)


def test_db_upgrade_of_an_unreachable_database_is_one_line_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("psycopg")
    code, _, err = run(
        capsys, "db", "upgrade", "--url", "postgresql+psycopg://corridor:hunter2@127.0.0.1:1/x"
    )
    assert code == 1
    line = _one_error_line(err)
    assert line.startswith(
        "error: cannot use the database at postgresql+psycopg://corridor:***@127.0.0.1:1/x"
    )
    assert "hunter2" not in err


def test_admin_create_org_on_an_unmigrated_database_says_to_upgrade(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    code, _, err = run(capsys, "admin", "create-org", "Kazatomprom", "--url", f"sqlite:///{empty}")
    assert code == 1
    line = _one_error_line(err)
    assert "has no Corridor schema" in line
    assert "corridor db upgrade" in line


@pytest.mark.parametrize("distance", ["150000", "1e308"])
def test_a_network_with_an_absurd_distance_is_refused_by_validate_and_route(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, distance: str
) -> None:
    folder = tmp_path / "absurd"
    shutil.copytree(TINY, folder)
    with (folder / "links.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rows[0]["distance_km"] = distance
    with (folder / "links.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    expected = f"row 2, field 'distance_km': must be <= 40075, got '{distance}'"
    code, out, err = run(capsys, "network", "validate", str(folder))
    assert code == 1
    assert expected in out + err
    code, _, err = run(capsys, "route", "Alpha", "Gaugeville", "--network", str(folder))
    assert code == 1
    assert expected in _one_error_line(err)


@pytest.mark.parametrize("kind", ["nested", "flat"])
def test_a_yaml_alias_bomb_is_refused_before_it_is_expanded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    """Nine aliases of aliases expand to a billion values; 200,000 aliases of one value to 200,000."""
    lines = ["name: bomb", "start: 2024-01-01", "horizon_days: 30"]
    if kind == "nested":
        lines.append("a: &a [x, x, x, x, x, x, x, x, x, x]")
        for level in range(1, 10):
            name, previous = chr(97 + level), chr(96 + level)
            lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
        lines.append("flows: *j")
    else:
        lines += ["a: &a x", "flows: [" + ", ".join(["*a"] * 200_000) + "]"]
    scenario = tmp_path / "bomb.yaml"
    scenario.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "simulate", str(scenario), "--out", str(tmp_path / "r"))
    assert code == 1
    assert "expands to more than 100,000 values" in _one_error_line(err)
