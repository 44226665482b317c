"""Flows: where the freight goes, OD demand assigned to routes at capacity-constrained equilibrium.

See ``docs/flows.md`` for the method, its parameters and their sources.
"""

from corridor.assignment.choice import (
    CostParameters,
    LogitParameters,
    classify_corridor,
    generalised_cost_usd_per_teu,
    nested_logit_shares,
)
from corridor.assignment.demand import (
    Demand,
    DemandRow,
    Segment,
    bundled_demand,
    bundled_demand_path,
    demand_from_csv,
)
from corridor.assignment.equilibrium import Convergence, EquilibriumSettings
from corridor.assignment.output import compare_flows, write_flows_run
from corridor.assignment.results import FlowsResult
from corridor.assignment.run import ChoiceSets, find_choice_sets, run_flows
from corridor.assignment.twin import TwinSettings, run_flows_with_twin, twin_feedback

__all__ = [
    "ChoiceSets",
    "Convergence",
    "CostParameters",
    "Demand",
    "DemandRow",
    "EquilibriumSettings",
    "FlowsResult",
    "LogitParameters",
    "Segment",
    "TwinSettings",
    "bundled_demand",
    "bundled_demand_path",
    "classify_corridor",
    "compare_flows",
    "demand_from_csv",
    "find_choice_sets",
    "generalised_cost_usd_per_teu",
    "nested_logit_shares",
    "run_flows",
    "run_flows_with_twin",
    "twin_feedback",
    "write_flows_run",
]
