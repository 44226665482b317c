"""The web map draws sea legs along their lanes and shows the actual departures a dated plan takes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from corridor.api import Settings, create_app
from corridor.shipments.db import upgrade

from .support import ROOT, open_page, serving

# A real headless Chromium: the browser tier.
pytestmark = pytest.mark.browser

SAMPLE = ROOT / "docs" / "examples" / "caspian-p2p.json"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web-lanes') / 'corridor.db'}"
    upgrade(url)
    settings = Settings(scenarios=ROOT / "scenarios", workers=1, schedules=(SAMPLE,), database_url=url)
    with serving(create_app(settings)) as url:
        yield url


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    with open_page(browser, server) as page:
        yield page


def _plan(page: Page, origin: str, destination: str, depart: str = "") -> None:
    expect(page.locator("#map .leaflet-interactive").first).to_be_visible(timeout=15_000)
    page.fill("#origin", origin)
    page.fill("#destination", destination)
    if depart:
        page.fill("#depart", depart)
    page.click("#plan-button")
    expect(page.locator("#options .option-row").first).to_be_visible(timeout=30_000)


def test_shanghai_rotterdam_by_sea_is_drawn_along_the_lane(page: Page) -> None:
    _plan(page, "Shanghai", "Rotterdam")
    page.locator("#options .option-row", has_text="Rotterdam").filter(has_not_text="Altynkol").first.click()
    sea = page.locator("#map path.route-leg-sea").first
    expect(sea).to_be_attached(timeout=10_000)
    # Shanghai (31 N) to Rotterdam (52 N) straight spans 21 degrees of latitude over 117 of longitude
    # (Mercator height/width about 0.25); the lane dips to Singapore (1 N) or round the Cape (35 S)
    box = sea.bounding_box()
    assert box is not None
    assert box["height"] / box["width"] > 0.4


def test_the_breakdown_shows_the_sailing_the_plan_waits_for(page: Page) -> None:
    _plan(page, "Aktau", "Alat", depart="2026-12-03")
    page.locator("#options .option-row").first.click()
    expect(page.locator("#breakdown .departure")).to_contain_text(
        "departs 2026-12-05 01:00 UTC (2649W, Turkestan)"
    )
