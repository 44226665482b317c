"""``corridor flows``: OD demand assigned to routes at a capacity-constrained equilibrium, and comparisons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from corridor.cli.network import NetworkOption, load_network
from corridor.cli.output import emit
from corridor.cli.render import Column, TableData, table_to_text
from corridor.routing.query import split_items

flows_app = typer.Typer(
    no_args_is_help=True, help="Corridor flows: where the freight goes and where it jams."
)


@flows_app.command("run")
def flows_run(
    demand: Annotated[
        Path | None,
        typer.Argument(
            help="A scenario (.yaml file or bundled name, e.g. russia-closed), or a demand folder or "
            "CSV (default: the bundled 2024 table)."
        ),
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for the results.")] = Path("runs/flows"),
    avoid_country: Annotated[
        list[str] | None, typer.Option(help="Countries closed to all traffic, e.g. RU,BY.")
    ] = None,
    carbon_price: Annotated[
        float, typer.Option(help="USD per tonne CO2e in the generalised cost.", min=0)
    ] = 0.0,
    border_penalty: Annotated[float, typer.Option(help="USD per border crossing.", min=0)] = 100.0,
    reliability_ratio: Annotated[
        float, typer.Option(help="Value of P90-P50 over value of time.", min=0)
    ] = 1.2,
    calibrate: Annotated[
        bool,
        typer.Option("--calibrate/--no-calibrate", help="Fit constants to the demand's observed shares."),
    ] = True,
    twin_rounds: Annotated[
        int,
        typer.Option(
            help="Rounds of the twin: the simulation runs the flows, its waits at the bottlenecks feed "
            "back into the assignment (0: none).",
            min=0,
            max=20,
        ),
    ] = 0,
    twin_replications: Annotated[
        int, typer.Option(help="Simulated years per twin round.", min=1, max=20)
    ] = 2,
    network_path: NetworkOption = None,
) -> None:
    """Assign OD demand to routes (nested logit, capacities); write a run folder with tables, map, report.

    Given a scenario, its assignment section sets the demand, closures and
    prices, and its edits the network; the options below are then ignored.
    """
    from corridor.assignment import CostParameters, run_flows, write_flows_run
    from corridor.assignment.run import load_demand
    from corridor.assignment.scenarios import is_scenario_argument, run_scenario_flows
    from corridor.assignment.twin import TwinSettings, run_flows_with_twin

    twin = TwinSettings(rounds=twin_rounds, replications=twin_replications) if twin_rounds else None
    if demand is not None and is_scenario_argument(demand):
        run = run_scenario_flows(demand, twin=twin)
        result, network = run.result, run.network
    else:
        network = load_network(network_path)
        costs = CostParameters(
            reliability_ratio=reliability_ratio,
            carbon_price_usd_per_t=carbon_price,
            border_penalty_usd_per_crossing=border_penalty,
        )
        closed = [c.upper() for c in split_items(avoid_country)]
        if twin is None:
            result = run_flows(demand, network, costs=costs, calibrate=calibrate, avoid_countries=closed)
        else:
            result = run_flows_with_twin(
                load_demand(demand),
                network,
                twin=twin,
                costs=costs,
                calibrate=calibrate,
                avoid_countries=closed,
            )
    write_flows_run(out, result, network)
    summary = result.summary()
    lines = [f"flows: results in {out}"]
    for direction, shares in summary["corridor_shares"].items():
        shown = ", ".join(f"{k} {v:.1%}" for k, v in sorted(shares.items()))
        lines.append(f"  {direction}: {shown}")
    totals = summary["totals"]
    lines.append(
        f"  served {totals['served_teu_per_year']:,.0f} TEU/yr, "
        f"unmet {totals['unserved_teu_per_year']:,.0f}, {totals['co2e_t_per_year']:,.0f} t CO2e/yr"
    )
    binding = [b for b in result.bottlenecks if b.shadow_price_usd_per_teu > 0]
    if binding:
        top = binding[0]
        lines.append(
            f"  top bottleneck: {top.name} (shadow price {top.shadow_price_usd_per_teu:,.0f} USD/TEU)"
        )
    if result.bulk is not None:
        lines.extend(_bulk_lines(result))
    gap = summary["convergence"]
    lines.append(
        f"  converged: {gap.get('converged')} (relative gap {gap.get('relative_gap', float('nan')):.1e})"
    )
    if result.twin:
        rounds = result.twin["rounds"]
        lines.append(
            f"  twin: {len(rounds)} rounds, "
            + ("converged" if result.twin["converged"] else "not converged")
            + f" (max load change {rounds[-1]['max_load_change']:.1%} of capacity)"
        )
    emit("\n".join(lines))


def _bulk_lines(result: Any) -> list[str]:
    """The bulk part of a run's summary: tonnes served and stranded, the fullest capacity."""
    bulk = result.bulk
    totals = bulk.totals
    lines = [
        f"  bulk: served {totals['served_t_per_year']:,.0f} t/yr, "
        f"unmet {totals['unserved_t_per_year']:,.0f}, {totals['co2e_t_per_year']:,.0f} t CO2e/yr"
    ]
    for option in sorted(bulk.options, key=lambda o: -o.t_per_year):
        if option.t_per_year > 0:
            lines.append(f"    {option.t_per_year:,.0f} t/yr {option.commodity}: {option.route}")
    full = [e for e in bulk.elements if e.shadow_price_usd_per_t > 0]
    for element in sorted(full, key=lambda e: -e.shadow_price_usd_per_t)[:3]:
        lines.append(
            f"    full: {element.name} {element.load_t_per_year:,.0f} t/yr "
            f"(shadow price {element.shadow_price_usd_per_t:,.2f} USD/t)"
        )
    return lines


