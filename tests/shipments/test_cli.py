"""``corridor db upgrade`` and ``corridor admin``: a fresh database, an organisation, a key that works."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from corridor.cli import main
from corridor.errors import AuthenticationError
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


def test_keys_are_listed_rotated_and_revoked_and_carriers_linked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'corridor.db'}"
    assert main(["db", "upgrade", "--url", url]) == 0
    for org in ("Shipper Co", "Caspian Line"):
        assert main(["admin", "create-org", org, "--url", url]) == 0
    assert main(["admin", "create-key", "--org", "Shipper Co", "--role", "shipper", "--url", url]) == 0
    old = capsys.readouterr().out.strip()
    assert (
        main(["admin", "link-carrier", "--shipper", "Shipper Co", "--carrier", "Caspian Line", "--url", url])
        == 0
    )
    assert "linked to" in capsys.readouterr().err
    assert main(["admin", "list-keys", "--org", "Shipper Co", "--url", url]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    key_id, org, role, prefix, _ = line.split("\t")
    assert (org, role) == ("Shipper Co", "shipper")
    assert old.startswith(prefix.rstrip("…"))
    assert old not in line  # the key itself is never shown again
    assert main(["admin", "rotate-key", key_id, "--url", url]) == 0
    new = capsys.readouterr().out.strip()
    factory = session_factory(url)
    try:
        with factory() as session:
            assert authenticate(session, new).organisation == "Shipper Co"
            with pytest.raises(AuthenticationError):
                authenticate(session, old)
        assert main(["admin", "list-keys", "--url", url]) == 0
        (line,) = capsys.readouterr().out.splitlines()
        assert main(["admin", "revoke-key", line.split("\t")[0], "--url", url]) == 0
        with factory() as session, pytest.raises(AuthenticationError):
            authenticate(session, new)
    finally:
        factory.kw["bind"].dispose()
    assert main(["admin", "revoke-key", "999", "--url", url]) == 1
    assert "no API key with id 999" in capsys.readouterr().err
