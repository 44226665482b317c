"""The web page in a real headless Chromium (Debian's package), against the real server on loopback."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from corridor.api import Settings, create_app

ROOT = Path(__file__).parents[2]
OUTPUT = ROOT / "test-output"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    app = create_app(Settings(scenarios=ROOT / "scenarios", max_replications=4, workers=1))
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: scripts/ensure_test_tools.sh installs Debian's package")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    # Chromium logs every 4xx response of fetch() as a console error; tests expecting them check the page
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.goto(server + "/")
    yield page
    context.close()
    assert not errors, errors


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
