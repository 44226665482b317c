"""``corridor validate``: Corridor held against every published figure it can be, as docs/validation.md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corridor.cli.output import emit


def validate_command(
    out: Annotated[
        Path | None,
        typer.Argument(
            help="Where to write the report (Markdown); default docs/validation.md in a folder with docs/ "
            "(the repository), else validation.md here.",
            metavar="OUT",
            show_default=False,
        ),
    ] = None,
    replications: Annotated[int, typer.Option(help="Replications of each scenario run.", min=1, max=100)] = 4,
    seed: Annotated[
        int, typer.Option(help="Seed of the scenario runs (0 or more).", min=0, max=2**63 - 1)
    ] = 2026,
) -> None:
    """Regenerate the validation report; exit 1 if a figure leaves its band without a stated reason."""
    from corridor.validation.report import failures, write_validation_report

    if out is None:
        out = Path("docs/validation.md") if Path("docs").is_dir() else Path("validation.md")
    checks = write_validation_report(out, replications=replications, seed=seed)
    failed = failures(checks)
    known = sum(c.outcome == "known outside" for c in checks)
    lines = [
        f"{out}: {len(checks)} figures, {len(checks) - known - len(failed)} in band, "
        f"{known} known outside (reason stated), {len(failed)} outside"
    ]
    prices = [c for c in checks if c.figure.category == "price"]
    targets = [c for c in prices if not c.figure.independent]
    held = [c for c in prices if c.figure.independent]
    lines.append(
        f"  prices: {sum(c.in_band for c in targets)} of {len(targets)} figures tied to the calibration "
        "in band; "
        f"held out: {sum(c.in_band for c in held)} of {len(held)} in band"
    )
    lines += [f"  outside: {c.figure.figure_id} {c.figure.what}: {c.value} {c.error or ''}" for c in failed]
    emit("\n".join(lines))
    if failed:
        raise typer.Exit(1)
