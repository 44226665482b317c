"""Opening a database: the embedded default is made ready on first use, a named one must be upgraded."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from corridor.api import Settings, create_app
from corridor.errors import MissingDependencyError, SchemaError
from corridor.network import Network
from corridor.shipments.db import (
    database_url,
    default_database_url,
    engine_from_url,
    head_revision,
    prepare_database,
    schema_revision,
    session_factory,
    upgrade,
)

ROOT = Path(__file__).parents[2]


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user data directory (where the embedded database lives) in a temporary folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CORRIDOR_DATABASE_URL", raising=False)
    return tmp_path / "data"


def _revision(url: str) -> str | None:
    engine = engine_from_url(url)
    try:
        return schema_revision(engine)
    finally:
        engine.dispose()


def test_the_embedded_database_is_created_and_migrated_on_first_use(data_home: Path) -> None:
    url = database_url()
    assert url == default_database_url()
    assert str(data_home) in url
    factory = session_factory(url)
    engine = factory.kw["bind"]
    assert {"api_key", "shipment", "tracking_event"} <= set(inspect(engine).get_table_names())
    engine.dispose()
    assert _revision(url) == head_revision()


def test_the_embedded_database_at_an_older_revision_is_migrated(data_home: Path) -> None:
    url = default_database_url()
    upgrade(url, "0001")
    assert _revision(url) == "0001" != head_revision()
    assert prepare_database() == url
    assert _revision(url) == head_revision()


def test_a_named_database_that_does_not_exist_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "missing.db"
    with pytest.raises(
        SchemaError, match=r"no database at .*missing\.db; create it with: corridor db upgrade"
    ):
        session_factory(f"sqlite:///{path}")
    assert not path.exists()


def test_a_named_empty_database_asks_for_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(SchemaError, match=r"has no Corridor schema; run: corridor db upgrade --url"):
        prepare_database(f"sqlite:///{path}")


def test_a_named_database_at_an_older_revision_asks_for_an_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    with pytest.raises(SchemaError, match=rf"at schema revision 0001, this Corridor needs {head_revision()}"):
        session_factory(url)
    assert _revision(url) == "0001"  # left alone
    upgrade(url)
    session_factory(url).kw["bind"].dispose()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    upgrade(url)
    engine = engine_from_url(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(SchemaError, match="unknown to this Corridor"):
        prepare_database(url)


def test_a_missing_postgresql_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'corridor\[postgres\]'"):
        engine_from_url("postgresql+psycopg://corridor@127.0.0.1:1/corridor")


def test_a_fresh_server_answers_shipment_requests_without_a_setup_step(
    data_home: Path, network: Network
) -> None:
    settings = Settings(scenarios=ROOT / "scenarios", workers=1, max_jobs=1)
    with TestClient(create_app(settings, network=network)) as client:
        response = client.get("/v1/shipments", headers={"X-API-Key": "not-a-key"})
    assert response.status_code == 401, response.text
    assert _revision(default_database_url()) == head_revision()
