"""The twin's events as data: every lot's tracking events, written, read back and measured."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest

from corridor.errors import CorridorError
from corridor.events import EventType
from corridor.simulation.compiled import Plan, Sailing, compile_plan
from corridor.simulation.engine import Engine
from corridor.simulation.events import (
    EVENT_COLUMNS,
    crossing_times_h,
    event_rows,
    read_events,
    stay_times_h,
    write_events,
)
from corridor.simulation.run import simulate
from corridor.simulation.scenario import scenario_from_dict
from corridor.simulation.stats import weighted_quantile

TINY = Path(__file__).parents[1] / "data" / "tiny"


def tiny_plan(**overrides: Any) -> Plan:
    data: dict[str, Any] = {
        "name": "tiny",
        "network": str(TINY),
        "start": "2024-01-01",
        "horizon_days": 120,
        "warmup_days": 10,
        "flows": [
            {
                "name": "alpha-omega",
                "origin": "Alpha",
                "destination": "Omega",
                "teu_per_week": 100,
                "train_teu": 50,
                "route": {"avoid_countries": ["RU"]},
            }
        ],
    }
    data.update(overrides)
    return compile_plan(scenario_from_dict(data))


def test_recording_events_changes_nothing_else() -> None:
    plan = tiny_plan()
    plain = simulate(plan, replications=2, seed=4)
    recorded = simulate(plan, replications=2, seed=4, record_events=True)
    assert [r.to_dict() for r in plain] == [r.to_dict() for r in recorded]
    assert not plain[0].tracking
    assert recorded[0].tracking


def test_every_lot_leaves_each_node_it_reaches_and_times_add_up() -> None:
    """Oracle: a delivered lot's arrival-to-departure and departure-to-arrival spans tile its journey
    from its first departure to its gate-out exactly."""
    plan = tiny_plan()
    rows = event_rows([Engine(plan, 8, record_events=True).run()], start=plan.start)
    lots: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        lots.setdefault(row["lot"], []).append(row)
    delivered = [events for events in lots.values() if events[-1]["event_type"] == EventType.GATE_OUT]
    assert delivered
    for events in delivered:
        moves = [e for e in events if e["event_type"] in (EventType.DEPARTURE, EventType.ARRIVAL)]
        kinds = [e["event_type"] for e in moves]
        if kinds[0] == EventType.DEPARTURE:  # a whole train (a part starts at the port it was split at)
            assert kinds == [EventType.DEPARTURE, EventType.ARRIVAL] * (len(kinds) // 2)
            span = sum(b["time_h"] - a["time_h"] for a, b in itertools.pairwise(moves))
            assert span == pytest.approx(moves[-1]["time_h"] - moves[0]["time_h"])
        assert events[-1]["node_id"] == plan.flows[0].destination
        assert [e["time_h"] for e in events] == sorted(e["time_h"] for e in events)


def test_sailing_times_measured_from_events_follow_the_crossing_distribution() -> None:
    plan = tiny_plan(horizon_days=365)
    sailing = next(s for s in plan.flows[0].steps if isinstance(s, Sailing))
    rows = event_rows([Engine(plan, 3, record_events=True).run()], start=plan.start)
    crossings = crossing_times_h(rows, sailing.from_node, sailing.to_node)
    assert len(crossings) > 30
    low, high = sailing.crossing.min, sailing.crossing.max
    assert all(low - 1e-6 <= hours <= high + 1e-6 for hours, _ in crossings)
    stays = stay_times_h(rows, sailing.from_node)
    assert stays
    assert min(h for h, _ in stays) >= 0.0


def test_events_csv_round_trips_and_has_the_vocabulary(tmp_path: Path) -> None:
    plan = tiny_plan()
    results = simulate(plan, replications=2, seed=1, record_events=True)
    [path] = write_events(tmp_path, results, start=plan.start)
    assert path.name == "events.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(EVENT_COLUMNS)
    rows = read_events(path)
    assert rows == event_rows(results, start=plan.start)
    assert {r["replication"] for r in rows} == {1, 2}
    assert {r["classifier"] for r in rows} == {"ACT"}
    assert {r["event_type"] for r in rows} <= {str(e) for e in EventType}
    first = rows[0]
    stamp = dt.datetime.fromisoformat(first["timestamp_utc"].replace("Z", "+00:00"))
    expected = dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=first["time_h"])
    assert abs((stamp - expected).total_seconds()) < 1.0


def test_events_need_recorded_replications(tmp_path: Path) -> None:
    plan = tiny_plan()
    results = simulate(plan, replications=1, seed=1)
    with pytest.raises(CorridorError, match="record_events"):
        write_events(tmp_path, results, start=plan.start)
    with pytest.raises(CorridorError, match="unknown events format"):
        write_events(tmp_path, results, start=plan.start, formats=["xlsx"])


def test_parquet_without_pyarrow_says_how_to_get_it(tmp_path: Path) -> None:
    try:
        import pyarrow  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        from corridor.errors import MissingDependencyError

        plan = tiny_plan(horizon_days=20, warmup_days=0)
        results = simulate(plan, replications=1, seed=1, record_events=True)
        with pytest.raises(MissingDependencyError, match="pyarrow"):
            write_events(tmp_path, results, start=plan.start, formats=["parquet"])
    else:
        pytest.skip("pyarrow is installed, so the error for a missing pyarrow cannot arise (it is optional)")


def test_weighted_quantile_and_split_lots_join_their_parent() -> None:
    def event(rep: int, lot: str, teu: float, kind: str, t: float) -> dict[str, Any]:
        return {"replication": rep, "lot": lot, "teu": teu, "node_id": "P", "event_type": kind, "time_h": t}

    rows = [
        event(1, "f#7", 80.0, "arrival", 10.0),
        event(1, "f#7.1", 60.0, "departure", 40.0),
        event(1, "f#7", 20.0, "departure", 100.0),
        event(2, "f#7", 80.0, "arrival", 0.0),
        event(2, "f#7", 80.0, "departure", 5.0),
    ]
    stays = stay_times_h(rows, "P")
    assert sorted(stays) == [(5.0, 80.0), (30.0, 60.0), (90.0, 20.0)]
    assert weighted_quantile(stays, 0.5) == 5.0  # 80 of the 160 TEU
    assert weighted_quantile(stays, 0.6) == 30.0
    assert weighted_quantile(stays, 0.95) == 90.0


def test_a_run_folder_carries_its_events_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corridor.errors import MissingDependencyError
    from corridor.network.io import network_from_csv
    from corridor.simulation import plots
    from corridor.simulation.output import write_run
    from corridor.simulation.run import summarise

    def missing() -> None:
        raise MissingDependencyError("no plots in this test")

    monkeypatch.setattr(plots, "_pyplot", missing)  # the plots are test_output's business
    plan = tiny_plan(horizon_days=40, warmup_days=5)
    results = simulate(plan, replications=1, seed=2, record_events=True)
    summary = summarise(plan, results, seed=2)
    plain = write_run(tmp_path / "plain", summary, results, network_from_csv(TINY))
    assert plain.events == ()
    assert not (tmp_path / "plain" / "events.csv").exists()
    written = write_run(tmp_path / "run", summary, results, network_from_csv(TINY), events=["csv"])
    assert written.events == (tmp_path / "run" / "events.csv",)
    assert read_events(written.events[0]) == event_rows(results, start=plan.start)
