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
import threading
import time

import numpy as np

from benchmarks.common import CorrectnessError, Row, Section, free_port, log, start_server
from corridor import Cargo, Constraints, bundled_network, route

QUERIES = [
    ("Xi'an", "Duisburg"),
    ("Chongqing", "Budapest"),
    ("Shanghai", "Rotterdam"),
    ("Almaty", "Milan"),
    ("Tokyo", "Hamburg"),
    ("Lianyungang", "Warsaw"),
]
BODY = {"cargo": "2x40HC", "avoid_countries": ["RU", "BY"]}


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


def run(*, quick: bool) -> Section:
    """Requests per second and latency percentiles at 1 and 4 concurrent clients."""
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
        "p90 column shows p99",
    )
    section.rows.append(reference)
    port = free_port()
    log(f"api: starting the server on 127.0.0.1:{port}")
    process = start_server(port)
    try:
        for clients in (1, 4):
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
            row = Row(
                "api",
                f"POST /v1/routes, {clients} client(s)",
                median,
                float(np.percentile(latencies, 99)) * 1e3,
                len(latencies),
                median / (reference.median_ms or 1.0),
                f"{len(latencies) / wall:.1f} requests/s; p90 column shows p99",
            )
            section.rows.append(row)
            section.checks.append(
                f"api: {len(latencies)} requests with {clients} client(s), all 200 with options"
            )
    finally:
        process.terminate()
        process.wait(timeout=10)
    section.facts = {
        "queries": [f"{a} -> {b}" for a, b in QUERIES],
        "body": BODY,
        "server": "uvicorn, 1 process",
    }
    return section
