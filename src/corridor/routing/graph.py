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

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from corridor.network.columns import RecordColumns
from corridor.network.model import Network, platform_of
from corridor.vocabulary import MODES

#: The platform of container ships: a box arriving by ship changes ship only through a transfer.
SEA = "sea"

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


class SubsIndex:
    """The expanded nodes of each node id, in their own order (a read-only mapping)."""

    def __init__(self, node_index: Mapping[str, int], indptr: IntArray, subs: IntArray) -> None:
        self._node_index = node_index
        self._indptr = indptr
        self._subs = subs

    def get(self, node_id: str, default: IntArray) -> IntArray:
        """The expanded nodes of ``node_id``, or ``default`` for a node no link reaches."""
        i = self._node_index.get(node_id)
        if i is None or self._indptr[i] == self._indptr[i + 1]:
            return default
        return self._subs[self._indptr[i] : self._indptr[i + 1]]

    def __getitem__(self, node_id: str) -> IntArray:
        found = self.get(node_id, _NO_SUBS)
        if found is _NO_SUBS:
            raise KeyError(node_id)
        return found

    def __contains__(self, node_id: object) -> bool:
        return isinstance(node_id, str) and self.get(node_id, _NO_SUBS) is not _NO_SUBS


_NO_SUBS: IntArray = np.zeros(0, dtype=np.int64)


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
    subs_of: SubsIndex
    tail: IntArray
    head: IntArray
    link: IntArray
    node_index: Mapping[str, int] = field(repr=False, compare=False)
    cache: dict[object, FloatArray] = field(default_factory=dict, repr=False, compare=False)
    #: The last search's arrays for one cargo and set of rules (see ``search._prepared``).
    prepared: dict[object, object] = field(default_factory=dict, repr=False, compare=False)
    #: Legs and element emissions already built, per cargo and factor dataset (see ``plan._memos``).
    memo: dict[object, tuple[dict[Any, Any], dict[Any, Any]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @cached_property
    def link_index(self) -> Mapping[str, int]:
        """Index of each link id (a network kept as columns has it already)."""
        links = self.network.links
        if isinstance(links, RecordColumns):
            return links.positions()
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
        code = {mode: i for i, mode in enumerate(MODES)}
        return np.array([code[m] for m in _values(self.network.links, self.link_ids, "mode")], dtype=np.int64)

    @cached_property
    def link_table(self) -> dict[str, FloatArray]:
        """Per-link numeric columns used by the cost functions."""
        links, ids = self.network.links, self.link_ids
        bits: dict[frozenset[int], float] = {}
        for classes in _values(links, ids, "dg_refused"):
            bits.setdefault(classes, float(sum(1 << c for c in classes)))
        return {
            "duration_h_mean": _mean(links, ids, "duration_h"),
            "distance_km": _numbers(links, ids, "distance_km"),
            "cost_usd_20": _numbers(links, ids, "cost_usd_20"),
            "cost_usd_40": _numbers(links, ids, "cost_usd_40"),
            "reefer": _numbers(links, ids, "reefer"),
            "dg_refused_bits": np.array(
                [bits[c] for c in _values(links, ids, "dg_refused")], dtype=np.float64
            ),
            **self._bulk_columns(),
        }

    def _bulk_columns(self) -> dict[str, FloatArray]:
        """Per link: the tariff per tonne in bulk, and 1 where it carries each bulk form."""
        columns: dict[str, FloatArray] = {}
        for form in ("liquid_bulk", "dry_bulk"):
            # zeros, filled only at the bulk table's links: a network without bulk adds no resident memory
            tariff = columns[f"tariff_usd_per_t_{form}"] = np.zeros(len(self.link_ids))
            carries = columns[f"carries_{form}"] = np.zeros(len(self.link_ids))
            for link_id, row in self.network.bulk.items():
                i = self.link_index[link_id]
                tariff[i] = row.tariff_for(form)
                carries[i] = 1.0 if form in row.cargo_forms else 0.0
        return columns

    @cached_property
    def node_table(self) -> dict[str, FloatArray]:
        """Per-node numeric columns (transfer and pass dwell and cost)."""
        nodes, ids = self.network.nodes, self.node_ids
        return {
            "transfer_h_mean": _mean(nodes, ids, "transfer", "dwell_h", missing=np.inf),
            "transfer_cost_usd_per_teu": _numbers(nodes, ids, "transfer", "cost_usd_per_teu", missing=np.inf),
            # a node's disruptions (annual mix) wait once per visit, as the pass dwell does
            "pass_h_mean": _mean(nodes, ids, "pass_dwell_h", missing=0.0) + self._disruption_wait_h(),
            "pass_cost_usd_per_teu": _numbers(nodes, ids, "pass_cost_usd_per_teu"),
            "gauge_change": np.array(
                [1.0 if k == "gauge_change" else 0.0 for k in _values(nodes, ids, "kind")]
            ),
            # a box handed to the railway waits half the time between trains on average
            "rail_wait_h_mean": 84.0 / _numbers(nodes, ids, "rail_departures_per_week", missing=np.inf),
            **self._bulk_transfer_columns(),
        }

    @cached_property
    def boards_rail(self) -> BoolArray:
        """True for transfer arcs that hand a box to the railway (from a truck or a ship, not a train)."""
        rail = np.array([p.startswith("rail/") for p in self.sub_platform], dtype=np.bool_)
        return self.is_transfer & rail[self.head] & ~rail[self.tail]

    def _bulk_transfer_columns(self) -> dict[str, FloatArray]:
        """Per node and bulk form: the bulk transfer's mean hours and cost per tonne (infinite: no row)."""
        columns: dict[str, FloatArray] = {}
        for form in ("liquid_bulk", "dry_bulk"):
            hours = np.full(len(self.node_ids), np.inf)
            cost = np.full(len(self.node_ids), np.inf)
            for node_id, row in self.network.bulk_transfers.items():
                if form in row.cargo_forms and node_id in self.node_index:
                    hours[self.node_index[node_id]] = row.dwell_h.mean
                    cost[self.node_index[node_id]] = row.cost_usd_per_t
            columns[f"bulk_transfer_h_mean_{form}"] = hours
            columns[f"bulk_transfer_usd_per_t_{form}"] = cost
        return columns

    def _disruption_wait_h(self) -> FloatArray:
        """Mean wait per visit for each node's disruptions (the annual mix); zero where it has none."""
        wait = np.zeros(len(self.node_ids))
        for node_id in {p.node_id for p in self.network.disruptions.values()}:
            wait[self.node_index[node_id]] = sum(p.wait.mean for p in self.network.disruptions_at(node_id))
        return wait

    @cached_property
    def links_in_country(self) -> dict[str, IntArray]:
        """Link indices per country they cross."""
        out: dict[str, list[int]] = {}
        for i, countries in enumerate(_values(self.network.links, self.link_ids, "countries")):
            for code in countries:
                out.setdefault(code, []).append(i)
        return {k: np.array(v, dtype=np.int64) for k, v in out.items()}

    @cached_property
    def nodes_in_country(self) -> dict[str, IntArray]:
        """Node indices per country."""
        out: dict[str, list[int]] = {}
        for i, country in enumerate(_values(self.network.nodes, self.node_ids, "country")):
            out.setdefault(country, []).append(i)
        return {k: np.array(v, dtype=np.int64) for k, v in out.items()}


def _values(records: Mapping[str, Any], ids: list[str], name: str) -> list[Any]:
    """Field ``name`` of every record, in the order of ``ids`` (the mapping's own order)."""
    if isinstance(records, RecordColumns):
        return records.field_values(name)
    return [getattr(records[i], name) for i in ids]


def _numbers(records: Mapping[str, Any], ids: list[str], *path: str, missing: float = np.nan) -> FloatArray:
    """A numeric field, or a part of a record-valued one (``"transfer", "cost_usd_per_teu"``)."""
    if isinstance(records, RecordColumns):
        values = records.numbers(*path)
        return np.where(np.isnan(values), missing, values)
    out = np.empty(len(ids))
    for k, i in enumerate(ids):
        value = records[i]
        for name in path:
            value = getattr(value, name) if value is not None else None
        out[k] = missing if value is None else float(value)
    return out


def _mean(records: Mapping[str, Any], ids: list[str], *path: str, missing: float = np.nan) -> FloatArray:
    """Mean of a triangular distribution field, ``missing`` where there is none."""
    low, mode, high = (_numbers(records, ids, *path, part) for part in ("min", "mode", "max"))
    return np.where(np.isnan(low), missing, (low + mode + high) / 3.0)


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


def _number_by_first_use(keys: IntArray, n_keys: int) -> tuple[IntArray, IntArray]:
    """Number the distinct keys (``-1``: none) in the order they first appear.

    Returns each entry's number (``-1`` stays ``-1``) and the key of each number.
    Keys below ``n_keys``, when that is at most a few times the entries, go through
    a table indexed by key, which takes a fraction of a sort's memory.
    """
    present = keys >= 0
    if n_keys > keys.size:
        distinct, first, inverse = np.unique(keys[present], return_index=True, return_inverse=True)
        by_first = np.argsort(first, kind="stable")
        del first
        rank = np.empty(distinct.size, dtype=np.int64)
        rank[by_first] = np.arange(distinct.size)
        numbers = np.full(keys.size, -1, dtype=np.int64)
        numbers[present] = rank[inverse]
        return numbers, distinct[by_first]
    small = np.int32 if keys.size < 2**31 - 1 else np.int64
    everywhere = bool(present.all())
    at = np.arange(keys.size, dtype=small) if everywhere else np.flatnonzero(present).astype(small)
    first = np.full(n_keys, keys.size, dtype=small)
    np.minimum.at(first, keys if everywhere else keys[at], at)
    del at
    used = np.flatnonzero(first < keys.size)
    sub_key = used[np.argsort(first[used], kind="stable")]
    del first, used
    table = np.full(n_keys, -1, dtype=np.int64)
    table[sub_key] = np.arange(sub_key.size)
    numbers = table[keys] if everywhere else np.where(present, table[np.where(present, keys, 0)], -1)
    return numbers, sub_key


def _build(network: Network) -> RoutingGraph:
    """Expand the network with array operations (a user network may have millions of links).

    Expanded nodes are numbered in the order the links first reach them (each
    link: its tail, its head, then the head and tail it arrives at when
    travelled each way) and arcs are sorted by tail, link arcs in link order
    before the node's transfer arcs.
    """
    node_ids = list(network.nodes)
    link_ids = list(network.links)
    nodes = network.nodes
    node_index: Mapping[str, int] = (
        nodes.positions()
        if isinstance(nodes, RecordColumns)
        else {node_id: i for i, node_id in enumerate(node_ids)}
    )
    links = network.links
    n_links = len(link_ids)
    platform_names: list[str] = []
    platform_code: dict[str, int] = {}
    plat = np.empty(n_links, dtype=np.int64)
    tail_node = np.empty(n_links, dtype=np.int64)
    head_node = np.empty(n_links, dtype=np.int64)
    facts = zip(
        _values(links, link_ids, "mode"),
        _values(links, link_ids, "gauge_mm"),
        _values(links, link_ids, "from_node"),
        _values(links, link_ids, "to_node"),
        strict=True,
    )
    for i, (mode, gauge, from_node, to_node) in enumerate(facts):
        name = platform_of(mode, gauge)
        code = platform_code.get(name)
        if code is None:
            code = platform_code[name] = len(platform_names)
            platform_names.append(name)
        plat[i] = code
        tail_node[i] = node_index[from_node]
        head_node[i] = node_index[to_node]
    bidir = _numbers(links, link_ids, "bidirectional") > 0
    n_plat = max(len(platform_names), 1)
    # Ships land their boxes on the quay: a box can only sail on from there by a transfer
    # arc (a relay is a transshipment, with the node's handling time and cost).
    relay = plat == platform_code.get(SEA, -1)

    def key(node: IntArray, arriving: BoolArray | bool) -> IntArray:
        return (node * n_plat + plat) * 2 + np.asarray(arriving, dtype=np.int64)

    # The expanded nodes each link touches, in the order the links reach them.
    stream = np.stack(
        [key(tail_node, False), key(head_node, False), key(head_node, relay), key(tail_node, relay)], axis=1
    )
    stream[~bidir, 3] = -1
    del tail_node, head_node, relay
    flat = stream.ravel()
    del stream
    sub_of_stream, sub_key = _number_by_first_use(flat, 2 * len(node_ids) * n_plat)
    sub_of = sub_of_stream.reshape(n_links, 4)
    del flat, sub_of_stream
    sub_node = sub_key // (2 * n_plat)
    sub_platform_code = (sub_key // 2) % n_plat
    # Link arcs: each link forward, then backward if it runs both ways.
    arc_tail = np.stack([sub_of[:, 0], sub_of[:, 1]], axis=1)
    arc_head = np.stack([sub_of[:, 2], sub_of[:, 3]], axis=1)
    arc_link = np.repeat(np.arange(n_links, dtype=np.int64)[:, None], 2, axis=1)
    keep = np.ones((n_links, 2), dtype=np.bool_)
    keep[:, 1] = bidir
    tails, heads = [arc_tail[keep]], [arc_head[keep]]
    arc_links = [arc_link[keep]]
    del arc_tail, arc_head, arc_link, keep, sub_of
    # Expanded nodes grouped by node, and transfer arcs between those of a transfer point.
    order = np.argsort(sub_node, kind="stable")
    counts = np.bincount(sub_node, minlength=len(node_ids))
    indptr = np.zeros(len(node_ids) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    for node in np.flatnonzero(counts > 1):
        if network.nodes[node_ids[node]].transfer is None:
            continue
        subs = order[indptr[node] : indptr[node + 1]]
        a, b = np.meshgrid(subs, subs, indexing="ij")
        pair = a != b
        tails.append(a[pair])
        heads.append(b[pair])
        arc_links.append(np.full(int(pair.sum()), -1, dtype=np.int64))
    tail_array = np.concatenate(tails)
    del tails
    by_tail = np.argsort(tail_array, kind="stable")
    tail_array = tail_array[by_tail]
    head_array = np.concatenate(heads)[by_tail]
    del heads
    link_array = np.concatenate(arc_links)[by_tail]
    del arc_links, by_tail
    return RoutingGraph(
        network=network,
        node_ids=node_ids,
        link_ids=link_ids,
        sub_node=sub_node,
        sub_platform=[platform_names[c] for c in sub_platform_code.tolist()],
        subs_of=SubsIndex(node_index, indptr, order),
        tail=tail_array,
        head=head_array,
        link=link_array,
        node_index=node_index,
    )
