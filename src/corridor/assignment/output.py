"""The flows run folder (tables, GeoJSON of link flows, summary.json, HTML report) and run comparisons.

A run folder holds ``summary.json``, ``links.csv``, ``hubs.csv``,
``services.csv``, ``bottlenecks.csv``, ``od_shares.csv``, ``link_flows.geojson``
and ``report.html`` (self-contained: tables and an SVG map, no plotting
library needed). Each file is written atomically
(:func:`corridor.files.write_text_atomic`).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from dataclasses import asdict, dataclass
from html import escape
from pathlib import Path
from typing import Any

from corridor.assignment.results import FlowsResult
from corridor.assignment.twin import twin_rows
from corridor.errors import OutputFileError
from corridor.files import write_text_atomic
from corridor.network.model import Network
from corridor.simulation.report import STYLE

CORRIDOR_COLOURS = {
    "sea": "#2f6fb0",
    "northern": "#b03a2e",
    "middle": "#1e8449",
    "southern": "#b9770e",
    "unserved": "#7f8c8d",
}


@dataclass(frozen=True, slots=True)
class FlowsRunFiles:
    """What :func:`write_flows_run` wrote."""

    folder: Path
    files: tuple[Path, ...]
    report: Path


def _csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    buffer = io.StringIO()
    fields = columns or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _od_rows(result: FlowsResult) -> list[dict[str, Any]]:
    rows = []
    for od in result.ods:
        row = {k: v for k, v in asdict(od).items() if k != "shares"}
        row.update({f"share_{k}": v for k, v in od.shares.items()})
        rows.append(row)
    return rows


def link_flows_geojson(result: FlowsResult, network: Network) -> dict[str, Any]:
    """Link flows as a GeoJSON FeatureCollection (straight lines between the link's nodes)."""
    features = []
    for flow in result.links:
        a, b = network.nodes[flow.from_node], network.nodes[flow.to_node]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
                "properties": {**asdict(flow), "teu_per_year": flow.teu_per_year},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_flows_run(out: str | Path, result: FlowsResult, network: Network) -> FlowsRunFiles:
    """Write the run folder of a flows run.

    Parameters
    ----------
    out
        The run folder (created if missing).
    result
        What :func:`corridor.assignment.run_flows` returned.
    network
        The network of the run (for the coordinates of the map and GeoJSON).

    Returns
    -------
    FlowsRunFiles
        The files written.

    Raises
    ------
    OutputFileError
        The folder or a file cannot be written; the message names it.

    """
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputFileError(f"cannot create the run folder {folder}: {err.strerror or err}") from err
    tables: dict[str, str] = {
        "summary.json": json.dumps(result.summary(), indent=2) + "\n",
        "links.csv": _csv(
            [{**asdict(f), "teu_per_year": f.teu_per_year} for f in result.links],
            [
                "link_id",
                "from_node",
                "to_node",
                "mode",
                "teu_per_year_forward",
                "teu_per_year_reverse",
                "teu_per_year",
            ],
        ),
        "hubs.csv": _csv([asdict(h) for h in result.hubs]),
        "services.csv": _csv([asdict(s) for s in result.services]),
        "bottlenecks.csv": _csv([asdict(b) for b in result.bottlenecks]),
        "od_shares.csv": _csv(_od_rows(result)),
        "link_flows.geojson": json.dumps(link_flows_geojson(result, network)) + "\n",
        "report.html": flows_report(result, network),
    }
    if result.twin:
        tables["twin.csv"] = _csv(twin_rows(result.twin))
    if result.bulk is not None:
        tables["bulk_flows.csv"] = _csv([asdict(o) for o in result.bulk.options])
        tables["bulk_capacities.csv"] = _csv(
            [asdict(e) | {"utilisation": e.utilisation} for e in result.bulk.elements]
        )
    files = tuple(
        write_text_atomic(folder / name, text, newline="" if name.endswith(".csv") else None)
        for name, text in tables.items()
    )
    return FlowsRunFiles(folder, files + _plots(folder, result, network), folder / "report.html")


def _plots(folder: Path, result: FlowsResult, network: Network) -> tuple[Path, ...]:
    """The PNG map and corridor chart, when matplotlib (``corridor[plots]``) is installed."""
    if importlib.util.find_spec("matplotlib") is None:
        return ()
    from corridor.assignment.plots import corridor_chart, flows_map_plot

    return (
        flows_map_plot(result, network, folder / "flows_map.png"),
        corridor_chart(result, folder / "corridors.png"),
    )


def _n(value: float | None, places: int = 0) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{c}</td>' if i else f"<td>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _map_svg(result: FlowsResult, network: Network) -> str:
    """Link flows drawn as lines whose width grows with TEU (equirectangular, lon 0-150 E, lat 15-65 N)."""
    width, height = 900, 360

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon + 5) / 150 * width, (65 - lat) / 50 * height

    top = max((f.teu_per_year for f in result.links), default=1.0) or 1.0
    lines = []
    for flow in sorted(result.links, key=lambda f: f.teu_per_year):
        a, b = network.nodes[flow.from_node], network.nodes[flow.to_node]
        (x1, y1), (x2, y2) = xy(a.lon, a.lat), xy(b.lon, b.lat)
        stroke = 0.5 + 9.5 * (flow.teu_per_year / top) ** 0.5
        colour = "#2f6fb0" if flow.mode == "sea" else "#b03a2e" if flow.mode == "rail" else "#1e8449"
        title = escape(f"{flow.link_id}: {flow.teu_per_year:,.0f} TEU/yr")
        lines.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{stroke:.2f}" stroke-opacity="0.7"><title>{title}</title></line>'
        )
    return (
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="link flows">'
        f'<rect width="{width}" height="{height}" fill="#f4f7fa"/>{"".join(lines)}</svg>'
        '<p class="small">Line width ~ sqrt(TEU/yr); blue sea, red rail, green ferry/road.</p>'
    )


