"""The page on a 360x740 phone screen: one column, no horizontal scroll, every field and the map usable."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from corridor.api import Settings, create_app
from corridor.shipments.db import upgrade

from .support import OUTPUT, ROOT, axe_violations, open_page, serving

# A real headless Chromium: the browser tier.
pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
FIELDS = "#view-{view} input:not([type=checkbox]), #view-{view} select, #view-{view} button.primary"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web-phone') / 'corridor.db'}"
    upgrade(url)
    with serving(create_app(Settings(scenarios=ROOT / "scenarios", workers=1, database_url=url))) as base:
        yield base


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    with open_page(browser, server, viewport=PHONE) as page:
        expect(page.locator("#map .leaflet-interactive").first).to_be_visible(timeout=15_000)
        yield page


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


def fields_fully_visible(page: Page, view: str) -> None:
    """Every field of the view lies inside the screen's width and is at least 40 px wide."""
    boxes = page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel))
            .filter((e) => e.offsetParent !== null)
            .map((e) => {
                const r = e.getBoundingClientRect();
                return [e.id || e.name, r.left, r.right, r.width];
            })""",
        FIELDS.format(view=view),
    )
    assert boxes
    for name, left, right, width in boxes:
        assert left >= 0, (name, left)
        assert right <= PHONE["width"], (name, right)
        assert width >= 40, (name, width)


def test_plan_on_a_phone(page: Page) -> None:
    OUTPUT.mkdir(exist_ok=True)
    no_horizontal_scroll(page)
    fields_fully_visible(page, "plan")
    page.click("#more-options summary")  # the routing options unfolded fit too
    expect(page.locator("#value-of-time")).to_be_visible()
    fields_fully_visible(page, "plan")
    no_horizontal_scroll(page)
    # the map spans the screen and takes a good share of its height
    box = page.locator("#map").bounding_box()
    assert box is not None
    assert box["width"] >= PHONE["width"] - 2
    assert box["height"] >= 0.5 * PHONE["height"]
    # the legend starts folded, clear of the Caspian and the Black Sea
    assert page.evaluate("document.querySelector('.map-legend').open") is False
    page.fill("#origin", "Xi'an")
    page.fill("#destination", "Duisburg")
    page.click("#plan-button")
    expect(page.locator("#options .option-row").first).to_be_visible(timeout=30_000)
    expect(page.locator("#map path.route-leg").first).to_be_attached(timeout=10_000)
    no_horizontal_scroll(page)
    # skip links stay out of sight until focused
    for link in page.locator(".skip-link").all():
        box = link.bounding_box()
        assert box is not None
        assert box["width"] <= 1
        assert box["height"] <= 1
    # the map still draws the route inside the screen
    page.locator("#map").scroll_into_view_if_needed()
    leg = page.locator("#map path.route-leg").first.bounding_box()
    assert leg is not None
    assert leg["x"] >= 0
    assert leg["x"] + leg["width"] <= PHONE["width"]
    page.screenshot(path=str(OUTPUT / "planner-phone.png"), full_page=True)
    assert axe_violations(page) == []
    # the booking form of the selected option fits too
    page.click("#booking summary")
    expect(page.locator("#book-containers")).to_be_visible()
    fields_fully_visible(page, "plan")
    no_horizontal_scroll(page)


def test_simulate_and_shipments_on_a_phone(page: Page) -> None:
    page.click("#tab-simulate")
    expect(page.locator("#scenario option").first).to_be_attached(timeout=10_000)
    no_horizontal_scroll(page)
    fields_fully_visible(page, "simulate")
    page.click("#tab-shipments")
    no_horizontal_scroll(page)
    fields_fully_visible(page, "shipments")
