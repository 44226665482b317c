"""Request bodies of the flows and appraisal jobs (``/v1/flows``, ``/v1/appraisals``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from corridor.api.models import _Request
from corridor.assignment.jobs import MAX_DRAWS, MAX_TWIN_ROUNDS


class FlowsRequest(_Request):
    """Run a scenario's flows (its ``assignment`` section): a scenario of the server's, by name."""

    scenario: Annotated[str, Field(min_length=1, max_length=100)] = Field(examples=["baseline-2024"])
    twin_rounds: Annotated[int, Field(ge=0, le=MAX_TWIN_ROUNDS)] = Field(
        default=0, description="Rounds of the twin feedback (0: the assignment alone)"
    )


class AppraisalRequest(_Request):
    """Appraise the candidates of an appraisal file of the server's (``*-candidates``), by name."""

    appraisal: Annotated[str, Field(min_length=1, max_length=100)] = Field(examples=["investment-candidates"])
    draws: Annotated[int, Field(ge=1, le=MAX_DRAWS)] | None = Field(
        default=None, description="Monte Carlo draws (default: the file's uncertainty section)"
    )


__all__ = ["AppraisalRequest", "FlowsRequest"]
