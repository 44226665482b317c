"""``corridor simulate``: run a scenario's replications and write the run folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.cli.output import emit

if TYPE_CHECKING:
    from rich.progress import Progress


def simulate_command(
    scenario_arg: Annotated[
        str,
        typer.Argument(help="Scenario file or bundled name (corridor scenario list).", metavar="SCENARIO"),
    ],
    replications: Annotated[int, typer.Option(help="Independent replications.", min=1, max=100_000)] = 20,
    seed: Annotated[int, typer.Option(help="Seed of the whole run (0 or more).", min=0, max=2**63 - 1)] = 0,
    out: Annotated[Path, typer.Option(help="Folder for the results.")] = Path("runs/latest"),
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: one per core).", min=1)
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, to run on a cluster.")
    ] = None,
    events: Annotated[
        bool, typer.Option("--events", help="Also write every lot's tracking events (events.csv).")
    ] = False,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Also write the tables as one Excel workbook (tables.xlsx).")
    ] = False,
) -> None:
    """Simulate a scenario: replications in parallel, then tables, plots and an HTML report in OUT."""
    from corridor.optional import import_optional
    from corridor.simulation.compiled import compile_plan, scenario_network
    from corridor.simulation.executor import DaskExecutor, Executor, LocalExecutor
    from corridor.simulation.output import recover_run, start_run, write_run, write_tables_xlsx
    from corridor.simulation.run import simulate, summarise, write_replication
    from corridor.simulation.scenario import load_scenario, scenario_path

    if xlsx:
        import_optional("openpyxl", "xlsx")  # before the run, not after it
    path = scenario_path(scenario_arg)
    scenario = load_scenario(path)
    plan = compile_plan(scenario, base_dir=path.parent)
    executor: Executor = DaskExecutor(scheduler) if scheduler else LocalExecutor(workers)
    start_run(out)
    try:
        with _progress() as progress:
            task = progress.add_task(f"simulating {scenario.name}", total=replications)

            def done(index: int, result: Any) -> None:
                write_replication(out, index, result)
                progress.advance(task)

            results = simulate(
                plan,
                replications=replications,
                seed=seed,
                executor=executor,
                on_result=done,
                record_events=events,
            )
    except KeyboardInterrupt:
        finished = recover_run(out, plan, scenario_network(scenario, path.parent), seed=seed)
        typer.echo(
            f"interrupted: {len(finished)} of {replications} replications finished; "
            f"their results are in {out}",
            err=True,
        )
        raise typer.Exit(130) from None
    summary = summarise(plan, results, seed=seed)
    network = scenario_network(scenario, path.parent)
    files = write_run(out, summary, results, network, events=("csv",) if events else ())
    if files.plots_missing:
        typer.echo(f"no plots: {files.plots_missing}", err=True)
    if xlsx:
        write_tables_xlsx(out, summary)
    emit(_summary_lines(scenario.name, replications, out, summary))


def _progress() -> Progress:
    # imported here: every other command (corridor route above all) starts without rich's progress bars
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )


def _summary_lines(scenario_name: str, replications: int, out: Path, summary: dict[str, Any]) -> str:
    lines = [f"{scenario_name}: {replications} replications, results in {out}"]
    for name, flow in summary["flows"].items():
        if not flow["background"]:
            t = flow["transit_days"]
            lines.append(
                f"  {name}: transit P50 {t['p50']:.1f} d, P2.5-P97.5 {t['p2_5']:.1f}-{t['p97_5']:.1f} d, "
                f"{flow['delivered_teu']['mean']:,.0f} TEU delivered"
            )
    undelivered = max(0.0, sum(f["undelivered_teu"]["mean"] or 0.0 for f in summary["flows"].values()))
    lines.append(
        f"  in transit at the end of the window: {summary['stranded_teu']['mean']:,.0f} TEU "
        f"(followed to delivery; never delivered: {undelivered:,.0f} TEU)"
    )
    return "\n".join(lines)
