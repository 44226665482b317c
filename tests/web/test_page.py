"""The web page in a real headless Chromium (Debian's package), against the real server on loopback."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import sessionmaker

from corridor.api import Settings, create_app
from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.store import create_api_key, create_organisation

from .support import OUTPUT, ROOT, axe_violations, open_page, serving

# A real headless Chromium: the browser tier.
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A migrated SQLite file with one organisation's shipper key (simulation jobs need a key)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web-sim') / 'corridor.db'}"
    upgrade(url)
    engine = engine_from_url(url)
    with sessionmaker(engine)() as session, session.begin():
        create_organisation(session, "planner")
        key = create_api_key(session, "planner", "shipper")
    engine.dispose()
    return url, key


@pytest.fixture(scope="module")
def server(database: tuple[str, str]) -> Iterator[str]:
    settings = Settings(scenarios=ROOT / "scenarios", max_replications=4, workers=1, database_url=database[0])
    with serving(create_app(settings)) as url:
        yield url


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    with open_page(browser, server) as page:
        yield page


def test_plan_xian_duisburg_avoiding_russia_and_belarus(page: Page) -> None:
    OUTPUT.mkdir(exist_ok=True)
    expect(page.locator("#map .leaflet-interactive").first).to_be_visible(timeout=15_000)
    page.fill("#origin", "Xi'an")
    page.fill("#destination", "Duisburg")
    page.fill("#avoid-countries", "RU,BY")
    page.click("#plan-button")
    rows = page.locator("#options .option-row")
    expect(rows.first).to_be_visible(timeout=30_000)
    assert rows.count() >= 2
    expect(page.locator("#chart .option-dot").first).to_be_visible()
    rows.first.click()
    expect(page.locator("#map path.route-leg").first).to_be_attached(timeout=10_000)
    expect(page.locator("#breakdown")).to_contain_text("Altynkol")
    page.screenshot(path=str(OUTPUT / "planner.png"))


def test_unknown_place_shows_the_suggestion(page: Page) -> None:
    page.fill("#origin", "Xi'an")
    page.fill("#destination", "Duisberg")
    page.click("#plan-button")
    expect(page.locator("#error")).to_contain_text("did you mean Duisburg", timeout=15_000)


def test_door_to_door_with_place_suggestions(page: Page) -> None:
    """Issue 11: typing a town suggests it (GET /v1/places); the plan shows the trucks at both ends."""
    expect(page.locator("#map .leaflet-interactive").first).to_be_visible(timeout=15_000)
    page.fill("#origin", "")
    page.type("#origin", "Lyo")
    expect(page.locator('#origin-list option[value="Lyon, FR"]')).to_be_attached(timeout=15_000)
    page.fill("#origin", "Suzhou, CN")
    page.fill("#destination", "Lyon, FR")
    page.fill("#avoid-countries", "RU,BY")
    page.click("#plan-button")
    rows = page.locator("#options .option-row")
    expect(rows.first).to_be_visible(timeout=60_000)
    rows.first.click()
    expect(page.locator("#map path.route-leg").first).to_be_attached(timeout=10_000)
    expect(page.locator("#breakdown")).to_contain_text("Suzhou, CN")
    expect(page.locator("#breakdown")).to_contain_text("Lyon, FR")


def test_start_a_small_simulation_and_see_its_result(page: Page, database: tuple[str, str]) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.click("text=Simulate")
    page.select_option("#scenario", "baseline-2024")
    page.click("#simulate-button")
    expect(page.locator("#sim-error")).to_contain_text("enter yours in the Shipments view", timeout=15_000)
    page.click("#tab-shipments")  # the key typed there is the one simulations send
    page.fill("#api-key", database[1])
    page.dispatch_event("#api-key", "change")
    page.click("#tab-simulate")
    page.select_option("#scenario", "baseline-2024")
    page.fill("#replications", "2")
    page.click("#simulate-button")
    expect(page.locator("#sim-results")).to_contain_text("Xi'an", timeout=90_000)
    page.screenshot(path=str(OUTPUT / "simulation.png"))
    assert axe_violations(page) == []  # axe-core: the runs and the results
    # the run's files, kept on the server's disk, download with the key
    with page.expect_download() as info:
        page.click("text=Tables (XLSX)")
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert book.sheetnames[:2] == ["transit_times", "transit_by_departure_month"]
    flows = [row[0] for row in book["transit_times"].iter_rows(min_row=2, values_only=True)]
    assert any(str(flow).startswith("Xi'an - Duisburg") for flow in flows), flows
    with page.expect_download() as info:
        page.click("text=Report (HTML)")
    assert "baseline-2024" in Path(info.value.path()).read_text(encoding="utf-8")
