"""Flows runs and appraisals as jobs over HTTP: keys required, owned, one at a time, bounded, restored."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

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
    tmp_path_factory: pytest.TempPathFactory, keyed_database: KeyedDatabase, quick_appraisal_scenarios: Path
) -> Iterator[tuple[Keys, TestClient]]:
    url, keys = keyed_database({org: (org, "shipper") for org in ("alpha", "beta")})
    scenarios = quick_appraisal_scenarios
    settings = Settings(
        scenarios=scenarios,
        workers=1,
        max_jobs=10,
        database_url=url,
        runs=tmp_path_factory.mktemp("runs"),
        flow_runs=tmp_path_factory.mktemp("flow-runs"),
    )
    with TestClient(create_app(settings)) as client:
        yield keys, client


@pytest.fixture
def keys(keys_and_client: tuple[Keys, TestClient]) -> Keys:
    return keys_and_client[0]


@pytest.fixture
def client(keys_and_client: tuple[Keys, TestClient]) -> TestClient:
    return keys_and_client[1]


def wait_for(client: TestClient, url: str, headers: dict[str, str], timeout_s: float = 240) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(url, headers=headers).json()
        if status["status"] in ("done", "failed", "cancelled"):
            return status
        time.sleep(0.3)
    raise AssertionError(f"{url} did not finish")


@pytest.mark.slow
def test_a_flows_job_with_the_twin_and_an_appraisal_job(client: TestClient, keys: Keys) -> None:
    alpha, beta = keys["alpha"], keys["beta"]
    response = client.post("/v1/flows", json={"scenario": "baseline-2024", "twin_rounds": 1}, headers=alpha)
    assert response.status_code == 202
    job_id = response.json()["job_id"]
    # one job at a time per organisation: a second waits for the first
    second = client.post("/v1/appraisals", json={"appraisal": "one-candidates"}, headers=alpha)
    assert second.status_code == 429
    assert wait_for(client, f"/v1/flows/{job_id}", alpha)["status"] == "done"
    results = client.get(f"/v1/flows/{job_id}/results", headers=alpha).json()
    shares = results["corridor_shares"]["westbound"]
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["sea"] > 0.9
    assert results["twin"]["rounds"][0]["elements"]
    assert any(b["kind"] == "services" for b in results["bottlenecks"])
    links = client.get(f"/v1/flows/{job_id}/links.geojson", headers=alpha).json()
    assert links["type"] == "FeatureCollection"
    top = max(links["features"], key=lambda f: f["properties"]["teu_per_year"])
    assert top["properties"]["teu_per_year"] > 1e6  # a deep-sea lane
    page = client.get(f"/v1/flows/{job_id}/report", headers=alpha)
    assert page.status_code == 200
    assert "Twin feedback" in page.text
    # another organisation does not see it; a flows job is not an appraisal
    assert client.get(f"/v1/flows/{job_id}", headers=beta).status_code == 404
    assert client.get(f"/v1/appraisals/{job_id}", headers=alpha).status_code == 404
    assert [j["job_id"] for j in client.get("/v1/flows", headers=alpha).json()["jobs"]] == [job_id]
    # the appraisal, now that the flows job is done
    response = client.post("/v1/appraisals", json={"appraisal": "one-candidates"}, headers=alpha)
    assert response.status_code == 202
    appraisal_id = response.json()["job_id"]
    assert wait_for(client, f"/v1/appraisals/{appraisal_id}", alpha)["status"] == "done"
    ranking = client.get(f"/v1/appraisals/{appraisal_id}/results", headers=alpha).json()["ranking"]
    assert [r["rank"] for r in ranking] == [1]
    assert client.get(f"/v1/appraisals/{appraisal_id}/report", headers=alpha).status_code == 200
    # a server started again over the same folder serves both again
    again = JobManager(workers=1, max_jobs=4, runs=client.app.state.context.settings.flow_runs)  # type: ignore[attr-defined]
    restored = again.get(job_id)
    assert restored.status == JobState.DONE
    assert restored.kind == "flows"
    assert restored.summary == results
    assert again.get(appraisal_id).kind == "appraisal"


def test_flows_jobs_need_a_key(client: TestClient) -> None:
    assert client.post("/v1/flows", json={"scenario": "baseline-2024"}).status_code == 401
    assert client.post("/v1/appraisals", json={"appraisal": "one-candidates"}).status_code == 401


@pytest.mark.parametrize(
    ("url", "body", "status", "words"),
    [
        ("/v1/flows", {"scenario": "baseline-2024", "twin_rounds": 99}, 422, "twin_rounds"),
        ("/v1/flows", {"scenario": "no-such-scenario"}, 404, "no-such-scenario"),
        ("/v1/flows", {"scenario": "surge-2022"}, 422, "no assignment section"),
        ("/v1/flows", {"scenario": "../../etc/passwd"}, 404, "passwd"),
        ("/v1/appraisals", {"appraisal": "baseline-2024"}, 404, "no such appraisal file"),
        ("/v1/appraisals", {"appraisal": "one-candidates", "draws": 5000}, 422, "draws"),
    ],
)
def test_bad_requests_get_one_clear_error(
    client: TestClient, keys: Keys, url: str, body: dict[str, Any], status: int, words: str
) -> None:
    response = client.post(url, json=body, headers=keys["beta"])
    assert response.status_code == status
    assert words in response.text


def test_unknown_jobs_are_not_found(client: TestClient, keys: Keys) -> None:
    for url in ("/v1/flows/nope", "/v1/flows/nope/results", "/v1/appraisals/nope/report"):
        assert client.get(url, headers=keys["beta"]).status_code == 404
