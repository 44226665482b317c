"""Deterministic appraisal: what each candidate intervention buys, against a reference flows scenario.

For each candidate (and package), its edits are applied to the reference
scenario's network and the flows are found again with the reference's
demand, cost parameters and fitted corridor constants (no recalibration), so
that the difference is the intervention's. Per candidate:

- **TEU diverted** and from where: the change of TEU/yr by corridor;
- **user benefit** by the rule of a half, per alternative of each demand row,
  ``1/2 (x0 + x1) (c0 - c1)``, with ``c`` the equilibrium generalised cost
  (congestion and shadow prices included) and ``x`` the TEU/yr; an option
  that exists in one run only is costed in the other at the best option of
  its row there (so a new route is credited at most its edge over the best
  old one); summed by segment;
- **hours saved**: TEU-hours in transit (P50 with congestion delay) before
  less after;
- **CO2e change** of the whole flow, WTW, including shifts from or to sea,
  plus the levers' avoided shares of named links' CO2e;
- **NPV and BCR** at the stated discount rate, carbon price and horizon, and
  the **abatement cost** ``(PV costs - PV user benefits) / PV tonnes avoided``.

Cash flows: capital in the year before opening (or the base year if later),
operating costs from opening to the end of the horizon, benefits from opening,
growing at ``benefit_growth_per_year`` from the modelled year. Discounting is
``sum_t v_t / (1 + r)^t`` with ``t`` years after the base year (the
numpy-financial ``npv`` convention).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from corridor.assignment.appraisal_model import Candidate, Co2eChange, Settings
from corridor.assignment.appraisal_results import Appraisal, CandidateResult
from corridor.assignment.choice import CostParameters, LogitParameters
from corridor.assignment.demand import Demand
from corridor.assignment.equilibrium import UNSERVED, EquilibriumSettings
from corridor.assignment.results import AltFlow, FlowsResult
from corridor.assignment.run import ChoiceSets, run_flows
from corridor.assignment.scenarios import cached_choice_sets
from corridor.cargo import Cargo
from corridor.emissions.calculate import cargo_facts
from corridor.emissions.factors import FactorDataset, bundled_factors
from corridor.emissions.network import link_co2e_kg
from corridor.errors import ScenarioError
from corridor.network.model import Network
from corridor.simulation.edits import apply_edits
from corridor.simulation.scenario import Edit, NewService


def npv(rate: float, values: Sequence[float]) -> float:
    """Net present value of ``values`` at years 0, 1, 2, ... (numpy-financial's ``npv`` convention).

    Examples
    --------
    >>> round(npv(0.1, [-100.0, 60.0, 60.0]), 4)
    4.1322

    """
    return float(sum(v / (1.0 + rate) ** t for t, v in enumerate(values)))


# Benefits are differences of two equilibria: capacities are held to 0.1 % (not the flows run's 1 %)
# and the gap to 1e-5, so that the shadow prices of full elements, which enter the costs, are precise
# enough for their differences.
APPRAISAL_EQUILIBRIUM = EquilibriumSettings(
    gap_tolerance=1e-5, capacity_tolerance=1e-3, max_iterations=20_000
)


@dataclass(frozen=True)
class Reference:
    """What the candidates are run against: a network, demand, cost parameters, closures and constants."""

    name: str
    network: Network
    demand: Demand
    costs: CostParameters
    logit: LogitParameters
    closed: tuple[str, ...] = ()
    year: int = 2024
    equilibrium: EquilibriumSettings = field(default_factory=lambda: APPRAISAL_EQUILIBRIUM)


@dataclass(frozen=True)
class Intervention:
    """A candidate or a package as run: edits, levers, costs by year."""

    id: str
    name: str
    kind: str
    members: tuple[str, ...]
    opening_year: int
    edits: tuple[Edit, ...]
    new_services: tuple[NewService, ...]
    co2e_changes: tuple[Co2eChange, ...]
    costs: tuple[tuple[int, float, float], ...]  # (opening year, capital USD, operating USD/yr) per member
    cost_basis: str


def _rows(result: FlowsResult) -> dict[int, list[AltFlow]]:
    rows: dict[int, list[AltFlow]] = {}
    for alt in result.alternatives:
        rows.setdefault(alt.row, []).append(alt)
    return rows


def _merged(alternatives: list[AltFlow]) -> dict[str, tuple[float, float]]:
    """Routes by key, TEU/yr and cost; routes sharing a key merged (flows summed, costs flow-weighted)."""
    out: dict[str, tuple[float, float]] = {}
    for alt in alternatives:
        if alt.key not in out:
            out[alt.key] = (alt.teu_per_year, alt.cost_usd_per_teu)
            continue
        teu, cost = out[alt.key]
        total = teu + alt.teu_per_year
        mean = (
            (teu * cost + alt.teu_per_year * alt.cost_usd_per_teu) / total
            if total > 0
            else min(cost, alt.cost_usd_per_teu)
        )
        out[alt.key] = (total, mean)
    return out


def logsum(alternatives: list[AltFlow], logit: LogitParameters) -> float:
    """The nested logit's expected maximum utility of a row's alternatives (unserved: a nest of its own)."""
    theta = logit.scale_per_usd
    nests: dict[str, list[float]] = {}
    for alt in alternatives:
        nests.setdefault(alt.corridor, []).append(alt.cost_usd_per_teu)
    values = []
    for corridor, costs in nests.items():
        lam = 1.0 if corridor == UNSERVED else logit.nest_scale(corridor)
        asc = 0.0 if corridor == UNSERVED else logit.constant(corridor)
        low = min(costs)
        inner = sum(math.exp(-theta * (c - low) / lam) for c in costs)
        values.append(asc - theta * low + lam * math.log(inner))
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def rule_of_a_half(
    before: FlowsResult, after: FlowsResult, demand: Demand, logit: LogitParameters | None = None
) -> dict[str, float]:
    """User benefit (USD/yr) by segment.

    A row whose routes are the same in both runs: the rule of a half,
    ``1/2 (x0 + x1)(c0 - c1)`` over its routes. A row whose choice set changed
    (a route added or gone): the change of its logsum times its TEU over theta,
    the exact consumer surplus of the logit that the rule of a half
    approximates (needs ``logit``; without it such rows count zero).
    """
    b_rows, a_rows = _rows(before), _rows(after)
    out: dict[str, float] = {}
    for row in b_rows.keys() | a_rows.keys():
        b, a = _merged(b_rows.get(row, [])), _merged(a_rows.get(row, []))
        if b.keys() == a.keys():
            total = sum(0.5 * (b[k][0] + a[k][0]) * (b[k][1] - a[k][1]) for k in b)
        elif logit is not None and b and a:
            teu = demand.rows[row].teu_per_year
            change = logsum(a_rows[row], logit) - logsum(b_rows[row], logit)
            total = teu * change / logit.scale_per_usd
        else:
            total = 0.0
        segment = demand.rows[row].segment
        out[segment] = out.get(segment, 0.0) + total
    return out


def teu_hours(result: FlowsResult) -> float:
    """TEU-hours in transit a year: each row's served TEU times its mean P50 (with congestion delay)."""
    return sum((od.demand_teu_per_year - od.unserved_teu_per_year) * od.p50_days * 24.0 for od in result.ods)


def lever_co2e_t(
    result: FlowsResult, network: Network, changes: Iterable[Co2eChange], factors: FactorDataset
) -> float:
    """CO2e (t/yr) the levers avoid: share x TEU on the link x the link's WTW t CO2e per TEU."""
    facts = cargo_facts(Cargo.parse("1x40"), factors)
    teu = {flow.link_id: flow.teu_per_year for flow in result.links}
    total = 0.0
    for change in changes:
        link = network.links[change.link]
        per_teu_t = link_co2e_kg(link, facts, factors) / 2.0 / 1000.0
        total += change.share * teu.get(change.link, 0.0) * per_teu_t
    return total


def _streams(
    intervention: Intervention, settings: Settings, model_year: int, annual: float
) -> tuple[list[float], list[float]]:
    """Benefit and cost cash flows by year from the base year over the horizon."""
    years = range(settings.base_year, settings.base_year + settings.horizon_years)
    benefits = [
        annual * (1.0 + settings.benefit_growth_per_year) ** (y - model_year)
        if y >= intervention.opening_year
        else 0.0
        for y in years
    ]
    costs = [0.0] * settings.horizon_years
    for opening, capital, operating in intervention.costs:
        spend = max(settings.base_year, opening - 1) - settings.base_year
        if spend < settings.horizon_years:
            costs[spend] += capital
        for t, y in enumerate(years):
            if y >= opening:
                costs[t] += operating
    return benefits, costs


def _run(
    reference: Reference, network: Network, factors: FactorDataset, choice_sets: ChoiceSets | None = None
) -> FlowsResult:
    if choice_sets is None:
        choice_sets = cached_choice_sets(
            network, reference.demand, avoid_countries=reference.closed, factors=factors
        )
    return run_flows(
        reference.demand,
        network,
        costs=reference.costs,
        logit=reference.logit,
        settings=reference.equilibrium,
        calibrate=False,
        avoid_countries=reference.closed,
        choice_sets=choice_sets,
        factors=factors,
    )


def intervention_network(reference: Reference, intervention: Intervention) -> Network:
    """The reference network with the intervention's edits applied.

    Raises
    ------
    ScenarioError
        An edit or lever names something the network does not have; the message names the candidate.

    """
    try:
        network = apply_edits(reference.network, list(intervention.edits), list(intervention.new_services))
        for lever in intervention.co2e_changes:
            if lever.link not in network.links:
                raise ScenarioError(f"co2e_changes: no link {lever.link!r} in the network")
    except ScenarioError as err:
        raise ScenarioError(f"candidate {intervention.id!r}: {err}") from err
    return network


def evaluate(
    reference: Reference,
    before: FlowsResult,
    intervention: Intervention,
    settings: Settings,
    *,
    factors: FactorDataset | None = None,
    network: Network | None = None,
    choice_sets: ChoiceSets | None = None,
) -> CandidateResult:
    """One intervention against the reference run ``before`` (see the module docstring).

    ``network`` and ``choice_sets`` (the intervention's, found earlier) skip
    applying the edits and routing, e.g. in Monte Carlo draws.
    """
    factors = factors or bundled_factors()
    if network is None:
        network = intervention_network(reference, intervention)
    after = _run(reference, network, factors, choice_sets)
    segments = rule_of_a_half(before, after, reference.demand, reference.logit)
    user = sum(segments.values())
    levers = lever_co2e_t(after, network, intervention.co2e_changes, factors)
    co2e = after.totals["co2e_t_per_year"] - before.totals["co2e_t_per_year"] - levers
    change = {
        k: after.corridor_teu["both"].get(k, 0.0) - before.corridor_teu["both"].get(k, 0.0)
        for k in before.corridor_teu["both"].keys() | after.corridor_teu["both"].keys()
    }
    diverted = sum(v for k, v in change.items() if v > 0 and k != UNSERVED)
    user_b, costs = _streams(intervention, settings, reference.year, user)
    co2_b, _ = _streams(intervention, settings, reference.year, -co2e)
    rate = settings.discount_rate
    pv_user, pv_costs, pv_t = npv(rate, user_b), npv(rate, costs), npv(rate, co2_b)
    pv_carbon = pv_t * settings.carbon_price_usd_per_t
    binding = [b for b in after.bottlenecks if b.shadow_price_usd_per_teu > 0]
    return CandidateResult(
        id=intervention.id,
        name=intervention.name,
        kind=intervention.kind,
        members=intervention.members,
        opening_year=intervention.opening_year,
        capital_usd=sum(c for _, c, _ in intervention.costs),
        operating_usd_per_year=sum(o for _, _, o in intervention.costs),
        cost_basis=intervention.cost_basis,
        teu_change_by_corridor=change,
        teu_diverted_per_year=diverted,
        user_benefit_usd_per_year=user,
        user_benefit_by_segment=segments,
        hours_saved_per_year=teu_hours(before) - teu_hours(after),
        co2e_change_t_per_year=co2e,
        co2e_from_levers_t_per_year=-levers,
        pv_user_benefits_usd=pv_user,
        pv_carbon_benefits_usd=pv_carbon,
        pv_costs_usd=pv_costs,
        npv_usd=pv_user + pv_carbon - pv_costs,
        bcr=(pv_user + pv_carbon) / pv_costs if pv_costs > 0 else None,
        pv_co2e_avoided_t=pv_t,
        abatement_cost_usd_per_t=(pv_costs - pv_user) / pv_t if pv_t > 0 else None,
        top_bottleneck=binding[0].name if binding else "",
    )


def intervention_of(candidate: Candidate) -> Intervention:
    """A candidate as run."""
    return Intervention(
        id=candidate.id,
        name=candidate.name,
        kind=candidate.kind,
        members=(candidate.id,),
        opening_year=candidate.opening_year,
        edits=tuple(candidate.edits),
        new_services=tuple(candidate.new_services),
        co2e_changes=tuple(candidate.co2e_changes),
        costs=((candidate.opening_year, candidate.cost.capital_usd, candidate.cost.operating_usd_per_year),),
        cost_basis=candidate.cost.basis,
    )


def package_of(package_id: str, name: str, members: list[Candidate]) -> Intervention:
    """Several candidates together: all edits in order, benefits from the last opening.

    Each member's costs keep their own years.
    """
    bases = {c.cost.basis for c in members}
    return Intervention(
        id=package_id,
        name=name,
        kind="package",
        members=tuple(c.id for c in members),
        opening_year=max(c.opening_year for c in members),
        edits=tuple(e for c in members for e in c.edits),
        new_services=tuple(s for c in members for s in c.new_services),
        co2e_changes=tuple(x for c in members for x in c.co2e_changes),
        costs=tuple((c.opening_year, c.cost.capital_usd, c.cost.operating_usd_per_year) for c in members),
        cost_basis=bases.pop() if len(bases) == 1 else "mixed",
    )


def ranked_by_npv(results: Sequence[CandidateResult]) -> list[CandidateResult]:
    """The results (in their order) with their rank by NPV, highest first (ties by id)."""
    order = sorted(range(len(results)), key=lambda i: (-results[i].npv_usd, results[i].id))
    ranked = list(results)
    for rank, i in enumerate(order, start=1):
        ranked[i] = CandidateResult(**{**results[i].__dict__, "rank": rank})
    return ranked


def appraise_interventions(
    reference: Reference,
    interventions: Sequence[Intervention],
    settings: Settings,
    *,
    name: str = "appraisal",
    factors: FactorDataset | None = None,
) -> Appraisal:
    """Run the reference once, then each intervention against it; rank by NPV."""
    factors = factors or bundled_factors()
    before = _run(reference, reference.network, factors)
    results = [evaluate(reference, before, i, settings, factors=factors) for i in interventions]
    ranked = ranked_by_npv(results)
    return Appraisal(name, before, tuple(ranked), settings)


__all__ = [
    "Intervention",
    "Reference",
    "appraise_interventions",
    "evaluate",
    "intervention_network",
    "intervention_of",
    "lever_co2e_t",
    "logsum",
    "npv",
    "package_of",
    "ranked_by_npv",
    "rule_of_a_half",
    "teu_hours",
]
