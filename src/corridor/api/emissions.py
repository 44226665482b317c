"""``POST /v1/emissions``: ISO 14083 emissions of a chain document."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from corridor.api.deps import Ctx
from corridor.api.models import ERRORS
from corridor.emissions import chain_emissions
from corridor.emissions.chain_input import ChainDocument

router = APIRouter(prefix="/v1", tags=["emissions"])


@router.post("/emissions", responses=ERRORS)
def emissions(body: ChainDocument, ctx: Ctx) -> dict[str, Any]:
    """ISO 14083 / GLEC emissions of a transport chain, per element and in total."""
    return chain_emissions(body, ctx.factors).to_dict()
