"""A large network's records are kept as columns; it must answer exactly like the same network as objects."""

from __future__ import annotations

import math

import numpy as np
import pytest

from corridor.distributions import Triangular
from corridor.network import Network
from corridor.network import build as build_module
from corridor.network.columns import RecordColumns
from corridor.network.io import bundled_network_path, network_from_csv, network_to_geojson
from corridor.network.model import Link, Node, Transfer
from corridor.routing import Constraints, route
from corridor.routing.graph import _build


@pytest.fixture(scope="module")
def both() -> tuple[Network, Network]:
    plain = network_from_csv(bundled_network_path())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "COLUMNAR_LINKS", 0)
        columnar = network_from_csv(bundled_network_path())
    return plain, columnar


def test_the_bundled_network_in_columns_has_the_same_records(both: tuple[Network, Network]) -> None:
    plain, columnar = both
    assert isinstance(columnar.links, RecordColumns)
    assert isinstance(columnar.nodes, RecordColumns)
    assert not isinstance(plain.links, RecordColumns)
    assert list(columnar.nodes) == list(plain.nodes)
    assert list(columnar.links) == list(plain.links)
    assert all(columnar.nodes[k] == node for k, node in plain.nodes.items())
    assert all(columnar.links[k] == link for k, link in plain.links.items())
    assert network_to_geojson(columnar) == network_to_geojson(plain)


def test_records_kept_from_earlier_look_ups_are_the_right_ones(
    both: tuple[Network, Network], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records built from the columns are kept for the next look-up, and dropped when too many are kept."""
    plain, columnar = both
    monkeypatch.setattr("corridor.network.columns.RECENT_RECORDS", 7)
    for _ in range(3):  # each pass builds, keeps and drops records many times over
        assert all(columnar.links[k] == link for k, link in plain.links.items())
        assert all(columnar.nodes[k] == node for k, node in reversed(list(plain.nodes.items())))


def test_the_routing_graph_and_routes_are_the_same(both: tuple[Network, Network]) -> None:
    plain, columnar = both
    a, b = _build(plain), _build(columnar)
    for name in ("sub_node", "tail", "head", "link"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for table in ("link_table", "node_table"):
        for column, values in getattr(a, table).items():
            assert np.array_equal(values, getattr(b, table)[column]), column
    assert np.array_equal(a.link_mode, b.link_mode)
    avoid = Constraints(avoid_countries=frozenset({"RU", "BY"}))
    for o, d in (("Xi'an", "Duisburg"), ("Almaty", "Poti"), ("Shanghai", "Rotterdam")):
        x = route(plain, o, d, constraints=avoid)
        y = route(columnar, o, d, constraints=avoid)
        assert [opt.summary() for opt in x.options] == [opt.summary() for opt in y.options]


def test_missing_values_and_records_inside_records_come_back() -> None:
    nodes: RecordColumns[Node] = RecordColumns(Node, "node_id")
    with_transfer = Node(
        "KZ-A", "A", "KZ", 43.0, 51.0, "seaport", ("Aa",), None, Transfer(Triangular(1, 2, 3), 50.0, None)
    )
    bare = Node("KZ-B", "B", "KZ", 44.0, 52.0, "border", locode="KZBBB", pass_dwell_h=Triangular(0, 1, 2))
    nodes.add(with_transfer)
    nodes.add(bare)
    assert nodes["KZ-A"] == with_transfer
    assert nodes["KZ-B"] == bare
    assert "KZ-C" not in nodes
    assert len(nodes) == 2
    assert nodes.numbers("transfer", "dwell_h", "mode").tolist()[0] == 2.0
    assert math.isnan(nodes.numbers("transfer", "cost_usd_per_teu")[1])
    links: RecordColumns[Link] = RecordColumns(Link, "link_id")
    link = Link("L1", "KZ-A", "KZ-B", "rail", 100.0, Triangular(1, 1, 1), 10.0, 20.0, ("KZ",), gauge_mm=1520)
    links.add(link)
    assert links["L1"] == link
    assert links["L1"].capacity_teu_per_day is None
    assert links["L1"].dg_refused == frozenset()
    assert links.numbers("gauge_mm").tolist() == [1520.0]
    with pytest.raises(TypeError, match="not numeric"):
        links.numbers("countries")
