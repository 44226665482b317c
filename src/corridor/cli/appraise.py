"""``corridor appraise``: candidate interventions appraised against a reference flows scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corridor.cli.output import emit


def appraise_command(
    candidates: Annotated[
        Path,
        typer.Argument(help="Appraisal file (.yaml): reference scenario, settings, candidates, packages."),
    ],
    out: Annotated[Path, typer.Option(help="Folder for the results.")] = Path("runs/appraisal"),
    draws: Annotated[
        int | None,
        typer.Option(help="Monte Carlo draws (default: the file's uncertainty section, if any).", min=1),
    ] = None,
    workers: Annotated[int, typer.Option(help="Local worker processes for the draws.", min=1)] = 1,
    dask: Annotated[
        str | None, typer.Option(help="Run the draws on the Dask cluster at this address (tcp://host:port).")
    ] = None,
) -> None:
    """Appraise interventions: TEU diverted, user benefit, hours and CO2e saved, NPV, BCR, abatement cost."""
    from corridor.assignment.appraisal_file import appraise
    from corridor.assignment.appraisal_output import write_appraisal_run
    from corridor.simulation.executor import DaskExecutor, Executor, LocalExecutor

    executor: Executor = DaskExecutor(dask) if dask else LocalExecutor(workers)
    appraisal = appraise(candidates, draws=draws, executor=executor)
    write_appraisal_run(out, appraisal)
    s = appraisal.settings
    lines = [
        f"appraisal: results in {out} (against {appraisal.provenance.get('reference_scenario')}, "
        f"{s.discount_rate:.1%} over {s.horizon_years} years from {s.base_year}, "
        f"carbon USD {s.carbon_price_usd_per_t:,.0f}/t)",
    ]
    for r in appraisal.ranking():
        bcr = "–" if r.bcr is None else f"{r.bcr:.2f}"
        abate = "" if r.abatement_cost_usd_per_t is None else f", {r.abatement_cost_usd_per_t:,.0f} USD/t"
        lines.append(
            f"  {r.rank:>2}. {r.id}: NPV {r.npv_usd / 1e6:,.1f} M USD, BCR {bcr}, "
            f"{r.teu_diverted_per_year:,.0f} TEU/yr diverted, "
            f"CO2e {r.co2e_change_t_per_year:+,.0f} t/yr{abate}"
        )
    if appraisal.monte_carlo is not None:
        mc = appraisal.monte_carlo
        lines.append(f"  robustness over {len(mc.draws)} draws (montecarlo.csv):")
        for spread in mc.spread:
            lines.append(
                f"    {spread.id}: P(NPV>0) {spread.probability_npv_positive:.0%}, "
                f"first in {spread.share_ranked_first:.0%} of draws, mean rank {spread.mean_rank:.1f}"
            )
    emit("\n".join(lines))
