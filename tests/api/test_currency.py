"""Costs in a chosen currency: each option's cost converted at a named official rate of a stated day."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

XIAN_NO_RU = {
    "origin": "Xi'an",
    "destination": "Duisburg",
    "cargo": "2x40HC",
    "avoid_countries": ["RU", "BY"],
}


def _answer(client: TestClient, **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/routes", json={**XIAN_NO_RU, **extra})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def test_costs_in_a_currency_name_the_rate_date_and_source(client: TestClient) -> None:
    usd = _answer(client)
    eur = _answer(client, currency="EUR")
    assert usd.get("currency") is None
    assert all("cost_in_currency" not in o for o in usd["options"])
    rate = eur["currency"]
    assert rate["date"] == "2024-11-25"
    assert rate["publisher"] == "European Central Bank"
    assert rate["url"].startswith("https://www.ecb.europa.eu/")
    for a, b in zip(usd["options"], eur["options"], strict=True):
        assert b["cost_usd"] == a["cost_usd"]
        # ECB, 25 November 2024: 1 EUR = 1.0495 USD
        assert b["cost_in_currency"] == pytest.approx(a["cost_usd"] / 1.0495, abs=0.006)


def test_an_unknown_currency_is_a_422_naming_the_field(client: TestClient) -> None:
    response = client.post("/v1/routes", json={**XIAN_NO_RU, "currency": "RUB"})
    assert response.status_code == 422
    assert "currency" in response.text
