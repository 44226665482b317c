"""``corridor network``: inspect, validate and export networks."""

from __future__ import annotations

import enum
import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer

from corridor.cli.output import OutOption, emit, emit_table
from corridor.cli.render import Column, TableData
from corridor.errors import NetworkDataError
from corridor.network import io
from corridor.network.io import network_from_csv, network_to_geojson
from corridor.network.model import Network

network_app = typer.Typer(no_args_is_help=True, help="Inspect, validate and export networks.")

NetworkOption = Annotated[
    Path | None, typer.Option("--network", help="Network folder (default: the bundled Eurasian network).")
]


def load_network(path: Path | None) -> Network:
    """The network of the ``--network`` option: a folder, or the bundled one."""
    return io.load_network(path)


class InfoFormat(enum.StrEnum):
    """What ``corridor network info`` writes."""

    text = "text"
    csv = "csv"
    xlsx = "xlsx"


class ExportFormat(enum.StrEnum):
    """What ``corridor network export`` writes."""

    geojson = "geojson"


#: ``network info --format csv``: one row per count.
INFO_COLUMNS = (
    Column("what", "what"),
    Column("name", "name"),
    Column("count", "count"),
    Column("distance_km", "distance_km"),
)


def _counts(network: Network) -> dict[str, Counter[str]]:
    km = Counter[str]()
    for link in network.links.values():
        km[link.mode] += int(link.distance_km)
    return {
        "nodes": Counter(str(n.kind) for n in network.nodes.values()),
        "links": Counter(str(lk.mode) for lk in network.links.values()),
        "link_km": km,
        "sources": Counter(str(s.kind) for s in network.sources.values()),
        "countries": Counter(n.country for n in network.nodes.values()),
    }


def _info_rows(network: Network, counts: dict[str, Counter[str]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"what": "nodes", "name": "", "count": len(network.nodes), "distance_km": None},
        *(
            {"what": "nodes", "name": k, "count": v, "distance_km": None}
            for k, v in sorted(counts["nodes"].items())
        ),
        {
            "what": "links",
            "name": "",
            "count": len(network.links),
            "distance_km": sum(counts["link_km"].values()),
        },
        *(
            {"what": "links", "name": m, "count": v, "distance_km": counts["link_km"][m]}
            for m, v in sorted(counts["links"].items())
        ),
        {"what": "services", "name": "", "count": len(network.services), "distance_km": None},
        {"what": "sources", "name": "", "count": len(network.sources), "distance_km": None},
        *(
            {"what": "sources", "name": k, "count": v, "distance_km": None}
            for k, v in sorted(counts["sources"].items())
        ),
        *(
            {"what": "country", "name": c, "count": v, "distance_km": None}
            for c, v in sorted(counts["countries"].items())
        ),
    ]
    return rows


def _dg_line(network: Network) -> list[str]:
    """``dangerous-goods rules: 11 (accepted 5, refused 5, unknown 1)``, or nothing without rules."""
    if not network.dg_rules:
        return []
    verdicts = Counter(rule.verdict for rule in network.dg_rules.values())
    listed = ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items()))
    return [f"dangerous-goods rules: {len(network.dg_rules)} ({listed})"]


@network_app.command("info")
def network_info(
    network_path: NetworkOption = None,
    output_format: Annotated[InfoFormat, typer.Option("--format", help="Output format.")] = InfoFormat.text,
    out: OutOption = None,
) -> None:
    """Summary of a network: counts by kind and mode, countries, sources."""
    network = load_network(network_path)
    counts = _counts(network)
    if output_format is not InfoFormat.text:
        info = TableData(INFO_COLUMNS, _info_rows(network, counts), title=network.title)
        emit_table(output_format, out, info, sheet="network")
        return
    kinds, modes, km = counts["nodes"], counts["links"], counts["link_km"]
    countries = sorted(counts["countries"])
    lines = [
        f"{network.title}",
        f"name {network.name}, version {network.version}, USD of {network.currency_year}, "
        f"licence {network.licence}",
        f"nodes: {len(network.nodes)} (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")",
        f"links: {len(network.links)} ("
        + ", ".join(f"{m} {modes[m]} / {km[m]:,} km" for m in sorted(modes))
        + ")",
        f"services: {len(network.services)}",
        *_dg_line(network),
        f"sources: {len(network.sources)} ("
        + ", ".join(f"{k} {v}" for k, v in sorted(counts["sources"].items()))
        + ")",
        f"countries: {len(countries)} ({' '.join(countries)})",
    ]
    emit("\n".join(lines), out)


@network_app.command("validate")
def network_validate(
    path: Annotated[Path, typer.Argument(help="Network folder or network.toml.", metavar="PATH")],
) -> None:
    """Check a network folder; list every problem with file, row and field."""
    try:
        network = network_from_csv(path)
    except NetworkDataError as err:
        for problem in err.problems:
            typer.echo(f"error: {problem}", err=True)
        typer.echo(f"{len(err.problems)} problem(s) found in {path}", err=True)
        raise typer.Exit(1) from None
    emit(
        f"ok: {path}: {len(network.nodes)} nodes, {len(network.links)} links, "
        f"{len(network.services)} services, {len(network.sources)} sources"
    )


@network_app.command("export")
def network_export(
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="Output format.")
    ] = ExportFormat.geojson,
    out: OutOption = None,
    network_path: NetworkOption = None,
) -> None:
    """Export a network for GIS tools (QGIS)."""
    emit(json.dumps(network_to_geojson(load_network(network_path)), ensure_ascii=False), out)
