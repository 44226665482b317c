"""POST /v1/routes with a commodity: its class applies, the answer warns and names removing rules."""

from __future__ import annotations

from fastapi.testclient import TestClient

BODY = {"origin": "Poti", "destination": "Constanta", "cargo": "1x20", "criteria": ["time", "cost"]}


def test_commodity_gives_warnings_naming_the_sourced_rule(client: TestClient) -> None:
    plain = client.post("/v1/routes", json=BODY).json()
    uoc = client.post("/v1/routes", json={**BODY, "commodity": "uranium-ore-concentrate"}).json()
    assert plain["warnings"] == []
    assert uoc["query"]["commodity"] == "uranium-ore-concentrate"
    assert any("DG-S-GEPTI-ROCND-SEA-1-7" in w and "World Nuclear News" in w for w in uoc["warnings"])
    assert all("→ ship →" not in o["path"] for o in uoc["options"])  # the feeder refuses class 7


def test_an_unknown_commodity_is_a_client_error_naming_the_field(client: TestClient) -> None:
    response = client.post("/v1/routes", json={**BODY, "commodity": "unobtainium"})
    assert response.status_code == 422
    assert "unknown commodity 'unobtainium'" in response.text


def test_a_bulk_commodity_is_routed_in_tonnes(client: TestClient) -> None:
    body = {"origin": "Tengiz", "destination": "Trieste", "commodity": "crude-oil", "mass_t": 100000}
    answer = client.post("/v1/routes", json={**body, "avoid_countries": ["RU"]}).json()
    assert answer["query"]["cargo"] == "100000 t liquid bulk (DG class 3)"
    assert all("RU" not in o["countries"] for o in answer["options"])
    # by Caspian tanker and a pipeline, or in tank cars on the rail ferries: never a container ship
    assert all(("pipeline" in o["path"]) != ("ferry" in o["path"]) for o in answer["options"])
    assert all("→ ship →" not in o["path"] for o in answer["options"])


def test_a_bulk_commodity_without_its_mass_is_a_client_error(client: TestClient) -> None:
    response = client.post(
        "/v1/routes", json={"origin": "Tengiz", "destination": "Trieste", "commodity": "crude-oil"}
    )
    assert response.status_code == 422
    assert "give its mass in tonnes" in response.text