def _share_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"direction": direction, "corridor": corridor, **values}
        for direction, shares in data["corridor_shares"].items()
        for corridor, values in shares.items()
    ]


SHARE_COLUMNS = (
    Column("direction", "direction"),
    Column("corridor", "corridor"),
    Column("first", "a", show=lambda r: f"{r['a']:.2%}", justify="right"),
    Column("second", "b", show=lambda r: f"{r['b']:.2%}", justify="right"),
    Column("change", "change", show=lambda r: f"{r['change'] * 100:+.2f} pp", justify="right"),
)


@flows_app.command("compare")
def flows_compare(
    first: Annotated[Path, typer.Argument(help="Run folder (corridor flows run --out).")],
    second: Annotated[Path, typer.Argument(help="Run folder to compare with the first.")],
    as_json: Annotated[bool, typer.Option("--json", help="Write the comparison as JSON.")] = False,
) -> None:
    """What changes from one flows run to another: shares by corridor, totals, bottlenecks, links."""
    from corridor.assignment import compare_flows

    data = compare_flows(first, second)
    if as_json:
        emit(json.dumps(data, indent=2))
        return
    notes = [
        f"{key}: {v['a']:,.0f} → {v['b']:,.0f} ({v['change']:+,.0f})"
        for key, v in data["totals"].items()
        if v["b"] is not None
    ]
    notes.append(
        f"bottlenecks: {', '.join(data['bottlenecks']['a']) or 'none'} → "
        f"{', '.join(data['bottlenecks']['b']) or 'none'}"
    )
    bulk = data.get("bulk")
    if bulk is not None:
        notes.extend(
            f"bulk {key}: {v['a']:,.0f} → {v['b']:,.0f} ({v['change']:+,.0f})"
            for key, v in bulk["totals"].items()
        )
        names = [", ".join(e["name"] for e in bulk["full"][k]) or "none" for k in ("a", "b")]
        notes.append(f"bulk capacities full: {names[0]} → {names[1]}")
    emit(
        table_to_text(TableData(SHARE_COLUMNS, _share_rows(data), title=f"{second} vs {first}", notes=notes))
    )
