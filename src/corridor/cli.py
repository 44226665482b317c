"""The ``corridor`` command line: parse, call the library, render. Nothing more."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from corridor import __version__
from corridor.chain.document import chain_schema_json
from corridor.emissions.calculate import ChainEmissions, chain_emissions
from corridor.emissions.factors import bundled_factors, factors_from_csv
from corridor.emissions.ileap import footprint_to_ileap
from corridor.emissions.io import chains_from_json
from corridor.emissions.report import report_html
from corridor.errors import CorridorError, NetworkDataError, NoRouteError
from corridor.network.io import bundled_network, network_from_csv, network_to_geojson
from corridor.network.model import Network
from corridor.routing import CRITERIA, DEFAULT_CRITERIA, RouteQuery, route_query
from corridor.routing.io import result_to_dict, result_to_geojson

app = typer.Typer(
    name="corridor",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    help="Plan, cost and simulate container freight on the Eurasian corridors.",
)
network_app = typer.Typer(no_args_is_help=True, help="Inspect, validate and export networks.")
app.add_typer(network_app, name="network")
scenario_app = typer.Typer(no_args_is_help=True, help="Scenario files and comparisons of simulation runs.")
app.add_typer(scenario_app, name="scenario")
db_app = typer.Typer(no_args_is_help=True, help="Create or migrate the shipment database.")
app.add_typer(db_app, name="db")
admin_app = typer.Typer(no_args_is_help=True, help="Organisations and API keys of the shipment service.")
app.add_typer(admin_app, name="admin")

#: The CLI's name for each routing query field, used when an error blames one.
OPTION_NAMES = {
    "avoid_countries": "--avoid-country",
    "avoid_modes": "--avoid-mode",
    "require_modes": "--require-mode",
    "avoid_nodes": "--avoid-node",
    "via": "--via",
    "max_transshipments": "--max-transshipments",
    "dg_class": "--dg-class",
}

NetworkOption = Annotated[
    Path | None, typer.Option("--network", help="Network folder (default: the bundled Eurasian network).")
]


def _load(path: Path | None) -> Network:
    return bundled_network() if path is None else network_from_csv(path)


def _emit(text: str, out: Path | None) -> None:
    """Write ``text`` to ``out`` atomically (never half-written), or to stdout."""
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    directory = out.parent if str(out.parent) else Path()
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"corridor {__version__}")
        raise typer.Exit()


@app.command("route")
def route_command(
    origin: Annotated[str, typer.Argument(help="Origin: name, UN/LOCODE or node id.")],
    destination: Annotated[str, typer.Argument(help="Destination: name, UN/LOCODE or node id.")],
    cargo: Annotated[str, typer.Option(help="Containers, e.g. 2x40HC or 1x20,1x40RF.")] = "1x40",
    dg_class: Annotated[int | None, typer.Option(help="Dangerous-goods class 1-9.")] = None,
    avoid_country: Annotated[list[str] | None, typer.Option(help="ISO codes to avoid, e.g. RU,BY.")] = None,
    avoid_mode: Annotated[
        list[str] | None, typer.Option(help="Modes to avoid: rail,road,sea,ferry,iww.")
    ] = None,
    require_mode: Annotated[list[str] | None, typer.Option(help="Modes the route must use.")] = None,
    avoid_node: Annotated[list[str] | None, typer.Option(help="Nodes to avoid.")] = None,
    via: Annotated[list[str] | None, typer.Option(help="Nodes to pass, in order.")] = None,
    max_transshipments: Annotated[int | None, typer.Option(help="Most transshipments allowed.")] = None,
    mass_t: Annotated[
        float | None, typer.Option(help="Cargo mass in tonnes (default: 10 t per TEU, GLEC).")
    ] = None,
    criteria: Annotated[
        str, typer.Option(help=f"Criteria to minimise, from {','.join(CRITERIA)}.")
    ] = ",".join(DEFAULT_CRITERIA),
    value_of_time: Annotated[
        float | None, typer.Option(help="USD per container-day; marks the best option.")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="table, json or geojson.")] = "table",
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    network_path: NetworkOption = None,
) -> None:
    """Pareto-optimal routes between two places: P50/P90 time, cost, CO2e (WTW) and distance."""
    if output_format not in ("table", "json", "geojson"):
        raise typer.BadParameter(
            f"expected table, json or geojson, got {output_format!r}", param_hint="--format"
        )
    network = _load(network_path)
    query = RouteQuery.build(
        origin,
        destination,
        cargo=cargo,
        dg_class=dg_class,
        mass_t=mass_t,
        avoid_countries=avoid_country,
        avoid_modes=avoid_mode,
        require_modes=require_mode,
        avoid_nodes=avoid_node,
        via=via,
        max_transshipments=max_transshipments,
        criteria=criteria,
        value_of_time_usd_per_container_day=value_of_time,
    )
    result = route_query(network, query)
    if output_format == "json":
        _emit(json.dumps(result_to_dict(network, result), indent=2, ensure_ascii=False), out)
    elif output_format == "geojson":
        _emit(json.dumps(result_to_geojson(network, result), ensure_ascii=False), out)
    else:
        _emit(_route_table(network, result_to_dict(network, result)), out)


def _route_table(network: Network, data: dict[str, Any]) -> str:
    query = data["query"]
    names = network.nodes[query["origin"]].name, network.nodes[query["destination"]].name
    title = f"{names[0]} → {names[1]}, {query['cargo']}"
    if query["constraints"]:
        title += "; " + "; ".join(query["constraints"])
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("route", ratio=1, min_width=32)
    for header in ("P50 d", "P90 d", "cost USD", "CO2e t", "km"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("countries", max_width=17)
    table.add_column("tr", justify="right", no_wrap=True)
    table.add_column("bo", justify="right", no_wrap=True)
    for option in data["options"]:
        marker = " *" if option["best"] else ""
        table.add_row(
            f"{option['rank']}{marker}",
            option["path"],
            f"{option['duration_days_p50']:.1f}",
            f"{option['duration_days_p90']:.1f}",
            f"{option['cost_usd']:,.0f}",
            f"{option['co2e_kg'] / 1000:,.1f}",
            f"{option['distance_km']:,.0f}",
            " ".join(option["countries"]),
            str(option["transshipments"]),
            str(option["border_crossings"]),
        )
    console = Console(
        width=int(os.environ.get("COLUMNS", "120")), record=True, highlight=False, file=io.StringIO()
    )
    console.print(table)
    prov = data["provenance"]
    note = (
        f"{len(data['options'])} Pareto-optimal option(s) on {', '.join(query['criteria'])}; "
        "CO2e well-to-wheel (ISO 14083); tr = transshipments, bo = border crossings; "
        f"USD {prov['currency_year']}; network {prov['network']} {prov['network_version']}; "
        f"factors {prov['factor_dataset']} {prov['factor_dataset_version']}"
    )
    if any(o["best"] for o in data["options"]):
        note += "; * = best at the given value of time"
    console.print(note)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


@app.command("emissions")
def emissions_command(
    chain_file: Annotated[
        Path | None,
        typer.Argument(help="Chain document (JSON), or the output of corridor route --format json."),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="table, json or ileap.")] = "table",
    option: Annotated[int | None, typer.Option(help="Only this option of a route result (1-based).")] = None,
    report: Annotated[
        Path | None, typer.Option(help="Also write an ISO 14083-style HTML report here.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    schema: Annotated[bool, typer.Option("--schema", help="Print the chain document's JSON Schema.")] = False,
    factors_path: Annotated[
        Path | None, typer.Option("--factors", help="Factor dataset folder (default: bundled GLEC v3).")
    ] = None,
) -> None:
    """Greenhouse-gas emissions (ISO 14083 / GLEC) of a transport chain, per element and in total."""
    if schema:
        _emit(chain_schema_json(), out)
        return
    if chain_file is None:
        raise typer.BadParameter("give a chain file, or --schema", param_hint="CHAIN_FILE")
    if output_format not in ("table", "json", "ileap"):
        raise typer.BadParameter(
            f"expected table, json or ileap, got {output_format!r}", param_hint="--format"
        )
    factors = bundled_factors() if factors_path is None else factors_from_csv(factors_path)
    chains = chains_from_json(chain_file, option=option)
    results = [(label, chain, chain_emissions(chain, factors)) for label, chain in chains]
    if (report is not None or output_format == "ileap") and len(results) > 1:
        raise typer.BadParameter(
            f"{chain_file} holds {len(results)} route options; choose one with --option",
            param_hint="--option",
        )
    if report is not None:
        label, chain, result = results[0]
        name = f"{chain.origin} → {chain.destination}" if chain.origin else label
        _emit(
            report_html(result, factors, title=f"Emissions report: {name}", chain_label=f"{name} ({label})"),
            report,
        )
    if output_format == "json":
        data = [{"label": label, **result.to_dict()} for label, _, result in results]
        _emit(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False), out)
    elif output_format == "ileap":
        label, chain, result = results[0]
        shipment = f"corridor-{chain.origin or 'chain'}-{chain.destination or label}".replace(" ", "-")
        _emit(json.dumps(footprint_to_ileap(chain, result, factors, shipment_id=shipment), indent=2), out)
    else:
        _emit("\n".join(_emissions_table(label, result) for label, _, result in results), out)


def _short_category(category: str) -> str:
    """``rail-container-diesel+rail-container-electric`` as ``rail-container-diesel+electric``."""
    first, *rest = category.split("+")
    prefix = first.rsplit("-", 1)[0] + "-"
    return "+".join([first, *(r.removeprefix(prefix) for r in rest)])


def _emissions_table(label: str, result: ChainEmissions) -> str:
    table = Table(
        title=f"{label}: {result.wtw_kg:,.1f} kg CO2e WTW",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        title_justify="left",
    )
    for header in ("#", "element", "category", "activity", "unit", "WTT kg", "TTW kg", "WTW kg", "data"):
        numeric = header in ("#", "activity", "WTT kg", "TTW kg", "WTW kg")
        table.add_column(
            header, justify="right" if numeric else "left", no_wrap=header not in ("unit", "data")
        )
    for e in result.elements:
        table.add_row(
            str(e.index + 1),
            f"{e.element_type} {e.mode or e.node_id or ''}".strip(),
            _short_category(e.category_id),
            f"{e.activity:,.0f}",
            "boxes" if e.activity_unit == "container" else e.activity_unit,
            "—" if e.wtt_kg is None else f"{e.wtt_kg:,.1f}",
            "—" if e.ttw_kg is None else f"{e.ttw_kg:,.1f}",
            f"{e.wtw_kg:,.1f}",
            "n/a" if e.data_category == "not applicable" else e.data_category,
        )
    console = Console(
        width=int(os.environ.get("COLUMNS", "120")), record=True, highlight=False, file=io.StringIO()
    )
    console.print(table)
    intensity = f"{result.wtw_kg * 1000 / result.tkm:.2f} g/tkm" if result.tkm else "n/a"
    console.print(
        f"WTW {result.wtw_kg:,.1f} kg = TTW {result.ttw_kg:,.1f} + WTT {result.wtt_kg:,.1f} + hubs not split "
        f"{result.unsplit_kg:,.1f}; {result.cargo.mass_t:,.1f} t, {result.tkm:,.0f} tkm, {intensity}; "
        f"{result.provenance['factor_dataset']} {result.provenance['factor_dataset_version']}, "
        f"GWP {result.provenance['gwp']}"
    )
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


@app.command("simulate")
def simulate_command(
    scenario_file: Annotated[Path, typer.Argument(help="Scenario file (YAML).")],
    replications: Annotated[int, typer.Option(help="Independent replications.", min=1, max=100_000)] = 20,
    seed: Annotated[int, typer.Option(help="Seed of the whole run.")] = 0,
    out: Annotated[Path, typer.Option(help="Folder for the results.")] = Path("runs/latest"),
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: one per core).", min=1)
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, to run on a cluster.")
    ] = None,
) -> None:
    """Simulate a scenario: replications in parallel, then tables, plots and an HTML report in OUT."""
    from corridor.simulation.executor import DaskExecutor, Executor, LocalExecutor
    from corridor.simulation.plan import compile_plan, scenario_network
    from corridor.simulation.run import read_replications, simulate, summarise, write_replication
    from corridor.simulation.scenario import load_scenario

    scenario = load_scenario(scenario_file)
    plan = compile_plan(scenario, base_dir=scenario_file.parent)
    executor: Executor = DaskExecutor(scheduler) if scheduler else LocalExecutor(workers)
    out.mkdir(parents=True, exist_ok=True)
    for stale in (out / "replications").glob("rep-*.json"):
        stale.unlink()
    console = Console(stderr=True)
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
        ) as progress:
            task = progress.add_task(f"simulating {scenario.name}", total=replications)

            def done(index: int, result: Any) -> None:
                write_replication(out, index, result)
                progress.advance(task)

            results = simulate(plan, replications=replications, seed=seed, executor=executor, on_result=done)
    except KeyboardInterrupt:
        finished = read_replications(out)
        if finished:
            _write_run(
                out,
                plan,
                summarise(plan, finished, seed=seed),
                finished,
                scenario_network(scenario, scenario_file.parent),
            )
        typer.echo(
            f"interrupted: {len(finished)} of {replications} replications finished; "
            f"their results are in {out}",
            err=True,
        )
        raise typer.Exit(130) from None
    summary = summarise(plan, results, seed=seed)
    _write_run(out, plan, summary, results, scenario_network(scenario, scenario_file.parent))
    lines = [f"{scenario.name}: {replications} replications, results in {out}"]
    for name, flow in summary["flows"].items():
        if not flow["background"]:
            t = flow["transit_days"]
            lines.append(
                f"  {name}: transit P50 {t['p50']:.1f} d, P2.5-P97.5 {t['p2_5']:.1f}-{t['p97_5']:.1f} d, "
                f"{flow['delivered_teu']['mean']:,.0f} TEU delivered"
            )
    undelivered = sum(f["undelivered_teu"]["mean"] or 0.0 for f in summary["flows"].values())
    lines.append(
        f"  in transit at the end of the window: {summary['stranded_teu']['mean']:,.0f} TEU "
        f"(followed to delivery; never delivered: {undelivered:,.0f} TEU)"
    )
    _emit("\n".join(lines), None)


def _write_run(out: Path, plan: Any, summary: dict[str, Any], results: list[Any], network: Network) -> None:
    from corridor.simulation import plots
    from corridor.simulation.report import run_report
    from corridor.simulation.run import write_tables

    write_tables(out, summary, results)
    images = [
        plots.transit_plot(summary, results, out / "transit_times.png"),
        plots.queue_plot(summary, results, out / "queues.png"),
        plots.utilisation_plot(summary, out / "utilisation.png"),
        plots.throughput_plot(summary, out / "throughput.png"),
        plots.map_plot(network, summary, out / "map.png"),
    ]
    _emit(run_report(summary, images), out / "report.html")


@app.command("serve")
def serve_command(
    host: Annotated[str | None, typer.Option(help="Bind address (CORRIDOR_HOST, default 127.0.0.1).")] = None,
    port: Annotated[
        int | None, typer.Option(help="Port (CORRIDOR_PORT, default 8000).", min=1, max=65535)
    ] = None,
) -> None:
    """Serve the web page at http://HOST:PORT/ and the API under /v1 (docs at /docs)."""
    import dataclasses

    import uvicorn

    from corridor.api import Settings, create_app

    settings = Settings.from_env()
    settings = dataclasses.replace(settings, host=host or settings.host, port=port or settings.port)
    typer.echo(
        f"Corridor on http://{settings.host}:{settings.port}/ (API docs at /docs); Ctrl-C stops", err=True
    )
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")


