"""The records of an appraisal: each candidate's result, the Monte Carlo spread, the whole appraisal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corridor.assignment.appraisal_model import Settings
from corridor.assignment.results import FlowsResult


@dataclass(frozen=True)
class CandidateResult:
    """What one candidate or package buys, per year in the modelled year and over the horizon."""

    id: str
    name: str
    kind: str
    members: tuple[str, ...]
    opening_year: int
    capital_usd: float
    operating_usd_per_year: float
    cost_basis: str
    teu_change_by_corridor: dict[str, float]
    teu_diverted_per_year: float
    user_benefit_usd_per_year: float
    user_benefit_by_segment: dict[str, float]
    hours_saved_per_year: float
    co2e_change_t_per_year: float
    co2e_from_levers_t_per_year: float
    pv_user_benefits_usd: float
    pv_carbon_benefits_usd: float
    pv_costs_usd: float
    npv_usd: float
    bcr: float | None
    pv_co2e_avoided_t: float
    abatement_cost_usd_per_t: float | None
    top_bottleneck: str
    rank: int = 0


@dataclass(frozen=True)
class Appraisal:
    """The reference run, each candidate's and package's result, the settings and provenance."""

    name: str
    reference: FlowsResult
    results: tuple[CandidateResult, ...]
    settings: Settings
    provenance: dict[str, Any] = field(default_factory=dict)
    monte_carlo: MonteCarlo | None = None

    def ranking(self) -> list[CandidateResult]:
        """Candidates and packages by NPV, highest first."""
        return sorted(self.results, key=lambda r: r.rank)


@dataclass(frozen=True)
class Draw:
    """One draw of the uncertain inputs."""

    index: int
    demand_factor: float
    value_of_time_factor: float
    capital_cost_factor: float
    benefit_growth_per_year: float


@dataclass(frozen=True)
class CandidateSpread:
    """A candidate's NPV over the draws and how often it ranks first."""

    id: str
    npv_p10_usd: float
    npv_p50_usd: float
    npv_p90_usd: float
    probability_npv_positive: float
    share_ranked_first: float
    mean_rank: float


@dataclass(frozen=True)
class MonteCarlo:
    """Every draw's NPV and rank by candidate, and the spread."""

    draws: tuple[Draw, ...]
    npv_usd: dict[str, tuple[float, ...]]
    rank: dict[str, tuple[int, ...]]
    spread: tuple[CandidateSpread, ...]


__all__ = ["Appraisal", "CandidateResult", "CandidateSpread", "Draw", "MonteCarlo"]
