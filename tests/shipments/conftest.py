"""Databases for the shipment service tests: SQLite always, PostgreSQL when CORRIDOR_TEST_DATABASE_URL is set.

Each test session migrates a fresh database with Alembic: a SQLite file in a
temporary folder, and on PostgreSQL a new schema that is dropped at the end.
Every test that uses the database starts from an empty schema (all rows of
every table deleted before it runs, identities restarted), so no test passes
because of another's leftovers; ``scripts/isolation_check.py`` runs a random
sample of tests alone and compares their outcomes with the suite's.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from corridor.api import Settings, create_app
from corridor.network import Network
from corridor.network.io import bundled_network
from corridor.routing import Cargo, Constraints, route
from corridor.routing.io import result_to_dict
from corridor.shipments.accounts import link_carrier
from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.models import Base
from corridor.shipments.store import create_api_key, create_organisation

ROOT = Path(__file__).parents[2]
PG_URL = os.environ.get("CORRIDOR_TEST_DATABASE_URL")
BACKENDS = [
    "sqlite",
    *([pytest.param("postgresql", marks=pytest.mark.postgres)] if PG_URL else []),
]


@pytest.fixture(scope="session")
def network() -> Network:
    return bundled_network()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh schema in the PostgreSQL database of CORRIDOR_TEST_DATABASE_URL, dropped afterwards."""
    if PG_URL is None:
        pytest.skip("CORRIDOR_TEST_DATABASE_URL is not set: no PostgreSQL to test against")
    schema = f"corridor_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def private_database(backend: str, folder: Path) -> Iterator[str]:
    """A migrated database no other test uses: a SQLite file in ``folder``, or a new PostgreSQL schema."""
    if backend == "sqlite":
        yield migrated_sqlite(folder / "corridor.db")
        return
    if PG_URL is None:
        pytest.skip("CORRIDOR_TEST_DATABASE_URL is not set: no PostgreSQL to test against")
    schema = f"corridor_private_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    private = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        rendered = private.render_as_string(hide_password=False)
        upgrade(rendered)
        yield rendered
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


_TEMPLATE: list[Path] = []


def _remove_template(creator: int, folder: Path) -> None:
    if os.getpid() == creator:  # forked workers leave it to the process that made it
        shutil.rmtree(folder, ignore_errors=True)


def migrated_sqlite(target: Path) -> str:
    """A SQLite database at ``target`` at the latest revision: a copy of one migrated once per process.

    Migrating takes most of a second; mutation testing starts a new pytest session (so a new
    session database) for each of hundreds of mutants, in processes forked from one that has
    made the template already. The copy is a new file with its own rows, so the tests using it
    own their data as with a fresh migration.
    """
    if not (_TEMPLATE and _TEMPLATE[0].exists()):
        template = Path(tempfile.mkdtemp(prefix="corridor-template-db-")) / "corridor.db"
        upgrade(f"sqlite:///{template}")
        _TEMPLATE[:] = [template]
        atexit.register(_remove_template, os.getpid(), template.parent)
    shutil.copyfile(_TEMPLATE[0], target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database on each backend."""
    if request.param == "sqlite":
        return migrated_sqlite(tmp_path_factory.mktemp("db") / "corridor.db")
    url: str = request.getfixturevalue("postgres_url")
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def _engines() -> Iterator[dict[str, Engine]]:
    engines: dict[str, Engine] = {}
    yield engines
    for engine in engines.values():
        engine.dispose()


def empty_database(engine: Engine) -> None:
    """Delete every row of every table of the shipment schema (children first), restarting identities."""
    tables = list(reversed(Base.metadata.sorted_tables))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())
            if connection.execute(
                text("SELECT name FROM sqlite_master WHERE name='sqlite_sequence'")
            ).first():
                connection.execute(text("DELETE FROM sqlite_sequence"))


@pytest.fixture(autouse=True)
def _empty_schema(request: pytest.FixtureRequest, _engines: dict[str, Engine]) -> None:
    """Before each test that touches the database: an empty schema."""
    if "db_url" not in request.fixturenames:
        return
    url: str = request.getfixturevalue("db_url")
    if url not in _engines:
        _engines[url] = engine_from_url(url)
    empty_database(_engines[url])


@pytest.fixture(scope="session")
def service_client(db_url: str, network: Network) -> Iterator[TestClient]:
    settings = Settings(
        scenarios=ROOT / "scenarios",
        workers=1,
        max_jobs=1,
        database_url=db_url,
        webhook_retry_base_s=0.2,
        webhook_poll_s=0.1,
    )
    with TestClient(create_app(settings, network=network)) as client:
        yield client


@pytest.fixture(scope="session")
def planned_option(network: Network) -> dict[str, Any]:
    """The fastest Middle Corridor option (Caspian ferry) from Xi'an to Duisburg, as /v1/routes gives it."""
    result = route(
        network,
        "Xi'an",
        "Duisburg",
        cargo=Cargo.parse("2x40HC"),
        constraints=Constraints(avoid_countries=frozenset({"RU", "BY", "IR"}), require_modes=("ferry",)),
        criteria=("time",),
    )
    data = result_to_dict(network, result)
    return {"query": data["query"], **data["options"][0]}


@dataclass(frozen=True)
class Org:
    """An organisation with one key per role."""

    name: str
    shipper: dict[str, str]
    operator: dict[str, str]
    admin: dict[str, str]


def new_org(factory: sessionmaker[Session]) -> Org:
    """A new organisation with a key for each role."""
    name = f"org-{uuid.uuid4().hex[:10]}"
    with factory() as session, session.begin():
        create_organisation(session, name)
        keys = {role: create_api_key(session, name, role) for role in ("shipper", "operator", "admin")}
    return Org(name, *({"X-API-Key": keys[role]} for role in ("shipper", "operator", "admin")))


def new_pair(factory: sessionmaker[Session]) -> tuple[Org, Org]:
    """A new shipper organisation and a new carrier organisation an admin has linked to it."""
    owner, carrier = new_org(factory), new_org(factory)
    with factory() as session, session.begin():
        link_carrier(session, owner.name, carrier.name)
    return owner, carrier


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session on the test database; what a test leaves uncommitted is rolled back."""
    engine = engine_from_url(db_url)
    with sessionmaker(engine)() as s:
        yield s
        s.rollback()
    engine.dispose()


@pytest.fixture
def make_org(db_url: str) -> Iterator[Callable[[], Org]]:
    engine = engine_from_url(db_url)
    yield lambda: new_org(sessionmaker(engine))
    engine.dispose()


@pytest.fixture
def make_pair(db_url: str) -> Iterator[Callable[[], tuple[Org, Org]]]:
    engine = engine_from_url(db_url)
    yield lambda: new_pair(sessionmaker(engine))
    engine.dispose()
