"""Booking a planned option, posting events, managing API keys, currencies and exports, in Chromium."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import httpx
import openpyxl
import pdfplumber
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import sessionmaker

from corridor.api import Settings, create_app
from corridor.shipments.accounts import link_carrier
from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.store import create_api_key, create_organisation

from .support import ROOT, axe_violations, open_page, serving

# A real headless Chromium: the browser tier.
pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Server:
    """The live server and a key of each role; the operator's organisation carries for the shipper's."""

    url: str
    shipper_key: str
    operator_key: str
    admin_key: str
    carrier: str


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('web-ops') / 'corridor.db'}"
    upgrade(db_url)
    engine = engine_from_url(db_url)
    owner, carrier, admins = (f"org-{uuid.uuid4().hex[:10]}" for _ in range(3))
    with sessionmaker(engine)() as session, session.begin():
        for name in (owner, carrier, admins):
            create_organisation(session, name)
        shipper_key = create_api_key(session, owner, "shipper")
        operator_key = create_api_key(session, carrier, "operator")
        admin_key = create_api_key(session, admins, "admin")
        link_carrier(session, owner, carrier)
    engine.dispose()
    with mock.patch.dict(os.environ, {"CORRIDOR_DATABASE_URL": db_url}):
        settings = dataclasses.replace(
            Settings.from_env(), scenarios=ROOT / "scenarios", workers=1, max_jobs=1
        )
    with serving(create_app(settings)) as url:
        yield Server(url, shipper_key, operator_key, admin_key, carrier)


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    with open_page(browser, server.url) as page:
        expect(page.locator("#map .leaflet-interactive").first).to_be_visible(timeout=15_000)
        yield page


def _plan(page: Page, currency: str = "USD") -> None:
    page.fill("#origin", "Xi'an")
    page.fill("#destination", "Duisburg")
    page.fill("#cargo", "2x40HC")
    page.select_option("#currency", currency)
    page.click("#plan-button")
    expect(page.locator("#breakdown")).to_be_visible(timeout=30_000)


def _use_key(page: Page, key: str) -> None:
    page.click("#tab-shipments")
    page.fill("#api-key", key)
    page.locator("#api-key").dispatch_event("change")


def _cost_cells(page: Page) -> dict[int, float]:
    rows = page.locator("#options .option-row")
    ranks = [int(r) for r in rows.evaluate_all("rs => rs.map(r => r.dataset.rank)")]
    costs = rows.evaluate_all("rs => rs.map(r => r.children[4].textContent)")
    return {rank: float(text.replace(",", "")) for rank, text in zip(ranks, costs, strict=True)}


def test_costs_in_a_currency_with_its_rate_and_the_exports(
    page: Page, server: Server, tmp_path: Path
) -> None:
    _plan(page, "EUR")
    expect(page.locator("#cost-header")).to_have_text("Cost EUR")
    expect(page.locator("#provenance")).to_contain_text(
        "EUR at 0.952835 per USD (European Central Bank, 2024-11-25)"
    )
    assert "currency=EUR" in page.url
    usd = httpx.post(
        f"{server.url}/v1/routes",
        json={"origin": "Xi'an", "destination": "Duisburg", "cargo": "2x40HC"},
        timeout=60,
    ).json()
    shown = _cost_cells(page)
    for option in usd["options"]:
        assert shown[option["rank"]] == pytest.approx(option["cost_usd"] / 1.0495, abs=0.5)
    assert axe_violations(page) == []

    with page.expect_download() as info:
        page.click("#download-xlsx")
    workbook = tmp_path / "plan.xlsx"
    info.value.save_as(workbook)
    assert info.value.suggested_filename == "corridor-Xi_an-Duisburg.xlsx"
    rows = list(openpyxl.load_workbook(workbook)["options"].iter_rows(values_only=True))
    header = list(rows[0])
    in_file = {r[header.index("rank")]: r[header.index("cost_in_currency")] for r in rows[1:]}
    assert in_file == pytest.approx(shown, abs=0.5)

    second = page.locator('#options .option-row[data-rank="2"]')
    if second.is_hidden():
        page.locator("#options .group-toggle").first.click()
    page.locator('#options .option-row[data-rank="2"]').click()
    with page.expect_download() as info:
        page.click("#download-pdf")
    pdf = tmp_path / "plan.pdf"
    info.value.save_as(pdf)
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as document:
        text = "\n".join(p.extract_text() or "" for p in document.pages)
    assert "Route plan: Xi'an -> Duisburg" in text
    assert "Option 2: legs and hubs" in text
    assert "Cost EUR" in text
    assert "2024-11-25" in text


def test_a_permalink_restores_the_currency(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/?origin=Xi%27an&destination=Duisburg&currency=KZT#plan")
    expect(page.locator("#cost-header")).to_have_text("Cost KZT", timeout=30_000)
    assert page.input_value("#currency") == "KZT"
    expect(page.locator("#provenance")).to_contain_text(
        "KZT at 444.32 per USD (National Bank of Kazakhstan, 2024-04-24)"
    )


def test_a_shipper_books_a_planned_option_and_an_operator_posts_its_events(
    page: Page, server: Server
) -> None:
    _use_key(page, server.shipper_key)
    page.click("#tab-plan")
    _plan(page)
    rank = int(page.locator("#options .option-row.selected").get_attribute("data-rank") or "0")
    page.click("#booking summary")
    page.fill("#book-shipper", "Xi'an Electronics Co.")
    page.fill("#book-consignee", "Duisburg Logistics GmbH")
    page.fill("#book-containers", "CSQU3054383 40HC\nMSKU907032")  # the second is malformed
    page.fill("#book-carrier", server.carrier)
    page.click("#book-button")
    expect(page.locator("#book-containers-error")).to_contain_text("MSKU907032")
    page.fill("#book-containers", "CSQU3054383 40HC\nMSKU9070324")  # wrong check digit: the server says so
    page.click("#book-button")
    expect(page.locator("#book-error")).to_contain_text("MSKU9070324", timeout=15_000)
    assert axe_violations(page) == []
    page.fill("#book-containers", "CSQU3054383 40HC\nMSKU9070323")
    page.click("#book-button")
    expect(page.locator("#book-status")).to_contain_text("Booked: shipment", timeout=15_000)
    shipment_id = re.search(r"shipment (\S+)\.", page.inner_text("#book-status"))
    assert shipment_id is not None
    sid = shipment_id.group(1)

    # the booked chain is the planned option's
    answer = httpx.post(
        f"{server.url}/v1/routes",
        json={
            "origin": "Xi'an",
            "destination": "Duisburg",
            "cargo": "2x40HC",
            "value_of_time_usd_per_container_day": 480,
        },
        params={"include": "chain"},
        timeout=60,
    ).json()
    planned = next(o for o in answer["options"] if o["rank"] == rank)
    stored = httpx.get(f"{server.url}/v1/shipments/{sid}", headers={"X-API-Key": server.shipper_key}).json()
    assert stored["chain"]["elements"] == planned["chain"]["elements"]
    assert stored["carrier"] == server.carrier
    assert [c["number"] for c in stored["containers"]] == ["CSQU3054383", "MSKU9070323"]

    page.click("#open-booked")
    expect(page.locator("#shipment-title")).to_have_text(f"Shipment {sid}", timeout=15_000)
    expect(page.locator("#timeline-empty")).to_be_visible()

    # a shipper may not post events: the page says so
    page.click("#post-event-box summary")
    page.click("#post-event")
    expect(page.locator("#event-error")).to_contain_text("HTTP 403", timeout=15_000)

    # the carrier's operator posts an actual departure at the first element's origin
    page.fill("#api-key", server.operator_key)
    page.click("#load-shipments")
    page.locator(f'#shipments .shipment-row[data-id="{sid}"]').click()
    expect(page.locator("#shipment-title")).to_have_text(f"Shipment {sid}", timeout=15_000)
    # the title is the shipper's view's until the operator's arrives; the new view's form starts closed
    expect(page.locator("#post-event-box")).not_to_have_attribute("open", "", timeout=15_000)
    page.click("#post-event-box summary")
    page.select_option("#event-type", "departure")
    page.select_option("#event-classifier", "ACT")
    page.select_option("#event-element", "0")
    first_leg = planned["chain"]["elements"][0]
    page.select_option("#event-place", first_leg["from_node"])
    page.fill("#event-time", "2026-03-02T08:00")
    assert axe_violations(page) == []
    page.click("#post-event")
    expect(page.locator("#timeline tr")).to_have_count(1, timeout=15_000)
    expect(page.locator("#timeline tr").first).to_contain_text("departure")
    expect(page.locator("#timeline tr").first).to_contain_text("2026-03-02 08:00")
    expect(page.locator("#shipments-status")).to_contain_text("Posted departure ACT")
    events = httpx.get(
        f"{server.url}/v1/shipments/{sid}/timeline", headers={"X-API-Key": server.shipper_key}
    ).json()["events"]
    assert [(e["event_type"], e["classifier"], e["node_id"], e["element_index"]) for e in events] == [
        ("departure", "ACT", first_leg["from_node"], 0)
    ]
    assert events[0]["event_time"].startswith("2026-03-02T08:00:00")


def test_a_door_to_door_option_is_booked_from_the_page_with_its_places(page: Page, server: Server) -> None:
    _use_key(page, server.shipper_key)
    page.click("#tab-plan")
    page.fill("#origin", "Suzhou, CN")
    page.fill("#destination", "Lyon, FR")
    page.fill("#cargo", "1x40HC")
    page.click("#plan-button")
    expect(page.locator("#breakdown")).to_be_visible(timeout=60_000)
    page.click("#booking summary")
    page.fill("#book-shipper", "Suzhou Precision Parts Co.")
    page.fill("#book-consignee", "Lyon Distribution SAS")
    page.fill("#book-containers", "CSQU3054383 40HC")
    page.click("#book-button")
    expect(page.locator("#book-status")).to_contain_text("Booked: shipment", timeout=15_000)
    found = re.search(r"shipment (\S+)\.", page.inner_text("#book-status"))
    assert found is not None
    headers = {"X-API-Key": server.shipper_key}
    stored = httpx.get(f"{server.url}/v1/shipments/{found.group(1)}", headers=headers).json()
    assert (stored["origin"], stored["destination"]) == ("Suzhou, CN", "Lyon, FR")
    assert stored["chain"]["origin"] == "DOOR-ORIGIN"
    note = httpx.get(f"{server.url}/v1/shipments/{found.group(1)}/documents/ecmr", headers=headers).json()
    assert note["place_of_taking_over"]["name"] == "Suzhou"
    # the shipment's page names the doors by their places
    page.click("#open-booked")
    expect(page.locator("#shipment-parties")).to_contain_text("Suzhou, CN → Lyon, FR", timeout=15_000)
    page.click("#post-event-box summary")
    expect(page.locator("#event-element option").first).to_contain_text("road Suzhou, CN →")
    expect(page.locator("#event-place option").first).to_have_text("Suzhou, CN (DOOR-ORIGIN)")


def test_an_admin_lists_issues_and_revokes_keys(page: Page, server: Server) -> None:
    _use_key(page, server.shipper_key)
    page.click("#load-keys")
    expect(page.locator("#keys-error")).to_contain_text(
        "Only an admin's key manages keys (HTTP 403)", timeout=15_000
    )

    page.fill("#api-key", server.admin_key)
    page.click("#load-keys")
    expect(page.locator("#keys .key-row")).to_have_count(3, timeout=15_000)
    expect(page.locator("#keys")).not_to_contain_text(server.admin_key)  # only the first characters
    organisation = f"new-org-{uuid.uuid4().hex[:8]}"
    page.fill("#key-organisation", organisation)
    page.select_option("#key-role", "operator")
    page.click("#create-key")
    expect(page.locator("#keys-error")).to_contain_text("no organisation named", timeout=15_000)
    page.check("#key-new-org")
    page.click("#create-key")
    expect(page.locator("#new-key-value")).to_be_visible(timeout=15_000)
    new_key = page.inner_text("#new-key-value")
    expect(page.locator("#keys .key-row")).to_have_count(4)
    assert httpx.get(f"{server.url}/v1/shipments", headers={"X-API-Key": new_key}).status_code == 200
    assert axe_violations(page) == []

    row = page.locator("#keys .key-row", has_text=organisation)
    page.once("dialog", lambda dialog: dialog.accept())
    row.locator("button.revoke").click()
    expect(page.locator("#keys .key-row")).to_have_count(3, timeout=15_000)
    expect(page.locator("#keys-status")).to_contain_text("revoked")
    assert httpx.get(f"{server.url}/v1/shipments", headers={"X-API-Key": new_key}).status_code == 401


def test_required_modes_and_places_to_avoid_plan_and_restore(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/?origin=Xi%27an&destination=Duisburg&require_modes=ferry&avoid_nodes=Aktau#plan")
    expect(page.locator("#options .option-row").first).to_be_attached(timeout=30_000)
    assert page.is_checked('input[name="require_modes"][value="ferry"]')
    assert page.input_value("#avoid-nodes") == "Aktau"
    expect(page.locator("#more-options")).to_have_attribute("open", "")
    answer = httpx.post(
        f"{server.url}/v1/routes",
        json={
            "origin": "Xi'an",
            "destination": "Duisburg",
            "require_modes": ["ferry"],
            "avoid_nodes": ["Aktau"],
        },
        params={"include": "chain"},
        timeout=60,
    ).json()
    assert page.locator("#options .option-row").count() == len(answer["options"]) > 0
    for option in answer["options"]:
        assert "ferry" in {e.get("mode") for e in option["chain"]["elements"]}
        assert "Aktau" not in option["path"]
    assert "require_modes=ferry" in page.url
    assert "avoid_nodes=Aktau" in page.url
    # an unknown place is named next to its field
    page.fill("#avoid-nodes", "Atlantis")
    page.click("#plan-button")
    expect(page.locator("#avoid-nodes-error")).to_contain_text("Atlantis", timeout=15_000)
    assert axe_violations(page) == []
