"""Scenarios and simulation runs as jobs: submit, poll, results, compare, cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query

from corridor.api.deps import Ctx
from corridor.api.models import (
    ERRORS,
    CompareOut,
    JobList,
    JobOut,
    ScenarioList,
    ScenarioOut,
    SimulationRequest,
)
from corridor.errors import LimitExceededError, ScenarioError
from corridor.simulation.compare import compare_runs
from corridor.simulation.compiled import compile_plan
from corridor.simulation.run import RunFolder
from corridor.simulation.scenario import find_scenario, list_scenarios, load_scenario, scenario_from_dict

router = APIRouter(prefix="/v1", tags=["simulation"])


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
def submit(body: SimulationRequest, ctx: Ctx) -> dict[str, Any]:
    """Start a simulation run as a job; poll its status."""
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
    plan = compile_plan(scenario, base_dir=base_dir)
    job = ctx.jobs.submit(plan, scenario=scenario.name, replications=body.replications, seed=body.seed)
    return job.to_dict()


@router.get("/simulations", response_model=JobList)
def list_jobs(ctx: Ctx) -> dict[str, Any]:
    """All jobs of this server."""
    return {"jobs": [j.to_dict() for j in ctx.jobs.jobs.values()]}


@router.get("/simulations/compare", response_model=CompareOut, responses=ERRORS)
def compare(ctx: Ctx, a: str = Query(max_length=40), b: str = Query(max_length=40)) -> dict[str, Any]:
    """KPI differences between two finished jobs, with 95% confidence intervals."""
    runs = []
    for field, job_id in (("a", a), ("b", b)):
        job = ctx.jobs.finished(job_id, field=field)
        assert job.summary is not None  # finished() guarantees it
        runs.append(RunFolder(Path(job_id), job.summary, job.results))
    return {"rows": compare_runs(runs[0], runs[1])}


@router.get("/simulations/{job_id}", response_model=JobOut, responses=ERRORS)
def status(job_id: str, ctx: Ctx) -> dict[str, Any]:
    """A job's status and progress."""
    return ctx.jobs.get(job_id).to_dict()


@router.get("/simulations/{job_id}/results", responses=ERRORS)
def results(job_id: str, ctx: Ctx) -> dict[str, Any]:
    """The run summary of a finished job."""
    summary = ctx.jobs.finished(job_id).summary
    return dict(summary or {})


@router.delete("/simulations/{job_id}", response_model=JobOut, responses=ERRORS)
def cancel(job_id: str, ctx: Ctx) -> dict[str, Any]:
    """Cancel a job (replications already running finish first)."""
    return ctx.jobs.cancel(job_id).to_dict()
