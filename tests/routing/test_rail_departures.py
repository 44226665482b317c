"""A box handed to the railway waits for the next train, and trucks win where they do in reality.

The wait is the planner's, the search's and the twin's alike: uniform between 0 and 168 h over
the trains a week the node states (``rail_departures_per_week``, method ``m-rail-departures``),
as for a sailing. Where trucks beat rail on time in reality, short and medium hauls across
Georgia, Türkiye, the Balkans and from Xinjiang into Kazakhstan, a truck option is the fastest on the
Pareto front and the rail options stay on it for being cheaper or cleaner; on the long haul the
block train keeps winning (tests/routing/test_trucks.py). Published references:
the TURKUAZ block train took 6 days Istanbul-Baku, twice a week (ADY Container via Trend, April
2021); IRU's 2024 TIR pilot trucks reached Georgia from Urumqi in two weeks; a TIR truck crosses
Kapikule and Bulgaria in about a day and a half of driving under EU 561/2006.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from corridor.distributions import Uniform
from corridor.network import Network
from corridor.network.io import bundled_network
from corridor.routing import Cargo, Constraints, RouteResult, route
from corridor.simulation.compiled import Stop, chain_steps
from corridor.simulation.disruptions import draw

from .networks import link, node, small_network


@pytest.fixture(scope="module")
def net() -> Network:
    return bundled_network()


def _feeder(trains_per_week: float | None) -> Network:
    """A truck from a door to a terminal, a train on, and a gauge change on the way."""
    departures = "" if trains_per_week is None else trains_per_week
    return small_network(
        [
            node("DE-DOOR", "DE", kind="city"),
            node("DE-TERM", "DE", transfer=(2, 2, 2, 10), rail_departures_per_week=departures),
            node("DE-GAUGE", "DE", kind="gauge_change", transfer=(5, 5, 5, 10), rail_departures_per_week=1),
            node("DE-END", "DE"),
        ],
        [
            link("ADT", "DE-DOOR", "DE-TERM", "DE", 3, mode="road"),
            link("ATG", "DE-TERM", "DE-GAUGE", "DE", 10),
            link("AGB", "DE-GAUGE", "DE-END", "DE", 10, gauge_mm=1520),
        ],
    )


def test_a_box_trucked_to_a_terminal_waits_half_the_time_between_trains() -> None:
    """3 h truck + 2 h lift + U(0, 56 h) for 3 trains a week + 10 h + 5 h gauge change + 10 h."""
    result = route(_feeder(3), "DE-DOOR", "DE-END", criteria=("time",))
    (option,) = result.options
    chain = option.chain
    assert chain.duration_h_mean == pytest.approx(3 + 2 + 28 + 10 + 5 + 10)
    assert option.values["time"] == pytest.approx(chain.duration_h_mean)  # the search ranks by the same wait
    (boarding,) = [h for h in chain.hubs if h.node_id == "DE-TERM"]
    assert Uniform(0.0, 56.0) in boarding.duration_h
    # the gauge change hands a train to a train: no wait there, though G states a weekly train
    (gauge,) = [h for h in chain.hubs if h.node_id == "DE-GAUGE"]
    assert not any(isinstance(d, Uniform) for d in gauge.duration_h)
    # the P50 and P90 take the uniform wait: 30 h of fixed time plus 28 h and 50.4 h of waiting
    assert option.duration_h_p50 == pytest.approx(30 + 28, abs=0.5)
    assert option.duration_h_p90 == pytest.approx(30 + 50.4, abs=0.5)


def test_a_terminal_stating_no_frequency_adds_no_wait() -> None:
    (option,) = route(_feeder(None), "DE-DOOR", "DE-END", criteria=("time",)).options
    assert option.chain.duration_h_mean == pytest.approx(3 + 2 + 10 + 5 + 10)


def test_the_twin_draws_the_same_wait_for_the_train() -> None:
    """The twin's hub step carries the uniform wait and samples it (mean 28 h, range 0-56 h)."""
    network = _feeder(3)
    chain = route(network, "DE-DOOR", "DE-END", criteria=("time",)).options[0].chain
    (stop,) = [s for s in chain_steps(network, chain) if isinstance(s, Stop) and s.node_id == "DE-TERM"]
    assert Uniform(0.0, 56.0) in stop.dwell
    rng = random.Random(7)
    draws = np.array([sum(draw(rng, d) for d in stop.dwell) for _ in range(20_000)])
    assert draws.mean() == pytest.approx(2 + 28, rel=0.02)
    assert draws.min() >= 2
    assert draws.max() <= 58


