"""A network large enough to be kept in columns routes exactly as the same network kept as records
(``tests/network/test_columnar.py`` checks the records; this checks the routing graph built on them).

Oracle: the tiny test network read twice, once as records and once in columns (the threshold set to
0 links), asked the same questions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.network import Network
from corridor.network import build as build_module
from corridor.network.columns import RecordColumns
from corridor.network.io import network_from_csv
from corridor.routing import Cargo, Constraints, route

TINY = Path(__file__).parents[1] / "data" / "tiny"


def _in_columns() -> Network:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "COLUMNAR_LINKS", 0)
        network = network_from_csv(TINY)
    assert isinstance(network.links, RecordColumns)
    return network


@pytest.mark.parametrize(
    ("cargo", "constraints"),
    [
        (Cargo.parse("1x40"), Constraints()),
        (Cargo.parse("2x20"), Constraints(avoid_countries=frozenset({"RU"}))),
        (Cargo.parse("1x40RF"), Constraints(via_nodes=("Midway",))),
    ],
)
def test_a_network_in_columns_routes_as_one_in_records(cargo: Cargo, constraints: Constraints) -> None:
    plain = route(network_from_csv(TINY), "Alpha", "Omega", cargo=cargo, constraints=constraints)
    columnar = route(_in_columns(), "Alpha", "Omega", cargo=cargo, constraints=constraints)
    assert [o.summary() for o in columnar.options] == [o.summary() for o in plain.options]
    assert [o.chain for o in columnar.options] == [o.chain for o in plain.options]
