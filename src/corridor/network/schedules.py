"""Timetables: the actual departures of a network's services, read from a plain CSV or DCSA schedules.

Two formats, each read into :class:`~corridor.network.model.Departure` records attached to the
network's services (:func:`with_departures`):

* a CSV with columns ``service_id``, ``departure`` and optionally ``arrival``, ``from_node``,
  ``to_node``, ``voyage``, ``vessel``; times in ISO 8601 (``2026-12-04T18:00+05:00``; without an
  offset, UTC);
* the point-to-point routings of the DCSA Commercial Schedules API 1.0 (``GET
  /v1/point-to-point-routes``; a JSON array of ``PointToPoint`` objects). Each leg's
  ``departure`` and ``arrival`` (``location.UNLocationCode`` and ``dateTime``) and its
  ``transport`` (``modeOfTransport``, ``servicePartners[].carrierServiceCode`` /
  ``carrierServiceName`` / ``carrierExportVoyageNumber``, ``vessel.name``) are read; a leg is a
  departure of the network service on the link between its two places by that mode (named by
  its service code or name where the link has several). A place is a node by its UN/LOCODE
  (or node id), else by its ``locationName``. Legs from or to a place the network does not
  have (a truck from a customer's door), or that no network service runs, are left out and
  listed.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.errors import AmbiguousNodeError, Problem, ScheduleDataError, UnknownNodeError
from corridor.network.model import Departure, Link, Network, Node, Service

#: The network modes a DCSA ``modeOfTransport`` rides on, in order of preference: a VESSEL leg is a
#: container ship's sailing (``sea``) where one runs, else a ferry's; a RAIL leg a train's, else a
#: rail ferry's.
DCSA_MODES: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "VESSEL": (("sea",), ("ferry",)),
    "BARGE": (("iww",), ("sea",)),
    "RAIL": (("rail",), ("ferry",)),
    "TRUCK": (("road",), ("ferry",)),
    "RAIL_TRUCK": (("rail", "road"), ("ferry",)),
    "BARGE_TRUCK": (("iww", "road"), ("ferry",)),
    "BARGE_RAIL": (("iww", "rail"), ("ferry",)),
    "MULTIMODAL": (("rail", "road", "sea", "ferry", "iww"),),
}

#: At most this many departures in one file (bounded work for every request).
MAX_DEPARTURES = 100_000

#: A timetabled run longer than this (hours: 120 days, twice the longest Asia-Europe voyage round
#: the Cape) is an error in the file, not a schedule.
MAX_RUNNING_H = 2880.0

CSV_COLUMNS = ("service_id", "departure", "arrival", "from_node", "to_node", "voyage", "vessel")


@dataclass(frozen=True)
class ScheduleLoad:
    """Departures read from a file, and the legs left out because the network lacks their places."""

    departures: tuple[Departure, ...]
    skipped: tuple[str, ...] = ()


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 date-time as naive UTC (the planner's clock); without an offset, UTC.

    Examples
    --------
    >>> parse_time("2026-12-04T18:00:00+05:00")
    datetime.datetime(2026, 12, 4, 13, 0)

    """
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _time(text: Any, problems: list[Problem], where: tuple[str, int | None, str]) -> dt.datetime | None:
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(*where, "missing date-time"))
        return None
    try:
        return parse_time(text)
    except (ValueError, OverflowError):
        problems.append(Problem(*where, f"not an ISO 8601 date-time: {text!r}"))
        return None


def _check_times(
    departs: dt.datetime,
    arrives: dt.datetime | None,
    problems: list[Problem],
    where: tuple[str, int | None, str],
) -> None:
    if arrives is not None and arrives <= departs:
        message = f"arrival {arrives.isoformat()} is not after departure {departs.isoformat()}"
        problems.append(Problem(*where, message))
    elif arrives is not None and arrives - departs > dt.timedelta(hours=MAX_RUNNING_H):
        problems.append(Problem(*where, f"arrival more than {MAX_RUNNING_H:g} h after departure"))


