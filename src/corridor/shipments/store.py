"""The shipment service: accounts, shipments and their tracking events, over a SQLAlchemy session.

Functions here take a session and leave the transaction to the caller (one
request, one transaction). Access rules live here, not in the API:

- a **shipper** creates shipments for its own organisation and sees only those;
- an **operator** sees the shipments its organisation carries (or owns) and
  posts their events;
- an **admin** sees and does everything.

A shipment the caller may not see is reported as not found, never as forbidden,
so that its existence does not leak.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from corridor.cargo import CONTAINER_TYPES, Cargo
from corridor.chain.convert import chain_from_json_data
from corridor.chain.model import Hub
from corridor.emissions.factors import FactorDataset, bundled_factors
from corridor.errors import (
    AccessDeniedError,
    AccountError,
    AccountNotFoundError,
    AuthenticationError,
    ChainInputError,
    CorridorError,
    DocumentError,
    ShipmentInputError,
    ShipmentNotFoundError,
)
from corridor.events import Classifier, EventType
from corridor.network.model import Network
from corridor.shipments.accounts import key_hash, linked_carrier_id, new_api_key
from corridor.shipments.booked import shipment_chain
from corridor.shipments.cursor import TimelinePosition
from corridor.shipments.documents import cim_smgs_note, ecmr_note, emissions_statement
from corridor.shipments.doors import chain_ends, check_door_leg, door_network
from corridor.shipments.eta import Eta, estimate_arrival, timed_chain
from corridor.shipments.models import (
    ApiKey,
    Organisation,
    Shipment,
    TrackingEventRecord,
    utc_now,
)
from corridor.shipments.tir import validate_tir
from corridor.shipments.validation import (
    EARLIEST_EVENT,
    LATEST_EVENT,
    validate_aware,
    validate_container_number,
    validate_node,
)
from corridor.vocabulary import ROLES

MAX_EVENTS_PER_REQUEST = 1000
#: Events in a timeline page by default, and at most.
TIMELINE_PAGE = 500
MAX_TIMELINE_PAGE = 2000
#: Elements a booked chain may have: planned chains have a few dozen, and every ETA convolves them all.
MAX_CHAIN_ELEMENTS = 500


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: an organisation and the role of its key."""

    organisation_id: int
    organisation: str
    role: str


@dataclass(frozen=True, slots=True)
class NewEvent:
    """A tracking event as a client sends it."""

    event_id: str
    event_type: EventType
    classifier: Classifier
    event_time: dt.datetime
    node_id: str
    element_index: int


def create_organisation(session: Session, name: str) -> Organisation:
    """Add an organisation named ``name``.

    Raises
    ------
    AccountError
        The name is empty or taken.

    """
    name = name.strip()
    if not name or len(name) > 200:
        raise AccountError("organisation name must be 1-200 characters")
    if session.scalar(select(Organisation).where(Organisation.name == name)) is not None:
        raise AccountError(f"organisation {name!r} exists already")
    organisation = Organisation(name=name)
    session.add(organisation)
    session.flush()
    return organisation


def create_api_key(session: Session, organisation: str, role: str) -> str:
    """A new API key for ``organisation`` with ``role``; only its hash is stored, so show it once.

    Raises
    ------
    AccountError
        Unknown organisation or role.

    """
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    org = session.scalar(select(Organisation).where(Organisation.name == organisation))
    if org is None:
        raise AccountNotFoundError(f"no organisation named {organisation!r}")
    return new_api_key(session, org, role)


def authenticate(session: Session, key: str | None) -> Principal:
    """The principal an API key stands for.

    Raises
    ------
    AuthenticationError
        No key, or an unknown one.

    """
    if not key:
        raise AuthenticationError("missing API key: send it in the X-API-Key header")
    row = session.execute(
        select(ApiKey.role, Organisation.id, Organisation.name)
        .join(Organisation, ApiKey.organisation_id == Organisation.id)
        .where(ApiKey.key_sha256 == key_hash(key))
    ).first()
    if row is None:
        raise AuthenticationError("invalid API key")
    return Principal(organisation_id=row[1], organisation=row[2], role=row[0])