@scenario_app.command("schema")
def scenario_schema(out: Annotated[Path | None, typer.Option(help="Write to this file.")] = None) -> None:
    """Print the scenario file's JSON Schema (for editors)."""
    from corridor.simulation.scenario import scenario_schema_json

    _emit(scenario_schema_json(), out)


@scenario_app.command("compare")
def scenario_compare(
    first: Annotated[Path, typer.Argument(help="Run folder (corridor simulate --out).")],
    second: Annotated[Path, typer.Argument(help="Run folder to compare with the first.")],
    report: Annotated[Path | None, typer.Option(help="Write an HTML report here.")] = None,
) -> None:
    """KPI differences between two runs, with 95% confidence intervals."""
    from corridor.simulation import plots
    from corridor.simulation.compare import compare_runs
    from corridor.simulation.report import compare_report
    from corridor.simulation.run import read_run

    a, b = read_run(first), read_run(second)
    rows = compare_runs(a, b)
    table = Table(
        title=f"{b.summary['scenario']} vs {a.summary['scenario']}",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        pad_edge=False,
    )
    for header in ("KPI", "first", "second", "difference", "95% CI", "significant", "p", "n"):
        table.add_column(header, justify="left" if header == "KPI" else "right")
    for row in rows:
        table.add_row(
            row["kpi"],
            f"{row['a']:,.2f}",
            f"{row['b']:,.2f}",
            f"{row['delta']:+,.2f}",
            "—" if row["ci95"] is None else f"± {row['ci95']:,.2f}",
            "yes" if row["significant"] else "no",
            "—" if row["p_value"] is None else f"{row['p_value']:.3g}",
            f"{row['n_a']}/{row['n_b']}",
        )
    console = Console(
        width=int(os.environ.get("COLUMNS", "120")), record=True, highlight=False, file=io.StringIO()
    )
    console.print(table)
    _emit("\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n", None)
    if report is not None:
        with tempfile.TemporaryDirectory() as tmp:
            image = plots.transit_plot(
                a.summary,
                a.results,
                Path(tmp) / "transit_compare.png",
                other=b.results,
                labels=(a.summary["scenario"], b.summary["scenario"]),
            )
            _emit(compare_report(rows, (a.summary["scenario"], b.summary["scenario"]), [image]), report)


