"""A routing answer as an XLSX workbook or a PDF plan (POST /v1/routes/export)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pdfplumber
import pytest
from fastapi.testclient import TestClient

SAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "caspian-p2p.json"

XIAN_NO_RU = {
    "origin": "Xi'an",
    "destination": "Duisburg",
    "cargo": "2x40HC",
    "avoid_countries": ["RU", "BY"],
}


def _answer(client: TestClient, **extra: Any) -> dict[str, Any]:
    response = client.post(
        "/v1/routes", json={**XIAN_NO_RU, **extra}, params={"include": ["chain", "emissions"]}
    )
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def test_xlsx_holds_the_options_and_their_elements(client: TestClient) -> None:
    answer = _answer(client, currency="KZT")
    response = client.post(
        "/v1/routes/export", json={**XIAN_NO_RU, "currency": "KZT"}, params={"format": "xlsx"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="corridor-Xi_an-Duisburg.xlsx"' in response.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["options", "elements", "about"]
    rows = list(book["options"].iter_rows(values_only=True))
    header = list(rows[0])
    assert len(rows) - 1 == len(answer["options"])
    for values, option in zip(rows[1:], answer["options"], strict=True):
        cells = dict(zip(header, values, strict=True))
        assert cells["path"] == option["path"]
        assert cells["cost_usd"] == pytest.approx(option["cost_usd"])
        assert cells["cost_in_currency"] == pytest.approx(option["cost_in_currency"])
    elements = list(book["elements"].iter_rows(values_only=True))
    first: list[dict[Any, Any]] = [dict(zip(elements[0], r, strict=True)) for r in elements[1:] if r[0] == 1]
    assert sum(float(e["cost_usd"]) for e in first) == pytest.approx(answer["options"][0]["cost_usd"])
    assert sum(float(e["co2e_wtw_kg"]) for e in first) == pytest.approx(answer["options"][0]["co2e_kg"])
    about = " ".join(str(r[1]) for r in book["about"].iter_rows(values_only=True))
    assert "KZT costs (cost_in_currency) at 444.32 per USD: National Bank of Kazakhstan" in about
    assert "(2024-04-24)" in about


def test_pdf_plan_reads_back_with_the_options_and_the_breakdown(client: TestClient) -> None:
    answer = _answer(client)
    response = client.post("/v1/routes/export", json=XIAN_NO_RU, params={"format": "pdf", "option": 2})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Route plan: Xi'an -> Duisburg" in text
    assert "Costs in USD of 2024" in text
    second = answer["options"][1]
    assert f"{second['cost_usd']:,.0f}" in text
    assert "Option 2: legs and hubs" in text
    assert len(text.split("Option 2: legs and hubs")[1].strip().splitlines()) >= len(
        second["chain"]["elements"]
    )


def test_pdf_of_a_missing_option_is_a_422(client: TestClient) -> None:
    response = client.post("/v1/routes/export", json=XIAN_NO_RU, params={"format": "pdf", "option": 999})
    assert response.status_code == 422
    assert response.json()["detail"]["field"] == "option"


def test_export_without_its_extra_is_a_503_naming_it(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    response = client.post("/v1/routes/export", json=XIAN_NO_RU, params={"format": "xlsx"})
    assert response.status_code == 503
    assert "pip install 'corridor[xlsx]'" in response.text


def test_an_unknown_format_is_a_422(client: TestClient) -> None:
    assert client.post("/v1/routes/export", json=XIAN_NO_RU, params={"format": "docx"}).status_code == 422


def test_the_export_waits_for_the_sailing_of_the_requests_own_timetable(client: TestClient) -> None:
    """The export takes POST /v1/routes's body whole: a timetable in it moves the dated answer."""
    routings = json.loads(SAMPLE.read_text(encoding="utf-8"))
    body = {"origin": "Aktau", "destination": "Alat", "criteria": ["time"], "depart": "2026-12-07"}
    with_timetable = {**body, "schedules": routings}

    def exported_p50(question: dict[str, Any]) -> float:
        response = client.post("/v1/routes/export", json=question, params={"format": "xlsx"})
        assert response.status_code == 200, response.text
        rows = list(
            openpyxl.load_workbook(io.BytesIO(response.content))["options"].iter_rows(values_only=True)
        )
        return float(str(dict(zip(rows[0], rows[1], strict=True))["duration_days_p50"]))

    routed = client.post("/v1/routes", json=with_timetable).json()["options"][0]["duration_days_p50"]
    assert exported_p50(with_timetable) == pytest.approx(routed)
    assert exported_p50(with_timetable) != pytest.approx(exported_p50(body))
    missing_date = client.post(
        "/v1/routes/export", json={**with_timetable, "depart": None}, params={"format": "xlsx"}
    )
    assert missing_date.status_code == 422
    assert "give depart" in missing_date.json()["detail"]["message"]