def _carrier_id(session: Session, principal: Principal, carrier: str) -> int:
    """The linked carrier's id; one message whether the name is unknown or not linked (no probing)."""
    if carrier == principal.organisation:
        return principal.organisation_id
    carrier_id = linked_carrier_id(session, principal.organisation_id, carrier)
    if carrier_id is None:
        raise ShipmentInputError(
            "carrier: not an organisation linked to yours as a carrier (an admin links carriers)", "carrier"
        )
    return carrier_id


def _validate_chain(
    network: Network, chain: dict[str, Any], origin: str, destination: str, cargo: Cargo
) -> None:
    elements = chain.get("elements")
    if isinstance(elements, list) and len(elements) > MAX_CHAIN_ELEMENTS:
        raise ShipmentInputError(
            f"chain.elements: at most {MAX_CHAIN_ELEMENTS} elements, got {len(elements)}", "chain"
        )
    try:
        typed = chain_from_json_data(chain, source="chain")
    except ChainInputError as err:
        raise ShipmentInputError(str(err), "chain") from err
    for end, node in zip(("origin", "destination"), chain_ends(origin, destination, chain), strict=True):
        if chain.get(end) != node:
            raise ShipmentInputError(
                f"chain.{end} is {chain.get(end)!r}, the shipment's {end} {node!r}", "chain"
            )
    for index, element in enumerate(typed.elements):
        if not isinstance(element, Hub):
            for number, link_id in enumerate(element.link_ids):
                if link_id not in network.links:
                    where = f"chain.elements[{index}].link_ids[{number}]"
                    door = " (not a road leg of the booked places' doors)" if "-DOOR-" in link_id else ""
                    raise ShipmentInputError(f"{where}: unknown link {link_id!r}{door}", "chain")
            check_door_leg(network, index, element.link_ids, element.distance_km)
        if isinstance(element, Hub):
            nodes = [element.node_id]
        else:
            nodes = [element.from_node, element.to_node, *element.node_ids]
            if element.from_node is None or element.to_node is None:
                raise ShipmentInputError(
                    f"chain.elements[{index}]: a leg needs from_node and to_node", "chain"
                )
        for node_id in nodes:
            if node_id is None:
                raise ShipmentInputError(f"chain.elements[{index}]: a hub needs its node_id", "chain")
            validate_node(network, node_id, field=f"chain.elements[{index}]")
    timed_chain(network, replace(typed, cargo=cargo))


def _check_readable(shipment: Shipment, network: Network, factors: FactorDataset | None) -> None:
    """Every read of the shipment works and renders as strict JSON, before it is stored.

    A chain that passes the schema can still hold values no later read survives
    (a dwell of 1e300 hours, an intensity that makes emissions infinite); storing
    it would make the shipment's ETA or documents fail for both parties forever.
    """
    factors = factors or bundled_factors()
    chain = timed_chain(network, shipment_chain(shipment))
    try:
        reads: list[Any] = [
            estimate_arrival(chain, start=start, after_element=-1) for start in (EARLIEST_EVENT, LATEST_EVENT)
        ]
        reads = [(eta.remaining_h_p50, eta.remaining_h_p90) for eta in reads]
        reads.append(emissions_statement(shipment, factors))
        for document in (cim_smgs_note, ecmr_note):
            # a chain without rail (or road) legs has no such note: an answer, not a failure
            with contextlib.suppress(DocumentError):
                reads.append(document(shipment, network))
        json.dumps(reads, allow_nan=False, default=str)
    except ShipmentInputError as err:
        raise ShipmentInputError(f"chain: {err}", "chain") from err
    except CorridorError:
        raise
    except (ArithmeticError, ValueError, TypeError, KeyError) as err:
        raise ShipmentInputError(
            f"chain: holds values its ETA or documents cannot be computed from ({type(err).__name__})",
            "chain",
        ) from err


