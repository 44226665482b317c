"""What route() keeps between calls changes no answer.

Legs, element emissions and spectra are memoised (per network, cargo and
factor dataset); each answer must equal what the straightforward
computation gives: chains built afresh, every distribution convolved one by
one, every element's emissions computed anew.
"""

from __future__ import annotations

import datetime as dt

import pytest

from corridor import bundled_network
from corridor.distributions import sum_quantiles
from corridor.emissions import bundled_factors, chain_emissions
from corridor.routing import Cargo, Constraints, RouteResult, route
from corridor.routing.graph import routing_graph

PAIRS = [
    ("Xi'an", "Duisburg"),
    ("Chongqing", "Budapest"),
    ("Shanghai", "Rotterdam"),
    ("Almaty", "Milan"),
    ("Lianyungang", "Warsaw"),
]
CARGOES = [Cargo(), Cargo.parse("2x40HC"), Cargo.parse("3x20")]


def _answer(origin: str, destination: str, cargo: Cargo, depart: dt.date | None) -> RouteResult:
    constraints = Constraints(avoid_countries=frozenset({"RU", "BY"}))
    return route(bundled_network(), origin, destination, cargo=cargo, constraints=constraints, depart=depart)


@pytest.mark.parametrize("depart", [None, dt.date(2026, 1, 15)])
def test_memoised_answers_equal_the_straightforward_computation(depart: dt.date | None) -> None:
    factors = bundled_factors()
    for cargo in CARGOES:
        for origin, destination in PAIRS:
            result = _answer(origin, destination, cargo, depart)
            for option in result.options:
                chain = option.chain
                plain = sum_quantiles(chain.durations_h(depart=depart), (0.5, 0.9))
                assert (option.duration_h_p50, option.duration_h_p90) == pytest.approx(plain, abs=1e-9)
                assert option.emissions == chain_emissions(chain, factors)


def test_warm_memos_give_the_answer_cold_ones_give() -> None:
    graph = routing_graph(bundled_network())
    questions = [(cargo, origin, destination) for cargo in CARGOES for origin, destination in PAIRS]
    warm = [_answer(origin, destination, cargo, None) for cargo, origin, destination in questions]
    assert graph.memo  # the legs and emissions were kept
    for (cargo, origin, destination), before in zip(questions, warm, strict=True):
        graph.memo.clear()
        assert _answer(origin, destination, cargo, None).options == before.options
