"""`corridor serve`: the server extra through import_optional, the database checked before start-up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from corridor.shipments.db import upgrade

from .support import run


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Calls of uvicorn.run, which does not start anything here."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    return calls


def test_serve_starts_on_a_ready_database(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    started: list[dict[str, Any]],
) -> None:
    url = f"sqlite:///{tmp_path / 'ready.db'}"
    upgrade(url)
    monkeypatch.setenv("CORRIDOR_DATABASE_URL", url)
    code, _, err = run(capsys, "serve", "--port", "8123")
    assert code == 0
    assert "http://127.0.0.1:8123/" in err
    assert started == [
        {"host": "127.0.0.1", "port": 8123, "log_level": "warning", "timeout_graceful_shutdown": 2}
    ]


def test_an_unmigrated_database_fails_at_startup_in_one_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    started: list[dict[str, Any]],
) -> None:
    monkeypatch.setenv("CORRIDOR_DATABASE_URL", f"sqlite:///{tmp_path / 'missing.db'}")
    code, out, err = run(capsys, "serve")
    assert (code, out) == (1, "")
    assert err.startswith("error: no database at ")
    assert "corridor db upgrade" in err
    assert err.count("\n") == 1
    assert started == []


def test_without_the_server_extra(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    code, _, err = run(capsys, "serve")
    assert code == 1
    assert err == "error: uvicorn is needed for the web server: pip install 'corridor[server]'\n"
