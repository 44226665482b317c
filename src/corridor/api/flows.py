"""Flows runs and appraisals as jobs: submit, poll, results, report, cancel.

Like ``/v1/simulations``: jobs need an API key and belong to the key's
organisation, run in worker processes of their own, at most one queued or
running per organisation (a second is refused with 429 until the first ends),
persisted as run folders on the server's disk and forgotten (folders deleted)
after the jobs' time to live. Scenarios and appraisal files are the server's
own, named; the twin's rounds and the Monte Carlo draws are bounded.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from corridor.api.deps import Ctx, Key, transaction
from corridor.api.flow_models import AppraisalRequest, FlowsRequest
from corridor.api.models import ERRORS, JobList, JobOut
from corridor.assignment.jobs import AppraisalTask, FlowsTask, check_appraisal_work, check_flows_work
from corridor.errors import JobNotFinishedError, JobNotFoundError, ScenarioError, UnknownScenarioError
from corridor.simulation.jobs import Job
from corridor.simulation.scenario import find_scenario, load_scenario

router = APIRouter(prefix="/v1", tags=["flows"])
JobId = Annotated[str, PathParam(min_length=1, max_length=40)]


def _owner(ctx: Ctx, key: str | None) -> tuple[str, str | None]:
    with transaction(ctx, key) as (_, principal):
        owner = str(principal.organisation_id)
        return owner, None if principal.role == "admin" else owner


def _job(ctx: Ctx, key: str | None, job_id: str, kind: str) -> Job:
    _, visible = _owner(ctx, key)
    job = ctx.flow_jobs.get(job_id, owner=visible)
    if job.kind != kind:
        raise JobNotFoundError(f"unknown job {job_id!r}", field="job_id")
    return job


def _finished(ctx: Ctx, key: str | None, job_id: str, kind: str) -> Job:
    job = _job(ctx, key, job_id, kind)
    if job.summary is None:
        raise JobNotFinishedError(f"job {job_id!r} is {job.status}, not done", field="job_id")
    return job


def _report(ctx: Ctx, job: Job) -> HTMLResponse:
    folder = ctx.flow_jobs.run_folder(job)
    page = None if folder is None else folder / "report.html"
    if page is None or not page.is_file():
        raise JobNotFinishedError(f"job {job.job_id!r} kept no run folder", field="job_id")
    return HTMLResponse(page.read_text(encoding="utf-8"))


@router.post("/flows", status_code=202, response_model=JobOut, responses=ERRORS)
def submit_flows(body: FlowsRequest, key: Key, ctx: Ctx) -> dict[str, Any]:
    """Start a scenario's flows run (with the twin's rounds, if asked) as a job; poll its status."""
    owner, _ = _owner(ctx, key)
    steps = check_flows_work(twin_rounds=body.twin_rounds)
    path = find_scenario(ctx.settings.scenarios, body.scenario)
    if load_scenario(path).assignment is None:
        raise ScenarioError(
            f"scenario {body.scenario!r} has no assignment section: it can be simulated, not assigned",
            field="scenario",
        )
    task = FlowsTask(path, twin_rounds=body.twin_rounds)
    return ctx.flow_jobs.submit_task(task, scenario=body.scenario, steps=steps, owner=owner).to_dict()


@router.get("/flows", response_model=JobList, responses=ERRORS)
def list_flows(key: Key, ctx: Ctx) -> dict[str, Any]:
    """The flows jobs of the key's organisation (every one, for admin keys)."""
    _, visible = _owner(ctx, key)
    return {"jobs": [j.to_dict() for j in ctx.flow_jobs.visible(visible) if j.kind == "flows"]}


