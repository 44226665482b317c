"""The network expanded for routing: one graph node per (node, platform).

A container that changes mode or gauge at a node takes a *transfer arc*
between two platforms of that node, which carries the node's transfer dwell
and cost. Ships arrive at a node of their own (same platform, ``sea``), so a
box relayed from one ship to another also takes a transfer arc: a relay is a
transshipment, never a free pass. Link arcs join the same platform at two nodes and carry the link's
figures plus the dwell of passing through the node they enter. All arrays
are NumPy, so building and masking stay fast on large networks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from corridor.network.model import Network
from corridor.vocabulary import MODES

#: The platform of container ships: a box arriving by ship changes ship only through a transfer.
SEA = "sea"

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class RoutingGraph:
    """Arrays describing the expanded graph of a :class:`Network`.

    Arc ``a`` runs from ``tail[a]`` to ``head[a]`` (expanded node indices).
    ``link[a]`` is the link index (``-1`` for a transfer arc); the direction a link is
    travelled in follows from the arc's tail and head.
    """

    network: Network
    node_ids: list[str]
    link_ids: list[str]
    sub_node: IntArray
    sub_platform: list[str]
    subs_of: dict[str, IntArray]
    tail: IntArray
    head: IntArray
    link: IntArray
    cache: dict[object, FloatArray] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def node_index(self) -> dict[str, int]:
        """Index of each node id."""
        return {node_id: i for i, node_id in enumerate(self.node_ids)}

    @cached_property
    def link_index(self) -> dict[str, int]:
        """Index of each link id."""
        return {link_id: i for i, link_id in enumerate(self.link_ids)}

    @property
    def n_sub(self) -> int:
        """Number of expanded nodes."""
        return int(self.sub_node.size)

    @cached_property
    def is_transfer(self) -> BoolArray:
        """True for transfer arcs."""
        return self.link < 0

    @cached_property
    def arc_node(self) -> IntArray:
        """Node entered by each arc (the node itself for transfer arcs)."""
        return self.sub_node[self.head]

    @cached_property
    def arcs_by_head(self) -> IntArray:
        """Arc indices sorted by head (arcs themselves are sorted by tail)."""
        return np.argsort(self.head, kind="stable")

    @cached_property
    def service_links(self) -> list[int]:
        """Indices of links that have services (ships, ferries, scheduled trains)."""
        return [i for i, link_id in enumerate(self.link_ids) if self.network.services_on(link_id)]

    @cached_property
    def link_mode(self) -> IntArray:
        """Mode code (index into ``MODES``) per link."""
        links = self.network.links
        return np.array([MODES.index(links[i].mode) for i in self.link_ids], dtype=np.int64)

    @cached_property
    def link_table(self) -> dict[str, FloatArray]:
        """Per-link numeric columns used by the cost functions."""
        links = [self.network.links[i] for i in self.link_ids]
        return {
            "duration_h_mean": np.array([lk.duration_h.mean for lk in links]),
            "distance_km": np.array([lk.distance_km for lk in links]),
            "cost_usd_20": np.array([lk.cost_usd_20 for lk in links]),
            "cost_usd_40": np.array([lk.cost_usd_40 for lk in links]),
            "reefer": np.array([lk.reefer for lk in links], dtype=np.float64),
            "dg_refused_bits": np.array(
                [sum(1 << c for c in lk.dg_refused) for lk in links], dtype=np.float64
            ),
        }

    @cached_property
    def node_table(self) -> dict[str, FloatArray]:
        """Per-node numeric columns (transfer and pass dwell and cost)."""
        nodes = [self.network.nodes[i] for i in self.node_ids]
        return {
            "transfer_h_mean": np.array([n.transfer.dwell_h.mean if n.transfer else np.inf for n in nodes]),
            "transfer_cost_usd_per_teu": np.array(
                [n.transfer.cost_usd_per_teu if n.transfer else np.inf for n in nodes]
            ),
            "pass_h_mean": np.array([n.pass_dwell_h.mean if n.pass_dwell_h else 0.0 for n in nodes]),
            "pass_cost_usd_per_teu": np.array([n.pass_cost_usd_per_teu for n in nodes]),
        }

    @cached_property
    def links_in_country(self) -> dict[str, IntArray]:
        """Link indices per country they cross."""
        out: dict[str, list[int]] = {}
        for i, link_id in enumerate(self.link_ids):
            for code in self.network.links[link_id].countries:
                out.setdefault(code, []).append(i)
        return {k: np.array(v, dtype=np.int64) for k, v in out.items()}

    @cached_property
    def nodes_in_country(self) -> dict[str, IntArray]:
        """Node indices per country."""
        out: dict[str, list[int]] = {}
        for i, node_id in enumerate(self.node_ids):
            out.setdefault(self.network.nodes[node_id].country, []).append(i)
        return {k: np.array(v, dtype=np.int64) for k, v in out.items()}


def routing_graph(network: Network) -> RoutingGraph:
    """Expand ``network`` into a :class:`RoutingGraph` (cached per network)."""
    cached = _CACHE.get(id(network))
    if cached is not None and cached.network is network:
        return cached
    graph = _build(network)
    _CACHE.clear()
    _CACHE[id(network)] = graph
    return graph


_CACHE: dict[int, RoutingGraph] = {}


def _build(network: Network) -> RoutingGraph:
    node_ids = list(network.nodes)
    link_ids = list(network.links)
    node_index = {node_id: i for i, node_id in enumerate(node_ids)}
    sub_key: dict[tuple[int, str, bool], int] = {}
    sub_node: list[int] = []
    sub_platform: list[str] = []

    def sub(node: int, platform: str, *, arriving: bool = False) -> int:
        key = (node, platform, arriving)
        index = sub_key.get(key)
        if index is None:
            index = sub_key[key] = len(sub_node)
            sub_node.append(node)
            sub_platform.append(platform)
        return index

    tails: list[int] = []
    heads: list[int] = []
    arc_link: list[int] = []
    for i, link_id in enumerate(link_ids):
        link = network.links[link_id]
        # Ships land their boxes on the quay: a box can only sail on from there by a transfer
        # arc (a relay is a transshipment, with the node's handling time and cost).
        relay = link.platform == SEA
        a = sub(node_index[link.from_node], link.platform)
        b = sub(node_index[link.to_node], link.platform)
        tails.append(a)
        heads.append(sub(node_index[link.to_node], link.platform, arriving=relay))
        arc_link.append(i)
        if link.bidirectional:
            tails.append(b)
            heads.append(sub(node_index[link.from_node], link.platform, arriving=relay))
            arc_link.append(i)
    subs_by_node: dict[int, list[int]] = {}
    for index, node in enumerate(sub_node):
        subs_by_node.setdefault(node, []).append(index)
    for subs in subs_by_node.values():
        if len(subs) > 1 and network.nodes[node_ids[sub_node[subs[0]]]].transfer is not None:
            for a in subs:
                for b in subs:
                    if a != b:
                        tails.append(a)
                        heads.append(b)
                        arc_link.append(-1)
    subs_of = {node_ids[node]: np.array(subs, dtype=np.int64) for node, subs in subs_by_node.items()}
    tail_array = np.array(tails, dtype=np.int64)
    order = np.argsort(tail_array, kind="stable")
    return RoutingGraph(
        network=network,
        node_ids=node_ids,
        link_ids=link_ids,
        sub_node=np.array(sub_node, dtype=np.int64),
        sub_platform=sub_platform,
        subs_of=subs_of,
        tail=tail_array[order],
        head=np.array(heads, dtype=np.int64)[order],
        link=np.array(arc_link, dtype=np.int64)[order],
    )
