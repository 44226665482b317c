"""Bulk legs without their own category take the bundled bulk links' GLEC categories (issue 13).

Found by the API fuzzing: a tanker or pipeline leg with no ``toc`` answered 500 (no default
category for the mode) instead of being computed or refused with a message.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


def _leg(mode: str, countries: list[str]) -> dict[str, Any]:
    return {"type": "leg", "mode": mode, "distance_km": 1000.0, "countries": countries}


def test_a_tanker_leg_without_a_category_uses_glec_liquids_tanker_intensity(client: TestClient) -> None:
    body = {"cargo": {"mass_t": 100.0}, "elements": [_leg("tanker", ["AZ"])]}
    answer = client.post("/v1/emissions", json=body)
    assert answer.status_code == 200, answer.text
    element = answer.json()["elements"][0]
    # GLEC v3.0 liquids tanker > 1,000 dwt: 33.3 g CO2e/tkm well-to-wheel over 100 t x 1,000 km
    assert element["wtw_kg"] == pytest.approx(100 * 1000 * 33.3 / 1000, rel=0.01)


@pytest.mark.parametrize("countries", [[], ["ZZ"]])
def test_a_pipeline_leg_is_computed_or_refused_never_a_server_error(
    client: TestClient, countries: list[str]
) -> None:
    body = {"cargo": {"mass_t": 100.0}, "elements": [_leg("pipeline", countries)]}
    answer = client.post("/v1/emissions", json=body)
    assert answer.status_code in (200, 422), answer.text
    if answer.status_code == 422:
        assert "pipeline" in answer.text or "countr" in answer.text
