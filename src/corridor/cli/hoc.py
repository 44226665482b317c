"""``corridor hoc``: a hub operator's HOC intensities from its energy and throughput records."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Annotated

import typer

from corridor.cli.output import OutOption, emit, emit_table
from corridor.cli.render import Column, TableData
from corridor.emissions.energy import fuels_from_csv
from corridor.emissions.factors import bundled_factors, factors_from_csv


class GwpBasis(enum.StrEnum):
    """The IPCC assessment report whose GWP100 values convert refrigerant leakage."""

    AR6 = "AR6"
    AR5 = "AR5"


class HocFormat(enum.StrEnum):
    """What ``corridor hoc`` writes."""

    table = "table"
    json = "json"
    ileap = "ileap"
    csv = "csv"
    xlsx = "xlsx"


def _number(title: str, key: str, places: int) -> Column:
    return Column(
        title,
        key,
        show=lambda row: "—" if row[key] is None else f"{row[key]:,.{places}f}",
        justify="right",
        no_wrap=True,
    )


COLUMNS = (
    Column("HOC", "hoc_id", no_wrap=True),
    _number("t out", "tonnes", 0),
    _number("kg/t", "wtw_kg_per_t", 3),
    _number("ambient kg/t", "ambient_wtw_kg_per_t", 3),
    _number("reefer kg/t", "reefer_wtw_kg_per_t", 3),
    _number("kg/box", "wtw_kg_per_container", 2),
    _number("reefer kg/box", "reefer_wtw_kg_per_container", 2),
)


def hoc_command(
    records_file: Annotated[
        Path, typer.Argument(help="Hub records (CSV: record_id,hoc_id,tonnes,reefer_tonnes,containers,...).")
    ],
    output_format: Annotated[HocFormat, typer.Option("--format", help="Output format.")] = HocFormat.table,
    factors_path: Annotated[
        Path | None, typer.Option("--factors", help="Factor dataset folder (default: bundled GLEC v3).")
    ] = None,
    fuels_path: Annotated[
        Path | None,
        typer.Option("--fuels", help="Your fuel factors (CSV: fuel,ttw_kg_per_kg,wtw_kg_per_kg,source,...)."),
    ] = None,
    gwp: Annotated[
        GwpBasis,
        typer.Option(
            "--gwp", help="GWP100 basis for refrigerant leakage (AR6 as GLEC v3, AR5 as ISO 14083)."
        ),
    ] = GwpBasis.AR6,
    out: OutOption = None,
) -> None:
    """Intensities of hub operation categories from energy and throughput records (GLEC3 p.34)."""
    # imported here: every other command (corridor route above all) starts without it
    from corridor.emissions.hubs import hoc_intensities, hocs_to_ileap, hub_records_from_csv

    factors = bundled_factors() if factors_path is None else factors_from_csv(factors_path)
    fuels = fuels_from_csv(fuels_path) if fuels_path is not None else {}
    intensities = hoc_intensities(hub_records_from_csv(records_file), factors, fuels=fuels, gwp=gwp.value)
    rows = [hoc.to_dict() for hoc in intensities]
    if output_format is HocFormat.json:
        emit(json.dumps(rows, indent=2), out)
    elif output_format is HocFormat.ileap:
        emit(json.dumps(hocs_to_ileap(intensities, factors, fuels=fuels), indent=2), out)
    else:
        note = (
            f"kg CO2e WTW per outbound tonne and per container, from {factors.name} {factors.version}; "
            "temperature-control energy (reefer_kwh) is the reefer cargo's alone"
        )
        data = TableData(COLUMNS, rows, title=f"{records_file}: {len(rows)} HOC(s)", notes=[note])
        emit_table(output_format, out, data, sheet="hoc")
