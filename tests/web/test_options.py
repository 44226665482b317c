"""Options grouped by corridor with a recommended pick, and permalinks carrying the whole form."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from corridor.api import Settings, create_app
from corridor.assignment.choice import classify_corridor
from corridor.shipments.db import upgrade

from .support import ROOT, open_page, serving

# A real headless Chromium: the browser tier.
pytestmark = pytest.mark.browser

FULL = "/v1/routes?include=chain"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('web-options') / 'corridor.db'}"
    upgrade(url)
    with serving(create_app(Settings(scenarios=ROOT / "scenarios", workers=1, database_url=url))) as base:
        yield base


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    with open_page(browser, server) as page:
        yield page


def corridor_of(option: dict[str, Any]) -> str:
    """The assignment model's corridor of an option, from its chain as the API answers it."""
    legs = [e for e in option["chain"]["elements"] if e["type"] == "leg"]
    nodes = [n for e in legs for n in (e.get("node_ids") or [e["from_node"], e["to_node"]])]
    return str(classify_corridor(option["countries"], [e["mode"] for e in legs], nodes))


def plan(page: Page) -> dict[str, Any]:
    """Submit the form; the request body the page sent."""
    with page.expect_request(lambda r: "/v1/routes" in r.url and r.method == "POST") as request:
        page.click("#plan-button")
    expect(page.locator("#options .option-row").first).to_be_visible(timeout=30_000)
    body = request.value.post_data_json
    assert isinstance(body, dict)
    return body


def test_options_are_grouped_by_corridor_with_a_recommended_pick(page: Page, server: str) -> None:
    page.fill("#origin", "Xi'an")
    page.fill("#destination", "Duisburg")
    body = plan(page)
    assert body["value_of_time_usd_per_container_day"] == 480
    answer = httpx.post(server + FULL, json=body, timeout=60).json()
    options = {o["rank"]: o for o in answer["options"]}
    expected = {rank: corridor_of(o) for rank, o in options.items()}
    assert len(set(expected.values())) >= 2  # Xi'an-Duisburg: Northern and Middle at least

    rows = page.locator("#options .option-row")
    assert rows.count() == len(options)
    shown = {int(r.get_attribute("data-rank") or 0): r.get_attribute("data-corridor") for r in rows.all()}
    assert shown == expected  # the page's corridors are the assignment model's
    groups = page.locator("#options tbody.corridor-group")
    order = [g.get_attribute("data-corridor") for g in groups.all()]
    assert order == [c for c in ("middle", "northern", "southern", "sea") if c in expected.values()]

    for corridor in order:
        group = page.locator(f'#options tbody[data-corridor="{corridor}"]')
        members = [o for o in options.values() if expected[o["rank"]] == corridor]
        visible = group.locator(".option-row:visible")
        # folded: the group's lowest generalised cost option alone
        expect(visible).to_have_count(1)
        lead = min(members, key=lambda o: (o["generalised_cost_usd"], o["rank"]))
        assert visible.first.get_attribute("data-rank") == str(lead["rank"])
        if len(members) > 1:
            toggle = group.locator(".group-toggle")
            expect(toggle).to_have_attribute("aria-expanded", "false")
            toggle.click()
            expect(group.locator(".option-row:visible")).to_have_count(len(members))
            expect(group.locator(".group-toggle")).to_have_attribute("aria-expanded", "true")

    best = min(options.values(), key=lambda o: (o["generalised_cost_usd"], o["rank"]))
    assert best["best"]
    box = page.locator("#recommendation")
    expect(box).to_contain_text(f"Recommended: option {best['rank']}")
    expect(box).to_contain_text("USD 480 per container-day")
    expect(box).to_contain_text("lowest generalised cost")
    # the plan selects the recommended option
    expect(page.locator("#breakdown h2")).to_contain_text(f"Option {best['rank']}")


