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
from rich.table import Table

from corridor import __version__
from corridor.errors import CorridorError, NetworkDataError
from corridor.network.io import bundled_network, network_from_csv, network_to_geojson
from corridor.network.model import Network
from corridor.routing import CRITERIA, Cargo, Constraints, route
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

NetworkOption = Annotated[
    Path | None, typer.Option("--network", help="Network folder (default: the bundled Eurasian network).")
]


def _load(path: Path | None) -> Network:
    return bundled_network() if path is None else network_from_csv(path)


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


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
    criteria: Annotated[str, typer.Option(help="Criteria to minimise.")] = ",".join(CRITERIA),
    value_of_time: Annotated[
        float | None, typer.Option(help="USD per container-day; marks the best option.")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="table, json or geojson.")] = "table",
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    seed: Annotated[int, typer.Option(help="Seed for the P50/P90 draws.")] = 0,
    network_path: NetworkOption = None,
) -> None:
    """Pareto-optimal routes between two places, with P50/P90 time, cost and distance."""
    if output_format not in ("table", "json", "geojson"):
        raise typer.BadParameter(
            f"expected table, json or geojson, got {output_format!r}", param_hint="--format"
        )
    network = _load(network_path)
    constraints = Constraints(
        avoid_countries=frozenset(c.upper() for c in _split(avoid_country)),
        avoid_modes=frozenset(_split(avoid_mode)),
        require_modes=tuple(_split(require_mode)),
        avoid_nodes=tuple(_split(avoid_node)),
        via_nodes=tuple(_split(via)),
        max_transshipments=max_transshipments,
    )
    result = route(
        network,
        origin,
        destination,
        cargo=Cargo.parse(cargo, dg_class=dg_class),
        constraints=constraints,
        criteria=tuple(_split([criteria])),
        value_of_time_usd_per_container_day=value_of_time,
        seed=seed,
    )
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
    table.add_column("route", ratio=1, min_width=40)
    for header in ("P50 d", "P90 d", "cost USD", "km"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("countries", max_width=18)
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
        f"{len(data['options'])} Pareto-optimal option(s); tr = transshipments, bo = border crossings; "
        f"USD {prov['currency_year']}; network {prov['network']} {prov['network_version']}"
    )
    if any(o["best"] for o in data["options"]):
        note += "; * = best at the given value of time"
    console.print(note)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


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
        else:
            message = str(err)
        typer.echo(f"error: {message}", err=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
