"""Benchmark 4: a replication-year of the bundled network at 2030 demand, against a per-container SimPy model.

Corridor's engine moves *lots* (the containers of one block train) through a
compiled :class:`~corridor.simulation.compiled.Plan`. The peer is the model a user
would otherwise write: SimPy, one process per container, walking the same
plan steps. Weather, the network's disruption processes and closures are taken out of the plan for both, and
sail-when-full services run to their timetable in both, so the two do the
same work; Corridor on the scenario as compiled is timed too, for reference.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks.common import CorrectnessError, Row, Section, log, set_ratios, timing_row
from benchmarks.simpy_model import SimPyModel, SimPyResult
from corridor.errors import CorridorError
from corridor.simulation.compiled import Plan, compile_plan
from corridor.simulation.engine import ReplicationResult, run_replication
from corridor.simulation.scenario import Scenario, load_scenario, scenario_from_dict

SCENARIO_FILE = Path(__file__).resolve().parents[1] / "scenarios" / "investment-2030.yaml"
MC_MIN_TEU_PER_YEAR = 300_000.0
#: The SimPy model's unit: one 40' box.


@dataclass(frozen=True)
class Tolerances:
    """How far the two models may differ (they are two samples of the same random system)."""

    #: Median door-to-door transit per reported flow: within this share, or this many days if larger.
    transit_rel: float
    transit_abs_days: float
    #: Delivered TEU (departed after the warm-up, arrived by the horizon): all flows, each reported flow.
    delivered_total_rel: float
    delivered_flow_rel: float


#: A year: ~800 trains per flow, so a flow's delivered TEU varies by ~2 % between replications.
FULL_TOLERANCES = Tolerances(0.05, 1.0, 0.03, 0.05)
#: Quick mode: ~25 trains per flow, and a 90-day horizon cuts a 30-day transit: ~5 % noise per flow.
QUICK_TOLERANCES = Tolerances(0.05, 1.0, 0.05, 0.15)
#: If the SimPy year takes longer than this (wall seconds), it stops at the next 30-day boundary.
SIMPY_BUDGET_S = 120.0
TARGET_REPLICATION_S = 5.0
TARGET_RATIO = 10.0
SIMPY_SEED = 7
# Quick mode: a quarter of the demand over 90 days (10 of them warm-up).
QUICK_SHARE = 0.25
QUICK_HORIZON_DAYS = 90
QUICK_WARMUP_DAYS = 10

# --- the scenario ---------------------------------------------------------------------------------

_AKTAU = {"avoid_countries": ["RU", "BY"], "via": ["Aktau"], "require_modes": ["sea"]}
_KURYK = {"avoid_countries": ["RU", "BY"], "via": ["Kuryk"]}
#: Peak before Christmas and a Chinese New Year dip (mean 1.0).
_SEASON = [0.85, 0.8, 0.95, 1.0, 1.0, 1.0, 1.05, 1.1, 1.1, 1.1, 1.05, 1.0]


def builtin_scenario() -> Scenario:
    """The 2030 Middle Corridor scenario used when ``scenarios/investment-2030.yaml`` is not usable.

    312,000 TEU a year on the Middle Corridor (Aktau feeders and the Kuryk
    ferry, Russia and Belarus avoided) plus 52,000 TEU of Kazakh background
    traffic to Baku; the Caspian services and the Aktau and Alat terminals are
    expanded so that no resource runs above about 75 % of its capacity.
    """
    flows: list[dict[str, Any]] = [
        {
            "name": "Xi'an-Duisburg",
            "origin": "Xi'an",
            "destination": "Duisburg",
            "teu_per_week": 1500,
            "route": _AKTAU,
        },
        {
            "name": "Chengdu-Duisburg",
            "origin": "Chengdu",
            "destination": "Duisburg",
            "teu_per_week": 1300,
            "route": _AKTAU,
        },
        {
            "name": "Chongqing-Milan",
            "origin": "Chongqing",
            "destination": "Milan",
            "teu_per_week": 1000,
            "route": _AKTAU,
        },
        {
            "name": "Chongqing-Budapest",
            "origin": "Chongqing",
            "destination": "Budapest",
            "teu_per_week": 1300,
            "route": _KURYK,
        },
        {
            "name": "Xi'an-Warsaw",
            "origin": "Xi'an",
            "destination": "Warsaw",
            "teu_per_week": 900,
            "route": _KURYK,
        },
    ]
    for flow in flows:
        flow.update(seasonality=_SEASON, growth_per_year=0.05)
    flows.append(
        {
            "name": "Almaty-Baku (background)",
            "origin": "Almaty",
            "destination": "Baku",
            "teu_per_week": 1000,
            "route": {"via": ["Aktau"]},
            "background": True,
        }
    )
    return scenario_from_dict(
        {
            "name": "benchmark Middle Corridor 2030",
            "description": "Built by benchmarks/simulation.py",
            "start": "2030-01-01",
            "horizon_days": 365,
            "warmup_days": 30,
            "flows": flows,
            "new_services": [
                {
                    "service_id": "S-BENCH-AKTAU-SEA",
                    "link": "L-KZAAU-AZ-ALAT-SEA",
                    "name": "Caspian feeders 2030",
                    "departures_per_week": 10,
                    "capacity_teu_per_departure": 400,
                },
                {
                    "service_id": "S-BENCH-KURYK-FERRY",
                    "link": "L-KZ-KURYK-AZ-ALAT-FERRY",
                    "name": "Kuryk rail ferries 2030",
                    "departures_per_week": 14,
                    "capacity_teu_per_departure": 200,
                },
                {
                    "service_id": "S-BENCH-AKTAU-FERRY",
                    "link": "L-KZAAU-AZ-ALAT-FERRY",
                    "name": "Aktau rail ferries 2030",
                    "departures_per_week": 7,
                    "capacity_teu_per_departure": 200,
                },
            ],
            "edits": [
                {"target": "node", "id": "KZAAU", "field": "transfer_capacity_teu_per_day", "value": 1000},
                {"target": "node", "id": "AZ-ALAT", "field": "transfer_capacity_teu_per_day", "value": 1000},
            ],
        },
        source="benchmarks/simulation.py",
    )


def mc_teu_per_year(scenario: Scenario) -> float:
    """Demand of the reported (not background) flows, TEU a year at the base rate."""
    return sum(f.teu_per_week * 52 for f in scenario.flows if not f.background)


def choose_scenario() -> tuple[Scenario, Path, str, Scenario | None]:
    """The scenario to compare on, its base folder, where it comes from, and the file if it was not used.

    ``scenarios/investment-2030.yaml`` is used if it loads, covers a year and
    puts at least 300,000 TEU a year on its reported (not background) flows;
    otherwise the built-in scenario, and the file (if it loads) is timed for
    reference only.
    """
    name = f"scenarios/{SCENARIO_FILE.name}"
    if not SCENARIO_FILE.exists():
        return builtin_scenario(), Path(), f"built-in (no {name})", None
    try:
        scenario = load_scenario(SCENARIO_FILE)
    except CorridorError as err:
        return builtin_scenario(), Path(), f"built-in ({name} does not load: {err})", None
    total = mc_teu_per_year(scenario)
    if total >= MC_MIN_TEU_PER_YEAR and scenario.horizon_days >= 365:
        return scenario, SCENARIO_FILE.parent, name, None
    why = (
        f"{name} has {total:,.0f} TEU/yr on its reported flows (needs {MC_MIN_TEU_PER_YEAR:,.0f}) "
        f"and a {scenario.horizon_days}-day horizon"
    )
    return builtin_scenario(), Path(), f"built-in ({why})", scenario


def quick_scenario(scenario: Scenario) -> Scenario:
    """A scaled-down copy: less demand, a shorter horizon."""
    flows = [f.model_copy(update={"teu_per_week": f.teu_per_week * QUICK_SHARE}) for f in scenario.flows]
    return scenario.model_copy(
        update={"flows": flows, "horizon_days": QUICK_HORIZON_DAYS, "warmup_days": QUICK_WARMUP_DAYS}
    )


def comparable(plan: Plan) -> Plan:
    """``plan`` without weather, disruptions or closures, every service sailing to its timetable."""
    services = {k: replace(s, policy="timetable", fill_h=None) for k, s in plan.services.items()}
    return replace(plan, weather=(), closures=(), disruptions=(), services=services)


# --- the benchmark --------------------------------------------------------------------------------


def _time_corridor(plan: Plan, runs: int) -> tuple[list[float], list[ReplicationResult]]:
    seconds: list[float] = []
    results: list[ReplicationResult] = []
    for seed in range(1, runs + 1):
        start = time.perf_counter()
        results.append(run_replication(plan, seed))
        seconds.append(time.perf_counter() - start)
    return seconds, results


def _check(
    section: Section,
    plan: Plan,
    corridor: Sequence[ReplicationResult],
    simpy_: SimPyResult,
    tol: Tolerances,
) -> None:
    """Both models' medians and delivered TEU agree, or :class:`CorrectnessError`."""
    table: dict[str, dict[str, float | None]] = {}
    problems: list[str] = []
    worst = 0.0
    for flow in plan.flows:
        medians = [r.flows[flow.name]["transit_days"]["p50"] for r in corridor]
        ours = statistics.median(m for m in medians if m is not None) if any(medians) else float("nan")
        theirs = simpy_.flows[flow.name]["p50_days"]
        got = statistics.fmean(r.flows[flow.name]["delivered_teu"] for r in corridor)
        want = simpy_.flows[flow.name]["delivered_teu"] or 0.0
        table[flow.name] = {
            "corridor_p50_days": round(ours, 2),
            "simpy_p50_days": None if theirs is None else round(theirs, 2),
            "corridor_delivered_teu": round(got),
            "simpy_delivered_teu": round(want),
        }
        if flow.background:
            continue
        if theirs is None:
            problems.append(f"{flow.name}: the SimPy model delivered nothing")
            continue
        allowed = max(tol.transit_rel * theirs, tol.transit_abs_days)
        worst = max(worst, abs(ours - theirs) / theirs)
        if abs(ours - theirs) > allowed:
            problems.append(f"{flow.name}: median transit {ours:.2f} d (corridor) vs {theirs:.2f} d (SimPy)")
        if abs(got - want) > tol.delivered_flow_rel * want:
            problems.append(f"{flow.name}: delivered {got:,.0f} TEU (corridor) vs {want:,.0f} TEU (SimPy)")
    got_total = statistics.fmean(sum(f["delivered_teu"] for f in r.flows.values()) for r in corridor)
    want_total = sum(simpy_.delivered_teu)
    section.facts["per_flow"] = table
    if abs(got_total - want_total) > tol.delivered_total_rel * want_total:
        problems.append(
            f"all flows: delivered {got_total:,.0f} TEU (corridor) vs {want_total:,.0f} TEU (SimPy)"
        )
    if problems:
        raise CorrectnessError("simulation: corridor and the SimPy model disagree: " + "; ".join(problems))
    reported = sum(1 for f in plan.flows if not f.background)
    section.checks.append(
        f"simulation: median door-to-door transit of the {reported} reported flows agrees within "
        f"max({tol.transit_rel:.0%}, {tol.transit_abs_days:g} day) (largest difference {worst:.1%}; "
        "corridor: median over its timed replications)"
    )
    section.checks.append(
        f"simulation: delivered TEU agree within {tol.delivered_total_rel:.0%} over all flows "
        f"({got_total:,.0f} vs {want_total:,.0f}) and within {tol.delivered_flow_rel:.0%} per reported flow"
    )