def test_a_folded_option_picked_on_the_chart_unfolds_its_group(page: Page) -> None:
    page.fill("#origin", "Xi'an")
    page.fill("#destination", "Duisburg")
    plan(page)
    folded = page.locator("#options .option-row[hidden]").first
    rank = folded.get_attribute("data-rank")
    page.locator(f'#chart .option-dot[data-rank="{rank}"]').dispatch_event("click")
    row = page.locator(f'#options .option-row[data-rank="{rank}"]')
    expect(row).to_be_visible()
    expect(row).to_have_attribute("aria-selected", "true")


def test_the_whole_form_goes_to_the_api_and_into_a_permalink_that_restores_it(
    page: Page, browser: Browser, server: str
) -> None:
    page.fill("#origin", "Xi'an")
    page.fill("#destination", "Duisburg")
    page.fill("#cargo", "2x40HC")
    page.fill("#avoid-countries", "RU, by")
    page.check('input[name="avoid_modes"][value="road"]')
    page.uncheck('input[name="criteria"][value="co2e"]')
    page.click("#more-options summary")
    page.fill("#via", "Aktau")
    page.select_option("#dg-class", "3")
    page.fill("#mass", "40")
    page.fill("#max-transshipments", "6")
    page.fill("#value-of-time", "1000")
    page.fill("#depart", "2025-01-15")
    body = plan(page)
    assert body == {
        "origin": "Xi'an",
        "destination": "Duisburg",
        "cargo": "2x40HC",
        "avoid_countries": ["RU", "BY"],
        "avoid_modes": ["road"],
        "criteria": ["time", "cost"],
        "via": ["Aktau"],
        "dg_class": 3,
        "mass_t": 40,
        "max_transshipments": 6,
        "value_of_time_usd_per_container_day": 1000,
        "depart": "2025-01-15",
    }
    expect(page.locator("#breakdown")).to_contain_text("Aktau")
    # the answer says its times are for that departure's months, not the annual mix
    expect(page.locator("#provenance")).to_contain_text("times: departure on 2025-01-15")
    # pick another option: the link names it too
    other = page.locator("#options .option-row:not(.selected)").first
    if other.count():
        if not other.is_visible():
            page.locator("#options .group-toggle").first.click()
            other = page.locator("#options .option-row:not(.selected):visible").first
        other.click()
    selected = page.locator("#options .option-row.selected").get_attribute("data-rank")
    link = page.locator("#permalink").get_attribute("href") or ""
    assert page.url.endswith(link)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert query["origin"] == ["Xi'an"]
    assert query["avoid"] == ["RU,BY"]
    assert query["via"] == ["Aktau"]
    assert query["option"] == [selected]
    assert query["depart"] == ["2025-01-15"]

    # a fresh page opened with the link: the same form, planned at once, the same option selected
    with open_page(browser, server, path=link.lstrip("/")) as again:
        expect(again.locator("#options .option-row.selected")).to_have_attribute(
            "data-rank", selected or "", timeout=30_000
        )
        for field, value in [
            ("#origin", "Xi'an"),
            ("#destination", "Duisburg"),
            ("#cargo", "2x40HC"),
            ("#avoid-countries", "RU,BY"),
            ("#via", "Aktau"),
            ("#dg-class", "3"),
            ("#mass", "40"),
            ("#max-transshipments", "6"),
            ("#value-of-time", "1000"),
            ("#depart", "2025-01-15"),
        ]:
            expect(again.locator(field)).to_have_value(value)
        assert again.is_checked('input[name="avoid_modes"][value="road"]')
        assert not again.is_checked('input[name="criteria"][value="co2e"]')
        expect(again.locator("#more-options")).to_have_attribute("open", "")
        expect(again.locator("#breakdown")).to_contain_text("Aktau")


def test_a_hand_written_link_plans_on_opening(browser: Browser, server: str) -> None:
    path = "?" + urllib.parse.urlencode({"origin": "Xi'an", "destination": "Duisburg", "avoid": "RU,BY"})
    with open_page(browser, server, path=path) as page:
        expect(page.locator("#breakdown")).to_contain_text("Altynkol", timeout=30_000)
        expect(page.locator("#avoid-countries")).to_have_value("RU,BY")
        expect(page.locator("#cargo")).to_have_value("1x40HC")  # absent fields keep their defaults
        assert "#plan" in page.url


