"""The package as a user gets it: sdist, then wheel, installed in a fresh venv, used from an unrelated folder.

Offline by design (after ``make setup``): the sdist and wheel are built with the
setuptools of this venv (no build isolation, so nothing is downloaded); the
wheel goes into a fresh venv with this venv's pip (``pip --python``), without
its dependencies; the fresh venv then sees this venv's site-packages *after*
its own through a ``.pth`` line, so its dependencies resolve without an index
while ``corridor`` itself can only come from the wheel (a path line in a
``.pth`` file does not run the ``.pth`` files of that folder, so this venv's
editable install of the source tree stays out). The test asserts that.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import sysconfig
import tarfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[1]
SCENARIOS = [
    "baseline-2024",
    "cpc-disruption",
    "investment-2030",
    "japan-digital-2030",
    "red-sea-closed",
    "russia-closed",
    "surge-2022",
    "uranium-sanctions",
]


def _run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    proc = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=timeout
    )
    assert proc.returncode == 0, f"{shlex.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def _build(tmp: Path) -> tuple[Path, Path]:
    """An sdist of a clean copy of the project, and a wheel built from that sdist (not from the tree)."""
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "MANIFEST.in", "README.md", "LICENSE", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "src",
        source / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.nbi", "*.nbc"),
    )
    dist = tmp / "dist"
    _run(
        [sys.executable, "-c", f"from setuptools import build_meta as b; b.build_sdist({str(dist)!r})"],
        cwd=source,
    )
    (sdist,) = dist.glob("corridor-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp / "unpacked", filter="data")
    (unpacked,) = (tmp / "unpacked").iterdir()
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), "."],
        cwd=unpacked,
    )
    (wheel,) = dist.glob("corridor-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, dict[str, str]]:
    """(sdist, wheel, venv, environment): the wheel installed in a fresh venv."""
    tmp = tmp_path_factory.mktemp("packaging")
    sdist, wheel = _build(tmp)
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp)
    python = venv / "bin" / "python"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=tmp,
    )
    site = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=tmp).strip()
    )
    (site / "zz_outer_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    home = tmp / "home"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CORRIDOR_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        COLUMNS="120",
    )
    return sdist, wheel, venv, env


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """An unrelated folder: no scenarios/, no src/, no pyproject.toml."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_the_sdist_and_the_wheel_hold_the_data(installed: tuple[Path, Path, Path, dict[str, str]]) -> None:
    sdist, wheel, _, _ = installed
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    for name in SCENARIOS:
        assert f"src/corridor/data/scenarios/{name}.yaml" in in_sdist
        assert f"corridor/data/scenarios/{name}.yaml" in in_wheel
    assert {"LICENSE", "README.md", "CHANGELOG.md"} <= in_sdist
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in in_wheel)
    for name in (
        "py.typed",
        "web/static/index.html",
        "data/eurasia/network.toml",
        "data/rates/rates.csv",
        "data/rates/sources.csv",
        "shipments/migrations/env.py",
    ):
        assert f"corridor/{name}" in in_wheel
    metadata = zipfile.ZipFile(wheel).read(next(n for n in in_wheel if n.endswith("METADATA"))).decode()
    assert "License-Expression: Apache-2.0" in metadata
    core = [
        line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    assert not [
        line for line in core if re.search(r"numba|matplotlib|reportlab|fastapi|psycopg|dask|openpyxl", line)
    ]
    for extra in ("server", "postgres", "pdf", "plots", "dask", "fast", "xlsx", "all"):
        assert f"Provides-Extra: {extra}" in metadata


def test_corridor_comes_from_the_wheel(
    installed: tuple[Path, Path, Path, dict[str, str]], elsewhere: Path
) -> None:
    _, _, venv, env = installed
    where = _run(
        [str(venv / "bin" / "python"), "-c", "import corridor; print(corridor.__file__)"],
        cwd=elsewhere,
        env=env,
    )
    assert Path(where.strip()).is_relative_to(venv)


def _readme_examples() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        for chunk in block.split("$ corridor ")[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples


@pytest.mark.parametrize("index", [0, 1])
def test_the_readme_first_commands_run_from_an_unrelated_folder(
    installed: tuple[Path, Path, Path, dict[str, str]], elsewhere: Path, index: int
) -> None:
    _, _, venv, env = installed
    command, expected = _readme_examples()[index]
    out = _run([str(venv / "bin" / "corridor"), *shlex.split(command)], cwd=elsewhere, env=env)
    assert out.rstrip() == expected.rstrip()


def test_a_bundled_scenario_is_found_by_name_and_simulated(
    installed: tuple[Path, Path, Path, dict[str, str]], elsewhere: Path
) -> None:
    _, _, venv, env = installed
    listing = _run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from corridor.simulation.scenario import list_scenarios, scenario_path; "
            "print([s.name for s in list_scenarios()]); print(scenario_path('surge-2022'))",
        ],
        cwd=elsewhere,
        env=env,
    ).splitlines()
    assert listing[0] == repr(SCENARIOS)
    path = Path(listing[1])
    assert path.is_relative_to(venv)
    out = _run(
        [
            str(venv / "bin" / "corridor"),
            "simulate",
            str(path),
            "--replications",
            "1",
            "--workers",
            "1",
            "--out",
            "run",
        ],
        cwd=elsewhere,
        env=env,
    )
    assert "surge-2022: 1 replications, results in run" in out
    assert {"summary.json", "report.html", "transit_times.png"} <= {
        p.name for p in (elsewhere / "run").iterdir()
    }
    mask = os.umask(0o022)
    os.umask(mask)
    summary = elsewhere / "run" / "summary.json"
    assert stat.S_IMODE(summary.stat().st_mode) == 0o666 & ~mask  # as open() makes it, not 0600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_a_fresh_server_serves_the_page_the_scenarios_and_the_shipments(
    installed: tuple[Path, Path, Path, dict[str, str]], elsewhere: Path
) -> None:
    _, _, venv, env = installed
    port = _free_port()
    log = elsewhere / "server.log"
    with log.open("w") as errors:
        server = subprocess.Popen(
            [str(venv / "bin" / "corridor"), "serve", "--port", str(port)],
            cwd=elsewhere,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, _ = _get(f"{base}/v1/health")
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the server did not start in 120 s"
                time.sleep(0.5)
        assert status == 200
        status, page = _get(f"{base}/")
        assert status == 200
        assert b"<html" in page.lower()
        scripts = re.findall(rb'src="(/static/[^"]+)"', page)
        assert scripts
        for script in scripts:
            assert _get(base + script.decode())[0] == 200, script
        status, body = _get(f"{base}/v1/scenarios")
        assert status == 200
        assert [s["name"] for s in json.loads(body)["scenarios"]] == SCENARIOS
        status, body = _get(f"{base}/v1/shipments", {"X-API-Key": "not-a-key"})
        assert status == 401, body  # not 500: the embedded database was created on first use
        assert (Path(env["XDG_DATA_HOME"]) / "corridor" / "corridor.db").is_file()
    finally:
        server.terminate()
        server.wait(timeout=30)
