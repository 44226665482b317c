"""The expanded routing graph against an enumeration written from the data format's rules.

The graph is built with array operations (a user network may hold millions of
links); here each rule is applied link by link and node by node instead: a link
joins its two ends on its platform (both ways if bidirectional), a ship lands its
boxes on a quay state of its own, and a transfer point joins every pair of its
states. Arcs must be sorted by tail, and each node's states listed exactly once.
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
from hypothesis import HealthCheck, given, settings

from corridor.network import Network
from corridor.network.io import bundled_network
from corridor.routing.graph import RoutingGraph, _build, _number_by_first_use

from .random_networks import networks

State = tuple[str, str, bool]  # node, platform, arriving by ship (the quay)
Arc = tuple[State, State, str | None, bool]  # tail, head, link id (None: transfer), forward


def _expected(network: Network) -> Counter[Arc]:
    arcs: Counter[Arc] = Counter()
    states: dict[str, set[State]] = {}
    for link in network.links.values():
        quay = link.platform == "sea"
        ways = [(link.from_node, link.to_node, True)]
        if link.bidirectional:
            ways.append((link.to_node, link.from_node, False))
        for a, b, forward in ways:
            tail, head = (a, link.platform, False), (b, link.platform, quay)
            arcs[(tail, head, link.link_id, forward)] += 1
            states.setdefault(a, set()).add(tail)
            states.setdefault(b, set()).add(head)
            states[b].add((b, link.platform, False))
    for node_id, own in states.items():
        if len(own) > 1 and network.nodes[node_id].transfer is not None:
            for p, q in itertools.permutations(sorted(own), 2):
                arcs[(p, q, None, True)] += 1
    return arcs


def _actual(graph: RoutingGraph) -> Counter[Arc]:
    quay = {}
    for node_id in graph.node_ids:
        subs = graph.subs_of.get(node_id, graph.sub_node[:0])
        seen = Counter(graph.sub_platform[s] for s in subs)
        for s in subs:  # the second state of one platform at a node is its quay
            quay[int(s)] = seen[graph.sub_platform[s]] == 2 and any(
                t < s and graph.sub_platform[t] == graph.sub_platform[s] for t in subs
            )

    def state(s: int) -> State:
        return (graph.node_ids[graph.sub_node[s]], graph.sub_platform[s], quay[s])

    arcs: Counter[Arc] = Counter()
    for t, h, lk in zip(graph.tail, graph.head, graph.link, strict=True):
        link_id = graph.link_ids[lk] if lk >= 0 else None
        tail = state(int(t))
        # travelled from its from_node: forward (a link never starts and ends at one node)
        forward = link_id is None or tail[0] == graph.network.links[link_id].from_node
        arcs[(tail, state(int(h)), link_id, forward)] += 1
    return arcs


def _check(network: Network) -> None:
    graph = _build(network)
    assert (graph.tail[1:] >= graph.tail[:-1]).all(), "arcs are sorted by tail"
    assert _actual(graph) == _expected(network)
    states = [(int(graph.sub_node[s]), graph.sub_platform[s]) for s in range(graph.n_sub)]
    assert max(Counter(states).values(), default=0) <= 2, (
        "a platform has at most a rail/road state and a quay at a node"
    )


def test_bundled_network_expands_by_the_rules() -> None:
    _check(bundled_network())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_random_networks_expand_by_the_rules(network: Network) -> None:
    _check(network)


def test_expanded_nodes_are_numbered_alike_by_the_key_table_and_by_sorting() -> None:
    """The table indexed by key (few keys) and the sort (many) number keys in order of first use."""
    rng = np.random.default_rng(3)
    for trial in range(300):
        size = int(rng.integers(1, 80))
        n_keys = int(rng.integers(1, size + 1))  # at most the entries: the table is used
        keys = rng.integers(-1, n_keys, size)
        by_table = _number_by_first_use(keys, n_keys)
        by_sort = _number_by_first_use(keys, 2 * size + 1)  # more keys than entries: the sort
        # the oracle: a plain loop over the entries
        seen: dict[int, int] = {}
        expected = [-1 if k < 0 else seen.setdefault(int(k), len(seen)) for k in keys]
        for numbers, sub_key in (by_table, by_sort):
            assert numbers.tolist() == expected, trial
            assert sub_key.tolist() == list(seen), trial
