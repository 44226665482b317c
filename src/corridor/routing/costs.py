"""What each arc of the routing graph costs a cargo, and which arcs its constraints allow.

The criteria (time, cost, distance, CO2e, transshipments) are per-arc columns
computed from the network and the cargo; :mod:`corridor.routing.search` runs
the search over them. Services, waits and tariffs are read here, so the
chain assembly and the ETA use the same rules.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from corridor.distributions import Uniform
from corridor.emissions.calculate import cargo_facts
from corridor.emissions.factors import FactorDataset
from corridor.network.model import Link, Network, Service, combined_interval_h
from corridor.routing.cargo import Cargo, Constraints
from corridor.routing.graph import BoolArray, FloatArray, RoutingGraph
from corridor.routing.weights import arc_co2e_kg
from corridor.vocabulary import BULK_ONLY_MODES, CRITERIA, MODES

#: The extra search dimension used for a transshipment limit.
TRANSSHIPMENTS = "transshipments"


def usable_services(network: Network, link: Link, cargo: Cargo) -> list[Service]:
    """Services on ``link`` that take ``cargo`` (size and dangerous-goods class)."""
    out = []
    for service in network.services_on(link.link_id):
        if service.usable_teu_per_departure < cargo.teu:
            continue
        if cargo.dg_class is not None and (
            cargo.dg_class in service.dg_refused
            or service.service_id in network.dg_refused("service", cargo.dg_class)
        ):
            continue
        out.append(service)
    return out


def _per_teu(teu: float, cost_usd_per_teu: FloatArray) -> FloatArray:
    """``teu`` times a per-TEU cost, keeping infinity (no transfer there) for bulk cargo of 0 TEU."""
    out = np.full(cost_usd_per_teu.shape, np.inf)
    finite = np.isfinite(cost_usd_per_teu)
    out[finite] = teu * cost_usd_per_teu[finite]
    return out


def link_cost_usd(columns: dict[str, FloatArray], cargo: Cargo) -> FloatArray:
    """Cost of moving ``cargo`` over each link: per box, or per tonne in bulk."""
    if cargo.is_bulk:
        return (cargo.mass_t or 0.0) * columns[f"tariff_usd_per_t_{cargo.form}"]
    return cargo.n_billed_20 * columns["cost_usd_20"] + cargo.n_billed_40 * columns["cost_usd_40"]


def _transfer_columns(nt: dict[str, FloatArray], cargo: Cargo) -> tuple[FloatArray, FloatArray]:
    """Hours and cost of a transfer at each node for ``cargo``.

    Containers pay the node's transfer per TEU. Bulk pays its bulk transfer
    (``bulk_transfers.csv``) per tonne where the node has one for its form;
    elsewhere a gauge change does not take it across (no row, no wagons of
    the other gauge to pump or tip it into, no bogie exchange), and other
    hubs (an oil terminal filling a tanker) keep their dwell at no charge.
    """
    teu = float(cargo.teu)
    if not cargo.is_bulk:
        return nt["transfer_h_mean"], _per_teu(teu, nt["transfer_cost_usd_per_teu"])
    hours = nt[f"bulk_transfer_h_mean_{cargo.form}"]
    per_t = nt[f"bulk_transfer_usd_per_t_{cargo.form}"]
    has_row = np.isfinite(hours)
    blocked = (nt["gauge_change"] > 0) & ~has_row
    time = np.where(has_row, hours, np.where(blocked, np.inf, nt["transfer_h_mean"]))
    cost = np.where(
        has_row,
        (cargo.mass_t or 0.0) * np.where(has_row, per_t, 0.0),
        _per_teu(teu, nt["transfer_cost_usd_per_teu"]),
    )
    return time, cost


def bulk_link_cost_usd(network: Network, link: Link, cargo: Cargo) -> float:
    """Cost of moving ``cargo`` over one link (see :func:`link_cost_usd`)."""
    if cargo.is_bulk:
        row = network.bulk.get(link.link_id)
        return (cargo.mass_t or 0.0) * (row.tariff_for(cargo.form) if row else 0.0)
    return cargo.n_billed_20 * link.cost_usd_20 + cargo.n_billed_40 * link.cost_usd_40


def service_wait(services: list[Service]) -> Uniform:
    """Wait for the next of ``services``' departures, arriving at a random time.

    A ship that sails when full leaves, at the typical demand the data states,
    every ``fill_h`` hours; the twin runs the same rule (:mod:`corridor.simulation.engine`).
    """
    return Uniform(0.0, combined_interval_h(services))


@dataclass(frozen=True)
class ArcCosts:
    """Per-arc criteria and feasibility for one cargo and set of constraints."""

    columns: dict[str, FloatArray]
    usable: BoolArray
    origin_cost: dict[str, float]


def co2e_column(graph: RoutingGraph, cargo: Cargo, factors: FactorDataset) -> FloatArray:
    """WTW kg CO2e per arc for ``cargo`` (cached per graph, cargo and factor dataset)."""
    key = ("co2e", cargo.containers, cargo.mass_t, cargo.form, factors.name, factors.version, id(factors))
    column = graph.cache.get(key)
    if column is None:
        facts = cargo_facts(cargo, factors)
        only = None
        if cargo.is_bulk:
            only = {k for k, row in graph.network.bulk.items() if cargo.form in row.cargo_forms}
        column = graph.cache[key] = arc_co2e_kg(graph, facts, factors, only=only)
    return column


def arc_costs(
    graph: RoutingGraph,
    cargo: Cargo,
    constraints: Constraints,
    origin: int,
    *,
    factors: FactorDataset | None = None,
    criteria: Collection[str] | None = None,
) -> ArcCosts:
    """Criteria per arc and the mask of arcs the constraints allow (CO2e only if ``factors``).

    With ``criteria``, only those columns are computed (on a network of
    millions of arcs each column is tens of megabytes); the mask is the same.
    """
    network = graph.network
    lt, nt = graph.link_table, graph.node_table
    n_links = len(graph.link_ids)
    wait_mean = np.zeros(n_links)
    link_ok = np.ones(n_links, dtype=np.bool_)
    for i in graph.service_links:
        services = usable_services(network, network.links[graph.link_ids[i]], cargo)
        if services:
            wait_mean[i] = service_wait(services).mean
        else:
            link_ok[i] = False
    if constraints.avoid_modes:
        codes = [MODES.index(m) for m in constraints.avoid_modes]
        link_ok &= ~np.isin(graph.link_mode, codes)
    if cargo.reefer:
        link_ok &= lt["reefer"] > 0
    if cargo.is_bulk:
        link_ok &= lt[f"carries_{cargo.form}"] > 0
    else:
        link_ok &= ~np.isin(graph.link_mode, [MODES.index(m) for m in BULK_ONLY_MODES])
    node_ok = np.ones(len(graph.node_ids), dtype=np.bool_)
    if cargo.dg_class is not None:
        bits = lt["dg_refused_bits"].astype(np.int64)
        link_ok &= (bits & (1 << cargo.dg_class)) == 0
        for link_id in network.dg_refused("link", cargo.dg_class):
            link_ok[graph.link_index[link_id]] = False
        for node_id in network.dg_refused("node", cargo.dg_class):
            node_ok[graph.node_index[node_id]] = False
    for code in constraints.avoid_countries:
        link_ok[graph.links_in_country.get(code, np.empty(0, np.int64))] = False
        node_ok[graph.nodes_in_country.get(code, np.empty(0, np.int64))] = False
    for node_id in constraints.avoid_nodes:
        node_ok[graph.node_index[node_id]] = False

    # Each column is put together in place, link arcs then transfer arcs, so that
    # a network of millions of arcs holds one or two arc-long temporaries at a time.
    is_link = graph.link >= 0
    links = graph.link[is_link]
    transfers = ~is_link
    node = graph.arc_node
    link_node, transfer_node = node[is_link], node[transfers]
    teu = float(cargo.teu)

    def per_arc(on_links: FloatArray, on_transfers: FloatArray | float) -> FloatArray:
        out = np.empty(is_link.size)
        out[is_link] = on_links
        out[transfers] = on_transfers
        return out

    def time_column() -> FloatArray:
        transfer_h, _ = _transfer_columns(nt, cargo)
        at_transfer = transfer_h[transfer_node]
        if not cargo.is_bulk:  # a box handed to the railway (from a truck or a ship) waits for the next train
            boards = graph.boards_rail[transfers]
            at_transfer[boards] += nt["rail_wait_h_mean"][transfer_node[boards]]
        link_h = lt["duration_h_mean"] + wait_mean
        return per_arc(link_h[links] + nt["pass_h_mean"][link_node], at_transfer)

    def cost_column() -> FloatArray:
        _, transfer_usd = _transfer_columns(nt, cargo)
        link_usd = link_cost_usd(lt, cargo)
        return per_arc(
            link_usd[links] + teu * nt["pass_cost_usd_per_teu"][link_node], transfer_usd[transfer_node]
        )

    usable = np.ones(is_link.size, dtype=np.bool_)
    usable[is_link] = link_ok[links]
    usable &= node_ok[graph.sub_node[graph.tail]]
    usable &= node_ok[graph.sub_node[graph.head]]
    wanted = set(CRITERIA) | {TRANSSHIPMENTS} if criteria is None else set(criteria)
    columns: dict[str, FloatArray] = {}
    for name, make in (("time", time_column), ("cost", cost_column)):
        column = make()
        usable &= np.isfinite(column)
        if name in wanted:
            columns[name] = column
        del column
    if "distance" in wanted:
        columns["distance"] = per_arc(lt["distance_km"][links], 0.0)
    if TRANSSHIPMENTS in wanted:
        columns[TRANSSHIPMENTS] = per_arc(np.zeros(links.size), 1.0)
    if factors is not None and "co2e" in wanted:
        columns["co2e"] = co2e_column(graph, cargo, factors)
    origin_cost = {
        "time": float(nt["pass_h_mean"][origin]),
        "cost": teu * float(nt["pass_cost_usd_per_teu"][origin]),
        "distance": 0.0,
        "co2e": 0.0,
        TRANSSHIPMENTS: 0.0,
    }
    return ArcCosts(columns, usable, origin_cost)
