"""The core works with only the core dependencies; the extras say how to install them when missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corridor.errors import CorridorError, MissingDependencyError
from corridor.optional import import_optional

EXTRAS = ["numba", "matplotlib", "reportlab", "fastapi", "uvicorn", "starlette", "psycopg", "dask"]

CORE_ONLY = f"""
import sys
for name in {EXTRAS!r}:
    sys.modules[name] = None  # as if only the core dependencies were installed
from corridor.cli import main
assert main(["network", "info"]) == 0
assert main(["route", "Xi'an", "Duisburg", "--avoid-country", "RU,BY"]) == 0
assert main(["route", "Xi'an", "Duisburg", "--format", "json", "--out", sys.argv[1] + "/r.json"]) == 0
assert main(["emissions", sys.argv[1] + "/r.json", "--option", "1"]) == 0
assert main(["db", "upgrade", "--url", "sqlite:///" + sys.argv[1] + "/c.db"]) == 0
from corridor.simulation import plots
from corridor.errors import MissingDependencyError
try:
    plots.throughput_plot({{"services": {{}}, "hubs": {{}}, "flows": {{}}}}, sys.argv[1] + "/u.png")
except MissingDependencyError as err:
    print("HINT", err)
"""


@pytest.mark.slow
def test_the_core_runs_without_any_extra(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CORE_ONLY, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Duisburg" in proc.stdout
    assert "HINT matplotlib is needed for plots: pip install 'corridor[plots]'" in proc.stdout


def test_a_missing_extra_is_a_corridor_error_and_an_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "reportlab", None)
    with pytest.raises(MissingDependencyError, match=r"reportlab is needed for PDF documents") as info:
        import_optional("reportlab", "pdf")
    assert isinstance(info.value, CorridorError)
    assert isinstance(info.value, ImportError)


def test_a_broken_import_inside_an_installed_package_is_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "installedpkg").mkdir()
    (tmp_path / "installedpkg" / "__init__.py").write_text("import nosuchdep_of_installedpkg\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError, match="nosuchdep_of_installedpkg") as info:
        import_optional("installedpkg", "plots")
    assert not isinstance(info.value, MissingDependencyError)


def test_an_unknown_extra_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown extra 'gpu'"):
        import_optional("json", "gpu")
