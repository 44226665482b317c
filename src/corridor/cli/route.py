"""``corridor route``: Pareto-optimal routes between two places."""

from __future__ import annotations

import dataclasses
import enum
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from corridor.cli.network import NetworkOption, load_network
from corridor.cli.output import OutOption, emit, emit_table
from corridor.cli.render import Column, TableData
from corridor.errors import ConstraintError
from corridor.money import Rate, add_currency, rate_for
from corridor.network.model import Network
from corridor.network.schedules import read_schedules, with_departures
from corridor.routing import CRITERIA, DEFAULT_CRITERIA, RouteQuery, route_query
from corridor.routing.io import OPTION_DETAILS, result_to_dict, result_to_geojson
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
    "commodity": "--commodity",
    "mass_t": "--mass-t",
    "depart": "--depart",
    "schedules": "--schedules",
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
    origin: Annotated[
        str, typer.Argument(help="Origin: node, town ('Lyon, FR'), 'lat,lon' or UN/LOCODE.", metavar="ORIGIN")
    ],
    destination: Annotated[
        str, typer.Argument(help="Destination: node, town, 'lat,lon' or UN/LOCODE.", metavar="DESTINATION")
    ],
    cargo: Annotated[
        str | None, typer.Option(help="Containers, e.g. 2x40HC or 1x20,1x40RF (default 1x40).")
    ] = None,
    dg_class: Annotated[int | None, typer.Option(help="Dangerous-goods class 1-9.")] = None,
    commodity: Annotated[
        str | None,
        typer.Option(help="What is shipped, e.g. uranium-ore-concentrate: sets the dangerous-goods class."),
    ] = None,
    avoid_country: Annotated[
        list[str] | None, typer.Option(help="ISO codes to avoid, e.g. RU,BY.", metavar="CODES")
    ] = None,
    avoid_mode: Annotated[
        list[str] | None,
        typer.Option(help="Modes to avoid: rail,road,sea,ferry,iww,pipeline,tanker.", metavar="MODES"),
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
    schedules: Annotated[
        list[Path] | None,
        typer.Option(
            help="Timetable of actual departures: DCSA Commercial Schedules point-to-point JSON "
            "(.json) or CSV (service_id,departure,arrival,...). With --depart, the cargo waits for "
            "the next loaded departure instead of the average.",
            metavar="FILE",
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
    skipped: list[str] = []
    for path in schedules or []:
        if depart is None:
            raise ConstraintError(
                "a timetable is used for a departure date: add --depart YYYY-MM-DD", field="depart"
            )
        loaded = read_schedules(path, network)
        network = with_departures(network, loaded.departures)
        skipped.extend(loaded.skipped)
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
        commodity=commodity,
    )
    result = route_query(network, query)
    network = result.network or network
    if output_format is RouteFormat.geojson:
        emit(json.dumps(result_to_geojson(network, result), ensure_ascii=False), out)
        return
    # a table shows the summaries (and the door legs' trucks); JSON carries each option's chain
    # and emissions too
    doors = any(end.node is None for end in result.endpoints)
    details = OPTION_DETAILS if output_format is RouteFormat.json or doors else ()
    data = result_to_dict(network, result, include=details)
    rate = rate_for(str(currency))
    if rate.currency != "USD":
        add_currency(data, rate.currency)
    if output_format is RouteFormat.json:
        emit(json.dumps(data, indent=2, ensure_ascii=False), out)
    else:
        table = options_table(network, data, rate=rate)
        notes = [*table.notes, *departure_notes(network, data)]
        if skipped:
            notes.append(f"Timetable legs left out: {'; '.join(skipped[:5])}")
        emit_table(output_format, out, dataclasses.replace(table, notes=notes), sheet="options")


def departure_notes(network: Network, data: dict[str, Any]) -> list[str]:
    """One line per timetabled departure an option takes: which, when, and the wait for it."""
    lines: list[str] = []
    for option in data["options"]:
        for boarding in option.get("departures", []):
            link = network.links[boarding["link_id"]]
            if boarding.get("departs") is None:
                lines.append(f"Option {option['rank']}: {link.link_id}: {boarding['note']}.")
                continue
            start, end = network.nodes[boarding["from_node"]].name, network.nodes[boarding["to_node"]].name
            what = ", ".join(
                x for x in (boarding["service_id"], boarding.get("voyage"), boarding.get("vessel")) if x
            )
            lines.append(
                f"Option {option['rank']}: departs {start} {_when(boarding['departs'])} ({what}), "
                f"waits {boarding['wait_h']:.0f} h"
                + (f", arrives {end} {_when(boarding['arrives'])}" if boarding.get("arrives") else "")
                + "."
            )
    return lines


def _when(iso: str) -> str:
    """``2026-12-05T06:00:00+00:00`` as ``2026-12-05 06:00 UTC``."""
    return iso[:16].replace("T", " ") + " UTC"


def _truck_notes(network: Network, options: list[dict[str, Any]]) -> list[str]:
    """One line per distinct truck leg to or from a door: distance, mean time, cost and CO2e."""
    seen: dict[str, str] = {}
    for option in options:
        emissions = {e["index"]: e for e in (option.get("emissions") or {}).get("elements", [])}
        for index, e in enumerate((option.get("chain") or {}).get("elements", [])):
            ends = (e.get("from_node") or "", e.get("to_node") or "")
            if e.get("mode") != "road" or not any(n.startswith("DOOR-") for n in ends):
                continue
            key = "-".join(ends)
            if key in seen:
                continue
            names = [network.nodes[n].name if n in network.nodes else n for n in ends]
            co2e = emissions.get(index, {}).get("wtw_kg")
            seen[key] = (
                f"Truck {names[0]} → {names[1]}: {e['distance_km']:,.0f} km, {e['duration_h_mean']:.1f} h "
                f"(drivers' hours included), USD {e['cost_usd']:,.0f}"
                + (f", {co2e:,.0f} kg CO2e." if co2e is not None else ".")
            )
    return list(seen.values())


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
    if query.get("commodity"):
        title += f" of {query['commodity']}"
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
    notes = [note, f"Times: {query['times']}.", *_truck_notes(network, data["options"])]
    for place in query.get("places", []):
        if place["how"] != "node":
            read = f"'{place['query']}' read as {place['as']} ({place['how']})"
            if place["others"]:
                read += "; also " + "; ".join(place["others"])
            notes.append(read + "; trucks to and from terminals within reach, EU 561/2006 / AETR rests.")
    notes += [f"Warning: {w}." for w in data.get("warnings", [])]
    if rate is not None and rate.currency != "USD":
        notes.append(f"Costs in {rate.describe()}: {rate.source.url}.")
    return TableData(_columns(rate), data["options"], title=title, notes=notes)