def schedules_from_csv(path: str | Path, network: Network) -> ScheduleLoad:
    """Departures from a CSV timetable (see the module's description).

    Raises
    ------
    ScheduleDataError
        The file is missing or malformed, or a row names an unknown service, a node not at the
        ends of its link, or a time that is not ISO 8601 or arrives before it leaves; every
        problem is listed with row and field.

    """
    file = str(path)
    try:
        with Path(path).open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
            columns = tuple(rows[0]) if rows else ()
    except FileNotFoundError as err:
        raise ScheduleDataError([Problem(file, None, None, "schedule file not found")]) from err
    except (UnicodeDecodeError, csv.Error) as err:
        raise ScheduleDataError([Problem(file, None, None, f"not a UTF-8 CSV file: {err}")]) from err
    problems: list[Problem] = []
    if not rows:
        raise ScheduleDataError([Problem(file, None, None, "no departures in the file")])
    for column in ("service_id", "departure"):
        if column not in columns:
            problems.append(Problem(file, 1, column, f"missing column (columns: {', '.join(CSV_COLUMNS)})"))
    if problems:
        raise ScheduleDataError(problems)
    if len(rows) > MAX_DEPARTURES:
        raise ScheduleDataError([Problem(file, None, None, f"more than {MAX_DEPARTURES} departures")])
    out: list[Departure] = []
    for row_number, row in enumerate(rows, start=2):
        departure = _csv_row(row, (file, row_number), network, problems)
        if departure is not None:
            out.append(departure)
    if problems:
        raise ScheduleDataError(problems)
    return ScheduleLoad(tuple(out))


def _csv_row(
    row: dict[str, str], where: tuple[str, int], network: Network, problems: list[Problem]
) -> Departure | None:
    file, number = where
    service_id = (row.get("service_id") or "").strip()
    service = network.services.get(service_id)
    if service is None:
        problems.append(Problem(file, number, "service_id", f"unknown service {service_id!r}"))
        return None
    link = network.links[service.link_id]
    start = (row.get("from_node") or "").strip() or link.from_node
    end = (row.get("to_node") or "").strip() or (link.to_node if start == link.from_node else link.from_node)
    if not _runs(link, start, end):
        problems.append(
            Problem(
                file,
                number,
                "from_node",
                f"service {service_id} runs {_directions(link)}, not {start}->{end}",
            )
        )
        return None
    departs = _time(row.get("departure"), problems, (file, number, "departure"))
    arrival_text = (row.get("arrival") or "").strip()
    arrives = _time(arrival_text, problems, (file, number, "arrival")) if arrival_text else None
    if departs is None:
        return None
    _check_times(departs, arrives, problems, (file, number, "arrival"))
    return Departure(
        service_id=service_id,
        from_node=start,
        to_node=end,
        departs=departs,
        arrives=arrives,
        voyage=(row.get("voyage") or "").strip() or None,
        vessel=(row.get("vessel") or "").strip() or None,
        source=f"{Path(file).name} row {number}",
    )


def _runs(link: Link, start: str, end: str) -> bool:
    forward = (start, end) == (link.from_node, link.to_node)
    return forward or (link.bidirectional and (start, end) == (link.to_node, link.from_node))


def _directions(link: Link) -> str:
    arrow = "<->" if link.bidirectional else "->"
    return f"{link.from_node}{arrow}{link.to_node}"


def schedules_from_dcsa(path: str | Path, network: Network) -> ScheduleLoad:
    """Departures from a file of DCSA Commercial Schedules 1.0 point-to-point routings (a JSON array).

    Raises
    ------
    ScheduleDataError
        Not JSON, or any problem :func:`departures_from_dcsa` finds.

    """
    file = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ScheduleDataError([Problem(file, None, None, "schedule file not found")]) from err
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ScheduleDataError([Problem(file, None, None, f"not a JSON file: {err}")]) from err
    return departures_from_dcsa(data, network, file=file)