@router.get("/flows/{job_id}", response_model=JobOut, responses=ERRORS)
def flows_status(job_id: JobId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """A flows job's status and progress."""
    return _job(ctx, key, job_id, "flows").to_dict()


@router.get("/flows/{job_id}/results", responses=ERRORS)
def flows_results(job_id: JobId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """A finished flows job's summary: shares and TEU by corridor, bottlenecks, fit, the twin's rounds."""
    return dict(_finished(ctx, key, job_id, "flows").summary or {})


@router.get("/flows/{job_id}/report", response_class=HTMLResponse, responses=ERRORS)
def flows_report(job_id: JobId, key: Key, ctx: Ctx) -> HTMLResponse:
    """The finished flows job's self-contained HTML report (a download: tables, map, twin rounds)."""
    return _report(ctx, _finished(ctx, key, job_id, "flows"))


@router.get("/flows/{job_id}/links.geojson", responses=ERRORS)
def flows_links(job_id: JobId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """A finished flows job's TEU per year on every loaded link, both directions, as GeoJSON lines."""
    job = _finished(ctx, key, job_id, "flows")
    folder = ctx.flow_jobs.run_folder(job)
    path = None if folder is None else folder / "link_flows.geojson"
    if path is None or not path.is_file():
        raise JobNotFinishedError(f"job {job_id!r} kept no run folder", field="job_id")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@router.delete("/flows/{job_id}", response_model=JobOut, responses=ERRORS)
def cancel_flows(job_id: JobId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """Cancel a flows job: its worker process stops at once."""
    job = _job(ctx, key, job_id, "flows")
    return ctx.flow_jobs.cancel(job.job_id).to_dict()


def _appraisal_file(ctx: Ctx, name: str) -> Any:
    folder = ctx.settings.scenarios
    stem = name.removesuffix(".yaml")
    files = {p.stem: p for p in sorted(folder.glob("*-candidates.yaml"))} if folder.is_dir() else {}
    if stem not in files:
        known = ", ".join(files) or "none"
        raise UnknownScenarioError(f"{name}: no such appraisal file (names: {known})", field="appraisal")
    return files[stem]


@router.post("/appraisals", status_code=202, response_model=JobOut, responses=ERRORS)
def submit_appraisal(body: AppraisalRequest, key: Key, ctx: Ctx) -> dict[str, Any]:
    """Start an appraisal of an appraisal file's candidates as a job; poll its status."""
    owner, _ = _owner(ctx, key)
    steps = check_appraisal_work(draws=body.draws)
    task = AppraisalTask(_appraisal_file(ctx, body.appraisal), draws=body.draws)
    return ctx.flow_jobs.submit_task(task, scenario=body.appraisal, steps=steps, owner=owner).to_dict()


@router.get("/appraisals", response_model=JobList, responses=ERRORS)
def list_appraisals(key: Key, ctx: Ctx) -> dict[str, Any]:
    """The appraisal jobs of the key's organisation (every one, for admin keys)."""
    _, visible = _owner(ctx, key)
    return {"jobs": [j.to_dict() for j in ctx.flow_jobs.visible(visible) if j.kind == "appraisal"]}


@router.get("/appraisals/{job_id}", response_model=JobOut, responses=ERRORS)
def appraisal_status(job_id: JobId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """An appraisal job's status and progress."""
    return _job(ctx, key, job_id, "appraisal").to_dict()


@router.get("/appraisals/{job_id}/results", responses=ERRORS)
def appraisal_results(job_id: JobId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """A finished appraisal's ranking (NPV, BCR, TEU diverted, CO2e, abatement cost) and robustness."""
    return dict(_finished(ctx, key, job_id, "appraisal").summary or {})


@router.get("/appraisals/{job_id}/report", response_class=HTMLResponse, responses=ERRORS)
def appraisal_report(job_id: JobId, key: Key, ctx: Ctx) -> HTMLResponse:
    """The finished appraisal's self-contained HTML report."""
    return _report(ctx, _finished(ctx, key, job_id, "appraisal"))


@router.delete("/appraisals/{job_id}", response_model=JobOut, responses=ERRORS)
def cancel_appraisal(job_id: JobId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """Cancel an appraisal job: its worker process stops at once."""
    job = _job(ctx, key, job_id, "appraisal")
    return ctx.flow_jobs.cancel(job.job_id).to_dict()