def test_bundled_frequencies_are_sourced_or_called_judgement(net: Network) -> None:
    stated = {n.node_id: n for n in net.nodes.values() if n.rail_departures_per_week is not None}
    assert {"CN-XIAN", "AZ-ALAT", "TR-HALKALI", "DEDUI", "GEPTI", "KZAAU"} <= set(stated)
    for found in stated.values():
        assert "m-rail-departures" in found.source_ids, found.node_id
        assert "Container trains leaving per week" in (found.note or "")
    assert stated["CN-XIAN"].rail_departures_per_week == 53  # ~5,000 trains in 2023 less ~45% returns
    assert stated["TR-HALKALI"].rail_departures_per_week == 2  # TURKUAZ, twice a week
    method = net.sources["m-rail-departures"].note or ""
    assert "Judgement" in method


def _fastest(result: RouteResult) -> int:
    return min(range(len(result.options)), key=lambda i: result.options[i].duration_h_p50)


def _truck_only(result: RouteResult, index: int) -> bool:
    return all(leg.road_unit is not None for leg in result.options[index].chain.legs)


def _rail(result: RouteResult) -> list[int]:
    return [i for i, o in enumerate(result.options) if any(leg.mode == "rail" for leg in o.chain.legs)]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("origin", "destination", "truck_days"),
    [
        ("Tbilisi, GE", "Istanbul, TR", (2.0, 5.0)),  # Georgia-Türkiye over Sarpi
        ("Istanbul, TR", "Budapest, HU", (2.0, 4.0)),  # Türkiye-EU over Kapikule
        ("Urumqi, CN", "Almaty, KZ", (1.0, 3.0)),  # Chinese TIR trucking into Central Asia
        ("Kars, TR", "Tbilisi, GE", (0.1, 1.0)),  # a short haul beside the BTK rail feeder
    ],
)
def test_trucks_win_on_time_where_they_do_in_reality(
    net: Network, origin: str, destination: str, truck_days: tuple[float, float]
) -> None:
    result = route(net, origin, destination, cargo=Cargo.parse("1x40HC"))
    fastest = _fastest(result)
    assert _truck_only(result, fastest)
    low, high = truck_days
    assert low <= result.options[fastest].duration_days_p50 <= high
    rail = _rail(result)
    assert rail  # the train stays on the Pareto front, cheaper or cleaner than the truck
    truck = result.options[fastest]
    for i in rail:
        option = result.options[i]
        assert option.duration_h_p50 > truck.duration_h_p50
        assert option.chain.cost_usd < truck.chain.cost_usd or (
            option.emissions is not None
            and truck.emissions is not None
            and option.emissions.wtw_kg < truck.emissions.wtw_kg
        )
    # each rail option waits for its train where the truck hands the box over
    for i in rail:
        waits = [d for h in result.options[i].chain.hubs for d in h.duration_h if isinstance(d, Uniform)]
        assert waits, result.options[i].chain


@pytest.mark.slow
def test_the_caspian_truck_beats_the_rail_and_feeder_chain_from_almaty_to_europe(net: Network) -> None:
    """Almaty-Rotterdam without Russia, Belarus or Iran: a truck over the Kuryk Ro-Ro to Alat and on
    to Budapest, then rail, is the fastest option; the rail-and-feeder chains are cheaper."""
    result = route(
        net,
        "Almaty",
        "Rotterdam",
        cargo=Cargo.parse("1x40RF"),
        constraints=Constraints(avoid_countries=frozenset({"RU", "BY", "IR"})),
        criteria=("time", "cost"),
    )
    fastest = result.options[_fastest(result)]
    assert any(leg.link_ids == ("L-KZ-KURYK-AZ-ALAT-RORO",) for leg in fastest.chain.legs)
    assert any(leg.mode == "road" for leg in fastest.chain.legs)
    assert min(o.chain.cost_usd for o in result.options) < fastest.chain.cost_usd
