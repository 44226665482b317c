"""Fixtures of the CLI tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, so that a new file's permissions are known (0644)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if matplotlib were not installed (and quicker: no plots are drawn)."""
    from corridor.errors import MissingDependencyError
    from corridor.simulation import plots

    def missing() -> None:
        raise MissingDependencyError("matplotlib is needed for plots: pip install 'corridor[plots]'")

    monkeypatch.setattr(plots, "_pyplot", missing)
