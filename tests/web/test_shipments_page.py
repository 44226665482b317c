"""The Shipments view in a real headless Chromium, against the real server on a migrated SQLite database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from unittest import mock

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import sessionmaker

from corridor.api import Settings, create_app
from corridor.shipments.accounts import link_carrier
from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.store import create_api_key, create_organisation

from .support import OUTPUT, ROOT, axe_violations, open_page, serving

# A real headless Chromium: the browser tier.
pytestmark = pytest.mark.browser

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Booked:
    """The live server, the shipper's key and the shipment it booked with two actual events."""

    url: str
    shipper_key: str
    shipment_id: str
    stranger_key: str  # a shipper of another organisation


def _event(chain: dict[str, Any], index: int, event_id: str, hours: float) -> dict[str, Any]:
    """An actual arrival completing chain element ``index``, ``hours`` after T0."""
    element = chain["elements"][index]
    node = element["node_id"] if element["type"] == "hub" else element["to_node"]
    return {
        "event_id": event_id,
        "event_type": "arrival",
        "classifier": "ACT",
        "event_time": (T0 + dt.timedelta(hours=hours)).isoformat(),
        "node_id": node,
        "element_index": index,
    }


@pytest.fixture(scope="module")
def booked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Booked]:
    """Its own server on a free loopback port over a fresh migrated SQLite file (CORRIDOR_DATABASE_URL)."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('web-db') / 'corridor.db'}"
    upgrade(db_url)
    engine = engine_from_url(db_url)
    owner, carrier, stranger = (f"org-{uuid.uuid4().hex[:10]}" for _ in range(3))
    with sessionmaker(engine)() as session, session.begin():
        create_organisation(session, owner)
        create_organisation(session, carrier)
        create_organisation(session, stranger)
        stranger_key = create_api_key(session, stranger, "shipper")
        shipper_key = create_api_key(session, owner, "shipper")
        operator_key = create_api_key(session, carrier, "operator")
        link_carrier(session, owner, carrier)
    engine.dispose()

    with mock.patch.dict(os.environ, {"CORRIDOR_DATABASE_URL": db_url}):
        settings = dataclasses.replace(
            Settings.from_env(), scenarios=ROOT / "scenarios", max_replications=4, workers=1, max_jobs=1
        )
    assert settings.database_url == db_url
    with serving(create_app(settings)) as url:
        with httpx.Client(base_url=url, timeout=60) as client:
            planned = client.post(
                "/v1/routes",
                json={"origin": "Xi'an", "destination": "Duisburg", "cargo": "2x40HC", "criteria": ["time"]},
                params={"include": "chain"},
            )
            assert planned.status_code == 200, planned.text
            result = planned.json()
            option = result["options"][0]
            booking = {
                "origin": result["query"]["origin"],
                "destination": result["query"]["destination"],
                "shipper": "Xi'an Electronics Co.",
                "consignee": "Duisburg Logistics GmbH",
                "containers": [
                    {"number": "CSQU3054383", "type": "40HC"},
                    {"number": "MSKU9070323", "type": "40HC"},
                ],
                "chain": option["chain"],
                "carrier": carrier,
            }
            created = client.post("/v1/shipments", json=booking, headers={"X-API-Key": shipper_key})
            assert created.status_code == 201, created.text
            shipment_id = created.json()["id"]
            for index, (event_id, hours) in enumerate([("arrive-1", 70.0), ("leave-hub-1", 80.0)]):
                posted = client.post(
                    f"/v1/shipments/{shipment_id}/events",
                    json=_event(option["chain"], index, event_id, hours),
                    headers={"X-API-Key": operator_key},
                )
                assert posted.status_code == 200, posted.text
                assert posted.json()["stored"] == 1
        yield Booked(url, shipper_key, shipment_id, stranger_key)


@pytest.fixture
def page(browser: Browser, booked: Booked) -> Iterator[Page]:
    with open_page(browser, booked.url) as page:
        yield page


def test_a_shipment_shows_its_timeline_eta_documents_and_route(page: Page, booked: Booked) -> None:
    OUTPUT.mkdir(exist_ok=True)
    expect(page.locator("#map .leaflet-interactive").first).to_be_visible(timeout=15_000)
    page.click("#tab-shipments")
    expect(page.locator("#view-shipments")).to_be_visible()
    assert page.evaluate("location.hash") == "#shipments"
    assert page.get_attribute("#api-key", "type") == "password"
    page.fill("#api-key", booked.shipper_key)
    page.click("#load-shipments")
    row = page.locator(f'#shipments .shipment-row[data-id="{booked.shipment_id}"]')
    expect(row).to_be_visible(timeout=15_000)
    expect(row).to_contain_text("Xi'an")
    expect(row).to_contain_text("Duisburg")
    expect(row).to_contain_text("2×40HC")
    expect(row).to_contain_text("arrival ACT")
    # the key is kept for the tab's session only
    assert page.evaluate("sessionStorage.getItem('corridor.apiKey')") == booked.shipper_key
    assert page.evaluate("localStorage.length") == 0

    row.click()
    expect(page.locator("#shipment-detail")).to_be_visible()
    events = page.locator("#timeline tr")
    expect(events).to_have_count(2, timeout=15_000)
    expect(events.first).to_contain_text("arrival")
    expect(events.first).to_contain_text("ACT")
    expect(page.locator("#eta")).to_contain_text("P50", timeout=15_000)
    expect(page.locator("#eta")).to_contain_text("P90")
    expect(page.locator("#eta .eta-p50 .value")).to_have_text(re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"))
    # the time left is counted from now, not from the last event: these events are long past
    arrival = httpx.get(
        f"{booked.url}/v1/shipments/{booked.shipment_id}/eta", headers={"X-API-Key": booked.shipper_key}
    ).json()["arrival_p50"]
    left = (
        dt.datetime.fromisoformat(arrival.replace("Z", "+00:00")) - dt.datetime.now(dt.UTC)
    ).total_seconds()
    pattern = r"^due (\d+\.\d) days ago$" if left < 0 else r"^in (\d+\.\d) days$"
    text = page.locator("#eta .eta-p50 .ci")
    expect(text).to_have_text(re.compile(pattern))
    shown = re.match(pattern, text.inner_text())
    assert shown is not None
    assert float(shown.group(1)) == pytest.approx(abs(left) / 86_400, abs=0.2)
    # the chain is drawn on the map with the planner's drawing
    expect(page.locator("#view-shipments #map path.route-leg").first).to_be_attached(timeout=10_000)
    expect(page.locator('#documents [data-doc="cim-smgs"]')).to_be_visible()
    expect(page.locator('#documents [data-doc="emissions"]')).to_be_visible()
    expect(page.locator("#shipments-error")).to_be_hidden()
    page.screenshot(path=str(OUTPUT / "shipments.png"))
    assert axe_violations(page) == []  # axe-core: the list, the detail and the map

    # a document is fetched with the key and opened as a Blob URL
    with page.expect_popup() as popup_info:
        page.click('#documents [data-doc="emissions"]')
    popup = popup_info.value
    popup.wait_for_url(re.compile(r"^blob:http://127\.0\.0\.1:"), timeout=15_000)
    expect(popup.locator("body")).to_contain_text(booked.shipment_id, timeout=15_000)
    popup.close()

    # back on the planner, the map moves back
    page.click("#tab-plan")
    expect(page.locator("#view-plan #map")).to_be_visible()


def test_a_wrong_key_shows_401(page: Page) -> None:
    page.goto(page.url.split("#")[0] + "#shipments")
    page.reload()
    expect(page.locator("#view-shipments")).to_be_visible()
    page.fill("#api-key", "not-a-key")
    page.click("#load-shipments")
    expect(page.locator("#shipments-error")).to_contain_text("401", timeout=15_000)
    expect(page.locator("#shipments .shipment-row")).to_have_count(0)


def test_a_shipment_another_organisation_cannot_see_shows_404(page: Page, booked: Booked) -> None:
    page.click("#tab-shipments")
    page.fill("#api-key", booked.shipper_key)
    page.click("#load-shipments")
    row = page.locator(f'#shipments .shipment-row[data-id="{booked.shipment_id}"]')
    expect(row).to_be_visible(timeout=15_000)
    page.fill("#api-key", booked.stranger_key)
    row.click()
    expect(page.locator("#shipments-error")).to_contain_text("404", timeout=15_000)
    expect(page.locator("#shipment-detail")).to_be_hidden()
