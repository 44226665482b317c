"""The bundled network's snapshot in the user's cache folder (issue 10: a CLI call under 0.5 s).

A snapshot saves the build, never changes an answer: what it returns equals a fresh build, a
damaged or foreign file is rebuilt, a change to any file of the package gives a new key, and a
folder that cannot be written only costs the time.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corridor.network import snapshot
from corridor.network.io import bundled_network_path, network_from_csv
from corridor.network.model import Network


def _build() -> Network:
    return network_from_csv(bundled_network_path())


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(snapshot.CACHE_ENV, str(folder))
    return folder


def _snapshots(folder: Path) -> list[Path]:
    return sorted(folder.glob("bundled-network-*.pickle"))


def test_the_snapshot_is_the_built_network_and_is_read_back(cache: Path) -> None:
    calls: list[int] = []

    def build() -> Network:
        calls.append(1)
        return _build()

    first = snapshot.cached_network(build)
    assert len(_snapshots(cache)) == 1
    second = snapshot.cached_network(build)
    assert calls == [1]  # the second came from the file
    assert second == first == _build()
    assert second.geometries == first.geometries
    assert second.find_node("DEDUI").name == "Duisburg"


def test_a_damaged_snapshot_is_rebuilt_and_replaced(cache: Path) -> None:
    snapshot.cached_network(_build)
    (path,) = _snapshots(cache)
    path.write_bytes(path.read_bytes()[:1000])  # cut short, as by a full disk
    assert snapshot.cached_network(_build) == _build()
    assert snapshot.cached_network(lambda: pytest.fail("rebuilt twice")) == _build()


def test_a_file_that_is_not_a_network_is_not_returned(cache: Path) -> None:
    snapshot.cached_network(_build)
    (path,) = _snapshots(cache)
    path.write_bytes(pickle.dumps({"not": "a network"}))
    assert isinstance(snapshot.cached_network(_build), Network)


def test_any_change_to_the_package_gives_a_new_key(tmp_path: Path) -> None:
    package = Path(snapshot.__file__).resolve().parents[1]
    copy = tmp_path / "corridor"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    key = snapshot.package_key(copy)
    assert snapshot.package_key(copy) == key
    nodes = copy / "data" / "eurasia" / "nodes.csv"
    stat = nodes.stat()
    os.utime(nodes, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert snapshot.package_key(copy) != key
    key = snapshot.package_key(copy)
    (copy / "network" / "model.py").write_text("# changed\n", encoding="utf-8")
    assert snapshot.package_key(copy) != key


def test_the_newest_snapshots_are_kept_and_no_more(cache: Path) -> None:
    """Several installations share the folder (a checkout, a virtual environment): each keeps its
    snapshot instead of evicting the others' at every call, and the folder stays bounded."""
    cache.mkdir()
    others = []
    for n in range(snapshot.KEEP + 2):
        other = cache / f"bundled-network-{n:024d}.pickle"
        other.write_bytes(b"another installation's")
        os.utime(other, ns=(n * 1_000_000_000, n * 1_000_000_000))
        others.append(other.name)
    snapshot.cached_network(_build)
    kept = {p.name for p in _snapshots(cache)}
    newest_others = set(others[-(snapshot.KEEP - 1) :])
    assert kept == {f"bundled-network-{snapshot.package_key()}.pickle"} | newest_others
    assert not list(cache.glob(".tmp-*"))


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(snapshot.CACHE_ENV, "off")
    monkeypatch.chdir(tmp_path)
    assert snapshot.cache_folder() is None
    assert snapshot.cached_network(_build) == _build()
    assert not list(tmp_path.iterdir())


def test_a_cache_path_that_is_a_file_costs_only_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv(snapshot.CACHE_ENV, str(blocker / "cache"))
    assert snapshot.cached_network(_build) == _build()


def test_a_one_shot_route_reads_the_snapshot_a_first_one_wrote(cache: Path) -> None:
    env = {**os.environ, snapshot.CACHE_ENV: str(cache)}
    command = [sys.executable, "-m", "corridor.cli", "route", "Xi'an", "Duisburg", "--format", "csv"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert len(_snapshots(cache)) == 1
    written = _snapshots(cache)[0].stat().st_mtime_ns
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert second.stdout == first.stdout
    assert _snapshots(cache)[0].stat().st_mtime_ns == written  # read, not rewritten
