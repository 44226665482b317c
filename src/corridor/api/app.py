"""The HTTP API (FastAPI) and the web page. A thin surface: parse, call the library, render.

Exceptions map to HTTP status codes in exactly one place (:func:`_error_response`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corridor import __version__
from corridor.api.jobs import JobManager
from corridor.api.models import (
    CompareOut,
    ErrorOut,
    Health,
    JobList,
    JobOut,
    NodeList,
    NodeOut,
    RouteRequest,
    RouteResponse,
    ScenarioList,
    ScenarioOut,
    SimulationRequest,
)
from corridor.api.settings import Settings
from corridor.emissions import bundled_factors, chain_emissions, chain_from_dict
from corridor.emissions.chain_input import ChainDocument
from corridor.errors import (
    AmbiguousNodeError,
    ChainInputError,
    ConstraintError,
    CorridorError,
    FactorLookupError,
    NoRouteError,
    SearchLimitError,
    UnknownConstraintValueError,
    UnknownNodeError,
)
from corridor.network.io import bundled_network, network_from_csv, network_to_geojson
from corridor.network.model import Network, normalise_name
from corridor.routing import Cargo, Constraints, route
from corridor.routing.io import result_to_dict, result_to_geojson
from corridor.simulation.compare import compare_runs
from corridor.simulation.plan import compile_plan
from corridor.simulation.run import RunFolder
from corridor.simulation.scenario import ScenarioError, load_scenario, scenario_from_dict

STATIC = Path(str(resources.files("corridor") / "web" / "static"))
COUNTRIES = Path(str(resources.files("corridor") / "data" / "geo" / "countries_110m.geojson"))
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Unknown node, scenario or job"},
    413: {"model": ErrorOut, "description": "Request body too large"},
    422: {"model": ErrorOut, "description": "Invalid or infeasible request"},
}


class ApiError(CorridorError):
    """An error with its HTTP status and the request field it concerns."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field


#: Request fields named differently from the library's constraint fields.
_REQUEST_FIELD = {"via_nodes": "via"}


def _error_response(err: Exception) -> JSONResponse:
    """The one place where exceptions become HTTP responses."""
    if isinstance(err, ApiError):
        status, field = err.status, err.field
    elif isinstance(err, UnknownNodeError):
        status, field = 404, None
    elif isinstance(err, UnknownConstraintValueError):
        status, field = 422, _REQUEST_FIELD.get(err.field, err.field)
    elif isinstance(
        err,
        AmbiguousNodeError
        | NoRouteError
        | ConstraintError
        | ChainInputError
        | FactorLookupError
        | ScenarioError
        | SearchLimitError,
    ):
        status, field = 422, None
    else:
        status, field = 500, None
    return JSONResponse({"detail": {"message": str(err), "field": field}}, status_code=status)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before reading them whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLargeError
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLargeError:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = JSONResponse(
            {"detail": {"message": f"request body over {self.limit} bytes", "field": None}}, status_code=413
        )
        await send({"type": "http.response.start", "status": 413, "headers": body.raw_headers})
        await send({"type": "http.response.body", "body": body.body})


class _TooLargeError(Exception):
    pass