def departures_from_dcsa(data: Any, network: Network, *, file: str = "schedules") -> ScheduleLoad:
    """Departures from DCSA Commercial Schedules 1.0 point-to-point routings (parsed JSON).

    Raises
    ------
    ScheduleDataError
        Not an array of routings, a leg without its departure or arrival place or time, an
        unknown mode, an arrival before its departure, a leg several services could be and
        that names none of them, or no leg at all that is a departure of the network; every
        problem names the routing and leg (``$[0].legs[1]``) in ``file``.

    """
    if not isinstance(data, list):
        raise ScheduleDataError(
            [Problem(file, None, None, "expected a JSON array of DCSA point-to-point routings")]
        )
    problems: list[Problem] = []
    out: list[Departure] = []
    skipped: list[str] = []
    for i, routing in enumerate(data):
        legs = routing.get("legs") if isinstance(routing, dict) else None
        if not isinstance(legs, list) or not legs:
            problems.append(Problem(file, None, f"$[{i}].legs", "a routing needs at least one leg"))
            continue
        for j, leg in enumerate(legs):
            where = f"$[{i}].legs[{j}]"
            found = _dcsa_leg(leg, where, file, network, problems, skipped)
            if found is not None and found not in out:
                out.append(found)
            if len(out) > MAX_DEPARTURES:
                raise ScheduleDataError([Problem(file, None, None, f"more than {MAX_DEPARTURES} departures")])
    if problems:
        raise ScheduleDataError(problems)
    if not out:
        listed = "; ".join(skipped[:3])
        raise ScheduleDataError(
            [Problem(file, None, None, f"no leg is a departure of the network: {listed}")]
        )
    return ScheduleLoad(tuple(out), tuple(skipped))


def _place(network: Network, call: Any) -> tuple[str | None, list[Node]]:
    """The UN/LOCODE (or name) of a DCSA departure/arrival, and the network nodes it may be.

    The node with that UN/LOCODE (or id) first, then the node its ``locationName`` names: a
    code can name a city whose port is another node (``AZBAK`` Baku, whose port is at Alat).
    """
    location = call.get("location") if isinstance(call, dict) else None
    if not isinstance(location, dict):
        return None, []
    code = location.get("UNLocationCode")
    name = location.get("locationName")
    label = code if isinstance(code, str) else name if isinstance(name, str) else None
    nodes: list[Node] = []
    if isinstance(code, str):
        nodes.extend(n for n in network.nodes.values() if code in (n.locode, n.node_id))
    if isinstance(name, str):
        try:
            named = network.find_node(name)
        except (UnknownNodeError, AmbiguousNodeError):
            named = None
        if named is not None and named not in nodes:
            nodes.append(named)
    return label, nodes


def _dcsa_leg(
    leg: Any, where: str, file: str, network: Network, problems: list[Problem], skipped: list[str]
) -> Departure | None:
    if not isinstance(leg, dict):
        problems.append(Problem(file, None, where, "expected a leg object"))
        return None
    calls = {}
    for end in ("departure", "arrival"):
        label, nodes = _place(network, leg.get(end))
        if label is None:
            problems.append(Problem(file, None, f"{where}.{end}.location", "missing UNLocationCode"))
            return None
        calls[end] = (label, nodes, leg[end].get("dateTime"))
    (a_label, a_nodes, a_time), (b_label, b_nodes, b_time) = calls["departure"], calls["arrival"]
    if not a_nodes or not b_nodes:
        skipped.append(f"{where} {a_label}->{b_label}: not both in the network")
        return None
    departs = _time(a_time, problems, (file, None, f"{where}.departure.dateTime"))
    arrives = _time(b_time, problems, (file, None, f"{where}.arrival.dateTime"))
    raw_transport = leg.get("transport")
    transport: dict[str, Any] = raw_transport if isinstance(raw_transport, dict) else {}
    mode = str(transport.get("modeOfTransport") or "MULTIMODAL")
    if mode not in DCSA_MODES:
        problems.append(Problem(file, None, f"{where}.transport.modeOfTransport", f"unknown mode {mode!r}"))
        return None
    found = _dcsa_service(network, transport, (a_nodes, b_nodes), mode, (file, where), problems)
    if found is None:
        skipped.append(f"{where} {a_label}->{b_label}: no {mode} service of the network runs there")
        return None
    service_id, a, b = found
    if not service_id or departs is None:
        return None
    _check_times(departs, arrives, problems, (file, None, f"{where}.arrival.dateTime"))
    partners = transport.get("servicePartners") or [{}]
    partner = partners[0] if isinstance(partners, list) and partners and isinstance(partners[0], dict) else {}
    raw_vessel = transport.get("vessel")
    vessel: dict[str, Any] = raw_vessel if isinstance(raw_vessel, dict) else {}
    return Departure(
        service_id=service_id,
        from_node=a.node_id,
        to_node=b.node_id,
        departs=departs,
        arrives=arrives,
        voyage=_text(
            partner.get("carrierExportVoyageNumber") or transport.get("universalExportVoyageReference")
        ),
        vessel=_text(vessel.get("name")),
        source=f"{Path(file).name} {where}",
    )


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _services_between(network: Network, a: Node, b: Node, mode: str) -> list[Service]:
    """The services of the first of the DCSA mode's network modes that has any between ``a`` and ``b``."""
    between = [link for link in network.links.values() if _runs(link, a.node_id, b.node_id)]
    for modes in DCSA_MODES[mode]:
        services = [s for link in between if link.mode in modes for s in network.services_on(link.link_id)]
        if services:
            return services
    return []


