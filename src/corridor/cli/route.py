"""``corridor route``: Pareto-optimal routes between two places."""

from __future__ import annotations

import enum
import json
from typing import Annotated, Any

import typer

from corridor.cli.network import NetworkOption, load_network
from corridor.cli.output import OutOption, emit, emit_table
from corridor.cli.render import Column, TableData
from corridor.money import Rate, add_currency, rate_for
from corridor.network.model import Network
from corridor.routing import CRITERIA, DEFAULT_CRITERIA, RouteQuery, route_query
from corridor.routing.io import result_to_dict, result_to_geojson
from corridor.vocabulary import Currency

#: The CLI's name for each routing query field, used when an error blames one.
OPTION_NAMES = {
    "avoid_countries": "--avoid-country",
    "avoid_modes": "--avoid-mode",
    "require_modes": "--require-mode",
    "avoid_nodes": "--avoid-node",
    "via": "--via",
    "max_transshipments": "--max-transshipments",
    "dg_class": "--dg-class",
    "depart": "--depart",
}


class RouteFormat(enum.StrEnum):
    """What ``corridor route`` writes."""

    table = "table"
    json = "json"
    geojson = "geojson"
    csv = "csv"
    xlsx = "xlsx"


def _figure(header: str, key: str, spec: str, *, per: float = 1.0) -> Column:
    """A right-aligned number; CSV keeps the plain value."""
    return Column(header, key, show=lambda row: format(row[key] / per, spec), justify="right", no_wrap=True)


#: The options table: on screen as the README shows it, in CSV one field per figure.
COLUMNS = (
    Column(
        "#",
        "rank",
        show=lambda row: f"{row['rank']}{' *' if row['best'] else ''}",
        justify="right",
        no_wrap=True,
    ),
    Column("best", "best", screen=False),
    Column("route", "path", ratio=1, min_width=18),
    _figure("P50 d", "duration_days_p50", ".1f"),
    _figure("P90 d", "duration_days_p90", ".1f"),
    _figure("cost USD", "cost_usd", ",.0f"),
    _figure("CO2e t", "co2e_kg", ",.1f", per=1000),
    _figure("km", "distance_km", ",.0f"),
    Column(
        "countries", "countries", show=lambda row: " ".join(row["countries"]), max_width=17, screen_min=100
    ),
    Column("tr", "transshipments", justify="right", no_wrap=True),
    Column("bo", "border_crossings", justify="right", no_wrap=True),
)


def route_command(
    origin: Annotated[str, typer.Argument(help="Origin: name, UN/LOCODE or node id.", metavar="ORIGIN")],
    destination: Annotated[
        str, typer.Argument(help="Destination: name, UN/LOCODE or node id.", metavar="DESTINATION")
    ],
    cargo: Annotated[str, typer.Option(help="Containers, e.g. 2x40HC or 1x20,1x40RF.")] = "1x40",
    dg_class: Annotated[int | None, typer.Option(help="Dangerous-goods class 1-9.")] = None,
    avoid_country: Annotated[
        list[str] | None, typer.Option(help="ISO codes to avoid, e.g. RU,BY.", metavar="CODES")
    ] = None,
    avoid_mode: Annotated[
        list[str] | None, typer.Option(help="Modes to avoid: rail,road,sea,ferry,iww.", metavar="MODES")
    ] = None,
    require_mode: Annotated[
        list[str] | None, typer.Option(help="Modes the route must use.", metavar="MODES")
    ] = None,
    avoid_node: Annotated[list[str] | None, typer.Option(help="Nodes to avoid.", metavar="NODES")] = None,
    via: Annotated[list[str] | None, typer.Option(help="Nodes to pass, in order.", metavar="NODES")] = None,
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
    depart: Annotated[
        str | None,
        typer.Option(
            help="Departure date YYYY-MM-DD: times for that month's storms and congestion "
            "(default: the annual mix).",
            metavar="DATE",
        ),
    ] = None,
    currency: Annotated[
        Currency,
        typer.Option(
            help="Currency of the costs, at an official rate of a stated day: ECB 2024-11-25; "
            "National Bank of Kazakhstan 2024-04-24 for KZT, GEL, AZN."
        ),
    ] = Currency.USD,
    output_format: Annotated[
        RouteFormat, typer.Option("--format", help="Output format.")
    ] = RouteFormat.table,
    out: OutOption = None,
    network_path: NetworkOption = None,
) -> None:
    """Pareto-optimal routes between two places: P50/P90 time, cost, CO2e (WTW) and distance."""
    network = load_network(network_path)
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
        depart=depart,
    )
    result = route_query(network, query)
    if output_format is RouteFormat.geojson:
        emit(json.dumps(result_to_geojson(network, result), ensure_ascii=False), out)
        return
    data = result_to_dict(network, result)
    rate = rate_for(str(currency))
    if rate.currency != "USD":
        add_currency(data, rate.currency)
    if output_format is RouteFormat.json:
        emit(json.dumps(data, indent=2, ensure_ascii=False), out)
    else:
        emit_table(output_format, out, options_table(network, data, rate=rate), sheet="options")


def _columns(rate: Rate | None) -> tuple[Column, ...]:
    if rate is None or rate.currency == "USD":
        return COLUMNS
    cost = _figure(f"cost {rate.currency}", "cost_in_currency", ",.0f")
    return tuple(
        replacement
        for column in COLUMNS
        for replacement in (
            (cost, Column("cost USD", "cost_usd", screen=False)) if column.key == "cost_usd" else (column,)
        )
    )


def options_table(network: Network, data: dict[str, Any], *, rate: Rate | None = None) -> TableData:
    """The options of a route result (:func:`result_to_dict`) as a table, with its provenance below.

    With a ``rate`` other than USD (and :func:`corridor.money.add_currency` applied to ``data``), costs
    show in its currency, CSV keeping ``cost_usd`` too, and a note names the rate, its date and source.
    """
    query = data["query"]
    names = network.nodes[query["origin"]].name, network.nodes[query["destination"]].name
    title = f"{names[0]} → {names[1]}, {query['cargo']}"
    if query["constraints"]:
        title += "; " + "; ".join(query["constraints"])
    prov = data["provenance"]
    note = (
        f"{len(data['options'])} Pareto-optimal option(s) on {', '.join(query['criteria'])}; "
        "CO2e well-to-wheel (ISO 14083); tr = transshipments, bo = border crossings; "
        f"USD {prov['currency_year']}; network {prov['network']} {prov['network_version']}; "
        f"factors {prov['factor_dataset']} {prov['factor_dataset_version']}"
    )
    if any(o["best"] for o in data["options"]):
        note += "; * = best at the given value of time"
    notes = [note, f"Times: {query['times']}."]
    if rate is not None and rate.currency != "USD":
        notes.append(f"Costs in {rate.describe()}: {rate.source.url}.")
    return TableData(_columns(rate), data["options"], title=title, notes=notes)