def _share_bars(shares: dict[str, float]) -> str:
    bars = "".join(
        f'<div title="{escape(k)} {v:.1%}" style="width:{100 * v:.3f}%;'
        f'background:{CORRIDOR_COLOURS.get(k, "#999")};height:1.2rem;display:inline-block"></div>'
        for k, v in shares.items()
        if v > 0
    )
    legend = ", ".join(f"{escape(k)} {v:.2%}" for k, v in shares.items())
    return f'<div style="width:100%;background:#eee">{bars}</div><p class="small">{legend}</p>'


def flows_report(result: FlowsResult, network: Network) -> str:
    """The self-contained HTML report of a flows run."""
    summary = result.summary()
    fit = result.fit
    fit_rows = [
        ["rail share (westbound)", _n(fit.get("observed_rail_share"), 4), _n(fit["modelled_rail_share"], 4)]
    ]
    fit_rows.append(
        [
            "Middle share of Northern + Middle (westbound)",
            _n(fit.get("observed_middle_share_of_rail"), 4),
            _n(fit["modelled_middle_share_of_rail"], 4),
        ]
    )
    bottlenecks = [
        [
            escape(b.name),
            escape(b.kind),
            _n(b.teu_per_year),
            _n(b.capacity_teu_per_year),
            f"{b.utilisation:.0%}",
            _n(b.delay_h, 1),
            _n(b.shadow_price_usd_per_teu),
        ]
        for b in result.bottlenecks[:15]
    ]
    links = [
        [escape(f.link_id), escape(f.mode), _n(f.teu_per_year_forward), _n(f.teu_per_year_reverse)]
        for f in sorted(result.links, key=lambda f: -f.teu_per_year)[:25]
    ]
    totals = result.totals
    conv = result.convergence
    shares = "".join(
        f"<h3>{escape(direction)}</h3>{_share_bars(s)}" for direction, s in summary["corridor_shares"].items()
    )
    prov = escape(json.dumps(result.provenance))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Corridor flows run</title><style>{STYLE}</style></head><body>
<h1>Corridor flows: capacity-constrained stochastic user equilibrium</h1>
<p class="small">Demand {escape(str(result.provenance.get("demand")))}
({escape(str(result.provenance.get("demand_basis")))}, base year {result.provenance.get("base_year")});
network {escape(network.name)} {
        escape(network.version)
    }. Demand is modelled from published totals, not observed.</p>
<h2>Totals</h2>
{
        _table(
            ["", "value"],
            [
                ["demand, TEU/yr", _n(totals["demand_teu_per_year"])],
                ["served, TEU/yr", _n(totals["served_teu_per_year"])],
                ["unmet (capacity), TEU/yr", _n(totals["unserved_teu_per_year"])],
                ["CO2e WTW, t/yr", _n(totals["co2e_t_per_year"])],
                [
                    "convergence",
                    f"{conv.iterations} iterations, relative gap {conv.relative_gap:.2e}, "
                    f"max overload {conv.max_overload:.2%}, "
                    + ("converged" if conv.converged else "NOT converged"),
                ],
            ],
        )
    }
