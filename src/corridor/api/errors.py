"""The one table from exceptions to HTTP statuses, and the error body every endpoint answers with.

Library errors carry their message in the domain's words and, where known, the
``field`` of the request they are about; this module only decides the status.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from corridor.errors import (
    AccessDeniedError,
    AccountError,
    AccountNotFoundError,
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
    ScheduleDataError,
    SearchLimitError,
    ShipmentInputError,
    ShipmentNotFoundError,
    TooManyJobsError,
    UnknownConstraintNodeError,
    UnknownNodeError,
    UnknownScenarioError,
    WorkerStoppedError,
)

#: Exception class → HTTP status, and the request field named when the error names none. First match wins.
STATUS: tuple[tuple[type[Exception], int, str | None], ...] = (
    (AuthenticationError, 401, "X-API-Key"),
    (AccessDeniedError, 403, None),
    (ShipmentNotFoundError, 404, "shipment_id"),
    (JobNotFoundError, 404, "job_id"),
    (UnknownScenarioError, 404, "scenario"),
    (AccountNotFoundError, 404, None),
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
    (ScheduleDataError, 422, "schedules"),
    (ChainInputError, 422, None),
    (FactorLookupError, 422, None),
    (ScenarioError, 422, None),
    (SearchLimitError, 422, None),
    (DatabaseError, 503, None),
    (WorkerStoppedError, 503, None),
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


def _printable(part: Any) -> str | int:
    if isinstance(part, int):
        return part
    text = str(part)
    return text if text.isprintable() and text.isascii() else "?"


def validation_errors(err: RequestValidationError) -> list[dict[str, Any]]:
    """FastAPI's 422 details without input or context, which may not render (NaN, surrogates) or be huge."""
    return [
        {
            "type": str(item.get("type", "value_error")),
            "loc": [_printable(part) for part in item.get("loc", ())],
            "msg": str(item.get("msg", "invalid value")).encode("utf-8", "replace").decode("utf-8")[:500],
        }
        for item in err.errors()[:20]
    ]


def add_error_handlers(app: FastAPI) -> None:
    """Answer :class:`~corridor.errors.CorridorError` and request validation errors (never echoing input)."""

    async def corridor_error(_: Request, err: Exception) -> JSONResponse:
        return error_response(err)

    async def invalid_request(_: Request, err: Exception) -> JSONResponse:
        if not isinstance(err, RequestValidationError):  # registered for this class only
            return error_response(err)
        return JSONResponse({"detail": validation_errors(err)}, status_code=422)

    app.add_exception_handler(CorridorError, corridor_error)
    app.add_exception_handler(RequestValidationError, invalid_request)


__all__ = ["STATUS", "add_error_handlers", "error_body", "error_response", "status_of", "validation_errors"]
