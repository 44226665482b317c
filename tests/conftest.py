from __future__ import annotations

from pathlib import Path

import pytest

from corridor.network import Network, network_from_csv

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def tiny() -> Network:
    return network_from_csv(DATA / "tiny")


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny network folder."""
    target = tmp_path / "tiny"
    target.mkdir()
    for file in (DATA / "tiny").iterdir():
        (target / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    return target