<h2>Shares by corridor</h2>{shares}
<h2>Fit to the observed 2024 shares</h2>
{_table(["share", "observed", "modelled"], fit_rows)}
<h2>Bottlenecks</h2>
{
        _table(
            [
                "element",
                "kind",
                "TEU/yr",
                "capacity TEU/yr",
                "utilisation",
                "delay h",
                "shadow price USD/TEU",
            ],
            bottlenecks,
        )
    }
{_twin_section(result.twin)}
<h2>Link flows</h2>{_map_svg(result, network)}
{_table(["link", "mode", "TEU/yr forward", "TEU/yr reverse"], links)}
{_bulk_section(result)}
<h2>Provenance</h2><p class="small">{prov}</p>
</body></html>
"""


def _twin_section(twin: dict[str, Any]) -> str:
    """The twin's rounds: corridor TEU before and after each, and each element's two delays."""
    if not twin:
        return ""
    before = twin["before"]["corridor_teu_westbound"]
    corridors = [c for c in before if c != "unserved"]
    share_rows = [["assignment alone", "", "", *(_n(before[c]) for c in corridors)]] + [
        [
            f"after round {r['round']}",
            _n(r["max_delay_gap_h"], 1),
            f"{r['max_load_change']:.1%}",
            *(_n(r["corridor_teu_westbound"].get(c, 0.0)) for c in corridors),
        ]
        for r in twin["rounds"]
    ]
    last = twin["rounds"][-1]["elements"] if twin["rounds"] else []
    element_rows = [
        [
            escape(e["name"]),
            escape(e["key"]),
            f"{e['utilisation']:.0%}",
            _n(e["assignment_delay_h"], 1),
            _n(e["twin_delay_h"], 1),
            _n(e["correction_h"], 1),
        ]
        for e in sorted(last, key=lambda e: -e["twin_delay_h"])
    ]
    verdict = "converged" if twin["converged"] else "NOT converged"
    headers = ["", "max delay gap h", "max load change", *(f"{c} TEU/yr (westbound)" for c in corridors)]
    return f"""<h2>Twin feedback</h2>
