"""POST /v1/routes with a departure date: that month's times; without one, the annual mix, said so."""

from __future__ import annotations

from fastapi.testclient import TestClient

BODY = {"origin": "Kuryk", "destination": "Tbilisi", "criteria": ["time"]}


def test_depart_gives_that_months_times_and_the_answer_says_which(client: TestClient) -> None:
    annual = client.post("/v1/routes", json=BODY).json()
    december = client.post("/v1/routes", json={**BODY, "depart": "2025-12-10"}).json()
    assert annual["query"]["depart"] is None
    assert annual["query"]["times"].startswith("annual mix")
    assert december["query"]["depart"] == "2025-12-10"
    assert december["options"][0]["duration_days_p90"] > annual["options"][0]["duration_days_p90"]


def test_a_bad_date_is_a_422_naming_the_field(client: TestClient) -> None:
    response = client.post("/v1/routes", json={**BODY, "depart": "10/12/2025"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "depart"]
