"""Benchmark 5: route-planning requests against the running server on loopback.

The server (`corridor serve`) runs in its own process; one client thread per
concurrency level sends a bounded number of requests (by count and by time)
over keep-alive connections. Reported: requests per second, p50 and p99
latency; the reference is the same route() call made in-process, so the ratio
is what HTTP, JSON and the server add.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from benchmarks.common import CorrectnessError, Row, Section, free_port, log, start_server
from corridor import Cargo, Constraints, bundled_network, route
from corridor.api.settings import default_route_processes
from corridor.shipments.db import upgrade

QUERIES = [
    ("Xi'an", "Duisburg"),
    ("Chongqing", "Budapest"),
    ("Shanghai", "Rotterdam"),
    ("Almaty", "Milan"),
    ("Tokyo", "Hamburg"),
    ("Lianyungang", "Warsaw"),
]
BODY = {"cargo": "2x40HC", "avoid_countries": ["RU", "BY"]}


def _answers(port: int) -> dict[str, object]:
    """One answer per question, parsed: the servers' configurations must agree on every one."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    out: dict[str, object] = {}
    for origin, destination in QUERIES:
        payload = json.dumps({"origin": origin, "destination": destination, **BODY})
        connection.request("POST", "/v1/routes?include=chain", payload, {"Content-Type": "application/json"})
        out[f"{origin} -> {destination}"] = json.loads(connection.getresponse().read())
    return out


def _client(port: int, count: int, deadline: float, latencies: list[float], failures: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(count):
        if time.monotonic() > deadline:
            break
        origin, destination = QUERIES[i % len(QUERIES)]
        payload = json.dumps({"origin": origin, "destination": destination, **BODY})
        start = time.perf_counter()
        connection.request("POST", "/v1/routes", payload, {"Content-Type": "application/json"})
        response = connection.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - start)
        if response.status != 200 or not json.loads(body)["options"]:
            failures.append(f"{origin}->{destination}: {response.status}")


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (5 min {five:.1f})"


def _serve(
    section: Section,
    reference: Row,
    name: str,
    levels: tuple[int, ...],
    per_client: int,
    budget_s: float,
    command: tuple[str, ...] = (),
    **env: str,
) -> dict[str, object]:
    """Start a server, time each concurrency level against it, stop it; its answers to the questions."""
    port = free_port()
    log(f"api: starting {name} on 127.0.0.1:{port}")
    with tempfile.TemporaryDirectory() as folder:  # a database of its own: the user's is left alone
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        process = start_server(
            port, command=[*command, "--port", str(port)] if command else (), CORRIDOR_DATABASE_URL=url, **env
        )
        try:
            answers = _answers(port)
            for clients in levels:
                _level(section, reference, name, port, clients, per_client, budget_s)
            return answers
        finally:
            process.terminate()
            process.wait(timeout=10)


def _level(
    section: Section, reference: Row, name: str, port: int, clients: int, per_client: int, budget_s: float
) -> None:
    latencies: list[float] = []
    failures: list[str] = []
    deadline = time.monotonic() + budget_s
    threads = [
        threading.Thread(target=_client, args=(port, per_client, deadline, latencies, failures))
        for _ in range(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if failures:
        raise CorrectnessError(f"failed requests: {failures[:3]}")
    median = float(np.median(latencies)) * 1e3
    section.rows.append(
        Row(
            "api",
            f"POST /v1/routes, {name}, {clients} client(s)",
            median,
            float(np.percentile(latencies, 99)) * 1e3,
            len(latencies),
            median / (reference.median_ms or 1.0),
            f"{len(latencies) / wall:.1f} requests/s; p90 column shows p99; load average {_load()}",
        )
    )
    section.checks.append(
        f"api: {len(latencies)} requests to {name} with {clients} client(s), all 200 with options"
    )


def run(*, quick: bool) -> Section:
    """Requests per second and latency percentiles at 1 and 4 concurrent clients.

    ``corridor serve`` by default answers routing questions in one worker
    process per CPU (``CORRIDOR_ROUTE_PROCESSES``; everything else, simulation
    jobs included, lives in the one server process); it is also timed with
    ``CORRIDOR_ROUTE_PROCESSES=0`` (the server's own threads) and, for
    reference, as the same application under ``uvicorn --workers 2`` (one
    whole server per core, each with jobs of its own). Every configuration
    must give the same answers.
    """
    section = Section("api", "route planning over HTTP on loopback")
    per_client = 8 if quick else 150
    budget_s = 20.0 if quick else 60.0
    network = bundled_network()
    constraints = Constraints(avoid_countries=frozenset({"RU", "BY"}))
    for origin, destination in QUERIES:  # warm caches and compiled kernels, as the server does
        route(network, origin, destination, cargo=Cargo.parse("2x40HC"), constraints=constraints)
    local: list[float] = []
    for i in range(per_client):
        origin, destination = QUERIES[i % len(QUERIES)]
        start = time.perf_counter()
        route(network, origin, destination, cargo=Cargo.parse("2x40HC"), constraints=constraints)
        local.append(time.perf_counter() - start)
    reference = Row(
        "api",
        "route() in-process (reference)",
        float(np.median(local)) * 1e3,
        float(np.percentile(local, 99)) * 1e3,
        len(local),
        1.0,
        f"p90 column shows p99; load average {_load()}",
    )
    section.rows.append(reference)
    processes = default_route_processes()
    answers = {
        "default": _serve(
            section, reference, f"corridor serve ({processes} route processes)", (1, 4), per_client, budget_s
        )
    }
    answers["threads"] = _serve(
        section,
        reference,
        "corridor serve, CORRIDOR_ROUTE_PROCESSES=0",
        (1, 4),
        per_client,
        budget_s,
        CORRIDOR_ROUTE_PROCESSES="0",
    )
    if not quick:
        uvicorn = (sys.executable, "-m", "uvicorn", "--factory", "corridor.api:create_app", "--workers", "2")
        answers["uvicorn"] = _serve(
            section,
            reference,
            "uvicorn --workers 2",
            (4,),
            per_client,
            budget_s,
            uvicorn,
            CORRIDOR_ROUTE_PROCESSES="0",
        )
    for name, given in answers.items():
        if given != answers["threads"]:
            raise CorrectnessError(f"api: the {name} server's answers differ from the threads' answers")
    section.checks.append(
        f"api: {', '.join(answers)} servers answer the {len(QUERIES)} questions identically (chains included)"
    )
    section.facts = {
        "queries": [f"{a} -> {b}" for a, b in QUERIES],
        "body": BODY,
        "server": f"corridor serve (uvicorn, 1 process; {processes} route processes by default, "
        "or none); for reference uvicorn --workers 2 --factory corridor.api:create_app",
        "database": "a fresh SQLite file per server (routing does not use it)",
    }
    return section
