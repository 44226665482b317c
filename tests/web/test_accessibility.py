"""axe-core (vendored from npm) finds no violation in any view, and keyboard users can skip the map."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from corridor.api import Settings, create_app

from .support import ROOT, axe_violations, open_page, serving

# A real headless Chromium: the browser tier.
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from corridor.shipments.db import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('web-a11y') / 'corridor.db'}"
    upgrade(url)
    settings = Settings(scenarios=ROOT / "scenarios", max_replications=2, workers=1, database_url=url)
    with serving(create_app(settings)) as base:
        yield base


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    with open_page(browser, server) as page:
        expect(page.locator("#map .leaflet-interactive").first).to_be_visible(timeout=15_000)
        yield page


def test_the_plan_view_with_options_and_a_breakdown_has_no_violation(page: Page) -> None:
    assert axe_violations(page) == []
    page.fill("#origin", "Xi'an")
    page.fill("#destination", "Duisburg")
    page.click("#plan-button")
    expect(page.locator("#breakdown")).to_be_visible(timeout=30_000)
    assert axe_violations(page) == []


def test_the_simulate_and_shipments_views_have_no_violation(page: Page) -> None:
    page.click("#tab-simulate")
    expect(page.locator("#scenario option").first).to_be_attached(timeout=10_000)
    assert axe_violations(page) == []
    page.click("#tab-shipments")
    page.fill("#api-key", "not-a-key")
    page.click("#load-shipments")
    expect(page.locator("#shipments-error")).to_be_visible(timeout=10_000)
    assert axe_violations(page) == []


def test_keyboard_users_skip_to_the_form_and_past_the_map(page: Page) -> None:
    page.keyboard.press("Tab")
    first = page.locator("#skip-to-form")
    expect(first).to_be_focused()
    expect(first).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#origin")).to_be_focused()
    page.click("#plan-button")
    expect(page.locator("#options .option-row").first).to_be_visible(timeout=30_000)
    skip = page.locator("#skip-map")
    skip.focus()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    # Focus lands on the selected option, outside the map, and the URL still names the tab
    focused = page.evaluate(
        "document.activeElement.closest('#map') === null && document.activeElement.className"
    )
    assert "option-row" in focused
    assert not page.url.endswith("#main")
    # Without the skip link the map's controls and legend sit between the form and the options
    inside = page.evaluate(
        "document.querySelectorAll('#map a[href], #map button, #map summary, #map [tabindex]').length"
    )
    assert inside > 0


def test_the_checker_sees_what_it_is_meant_to(page: Page) -> None:
    """The harness is live: a planted low-contrast text and an input without a label are reported."""
    page.evaluate(
        """() => {
        const p = document.createElement('p');
        p.textContent = 'pale';
        p.style.cssText = 'color:#bbb;background:#fff';
        const i = document.createElement('input');
        document.querySelector('#plan-form').append(p, i);
    }"""
    )
    rules = {line.split(" ", 1)[0] for line in axe_violations(page)}
    assert {"color-contrast", "label"} <= rules
