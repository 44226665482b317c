"""The exceptions Corridor raises.

Every error derives from :class:`CorridorError` and also from the built-in
exception it specialises, so callers can catch either.
"""

from __future__ import annotations

from dataclasses import dataclass


class CorridorError(Exception):
    """Root of every error Corridor raises on purpose."""


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


class FactorDataError(DataFileError):
    """An emission factor file is malformed or inconsistent."""


class ChainInputError(CorridorError, ValueError):
    """A chain document (JSON) is invalid; the message names the element and field."""


class FactorLookupError(CorridorError, LookupError):
    """A chain names a category, fuel or country that the factor dataset lacks."""

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownNodeError(CorridorError, LookupError):
    """A node name, id or UN/LOCODE does not match any node."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        message = f"unknown node '{query}'"
        if suggestions:
            message += ": did you mean " + " or ".join(suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousNodeError(CorridorError, LookupError):
    """A name matches several nodes."""

    def __str__(self) -> str:
        return str(self.args[0])


class ConstraintError(CorridorError, ValueError):
    """Routing constraints are invalid or contradict each other."""


class UnknownConstraintValueError(ConstraintError):
    """A constraint names a country, mode or node that the network does not have.

    Silently ignoring it would be dangerous: ``avoid_countries=["BL"]`` (meant
    ``BY``) would return routes through Belarus. ``field`` is the constraint
    (``avoid_countries``, ``avoid_modes``, ``require_modes``, ``avoid_nodes``,
    ``via_nodes``), ``value`` the bad value, ``suggestions`` close valid values.
    """

    def __init__(self, field: str, value: str, what: str, suggestions: list[str]) -> None:
        self.field = field
        self.value = value
        self.suggestions = suggestions
        message = f"{field}: unknown {what} {value!r}"
        if suggestions:
            message += ": did you mean " + " or ".join(suggestions) + "?"
        super().__init__(message)


class NoRouteError(CorridorError, LookupError):
    """No route satisfies the constraints."""

    def __str__(self) -> str:
        return str(self.args[0])


class SearchLimitError(CorridorError, RuntimeError):
    """A search produced more labels than its limit allows."""
