"""With a departure date and loaded timetables, the planner waits for the actual next departure."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from corridor import bundled_network
from corridor.chain import Hub, Leg
from corridor.distributions import Uniform, resolved
from corridor.network.io import network_from_csv
from corridor.network.model import Departure, Network
from corridor.network.schedules import schedules_from_dcsa, with_departures
from corridor.routing.cargo import Constraints
from corridor.routing.plan import route

DATA = Path(__file__).parents[1] / "data"
DEPART = dt.date(2026, 12, 3)


def _tiny() -> Network:
    return network_from_csv(DATA / "tiny")


def _sailings(network: Network, *hours_after_departure: float, arrival_h: float | None = None) -> Network:
    """``network`` with sailings of S1 (Porto->Harbour) at these hours after midnight of DEPART."""
    start = dt.datetime(DEPART.year, DEPART.month, DEPART.day)
    departures = [
        Departure(
            "S1",
            "KZ-PORT",
            "AZ-PORT",
            start + dt.timedelta(hours=h),
            start + dt.timedelta(hours=h + arrival_h) if arrival_h else None,
            voyage=f"V{i}",
        )
        for i, h in enumerate(hours_after_departure)
    ]
    return with_departures(network, departures)


def _arrival_at(chain_elements: tuple[object, ...], element: int, link_index: int) -> dt.datetime:
    """When the cargo reaches the start of link ``link_index`` of leg ``element``: expected times added up."""
    clock = dt.datetime(DEPART.year, DEPART.month, DEPART.day)
    for e in chain_elements[:element]:
        assert isinstance(e, Hub | Leg)
        clock += dt.timedelta(hours=sum(resolved(d, clock.month).mean for d in e.duration_h))
    leg = chain_elements[element]
    assert isinstance(leg, Leg)
    for part in leg.duration_h[: 2 * link_index if link_index else 0]:  # rail links before it in the leg
        clock += dt.timedelta(hours=resolved(part, clock.month).mean)
    return clock


ROUTE = {"constraints": Constraints(avoid_countries=frozenset({"RU"})), "criteria": ("time",)}


def test_the_cargo_takes_the_first_sailing_after_it_reaches_the_port() -> None:
    network = _sailings(_tiny(), 10, 130, 200, 400)
    result = route(network, "Alpha", "Omega", depart=DEPART, **ROUTE)  # type: ignore[arg-type]
    option = result.options[0]
    (boarding,) = option.departures
    assert boarding.link_id == "L4"
    assert boarding.departure is not None
    elements = option.chain.elements
    at_port = _arrival_at(elements, boarding.element, 0)
    # the oracle: the first loaded sailing at or after the expected arrival at Porto
    first = min(d.departs for d in network.departures["S1"] if d.departs >= at_port)
    assert boarding.departure.departs == first
    assert boarding.wait_h == pytest.approx((first - at_port).total_seconds() / 3600)
    leg = elements[boarding.element]
    assert isinstance(leg, Leg)
    assert boarding.wait_h is not None
    assert Uniform(boarding.wait_h, boarding.wait_h) in leg.duration_h  # a fixed wait, not 0..headway
    assert option.summary()["departures"][0]["voyage"] == boarding.departure.voyage


def test_a_later_sailing_delays_arrival_by_exactly_the_extra_wait() -> None:
    early = route(_sailings(_tiny(), 300), "Alpha", "Omega", depart=DEPART, **ROUTE)  # type: ignore[arg-type]
    late = route(_sailings(_tiny(), 400), "Alpha", "Omega", depart=DEPART, **ROUTE)  # type: ignore[arg-type]
    shift_h = late.options[0].duration_h_p50 - early.options[0].duration_h_p50
    assert shift_h == pytest.approx(100.0, abs=0.5)  # convolution grid 0.25 h
    assert late.options[0].duration_h_p90 - early.options[0].duration_h_p90 == pytest.approx(100.0, abs=0.5)


def test_a_timetabled_arrival_replaces_the_running_time() -> None:
    result = route(_sailings(_tiny(), 300, arrival_h=30.0), "Alpha", "Omega", depart=DEPART, **ROUTE)  # type: ignore[arg-type]
    (boarding,) = result.options[0].departures
    leg = result.options[0].chain.elements[boarding.element]
    assert isinstance(leg, Leg)
    assert Uniform(30.0, 30.0) in leg.duration_h


def test_past_the_last_loaded_sailing_the_weekly_frequency_is_used_and_said() -> None:
    base = route(_tiny(), "Alpha", "Omega", depart=DEPART, **ROUTE)  # type: ignore[arg-type]
    result = route(_sailings(_tiny(), 1), "Alpha", "Omega", depart=DEPART, **ROUTE)  # type: ignore[arg-type]
    (boarding,) = result.options[0].departures
    assert boarding.departure is None
    assert boarding.note is not None
    assert "weekly frequency" in boarding.note
    assert result.options[0].duration_h_p50 == base.options[0].duration_h_p50


def test_without_a_date_or_a_timetable_the_sourced_frequencies_stay_the_default() -> None:
    timed = _sailings(_tiny(), 300)
    undated = route(timed, "Alpha", "Omega", **ROUTE)  # type: ignore[arg-type]
    plain = route(_tiny(), "Alpha", "Omega", **ROUTE)  # type: ignore[arg-type]
    assert undated.options[0].departures == ()
    assert "departures" not in undated.options[0].summary()
    assert undated.options[0].duration_h_p50 == plain.options[0].duration_h_p50
    assert bundled_network().departures == {}


def test_a_block_train_timetable_is_waited_for_like_a_sailing(tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    shutil.copytree(DATA / "tiny", folder)
    with (folder / "services.csv").open("a", encoding="utf-8") as f:
        f.write("S-TRAIN,L5,Block train Harbour-Midway,TestRail,3,90,,fixture,\n")
    network = network_from_csv(folder)
    start = dt.datetime(2026, 12, 3)
    network = with_departures(
        network, [Departure("S-TRAIN", "AZ-PORT", "GE-MID", start + dt.timedelta(hours=300))]
    )
    option = route(network, "Alpha", "Omega", depart=DEPART, **ROUTE).options[0]  # type: ignore[arg-type]
    train = [b for b in option.departures if b.link_id == "L5"]
    assert len(train) == 1
    assert train[0].departure is not None
    assert train[0].departure.departs == start + dt.timedelta(hours=300)


def test_the_bundled_caspian_feeder_waits_for_the_dcsa_sailing() -> None:
    network = bundled_network()
    timed = with_departures(
        network,
        schedules_from_dcsa(
            Path(__file__).parents[2] / "docs" / "examples" / "caspian-p2p.json", network
        ).departures,
    )
    result = route(timed, "Aktau", "Alat", depart=DEPART, criteria=("time",))
    (boarding,) = result.options[0].departures
    assert boarding.departure is not None
    assert boarding.departure.voyage == "2649W"  # 5 Dec, the first after the cargo is at the quay
    at_port = _arrival_at(result.options[0].chain.elements, boarding.element, 0)
    assert at_port <= boarding.departure.departs
    assert boarding.wait_h == pytest.approx((boarding.departure.departs - at_port).total_seconds() / 3600)
