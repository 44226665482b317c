"""Build a validated :class:`Network` from plain rows.

The readers (:func:`corridor.network.io.network_from_csv`) turn files into
:class:`Table` values; this module checks every field and every reference and
collects *all* problems, each naming its file, row and field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from corridor.distributions import Triangular
from corridor.errors import NetworkDataError, Problem
from corridor.network.model import Link, Network, Node, Service, Transfer
from corridor.tables import (
    COUNTRY,
    SOURCE_ID,
    RowReader,
    Table,
    check_columns,
    check_unique,
    make_source,
    read_manifest,
    read_rows,
)
from corridor.vocabulary import MODES, NODE_KINDS

NODE_ID = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}$|^[A-Z]{2}-[A-Z0-9-]+$")
LOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")


def _make_node(r: RowReader) -> Node:
    transfer_dwell = r.triangular("transfer_h", required=False)
    transfer_cost = r.number("transfer_cost_usd_per_teu", required=transfer_dwell is not None)
    transfer = None
    if transfer_dwell is not None and transfer_cost is not None:
        transfer = Transfer(
            transfer_dwell,
            transfer_cost,
            r.number("transfer_capacity_teu_per_day", required=False, positive=True),
        )
    elif transfer_cost is not None:
        r.problem("transfer_h_min", "transfer cost given without the transfer_h_* dwell")
    locode = r.optional_text("locode")
    if locode and not LOCODE.match(locode):
        r.problem("locode", f"not a UN/LOCODE: {locode!r}")
    return Node(
        node_id=r.text("node_id", pattern=NODE_ID),
        name=r.text("name"),
        country=r.text("country", pattern=COUNTRY),
        lat=r.number("lat", minimum=-90, maximum=90) or 0.0,
        lon=r.number("lon", minimum=-180, maximum=180) or 0.0,
        kind=r.text("kind", choices=NODE_KINDS),
        alt_names=r.items("alt_names"),
        locode=locode,
        transfer=transfer,
        pass_dwell_h=r.triangular("pass_h", required=False),
        pass_cost_usd_per_teu=r.number("pass_cost_usd_per_teu", required=False) or 0.0,
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
    )


#: No link is longer than the Earth's equator (40,075 km, the WGS 84 ellipsoid's equatorial radius
#: 6,378.137 km x 2 pi; NIMA TR8350.2, "Department of Defense World Geodetic System 1984"): a longer
#: distance is a typo or a unit error, and every emission and cost computed from it would be nonsense.
MAX_LINK_KM = 40_075.0


def _make_link(r: RowReader) -> Link:
    mode = r.text("mode", choices=MODES)
    gauge = r.number("gauge_mm", required=mode == "rail", positive=True)
    if gauge is not None and mode not in ("rail", "ferry"):
        r.problem("gauge_mm", f"only rail and rail-ferry links have a gauge, this is {mode}")
    share = r.number("electric_share", required=mode == "rail", maximum=1.0)
    duration = r.triangular("duration_h", required=True)
    distance = r.number("distance_km", positive=True, maximum=MAX_LINK_KM)
    return Link(
        link_id=r.text("link_id"),
        from_node=r.text("from_node"),
        to_node=r.text("to_node"),
        mode=mode,
        gauge_mm=int(gauge) if gauge is not None else None,
        bidirectional=r.boolean("bidirectional"),
        distance_km=distance or 0.0,
        duration_h=duration or Triangular(0, 0, 0),
        cost_usd_20=r.number("cost_usd_20") or 0.0,
        cost_usd_40=r.number("cost_usd_40") or 0.0,
        capacity_teu_per_day=r.number("capacity_teu_per_day", required=False, positive=True),
        countries=r.items("countries", required=True, pattern=COUNTRY),
        electric_share=share,
        toc_id=r.text("toc_id", required=False, pattern=SOURCE_ID) or None,
        reefer=r.boolean("reefer"),
        dg_refused=r.dg_classes("dg_refused"),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
    )


def _make_service(r: RowReader) -> Service:
    return Service(
        service_id=r.text("service_id"),
        link_id=r.text("link_id"),
        name=r.text("name"),
        operator=r.optional_text("operator"),
        departures_per_week=r.number("departures_per_week", positive=True) or 1.0,
        capacity_teu_per_departure=r.number("capacity_teu_per_departure", positive=True) or 1.0,
        dg_refused=r.dg_classes("dg_refused"),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
    )


REQUIRED_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "sources": ("source_id", "kind", "title", "publisher", "url"),
    "nodes": ("node_id", "name", "country", "lat", "lon", "kind", "source_ids"),
    "links": (
        "link_id",
        "from_node",
        "to_node",
        "mode",
        "bidirectional",
        "distance_km",
        "duration_h_min",
        "duration_h_mode",
        "duration_h_max",
        "cost_usd_20",
        "cost_usd_40",
        "countries",
        "reefer",
        "source_ids",
    ),
    "services": (
        "service_id",
        "link_id",
        "name",
        "departures_per_week",
        "capacity_teu_per_departure",
        "source_ids",
    ),
}


def build_network(
    manifest: Mapping[str, Any],
    *,
    nodes: Table,
    links: Table,
    services: Table,
    sources: Table,
    manifest_file: str = "network.toml",
) -> Network:
    """Validate rows and build a :class:`Network`.

    Raises
    ------
    NetworkDataError
        With every problem found, each naming file, row and field.

    """
    problems: list[Problem] = []
    meta = read_manifest(manifest, manifest_file, problems)
    tables = {"sources": sources, "nodes": nodes, "links": links, "services": services}
    if not all(check_columns(t, REQUIRED_COLUMNS[k], problems) for k, t in tables.items()):
        raise NetworkDataError(problems)
    for table, key in (
        (sources, "source_id"),
        (nodes, "node_id"),
        (links, "link_id"),
        (services, "service_id"),
    ):
        check_unique(table, key, problems)
    built_sources = {s.source_id: s for _, s in read_rows(sources, problems, make_source)}
    built_nodes = read_rows(nodes, problems, _make_node)
    built_links = read_rows(links, problems, _make_link)
    built_services = read_rows(services, problems, _make_service)

    def check_sources(file: str, row: int, ids: tuple[str, ...]) -> None:
        for source_id in ids:
            if source_id not in built_sources:
                problems.append(Problem(file, row, "source_ids", f"unknown source id {source_id!r}"))

    node_map: dict[str, Node] = {}
    for row, node in built_nodes:
        check_sources(nodes.file, row, node.source_ids)
        node_map[node.node_id] = node
    node_ids = {(v.get("node_id") or "").strip() for _, v in nodes.rows}
    link_map: dict[str, Link] = {}
    for row, link in built_links:
        check_sources(links.file, row, link.source_ids)
        for end in ("from_node", "to_node"):
            node_id = getattr(link, end)
            if node_id not in node_ids:
                problems.append(Problem(links.file, row, end, f"unknown node {node_id!r}"))
        if link.from_node == link.to_node:
            problems.append(Problem(links.file, row, "to_node", f"link starts and ends at {link.to_node!r}"))
        link_map[link.link_id] = link
    link_ids = {(v.get("link_id") or "").strip() for _, v in links.rows}
    by_link: dict[str, list[Service]] = {}
    for row, service in built_services:
        check_sources(services.file, row, service.source_ids)
        if service.link_id not in link_ids:
            problems.append(Problem(services.file, row, "link_id", f"unknown link {service.link_id!r}"))
        by_link.setdefault(service.link_id, []).append(service)
    _check_services_and_transfers(node_map, link_map, by_link, nodes, links, problems)
    if problems:
        raise NetworkDataError(problems)
    return Network(
        name=meta["name"],
        version=meta["version"],
        title=meta["title"],
        currency_year=meta["currency_year"],
        licence=meta["licence"],
        nodes=node_map,
        links=link_map,
        services={s.service_id: s for _, s in built_services},
        sources=built_sources,
        _services_by_link={k: tuple(v) for k, v in by_link.items()},
    )


def _check_services_and_transfers(
    node_map: dict[str, Node],
    link_map: dict[str, Link],
    by_link: dict[str, list[Service]],
    nodes: Table,
    links: Table,
    problems: list[Problem],
) -> None:
    link_rows = {(v.get("link_id") or "").strip(): row for row, v in links.rows}
    node_rows = {(v.get("node_id") or "").strip(): row for row, v in nodes.rows}
    platforms: dict[str, set[str]] = {}
    for link in link_map.values():
        if link.mode in ("sea", "ferry") and link.link_id not in by_link:
            problems.append(
                Problem(
                    links.file,
                    link_rows[link.link_id],
                    "mode",
                    f"{link.mode} link {link.link_id!r} has no service in services file",
                )
            )
        for end in (link.from_node, link.to_node):
            platforms.setdefault(end, set()).add(link.platform)
    for node_id, node_platforms in platforms.items():
        node = node_map.get(node_id)
        if node is not None and len(node_platforms) > 1 and node.transfer is None:
            problems.append(
                Problem(
                    nodes.file,
                    node_rows[node_id],
                    "transfer_h_min",
                    f"node {node_id!r} joins {', '.join(sorted(node_platforms))} "
                    "but gives no transfer dwell and cost",
                )
            )
