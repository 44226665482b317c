"""Administration of the shipment service: API keys (list, rotate, revoke) and carrier links.

A shipper may name as carrier of its shipments only an organisation an admin
has linked to it (:func:`link_carrier`); a shipment's carrier sees it and posts
its events, so naming one is a grant the shipper alone must not make.

Functions take a session and leave the transaction to the caller. Keys are
stored as SHA-256 hashes; a key is shown once, when made or rotated, and is
told apart afterwards by its id and its first characters (``prefix``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from corridor.errors import AccountError, AccountNotFoundError
from corridor.shipments.models import ApiKey, CarrierLink, Organisation, utc_now
from corridor.vocabulary import ROLES

#: Characters of a key kept in clear to tell keys apart ("cor_" and four more).
PREFIX_LENGTH = 8


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    """An API key as an admin sees it: never the key itself."""

    id: int
    organisation: str
    role: str
    prefix: str | None
    created_at: dt.datetime


def key_hash(key: str) -> str:
    """The SHA-256 hex digest under which an API key is stored."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _organisation(session: Session, name: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        raise AccountNotFoundError(f"no organisation named {name!r}")
    return org


def new_api_key(session: Session, organisation: Organisation, role: str) -> str:
    """Store a new key of ``role`` for ``organisation`` and return it (the only time it is seen)."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    key = "cor_" + secrets.token_urlsafe(32)
    session.add(
        ApiKey(
            key_sha256=key_hash(key), prefix=key[:PREFIX_LENGTH], role=role, organisation_id=organisation.id
        )
    )
    session.flush()
    return key


def list_api_keys(session: Session, *, organisation: str | None = None) -> list[ApiKeyInfo]:
    """The keys of ``organisation`` (all organisations' if ``None``), oldest first.

    Raises
    ------
    AccountError
        No organisation of that name.

    """
    query = (
        select(ApiKey.id, Organisation.name, ApiKey.role, ApiKey.prefix, ApiKey.created_at)
        .join(Organisation, ApiKey.organisation_id == Organisation.id)
        .order_by(ApiKey.id)
    )
    if organisation is not None:
        query = query.where(ApiKey.organisation_id == _organisation(session, organisation).id)
    return [ApiKeyInfo(*row) for row in session.execute(query).all()]


def _key(session: Session, key_id: int) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise AccountNotFoundError(f"no API key with id {key_id}", field="key_id")
    return key


def revoke_api_key(session: Session, key_id: int) -> None:
    """Delete the key ``key_id``: requests with it fail from the commit on.

    Raises
    ------
    AccountError
        No key with this id.

    """
    session.delete(_key(session, key_id))
    session.flush()


def _stored_id(session: Session, key: str) -> int:
    key_id = session.scalar(select(ApiKey.id).where(ApiKey.key_sha256 == key_hash(key)))
    if key_id is None:  # pragma: no cover - just inserted
        raise AccountError("the new key was not stored")
    return key_id


def issue_api_key(
    session: Session, organisation: str, role: str, *, create_organisation: bool = False
) -> tuple[int, str]:
    """A new key of ``role`` for the organisation named ``organisation``, added first if asked.

    Returns
    -------
    tuple of int and str
        The key's id and the key itself (the only time it is seen).

    Raises
    ------
    AccountError
        An unknown role, or an empty or over-long organisation name.
    AccountNotFoundError
        No organisation of that name and ``create_organisation`` is false.

    """
    name = organisation.strip()
    if not name or len(name) > 200:
        raise AccountError("organisation name must be 1-200 characters", field="organisation")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, got {role!r}", field="role")
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        if not create_organisation:
            raise AccountNotFoundError(
                f"no organisation named {name!r}; ask to create it with the key", field="organisation"
            )
        org = Organisation(name=name)
        session.add(org)
        session.flush()
    key = new_api_key(session, org, role)
    return _stored_id(session, key), key


def rotate_api_key(session: Session, key_id: int) -> tuple[int, str]:
    """Replace the key ``key_id`` by a new one of the same organisation and role.

    Returns
    -------
    tuple of int and str
        The new key's id and the key itself (the only time it is seen); the old key stops working.

    Raises
    ------
    AccountError
        No key with this id.

    """
    old = _key(session, key_id)
    organisation = session.get(Organisation, old.organisation_id)
    if organisation is None:  # pragma: no cover - the foreign key forbids it
        raise AccountError(f"API key {key_id} has no organisation", field="key_id")
    role = old.role
    session.delete(old)
    session.flush()
    key = new_api_key(session, organisation, role)
    return _stored_id(session, key), key


def link_carrier(session: Session, shipper: str, carrier: str) -> bool:
    """Allow organisation ``shipper`` to name ``carrier`` as the carrier of its shipments.

    Returns
    -------
    bool
        Whether the link is new (linking twice is harmless).

    Raises
    ------
    AccountError
        No organisation of either name, or both names are the same organisation.

    """
    shipper_org, carrier_org = _organisation(session, shipper), _organisation(session, carrier)
    if shipper_org.id == carrier_org.id:
        raise AccountError("an organisation carries its own shipments without a link")
    if session.get(CarrierLink, (shipper_org.id, carrier_org.id)) is not None:
        return False
    session.add(CarrierLink(shipper_id=shipper_org.id, carrier_id=carrier_org.id, created_at=utc_now()))
    session.flush()
    return True


def unlink_carrier(session: Session, shipper: str, carrier: str) -> bool:
    """Withdraw the link (shipments already booked keep their carrier); whether there was one."""
    shipper_org, carrier_org = _organisation(session, shipper), _organisation(session, carrier)
    result = session.execute(
        delete(CarrierLink).where(
            CarrierLink.shipper_id == shipper_org.id, CarrierLink.carrier_id == carrier_org.id
        )
    )
    return bool(getattr(result, "rowcount", 0))


def linked_carriers(session: Session, shipper: str) -> list[str]:
    """Names of the organisations ``shipper`` may name as carrier, sorted."""
    org = _organisation(session, shipper)
    query = (
        select(Organisation.name)
        .join(CarrierLink, CarrierLink.carrier_id == Organisation.id)
        .where(CarrierLink.shipper_id == org.id)
        .order_by(Organisation.name)
    )
    return list(session.scalars(query))


def linked_carrier_id(session: Session, shipper_id: int, carrier: str) -> int | None:
    """The id of ``carrier`` if it is linked to the organisation ``shipper_id``; else ``None``.

    Whether the name exists at all is not told apart from whether it is linked, so that a
    shipper cannot probe other organisations' names.
    """
    return session.scalar(
        select(Organisation.id)
        .join(CarrierLink, CarrierLink.carrier_id == Organisation.id)
        .where(CarrierLink.shipper_id == shipper_id, Organisation.name == carrier)
    )


__all__ = [
    "PREFIX_LENGTH",
    "ApiKeyInfo",
    "issue_api_key",
    "key_hash",
    "link_carrier",
    "linked_carrier_id",
    "linked_carriers",
    "list_api_keys",
    "new_api_key",
    "revoke_api_key",
    "rotate_api_key",
    "unlink_carrier",
]
