"""``POST /v1/routes`` answered in worker processes (``CORRIDOR_ROUTE_PROCESSES``, issue 10).

The pool must change nothing but the speed: every answer, error and status is the one the
server's own threads give, a cancelled or timed-out question stops in its worker, and a worker
that dies costs one 503 and no more.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corridor.api import Settings, create_app
from corridor.api.settings import default_route_processes

SAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "caspian-p2p.json"

QUESTIONS: list[tuple[str, dict[str, Any]]] = [
    ("", {"origin": "Xi'an", "destination": "Duisburg", "cargo": "2x40HC", "avoid_countries": ["RU", "BY"]}),
    ("?include=chain&include=emissions&include=geojson", {"origin": "Almaty", "destination": "Milan"}),
    ("", {"origin": "Shanghai", "destination": "Rotterdam", "currency": "EUR", "criteria": ["time", "cost"]}),
    ("", {"origin": "Lyon, FR", "destination": "Suzhou, CN", "cargo": "40HC"}),  # door to door
    ("", {"origin": "Tengiz", "destination": "Trieste", "commodity": "crude-oil", "mass_t": 100000}),
    (
        "",
        {
            "origin": "Aktau",
            "destination": "Alat",
            "criteria": ["time"],
            "depart": "2026-12-07",
            "schedules": json.loads(SAMPLE.read_text(encoding="utf-8")),
        },
    ),
    # errors: an unknown via node (404), an unknown place, contradictory constraints, no route,
    # too many containers (422)
    ("", {"origin": "Xi'an", "destination": "Duisburg", "via": ["Atlantis"]}),
    ("", {"origin": "Xi'an", "destination": "Atlantis"}),
    ("", {"origin": "Xi'an", "destination": "Duisburg", "avoid_countries": ["CN"]}),
    ("", {"origin": "Xi'an", "destination": "Duisburg", "avoid_modes": ["rail", "sea", "ferry", "road"]}),
    ("", {"origin": "Xi'an", "destination": "Duisburg", "cargo": "5000x40HC"}),
]


@pytest.fixture(scope="module")
def pooled(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(dataclasses.replace(settings, route_processes=2))) as client:
        yield client


def test_the_workers_answer_exactly_as_the_servers_threads(pooled: TestClient, client: TestClient) -> None:
    statuses = set()
    for query, body in QUESTIONS:
        threads = client.post(f"/v1/routes{query}", json=body)
        workers = pooled.post(f"/v1/routes{query}", json=body)
        assert workers.status_code == threads.status_code, (body, workers.text)
        assert workers.headers["content-type"] == threads.headers["content-type"]
        assert workers.json() == threads.json(), body
        statuses.add(threads.status_code)
    assert statuses == {200, 404, 422}  # the questions do reach answers and each kind of error


def test_a_question_past_its_deadline_stops_in_its_worker(settings: Settings) -> None:
    tight = dataclasses.replace(settings, route_processes=1, route_deadline_s=0.05, max_options=10_000)
    long_question = {
        "origin": "Xi'an",
        "destination": "Duisburg",
        "via": ["Budapest", "Aktau"],
        "criteria": ["time", "cost", "distance", "co2e"],
    }
    with TestClient(create_app(tight)) as client:
        started = time.monotonic()
        answer = client.post("/v1/routes", json=long_question)
        assert answer.status_code == 422
        assert "longer than the 0.05 s allowed" in answer.json()["detail"]["message"]
        assert time.monotonic() - started < 5.0
        # the worker is free again for the next question
        assert client.post("/v1/routes", json={"origin": "Aktau", "destination": "Alat"}).status_code == 200


def test_more_questions_than_slots_all_get_their_answer(pooled: TestClient) -> None:
    bodies = [QUESTIONS[0][1], QUESTIONS[2][1], QUESTIONS[4][1]] * 7  # 21 at once, 8 slots
    with ThreadPoolExecutor(21) as threads:
        answers = list(threads.map(lambda body: pooled.post("/v1/routes", json=body), bodies))
    assert [a.status_code for a in answers] == [200] * 21
    assert answers[0].json() == answers[3].json()


def test_a_worker_that_dies_costs_one_503_then_the_pool_is_started_again(settings: Settings) -> None:
    with TestClient(create_app(dataclasses.replace(settings, route_processes=1))) as client:
        pool = client.app.state.context.route_pool  # type: ignore[attr-defined]
        (pid,) = pool._executor._processes  # the one worker process
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while not pool._executor._broken:  # the executor notices the death
            assert time.monotonic() < deadline
            time.sleep(0.05)
        answer = client.post("/v1/routes", json={"origin": "Aktau", "destination": "Alat"})
        assert answer.status_code == 503
        assert answer.json()["detail"]["message"] == "the routing worker stopped while answering; ask again"
        again = client.post("/v1/routes", json={"origin": "Aktau", "destination": "Alat"})
        assert again.status_code == 200, again.text


def test_the_default_is_one_process_per_cpu_and_none_on_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORRIDOR_ROUTE_PROCESSES", raising=False)
    cpus = len(os.sched_getaffinity(0))
    assert (
        Settings.from_env().route_processes == default_route_processes() == (0 if cpus < 2 else min(cpus, 8))
    )
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0})
    assert default_route_processes() == 0
    monkeypatch.setenv("CORRIDOR_ROUTE_PROCESSES", "3")
    assert Settings.from_env().route_processes == 3
    monkeypatch.setenv("CORRIDOR_ROUTE_PROCESSES", "-1")
    with pytest.raises(Exception, match=r"CORRIDOR_ROUTE_PROCESSES: must be 0-64, got -1"):
        Settings.from_env()
