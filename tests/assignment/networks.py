"""A small corridor network built in code: one origin in China, one destination in Germany, three corridors.

Northern: CN-A - KZ-K - RU-R - PL-P - DE-D by rail. Middle: CN-A - KZ-K - Aktau,
a Caspian feeder to Alat, then rail through Georgia to DE-D. Sea: CN-A - CN-S (a
Chinese port), a ship to NL-N, rail to DE-D. The feeder's service capacity and
the transfer capacity at Aktau are what a test makes bind.
"""

from __future__ import annotations

from typing import Any

from corridor.assignment.demand import Demand, DemandRow, Segment
from corridor.network import Network, build_network
from corridor.tables import Table
from routing.networks import LINK_COLUMNS, META, NODE_COLUMNS, SERVICE_COLUMNS, SOURCE, link, node, service

NODE_COLUMNS_CAP = (*NODE_COLUMNS, "transfer_capacity_teu_per_day")
LINK_COLUMNS_CAP = (*LINK_COLUMNS, "capacity_teu_per_day")
PORT = (2, 2, 2, 20)


def _table(file: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Table:
    cells = [
        (i + 2, {c: str(row.get(c, "")) for c in columns} | {"source_ids": "s"}) for i, row in enumerate(rows)
    ]
    return Table(file, cells, columns)


def corridor_network(
    *, feeder_teu_per_departure: float = 100, aktau_teu_per_day: float | str = "", sea_hours: float = 900
) -> Network:
    """The three-corridor network; ``aktau_teu_per_day`` empty means no transfer capacity at Aktau."""
    nodes = [
        node("CN-A", "CN"),
        node("KZ-K", "KZ"),
        node("RU-R", "RU"),
        node("PL-P", "PL"),
        node("DE-D", "DE"),
        node("KZAAU", "KZ", kind="seaport", transfer=PORT, transfer_capacity_teu_per_day=aktau_teu_per_day),
        node("AZ-ALAT", "AZ", kind="seaport", transfer=PORT),
        node("GE-G", "GE"),
        node("CN-S", "CN", kind="seaport", transfer=PORT),
        node("NL-N", "NL", kind="seaport", transfer=PORT),
    ]
    links = [
        link("AK", "CN-A", "KZ-K", "CN|KZ", 30),
        link("KR", "KZ-K", "RU-R", "KZ|RU", 60),
        link("RP", "RU-R", "PL-P", "RU|PL", 60),
        link("PD", "PL-P", "DE-D", "PL|DE", 20),
        link("KAKT", "KZ-K", "KZAAU", "KZ", 30),
        link("CASPIAN", "KZAAU", "AZ-ALAT", "KZ|AZ", 20, mode="sea", cost_usd_20=300, cost_usd_40=450),
        link("ALATG", "AZ-ALAT", "GE-G", "AZ|GE", 20),
        link("GD", "GE-G", "DE-D", "GE|TR|DE", 100),
        link("AS", "CN-A", "CN-S", "CN", 20),
        link("SEA", "CN-S", "NL-N", "CN|EG|NL", sea_hours, mode="sea", cost_usd_20=200, cost_usd_40=300),
        link("ND", "NL-N", "DE-D", "NL|DE", 10),
    ]
    services = [
        service("FEEDER", "CASPIAN", 2, capacity_teu_per_departure=feeder_teu_per_departure),
        service("LINER", "SEA", 7, capacity_teu_per_departure=20000),
    ]
    return build_network(
        META,
        nodes=_table("nodes.csv", nodes, NODE_COLUMNS_CAP),
        links=_table("links.csv", links, LINK_COLUMNS_CAP),
        services=_table("services.csv", services, SERVICE_COLUMNS),
        sources=Table("sources.csv", [(2, SOURCE)], tuple(SOURCE)),
    )


SEGMENTS = {
    "general": Segment("general", "General cargo", "40", 200.0),
    "electronics": Segment("electronics", "Electronics", "40", 2000.0),
}


def demand_of(rows: list[tuple[str, str, str, float]]) -> Demand:
    """A demand table from ``(origin, destination, segment, TEU/yr)`` rows."""
    return Demand(
        name="test",
        version="1",
        title="test",
        base_year=2024,
        basis="modelled",
        rows=tuple(
            DemandRow(o, d, s, teu, "modelled", "westbound", row=i + 2)
            for i, (o, d, s, teu) in enumerate(rows)
        ),
        segments=SEGMENTS,
        sources={},
    )
