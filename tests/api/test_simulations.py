"""Simulation jobs over HTTP: keys required, owned, limited, cancelled for real, bounded, expired."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from corridor.api import Settings, create_app
from corridor.simulation.jobs import JobManager
from corridor.vocabulary import JobState

ROOT = Path(__file__).parents[2]
Keys = dict[str, dict[str, str]]
# the type of tests/conftest.py's keyed_database fixture
KeyedDatabase = Callable[[Mapping[str, tuple[str, str]]], tuple[str, Keys]]


@pytest.fixture(scope="module")
def keys_and_client(
    tmp_path_factory: pytest.TempPathFactory, keyed_database: KeyedDatabase
) -> Iterator[tuple[Keys, TestClient]]:
    url, keys = keyed_database(
        {"alpha": ("alpha", "shipper"), "beta": ("beta", "shipper"), "admin": ("alpha", "admin")}
    )
    settings = Settings(
        scenarios=ROOT / "scenarios",
        max_replications=8,
        workers=1,
        max_jobs=50,
        database_url=url,
        runs=tmp_path_factory.mktemp("runs"),
    )
    with TestClient(create_app(settings)) as client:
        yield keys, client


@pytest.fixture
def keys(keys_and_client: tuple[Keys, TestClient]) -> Keys:
    return keys_and_client[0]


@pytest.fixture
def client(keys_and_client: tuple[Keys, TestClient]) -> TestClient:
    return keys_and_client[1]


def wait_for(
    client: TestClient, job_id: str, headers: dict[str, str], timeout_s: float = 90
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(f"/v1/simulations/{job_id}", headers=headers).json()
        if status["status"] in ("done", "failed", "cancelled"):
            return status
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


@pytest.mark.slow
def test_simulation_jobs(client: TestClient, keys: Keys) -> None:
    alpha = keys["alpha"]
    names = {s["name"] for s in client.get("/v1/scenarios").json()["scenarios"]}
    assert {"baseline-2024", "surge-2022"} <= names
    jobs = []
    for scenario in ("baseline-2024", "surge-2022"):
        body = {"scenario": scenario, "replications": 2, "seed": 3}
        response = client.post("/v1/simulations", json=body, headers=alpha)
        assert response.status_code == 202
        jobs.append(response.json()["job_id"])
    for job_id in jobs:
        assert wait_for(client, job_id, alpha)["status"] == "done"
    results = client.get(f"/v1/simulations/{jobs[0]}/results", headers=alpha).json()
    assert results["replications"] == 2
    assert any(not f["background"] for f in results["flows"].values())
    compared = client.get("/v1/simulations/compare", params={"a": jobs[0], "b": jobs[1]}, headers=alpha)
    assert any(r["kpi"] == "stranded_teu" for r in compared.json()["rows"])
    # each finished job's run folder is kept, and its report served to its owner only
    page = client.get(f"/v1/simulations/{jobs[0]}/report", headers=alpha)
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "baseline-2024" in page.text
    assert client.get(f"/v1/simulations/{jobs[0]}/report", headers=keys["beta"]).status_code == 404
    # and its tables as one workbook, the same figures as the summary
    workbook = client.get(f"/v1/simulations/{jobs[0]}/tables.xlsx", headers=alpha)
    assert workbook.status_code == 200
    assert 'filename="corridor-run-' in workbook.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["transit_times"]
    rows = list(sheet.iter_rows(values_only=True))
    by_flow = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    for name, flow in results["flows"].items():
        assert by_flow[name]["p50"] == pytest.approx(flow["transit_days"]["p50"])
    assert client.get(f"/v1/simulations/{jobs[0]}/tables.xlsx", headers=keys["beta"]).status_code == 404
    assert {j["job_id"] for j in client.get("/v1/simulations", headers=alpha).json()["jobs"]} >= set(jobs)
    # a server started again over the same runs folder still knows the finished jobs and their results
    runs = client.app.state.jobs.runs  # type: ignore[attr-defined]
    again = JobManager(workers=1, max_jobs=4, runs=runs)
    restored = again.get(jobs[0], owner=None)
    assert restored.status == JobState.DONE
    assert restored.summary == client.get(f"/v1/simulations/{jobs[0]}/results", headers=alpha).json()
    assert len(restored.results) == 2


def test_jobs_need_a_key_and_are_owned(client: TestClient, keys: Keys) -> None:
    assert (
        client.post("/v1/simulations", json={"scenario": "baseline-2024", "replications": 1}).status_code
        == 401
    )
    assert client.get("/v1/simulations").status_code == 401
    body = {"scenario": "investment-2030", "replications": 8}
    job_id = client.post("/v1/simulations", json=body, headers=keys["alpha"]).json()["job_id"]
    for path in (f"/v1/simulations/{job_id}", f"/v1/simulations/{job_id}/results"):
        assert client.get(path, headers=keys["beta"]).status_code == 404
        assert client.get(path).status_code == 401
    assert client.delete(f"/v1/simulations/{job_id}", headers=keys["beta"]).status_code == 404
    assert job_id not in {
        j["job_id"] for j in client.get("/v1/simulations", headers=keys["beta"]).json()["jobs"]
    }
    assert job_id in {
        j["job_id"] for j in client.get("/v1/simulations", headers=keys["admin"]).json()["jobs"]
    }
    assert client.delete(f"/v1/simulations/{job_id}", headers=keys["admin"]).status_code == 200
    assert wait_for(client, job_id, keys["alpha"])["status"] == "cancelled"


def test_simulation_limits_and_errors(client: TestClient, keys: Keys) -> None:
    alpha = keys["alpha"]
    absurd = client.post(
        "/v1/simulations", json={"scenario": "baseline-2024", "replications": 1_000_000}, headers=alpha
    )
    assert absurd.status_code == 422
    assert absurd.json()["detail"][0]["loc"] == ["body", "replications"]
    too_many = client.post(
        "/v1/simulations", json={"scenario": "baseline-2024", "replications": 500}, headers=alpha
    )
    assert too_many.status_code == 422
    assert too_many.json()["detail"] == {
        "message": "at most 8 replications, got 500",
        "field": "replications",
    }
    unknown = client.post("/v1/simulations", json={"scenario": "atlantis"}, headers=alpha)
    assert unknown.status_code == 404
    bad_doc = client.post(
        "/v1/simulations",
        json={"document": {"name": "x", "start": "2024-01-01", "horizon_days": -1, "flows": []}},
        headers=alpha,
    )
    assert bad_doc.status_code == 422
    assert "horizon_days" in bad_doc.json()["detail"]["message"]
    assert client.get("/v1/simulations/nope", headers=alpha).status_code == 404
    assert client.get("/v1/simulations/nope/results", headers=alpha).status_code == 404


def test_a_jobs_work_is_bounded_before_it_starts(client: TestClient, keys: Keys) -> None:
    """Issue 9: horizon 3660 days x 1e7 TEU/week in 1-TEU trains grew the server by 1.4 GB."""
    flow: dict[str, Any] = {
        "name": "f",
        "origin": "Xi'an",
        "destination": "Duisburg",
        "teu_per_week": 1e7,
        "train_teu": 1,
    }
    document: dict[str, Any] = {
        "name": "flood",
        "start": "2024-01-01",
        "horizon_days": 3660,
        "flows": [flow],
    }
    started = time.monotonic()
    response = client.post(
        "/v1/simulations", json={"document": document, "replications": 1}, headers=keys["beta"]
    )
    assert response.status_code == 422
    assert "block trains" in response.json()["detail"]["message"]
    assert time.monotonic() - started < 5
    many = {
        **document,
        "flows": [{**flow, "name": f"f{i}", "teu_per_week": 1} for i in range(201)],
    }
    response = client.post(
        "/v1/simulations", json={"document": many, "replications": 1}, headers=keys["beta"]
    )
    assert response.status_code == 422
    assert "at most 200 flows" in response.json()["detail"]["message"]


@pytest.mark.slow
def test_cancel_stops_the_worker_process(client: TestClient, keys: Keys) -> None:
    alpha = keys["alpha"]
    body = {"scenario": "investment-2030", "replications": 8}
    job_id = client.post("/v1/simulations", json=body, headers=alpha).json()["job_id"]
    manager: JobManager = client.app.state.jobs  # type: ignore[attr-defined]
    pid = manager.get(job_id).pid
    assert pid is not None
    assert client.delete(f"/v1/simulations/{job_id}", headers=alpha).json()["status"] == "cancelled"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the job's process is still running after cancel")
    assert wait_for(client, job_id, alpha)["status"] == "cancelled"


def test_job_limits_are_atomic_per_owner_and_global() -> None:
    """20 concurrent submits against limits of 4 in all and 2 per owner admit exactly those."""
    manager = JobManager(workers=1, max_jobs=4, max_jobs_per_owner=2)
    started: list[str] = []
    manager._start = lambda job, plan, network=None: started.append(job.job_id)  # type: ignore[method-assign]

    def submit(index: int) -> bool:
        try:
            manager.admit(scenario="s", replications=1, seed=0, owner=f"o{index % 5}")
        except Exception:
            return False
        return True

    with ThreadPoolExecutor(20) as pool:
        admitted = sum(pool.map(submit, range(20)))
    assert admitted == 4
    assert manager.active() == 4
    assert all(manager.active(f"o{i}") <= 2 for i in range(5))


def test_finished_jobs_expire() -> None:
    now = [0.0]
    manager = JobManager(workers=1, max_jobs=4, ttl_s=60, clock=lambda: now[0])
    job = manager.admit(scenario="s", replications=1, seed=0, owner="o")
    manager._finish(job, JobState.DONE)
    now[0] = 59
    assert manager.get(job.job_id).status == JobState.DONE
    now[0] = 61
    with pytest.raises(LookupError):
        manager.get(job.job_id)
    assert manager.visible(None) == []


def test_finished_jobs_are_kept_on_disk_until_they_expire(tmp_path: Path) -> None:
    now, wall = [0.0], [1_000_000.0]
    manager = JobManager(
        workers=1, max_jobs=4, ttl_s=60, clock=lambda: now[0], runs=tmp_path, wall=lambda: wall[0]
    )
    job = manager.admit(scenario="s", replications=3, seed=7, owner="alpha")
    job.error = "the scenario failed"
    manager._finish(job, JobState.FAILED)
    assert (tmp_path / job.job_id / "job.json").is_file()
    stray = tmp_path / "interrupted"  # a run folder a crash left without a record
    stray.mkdir()
    # a restart 30 s later: the job is back, owned as before; the stray folder is still young
    wall[0] += 30
    again = JobManager(workers=1, max_jobs=4, ttl_s=60, runs=tmp_path, wall=lambda: wall[0])
    restored = again.get(job.job_id, owner="alpha")
    assert (restored.status, restored.error, restored.seed, restored.total) == (
        JobState.FAILED,
        "the scenario failed",
        7,
        3,
    )
    with pytest.raises(LookupError):
        again.get(job.job_id, owner="beta")
    assert stray.is_dir()
    # a restart past the time to live: nothing is listed and nothing is left on disk
    wall[0] += 61
    os.utime(stray, (wall[0] - 61, wall[0] - 61))
    later = JobManager(workers=1, max_jobs=4, ttl_s=60, runs=tmp_path, wall=lambda: wall[0])
    assert later.visible(None) == []
    assert list(tmp_path.iterdir()) == []


def test_an_expired_job_takes_its_run_folder_with_it(tmp_path: Path) -> None:
    now = [0.0]
    manager = JobManager(workers=1, max_jobs=4, ttl_s=60, clock=lambda: now[0], runs=tmp_path)
    job = manager.admit(scenario="s", replications=1, seed=0, owner="o")
    manager._finish(job, JobState.DONE)
    assert (tmp_path / job.job_id).is_dir()
    now[0] = 61
    assert manager.visible(None) == []
    assert not (tmp_path / job.job_id).exists()


def test_an_8000_flow_document_is_422_and_a_body_over_the_limit_413(client: TestClient, keys: Keys) -> None:
    """Issue 9: an 8,000-flow document spent 45 s in the request handler. docs/api.md: 422 past 200 flows,
    413 for a body over CORRIDOR_MAX_BODY_BYTES (1,000,000 here), whichever the document is."""
    flows = [
        {"name": f"f{i}", "origin": "Xi'an", "destination": "Duisburg", "teu_per_week": 1}
        for i in range(8000)
    ]
    document: dict[str, Any] = {"name": "wide", "start": "2024-01-01", "horizon_days": 60, "flows": flows}
    response = client.post(
        "/v1/simulations", json={"document": document, "replications": 1}, headers=keys["beta"]
    )
    assert response.status_code == 422
    assert "at most 200 flows" in response.json()["detail"]["message"]
    padded = {**document, "description": "x" * 1_000_000}
    response = client.post(
        "/v1/simulations", json={"document": padded, "replications": 1}, headers=keys["beta"]
    )
    assert response.status_code == 413
    assert response.json()["detail"]["message"] == "request body over 1000000 bytes"
