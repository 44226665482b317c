"""``corridor appraise``'s library function: an appraisal file against its reference scenario."""

from __future__ import annotations

from pathlib import Path

from corridor.assignment.appraisal import (
    Reference,
    appraise_interventions,
    intervention_of,
    package_of,
)
from corridor.assignment.appraisal_model import AppraisalFile, Uncertainty, load_appraisal
from corridor.assignment.appraisal_results import Appraisal
from corridor.assignment.montecarlo import monte_carlo
from corridor.assignment.scenarios import base_flows, scenario_inputs
from corridor.emissions.factors import FactorDataset
from corridor.errors import ScenarioError
from corridor.simulation.executor import Executor
from corridor.simulation.scenario import scenario_path


def appraise(
    path: str | Path,
    *,
    factors: FactorDataset | None = None,
    draws: int | None = None,
    executor: Executor | None = None,
) -> Appraisal:
    """Appraise the candidates and packages of an appraisal file against its reference scenario.

    With an ``uncertainty`` section in the file (or ``draws``), the ranking is
    also run over Monte Carlo draws of the uncertain inputs through
    ``executor`` (default: in this process; see :mod:`corridor.assignment.montecarlo`).

    Raises
    ------
    ScenarioError
        The file or its reference scenario is invalid, or a candidate's edit
        names something the network does not have (the message names it).

    """
    path = Path(path)
    file: AppraisalFile = load_appraisal(path)
    try:
        reference_path = scenario_path(path.parent / file.scenario)
    except ScenarioError:
        reference_path = scenario_path(file.scenario)
    inputs = scenario_inputs(reference_path)
    fitted = base_flows(reference_path, factors=factors).result.fitted_logit()
    reference = Reference(
        inputs.name, inputs.network, inputs.demand, inputs.costs, fitted, inputs.closed, inputs.year
    )
    by_id = {c.id: c for c in file.candidates}
    interventions = [intervention_of(c) for c in file.candidates]
    interventions += [package_of(p.id, p.name, [by_id[m] for m in p.candidates]) for p in file.packages]
    appraisal = appraise_interventions(
        reference, interventions, file.settings, name=file.name, factors=factors
    )
    provenance = {
        **appraisal.reference.provenance,
        "appraisal_file": str(path),
        "reference_scenario": inputs.name,
        "reference_chain": list(inputs.chain),
        "year": inputs.year,
    }
    spread = None
    uncertainty = file.uncertainty
    if draws is not None:
        uncertainty = (uncertainty or Uncertainty()).model_copy(update={"draws": draws})
    if uncertainty is not None:
        spread = monte_carlo(reference, interventions, file.settings, uncertainty, executor=executor)
        provenance["uncertainty"] = uncertainty.model_dump()
    return Appraisal(
        appraisal.name, appraisal.reference, appraisal.results, appraisal.settings, provenance, spread
    )


__all__ = ["appraise"]
