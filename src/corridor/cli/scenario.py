"""``corridor scenario``: the bundled scenarios, the scenario file's schema, comparisons of two runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corridor.cli.output import OutOption, TableFormat, emit, emit_table
from corridor.cli.render import Column, TableData
from corridor.errors import OutputFileError

scenario_app = typer.Typer(no_args_is_help=True, help="Scenario files and comparisons of simulation runs.")

FormatOption = Annotated[TableFormat, typer.Option("--format", help="Output format.")]

SCENARIO_COLUMNS = (
    Column("name", "name", no_wrap=True),
    Column("horizon days", "horizon_days", justify="right", no_wrap=True),
    Column("description", "description", ratio=1),
)

COMPARE_COLUMNS = (
    Column("KPI", "kpi"),
    Column("first", "a", show=lambda row: f"{row['a']:,.2f}", justify="right"),
    Column("second", "b", show=lambda row: f"{row['b']:,.2f}", justify="right"),
    Column("difference", "delta", show=lambda row: f"{row['delta']:+,.2f}", justify="right"),
    Column(
        "95% CI",
        "ci95",
        show=lambda row: "—" if row["ci95"] is None else f"± {row['ci95']:,.2f}",
        justify="right",
    ),
    Column(
        "significant", "significant", show=lambda row: "yes" if row["significant"] else "no", justify="right"
    ),
    Column(
        "p",
        "p_value",
        show=lambda row: "—" if row["p_value"] is None else f"{row['p_value']:.3g}",
        justify="right",
    ),
    Column("n", "n", show=lambda row: f"{row['n_a']}/{row['n_b']}", justify="right", csv=False),
    Column("n first", "n_a", screen=False),
    Column("n second", "n_b", screen=False),
)


@scenario_app.command("list")
def scenario_list(output_format: FormatOption = TableFormat.table, out: OutOption = None) -> None:
    """The bundled scenarios: pass a name to corridor simulate, or copy one with corridor scenario init."""
    from corridor.simulation.scenario import list_scenarios

    rows = [
        {"name": s.name, "horizon_days": s.horizon_days, "description": " ".join(s.description.split())}
        for s in list_scenarios()
    ]
    table = TableData(SCENARIO_COLUMNS, rows)
    emit_table(output_format, out, table, sheet="scenarios")


@scenario_app.command("init")
def scenario_init(
    name: Annotated[str, typer.Argument(help="A bundled scenario (corridor scenario list).", metavar="NAME")],
    out: Annotated[Path | None, typer.Option(help="The file to write (default: NAME.yaml here).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Copy a bundled scenario to a file you can edit, then run it with corridor simulate FILE."""
    from corridor.simulation.scenario import find_scenario

    source = find_scenario(None, name)
    target = Path(f"{source.stem}.yaml") if out is None else out
    if target.exists() and not force:
        raise OutputFileError(f"{target} exists already; use --force to replace it")
    emit(source.read_text(encoding="utf-8"), target)
    typer.echo(f"wrote {target}; run it with: corridor simulate {target}", err=True)


@scenario_app.command("schema")
def scenario_schema(out: OutOption = None) -> None:
    """Print the scenario file's JSON Schema (for editors)."""
    from corridor.simulation.scenario import scenario_schema_json

    emit(scenario_schema_json(), out)


@scenario_app.command("compare")
def scenario_compare(
    first: Annotated[Path, typer.Argument(help="Run folder (corridor simulate --out).", metavar="FIRST")],
    second: Annotated[Path, typer.Argument(help="Run folder to compare with the first.", metavar="SECOND")],
    report: Annotated[Path | None, typer.Option(help="Write an HTML report here.")] = None,
    output_format: FormatOption = TableFormat.table,
    out: OutOption = None,
) -> None:
    """KPI differences between two runs, with 95% confidence intervals."""
    from corridor.simulation.compare import compare_runs
    from corridor.simulation.output import write_compare_report
    from corridor.simulation.run import read_run

    a, b = read_run(first), read_run(second)
    rows = compare_runs(a, b)
    table = TableData(COMPARE_COLUMNS, rows, title=f"{b.summary['scenario']} vs {a.summary['scenario']}")
    emit_table(output_format, out, table, sheet="comparison")
    if report is not None:
        files = write_compare_report(report, a, b, rows)
        if files.plots_missing:
            typer.echo(f"no plots: {files.plots_missing}", err=True)
