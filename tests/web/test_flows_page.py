"""The Flows view in a real headless Chromium: a flows job, an appraisal job, their tables, axe clean."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import sessionmaker

from corridor.api import Settings, create_app
from corridor.shipments.db import engine_from_url, upgrade
from corridor.shipments.store import create_api_key, create_organisation

from .support import OUTPUT, ROOT, axe_violations, open_page, serving

# A real headless Chromium: the browser tier.
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web-flows') / 'corridor.db'}"
    upgrade(url)
    engine = engine_from_url(url)
    with sessionmaker(engine)() as session, session.begin():
        create_organisation(session, "analyst")
        key = create_api_key(session, "analyst", "shipper")
    engine.dispose()
    scenarios = tmp_path_factory.mktemp("scenarios")
    for path in (ROOT / "scenarios").glob("*.yaml"):
        shutil.copy(path, scenarios / path.name)
    appraisal = yaml.safe_load(
        (ROOT / "scenarios" / "investment-candidates.yaml").read_text(encoding="utf-8")
    )
    appraisal.update(name="one-candidates", candidates=appraisal["candidates"][:1], packages=[])
    appraisal.pop("uncertainty", None)
    (scenarios / "one-candidates.yaml").write_text(yaml.safe_dump(appraisal), encoding="utf-8")
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
