"""Small networks built in code with the network builder, for routing tests.

Each node, link and service is a dict of the fields that matter to the test;
everything else takes a plain default (rail, 1435 mm, both directions, fully
electric, reefer and every DG class accepted, no dwell or cost at nodes).
"""

from __future__ import annotations

from typing import Any

from corridor.network import Network, build_network
from corridor.network.build import REQUIRED_COLUMNS
from corridor.tables import Table

NODE_COLUMNS = (
    *REQUIRED_COLUMNS["nodes"],
    "transfer_h_min",
    "transfer_h_mode",
    "transfer_h_max",
    "transfer_cost_usd_per_teu",
    "pass_h_min",
    "pass_h_mode",
    "pass_h_max",
    "pass_cost_usd_per_teu",
    "rail_departures_per_week",
)
LINK_COLUMNS = (*REQUIRED_COLUMNS["links"], "gauge_mm", "electric_share", "dg_refused")
SERVICE_COLUMNS = (*REQUIRED_COLUMNS["services"], "dg_refused")
SOURCE = {"source_id": "s", "kind": "method", "title": "t", "publisher": "p", "url": "", "note": "made up"}
META = {"name": "small", "version": "1", "title": "small", "licence": "CC0-1.0", "currency_year": 2024}


def node(node_id: str, country: str, **fields: Any) -> dict[str, Any]:
    """A node row; ``transfer=(min, mode, max, cost)`` and ``passing=(min, mode, max, cost)``."""
    row: dict[str, Any] = {"node_id": node_id, "name": node_id, "country": country, "lat": 40, "lon": 50}
    row["kind"] = fields.pop("kind", "rail_terminal")
    transfer = fields.pop("transfer", None)
    if transfer is not None:
        row.update(zip(NODE_COLUMNS[7:11], transfer, strict=True))
    passing = fields.pop("passing", None)
    if passing is not None:
        row.update(zip(NODE_COLUMNS[11:15], passing, strict=True))
    return {**row, **fields}


def link(link_id: str, a: str, b: str, countries: str, hours: float, **fields: Any) -> dict[str, Any]:
    """A link row from ``a`` to ``b`` taking exactly ``hours`` (a degenerate triangle)."""
    mode = fields.get("mode", "rail")
    row: dict[str, Any] = {
        "link_id": link_id,
        "from_node": a,
        "to_node": b,
        "mode": mode,
        "bidirectional": "true",
        "distance_km": 100,
        "duration_h_min": hours,
        "duration_h_mode": hours,
        "duration_h_max": hours,
        "cost_usd_20": 100,
        "cost_usd_40": 150,
        "countries": countries,
        "reefer": "true",
        "gauge_mm": 1435 if mode == "rail" else "",
        "electric_share": 1 if mode == "rail" else "",
    }
    return {**row, **fields}


def service(service_id: str, link_id: str, per_week: float, **fields: Any) -> dict[str, Any]:
    """A service row: ``per_week`` departures of 100 TEU."""
    row: dict[str, Any] = {
        "service_id": service_id,
        "link_id": link_id,
        "name": service_id,
        "departures_per_week": per_week,
        "capacity_teu_per_departure": 100,
    }
    return {**row, **fields}


def _table(file: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Table:
    cells = [
        (i + 2, {c: str(row.get(c, "")) for c in columns} | {"source_ids": "s"}) for i, row in enumerate(rows)
    ]
    return Table(file, cells, columns)


def small_network(
    nodes: list[dict[str, Any]], links: list[dict[str, Any]], services: list[dict[str, Any]] | None = None
) -> Network:
    """Build and validate a network from rows (the same builder the CSV reader feeds)."""
    return build_network(
        META,
        nodes=_table("nodes.csv", nodes, NODE_COLUMNS),
        links=_table("links.csv", links, LINK_COLUMNS),
        services=_table("services.csv", services or [], SERVICE_COLUMNS),
        sources=Table("sources.csv", [(2, SOURCE)], tuple(SOURCE)),
    )