def create_app(settings: Settings | None = None, *, network: Network | None = None) -> FastAPI:
    """The application: API under ``/v1``, the web page at ``/``."""
    settings = settings or Settings.from_env()
    net = network or (bundled_network() if settings.network is None else network_from_csv(settings.network))
    factors = bundled_factors()
    jobs = JobManager(workers=settings.workers, max_jobs=settings.max_jobs)
    from corridor.services.webhooks import Notifier

    notifier = Notifier()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()
        notifier.close()

    app = FastAPI(
        title="Corridor API",
        version=__version__,
        lifespan=lifespan,
        description="Plan, cost and simulate container freight on the Eurasian corridors.",
    )
    app.state.jobs = jobs
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    @app.exception_handler(CorridorError)
    async def corridor_error(_: Request, err: CorridorError) -> JSONResponse:
        return _error_response(err)

    @app.get("/v1/health", response_model=Health, tags=["meta"])
    def health() -> Health:
        """Server health and the versions of the data it serves."""
        return Health(
            status="ok",
            version=__version__,
            network=f"{net.name} {net.version}",
            factors=f"{factors.name} {factors.version}",
        )

    @app.get("/v1/network.geojson", tags=["network"])
    def network_geojson() -> dict[str, Any]:
        """The network as GeoJSON (nodes as points, links as lines, every attribute a property)."""
        return network_to_geojson(net)

    @app.get("/v1/nodes", response_model=NodeList, tags=["network"])
    def nodes(q: str = Query("", max_length=100), limit: int = Query(10, ge=1, le=100)) -> NodeList:
        """Nodes whose name, alternative name, id or UN/LOCODE starts with (or contains) ``q``."""
        key = normalise_name(q)
        ranked: list[tuple[int, str, str]] = []
        for node in net.nodes.values():
            names = [node.name, node.node_id, *(node.alt_names), node.locode or ""]
            keys = [normalise_name(n) for n in names if n]
            if not key:
                score = 2
            elif any(k.startswith(key) for k in keys):
                score = 0
            elif any(key in k for k in keys):
                score = 1
            else:
                continue
            ranked.append((score, node.name, node.node_id))
        found = [net.nodes[i] for _, _, i in sorted(ranked)[:limit]]
        return NodeList(
            nodes=[
                NodeOut(
                    node_id=n.node_id,
                    name=n.name,
                    locode=n.locode,
                    country=n.country,
                    kind=n.kind,
                    lat=n.lat,
                    lon=n.lon,
                )
                for n in found
            ]
        )

    @app.post("/v1/routes", response_model=RouteResponse, responses=ERRORS, tags=["routing"])
    def routes(body: RouteRequest) -> dict[str, Any]:
        """Pareto-optimal routes: P50/P90 time, cost, CO2e, distance, countries, transshipments."""
        for field in ("origin", "destination"):
            try:
                net.find_node(getattr(body, field))
            except UnknownNodeError as err:
                raise ApiError(404, str(err), field) from err
            except AmbiguousNodeError as err:
                raise ApiError(422, str(err), field) from err
        try:
            cargo = Cargo.parse(body.cargo, dg_class=body.dg_class, mass_t=body.mass_t)
        except ConstraintError as err:
            raise ApiError(422, str(err), "cargo") from err
        if cargo.n_containers > settings.max_containers:
            raise ApiError(
                422,
                f"at most {settings.max_containers} containers per request, got {cargo.n_containers}",
                "cargo",
            )
        try:
            constraints = Constraints(
                avoid_countries=frozenset(c.upper() for c in body.avoid_countries),
                avoid_modes=frozenset(body.avoid_modes),
                require_modes=tuple(dict.fromkeys(body.require_modes)),
                avoid_nodes=tuple(body.avoid_nodes),
                via_nodes=tuple(body.via),
                max_transshipments=body.max_transshipments,
            )
        except UnknownConstraintValueError:
            raise  # mapped to 422 with its own field
        except ConstraintError as err:
            raise ApiError(422, str(err), "constraints") from err
        result = route(
            net,
            body.origin,
            body.destination,
            cargo=cargo,
            constraints=constraints,
            criteria=tuple(dict.fromkeys(body.criteria)),
            value_of_time_usd_per_container_day=body.value_of_time_usd_per_container_day,
            factors=factors,
        )
        return {**result_to_dict(net, result), "geojson": result_to_geojson(net, result)}

    @app.post("/v1/emissions", responses=ERRORS, tags=["emissions"])
    def emissions(body: ChainDocument) -> dict[str, Any]:
        """ISO 14083 / GLEC emissions of a transport chain, per element and in total."""
        return chain_emissions(chain_from_dict(body.model_dump()), factors).to_dict()

    def _scenarios() -> dict[str, Path]:
        folder = settings.scenarios
        return {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}

    @app.get("/v1/scenarios", response_model=ScenarioList, tags=["simulation"])
    def scenarios() -> ScenarioList:
        """Scenarios the server can run by name."""
        out = []
        for name, path in _scenarios().items():
            try:
                s = load_scenario(path)
            except ScenarioError:
                continue
            out.append(ScenarioOut(name=name, description=s.description, horizon_days=s.horizon_days))
        return ScenarioList(scenarios=out)

    @app.post(
        "/v1/simulations", status_code=202, response_model=JobOut, responses=ERRORS, tags=["simulation"]
    )
    def submit(body: SimulationRequest) -> dict[str, Any]:
        """Start a simulation run as a job; poll its status."""
        if (body.scenario is None) == (body.document is None):
            raise ApiError(422, "give either scenario (a name) or document (a scenario)", "scenario")
        if body.replications > settings.max_replications:
            raise ApiError(
                422,
                f"at most {settings.max_replications} replications, got {body.replications}",
                "replications",
            )
        if jobs.active() >= settings.max_jobs:
            raise ApiError(429, f"{settings.max_jobs} jobs are queued or running; try again later")
        if body.scenario is not None:
            path = _scenarios().get(body.scenario)
            if path is None:
                raise ApiError(
                    404, f"unknown scenario {body.scenario!r}; known: {', '.join(_scenarios())}", "scenario"
                )
            scenario = load_scenario(path)
            base_dir = path.parent
        else:
            scenario = scenario_from_dict(body.document, source="document")
            base_dir = settings.scenarios
        if scenario.network != "bundled":
            raise ApiError(
                422, "scenarios sent to the server must use the bundled network", "document.network"
            )
        plan = compile_plan(scenario, base_dir=base_dir)
        return jobs.submit(
            plan, scenario=scenario.name, replications=body.replications, seed=body.seed
        ).to_dict()

    @app.get("/v1/simulations", response_model=JobList, tags=["simulation"])
    def list_jobs() -> dict[str, Any]:
        """All jobs of this server."""
        return {"jobs": [j.to_dict() for j in jobs.jobs.values()]}

    def _job(job_id: str) -> Any:
        job = jobs.jobs.get(job_id)
        if job is None:
            raise ApiError(404, f"unknown job {job_id!r}", "job_id")
        return job

    @app.get("/v1/simulations/compare", response_model=CompareOut, responses=ERRORS, tags=["simulation"])
    def compare(a: str = Query(max_length=40), b: str = Query(max_length=40)) -> dict[str, Any]:
        """KPI differences between two finished jobs, with 95% confidence intervals."""
        runs = []
        for field, job_id in (("a", a), ("b", b)):
            job = _job(job_id)
            if job.summary is None:
                raise ApiError(422, f"job {job_id!r} has not finished", field)
            runs.append(RunFolder(Path(job_id), job.summary, job.results))
        return {"rows": compare_runs(runs[0], runs[1])}

    @app.get("/v1/simulations/{job_id}", response_model=JobOut, responses=ERRORS, tags=["simulation"])
    def status(job_id: str) -> dict[str, Any]:
        """A job's status and progress."""
        return dict(_job(job_id).to_dict())

    @app.get("/v1/simulations/{job_id}/results", responses=ERRORS, tags=["simulation"])
    def results(job_id: str) -> dict[str, Any]:
        """The run summary of a finished job."""
        job = _job(job_id)
        if job.summary is None:
            raise ApiError(422, f"job {job_id!r} is {job.status}, not done", "job_id")
        return dict(job.summary)

    @app.delete("/v1/simulations/{job_id}", response_model=JobOut, responses=ERRORS, tags=["simulation"])
    def cancel(job_id: str) -> dict[str, Any]:
        """Cancel a job (replications already running finish first)."""
        job = _job(job_id)
        job.cancel.set()
        if job.status == "queued":
            job.status = "cancelled"
        return dict(job.to_dict())

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = STATIC / "index.html"
        if not page.is_file():
            return JSONResponse({"detail": {"message": "the web page is not installed", "field": None}}, 404)
        return FileResponse(page)

    @app.get("/static/countries.geojson", include_in_schema=False)
    def countries() -> FileResponse:
        return FileResponse(COUNTRIES, media_type="application/geo+json")

    from corridor.services.api import shipments_router
    from corridor.services.db import lazy_session_factory

    app.include_router(
        shipments_router(
            lazy_session_factory(settings.database_url),
            network=net,
            factors=factors,
            notifier=notifier,
            webhook_hosts=settings.webhook_hosts,
        )
    )

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


__all__ = ["ApiError", "create_app"]