def _dcsa_service(
    network: Network,
    transport: dict[str, Any],
    ends: tuple[list[Node], list[Node]],
    mode: str,
    where: tuple[str, str],
    problems: list[Problem],
) -> tuple[str, Node, Node] | None:
    """The network service a DCSA leg is a departure of, and its two nodes.

    ``None`` if no service of the mode runs between any of the places' nodes; an empty id
    (and a problem) if several do and the leg names none of them.
    """
    file, path = where
    for a in ends[0]:
        for b in ends[1]:
            services = _services_between(network, a, b, mode)
            if services:
                return _one_service(services, transport, a, b, (file, path), problems), a, b
    return None


def _one_service(
    services: list[Service],
    transport: dict[str, Any],
    a: Node,
    b: Node,
    where: tuple[str, str],
    problems: list[Problem],
) -> str:
    if len(services) == 1:
        return services[0].service_id
    partners = transport.get("servicePartners")
    names: set[str] = set()
    for partner in partners if isinstance(partners, list) else []:
        if isinstance(partner, dict):
            keys = ("carrierServiceCode", "carrierServiceName")
            names.update(str(partner[k]) for k in keys if partner.get(k))
    chosen = [s for s in services if s.service_id in names or s.name in names]
    if len(chosen) == 1:
        return chosen[0].service_id
    listed = ", ".join(f"{s.service_id} ({s.name})" for s in services)
    problems.append(
        Problem(
            where[0],
            None,
            f"{where[1]}.transport.servicePartners",
            f"{len(services)} services run {a.node_id} -> {b.node_id}; name one as carrierServiceCode "
            f"or carrierServiceName: {listed}",
        )
    )
    return ""


def read_schedules(path: str | Path, network: Network) -> ScheduleLoad:
    """Departures from ``path``: DCSA point-to-point JSON (``.json``) or the plain CSV (any other name)."""
    if str(path).lower().endswith(".json"):
        return schedules_from_dcsa(path, network)
    return schedules_from_csv(path, network)


def with_departures(network: Network, departures: Sequence[Departure]) -> Network:
    """``network`` with ``departures`` added to its services' timetables (each sorted by time).

    Raises
    ------
    ScheduleDataError
        A departure names a service the network does not have.

    Examples
    --------
    >>> import datetime as dt
    >>> from corridor import bundled_network
    >>> sailing = Departure("S-KZAAU-AZ-ALAT-SEA-1", "KZAAU", "AZ-ALAT", dt.datetime(2026, 12, 5, 1))
    >>> timed = with_departures(bundled_network(), [sailing])
    >>> [d.departs.isoformat() for d in timed.departures["S-KZAAU-AZ-ALAT-SEA-1"]]
    ['2026-12-05T01:00:00']

    """
    merged: dict[str, list[Departure]] = {k: list(v) for k, v in network.departures.items()}
    for departure in departures:
        if departure.service_id not in network.services:
            raise ScheduleDataError(
                [Problem(departure.source, None, "service_id", f"unknown service {departure.service_id!r}")]
            )
        merged.setdefault(departure.service_id, []).append(departure)
    timetables = {k: tuple(sorted(set(v), key=lambda d: (d.departs, d.from_node))) for k, v in merged.items()}
    return dataclasses.replace(network, departures=timetables)
