"""Administration: linked carriers only, no name probing, keys listed, rotated and revoked, no id reuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import sessionmaker

from corridor.errors import AccountError
from corridor.shipments.accounts import link_carrier, linked_carriers, list_api_keys, unlink_carrier
from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.models import ApiKey, Organisation
from corridor.shipments.store import authenticate, create_api_key, create_organisation

from .test_api import MakeOrg, MakePair, booking


def test_carrier_must_be_linked_and_names_cannot_be_probed(
    service_client: TestClient, planned_option: dict[str, Any], make_org: MakeOrg
) -> None:
    owner, existing = make_org(), make_org()
    answers = []
    for name in (existing.name, "no-such-organisation-at-all"):
        response = service_client.post(
            "/v1/shipments", json=booking(planned_option, carrier=name), headers=owner.shipper
        )
        assert response.status_code == 422
        answers.append(response.json()["detail"]["message"])
    assert answers[0] == answers[1]
    assert existing.name not in answers[0]
    # the would-be carrier sees nothing
    assert service_client.get("/v1/shipments", headers=existing.operator).json()["shipments"] == []


def test_admin_links_carriers_over_http(
    service_client: TestClient, planned_option: dict[str, Any], make_org: MakeOrg
) -> None:
    owner, carrier = make_org(), make_org()
    url = f"/v1/admin/organisations/{owner.name}/carriers/{carrier.name}"
    assert service_client.put(url, headers=owner.shipper).status_code == 403
    linked = service_client.put(url, headers=owner.admin)
    assert linked.status_code == 200
    assert linked.json()["carriers"] == [carrier.name]
    booked = service_client.post(
        "/v1/shipments", json=booking(planned_option, carrier=carrier.name), headers=owner.shipper
    )
    assert booked.status_code == 201
    assert service_client.delete(url, headers=owner.admin).json()["carriers"] == []
    again = service_client.post(
        "/v1/shipments", json=booking(planned_option, carrier=carrier.name), headers=owner.shipper
    )
    assert again.status_code == 422


def test_keys_are_listed_rotated_and_revoked(service_client: TestClient, make_pair: MakePair) -> None:
    owner, _ = make_pair()
    assert service_client.get("/v1/admin/keys", headers=owner.shipper).status_code == 403
    listed = service_client.get("/v1/admin/keys", params={"organisation": owner.name}, headers=owner.admin)
    assert listed.status_code == 200
    keys = {k["role"]: k for k in listed.json()["keys"]}
    assert set(keys) == {"shipper", "operator", "admin"}
    assert keys["shipper"]["prefix"] == owner.shipper["X-API-Key"][:8]
    assert owner.shipper["X-API-Key"] not in listed.text
    rotated = service_client.post(
        f"/v1/admin/keys/{keys['shipper']['id']}/rotate", headers=owner.admin
    ).json()
    assert service_client.get("/v1/shipments", headers=owner.shipper).status_code == 401
    new = {"X-API-Key": rotated["key"]}
    assert service_client.get("/v1/shipments", headers=new).status_code == 200
    assert rotated["id"] != keys["shipper"]["id"]
    assert service_client.delete(f"/v1/admin/keys/{rotated['id']}", headers=owner.admin).status_code == 204
    assert service_client.get("/v1/shipments", headers=new).status_code == 401
    assert service_client.delete(f"/v1/admin/keys/{rotated['id']}", headers=owner.admin).status_code == 404


def test_an_admin_issues_keys_over_http(service_client: TestClient, make_org: MakeOrg) -> None:
    admin = make_org()
    url = "/v1/admin/keys"
    new_org = f"{admin.name}-partner"
    body = {"organisation": new_org, "role": "operator"}
    assert service_client.post(url, json=body, headers=admin.shipper).status_code == 403
    missing = service_client.post(url, json=body, headers=admin.admin)
    assert missing.status_code == 404
    assert missing.json()["detail"]["field"] == "organisation"
    created = service_client.post(url, json={**body, "create_organisation": True}, headers=admin.admin)
    assert created.status_code == 201, created.text
    issued = created.json()
    assert (issued["organisation"], issued["role"]) == (new_org, "operator")
    listed = service_client.get(url, params={"organisation": new_org}, headers=admin.admin).json()["keys"]
    assert [(k["id"], k["role"], k["prefix"]) for k in listed] == [
        (issued["id"], "operator", issued["key"][:8])
    ]
    assert service_client.get("/v1/shipments", headers={"X-API-Key": issued["key"]}).status_code == 200
    # a second key for the organisation, now that it exists; a bad role is a 422 naming the field
    again = service_client.post(url, json={**body, "role": "shipper"}, headers=admin.admin)
    assert again.status_code == 201
    bad = service_client.post(url, json={**body, "role": "owner"}, headers=admin.admin)
    assert bad.status_code == 422
    assert "role" in bad.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/v1/admin/keys/999999"),
        ("POST", "/v1/admin/keys/999999/rotate"),
        ("GET", "/v1/admin/keys?organisation=no-such-organisation"),
        ("PUT", "/v1/admin/organisations/no-such-organisation/carriers/{carrier}"),
        ("PUT", "/v1/admin/organisations/{carrier}/carriers/no-such-organisation"),
    ],
)
def test_an_admin_asking_for_a_key_or_organisation_that_does_not_exist_gets_404(
    service_client: TestClient, make_org: MakeOrg, method: str, path: str
) -> None:
    """Issue 9: "no key with id N" answered 422, as if the request were malformed."""
    admin = make_org()
    response = service_client.request(method, path.format(carrier=admin.name), headers=admin.admin)
    assert response.status_code == 404, response.text
    assert response.json()["detail"]["message"].startswith(
        ("no API key with id 999999", "no organisation named")
    )


def test_link_rules(db_url: str) -> None:
    engine = engine_from_url(db_url)
    factory = sessionmaker(engine)
    with factory() as session, session.begin():
        a = create_organisation(session, "links-a-" + db_url[-6:].replace("/", ""))
        b = create_organisation(session, "links-b-" + db_url[-6:].replace("/", ""))
        assert link_carrier(session, a.name, b.name)
        assert not link_carrier(session, a.name, b.name)
        assert linked_carriers(session, a.name) == [b.name]
        with pytest.raises(AccountError):
            link_carrier(session, a.name, a.name)
        with pytest.raises(AccountError):
            link_carrier(session, a.name, "nobody-of-this-name")
        assert unlink_carrier(session, a.name, b.name)
        assert linked_carriers(session, a.name) == []
    engine.dispose()


def test_ids_are_never_reused_and_old_keys_stay_dead(tmp_path: Path) -> None:
    """A deleted organisation's key must not come back when a new organisation is made (SQLite)."""
    url = f"sqlite:///{tmp_path / 'reuse.db'}"
    upgrade(url, "0002")
    engine = engine_from_url(url)
    factory = sessionmaker(engine)
    with factory() as session, session.begin():
        create_organisation(session, "kept")
        session.execute(
            text(
                "INSERT INTO api_key (key_sha256, role, organisation_id, created_at) "
                "SELECT 'x', 'admin', id, created_at FROM organisation"
            )
        )
    upgrade(url)  # 0003 rebuilds the tables: the key of 'kept' survives
    with factory() as session, session.begin():
        assert session.scalar(select(ApiKey.key_sha256)) == "x"
        create_organisation(session, "gone")
        key = create_api_key(session, "gone", "admin")
        gone_id = session.scalar(select(Organisation.id).where(Organisation.name == "gone"))
    with engine.connect() as connection:  # deleted behind the service's back, foreign keys off
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.exec_driver_sql(f"DELETE FROM organisation WHERE id = {gone_id}")
        connection.commit()
    engine.dispose()
    engine = engine_from_url(url)
    factory = sessionmaker(engine)
    with factory() as session, session.begin():
        fresh = create_organisation(session, "fresh")
        assert fresh.id != gone_id
        with pytest.raises(Exception, match="invalid API key"):
            authenticate(session, key)
        assert [k.organisation for k in list_api_keys(session)] == ["kept"]
    engine.dispose()
