"""The API through the ASGI test client: results, error bodies, limits, jobs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

ROOT = Path(__file__).parents[2]
XIAN_NO_RU = {
    "origin": "Xi'an",
    "destination": "Duisburg",
    "cargo": "2x40HC",
    "avoid_countries": ["RU", "BY"],
}


def test_health(client: TestClient) -> None:
    data = client.get("/v1/health").json()
    assert data["status"] == "ok"
    assert data["network"] == "eurasia 2026.11.5"


def test_node_search_by_name_and_locode(client: TestClient) -> None:
    assert client.get("/v1/nodes", params={"q": "duis"}).json()["nodes"][0]["node_id"] == "DEDUI"
    assert client.get("/v1/nodes", params={"q": "KZAAU"}).json()["nodes"][0]["name"] == "Aktau"
    assert len(client.get("/v1/nodes", params={"limit": 5}).json()["nodes"]) == 5


@pytest.mark.parametrize("word", ["nan", "NaN", "inf", "Infinity"])
def test_a_node_search_for_a_word_that_floats_parse_is_a_search(
    app: FastAPI, client: TestClient, word: str
) -> None:
    """Issue 9: the poison guard answered 422 to ``?q=nan``, which is text, not a number."""
    response = client.get("/v1/nodes", params={"q": word})
    assert response.status_code == 200, response.text
    expected = [n.node_id for n in app.state.context.network.search_nodes(word, limit=10)]
    assert [n["node_id"] for n in response.json()["nodes"]] == expected
    assert client.get("/v1/nodes", params={"q": "1e999"}).status_code == 422  # a numeral that overflows


FULL = {"include": ["chain", "emissions", "geojson"]}


def test_plan_routes(client: TestClient) -> None:
    response = client.post("/v1/routes", json=XIAN_NO_RU, params=FULL)
    assert response.status_code == 200
    data = response.json()
    assert len(data["options"]) >= 2
    assert all("RU" not in o["countries"] and "BY" not in o["countries"] for o in data["options"])
    first = data["options"][0]
    assert first["cost_usd"] == pytest.approx(sum(e["cost_usd"] for e in first["chain"]["elements"]))
    assert first["co2e_kg"] == pytest.approx(first["emissions"]["totals"]["wtw_kg"])
    options = {f["properties"]["option"] for f in data["geojson"]["features"]}
    assert options == {o["rank"] for o in data["options"]}


def test_emissions_of_a_planned_chain(client: TestClient) -> None:
    option = client.post("/v1/routes", json=XIAN_NO_RU, params={"include": "chain"}).json()["options"][0]
    response = client.post("/v1/emissions", json=option["chain"])
    assert response.status_code == 200
    assert response.json()["totals"]["wtw_kg"] == pytest.approx(option["co2e_kg"])


@pytest.mark.parametrize(
    ("body", "status", "field", "message"),
    [
        (
            {"origin": "Xi'an", "destination": "Duisberg"},
            404,
            "destination",
            "did you mean Duisburg (DEDUI)?",
        ),
        ({"origin": "Nowhere", "destination": "Duisburg"}, 404, "origin", "unknown place 'Nowhere'"),
        (
            {"origin": "Xi'an", "destination": "Duisburg", "cargo": "three boxes"},
            422,
            "cargo",
            "cannot read cargo",
        ),
        (
            {"origin": "Xi'an", "destination": "Duisburg", "cargo": "5000x40"},
            422,
            "cargo",
            "at most 1000 containers",
        ),
        (
            {"origin": "Xi'an", "destination": "Duisburg", "avoid_countries": ["CN"]},
            422,
            "origin",
            "is in CN",
        ),
        (
            {"origin": "Xi'an", "destination": "Duisburg", "avoid_modes": ["rail", "road"]},
            422,
            None,
            "no route from",
        ),
        (
            {"origin": "Xi'an", "destination": "Duisburg", "avoid_countries": ["RU", "BL"]},
            422,
            "avoid_countries",
            "unknown country code 'BL' in the countries to avoid: did you mean",
        ),
        (
            {"origin": "Xi'an", "destination": "Duisburg", "avoid_nodes": ["Aktu"]},
            404,
            "avoid_nodes",
            "unknown node 'Aktu' in the nodes to avoid: did you mean Aktau (KZAAU)",
        ),
        (
            {"origin": "Xi'an", "destination": "Duisburg", "via": ["Bakku"]},
            404,
            "via",
            "unknown node 'Bakku'",
        ),
    ],
)
def test_error_bodies_name_the_field(
    client: TestClient, body: dict[str, Any], status: int, field: str | None, message: str
) -> None:
    response = client.post("/v1/routes", json=body)
    assert response.status_code == status
    assert response.json()["detail"]["field"] == field
    assert message in response.json()["detail"]["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"origin": "Xi'an"},
        {"origin": "Xi'an", "destination": "Duisburg", "colour": "red"},
        {"origin": "Xi'an", "destination": "Duisburg", "avoid_countries": ["Russia"]},
        {"origin": "Xi'an", "destination": "Duisburg", "criteria": ["speed"]},
        {"origin": "Xi'an", "destination": "Duisburg", "mass_t": 1e12},
    ],
)
def test_schema_errors_are_422(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/v1/routes", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"


def test_malformed_json_and_oversized_bodies(client: TestClient) -> None:
    bad = client.post("/v1/routes", content=b'{"origin": ', headers={"content-type": "application/json"})
    assert bad.status_code == 422
    huge = json.dumps({**XIAN_NO_RU, "via": ["x" * 250_000]})
    response = client.post("/v1/routes", content=huge, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "request body over" in response.json()["detail"]["message"]


def test_openapi_is_pinned(app: FastAPI) -> None:
    """The API schema is part of the contract: a change shows here and in docs/openapi.json."""
    committed = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert app.openapi() == committed


def test_the_page_and_its_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "http://" not in page.text.replace("http://www.w3.org", "")
    assert "https://" not in page.text
    countries = client.get("/static/countries.geojson")
    assert countries.status_code == 200
    assert countries.json()["type"] == "FeatureCollection"


def test_the_compact_answer_is_a_summary_per_option(client: TestClient) -> None:
    """By default no chains, emissions or GeoJSON: 21 options fit in well under 30 KB."""
    body = {
        "origin": "Chongqing",
        "destination": "Budapest",
        "criteria": ["time", "cost", "co2e", "distance"],
    }
    compact = client.post("/v1/routes", json=body)
    full = client.post("/v1/routes", json=body, params=FULL).json()
    options = compact.json()["options"]
    assert len(options) >= 10
    assert len(compact.content) / len(options) * 21 < 30_000
    assert "geojson" not in compact.json()
    assert compact.json()["truncated"] == full["truncated"]  # the same options, with or without details
    for short, long in zip(options, full["options"], strict=True):
        assert "chain" not in short
        assert "emissions" not in short
        assert short == {k: v for k, v in long.items() if k not in ("chain", "emissions")}
