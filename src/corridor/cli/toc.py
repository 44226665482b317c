"""``corridor toc``: a carrier's transport operation category intensities from its trip records."""

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


class TocFormat(enum.StrEnum):
    """What ``corridor toc`` writes."""

    table = "table"
    json = "json"
    ileap = "ileap"
    csv = "csv"
    xlsx = "xlsx"


def _number(key: str, places: int) -> Column:
    return Column(
        key,
        key,
        show=lambda row: "—" if row[key] is None else f"{row[key]:,.{places}f}",
        justify="right",
        no_wrap=True,
    )


COLUMNS = (
    Column("TOC", "toc_id", no_wrap=True),
    Column("mode", "mode"),
    Column("trips", "trips", justify="right"),
    _number("tkm", 0),
    _number("wtw_kg", 1),
    _number("wtw_g_per_tkm", 2),
    _number("ttw_g_per_tkm", 2),
    _number("wtw_g_per_teu_km", 2),
    _number("litres_per_tkm", 4),
    _number("kwh_per_tkm", 4),
)


def toc_command(
    trips_file: Annotated[Path, typer.Argument(help="Trip records (CSV: trip_id,toc_id,mode,tkm,fuel,...).")],
    output_format: Annotated[TocFormat, typer.Option("--format", help="Output format.")] = TocFormat.table,
    factors_path: Annotated[
        Path | None, typer.Option("--factors", help="Factor dataset folder (default: bundled GLEC v3).")
    ] = None,
    fuels_path: Annotated[
        Path | None,
        typer.Option("--fuels", help="Your fuel factors (CSV: fuel,ttw_kg_per_kg,wtw_kg_per_kg,source,...)."),
    ] = None,
    out: OutOption = None,
) -> None:
    """Intensities of transport operation categories from trip records (GLEC3 p.32: emissions / tkm)."""
    # imported here: every other command (corridor route above all) starts without it
    from corridor.emissions.operations import toc_intensities, tocs_to_ileap, trips_from_csv

    factors = bundled_factors() if factors_path is None else factors_from_csv(factors_path)
    fuels = fuels_from_csv(fuels_path) if fuels_path is not None else {}
    intensities = toc_intensities(trips_from_csv(trips_file), factors, fuels=fuels)
    rows = [toc.to_dict() for toc in intensities]
    if output_format is TocFormat.json:
        emit(json.dumps(rows, indent=2), out)
    elif output_format is TocFormat.ileap:
        emit(json.dumps(tocs_to_ileap(intensities), indent=2), out)
    else:
        note = f"WTW and TTW from {factors.name} {factors.version}; empty trips count their energy and no tkm"
        data = TableData(COLUMNS, rows, title=f"{trips_file}: {len(rows)} TOC(s)", notes=[note])
        emit_table(output_format, out, data, sheet="toc")