@network_app.command("info")
def network_info(network_path: NetworkOption = None) -> None:
    """Summary of a network: counts by kind and mode, countries, sources."""
    network = _load(network_path)
    kinds = Counter(n.kind for n in network.nodes.values())
    modes = Counter(lk.mode for lk in network.links.values())
    km = Counter[str]()
    for link in network.links.values():
        km[link.mode] += int(link.distance_km)
    countries = sorted({n.country for n in network.nodes.values()})
    lines = [
        f"{network.title}",
        f"name {network.name}, version {network.version}, USD of {network.currency_year}, "
        f"licence {network.licence}",
        f"nodes: {len(network.nodes)} (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")",
        f"links: {len(network.links)} ("
        + ", ".join(f"{m} {modes[m]} / {km[m]:,} km" for m in sorted(modes))
        + ")",
        f"services: {len(network.services)}",
        f"sources: {len(network.sources)} ("
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(s.kind for s in network.sources.values()).items()))
        + ")",
        f"countries: {len(countries)} ({' '.join(countries)})",
    ]
    _emit("\n".join(lines), None)


@network_app.command("validate")
def network_validate(path: Annotated[Path, typer.Argument(help="Network folder or network.toml.")]) -> None:
    """Check a network folder; list every problem with file, row and field."""
    try:
        network = network_from_csv(path)
    except NetworkDataError as err:
        for problem in err.problems:
            typer.echo(f"error: {problem}", err=True)
        typer.echo(f"{len(err.problems)} problem(s) found in {path}", err=True)
        raise typer.Exit(1) from None
    _emit(
        f"ok: {path}: {len(network.nodes)} nodes, {len(network.links)} links, "
        f"{len(network.services)} services, {len(network.sources)} sources",
        None,
    )


