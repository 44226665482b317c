"""The Flows view in a real headless Chromium: a flows job, an appraisal job, their tables, axe clean."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from corridor.api import Settings, create_app

from .support import OUTPUT, axe_violations, open_page, serving

# the type of tests/conftest.py's keyed_database fixture
KeyedDatabase = Callable[[Mapping[str, tuple[str, str]]], tuple[str, dict[str, dict[str, str]]]]

# A real headless Chromium: the browser tier.
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, keyed_database: KeyedDatabase, quick_appraisal_scenarios: Path
) -> Iterator[tuple[str, str]]:
    url, keys = keyed_database({"analyst": ("analyst", "shipper")})
    key = keys["analyst"]["X-API-Key"]
    scenarios = quick_appraisal_scenarios
    settings = Settings(
        scenarios=scenarios,
        workers=1,
        database_url=url,
        runs=tmp_path_factory.mktemp("runs"),
        flow_runs=tmp_path_factory.mktemp("flow-runs"),
    )
    with serving(create_app(settings)) as base:
        yield base, key


@pytest.fixture
def page(browser: Browser, server: tuple[str, str]) -> Iterator[Page]:
    with open_page(browser, server[0]) as page:
        yield page


def test_flows_by_corridor_bottlenecks_and_the_appraisal_ranking(page: Page, server: tuple[str, str]) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.click("#tab-flows")
    expect(page.locator("#flows-scenario option").first).to_be_attached(timeout=10_000)
    assert axe_violations(page) == []
    page.click("#flows-button")  # no key yet
    expect(page.locator("#flows-error")).to_contain_text("enter yours in the Shipments view", timeout=15_000)
    page.click("#tab-shipments")
    page.fill("#api-key", server[1])
    page.dispatch_event("#api-key", "change")
    page.click("#tab-flows")
    page.fill("#twin-rounds", "12")
    page.click("#flows-button")
    expect(page.locator("#twin-rounds-error")).to_contain_text("0 to 8")
    page.select_option("#flows-scenario", "baseline-2024")
    page.fill("#twin-rounds", "1")
    page.click("#flows-button")
    results = page.locator("#flows-results")
    expect(results).to_contain_text("TEU per year by corridor", timeout=240_000)
    corridors = results.locator("table").first.locator("tbody tr")
    assert {corridors.nth(i).locator("td").first.inner_text() for i in range(corridors.count())} >= {
        "sea",
        "northern",
        "middle",
    }
    expect(results.locator("meter").first).to_be_attached()
    # the flows on the map, line width growing with TEU: the busiest (sea) link drawn widest
    lines = page.locator("#map path.flow-line")
    expect(lines.first).to_be_attached(timeout=30_000)
    widths = [float(w) for w in lines.evaluate_all("ls => ls.map(l => l.getAttribute('stroke-width'))")]
    assert max(widths) > 3 * min(widths)
    expect(results).to_contain_text("twin ran 1 round")
    page.screenshot(path=str(OUTPUT / "flows.png"))
    assert axe_violations(page) == []
    page.fill("#appraisal-file", "one-candidates")
    page.click("#appraise-button")
    expect(results).to_contain_text("Appraisal ranking", timeout=600_000)
    ranks = results.locator("tbody tr")
    assert ranks.count() == 1
    assert ranks.first.locator("td").first.inner_text() == "1"
    with page.expect_download() as download:
        results.locator("button", has_text="Download the report").click()
    assert download.value.suggested_filename.startswith("appraisals-")
    assert axe_violations(page) == []
