"""The scenarios ship in the package, are found by name, and are the repository's scenarios/ byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.api import Settings
from corridor.errors import ScenarioError, UnknownScenarioError
from corridor.simulation.scenario import (
    bundled_scenarios_path,
    list_scenarios,
    load_scenario,
    scenario_files,
    scenario_path,
)

ROOT = Path(__file__).parents[2]
NAMES = [
    "baseline-2024",
    "cpc-disruption",
    "investment-2030",
    "japan-digital-2030",
    "red-sea-closed",
    "russia-closed",
    "surge-2022",
    "uranium-sanctions",
]


def test_the_package_copy_is_the_repository_scenarios_folder() -> None:
    repository = {p.name: p.read_bytes() for p in (ROOT / "scenarios").iterdir()}
    shipped = {p.name: p.read_bytes() for p in bundled_scenarios_path().iterdir()}
    assert shipped == repository, (
        "scenarios/ (the copy to edit) and src/corridor/data/scenarios/ (the copy shipped) differ; "
        "copy them with: rm src/corridor/data/scenarios/* && cp scenarios/* src/corridor/data/scenarios/"
    )


def test_bundled_scenarios_by_name() -> None:
    assert list(scenario_files()) == NAMES
    infos = list_scenarios()
    assert [s.name for s in infos] == NAMES
    for info in infos:
        assert info.description
        assert info.horizon_days >= 300
        assert load_scenario(info.path).name == info.name


@pytest.mark.parametrize("argument", ["surge-2022", "surge-2022.yaml"])
def test_a_name_finds_the_bundled_file(argument: str) -> None:
    assert scenario_path(argument) == bundled_scenarios_path() / "surge-2022.yaml"


def test_a_file_wins_over_a_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "surge-2022.yaml").write_text("name: mine\n", encoding="utf-8")
    assert scenario_path("surge-2022.yaml") == Path("surge-2022.yaml")
    assert scenario_path(tmp_path / "surge-2022.yaml") == tmp_path / "surge-2022.yaml"
    assert scenario_path("surge-2022") == bundled_scenarios_path() / "surge-2022.yaml"


def test_names_are_looked_up_in_another_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("name: mine\n", encoding="utf-8")
    assert scenario_path("mine", folder=tmp_path) == tmp_path / "mine.yaml"
    assert scenario_files(tmp_path / "nowhere") == {}


@pytest.mark.parametrize("argument", ["baseline-2023", "elsewhere/baseline-2024.yaml"])
def test_an_unknown_scenario_lists_the_names(argument: str) -> None:
    with pytest.raises(
        UnknownScenarioError, match="no such scenario file, nor a scenario of that name"
    ) as info:
        scenario_path(argument)
    assert str(info.value).startswith(argument)
    assert "baseline-2024, cpc-disruption, investment-2030" in str(info.value)
    assert isinstance(info.value, ScenarioError)
    assert isinstance(info.value, LookupError)


def test_invalid_files_are_left_out_of_a_list(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    (tmp_path / "base.yaml").write_bytes((bundled_scenarios_path() / "baseline-2024.yaml").read_bytes())
    assert [s.name for s in list_scenarios(tmp_path)] == ["base"]


def test_the_server_runs_the_bundled_scenarios_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORRIDOR_SCENARIOS", raising=False)
    assert Settings().scenarios == Settings.from_env().scenarios == bundled_scenarios_path()
    monkeypatch.setenv("CORRIDOR_SCENARIOS", "elsewhere")
    assert Settings.from_env().scenarios == Path("elsewhere")
