"""Deterministic appraisal: NPV against hand computation, the rule of a half, null interventions, files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from corridor.assignment.appraisal import (
    Intervention,
    Reference,
    _streams,
    appraise_interventions,
    lever_co2e_t,
    npv,
    rule_of_a_half,
)
from corridor.assignment.appraisal_model import Co2eChange, Settings, appraisal_from_dict
from corridor.assignment.choice import CostParameters, LogitParameters
from corridor.assignment.results import AltFlow, FlowsResult
from corridor.assignment.scenarios import _ROUTES
from corridor.cargo import Cargo
from corridor.emissions.calculate import cargo_facts
from corridor.emissions.factors import bundled_factors
from corridor.emissions.network import link_co2e_kg
from corridor.errors import ScenarioError
from corridor.simulation.scenario import Edit

from .networks import corridor_network, demand_of

LOGIT = LogitParameters(scale_per_usd=1 / 500, constants={"northern": -1.0, "middle": -1.0})
SETTINGS = Settings(
    base_year=2026, discount_rate=0.07, horizon_years=5, carbon_price_usd_per_t=50, benefit_growth_per_year=0
)


def _intervention(
    edits: list[Edit] | None = None, *, capital: float = 1_000_000.0, changes: list[Co2eChange] | None = None
) -> Intervention:
    return Intervention(
        "x", "x", "infrastructure", ("x",), 2027, tuple(edits or ()), (), tuple(changes or ()),
        ((2027, capital, 0.0),), "assumption",
    )  # fmt: skip


def _reference(logit: LogitParameters = LOGIT, **network: float) -> Reference:
    demand = demand_of([("CN-A", "DE-D", "general", 1000.0), ("CN-A", "DE-D", "electronics", 500.0)])
    return Reference("tiny", corridor_network(**network), demand, CostParameters(), logit, (), 2026)


def test_npv_is_the_numpy_financial_sum_and_an_annuity_in_closed_form() -> None:
    values = [-1000.0, 300.0, 400.0, 500.0]
    by_hand = -1000.0 + 300.0 / 1.07 + 400.0 / 1.07**2 + 500.0 / 1.07**3
    assert npv(0.07, values) == pytest.approx(by_hand, rel=1e-12)
    annuity = 250.0 * (1.0 - 1.09**-10) / 0.09  # ten payments from year 1
    assert npv(0.09, [0.0] + [250.0] * 10) == pytest.approx(annuity, rel=1e-12)
    assert npv(0.0, values) == pytest.approx(sum(values))


def test_cash_flows_capital_the_year_before_opening_then_operating_costs_and_benefits() -> None:
    intervention = Intervention(
        "x", "x", "soft", ("x",), 2028, (), (), (), ((2028, 100.0, 10.0),), "sourced"
    )  # fmt: skip
    settings = Settings(
        base_year=2026,
        discount_rate=0.05,
        horizon_years=5,
        carbon_price_usd_per_t=0,
        benefit_growth_per_year=0.1,
    )
    benefits, costs = _streams(intervention, settings, 2026, 50.0)
    assert costs == [0.0, 100.0, 10.0, 10.0, 10.0]
    assert benefits == pytest.approx([0.0, 0.0, 50.0 * 1.1**2, 50.0 * 1.1**3, 50.0 * 1.1**4])


def _result(alternatives: list[AltFlow]) -> FlowsResult:
    return FlowsResult((), (), (), (), (), {}, {}, {}, None, {}, {}, alternatives=tuple(alternatives))  # type: ignore[arg-type]


def test_rule_of_a_half_against_a_hand_computation() -> None:
    demand = demand_of([("CN-A", "DE-D", "general", 100.0), ("CN-A", "DE-D", "electronics", 10.0)])
    before = _result(
        [
            AltFlow(0, "sea", "sea", 60.0, 1000.0),
            AltFlow(0, "rail", "northern", 40.0, 1500.0),
            AltFlow(1, "sea", "sea", 10.0, 900.0),
        ]
    )
    after = _result(
        [
            AltFlow(0, "sea", "sea", 50.0, 1000.0),
            AltFlow(0, "rail", "northern", 50.0, 1200.0),
            AltFlow(1, "sea", "sea", 10.0, 950.0),
        ]
    )
    # general: 1/2 (60 + 50)(1000 - 1000) + 1/2 (40 + 50)(1500 - 1200) = 13,500
    # electronics: 1/2 (10 + 10)(900 - 950) = -500
    assert rule_of_a_half(before, after, demand) == {"general": 13_500.0, "electronics": -500.0}


def test_a_null_intervention_buys_nothing_and_costs_its_cost() -> None:
    reference = _reference(feeder_teu_per_departure=5)
    appraisal = appraise_interventions(reference, [_intervention()], SETTINGS)
    (result,) = appraisal.results
    assert result.user_benefit_usd_per_year == 0.0
    assert result.teu_diverted_per_year == 0.0
    assert all(v == 0.0 for v in result.teu_change_by_corridor.values())
    assert result.co2e_change_t_per_year == 0.0
    assert result.hours_saved_per_year == 0.0
    assert result.pv_costs_usd == pytest.approx(1_000_000.0)  # spent in the base year (opening - 1)
    assert result.npv_usd == pytest.approx(-1_000_000.0)
    assert result.bcr == 0.0
    assert result.abatement_cost_usd_per_t is None


def test_a_small_improvement_the_rule_of_a_half_matches_the_logsum() -> None:
    """For a small cost change the rule of a half is the linearised logsum (consumer surplus) change."""
    reference = _reference()
    cheaper = [Edit(target="link", id="SEA", field="cost_usd_40", value=280.0)]  # 300 -> 280 per 40'
    appraisal = appraise_interventions(reference, [_intervention(cheaper)], SETTINGS)
    (result,) = appraisal.results
    from corridor.assignment.appraisal import logsum

    exact = 0.0
    by_row: dict[int, tuple[list[AltFlow], list[AltFlow]]] = {}
    before = appraisal.reference
    from corridor.assignment.appraisal import _run
    from corridor.simulation.edits import apply_edits

    after = _run(reference, apply_edits(reference.network, cheaper, []), bundled_factors())
    for index, run in enumerate((before, after)):
        for alt in run.alternatives:
            by_row.setdefault(alt.row, ([], []))[index].append(alt)
    for row, (b, a) in by_row.items():
        teu = reference.demand.rows[row].teu_per_year
        exact += teu * (logsum(a, LOGIT) - logsum(b, LOGIT)) / LOGIT.scale_per_usd
    sea_teu = sum(a.teu_per_year for a in before.alternatives if a.corridor == "sea")
    assert exact > 0
    assert result.user_benefit_usd_per_year == pytest.approx(exact, rel=0.02)
    # and it is about the saving on the sea TEU (10 USD per TEU each), plus what shifts
    assert result.user_benefit_usd_per_year == pytest.approx(10.0 * sea_teu, rel=0.2)


def test_more_capacity_where_it_binds_diverts_teu_to_the_middle_and_reuses_the_routes() -> None:
    middle_liked = LogitParameters(scale_per_usd=1 / 500, constants={"northern": -5.0})
    reference = _reference(middle_liked, feeder_teu_per_departure=3)
    before = appraise_interventions(reference, [_intervention()], SETTINGS).reference
    assert any(b.shadow_price_usd_per_teu > 0 for b in before.bottlenecks)  # the Caspian feeder binds
    routes = len(_ROUTES)
    bigger = [Edit(target="service", id="FEEDER", field="capacity_teu_per_departure", value=30.0)]
    appraisal = appraise_interventions(reference, [_intervention(bigger)], SETTINGS)
    (result,) = appraisal.results
    assert len(_ROUTES) == routes  # capacity only: no routing
    assert result.teu_change_by_corridor["middle"] > 0
    assert result.teu_diverted_per_year == pytest.approx(
        sum(v for k, v in result.teu_change_by_corridor.items() if v > 0 and k != "unserved")
    )
    assert result.user_benefit_usd_per_year > 0  # the shadow price of the feeder falls


def test_a_lever_avoids_its_share_of_the_link_co2e() -> None:
    reference = _reference()
    appraisal = appraise_interventions(reference, [_intervention()], SETTINGS)
    factors = bundled_factors()
    facts = cargo_facts(Cargo.parse("1x40"), factors)
    sea = reference.network.links["SEA"]
    teu = next(f.teu_per_year for f in appraisal.reference.links if f.link_id == "SEA")
    expected = 0.3 * teu * link_co2e_kg(sea, facts, factors) / 2 / 1000
    got = lever_co2e_t(appraisal.reference, reference.network, [Co2eChange(link="SEA", share=0.3)], factors)
    assert got == pytest.approx(expected)
    assert got > 0
    lever = appraise_interventions(
        reference, [_intervention(changes=[Co2eChange(link="SEA", share=0.3)])], SETTINGS
    )
    (result,) = lever.results
    assert result.co2e_change_t_per_year == pytest.approx(-expected)
    assert result.abatement_cost_usd_per_t is not None
    tonnes = npv(SETTINGS.discount_rate, [0.0] + [expected] * 4)
    assert result.abatement_cost_usd_per_t == pytest.approx(1_000_000.0 / tonnes, rel=1e-9)


def test_a_candidate_edit_naming_an_unknown_node_names_the_candidate() -> None:
    bad = [Edit(target="node", id="NOWHERE", field="pass_h_mode", value=1.0)]
    with pytest.raises(ScenarioError, match=r"candidate 'x': edits\[0\]\.id: no node 'NOWHERE'"):
        appraise_interventions(_reference(), [_intervention(bad)], SETTINGS)


def _file(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "name": "t",
        "scenario": "baseline-2024",
        "settings": {
            "base_year": 2026,
            "discount_rate": 0.09,
            "horizon_years": 30,
            "carbon_price_usd_per_t": 75,
        },
        "candidates": [
            {
                "id": "a",
                "name": "A",
                "kind": "soft",
                "opening_year": 2027,
                "cost": {"capital_usd": 1, "basis": "assumption"},
            }
        ],
    }
    return {**base, **changes}


def test_appraisal_files_are_validated_with_the_path_of_the_problem() -> None:
    assert appraisal_from_dict(_file()).candidates[0].id == "a"
    with pytest.raises(ScenarioError, match=r"f.yaml: document: packages\[0\].candidates: no candidate 'b'"):
        appraisal_from_dict(_file(packages=[{"id": "p", "name": "P", "candidates": ["b"]}]), source="f.yaml")
    broken = _file()
    broken["candidates"][0]["cost"]["capital_usd"] = -5  # type: ignore[index]
    with pytest.raises(
        ScenarioError,
        match=r"candidates\[0\]\.cost\.capital_usd: Input should be greater than or equal to 0 \(got -5\)",
    ):
        appraisal_from_dict(broken)
    with pytest.raises(ScenarioError, match=r"settings\.discount_rat: unknown field"):
        appraisal_from_dict(_file(settings={"discount_rat": 0.1}))


@pytest.mark.slow
def test_the_bundled_candidates_appraise_end_to_end(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from corridor.cli.app import app

    root = Path(__file__).parents[2]
    result = CliRunner().invoke(
        app,
        [
            "appraise",
            str(root / "scenarios" / "investment-candidates.yaml"),
            "--out",
            str(tmp_path),
            "--draws",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    ranking = summary["ranking"]
    assert [r["rank"] for r in ranking] == list(range(1, len(ranking) + 1))
    assert [r["npv_usd"] for r in ranking] == sorted((r["npv_usd"] for r in ranking), reverse=True)
    by_id = {r["id"]: r for r in ranking}
    # Alat never binds at 2024 volumes: its benefit is equilibrium noise (the relative gap is 1e-4)
    assert abs(by_id["alat-phase2"]["user_benefit_usd_per_year"]) < 10_000.0
    assert by_id["electrify-kz-west"]["co2e_change_t_per_year"] < 0
    assert by_id["caspian-rail-ferries"]["teu_diverted_per_year"] > 0
    assert summary["monte_carlo"]["draws"] == 2
    for name in (
        "candidates.csv",
        "diversion.csv",
        "segments.csv",
        "report.html",
        "montecarlo.csv",
        "draws.csv",
    ):
        assert (tmp_path / name).stat().st_size > 0
    assert all(math.isfinite(r["npv_usd"]) for r in ranking)


# --- Monte Carlo through the executor --------------------------------------------------------------


def _uncertain() -> object:
    from corridor.assignment.appraisal_model import Triangle, Uncertainty

    return Uncertainty(
        draws=4,
        seed=3,
        demand_factor=Triangle(low=0.8, mode=1.0, high=1.2),
        value_of_time_factor=Triangle(low=0.5, mode=1.0, high=2.0),
        capital_cost_factor=Triangle(low=0.9, mode=1.2, high=2.0),
    )


def _mc_inputs() -> tuple[Reference, list[Intervention]]:
    middle_liked = LogitParameters(scale_per_usd=1 / 500, constants={"northern": -5.0})
    reference = _reference(middle_liked, feeder_teu_per_departure=3)
    bigger = [Edit(target="service", id="FEEDER", field="capacity_teu_per_departure", value=30.0)]
    cheaper = [Edit(target="link", id="SEA", field="cost_usd_40", value=280.0)]
    a = Intervention(
        "feeder", "feeder", "services", ("feeder",), 2027, tuple(bigger), (), (), ((2027, 1e6, 0.0),), "x"
    )
    b = Intervention("sea", "sea", "soft", ("sea",), 2027, tuple(cheaper), (), (), ((2027, 2e6, 0.0),), "x")
    return reference, [a, b]


def test_monte_carlo_draws_are_the_same_whichever_executor_runs_them() -> None:
    from corridor.assignment.montecarlo import monte_carlo
    from corridor.simulation.executor import LocalExecutor

    reference, interventions = _mc_inputs()
    one = monte_carlo(reference, interventions, SETTINGS, _uncertain(), executor=LocalExecutor(1))  # type: ignore[arg-type]
    two = monte_carlo(reference, interventions, SETTINGS, _uncertain(), executor=LocalExecutor(2))  # type: ignore[arg-type]
    assert one.npv_usd == two.npv_usd
    assert one.rank == two.rank
    assert len(one.draws) == 4
    assert len(set(one.npv_usd["feeder"])) == 4  # the draws differ
    for spread in one.spread:
        assert spread.npv_p10_usd <= spread.npv_p50_usd <= spread.npv_p90_usd
        assert 0.0 <= spread.probability_npv_positive <= 1.0
    assert sum(s.share_ranked_first for s in one.spread) == pytest.approx(1.0)


def test_a_degenerate_draw_reproduces_the_deterministic_appraisal() -> None:
    from corridor.assignment.appraisal_model import Uncertainty
    from corridor.assignment.montecarlo import monte_carlo

    reference, interventions = _mc_inputs()
    deterministic = appraise_interventions(reference, interventions, SETTINGS)
    spread = monte_carlo(reference, interventions, SETTINGS, Uncertainty(draws=1))
    for result in deterministic.results:
        assert spread.npv_usd[result.id][0] == pytest.approx(result.npv_usd, rel=1e-9)
        assert spread.rank[result.id][0] == result.rank


@pytest.mark.slow
def test_monte_carlo_on_a_real_local_dask_cluster_matches_local_processes() -> None:
    distributed = pytest.importorskip("dask.distributed")
    from corridor.assignment.montecarlo import monte_carlo
    from corridor.simulation.executor import DaskExecutor, LocalExecutor

    reference, interventions = _mc_inputs()
    local = monte_carlo(reference, interventions, SETTINGS, _uncertain(), executor=LocalExecutor(1))  # type: ignore[arg-type]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            on_dask = monte_carlo(reference, interventions, SETTINGS, _uncertain(), executor=executor)  # type: ignore[arg-type]
        finally:
            executor.client.close()
    assert on_dask.npv_usd == local.npv_usd
    assert on_dask.rank == local.rank
