"""The API's documentation pages render in Chromium with nothing fetched from outside the server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from corridor.api import create_app

from .support import open_page, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(create_app()) as url:
        yield url


def test_swagger_ui_renders_offline(browser: Browser, server: str) -> None:
    with open_page(browser, server, path="docs") as page:
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Corridor API", timeout=20_000)
        expect(page.locator(".opblock-summary-path", has_text="/v1/routes").first).to_be_visible()


def test_redoc_renders_offline(browser: Browser, server: str) -> None:
    with open_page(browser, server, path="redoc") as page:
        expect(page.locator("h1").first).to_contain_text("Corridor API", timeout=20_000)
        expect(page.get_by_text("/v1/routes").first).to_be_attached()
