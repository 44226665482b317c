"""The twin feedback: simulated waits at the bottlenecks change the assignment, in the expected direction."""

from __future__ import annotations

import csv
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from corridor.assignment import FlowsResult, LogitParameters, find_choice_sets, run_flows, write_flows_run
from corridor.assignment.jobs import check_flows_work
from corridor.assignment.run import ChoiceSets
from corridor.assignment.twin import TwinSettings, twin_delays_h, twin_feedback, twin_plan
from corridor.errors import CorridorError, LimitExceededError
from corridor.network import Network
from corridor.simulation.run import simulate

from .networks import corridor_network, demand_of

LOGIT = LogitParameters(scale_per_usd=1 / 500, constants={"middle": 1.0}, default_nest_scale=0.6)
FEEDER = "services:CASPIAN:fwd"


Rerun = Callable[[Mapping[str, float]], FlowsResult]


def _setup(feeder_teu: float, teu: float) -> tuple[Network, ChoiceSets, FlowsResult, Rerun]:
    network = corridor_network(feeder_teu_per_departure=feeder_teu)
    demand = demand_of([("CN-A", "DE-D", "general", teu), ("CN-A", "DE-D", "electronics", teu / 2)])
    choice_sets = find_choice_sets(network, demand)

    def rerun(extra: Mapping[str, float]) -> FlowsResult:
        return run_flows(
            demand, network, logit=LOGIT, calibrate=False, choice_sets=choice_sets, extra_delay_h=extra
        )

    return network, choice_sets, rerun({}), rerun


def _feeder(result: FlowsResult) -> float:
    return next(b.teu_per_year for b in result.bottlenecks if b.key == FEEDER)


def test_a_congested_feeders_simulated_wait_moves_freight_off_the_middle_corridor() -> None:
    # The Caspian feeder (2 x 100 TEU a week, 10,400 TEU/yr) is loaded to about 60 %: the BPR
    # function puts 1.6 h on it, the twin's queue of 82-TEU trains for 100-TEU ships much more.
    network, choice_sets, first, rerun = _setup(100, 40_000)
    assert 0.4 < first.bottlenecks[0].utilisation < 1.0
    ended: list[int] = []
    result = twin_feedback(
        first, network, choice_sets, rerun, settings=TwinSettings(rounds=4), on_round=ended.append
    )
    record = result.twin
    assert ended == [r["round"] for r in record["rounds"]]  # progress, a call per round
    feeder = record["rounds"][0]["elements"][0]
    assert feeder["key"] == FEEDER
    assert feeder["twin_delay_h"] > feeder["assignment_delay_h"] + 2.0
    assert feeder["correction_h"] > 0
    # a longer wait for the feeder than the assignment assumed: less freight on the Middle corridor,
    # more on the Northern, the same total
    before, after = first.corridor_teu["westbound"], result.corridor_teu["westbound"]
    assert after["middle"] < 0.97 * before["middle"]
    assert after["northern"] > before["northern"]
    assert sum(after.values()) == pytest.approx(sum(before.values()))
    assert _feeder(result) < _feeder(first)
    # stopped by the stated criterion, or after the stated number of rounds
    rounds = record["rounds"]
    assert record["converged"] == (rounds[-1]["max_load_change"] <= 0.02)
    assert record["converged"] or len(rounds) == 4
    assert result.summary()["twin"] == record


def test_the_twin_runs_the_routes_through_measured_elements_at_their_assigned_teu() -> None:
    network, choice_sets, first, _rerun = _setup(100, 40_000)
    plan = twin_plan(network, first, choice_sets, settings=TwinSettings())
    # only the Middle route crosses the feeder; the Northern and sea routes load no measured element
    assert len(plan.flows) == 1
    assert plan.flows[0].teu_per_week * 52 == pytest.approx(_feeder(first))
    assert set(plan.services) == {FEEDER}
    assert plan.services[FEEDER].from_node == "KZAAU"


def test_an_idle_ship_costs_the_planners_wait_and_no_more() -> None:
    # 2,000 TEU/yr for 10,400 TEU/yr of ships on a timetable: trains arrive at random against the
    # sailings, so the mean wait is half the 84 h between them, which the planner counts already.
    network = corridor_network(feeder_teu_per_departure=100)
    small = run_flows(
        demand_of([("CN-A", "DE-D", "general", 2_000.0)]),
        network,
        logit=LogitParameters(scale_per_usd=1 / 500, constants={"middle": 5.0}, default_nest_scale=0.6),
        calibrate=False,
    )
    sets = find_choice_sets(network, demand_of([("CN-A", "DE-D", "general", 2_000.0)]))
    plan = twin_plan(network, small, sets, settings=TwinSettings())
    results = simulate(plan, replications=6, seed=5)
    waits = [r.services[FEEDER]["wait_h_mean"] for r in results]
    assert sum(waits) / len(waits) == pytest.approx(42.0, abs=8.0)
    assert twin_delays_h(network, plan, results)[FEEDER] < 8.0


def test_a_flows_job_counts_the_assignment_and_each_twin_round() -> None:
    assert check_flows_work(twin_rounds=0) == 1
    assert check_flows_work(twin_rounds=3) == 4
    with pytest.raises(LimitExceededError, match="twin_rounds must be 0-8"):
        check_flows_work(twin_rounds=9)


def test_twin_settings_are_bounded() -> None:
    with pytest.raises(CorridorError, match="rounds must be 1-20"):
        TwinSettings(rounds=0)
    with pytest.raises(CorridorError, match="replications must be 1-20"):
        TwinSettings(replications=50)


def test_the_run_folder_holds_the_twins_rounds(tmp_path: Path) -> None:
    network, choice_sets, first, rerun = _setup(100, 40_000)
    result = twin_feedback(first, network, choice_sets, rerun, settings=TwinSettings(rounds=2))
    files = write_flows_run(tmp_path, result, network)
    rows = list(csv.DictReader((tmp_path / "twin.csv").read_text(encoding="utf-8").splitlines()))
    assert [(r["round"], r["key"]) for r in rows][:1] == [("1", FEEDER)]
    assert len(rows) == len(result.twin["rounds"])  # one measured element, one row a round
    report = files.report.read_text(encoding="utf-8")
    assert "Twin feedback" in report
    assert "after round 1" in report


def test_options_keep_their_chain_in_the_process_and_ship_without_it() -> None:
    _, choice_sets, _, _ = _setup(100, 40_000)
    option = next(o for found in choice_sets.options.values() for o in found if o.corridor == "middle")
    assert option.chain is not None
    assert option.chain.end == "DE-D"
    shipped = pickle.loads(pickle.dumps(option))
    assert shipped == option
    assert shipped.chain is None
