"""Build a validated :class:`Network` from plain rows.

The readers (:func:`corridor.network.io.network_from_csv`) turn files into
:class:`Table` values; this module checks every field and every reference and
collects *all* problems, each naming its file, row and field.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

import numpy as np

from corridor.distributions import Triangular
from corridor.errors import NetworkDataError, Problem
from corridor.network.bulk_transfers import COLUMNS as BULK_TRANSFER_COLUMNS
from corridor.network.bulk_transfers import bulk_transfers_by_node
from corridor.network.columns import COLUMNAR_LINKS, RecordColumns
from corridor.network.model import Link, Network, Node, Service, Transfer, platform_of
from corridor.network.records import (
    DG_SCOPES,
    DG_VERDICTS,
    DISRUPTION_KINDS,
    BulkLink,
    DgRule,
    DisruptionProcess,
)
from corridor.tables import (
    COUNTRY,
    SOURCE_ID,
    RowReader,
    Table,
    check_columns,
    keyed_rows,
    make_source,
    read_manifest,
    row_count,
)
from corridor.vocabulary import BULK_ONLY_MODES, CARGO_FORMS, MODES, NODE_KINDS, SailingPolicy

SAILING_POLICIES = tuple(str(p) for p in SailingPolicy)

R = TypeVar("R")

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
        node_id=sys.intern(r.text("node_id", pattern=NODE_ID)),
        name=r.text("name"),
        country=sys.intern(r.text("country", pattern=COUNTRY)),
        lat=r.number("lat", minimum=-90, maximum=90) or 0.0,
        lon=r.number("lon", minimum=-180, maximum=180) or 0.0,
        kind=sys.intern(r.text("kind", choices=NODE_KINDS)),
        alt_names=r.items("alt_names"),
        locode=locode,
        transfer=transfer,
        pass_dwell_h=r.triangular("pass_h", required=False),
        pass_cost_usd_per_teu=r.number("pass_cost_usd_per_teu", required=False) or 0.0,
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
        rail_departures_per_week=r.number("rail_departures_per_week", required=False, positive=True),
    )


#: No link is longer than the Earth's equator (40,075 km, the WGS 84 ellipsoid's equatorial radius
#: 6,378.137 km x 2 pi; NIMA TR8350.2, "Department of Defense World Geodetic System 1984"): a longer
#: distance is a typo or a unit error, and every emission and cost computed from it would be nonsense.
MAX_LINK_KM = 40_075.0


def _make_link(r: RowReader) -> Link:
    mode = sys.intern(r.text("mode", choices=MODES))
    gauge = r.number("gauge_mm", required=mode == "rail", positive=True)
    if gauge is not None and mode not in ("rail", "ferry"):
        r.problem("gauge_mm", f"only rail and rail-ferry links have a gauge, this is {mode}")
    share = r.number("electric_share", required=mode == "rail", maximum=1.0)
    duration = r.triangular("duration_h", required=True)
    distance = r.number("distance_km", positive=True, maximum=MAX_LINK_KM)
    return Link(
        link_id=r.text("link_id"),
        from_node=sys.intern(r.text("from_node")),
        to_node=sys.intern(r.text("to_node")),
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
        toc_id=sys.intern(r.text("toc_id", required=False, pattern=SOURCE_ID)) or None,
        reefer=r.boolean("reefer"),
        dg_refused=r.dg_classes("dg_refused"),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
    )


def _make_service(r: RowReader) -> Service:
    policy = r.text("policy", required=False, choices=SAILING_POLICIES) or "timetable"
    fill_h = r.number("fill_h", required=False, positive=True)
    if policy == "when_full" and fill_h is None:
        r.problem("fill_h", "a service that sails when full needs its typical fill time (fill_h, hours)")
    if policy != "when_full" and fill_h is not None:
        r.problem("fill_h", f"only a service that sails when full has a fill time, this one is {policy}")
    return Service(
        policy=policy,
        load_factor=r.number("load_factor", required=False, positive=True, maximum=1.0) or 1.0,
        fill_h=fill_h,
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


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _make_disruption(r: RowReader) -> DisruptionProcess:
    chances = tuple(r.number(m, maximum=1.0) or 0.0 for m in MONTHS)
    episode = r.triangular("episode_h", required=True)
    return DisruptionProcess(
        disruption_id=r.text("disruption_id"),
        node_id=r.text("node_id"),
        kind=r.text("kind", choices=DISRUPTION_KINDS),
        monthly_chance=chances,
        episode_h=episode or Triangular(0, 0, 0),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
    )


def _make_dg_rule(r: RowReader) -> DgRule:
    classes = r.dg_classes("dg_classes")
    if not classes:
        r.problem("dg_classes", "is required but empty")
    return DgRule(
        rule_id=r.text("rule_id"),
        applies_to=r.text("applies_to", choices=DG_SCOPES),
        target_id=r.text("target_id"),
        dg_classes=classes,
        verdict=r.text("verdict", choices=DG_VERDICTS),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
    )


BULK_FORMS = tuple(f for f in CARGO_FORMS if f != "container")


def _make_bulk(r: RowReader) -> BulkLink:
    forms = r.items("cargo_forms", required=True)
    for form in forms:
        if form not in BULK_FORMS:
            r.problem("cargo_forms", f"expected {' or '.join(BULK_FORMS)}, got {form!r}")
    return BulkLink(
        link_id=r.text("link_id"),
        cargo_forms=forms,
        tariff_usd_per_t=r.number("tariff_usd_per_t") or 0.0,
        capacity_t_per_year=r.number("capacity_t_per_year", required=False, positive=True),
        source_ids=r.items("source_ids", required=True, pattern=SOURCE_ID),
        note=r.optional_text("note"),
        dry_bulk_tariff_usd_per_t=r.number("dry_bulk_tariff_usd_per_t", required=False, minimum=0),
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
    "disruptions": (
        "disruption_id",
        "node_id",
        "kind",
        *MONTHS,
        "episode_h_min",
        "episode_h_mode",
        "episode_h_max",
        "source_ids",
    ),
    "dg_rules": ("rule_id", "applies_to", "target_id", "dg_classes", "verdict", "source_ids"),
    "bulk": ("link_id", "cargo_forms", "tariff_usd_per_t", "source_ids"),
    "bulk_transfers": (*BULK_TRANSFER_COLUMNS, "cost_usd_per_t", "source_ids"),
}


def build_network(
    manifest: Mapping[str, Any],
    *,
    nodes: Table,
    links: Table,
    services: Table,
    sources: Table,
    disruptions: Table | None = None,
    dg_rules: Table | None = None,
    bulk: Table | None = None,
    bulk_transfers: Table | None = None,
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
    if disruptions is not None:
        tables["disruptions"] = disruptions
    if dg_rules is not None:
        tables["dg_rules"] = dg_rules
    if bulk is not None:
        tables["bulk"] = bulk
    if bulk_transfers is not None:
        tables["bulk_transfers"] = bulk_transfers
    if not all(check_columns(t, REQUIRED_COLUMNS[k], problems) for k, t in tables.items()):
        raise NetworkDataError(problems)
    built_sources = {s.source_id: s for _, s in keyed_rows(sources, "source_id", problems, make_source, {})}

    def check_sources(file: str, row: int, ids: tuple[str, ...]) -> None:
        for source_id in ids:
            if source_id not in built_sources:
                problems.append(Problem(file, row, "source_ids", f"unknown source id {source_id!r}"))

    # A large network keeps its records as columns; rows are read one at a time either way.
    columnar = row_count(links) > COLUMNAR_LINKS
    node_map: dict[str, Node] | RecordColumns[Node] = RecordColumns(Node, "node_id") if columnar else {}
    link_map: dict[str, Link] | RecordColumns[Link] = RecordColumns(Link, "link_id") if columnar else {}
    node_rows: dict[str, int] = {}
    for row, node in keyed_rows(nodes, "node_id", problems, _make_node, node_rows):
        check_sources(nodes.file, row, node.source_ids)
        _put(node_map, node.node_id, node)
    link_rows: dict[str, int] = {}
    for row, link in keyed_rows(links, "link_id", problems, _make_link, link_rows):
        check_sources(links.file, row, link.source_ids)
        for end in ("from_node", "to_node"):
            node_id = getattr(link, end)
            if node_id not in node_rows:
                problems.append(Problem(links.file, row, end, f"unknown node {node_id!r}"))
        if link.from_node == link.to_node:
            problems.append(Problem(links.file, row, "to_node", f"link starts and ends at {link.to_node!r}"))
        _put(link_map, link.link_id, link)
    by_link: dict[str, list[Service]] = {}
    built_services = list(keyed_rows(services, "service_id", problems, _make_service, {}))
    for row, service in built_services:
        check_sources(services.file, row, service.source_ids)
        if service.link_id not in link_rows:
            problems.append(Problem(services.file, row, "link_id", f"unknown link {service.link_id!r}"))
        by_link.setdefault(service.link_id, []).append(service)
    _check_services_and_transfers(
        node_map, link_map, by_link, (nodes.file, node_rows), (links.file, link_rows), problems
    )
    disruption_map: dict[str, DisruptionProcess] = {}
    if disruptions is not None:
        for row, process in keyed_rows(disruptions, "disruption_id", problems, _make_disruption, {}):
            check_sources(disruptions.file, row, process.source_ids)
            if process.node_id not in node_rows:
                problems.append(
                    Problem(disruptions.file, row, "node_id", f"unknown node {process.node_id!r}")
                )
            disruption_map[process.disruption_id] = process
    rule_map: dict[str, DgRule] = {}
    if dg_rules is not None:
        targets = {
            "node": node_rows,
            "link": link_rows,
            "service": {s.service_id: 0 for _, s in built_services},
        }
        said: dict[tuple[str, str, int], str] = {}
        for row, rule in keyed_rows(dg_rules, "rule_id", problems, _make_dg_rule, {}):
            check_sources(dg_rules.file, row, rule.source_ids)
            if rule.target_id not in targets[rule.applies_to]:
                problems.append(
                    Problem(dg_rules.file, row, "target_id", f"unknown {rule.applies_to} {rule.target_id!r}")
                )
            for cls in sorted(rule.dg_classes):
                key = (rule.applies_to, rule.target_id, cls)
                if key in said:
                    problems.append(
                        Problem(
                            dg_rules.file,
                            row,
                            "dg_classes",
                            f"class {cls} at {rule.target_id} is already ruled by {said[key]}",
                        )
                    )
                said.setdefault(key, rule.rule_id)
            rule_map[rule.rule_id] = rule
    bulk_map = _bulk_links(bulk, link_map, (links.file, link_rows), check_sources, problems)
    transfer_map = bulk_transfers_by_node(bulk_transfers, node_map, check_sources, problems)
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
        disruptions=disruption_map,
        dg_rules=rule_map,
        bulk=bulk_map,
        bulk_transfers=transfer_map,
    )


def _bulk_links(
    bulk: Table | None,
    link_map: Mapping[str, Link],
    links: tuple[str, dict[str, int]],
    check_sources: Any,
    problems: list[Problem],
) -> dict[str, BulkLink]:
    """The bulk rows by link, each naming a known link; a pipeline or tanker link needs one."""
    out: dict[str, BulkLink] = {}
    if bulk is not None:
        for row, item in keyed_rows(bulk, "link_id", problems, _make_bulk, {}):
            check_sources(bulk.file, row, item.source_ids)
            if item.link_id not in links[1]:
                problems.append(Problem(bulk.file, row, "link_id", f"unknown link {item.link_id!r}"))
            out[item.link_id] = item
    for link_id, mode, _, _ in _link_facts(link_map):
        if mode in BULK_ONLY_MODES and link_id not in out:
            problems.append(
                Problem(
                    links[0],
                    links[1][link_id],
                    "mode",
                    f"{mode} link {link_id!r} carries bulk only but has no row in the bulk file "
                    "(cargo forms and tariff per tonne)",
                )
            )
    return out


def _put(records: dict[str, R] | RecordColumns[R], key: str, record: R) -> None:
    """Keep the first record of an id (a duplicate is already a problem)."""
    if key not in records:
        if isinstance(records, RecordColumns):
            records.add(record)
        else:
            records[key] = record


def _check_services_and_transfers(
    node_map: Mapping[str, Node],
    link_map: Mapping[str, Link],
    by_link: dict[str, list[Service]],
    nodes: tuple[str, dict[str, int]],
    links: tuple[str, dict[str, int]],
    problems: list[Problem],
) -> None:
    """Sea and ferry links need a service; nodes where platforms meet need a transfer.

    ``nodes`` and ``links`` are each a file name and the row of every id in it.
    """
    nodes_file, node_rows = nodes
    links_file, link_rows = links
    position = (
        node_map.positions()
        if isinstance(node_map, RecordColumns)
        else {k: i for i, k in enumerate(node_map)}
    )
    node_ids = list(node_map)
    codes: dict[str, int] = {}
    ends: list[int] = []
    platform_of_end: list[int] = []
    for link_id, mode, platform, pair in _link_facts(link_map):
        if mode in ("sea", "ferry") and link_id not in by_link:
            problems.append(
                Problem(
                    links_file,
                    link_rows[link_id],
                    "mode",
                    f"{mode} link {link_id!r} has no service in services file",
                )
            )
        code = codes.setdefault(platform, len(codes))
        for end in pair:
            if end in position:
                ends.append(position[end])
                platform_of_end.append(code)
    # Nodes where links of more than one platform meet, in the order links first reach them.
    n_codes = max(len(codes), 1)
    end_array = np.array(ends, dtype=np.int64)
    # distinct (node, platform) pairs; a set, not np.unique, which imports numpy.ma (0.1 s) on first use
    keys = end_array * n_codes + np.array(platform_of_end, dtype=np.int64)
    pairs = np.array(sorted(set(keys.tolist())), dtype=np.int64)
    count = np.bincount(pairs // n_codes, minlength=len(node_ids))
    touched, first = np.unique(end_array, return_index=True)
    names = sorted(codes, key=codes.__getitem__)
    meeting = np.flatnonzero(count > 1)
    for node in meeting[np.argsort(first[np.searchsorted(touched, meeting)], kind="stable")].tolist():
        node_id = node_ids[node]
        if node_map[node_id].transfer is None:
            here = pairs[pairs // n_codes == node] % n_codes
            problems.append(
                Problem(
                    nodes_file,
                    node_rows[node_id],
                    "transfer_h_min",
                    f"node {node_id!r} joins {', '.join(sorted(names[c] for c in here))} "
                    "but gives no transfer dwell and cost",
                )
            )


def _link_facts(links: Mapping[str, Link]) -> Iterator[tuple[str, str, str, tuple[str, str]]]:
    """Id, mode, platform and ends of every link (read from the columns of a large network)."""
    if isinstance(links, RecordColumns):
        modes, gauges = links.field_values("mode"), links.field_values("gauge_mm")
        ends = zip(links.field_values("from_node"), links.field_values("to_node"), strict=True)
        for link_id, mode, gauge, pair in zip(links, modes, gauges, ends, strict=True):
            yield link_id, mode, platform_of(mode, gauge), pair
    else:
        for link in links.values():
            yield link.link_id, link.mode, link.platform, (link.from_node, link.to_node)
