"""The root of ``corridor``: --version, help without type artefacts, completion, the entry point, errors."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest

from corridor import __version__
from corridor.cli import main

from .support import TINY, run

COMMANDS = [
    [],
    ["route"],
    ["emissions"],
    ["simulate"],
    ["serve"],
    ["network", "info"],
    ["network", "validate"],
    ["network", "export"],
    ["scenario", "list"],
    ["scenario", "init"],
    ["scenario", "schema"],
    ["scenario", "compare"],
    ["db", "upgrade"],
    ["admin", "create-org"],
    ["admin", "create-key"],
]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"corridor {__version__}\n", "")


def test_version_wins_over_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version", "route", "Alpha", "Omega")
    assert (code, out) == (0, f"corridor {__version__}\n")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "corridor")
def test_help_shows_no_type_artefacts(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert "Usage: corridor" in out
    for artefact in ("<bool>", "<list[str]>", "<list"):
        assert artefact not in out


@pytest.mark.parametrize(
    ("command", "choices"),
    [
        (["route"], "table|json|geojson|csv|xlsx"),
        (["emissions"], "table|json|ileap|csv|xlsx"),
        (["network", "info"], "text|csv|xlsx"),
        (["network", "export"], "geojson"),
        (["scenario", "list"], "table|csv|xlsx"),
        (["scenario", "compare"], "table|csv|xlsx"),
    ],
)
def test_help_lists_the_formats(capsys: pytest.CaptureFixture[str], command: list[str], choices: str) -> None:
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert f"--format <{choices}>" in out


def test_shell_completion_is_offered(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--help")
    assert "--install-completion" in out
    assert "--show-completion" in out


def test_the_entry_point_is_main() -> None:
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "corridor"]
    assert script.value == "corridor.cli:main"
    assert script.load() is main


def test_an_unwritable_out_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "route", "Alpha", "Omega", "--network", TINY, "--out", str(tmp_path))
    assert (code, out) == (1, "")
    assert err == f"error: cannot write {tmp_path}: not a regular file, so it cannot be replaced\n"


@pytest.mark.usefixtures("umask_022")
def test_out_writes_through_a_symlink_with_ordinary_permissions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target, link = tmp_path / "route.json", tmp_path / "latest.json"
    link.symlink_to(target)
    code, _, _ = run(
        capsys, "route", "Alpha", "Omega", "--network", TINY, "--format", "json", "--out", str(link)
    )
    assert code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("{")
    assert target.stat().st_mode & 0o777 == 0o644
