"""Without Numba (or for the first small searches of a process) the search runs as plain Python and
gives the same routes as the compiled kernels, in the same process (the subprocess check of
``test_kernels.py`` runs the installed code; this one runs the code under test).

Oracle: the compiled search's answer on the tiny test network.
"""

from __future__ import annotations

import pytest

from corridor.network import Network
from corridor.routing import Constraints, RouteResult, kernels, route


def _routes(result: RouteResult) -> list[tuple[dict[str, float], tuple[str, ...]]]:
    return [(o.values, tuple(i for leg in o.chain.legs for i in leg.link_ids)) for o in result.options]


@pytest.mark.parametrize("criteria", [("time",), ("cost",), ("time", "cost"), ("time", "cost", "distance")])
@pytest.mark.parametrize(
    "constraints",
    [Constraints(), Constraints(avoid_countries=frozenset({"RU"})), Constraints(via_nodes=("Harbour",))],
)
def test_the_python_search_gives_the_compiled_routes(
    tiny: Network, criteria: tuple[str, ...], constraints: Constraints, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = route(tiny, "Alpha", "Omega", criteria=criteria, constraints=constraints)
    monkeypatch.setattr(kernels, "compiled", lambda: None)  # as without Numba installed
    python = route(tiny, "Alpha", "Omega", criteria=criteria, constraints=constraints)
    assert _routes(python) == _routes(compiled)
    assert python.options


def test_the_first_small_searches_of_a_process_run_in_python(
    tiny: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = route(tiny, "Alpha", "Omega", criteria=("time", "cost"))
    # as in a fresh process: nothing compiled yet, no search run (a one-shot `corridor route` needs no Numba)
    monkeypatch.setattr(kernels, "_compiled", {})
    monkeypatch.setattr(kernels, "_python_searches", [0])
    python = route(tiny, "Alpha", "Omega", criteria=("time", "cost"))
    assert kernels._python_searches[0] == 1
    assert _routes(python) == _routes(compiled)
