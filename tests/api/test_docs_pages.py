"""/docs and /redoc work offline: every script, style and icon they name is served by Corridor itself."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from corridor.api import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize(
    ("path", "asset"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")]
)
def test_the_documentation_pages_load_nothing_from_elsewhere(
    client: TestClient, path: str, asset: str
) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert "/openapi.json" in page.text
    assert asset in page.text
    urls = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']', page.text)
    urls += re.findall(r'url:\s*["\']([^"\']+)["\']', page.text)
    assert urls
    for url in urls:
        assert not re.match(r"(?:https?:)?//", url), f"{path} loads {url}"
        if url.startswith("/static/"):
            assert client.get(url).status_code == 200, url
    assert "fonts.googleapis" not in page.text
