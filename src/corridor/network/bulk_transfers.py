"""Bulk transfers at hubs (``bulk_transfers.csv``): how tank cars and hoppers cross a break of gauge.

One row per node: the bulk forms it takes, how (transloading or bogie
exchange), the time (triangular, hours), the cost per tonne and the yearly
capacity in tonnes where a source gives one. Routing charges them to bulk
cargo changing platform at the node; a gauge-change node without a row for
the form does not take that form across (:mod:`corridor.routing.search`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from corridor.errors import Problem
from corridor.network.model import Node
from corridor.network.records import BULK_TRANSFER_METHODS, BulkTransfer
from corridor.tables import SOURCE_ID, RowReader, Table, keyed_rows
from corridor.vocabulary import CARGO_FORMS

COLUMNS = ("node_id", "cargo_forms", "method", "transfer_h_min", "transfer_h_mode", "transfer_h_max")
BULK_FORMS = tuple(f for f in CARGO_FORMS if f != "container")


def _make_bulk_transfer(r: RowReader) -> BulkTransfer | None:
    forms = r.items("cargo_forms", required=True)
    for form in forms:
        if form not in BULK_FORMS:
            r.problem("cargo_forms", f"expected {' or '.join(BULK_FORMS)}, got {form!r}")
    dwell = r.triangular("transfer_h", required=True)
    if dwell is None:
        return None
    return BulkTransfer(
        node_id=r.text("node_id"),
        cargo_forms=forms,
        method=r.text("method", choices=BULK_TRANSFER_METHODS),
        dwell_h=dwell,
        cost_usd_per_t=r.number("cost_usd_per_t", minimum=0) or 0.0,
        capacity_t_per_year=r.number("capacity_t_per_year", required=False, positive=True),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
    )


def bulk_transfers_by_node(
    table: Table | None,
    nodes: Mapping[str, Node],
    check_sources: Callable[[str, int, tuple[str, ...]], None],
    problems: list[Problem],
) -> dict[str, BulkTransfer]:
    """The bulk transfer rows by node, each naming a known node where transfers happen."""
    out: dict[str, BulkTransfer] = {}
    if table is None:
        return out
    for row, item in keyed_rows(table, "node_id", problems, _make_bulk_transfer, {}):
        check_sources(table.file, row, item.source_ids)
        node = nodes.get(item.node_id)
        if node is None:
            problems.append(Problem(table.file, row, "node_id", f"unknown node {item.node_id!r}"))
        elif node.transfer is None:
            problems.append(
                Problem(
                    table.file, row, "node_id", f"{item.node_id} has no transfer (no transfer_h_* in nodes)"
                )
            )
        out[item.node_id] = item
    return out


__all__ = ["COLUMNS", "bulk_transfers_by_node"]