def _file_row(scenario: Scenario, bench: str, runs: int) -> Row:
    """Corridor on the scenario file as written (weather, closures, policies): a reference timing."""
    name = f"scenarios/{SCENARIO_FILE.name}"
    log(f"simulation: corridor on {name} as written, for reference")
    try:
        plan = compile_plan(scenario, base_dir=SCENARIO_FILE.parent)
    except CorridorError as err:
        return Row(
            bench, f"corridor run_replication, {name}", None, None, 0, notes=f"does not compile: {err}"
        )
    seconds, results = _time_corridor(plan, runs)
    mc = mc_teu_per_year(scenario)
    background = sum(f.teu_per_week * 52 for f in scenario.flows if f.background)
    events = statistics.median(r.events for r in results)
    return timing_row(
        bench,
        f"corridor run_replication, {name} as written",
        seconds,
        f"reference, a different scenario: {scenario.horizon_days} days, {mc:,.0f} TEU/yr reported + "
        f"{background:,.0f} background, {len(plan.weather)} storm models, "
        f"{sum(s.policy == 'when_full' for s in plan.services.values())} sail-when-full links; "
        f"{events:,.0f} events/replication",
    )


def run(*, quick: bool) -> Section:
    """Replication-years of the 2030 scenario: Corridor's engine against a per-container SimPy model."""
    section = Section(
        "simulation", "one replication-year at 2030 demand: Corridor engine vs per-container SimPy"
    )
    scenario, base_dir, origin, unused = choose_scenario()
    if quick:
        scenario = quick_scenario(scenario)
        unused = None if unused is None else quick_scenario(unused)
    log(f"simulation: scenario {origin}; compiling the plan")
    start = time.perf_counter()
    try:
        full_plan = compile_plan(scenario, base_dir=base_dir)
    except CorridorError as err:
        section.status = "skipped"
        section.message = f"skipped: the scenario does not compile ({type(err).__name__}: {err})"
        return section
    compile_s = time.perf_counter() - start
    plan = comparable(full_plan)
    mc = sum(f.teu_per_week * 52 for f in plan.flows if not f.background)
    background = sum(f.teu_per_week * 52 for f in plan.flows if f.background)
    days = plan.horizon_h / 24.0
    runs = 20 if quick else 10

    log(f"simulation: corridor run_replication x {runs} ({days:g} days)")
    seconds, results = _time_corridor(plan, runs)
    events = int(statistics.median(r.events for r in results))
    bench = f"sim {days:g} d, {mc / 1000:,.0f}k TEU/yr MC"
    main = timing_row(bench, "corridor run_replication (lots)", seconds)
    assert main.median_ms is not None
    per_min = 60_000.0 / main.median_ms
    main.notes = (
        f"{per_min:,.1f} replications/min on one core; {events:,} events/replication; "
        "no weather or closures, timetable sailings"
    )
    rows = [main]
    if full_plan.weather or full_plan.disruptions or full_plan.closures or full_plan != plan:
        log("simulation: corridor on the scenario as compiled (weather, disruptions, closures, policies)")
        ref_seconds, ref_results = _time_corridor(full_plan, runs)
        rows.append(
            timing_row(
                bench,
                "corridor run_replication, scenario as compiled",
                ref_seconds,
                f"with its weather ({len(full_plan.weather)}), the network's disruption processes "
                f"({len(full_plan.disruptions)}), closures ({len(full_plan.closures)}) and "
                f"sailing policies; {statistics.median(r.events for r in ref_results):,.0f} events; "
                "reference",
            )
        )

    reference = _file_row(unused, bench, runs) if unused is not None else None

    log(f"simulation: per-container SimPy model ({days:g} days, budget {SIMPY_BUDGET_S:g} s)")
    model = SimPyModel(plan, SIMPY_SEED)
    start = time.perf_counter()
    baseline = model.run(SIMPY_BUDGET_S)
    simpy_s = time.perf_counter() - start
    checked_plan, checked = plan, results
    scale = 1.0
    if baseline.cut:
        scale = days / baseline.horizon_days
        checked_plan = replace(plan, horizon_h=baseline.horizon_days * 24.0)
        log(
            f"simulation: SimPy {baseline.cut}; corridor re-run on {baseline.horizon_days:g} days "
            "for the check"
        )
        checked = _time_corridor(checked_plan, runs)[1]
    _check(section, checked_plan, checked, baseline, QUICK_TOLERANCES if quick else FULL_TOLERANCES)
    peer = Row(
        bench,
        "per-container SimPy model (baseline)",
        simpy_s * scale * 1e3,
        simpy_s * scale * 1e3,
        1,
        notes=(
            f"{baseline.containers:,} container processes, {baseline.events:,} SimPy events; one run"
            + (
                f"; {baseline.cut}, time scaled linearly x{scale:.2f} to {days:g} days"
                if baseline.cut
                else ""
            )
        ),
    )
    rows.append(peer)
    set_ratios(rows, main)
    if reference is not None:
        rows.append(reference)
    ratio = peer.ratio or 0.0
    section.rows = rows
    section.facts.update(
        scenario=origin,
        quick_scaling=f"demand x{QUICK_SHARE:g}, {QUICK_HORIZON_DAYS} days" if quick else None,
        flows=len(plan.flows),
        mc_teu_per_year=round(mc),
        background_teu_per_year=round(background),
        horizon_days=days,
        warmup_days=plan.warmup_h / 24.0,
        services={
            k: {"headway_h": round(s.headway_h, 2), "capacity_teu": round(s.capacity_teu, 1)}
            for k, s in plan.services.items()
        },
        utilisation={
            k: round(statistics.fmean(r.services[k]["utilisation"] for r in results), 3)
            for k in plan.services
        },
        compile_plan_s=round(compile_s, 3),
        corridor_events_per_replication=events,
        corridor_replications_per_minute=round(per_min, 1),
        simpy_events=baseline.events,
        simpy_containers=baseline.containers,
        simpy_seconds_measured=round(simpy_s, 2),
        simpy_horizon_days=baseline.horizon_days,
        targets={
            f"replication-year under {TARGET_REPLICATION_S:g} s": main.median_ms / 1e3 < TARGET_REPLICATION_S,
            f"at least {TARGET_RATIO:g}x faster than SimPy": ratio >= TARGET_RATIO,
        }
        if not quick
        else "not assessed in quick mode",
    )
    return section
