from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from corridor.api import Settings, create_app
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


ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        scenarios=ROOT / "scenarios",
        runs=tmp_path_factory.mktemp("runs"),
        max_replications=8,
        max_body_bytes=200_000,
        workers=1,
        max_jobs=50,
    )


@pytest.fixture(scope="session")
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
