"""The closed vocabularies of Corridor, defined once.

Modes, node kinds, hub kinds, routing criteria, API roles, job states and
sailing policies are string enums: each member *is* its string (``Mode.RAIL ==
"rail"``), so data files, JSON documents and scenario files keep their plain
words, while the code, the pydantic models and the JSON Schemas share one list.
"""

from __future__ import annotations

from enum import StrEnum


class Word(StrEnum):
    """A member of a closed vocabulary: a string that prints as its word (``'rail'``, not ``<Mode.RAIL>``)."""

    def __repr__(self) -> str:
        return repr(self.value)


class Mode(Word):
    """How a leg moves: rail, road, deep-sea ship, ferry, inland waterway, pipeline, tanker or bulk carrier.

    Pipelines and tankers carry bulk liquids only, bulk carriers dry bulk only (:class:`CargoForm`).
    """

    RAIL = "rail"
    ROAD = "road"
    SEA = "sea"
    FERRY = "ferry"
    IWW = "iww"
    PIPELINE = "pipeline"
    TANKER = "tanker"
    BULK_CARRIER = "bulk_carrier"


class CargoForm(Word):
    """How a commodity travels: in containers, or in bulk as a liquid or a dry cargo."""

    CONTAINER = "container"
    LIQUID_BULK = "liquid_bulk"
    DRY_BULK = "dry_bulk"


class NodeKind(Word):
    """What a network node is."""

    CITY = "city"
    RAIL_TERMINAL = "rail_terminal"
    DRY_PORT = "dry_port"
    SEAPORT = "seaport"
    FERRY_PORT = "ferry_port"
    BORDER = "border"
    GAUGE_CHANGE = "gauge_change"
    OIL_TERMINAL = "oil_terminal"


class Corridor(Word):
    """The corridor a route belongs to, for flows and shares: sea, Northern, Middle, Southern."""

    SEA = "sea"
    NORTHERN = "northern"
    MIDDLE = "middle"
    SOUTHERN = "southern"


class HubKind(Word):
    """What happens at a hub of a chain, from least to most handling."""

    TERMINAL = "terminal"
    BORDER = "border"
    GAUGE_CHANGE = "gauge_change"
    TRANSSHIPMENT = "transshipment"

    @property
    def rank(self) -> int:
        """Order of precedence when two stops merge at one node (the more handling wins)."""
        return list(HubKind).index(self)

    @property
    def lifts(self) -> bool:
        """True if containers are lifted (between modes or gauges): a transshipment in the counts."""
        return self in (HubKind.GAUGE_CHANGE, HubKind.TRANSSHIPMENT)


class Criterion(Word):
    """What routing can minimise."""

    TIME = "time"
    COST = "cost"
    DISTANCE = "distance"
    CO2E = "co2e"


class Currency(Word):
    """A currency costs can be shown in (ISO 4217), each with a bundled dated rate (:mod:`corridor.money`)."""

    USD = "USD"
    EUR = "EUR"
    CNY = "CNY"
    JPY = "JPY"
    KZT = "KZT"
    TRY = "TRY"
    GEL = "GEL"
    AZN = "AZN"


class Role(Word):
    """The role of an API key."""

    SHIPPER = "shipper"
    OPERATOR = "operator"
    ADMIN = "admin"


class JobState(Word):
    """Where a simulation job stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def active(self) -> bool:
        """True while the job is queued or running."""
        return self in (JobState.QUEUED, JobState.RUNNING)


class SailingPolicy(Word):
    """When a scheduled ship leaves: on its timetable, or once full (up to a maximum wait)."""

    TIMETABLE = "timetable"
    WHEN_FULL = "when_full"


MODES: tuple[str, ...] = tuple(Mode)
#: Modes that carry bulk only: no container rides a pipeline or a tanker.
BULK_ONLY_MODES: tuple[str, ...] = (Mode.PIPELINE, Mode.TANKER, Mode.BULK_CARRIER)
CARGO_FORMS: tuple[str, ...] = tuple(CargoForm)
NODE_KINDS: tuple[str, ...] = tuple(NodeKind)
CRITERIA: tuple[str, ...] = tuple(Criterion)
DEFAULT_CRITERIA: tuple[str, ...] = (Criterion.TIME, Criterion.COST, Criterion.CO2E)
ROLES: tuple[str, ...] = tuple(Role)

__all__ = [
    "BULK_ONLY_MODES",
    "CARGO_FORMS",
    "CRITERIA",
    "DEFAULT_CRITERIA",
    "MODES",
    "NODE_KINDS",
    "ROLES",
    "CargoForm",
    "Corridor",
    "Criterion",
    "HubKind",
    "JobState",
    "Mode",
    "NodeKind",
    "Role",
    "SailingPolicy",
]