<p class="small">The simulation ran the assigned routes through the bottlenecks it models (ships,
handling yards); its waits fed back into the assignment's delays ({len(twin["rounds"])} rounds,
{escape(verdict)}: {escape(twin["criterion"])}, {twin["settings"]["load_tolerance"]:.0%}).</p>
{_table(headers, share_rows)}
<h3>Delays at the last round's loads</h3>
{_table(["element", "key", "utilisation", "assignment h", "twin h", "correction h"], element_rows)}"""


def _bulk_section(result: FlowsResult) -> str:
    """The bulk flows of a run (tonnes a year), or nothing if the run had no bulk demand."""
    bulk = result.bulk
    if bulk is None:
        return ""
    totals = bulk.totals
    options = [
        [escape(o.commodity), escape(o.route), _n(o.t_per_year), _n(o.price_usd_per_t, 2)]
        for o in sorted(bulk.options, key=lambda o: -o.t_per_year)
        if o.t_per_year > 0
    ]
    elements = [
        [
            escape(e.name),
            _n(e.load_t_per_year),
            _n(e.capacity_t_per_year),
            f"{e.utilisation:.0%}",
            _n(e.shadow_price_usd_per_t, 2),
        ]
        for e in bulk.elements
    ]
    head = _table(
        ["", "t/yr"],
        [
            ["demand", _n(totals["demand_t_per_year"])],
            ["served", _n(totals["served_t_per_year"])],
            ["unmet (capacity)", _n(totals["unserved_t_per_year"])],
            ["value stranded, USD/yr", _n(totals.get("unserved_value_usd_per_year", 0.0))],
            ["CO2e WTW, t/yr", _n(totals["co2e_t_per_year"])],
        ],
    )
    return (
        "<h2>Bulk flows (tonnes a year)</h2>"
        + head
        + _table(["commodity", "route", "t/yr", "USD/t"], options)
        + _table(["capacity", "t/yr", "capacity t/yr", "utilisation", "shadow price USD/t"], elements)
        + "<p>A stranded tonne is valued at the commodity's value per tonne (crude: the 2024 Brent "
        "average), or at 10,000 USD/t where the table has no value. A shadow price is what one tonne "
        "more of that capacity would save a year: the stranded tonne's value less the cost of the "
        "route it would take, so it never exceeds the cargo's value.</p>"
    )


def _summary_of(run: FlowsResult | str | Path) -> tuple[dict[str, Any], dict[str, float]]:
    if isinstance(run, FlowsResult):
        return run.summary(), {f.link_id: f.teu_per_year for f in run.links}
    folder = Path(run)
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        with (folder / "links.csv").open(newline="", encoding="utf-8") as handle:
            links = {r["link_id"]: float(r["teu_per_year"]) for r in csv.DictReader(handle)}
    except (OSError, ValueError, KeyError) as err:
        raise OutputFileError(f"cannot read the flows run folder {folder}: {err}") from err
    return summary, links


def compare_flows(a: FlowsResult | str | Path, b: FlowsResult | str | Path) -> dict[str, Any]:
    """What changes from run ``a`` to run ``b``: shares by corridor, totals, CO2e, bottlenecks, link flows.

    Either run may be a :class:`FlowsResult` or a run folder written by
    :func:`write_flows_run`. Returns JSON-ready values.

    Raises
    ------
    OutputFileError
        A run folder's ``summary.json`` or ``links.csv`` cannot be read.

    """
    (sa, la), (sb, lb) = _summary_of(a), _summary_of(b)
    shares = {}
    for direction, before in sa["corridor_shares"].items():
        after = sb["corridor_shares"].get(direction, {})
        shares[direction] = {
            k: {
                "a": before.get(k, 0.0),
                "b": after.get(k, 0.0),
                "change": after.get(k, 0.0) - before.get(k, 0.0),
            }
            for k in sorted(set(before) | set(after))
        }
    totals = {
        k: {
            "a": sa["totals"][k],
            "b": sb["totals"].get(k),
            "change": sb["totals"].get(k, 0.0) - sa["totals"][k],
        }
        for k in ("served_teu_per_year", "unserved_teu_per_year", "co2e_t_per_year")
    }
    changes = sorted(
        ((k, la.get(k, 0.0), lb.get(k, 0.0)) for k in set(la) | set(lb)),
        key=lambda r: (-abs(r[2] - r[1]), r[0]),
    )
    out: dict[str, Any] = {
        "corridor_shares": shares,
        "totals": totals,
        "bottlenecks": {
            "a": [x["name"] for x in sa["bottlenecks"] if x["shadow_price_usd_per_teu"] > 0],
            "b": [x["name"] for x in sb["bottlenecks"] if x["shadow_price_usd_per_teu"] > 0],
        },
        "link_changes": [{"link_id": k, "a": x, "b": y, "change": y - x} for k, x, y in changes[:20]],
    }
    bulk = compare_bulk(sa.get("bulk"), sb.get("bulk"))
    if bulk is not None:
        out["bulk"] = bulk
    return out


BULK_TOTALS = ("served_t_per_year", "unserved_t_per_year", "unserved_value_usd_per_year", "co2e_t_per_year")


def compare_bulk(a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, Any] | None:
    """Bulk totals (tonnes served and stranded, value stranded, CO2e) and full capacities of two runs.

    ``a`` and ``b`` are the ``bulk`` parts of two runs' summaries (``None``: the run had no
    bulk demand, counted as zero). ``None`` if neither run has bulk.
    """
    if a is None and b is None:
        return None
    ta, tb = (a or {}).get("totals", {}), (b or {}).get("totals", {})
    totals = {
        k: {"a": ta.get(k, 0.0), "b": tb.get(k, 0.0), "change": tb.get(k, 0.0) - ta.get(k, 0.0)}
        for k in BULK_TOTALS
        if k in ta or k in tb
    }

    def full(run: dict[str, Any] | None) -> list[dict[str, Any]]:
        elements = (run or {}).get("elements", [])
        return [
            {"name": e["name"], "shadow_price_usd_per_t": e["shadow_price_usd_per_t"]}
            for e in elements
            if e["shadow_price_usd_per_t"] > 1e-9
        ]

    return {"totals": totals, "full": {"a": full(a), "b": full(b)}}


__all__ = [
    "FlowsRunFiles",
    "compare_bulk",
    "compare_flows",
    "flows_report",
    "link_flows_geojson",
    "write_flows_run",
]
