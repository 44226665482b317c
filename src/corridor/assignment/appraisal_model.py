"""Appraisal files (YAML): candidate interventions with their costs and effects, packages, settings.

Each candidate's effect is a list of scenario edits (the scenario model's
:class:`~corridor.simulation.scenario.Edit` and
:class:`~corridor.simulation.scenario.NewService`, applied to the reference
scenario's network) and, for decarbonisation levers that change no route
(a ferry's fuel, shore power), a share of the CO2e of named links avoided.
Errors name the file, the path in the document and the value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from corridor.errors import ScenarioError
from corridor.simulation.scenario import Edit, NewService

CandidateId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cost(_Strict):
    """What a candidate costs, in USD of the appraisal's price base, and where the figure comes from."""

    capital_usd: Annotated[float, Field(ge=0)]
    operating_usd_per_year: float = 0.0
    basis: Literal["sourced", "derived", "assumption"]
    note: str = ""


class Co2eChange(_Strict):
    """A share of one link's WTW CO2e avoided (negative: added), for levers that change no route."""

    link: str
    share: Annotated[float, Field(ge=-1, le=1)]
    note: str = ""


class Candidate(_Strict):
    """One intervention: its cost, opening year and effect on the network."""

    id: CandidateId
    name: str
    kind: Literal["infrastructure", "services", "soft", "decarbonisation"]
    cost: Cost
    opening_year: Annotated[int, Field(ge=2000, le=2100)]
    edits: list[Edit] = Field(default_factory=list)
    new_services: list[NewService] = Field(default_factory=list)
    co2e_changes: list[Co2eChange] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    note: str = ""


class Package(_Strict):
    """Several candidates together (their edits applied in the order listed)."""

    id: CandidateId
    name: str
    candidates: Annotated[list[str], Field(min_length=1)]


class Settings(_Strict):
    """How benefits and costs are discounted and valued."""

    base_year: Annotated[int, Field(ge=2000, le=2100)] = Field(description="Year values are discounted to")
    discount_rate: Annotated[float, Field(ge=0, le=0.3)]
    horizon_years: Annotated[int, Field(ge=1, le=100)] = Field(description="Years appraised from base_year")
    carbon_price_usd_per_t: Annotated[float, Field(ge=0)] = Field(
        description="Value of a tonne of CO2e avoided (not in the route choice unless the scenario sets one)"
    )
    benefit_growth_per_year: Annotated[float, Field(ge=-0.5, le=0.5)] = Field(
        default=0.0, description="Growth of the annual benefits and CO2e after the modelled year"
    )


class Triangle(_Strict):
    """A triangular distribution: low, mode, high."""

    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Triangle:
        if not self.low <= self.mode <= self.high:
            raise ValueError(f"needs low <= mode <= high, got {self.low}, {self.mode}, {self.high}")
        return self


def _one() -> Triangle:
    return Triangle(low=1.0, mode=1.0, high=1.0)


class Uncertainty(_Strict):
    """Monte Carlo over uncertain inputs: each draw re-runs the flows (routes reused) and the appraisal."""

    draws: Annotated[int, Field(ge=1, le=10_000)] = 50
    seed: int = 1
    demand_factor: Triangle = Field(
        default_factory=_one, description="Multiplier of the modelled year's demand"
    )
    value_of_time_factor: Triangle = Field(
        default_factory=_one, description="Multiplier of every segment's VoT"
    )
    capital_cost_factor: Triangle = Field(default_factory=_one, description="Multiplier of capital costs")
    benefit_growth_per_year: Triangle | None = Field(
        default=None, description="Growth of benefits a year (absolute); None keeps the settings' value"
    )


class AppraisalFile(_Strict):
    """A list of candidates appraised against a reference flows scenario."""

    name: str
    description: str = ""
    scenario: str = Field(description="The reference flows scenario (name or file, relative to this file)")
    settings: Settings
    candidates: Annotated[list[Candidate], Field(min_length=1)]
    packages: list[Package] = Field(default_factory=list)
    uncertainty: Uncertainty | None = None
    sources: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ids(self) -> AppraisalFile:
        ids = [c.id for c in self.candidates]
        for i, cid in enumerate(ids):
            if cid in ids[:i]:
                raise ValueError(f"candidate id {cid!r} is used twice")
        for p, package in enumerate(self.packages):
            if package.id in ids:
                raise ValueError(f"packages[{p}].id {package.id!r} is also a candidate's id")
            for name in package.candidates:
                if name not in ids:
                    raise ValueError(f"packages[{p}].candidates: no candidate {name!r}")
        return self


def _where(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text or "document"


def appraisal_from_dict(data: object, *, source: str = "appraisal") -> AppraisalFile:
    """Validate an appraisal document.

    Raises
    ------
    ScenarioError
        ``"candidates.yaml: candidates[2].cost.capital_usd: ..."``

    """
    try:
        return AppraisalFile.model_validate(data)
    except ValidationError as err:
        first = sorted(err.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
        where = _where(tuple(first["loc"]))
        detail = "unknown field" if first["type"] == "extra_forbidden" else first["msg"]
        detail = detail.removeprefix("Value error, ")
        got = first.get("input")
        shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
        more = f" (and {err.error_count() - 1} more problem(s))" if err.error_count() > 1 else ""
        raise ScenarioError(f"{source}: {where}: {detail}{shown}{more}") from err


def load_appraisal(path: str | Path) -> AppraisalFile:
    """Read and validate an appraisal file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ScenarioError(f"{path}: file not found") from err
    except yaml.YAMLError as err:
        raise ScenarioError(f"{path}: invalid YAML: {getattr(err, 'problem', err)}") from err
    return appraisal_from_dict(data, source=str(path))


__all__ = [
    "AppraisalFile",
    "Candidate",
    "Co2eChange",
    "Cost",
    "Package",
    "Settings",
    "Triangle",
    "Uncertainty",
    "appraisal_from_dict",
    "load_appraisal",
]
