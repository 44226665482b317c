"""A question stopped by its caller says at which stage it stopped; a one-criterion answer is never
called truncated.

Oracle: the documented stages of a search (``before the search``, ``after the search`` for one
criterion) and the meaning of ``RouteResult.truncated`` (set only when the Pareto set was cut at
``max_options``: one criterion has exactly one optimal path).
"""

from __future__ import annotations

import threading

import pytest

from corridor.errors import SearchLimitError
from corridor.network import Network
from corridor.network.io import bundled_network
from corridor.routing import Constraints, RouteLimits, route


class _SetAfter:
    """A stop flag that another thread sets after it has been read ``n`` times unset."""

    def __init__(self, n: int) -> None:
        self.reads = 0
        self.n = n

    def is_set(self) -> bool:
        self.reads += 1
        return self.reads > self.n


def test_a_question_cancelled_before_it_starts_stops_before_the_search(tiny: Network) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(SearchLimitError) as err:
        route(tiny, "Alpha", "Omega", criteria=("time",), limits=RouteLimits(cancelled=stop))
    assert str(err.value) == "the question was cancelled (stopped before the search)"


def test_a_question_cancelled_while_it_searches_stops_after_the_search(tiny: Network) -> None:
    with pytest.raises(SearchLimitError) as err:
        route(tiny, "Alpha", "Omega", criteria=("time",), limits=RouteLimits(cancelled=_SetAfter(1)))
    assert str(err.value) == "the question was cancelled (stopped after the search)"


def test_a_deadline_already_past_stops_before_the_search(tiny: Network) -> None:
    with pytest.raises(SearchLimitError) as err:
        route(tiny, "Alpha", "Omega", criteria=("cost",), limits=RouteLimits(deadline_s=1e-9))
    assert str(err.value) == (
        "the question took longer than the 1e-09 s allowed (stopped before the search); "
        "use fewer criteria or via nodes, or more constraints"
    )


@pytest.mark.parametrize("criterion", ["time", "cost", "distance", "co2e"])
def test_a_one_criterion_answer_is_its_single_optimal_route_untruncated(
    tiny: Network, criterion: str
) -> None:
    result = route(tiny, "Alpha", "Omega", criteria=(criterion,), limits=RouteLimits(max_options=1))
    assert len(result.options) == 1
    assert result.truncated is None


def test_a_question_of_several_criteria_cancelled_before_it_starts_stops_before_the_pareto_search(
    tiny: Network,
) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(SearchLimitError) as err:
        route(tiny, "Alpha", "Omega", criteria=("time", "cost"), limits=RouteLimits(cancelled=stop))
    assert str(err.value) == "the question was cancelled (stopped before the Pareto search)"


def test_a_question_of_several_criteria_cancelled_while_it_searches_stops_after_the_pareto_search(
    tiny: Network,
) -> None:
    with pytest.raises(SearchLimitError) as err:
        route(tiny, "Alpha", "Omega", criteria=("time", "cost"), limits=RouteLimits(cancelled=_SetAfter(1)))
    assert str(err.value) == "the question was cancelled (stopped after the Pareto search)"


@pytest.mark.parametrize("constraints", [None, Constraints(max_transshipments=10)])
def test_a_pareto_set_cut_at_max_options_says_so_and_a_whole_one_does_not(
    constraints: Constraints | None,
) -> None:
    network = bundled_network()
    whole = route(network, "Xi'an", "Duisburg", constraints=constraints)
    assert len(whole.options) >= 2
    assert whole.truncated is None
    cut = route(network, "Xi'an", "Duisburg", constraints=constraints, limits=RouteLimits(max_options=1))
    assert len(cut.options) == 1
    assert cut.truncated == "the Pareto set has more than 1 options; these are the 1 lowest in time"
