"""Administration over HTTP (admin keys only): ``/v1/admin`` — API keys and carrier links.

Business rules live in :mod:`corridor.shipments.accounts`; this module parses,
checks the caller is an admin, calls and renders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from corridor.api.deps import Ctx, Key, transaction
from corridor.api.shipment_models import ERRORS
from corridor.errors import AccessDeniedError
from corridor.shipments import accounts
from corridor.shipments.store import Principal
from corridor.vocabulary import Role

router = APIRouter(prefix="/v1/admin", tags=["admin"], responses=ERRORS)
KeyId = Annotated[int, Path(ge=1, le=2**31 - 1)]  # an INTEGER column on every backend
OrgName = Annotated[str, Path(min_length=1, max_length=200)]


class ApiKeyOut(BaseModel):
    """An API key without the key: its id, organisation, role and first characters."""

    id: int
    organisation: str
    role: str
    prefix: str | None
    created_at: dt.datetime


class ApiKeyList(BaseModel):
    """API keys, oldest first."""

    keys: list[ApiKeyOut]


class NewKeyIn(BaseModel):
    """A key to issue: for an organisation (created with it if asked) and a role."""

    model_config = ConfigDict(extra="forbid")

    organisation: Annotated[str, Field(min_length=1, max_length=200)] = Field(examples=["Nippon Express"])
    role: Role = Field(examples=["shipper"])
    create_organisation: bool = Field(
        default=False, description="Add the organisation if there is none of that name."
    )


class NewKey(BaseModel):
    """The new key, shown this once (only its hash is stored)."""

    id: int
    key: str
    organisation: str
    role: Role


class RotatedKey(BaseModel):
    """The replacement key, shown this once; the old key no longer works."""

    id: int
    key: str
    replaces: int


class CarrierList(BaseModel):
    """The carriers an organisation may name on its shipments."""

    organisation: str
    carriers: list[str]


def _admin(principal: Principal) -> None:
    if principal.role != "admin":
        raise AccessDeniedError("only admin keys administer keys and carrier links")


@router.get("/keys", response_model=ApiKeyList)
def list_keys(
    key: Key, ctx: Ctx, organisation: Annotated[str | None, Query(min_length=1, max_length=200)] = None
) -> ApiKeyList:
    """Every API key (or one organisation's), without the keys themselves."""
    with transaction(ctx, key) as (session, principal):
        _admin(principal)
        found = accounts.list_api_keys(session, organisation=organisation)
        return ApiKeyList(keys=[ApiKeyOut(**asdict(info)) for info in found])


@router.post("/keys", status_code=201, response_model=NewKey)
def create_key(body: NewKeyIn, key: Key, ctx: Ctx) -> NewKey:
    """Issue a key of a role for an organisation; the answer is the only time the key is seen."""
    with transaction(ctx, key, writes=True) as (session, principal):
        _admin(principal)
        new_id, new_key = accounts.issue_api_key(
            session, body.organisation, body.role, create_organisation=body.create_organisation
        )
    return NewKey(id=new_id, key=new_key, organisation=body.organisation.strip(), role=body.role)


@router.post("/keys/{key_id}/rotate", response_model=RotatedKey)
def rotate_key(key_id: KeyId, key: Key, ctx: Ctx) -> RotatedKey:
    """Replace a key by a new one of the same organisation and role."""
    with transaction(ctx, key, writes=True) as (session, principal):
        _admin(principal)
        new_id, new_key = accounts.rotate_api_key(session, key_id)
    return RotatedKey(id=new_id, key=new_key, replaces=key_id)


@router.delete("/keys/{key_id}", status_code=204)
def revoke_key(key_id: KeyId, key: Key, ctx: Ctx) -> Response:
    """Revoke a key: requests with it fail from now on."""
    with transaction(ctx, key, writes=True) as (session, principal):
        _admin(principal)
        accounts.revoke_api_key(session, key_id)
    return Response(status_code=204)


@router.get("/organisations/{organisation}/carriers", response_model=CarrierList)
def carriers(organisation: OrgName, key: Key, ctx: Ctx) -> CarrierList:
    """The carriers ``organisation`` may name on its shipments."""
    with transaction(ctx, key) as (session, principal):
        _admin(principal)
        return CarrierList(
            organisation=organisation, carriers=accounts.linked_carriers(session, organisation)
        )


@router.put("/organisations/{organisation}/carriers/{carrier}", response_model=CarrierList)
def link(organisation: OrgName, carrier: OrgName, key: Key, ctx: Ctx) -> CarrierList:
    """Allow ``organisation`` to name ``carrier`` as the carrier of its shipments."""
    with transaction(ctx, key, writes=True) as (session, principal):
        _admin(principal)
        accounts.link_carrier(session, organisation, carrier)
        return CarrierList(
            organisation=organisation, carriers=accounts.linked_carriers(session, organisation)
        )


@router.delete("/organisations/{organisation}/carriers/{carrier}", response_model=CarrierList)
def unlink(organisation: OrgName, carrier: OrgName, key: Key, ctx: Ctx) -> CarrierList:
    """Withdraw the link; shipments already booked keep their carrier."""
    with transaction(ctx, key, writes=True) as (session, principal):
        _admin(principal)
        accounts.unlink_carrier(session, organisation, carrier)
        return CarrierList(
            organisation=organisation, carriers=accounts.linked_carriers(session, organisation)
        )