def create_shipment(
    session: Session,
    principal: Principal,
    network: Network,
    *,
    origin: str,
    destination: str,
    shipper: str,
    consignee: str,
    containers: Sequence[tuple[str, str]],
    chain: dict[str, Any],
    carrier: str | None = None,
    factors: FactorDataset | None = None,
    tir: Mapping[str, Any] | None = None,
) -> Shipment:
    """Book ``containers`` (number, type) on a planned ``chain`` for the caller's organisation.

    ``tir``: the TIR/eTIR particulars (:func:`corridor.shipments.tir.validate_tir`) of a road shipment
    under the TIR procedure.

    Raises
    ------
    AccessDeniedError
        The caller is an operator.
    ShipmentInputError
        A node, container number or type, the chain or the carrier is invalid.

    """
    if principal.role not in ("shipper", "admin"):
        raise AccessDeniedError(f"role {principal.role!r} cannot create shipments")
    network = door_network(network, origin, destination, chain if isinstance(chain, dict) else {})
    if not containers:
        raise ShipmentInputError("containers: at least one container", "containers")
    boxes = []
    for index, (number, kind) in enumerate(containers):
        try:
            checked = validate_container_number(number)
        except ShipmentInputError as err:
            raise ShipmentInputError(f"containers[{index}].number: {err}", "containers") from err
        if kind not in CONTAINER_TYPES:
            raise ShipmentInputError(
                f"containers[{index}].type: expected one of {', '.join(CONTAINER_TYPES)}, got {kind!r}",
                "containers",
            )
        boxes.append({"number": checked, "type": kind})
    if len({b["number"] for b in boxes}) != len(boxes):
        raise ShipmentInputError("containers: a container number appears twice", "containers")
    checked_tir = None if tir is None else validate_tir(tir)
    counts: dict[str, int] = {}
    for box in boxes:
        counts[box["type"]] = counts.get(box["type"], 0) + 1
    _validate_chain(network, chain, origin, destination, Cargo(tuple(counts.items())))
    shipment = Shipment(
        id=str(uuid.uuid4()),
        owner_id=principal.organisation_id,
        carrier_id=None if carrier is None else _carrier_id(session, principal, carrier),
        origin=origin,
        destination=destination,
        shipper_name=shipper,
        consignee_name=consignee,
        containers=boxes,
        chain=chain,
        tir=checked_tir,
        created_at=utc_now(),
    )
    _check_readable(shipment, network, factors)
    session.add(shipment)
    session.flush()
    return shipment


def _visible(principal: Principal, shipment: Shipment) -> bool:
    org = principal.organisation_id
    return principal.role == "admin" or org in (shipment.owner_id, shipment.carrier_id)


def list_shipments(session: Session, principal: Principal) -> list[Shipment]:
    """The shipments the caller may see, newest first."""
    query = select(Shipment).order_by(Shipment.created_at.desc(), Shipment.id)
    if principal.role != "admin":
        org = principal.organisation_id
        query = query.where((Shipment.owner_id == org) | (Shipment.carrier_id == org))
    return list(session.scalars(query))


def get_shipment(session: Session, principal: Principal, shipment_id: str) -> Shipment:
    """The shipment ``shipment_id``, if the caller may see it.

    Raises
    ------
    ShipmentNotFoundError
        No such shipment, or one of another organisation.

    """
    shipment = session.get(Shipment, shipment_id)
    if shipment is None or not _visible(principal, shipment):
        raise ShipmentNotFoundError(f"no shipment {shipment_id!r}")
    return shipment


def _insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise CorridorError(f"database {dialect!r} is not supported (use SQLite or PostgreSQL)")


