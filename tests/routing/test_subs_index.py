"""``RoutingGraph.subs_of``, the expanded nodes of each node id, reads as the mapping it documents.

Oracle: ``get``, which the search reads; the mapping form must agree with it, and know only node ids.
"""

from __future__ import annotations

import numpy as np
import pytest

from corridor.network import Network
from corridor.routing.graph import routing_graph


def test_each_node_maps_to_its_expanded_nodes_and_others_are_absent(tiny: Network) -> None:
    graph = routing_graph(tiny)
    subs = graph.subs_of
    for node_id in tiny.nodes:
        expected = subs.get(node_id, np.zeros(0, dtype=np.int64))
        if len(expected):
            assert node_id in subs
            assert np.array_equal(subs[node_id], expected)
        else:
            assert node_id not in subs
    assert any(node_id in subs for node_id in tiny.nodes)
    assert "XX-NOWHERE" not in subs
    assert 7 not in subs
    with pytest.raises(KeyError, match="XX-NOWHERE"):
        subs["XX-NOWHERE"]
