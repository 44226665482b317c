"""Apply a scenario's edits to a network: a new network variant, the base left untouched."""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any

from corridor.distributions import Triangular
from corridor.errors import ScenarioError
from corridor.network.model import Link, Network, Node, Service, Transfer
from corridor.network.records import BulkLink
from corridor.simulation.scenario import Edit, NewService

NODE_FIELDS = (
    "transfer_h_min",
    "transfer_h_mode",
    "transfer_h_max",
    "transfer_cost_usd_per_teu",
    "transfer_capacity_teu_per_day",
    "pass_h_min",
    "pass_h_mode",
    "pass_h_max",
    "pass_cost_usd_per_teu",
)
LINK_FIELDS = (
    "duration_h_min",
    "duration_h_mode",
    "duration_h_max",
    "cost_usd_20",
    "cost_usd_40",
    "electric_share",
    "toc_id",
    "capacity_teu_per_day",
    "distance_km",
)
SERVICE_FIELDS = ("departures_per_week", "capacity_teu_per_departure")
BULK_FIELDS = ("capacity_t_per_year", "tariff_usd_per_t")


def _number(edit: Edit, where: str, *, minimum: float = 0.0, maximum: float | None = None) -> float:
    value = edit.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(f"{where}.value: {edit.field} needs a number, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum:g} and {maximum:g}" if maximum is not None else f">= {minimum:g}"
        raise ScenarioError(f"{where}.value: {edit.field} must be {bound}, got {value!r}")
    return float(value)


def _triangular(old: Triangular | None, part: str, value: float, where: str) -> Triangular:
    base = old or Triangular(0.0, 0.0, 0.0)
    values = {"min": base.min, "mode": base.mode, "max": base.max}
    values[part] = value
    try:
        return Triangular(values["min"], values["mode"], values["max"])
    except ValueError as err:
        raise ScenarioError(f"{where}: {err}") from err


def _unknown(kind: str, key: str, choices: list[str], where: str) -> ScenarioError:
    close = difflib.get_close_matches(key, choices, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return ScenarioError(f"{where}: no {kind} {key!r} in the network{hint}")


def _edit_node(node: Node, edit: Edit, where: str) -> Node:
    if edit.field.startswith("transfer_"):
        transfer = node.transfer or Transfer(Triangular(0, 0, 0), 0.0)
        if edit.field.startswith("transfer_h_"):
            dwell = _triangular(
                transfer.dwell_h, edit.field.removeprefix("transfer_h_"), _number(edit, where), where
            )
            transfer = replace(transfer, dwell_h=dwell)
        elif edit.field == "transfer_cost_usd_per_teu":
            transfer = replace(transfer, cost_usd_per_teu=_number(edit, where))
        else:
            transfer = replace(transfer, capacity_teu_per_day=_number(edit, where, minimum=1e-9))
        return replace(node, transfer=transfer)
    if edit.field.startswith("pass_h_"):
        dwell = _triangular(
            node.pass_dwell_h, edit.field.removeprefix("pass_h_"), _number(edit, where), where
        )
        return replace(node, pass_dwell_h=dwell)
    return replace(node, pass_cost_usd_per_teu=_number(edit, where))


def _edit_link(link: Link, edit: Edit, where: str) -> Link:
    if edit.field.startswith("duration_h_"):
        part = edit.field.removeprefix("duration_h_")
        return replace(link, duration_h=_triangular(link.duration_h, part, _number(edit, where), where))
    if edit.field == "electric_share":
        return replace(link, electric_share=_number(edit, where, maximum=1.0))
    if edit.field == "toc_id":
        if not isinstance(edit.value, str):
            raise ScenarioError(f"{where}.value: toc_id needs a category id, got {edit.value!r}")
        return replace(link, toc_id=edit.value)
    if edit.field == "capacity_teu_per_day":
        return replace(link, capacity_teu_per_day=_number(edit, where, minimum=1e-9))
    if edit.field == "distance_km":
        return replace(link, distance_km=_number(edit, where, minimum=1e-9))
    if edit.field == "cost_usd_20":
        return replace(link, cost_usd_20=_number(edit, where))
    return replace(link, cost_usd_40=_number(edit, where))


def apply_edits(network: Network, edits: list[Edit], new_services: list[NewService]) -> Network:
    """``network`` with the edits applied (a new :class:`Network`).

    Raises
    ------
    ScenarioError
        An edit names a node, link, service or field that does not exist, or
        an impossible value; the message names ``edits[i]`` and suggests.

    """
    nodes: dict[str, Node] = dict(network.nodes)
    links: dict[str, Link] = dict(network.links)
    services: dict[str, Service] = dict(network.services)
    bulk: dict[str, BulkLink] = dict(network.bulk)
    tables: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
        "node": (nodes, NODE_FIELDS),
        "link": (links, LINK_FIELDS),
        "service": (services, SERVICE_FIELDS),
        "bulk": (bulk, BULK_FIELDS),
    }
    for index, edit in enumerate(edits):
        where = f"edits[{index}]"
        table, fields = tables[edit.target]
        if edit.id not in table:
            raise _unknown(edit.target, edit.id, list(table), f"{where}.id")
        if edit.field not in fields:
            close = difflib.get_close_matches(edit.field, fields, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; editable: {', '.join(fields)}"
            raise ScenarioError(f"{where}.field: {edit.target} field {edit.field!r} cannot be edited{hint}")
        if edit.target == "node":
            nodes[edit.id] = _edit_node(nodes[edit.id], edit, where)
        elif edit.target == "link":
            links[edit.id] = _edit_link(links[edit.id], edit, where)
        elif edit.target == "bulk":
            if edit.field == "capacity_t_per_year":
                bulk[edit.id] = replace(bulk[edit.id], capacity_t_per_year=_number(edit, where, minimum=1e-9))
            else:
                bulk[edit.id] = replace(bulk[edit.id], tariff_usd_per_t=_number(edit, where))
        else:
            value = _number(edit, where, minimum=1e-9)
            service = services[edit.id]
            if edit.field == "departures_per_week":
                services[edit.id] = replace(service, departures_per_week=value)
            else:
                services[edit.id] = replace(service, capacity_teu_per_departure=value)
    for index, new in enumerate(new_services):
        where = f"new_services[{index}]"
        if new.link not in links:
            raise _unknown("link", new.link, list(links), f"{where}.link")
        if links[new.link].mode not in ("sea", "ferry"):
            raise ScenarioError(
                f"{where}.link: services run on sea or ferry links, {new.link!r} is rail or road"
            )
        if new.service_id in services:
            raise ScenarioError(f"{where}.service_id: service {new.service_id!r} exists already")
        services[new.service_id] = Service(
            service_id=new.service_id,
            link_id=new.link,
            name=new.name,
            operator=new.operator,
            departures_per_week=new.departures_per_week,
            capacity_teu_per_departure=new.capacity_teu_per_departure,
            source_ids=("scenario",),
        )
    by_link: dict[str, list[Service]] = {}
    for service in services.values():
        by_link.setdefault(service.link_id, []).append(service)
    return Network(
        name=network.name,
        version=network.version + "+scenario",
        title=network.title,
        currency_year=network.currency_year,
        licence=network.licence,
        nodes=nodes,
        links=links,
        services=services,
        sources=network.sources,
        _services_by_link={k: tuple(v) for k, v in by_link.items()},
        disruptions=network.disruptions,
        geometries={k: v for k, v in network.geometries.items() if k in links},
        departures={k: v for k, v in network.departures.items() if k in services},
        dg_rules=network.dg_rules,
        bulk=bulk,
        bulk_transfers=network.bulk_transfers,
    )
