"""The one table from exceptions to HTTP statuses, and the error body every endpoint answers with.

Library errors carry their message in the domain's words and, where known, the
``field`` of the request they are about; this module only decides the status.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from corridor.errors import (
    AccessDeniedError,
    AccountError,
    AmbiguousNodeError,
    AuthenticationError,
    ChainInputError,
    ConstraintError,
    CorridorError,
    DatabaseError,
    DocumentError,
    FactorLookupError,
    JobNotFinishedError,
    JobNotFoundError,
    LimitExceededError,
    MissingDependencyError,
    NoRouteError,
    ScenarioError,
    SearchLimitError,
    ShipmentInputError,
    ShipmentNotFoundError,
    TooManyJobsError,
    UnknownConstraintNodeError,
    UnknownNodeError,
    UnknownScenarioError,
)

#: Exception class → HTTP status, and the request field named when the error names none. First match wins.
STATUS: tuple[tuple[type[Exception], int, str | None], ...] = (
    (AuthenticationError, 401, "X-API-Key"),
    (AccessDeniedError, 403, None),
    (ShipmentNotFoundError, 404, "shipment_id"),
    (JobNotFoundError, 404, "job_id"),
    (UnknownScenarioError, 404, "scenario"),
    (UnknownNodeError, 404, None),
    (UnknownConstraintNodeError, 404, None),
    (TooManyJobsError, 429, None),
    (DocumentError, 422, "shipment_id"),
    (ShipmentInputError, 422, None),
    (AccountError, 422, None),
    (LimitExceededError, 422, None),
    (JobNotFinishedError, 422, None),
    (AmbiguousNodeError, 422, None),
    (NoRouteError, 422, None),
    (ConstraintError, 422, None),
    (ChainInputError, 422, None),
    (FactorLookupError, 422, None),
    (ScenarioError, 422, None),
    (SearchLimitError, 422, None),
    (DatabaseError, 503, None),
    (MissingDependencyError, 503, None),
)


def status_of(err: Exception) -> tuple[int, str | None]:
    """The HTTP status for ``err`` and the field its body names (500 for anything not in :data:`STATUS`)."""
    for kind, status, default_field in STATUS:
        if isinstance(err, kind):
            field = err.field if isinstance(err, CorridorError) and err.field is not None else default_field
            return status, field
    return 500, None


def error_body(message: str, field: str | None = None) -> dict[str, dict[str, str | None]]:
    """The JSON body of every error answer."""
    return {"detail": {"message": message, "field": field}}


def error_response(err: Exception) -> JSONResponse:
    """The answer for ``err``: its status from :data:`STATUS`, its message and field."""
    status, field = status_of(err)
    message = str(err) if status != 500 else "internal error"
    return JSONResponse(error_body(message, field), status_code=status)


def add_error_handlers(app: FastAPI) -> None:
    """Answer every :class:`~corridor.errors.CorridorError` through :func:`error_response`."""

    async def corridor_error(_: Request, err: Exception) -> JSONResponse:
        return error_response(err)

    app.add_exception_handler(CorridorError, corridor_error)


__all__ = ["STATUS", "add_error_handlers", "error_body", "error_response", "status_of"]
