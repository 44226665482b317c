"""Places in the API: the autocomplete search, and routes from and to places off the network."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_place_search_offers_nodes_towns_and_locodes(client: TestClient) -> None:
    data = client.get("/v1/places", params={"q": "lyo"}).json()
    assert data["places"][0]["value"] == "Lyon, FR"
    assert "GeoNames" in data["attribution"]
    duis = client.get("/v1/places", params={"q": "duis"}).json()["places"][0]
    assert (duis["kind"], duis["value"]) == ("node", "DEDUI")
    code = client.get("/v1/places", params={"q": "CNSZV"}).json()["places"][0]
    assert (code["kind"], code["value"], code["country"]) == ("locode", "CNSZV", "CN")


def test_each_suggestion_means_exactly_its_place(client: TestClient) -> None:
    """Two Suzhous in China: the larger one's value is its name, the other's its coordinates."""
    places = client.get("/v1/places", params={"q": "Suzhou", "limit": 5}).json()["places"]
    values = [p["value"] for p in places if p["country"] == "CN"]
    assert values[0] == "Suzhou, CN"
    assert any("," in v and v.replace(",", "").replace(".", "").isdigit() for v in values[1:])


def test_place_search_is_bounded(client: TestClient) -> None:
    assert client.get("/v1/places", params={"q": "x" * 101}).status_code == 422
    assert client.get("/v1/places", params={"q": "a", "limit": 51}).status_code == 422
    assert client.get("/v1/places", params={"q": ""}).json()["places"] == []


def test_a_route_between_places_has_truck_legs_at_both_ends(client: TestClient) -> None:
    body = {"origin": "43.238,76.945", "destination": "Lyon, FR", "cargo": "2x20"}
    response = client.post("/v1/routes", json=body, params={"include": ["chain"]})
    assert response.status_code == 200, response.text
    data = response.json()
    assert [p["as"] for p in data["query"]["places"]][1] == "Lyon, FR"
    for option in data["options"]:
        legs = [e for e in option["chain"]["elements"] if e["type"] == "leg"]
        assert legs[0]["mode"] == "road"
        assert legs[-1]["mode"] == "road"
        assert option["path"].endswith("→ road → Lyon")


def test_an_ambiguous_place_is_422_with_the_candidates(client: TestClient) -> None:
    response = client.post("/v1/routes", json={"origin": "Alexandria", "destination": "Duisburg"})
    assert response.status_code == 422
    text = response.text
    assert "Alexandria, EG" in text
    assert "Alexandria, US" in text


def test_an_unknown_place_is_404_with_suggestions(client: TestClient) -> None:
    response = client.post("/v1/routes", json={"origin": "Lyonn, FR", "destination": "Duisburg"})
    assert response.status_code == 404
    assert "Lyon, FR" in response.text
