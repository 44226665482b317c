"""Scenarios and simulation runs as jobs: submit, poll, results, compare, cancel.

Jobs need an API key and belong to the key's organisation: a caller lists,
reads and cancels its own jobs (admins all); another's job is reported as not
found. Work is bounded before a job is submitted
(:func:`corridor.simulation.jobs.check_work`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from corridor.api.deps import Ctx, Key, transaction
from corridor.api.models import (
    ERRORS,
    CompareOut,
    JobList,
    JobOut,
    ScenarioList,
    ScenarioOut,
    SimulationRequest,
)
from corridor.errors import JobNotFinishedError, LimitExceededError, ScenarioError
from corridor.simulation.compare import compare_runs
from corridor.simulation.compiled import compile_plan, scenario_network
from corridor.simulation.jobs import check_work
from corridor.simulation.output import run_tables_workbook
from corridor.simulation.run import RunFolder
from corridor.simulation.scenario import find_scenario, list_scenarios, load_scenario, scenario_from_dict

router = APIRouter(prefix="/v1", tags=["simulation"])
JobId = Annotated[str, PathParam(min_length=1, max_length=40)]


def _owner(ctx: Ctx, key: str | None) -> tuple[str, str | None]:
    """The caller's organisation (the jobs' owner) and the owner filter (``None`` for admins)."""
    with transaction(ctx, key) as (_, principal):
        owner = str(principal.organisation_id)
        return owner, None if principal.role == "admin" else owner


@router.get("/scenarios", response_model=ScenarioList)
def scenarios(ctx: Ctx) -> ScenarioList:
    """Scenarios the server can run by name."""
    found = list_scenarios(ctx.settings.scenarios)
    return ScenarioList(
        scenarios=[
            ScenarioOut(name=s.name, description=s.description, horizon_days=s.horizon_days) for s in found
        ]
    )


@router.post("/simulations", status_code=202, response_model=JobOut, responses=ERRORS)
def submit(body: SimulationRequest, key: Key, ctx: Ctx) -> dict[str, Any]:
    """Start a simulation run as a job of the key's organisation; poll its status."""
    owner, _ = _owner(ctx, key)
    settings = ctx.settings
    if (body.scenario is None) == (body.document is None):
        raise ScenarioError("give either scenario (a name) or document (a scenario)", field="scenario")
    if body.replications > settings.max_replications:
        raise LimitExceededError(
            f"at most {settings.max_replications} replications, got {body.replications}", field="replications"
        )
    if body.scenario is not None:
        path = find_scenario(settings.scenarios, body.scenario)
        scenario = load_scenario(path)
        base_dir = path.parent
    else:
        scenario = scenario_from_dict(body.document, source="document")
        base_dir = settings.scenarios
    if scenario.network != "bundled":
        raise ScenarioError(
            "scenarios sent to the server must use the bundled network", field="document.network"
        )
    check_work(scenario, replications=body.replications)
    plan = compile_plan(scenario, base_dir=base_dir)
    job = ctx.jobs.submit(
        plan,
        scenario=scenario.name,
        replications=body.replications,
        seed=body.seed,
        owner=owner,
        network=scenario_network(scenario, base_dir),
    )
    return job.to_dict()


@router.get("/simulations", response_model=JobList, responses=ERRORS)
def list_jobs(key: Key, ctx: Ctx) -> dict[str, Any]:
    """The jobs of the key's organisation (every job, for admin keys)."""
    _, visible = _owner(ctx, key)
    return {"jobs": [j.to_dict() for j in ctx.jobs.visible(visible)]}


@router.get("/simulations/compare", response_model=CompareOut, responses=ERRORS)
def compare(
    key: Key, ctx: Ctx, a: str = Query(max_length=40), b: str = Query(max_length=40)
) -> dict[str, Any]:
    """KPI differences between two finished jobs, with 95% confidence intervals."""
    _, visible = _owner(ctx, key)
    runs = []
    for field, job_id in (("a", a), ("b", b)):
        job = ctx.jobs.finished(job_id, field=field, owner=visible)
        runs.append(RunFolder(Path(job_id), job.summary or {}, job.results))
    return {"rows": compare_runs(runs[0], runs[1])}


@router.get("/simulations/{job_id}", response_model=JobOut, responses=ERRORS)
def status(job_id: JobId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """A job's status and progress."""
    _, visible = _owner(ctx, key)
    return ctx.jobs.get(job_id, owner=visible).to_dict()


@router.get("/simulations/{job_id}/results", responses=ERRORS)
def results(job_id: JobId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """The run summary of a finished job."""
    _, visible = _owner(ctx, key)
    summary = ctx.jobs.finished(job_id, owner=visible).summary
    return dict(summary or {})


@router.get("/simulations/{job_id}/report", response_class=HTMLResponse, responses=ERRORS)
def report(job_id: JobId, key: Key, ctx: Ctx) -> HTMLResponse:
    """The finished job's self-contained HTML report (its run folder is kept on the server's disk)."""
    _, visible = _owner(ctx, key)
    job = ctx.jobs.finished(job_id, owner=visible)
    folder = ctx.jobs.run_folder(job)
    page = None if folder is None else folder / "report.html"
    if page is None or not page.is_file():
        raise JobNotFinishedError(f"job {job_id!r} kept no run folder", field="job_id")
    return HTMLResponse(page.read_text(encoding="utf-8"))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/simulations/{job_id}/tables.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "The workbook"}, **ERRORS},
)
def tables(job_id: JobId, key: Key, ctx: Ctx) -> Response:
    """The finished job's tables (transit times, by month, services, hubs, queues) as one workbook."""
    _, visible = _owner(ctx, key)
    job = ctx.jobs.finished(job_id, owner=visible)
    folder = ctx.jobs.run_folder(job)
    if folder is None or not (folder / "transit_times.csv").is_file():
        raise JobNotFinishedError(f"job {job_id!r} kept no run folder", field="job_id")
    data = run_tables_workbook(folder, dict(job.summary or {}))
    name = f"corridor-run-{job_id[:8]}.xlsx"
    return Response(data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.delete("/simulations/{job_id}", response_model=JobOut, responses=ERRORS)
def cancel(job_id: JobId, key: Key, ctx: Ctx) -> dict[str, Any]:
    """Cancel a job: its worker processes stop at once."""
    _, visible = _owner(ctx, key)
    return ctx.jobs.cancel(job_id, owner=visible).to_dict()
