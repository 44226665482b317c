"""Without Numba (no ``corridor[fast]``) the search runs the same kernels as Python, with the same answers."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from corridor import bundled_network, route
from corridor.routing import Constraints, kernels
from corridor.routing.io import result_to_dict

QUERY = """
import json, sys
sys.modules["numba"] = None  # as if corridor[fast] were not installed
from corridor import bundled_network, route
from corridor.routing import Constraints, kernels
from corridor.routing.io import result_to_dict
assert not kernels.COMPILED
network = bundled_network()
result = route(network, "Xi'an", "Duisburg", constraints=Constraints(avoid_countries=frozenset({"RU", "BY"})))
print(json.dumps(result_to_dict(network, result)))
"""


def test_kernels_are_compiled_when_numba_is_installed() -> None:
    assert kernels.COMPILED
    assert hasattr(kernels.compiled_pareto_search, "py_func")


def test_search_without_numba_gives_the_compiled_answer() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", QUERY], capture_output=True, text=True, check=False, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    network = bundled_network()
    compiled = route(
        network, "Xi'an", "Duisburg", constraints=Constraints(avoid_countries=frozenset({"RU", "BY"}))
    )
    expected = result_to_dict(network, compiled)
    fallback = json.loads(proc.stdout)
    assert fallback["options"] == expected["options"]
    assert len(fallback["options"]) >= 2


@pytest.mark.slow
def test_a_one_shot_route_on_a_small_network_needs_no_numba() -> None:
    """The first searches of a process on a small graph run as Python: `corridor route` neither imports
    Numba nor loads its kernels (about half a second); later searches use the compiled kernels."""
    code = """
import sys
from corridor import bundled_network, route
from corridor.routing import kernels
network = bundled_network()
route(network, "Xi'an", "Duisburg")
assert "numba" not in sys.modules, "numba imported by the first route"
for _ in range(kernels.PYTHON_SEARCHES):
    route(network, "Xi'an", "Duisburg")
assert "numba" in sys.modules, "later searches should compile"
"""
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