@network_app.command("export")
def network_export(
    output_format: Annotated[str, typer.Option("--format", help="geojson")] = "geojson",
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    network_path: NetworkOption = None,
) -> None:
    """Export a network for GIS tools (QGIS)."""
    if output_format != "geojson":
        raise typer.BadParameter(f"expected geojson, got {output_format!r}", param_hint="--format")
    _emit(json.dumps(network_to_geojson(_load(network_path)), ensure_ascii=False), out)


UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="Database URL (default: CORRIDOR_DATABASE_URL, else a SQLite file in the user data directory).",
    ),
]


@db_app.command("upgrade")
def db_upgrade(url: UrlOption = None) -> None:
    """Create the shipment database's schema, or migrate it to the latest revision."""
    from corridor.shipments.db import database_url, upgrade

    target = database_url(url)
    upgrade(target)
    typer.echo(f"database at {_redacted(target)} is up to date", err=True)


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@admin_app.command("create-org")
def admin_create_org(
    name: Annotated[str, typer.Argument(help="Organisation name.")], url: UrlOption = None
) -> None:
    """Add an organisation (a shipper, a carrier, the platform operator)."""
    from corridor.shipments.db import database_url, session_factory
    from corridor.shipments.store import create_organisation

    with session_factory(database_url(url))() as session, session.begin():
        create_organisation(session, name)
    typer.echo(f"organisation {name!r} created", err=True)


@admin_app.command("create-key")
def admin_create_key(
    org: Annotated[str, typer.Option("--org", help="Organisation name.")],
    role: Annotated[str, typer.Option("--role", help="shipper, operator or admin.")],
    url: UrlOption = None,
) -> None:
    """Create an API key and print it once (only its hash is stored)."""
    from corridor.shipments.db import database_url, session_factory
    from corridor.shipments.store import create_api_key

    with session_factory(database_url(url))() as session, session.begin():
        key = create_api_key(session, org, role)
    typer.echo(key)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors print one line and return non-zero (``--debug`` shows tracebacks)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app(args=args, prog_name="corridor")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except (CorridorError, OSError) as err:
        if "--debug" in args:
            raise
        if isinstance(err, OSError) and not isinstance(err, CorridorError):
            message = f"{err.strerror or err}" + (f": {err.filename}" if err.filename else "")
        elif isinstance(err, NoRouteError):
            message = err.explain(OPTION_NAMES)
        else:
            message = str(err)
        typer.echo(f"error: {message}", err=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
