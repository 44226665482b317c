"""``corridor emissions``: the greenhouse gases of a transport chain, per element and in total."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Annotated

import typer

from corridor.cli.output import OutOption, emit, emit_table
from corridor.cli.render import Column, Row, TableData
from corridor.emissions.calculate import chain_emissions
from corridor.emissions.factors import bundled_factors, factors_from_csv
from corridor.emissions.ileap import footprint_to_ileap
from corridor.emissions.report import report_html
from corridor.emissions.results import ChainEmissions


class EmissionsFormat(enum.StrEnum):
    """What ``corridor emissions`` writes."""

    table = "table"
    json = "json"
    ileap = "ileap"
    csv = "csv"
    xlsx = "xlsx"


def _short_category(row: Row) -> str:
    """``rail-container-diesel+rail-container-electric`` as ``rail-container-diesel+electric``."""
    first, *rest = str(row["category"]).split("+")
    prefix = first.rsplit("-", 1)[0] + "-"
    return "+".join([first, *(r.removeprefix(prefix) for r in rest)])


def _kg(key: str) -> Column:
    return Column(
        key.replace("_kg", "").upper() + " kg",
        key,
        show=lambda row: "—" if row[key] is None else f"{row[key]:,.1f}",
        justify="right",
        no_wrap=True,
    )


#: The elements table; CSV adds the chain's label and keeps plain values.
COLUMNS = (
    Column("chain", "chain", screen=False),
    Column("#", "element", justify="right", no_wrap=True),
    Column(
        "element",
        "type",
        show=lambda row: f"{row['type']} {row['mode'] or row['node_id'] or ''}".strip(),
        no_wrap=True,
    ),
    Column("mode", "mode", screen=False),
    Column("node", "node_id", screen=False),
    Column("category", "category", show=_short_category, no_wrap=True),
    Column("activity", "activity", show=lambda row: f"{row['activity']:,.0f}", justify="right", no_wrap=True),
    Column(
        "unit",
        "activity_unit",
        show=lambda row: "boxes" if row["activity_unit"] == "container" else row["activity_unit"],
    ),
    _kg("wtt_kg"),
    _kg("ttw_kg"),
    _kg("wtw_kg"),
    Column(
        "data",
        "data_category",
        show=lambda row: "n/a" if row["data_category"] == "not applicable" else row["data_category"],
    ),
)


def elements_table(label: str, result: ChainEmissions) -> TableData:
    """The elements of a chain's emissions as a table, with the totals and provenance below."""
    rows = [
        {**element, "chain": label, "element": element["index"] + 1}
        for element in result.to_dict()["elements"]
    ]
    intensity = f"{result.wtw_kg * 1000 / result.tkm:.2f} g/tkm" if result.tkm else "n/a"
    note = (
        f"WTW {result.wtw_kg:,.1f} kg = TTW {result.ttw_kg:,.1f} + WTT {result.wtt_kg:,.1f} + not split "
        f"{result.unsplit_kg:,.1f}; {result.cargo.mass_t:,.1f} t, {result.tkm:,.0f} tkm, {intensity}; "
        f"{result.provenance['factor_dataset']} {result.provenance['factor_dataset_version']}, "
        f"GWP {result.provenance['gwp']}"
    )
    if "gwp_refrigerants" in result.provenance:
        note += f", refrigerants GWP {result.provenance['gwp_refrigerants']}"
    return TableData(COLUMNS, rows, title=f"{label}: {result.wtw_kg:,.1f} kg CO2e WTW", notes=[note])


def emissions_command(
    chain_file: Annotated[
        Path | None,
        typer.Argument(
            help="Chain document (JSON), or the output of corridor route --format json.", metavar="CHAIN_FILE"
        ),
    ] = None,
    output_format: Annotated[
        EmissionsFormat, typer.Option("--format", help="Output format.")
    ] = EmissionsFormat.table,
    option: Annotated[int | None, typer.Option(help="Only this option of a route result (1-based).")] = None,
    report: Annotated[
        Path | None, typer.Option(help="Also write an ISO 14083-style HTML report here.")
    ] = None,
    out: OutOption = None,
    schema: Annotated[bool, typer.Option("--schema", help="Print the chain document's JSON Schema.")] = False,
    factors_path: Annotated[
        Path | None, typer.Option("--factors", help="Factor dataset folder (default: bundled GLEC v3).")
    ] = None,
) -> None:
    """Greenhouse-gas emissions (ISO 14083 / GLEC) of a transport chain, per element and in total."""
    # the chain document's pydantic models are built here, not when any other command starts
    from corridor.emissions.chain_input import chain_schema_json
    from corridor.emissions.io import chains_from_json

    if schema:
        emit(chain_schema_json(), out)
        return
    if chain_file is None:
        raise typer.BadParameter("give a chain file, or --schema", param_hint="CHAIN_FILE")
    factors = bundled_factors() if factors_path is None else factors_from_csv(factors_path)
    chains = chains_from_json(chain_file, option=option)
    results = [(label, chain, chain_emissions(chain, factors)) for label, chain in chains]
    if (report is not None or output_format is EmissionsFormat.ileap) and len(results) > 1:
        raise typer.BadParameter(
            f"{chain_file} holds {len(results)} route options; choose one with --option",
            param_hint="--option",
        )
    if report is not None:
        label, chain, result = results[0]
        name = f"{chain.origin} → {chain.destination}" if chain.origin else label
        emit(
            report_html(result, factors, title=f"Emissions report: {name}", chain_label=f"{name} ({label})"),
            report,
        )
    if output_format is EmissionsFormat.json:
        data = [{"label": label, **result.to_dict()} for label, _, result in results]
        emit(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False), out)
    elif output_format is EmissionsFormat.ileap:
        label, chain, result = results[0]
        shipment = f"corridor-{chain.origin or 'chain'}-{chain.destination or label}".replace(" ", "-")
        emit(json.dumps(footprint_to_ileap(chain, result, factors, shipment_id=shipment), indent=2), out)
    else:
        tables = [elements_table(label, result) for label, _, result in results]
        emit_table(output_format, out, *tables, sheet="emissions")
