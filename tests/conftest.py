from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker

from corridor.api import Settings, create_app
from corridor.network import Network, network_from_csv
from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.store import create_api_key, create_organisation

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
_DATA_HOME = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Point the user data and cache folders at a fresh temporary one for the whole run.

    The embedded database defaults to ``corridor.db`` in the user's data folder; a test (or a
    server a test starts) that relied on the default would read and migrate the developer's own
    database, and concurrent runs from other checkouts would see each other's schema revisions.
    Subprocesses inherit the variable.
    """
    folder = tempfile.mkdtemp(prefix="corridor-test-data-")
    os.environ["XDG_DATA_HOME"] = folder
    # The bundled network's snapshot (corridor.network.snapshot) goes there too, not to the
    # developer's cache folder.
    os.environ["CORRIDOR_CACHE_DIR"] = os.path.join(folder, "cache")
    config.stash[_DATA_HOME] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_DATA_HOME, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


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


@pytest.fixture(autouse=True)
def _fresh_caches_under_mutation_testing() -> None:
    """Under mutmut, empty the in-memory caches of pure computations before each test.

    mutmut runs each mutant's tests in a process forked from one that has run the suite once, so
    a cache filled then (the convolution's bin masses and spectra, the expanded routing graph)
    would answer from the unmutated code and hide every mutant of the functions behind it
    (issue 16: 64 of ``_bin_masses``'s mutants survived this way). Outside mutation testing the
    caches are left alone.
    """
    if not os.environ.get("MUTANT_UNDER_TEST"):
        return
    from corridor.distributions import _spectrum, _support
    from corridor.routing import graph

    for cached in (_support, _spectrum):
        clear = getattr(cached, "cache_clear", None)
        if clear is not None:
            clear()
    graph._CACHE.clear()


Keys = dict[str, dict[str, str]]
KeyedDatabase = Callable[[Mapping[str, tuple[str, str]]], tuple[str, Keys]]


@pytest.fixture(scope="session")
def keyed_database(tmp_path_factory: pytest.TempPathFactory) -> KeyedDatabase:
    """Make a new migrated SQLite database holding organisations and API keys; each call its own file.

    ``keyed_database({"alpha": ("alpha", "shipper"), "admin": ("alpha", "admin")})`` creates the
    organisations named and one key per entry, and returns the database URL and each entry's
    ``X-API-Key`` header.
    """

    def make(wanted: Mapping[str, tuple[str, str]]) -> tuple[str, Keys]:
        url = f"sqlite:///{tmp_path_factory.mktemp('keyed-db') / 'corridor.db'}"
        upgrade(url)
        engine = engine_from_url(url)
        keys: Keys = {}
        with sessionmaker(engine)() as session, session.begin():
            for organisation in dict.fromkeys(org for org, _ in wanted.values()):
                create_organisation(session, organisation)
            for name, (organisation, role) in wanted.items():
                keys[name] = {"X-API-Key": create_api_key(session, organisation, role)}
        engine.dispose()
        return url, keys

    return make


@pytest.fixture(scope="module")
def quick_appraisal_scenarios(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled scenarios plus ``one-candidates``: an appraisal of one candidate, quick to run."""
    folder = tmp_path_factory.mktemp("scenarios")
    for path in (ROOT / "scenarios").glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    appraisal = yaml.safe_load(
        (ROOT / "scenarios" / "investment-candidates.yaml").read_text(encoding="utf-8")
    )
    appraisal.update(name="one-candidates", candidates=appraisal["candidates"][:1], packages=[])
    appraisal.pop("uncertainty", None)
    (folder / "one-candidates.yaml").write_text(yaml.safe_dump(appraisal), encoding="utf-8")
    return folder