def add_events(
    session: Session, principal: Principal, network: Network, shipment_id: str, events: Sequence[NewEvent]
) -> list[int]:
    """Store ``events`` of a shipment all together; an ``event_id`` stored before is skipped.

    Every event is validated before any is written, and the insert is one
    statement (``INSERT ... ON CONFLICT DO NOTHING RETURNING``, counting the new rows), so a batch is stored
    whole or not at all, and concurrent posts of the same event store it once.

    Returns
    -------
    list of int
        The row ids of the events that were new (their number is how many were stored).

    Raises
    ------
    ShipmentNotFoundError
        The caller may not see the shipment.
    AccessDeniedError
        The caller neither carries the shipment nor is an admin.
    ShipmentInputError
        An event is invalid; the message names ``events[i].field``.

    """
    shipment = get_shipment(session, principal, shipment_id)
    carrier = principal.role == "operator" and shipment.carrier_id == principal.organisation_id
    if not (carrier or principal.role == "admin"):
        raise AccessDeniedError("only the shipment's carrier (an operator key) or an admin posts events")
    if len(events) > MAX_EVENTS_PER_REQUEST:
        raise ShipmentInputError(f"at most {MAX_EVENTS_PER_REQUEST} events per request", "events")
    n_elements = len(shipment.chain["elements"])
    routed = shipment_network(network, shipment)
    received = utc_now()
    rows = []
    for index, item in enumerate(events):
        where = f"events[{index}]"
        if not 0 <= item.element_index < n_elements:
            raise ShipmentInputError(
                f"{where}.element_index: the chain has elements 0-{n_elements - 1}, got {item.element_index}",
                f"{where}.element_index",
            )
        validate_node(routed, item.node_id, field=f"{where}.node_id")
        rows.append(
            {
                "shipment_id": shipment.id,
                "event_id": item.event_id,
                "event_type": EventType(item.event_type).value,
                "classifier": Classifier(item.classifier).value,
                "event_time": validate_aware(item.event_time, field=f"{where}.event_time"),
                "node_id": item.node_id,
                "element_index": item.element_index,
                "received_at": received,
            }
        )
    if not rows:
        return []
    # one lock order for every batch: concurrent batches sharing event ids wait, never deadlock
    rows.sort(key=lambda row: row["event_id"])
    statement: Insert = _insert(session)(TrackingEventRecord).values(rows)
    statement = statement.on_conflict_do_nothing(  # type: ignore[attr-defined]
        index_elements=["shipment_id", "event_id"]
    ).returning(TrackingEventRecord.id)
    return [row[0] for row in session.execute(statement).all()]


def timeline(
    session: Session,
    principal: Principal,
    shipment_id: str,
    *,
    limit: int | None = None,
    after: TimelinePosition | None = None,
) -> list[TrackingEventRecord]:
    """The shipment's events in order of event time (whatever order they arrived in).

    Parameters
    ----------
    session, principal
        The transaction, and the caller (who must see the shipment).
    shipment_id
        The shipment.
    limit
        At most this many events (all if ``None``).
    after
        Only events after this position in the order (the last event of the previous page): keyset
        pagination, so a page costs the same however deep it is and concurrent posts do not shift it.

    """
    shipment = get_shipment(session, principal, shipment_id)
    record = TrackingEventRecord
    query = (
        select(record)
        .where(record.shipment_id == shipment.id)
        .order_by(record.event_time, record.element_index, record.event_id)
    )
    if after is not None:
        time, index, event_id = after
        query = query.where(
            (record.event_time > time)
            | ((record.event_time == time) & (record.element_index > index))
            | ((record.event_time == time) & (record.element_index == index) & (record.event_id > event_id))
        )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def shipment_network(network: Network, shipment: Shipment) -> Network:
    """The network the shipment's chain runs on: ``network``, with its doors for a door-to-door chain."""
    return door_network(network, shipment.origin, shipment.destination, shipment.chain)


def shipment_eta(
    session: Session,
    principal: Principal,
    network: Network,
    shipment_id: str,
) -> tuple[Eta, TrackingEventRecord | None]:
    """P50/P90 arrival of a shipment from its last actual event (see :mod:`corridor.shipments.eta`)."""
    shipment = get_shipment(session, principal, shipment_id)
    last = session.scalars(
        select(TrackingEventRecord)
        .where(
            TrackingEventRecord.shipment_id == shipment.id,
            TrackingEventRecord.classifier == Classifier.ACTUAL.value,
        )
        .order_by(TrackingEventRecord.event_time.desc(), TrackingEventRecord.element_index.desc())
        .limit(1)
    ).first()
    chain = timed_chain(shipment_network(network, shipment), shipment_chain(shipment))
    if last is None:  # the planned option's figures: the plan's annual mix
        return estimate_arrival(chain, start=shipment.created_at, after_element=-1), last
    # from an actual event: the disruptions of the months the cargo now reaches them in
    return estimate_arrival(chain, start=last.event_time, after_element=last.element_index, dated=True), last


def events_by_id(session: Session, ids: Sequence[int]) -> list[TrackingEventRecord]:
    """The stored events with these row ids, in order of event time."""
    if not ids:
        return []
    record = TrackingEventRecord
    query = select(record).where(record.id.in_(list(ids)))
    return list(session.scalars(query.order_by(record.event_time, record.element_index, record.event_id)))
