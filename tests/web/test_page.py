"""The web page in a real headless Chromium (Debian's package), against the real server on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from corridor.api import Settings, create_app

from .support import OUTPUT, ROOT, open_page, serving

# A real headless Chromium: the browser tier.
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    app = create_app(Settings(scenarios=ROOT / "scenarios", max_replications=4, workers=1))
    with serving(app) as url:
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
    expect(rows.nth(1)).to_be_visible(timeout=30_000)
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


def test_start_a_small_simulation_and_see_its_result(page: Page) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.click("text=Simulate")
    page.select_option("#scenario", "baseline-2024")
    page.fill("#replications", "2")
    page.click("#simulate-button")
    expect(page.locator("#sim-results")).to_contain_text("Xi'an", timeout=90_000)
    page.screenshot(path=str(OUTPUT / "simulation.png"))
