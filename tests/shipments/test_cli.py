"""``corridor db upgrade`` and ``corridor admin``: a fresh database, an organisation, a key that works."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from corridor.cli import main
from corridor.shipments.accounts import key_hash
from corridor.shipments.db import engine_from_url, session_factory
from corridor.shipments.models import ApiKey
from corridor.shipments.store import authenticate


def test_upgrade_then_create_an_organisation_and_a_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'corridor.db'}"
    assert main(["db", "upgrade", "--url", url]) == 0
    engine = engine_from_url(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"organisation", "api_key", "shipment", "tracking_event", "alembic_version"} <= tables
    assert main(["db", "upgrade", "--url", url]) == 0  # a second upgrade changes nothing
    assert main(["admin", "create-org", "Kazatomprom", "--url", url]) == 0
    capsys.readouterr()
    assert main(["admin", "create-key", "--org", "Kazatomprom", "--role", "shipper", "--url", url]) == 0
    key = capsys.readouterr().out.strip()
    factory = session_factory(url)
    with factory() as session:
        principal = authenticate(session, key)
        stored = session.query(ApiKey.key_sha256).scalar()
    factory.kw["bind"].dispose()
    assert (principal.organisation, principal.role) == ("Kazatomprom", "shipper")
    assert stored == key_hash(key) != key


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["admin", "create-org", "Kazatomprom"], "exists already"),
        (["admin", "create-key", "--org", "Nobody", "--role", "shipper"], "no organisation named 'Nobody'"),
        (["admin", "create-key", "--org", "Kazatomprom", "--role", "boss"], "role must be one of"),
    ],
)
def test_admin_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    url = f"sqlite:///{tmp_path / 'corridor.db'}"
    main(["db", "upgrade", "--url", url])
    main(["admin", "create-org", "Kazatomprom", "--url", url])
    capsys.readouterr()
    assert main([*args, "--url", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert err.count("\n") == 1


def test_database_url_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("CORRIDOR_DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    assert (tmp_path / "env.db").is_file()


def test_default_database_is_a_file_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CORRIDOR_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from corridor.shipments.db import database_url

    assert database_url() == f"sqlite:///{tmp_path / 'corridor' / 'corridor.db'}"
    assert (tmp_path / "corridor").is_dir()