def test_the_options_table_downloads_as_csv(page: Page, server: str) -> None:
    import csv
    import io

    page.fill("#origin", "Xi'an")
    page.fill("#destination", "Duisburg")
    body = plan(page)
    answer = {o["rank"]: o for o in httpx.post(server + FULL, json=body, timeout=60).json()["options"]}
    order = [r.get_attribute("data-rank") for r in page.locator("#options .option-row").all()]
    with page.expect_download() as info:
        page.click("#download-csv")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    path = download.path()
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert [r["rank"] for r in rows] == order  # the table's order, folded options included
    for row in rows:
        option = answer[int(row["rank"])]
        assert row["corridor"] == corridor_of(option)
        assert row["path"] == option["path"]
        assert row["recommended"] == ("yes" if option["best"] else "no")
        for column, field in [
            ("p50_days", "duration_days_p50"),
            ("cost_usd", "cost_usd"),
            ("co2e_kg", "co2e_kg"),
            ("distance_km", "distance_km"),
            ("generalised_cost_usd", "generalised_cost_usd"),
        ]:
            assert float(row[column]) == pytest.approx(option[field], rel=1e-12), column


def route_box(page: Page) -> dict[str, float]:
    boxes = [b for b in (leg.bounding_box() for leg in page.locator("#map path.route-leg").all()) if b]
    x0 = min(b["x"] for b in boxes)
    y0 = min(b["y"] for b in boxes)
    x1 = max(b["x"] + b["width"] for b in boxes)
    y1 = max(b["y"] + b["height"] for b in boxes)
    return {"x0": x0, "y0": y0, "x1": x1, "y1": y1, "w": x1 - x0, "h": y1 - y0}


def test_zoom_to_route_and_place_labels(page: Page) -> None:
    expect(page.locator("#map .leaflet-interactive").first).to_be_visible(timeout=15_000)
    expect(page.locator("#zoom-to-route")).to_be_hidden()
    labels = page.locator("#map .place-label")
    expect(labels.first).to_be_attached(timeout=10_000)
    # labels never overlap, name real places, and take no keyboard stops
    page.wait_for_timeout(500)  # the network is framed, then labels placed for the view
    placed = page.evaluate(
        """() => Array.from(document.querySelectorAll('#map .place-label')).map((e) => {
            const r = e.getBoundingClientRect();
            return {x: r.x, y: r.y, width: r.width, height: r.height, text: e.textContent};
        })"""
    )
    boxes = [b for b in placed if b["width"] > 0]
    assert len(boxes) >= 8
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = (
                a["x"] < b["x"] + b["width"] - 1
                and b["x"] < a["x"] + a["width"] - 1
                and a["y"] < b["y"] + b["height"] - 1
                and b["y"] < a["y"] + a["height"] - 1
            )
            assert not overlap, (a, b)
    names = {b["text"] for b in placed}
    assert names & {"Aktau", "Baku", "Dostyk", "Brest", "Duisburg"}
    assert page.locator("#map .place-label[tabindex]").count() == 0

    page.fill("#origin", "Xi'an")
    page.fill("#destination", "Duisburg")
    plan(page)
    page.wait_for_timeout(600)  # the plan frames the route
    framed = route_box(page)
    zoom_in = page.locator("#map .leaflet-control-zoom-in")
    for _ in range(2):
        zoom_in.click()
        page.wait_for_timeout(400)
    close = route_box(page)
    area = page.locator("#map").bounding_box()
    assert area is not None
    assert close["w"] > framed["w"] * 1.8
    assert close["x0"] < area["x"] or close["x1"] > area["x"] + area["width"]  # the route runs off the map
    page.click("#zoom-to-route")
    page.wait_for_timeout(600)
    again = route_box(page)
    # framed again: the whole route inside the map, filling a good part of it
    assert again["w"] < close["w"]
    assert again["w"] >= 0.4 * area["width"] or again["h"] >= 0.4 * area["height"]
    assert again["y0"] >= area["y"]
    assert again["y1"] <= area["y"] + area["height"]
    assert again["x0"] >= area["x"]
    assert again["x1"] <= area["x"] + area["width"]
