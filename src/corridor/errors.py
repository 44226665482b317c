"""The exceptions Corridor raises.

Every error derives from :class:`CorridorError` and also from the built-in
exception it specialises, so callers can catch either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class CorridorError(Exception):
    """Root of every error Corridor raises on purpose.

    ``field`` names the input the error is about (``"origin"``, ``"cargo"``,
    ``"chain.elements[2]"``) where one is known; surfaces show it to their users
    (the API in its error body, the CLI as the option's name).
    """

    field: str | None = None

    def __init__(self, *args: object, field: str | None = None) -> None:
        super().__init__(*args)
        if field is not None:
            self.field = field

    def about(self, field: str) -> CorridorError:
        """The same error, now naming ``field`` unless it named one already (for re-raising at a boundary)."""
        if self.field is None:
            self.field = field
        return self


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file: where it is and what is wrong."""

    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field is not None:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class DataFileError(CorridorError, ValueError):
    """A data file (network, emission factors) is malformed or inconsistent.

    ``problems`` lists every problem found; the message names the first.
    """

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("DataFileError needs at least one problem")
        self.problems = list(problems)
        message = str(problems[0])
        if len(problems) > 1:
            message += f" (and {len(problems) - 1} more problem(s))"
        super().__init__(message)


class NetworkDataError(DataFileError):
    """A network file is malformed or inconsistent."""


class ScheduleDataError(DataFileError):
    """A timetable file (departures in CSV or DCSA schedules) is malformed or does not fit the network."""


class FactorDataError(DataFileError):
    """An emission factor file is malformed or inconsistent."""


class DemandDataError(DataFileError):
    """A demand table (origin-destination TEU by segment) is malformed, or names nodes the network lacks."""


class ChainInputError(CorridorError, ValueError):
    """A chain document (JSON) is invalid; the message names the element and field."""


class FactorLookupError(CorridorError, LookupError):
    """A chain names a category, fuel or country that the factor dataset lacks."""

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownNodeError(CorridorError, LookupError):
    """A node name, id or UN/LOCODE does not match any node."""

    def __init__(self, query: str, suggestions: list[str], *, field: str | None = None) -> None:
        self.query = query
        self.suggestions = suggestions
        message = f"unknown node '{query}'"
        if suggestions:
            message += ": did you mean " + " or ".join(suggestions) + "?"
        super().__init__(message, field=field)

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousNodeError(CorridorError, LookupError):
    """A name matches several nodes."""

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownPlaceError(UnknownNodeError):
    """A place (node, town, coordinates or UN/LOCODE) that neither the network nor the gazetteer knows."""

    def __init__(
        self, query: str, suggestions: list[str], *, reason: str = "", field: str | None = None
    ) -> None:
        super().__init__(query, suggestions, field=field)
        message = f"unknown place '{query}'"
        if reason:
            message += f" ({reason})"
        if suggestions:
            message += ": did you mean " + " or ".join(suggestions) + "?"
        self.args = (message,)


class AmbiguousPlaceError(AmbiguousNodeError):
    """A place name that several towns carry: the error lists them (``candidates``), it never guesses."""

    def __init__(self, query: str, candidates: list[str], *, field: str | None = None) -> None:
        self.query = query
        self.candidates = candidates
        listed = "; ".join(candidates)
        super().__init__(
            f"'{query}' is several places: {listed}; add the country ('Name, CC') "
            "or give coordinates 'lat,lon'",
            field=field,
        )


class ConstraintError(CorridorError, ValueError):
    """Routing constraints are invalid or contradict each other."""


#: The query fields a no-route explanation can blame, in the domain's words.
CULPRIT_WORDS: Mapping[str, str] = {
    "avoid_countries": "the countries to avoid",
    "avoid_modes": "the modes to avoid",
    "require_modes": "the required modes",
    "avoid_nodes": "the nodes to avoid",
    "via": "the via nodes",
    "max_transshipments": "the transshipment limit",
    "dg_class": "the dangerous-goods class",
    "reefer": "reefer containers",
}


class UnknownConstraintValueError(ConstraintError):
    """A constraint names a country, mode or node that the network does not have.

    Silently ignoring it would be dangerous: ``avoid_countries=["BL"]`` (meant
    ``BY``) would return routes through Belarus. ``field`` is the query field
    (``avoid_countries``, ``avoid_modes``, ``require_modes``, ``avoid_nodes``,
    ``via``), ``value`` the bad value, ``suggestions`` close valid values.
    """

    def __init__(self, field: str, value: str, what: str, suggestions: list[str]) -> None:
        self.value = value
        self.suggestions = suggestions
        message = f"unknown {what} {value!r} in {CULPRIT_WORDS.get(field, field)}"
        if suggestions:
            message += ": did you mean " + " or ".join(suggestions) + "?"
        super().__init__(message, field=field)


class UnknownConstraintNodeError(UnknownConstraintValueError):
    """A constraint (via, nodes to avoid) names a node the network lacks (HTTP 404, like an endpoint)."""


class NoRouteError(CorridorError, LookupError):
    """No route satisfies the constraints.

    ``culprits`` names the query fields (``avoid_countries``, ``via``, ...) each
    of whose removal alone would give a route; :meth:`explain` phrases them with
    the names a surface uses for those fields (the CLI its option flags).
    """

    def __init__(
        self, base: str, *, culprits: tuple[str, ...] = (), active: str = "", detail: str | None = None
    ) -> None:
        self.base = base
        self.culprits = culprits
        self.active = active
        self.detail = detail
        super().__init__(self.explain())

    def with_detail(self, detail: str | None) -> NoRouteError:
        """The same error with a sentence added (e.g. the dangerous-goods rules that removed the route)."""
        if detail is None:
            return self
        return NoRouteError(self.base, culprits=self.culprits, active=self.active, detail=detail)

    def explain(self, names: Mapping[str, str] | None = None) -> str:
        """The message, calling each culprit field by ``names[field]`` (default: the domain's words)."""
        tail = f"; {self.detail}" if self.detail else ""
        if not self.culprits:
            return self.base + tail
        words = {**CULPRIT_WORDS, **(names or {})}
        blamed = " or ".join(words.get(c, c) for c in self.culprits)
        return f"{self.base}: it is {blamed} that removes the last route ({self.active}){tail}"

    def __str__(self) -> str:
        return str(self.args[0])


class SearchLimitError(CorridorError, RuntimeError):
    """A search produced more labels than its limit allows."""


class MissingDependencyError(CorridorError, ImportError):
    """An optional package is not installed; the message says which extra installs it."""

    def __str__(self) -> str:
        return str(self.args[0])


class OutputFileError(CorridorError, OSError):
    """A file cannot be written; the message names the file asked for, never a temporary one."""

    def __str__(self) -> str:
        return str(self.args[0])


class LimitExceededError(CorridorError, ValueError):
    """A request asks for more work than the configured limits allow (containers, replications, ...)."""


# --- scenarios and simulation runs -------------------------------------------------------------


class ScenarioError(CorridorError, ValueError):
    """A scenario file is invalid; the message names file, path and value."""


class UnknownScenarioError(ScenarioError, LookupError):
    """A scenario argument is neither a scenario file nor the name of a known scenario."""

    def __str__(self) -> str:
        return str(self.args[0])


class RunFolderError(CorridorError, ValueError):
    """A run folder is missing or unreadable."""


class JobNotFoundError(CorridorError, LookupError):
    """No job with this id."""

    def __str__(self) -> str:
        return str(self.args[0])


class JobNotFinishedError(CorridorError, ValueError):
    """A job's results were asked for before it finished."""


class TooManyJobsError(CorridorError, RuntimeError):
    """The server runs as many jobs as it may; try again later."""


# --- shipments ------------------------------------------------------------------------------


class ShipmentInputError(CorridorError, ValueError):
    """A shipment or event is invalid; ``field`` names the offending field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, field=field)


class AuthenticationError(CorridorError, PermissionError):
    """No API key, or one that matches no stored key."""


class AccessDeniedError(CorridorError, PermissionError):
    """The caller's role may not do this."""


class ShipmentNotFoundError(CorridorError, LookupError):
    """No shipment with this id that the caller may see."""

    def __str__(self) -> str:
        return str(self.args[0])


class AccountError(CorridorError, ValueError):
    """An organisation or API key cannot be created as asked."""


class AccountNotFoundError(AccountError, LookupError):
    """No API key with this id, or no organisation with this name (the API answers 404)."""


class DocumentError(CorridorError, ValueError):
    """The shipment has no part this document covers (e.g. an e-CMR for a chain without road legs)."""


class DatabaseError(CorridorError, RuntimeError):
    """The database URL is invalid or the database cannot be set up."""


class WorkerStoppedError(CorridorError, RuntimeError):
    """A worker process stopped (killed, out of memory) while answering; asking again may succeed."""


class SchemaError(DatabaseError):
    """A database named by URL is missing, or its schema is not at this version's revision."""


# --- settings -------------------------------------------------------------------------------


class SettingsError(CorridorError, ValueError):
    """An environment variable has an invalid value."""
