"""Helpers of the browser tests: the real server on a loopback port, a page failing on JavaScript errors."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, Route, ViewportSize

ROOT = Path(__file__).parents[2]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free loopback port; yields its base URL."""
    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)


@contextmanager
def open_page(
    browser: Browser, url: str, path: str = "", viewport: ViewportSize | None = None
) -> Iterator[Page]:
    """A page (1280x800 unless ``viewport``) at ``url``; fails the test on JavaScript errors
    and on any request that would leave the loopback server (the page works offline)."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    remote: list[str] = []

    def guard(route: Route) -> None:
        target = route.request.url
        if target.startswith((url, "data:", "blob:")):
            route.continue_()
        else:
            remote.append(target)
            route.abort()

    context.route("**/*", guard)
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
    page.goto(url + "/" + path)
    yield page
    context.close()
    assert not errors, errors
    assert not remote, f"requests outside the server: {remote}"


def axe_violations(page: Page) -> list[str]:
    """Run axe-core (vendored from npm, every rule but the experimental ones) on the page as shown:
    one line per violation, its rule, impact and the first offending elements."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => JSON.stringify((await axe.run(document)).violations)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -- "
        + "; ".join(
            " ".join(n["target"]) + " " + n.get("failureSummary", "").replace("\n", " ")[:160]
            for n in v["nodes"][:4]
        )
        for v in json.loads(result)
    ]
