"""The API's documented limits and status codes, at their edges (docs/api.md)."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corridor.api import Settings, create_app
from corridor.network import Network, network_from_csv

DOCS = Path(__file__).parents[2] / "docs" / "api.md"


def documented_default(variable: str) -> int:
    """The default of a setting as the settings table of docs/api.md gives it."""
    match = re.search(rf"^\| `{variable}` \| `(\d+)` \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE)
    assert match is not None, f"{variable} is not in the settings table of {DOCS}"
    return int(match.group(1))


def test_the_documented_container_maximum_is_accepted_and_one_more_refused(client: TestClient) -> None:
    most = documented_default("CORRIDOR_MAX_CONTAINERS")
    assert most == 1000
    for cargo in (f"{most}x40", f"{most - 1}x40,1x20"):
        response = client.post(
            "/v1/routes", json={"origin": "Xi'an", "destination": "Duisburg", "cargo": cargo}
        )
        assert response.status_code == 200, (cargo, response.text)
    for cargo in (f"{most + 1}x40", f"{most}x40,1x20"):
        response = client.post(
            "/v1/routes", json={"origin": "Xi'an", "destination": "Duisburg", "cargo": cargo}
        )
        assert response.status_code == 422, cargo
        assert response.json()["detail"] == {
            "message": f"at most {most} containers per request, got {most + 1}",
            "field": "cargo",
        }


@pytest.mark.parametrize("field", ["via", "avoid_nodes"])
def test_an_unknown_constraint_node_is_404_like_an_unknown_endpoint(client: TestClient, field: str) -> None:
    """docs/api.md: "404 for an unknown node" - wherever the node is named."""
    body = {"origin": "Xi'an", "destination": "Duisburg", field: ["Aktau", "Atlantis"]}
    response = client.post("/v1/routes", json=body)
    assert response.status_code == 404
    assert "unknown node 'Atlantis'" in response.json()["detail"]["message"]


def ladder(folder: Path, stages: int) -> Network:
    """Two parallel links per stage, one fast and dear, one slow and cheap, with weights 2^k: every one of
    the 2^stages paths has its own (time, cost) with the same sum, so every one is Pareto-optimal."""
    tiny = Path(__file__).parents[1] / "data" / "tiny"
    folder.mkdir()
    for name in ("network.toml", "sources.csv"):
        (folder / name).write_text((tiny / name).read_text(encoding="utf-8"), encoding="utf-8")
    nodes = ["node_id,name,country,lat,lon,kind,source_ids"]
    nodes += [f"XX-S{k},S{k},KZ,45,{50 + k},rail_terminal,fixture" for k in range(stages + 1)]
    links = [
        "link_id,from_node,to_node,mode,gauge_mm,bidirectional,distance_km,duration_h_min,duration_h_mode,"
        "duration_h_max,cost_usd_20,cost_usd_40,countries,electric_share,reefer,source_ids"
    ]
    for k in range(stages):
        for kind, h, usd in (("F", 2**k, 0), ("C", 0, 2**k)):
            links.append(
                f"{kind}{k},XX-S{k},XX-S{k + 1},rail,1435,true,100,{h},{h},{h},{usd},{usd},KZ,1,true,fixture"
            )
    services = ["service_id,link_id,name,departures_per_week,capacity_teu_per_departure,source_ids"]
    for name, rows in (("nodes.csv", nodes), ("links.csv", links), ("services.csv", services)):
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return network_from_csv(folder)


@pytest.fixture
def ladder_client(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(settings, network=ladder(tmp_path / "ladder", 11))) as client:
        yield client


def test_a_search_over_its_label_limit_is_a_422_not_a_500(settings: Settings, tmp_path: Path) -> None:
    """2,048 Pareto-optimal paths need more labels than a limit of 1,024 allows: the request is refused
    as too big a question (422, saying what to change), not answered with a server error."""
    body = {"origin": "XX-S0", "destination": "XX-S11", "criteria": ["time", "cost"]}
    tight = dataclasses.replace(settings, max_labels=1024, max_options=10_000)
    with TestClient(create_app(tight, network=ladder(tmp_path / "ladder", 11))) as client:
        response = client.post("/v1/routes", json=body)
        assert response.status_code == 422
        assert "more than 1024 labels" in response.json()["detail"]["message"]
        answer = client.post("/v1/routes", json={**body, "criteria": ["time"]})
        assert answer.status_code == 200


def test_a_pareto_set_over_the_option_limit_is_answered_truncated_and_says_so(
    ladder_client: TestClient,
) -> None:
    """2,048 Pareto-optimal paths, CORRIDOR_MAX_OPTIONS of them answered: the fastest, flagged as a part."""
    most = documented_default("CORRIDOR_MAX_OPTIONS")
    body = {"origin": "XX-S0", "destination": "XX-S11", "criteria": ["time", "cost"]}
    data = ladder_client.post("/v1/routes", json=body).json()
    assert len(data["options"]) == most
    assert data["truncated"] == (
        f"the Pareto set has more than {most} options; these are the {most} lowest in time"
    )
    hours = sorted(o["duration_h_mean"] for o in data["options"])
    assert hours == [float(h) for h in range(most)]  # the fastest 50 of 0, 1, ..., 2047 h
    small = ladder_client.post("/v1/routes", json={**body, "origin": "XX-S6"}).json()
    assert len(small["options"]) == 32
    assert small["truncated"] is None


def test_two_via_nodes_and_four_criteria_answer_within_seconds(client: TestClient) -> None:
    """Issue 9: doubling back through two via nodes under four criteria gave 531 options after 15 s of
    work; the answer is now the 50 fastest of them, truncated and saying so, in well under the deadline."""
    body = {
        "origin": "Xi'an",
        "destination": "Duisburg",
        "via": ["Budapest", "Aktau"],
        "criteria": ["time", "cost", "distance", "co2e"],
    }
    start = time.perf_counter()
    response = client.post("/v1/routes", json=body)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.text
    data = response.json()
    assert len(data["options"]) == documented_default("CORRIDOR_MAX_OPTIONS")
    assert data["truncated"].startswith("the Pareto set has more than 50 options")
    assert elapsed < 5.0
    assert len(response.content) < 60_000  # compact by default


def test_more_via_nodes_than_allowed_are_refused_before_any_work(client: TestClient) -> None:
    most = documented_default("CORRIDOR_MAX_VIA")
    via = ["Almaty", "Tashkent", "Baku", "Tbilisi", "Istanbul", "Budapest", "Warsaw", "Aktau"][: most + 1]
    response = client.post("/v1/routes", json={"origin": "Xi'an", "destination": "Duisburg", "via": via})
    assert response.status_code == 422
    assert response.json()["detail"] == {
        "message": f"at most {most} via nodes per question, got {most + 1}",
        "field": "via",
    }


def test_a_question_past_its_deadline_is_stopped_with_a_422(settings: Settings) -> None:
    hurried = dataclasses.replace(settings, route_deadline_s=1e-6)
    with TestClient(create_app(hurried)) as client:
        response = client.post("/v1/routes", json={"origin": "Xi'an", "destination": "Duisburg"})
    assert response.status_code == 422
    assert "took longer than the 1e-06 s allowed" in response.json()["detail"]["message"]


def test_a_search_running_past_its_deadline_stops_inside_the_search_with_a_422(
    settings: Settings, tmp_path: Path
) -> None:
    """Issue 10: the deadline was checked only between the search's phases, so a long compiled search ran
    to its label limit (70 s against 15 s). Here the search alone would take minutes (2^20 Pareto-optimal
    paths); with a 0.5 s budget the request is refused within a few seconds, the search stopped midway."""
    hurried = dataclasses.replace(settings, route_deadline_s=0.5, max_options=10**7, max_labels=10**8)
    body = {"origin": "XX-S0", "destination": "XX-S20", "criteria": ["time", "cost"]}
    with TestClient(create_app(hurried, network=ladder(tmp_path / "ladder", 20))) as client:
        start = time.perf_counter()
        response = client.post("/v1/routes", json=body)
        elapsed = time.perf_counter() - start
    assert response.status_code == 422
    assert response.json()["detail"]["message"] == (
        "the question took longer than the 0.5 s allowed (stopped during the Pareto search); "
        "use fewer criteria or via nodes, or more constraints"
    )
    assert elapsed < 3.0
