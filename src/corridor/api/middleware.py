"""ASGI middleware: a request body limit enforced while the body streams in, and a guard against poison input.

:class:`InputGuard` refuses, with 422 and before any endpoint runs, what no
endpoint can store or render safely: JSON that is not strict JSON (``NaN``,
``Infinity``, numbers that overflow to infinity), NUL bytes and lone
surrogates in any string, NUL bytes in the path and query, and numerals in
the query that overflow to infinity (``1e999``; the words ``nan`` and ``inf``
are text there, e.g. a node search). The answer names where the bad value
was, never the value itself.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corridor.api.errors import error_body


class _TooLargeError(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before reading them whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _answer(send, 413, f"request body over {self.limit} bytes")
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLargeError
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLargeError:
            await _answer(send, 413, f"request body over {self.limit} bytes")


async def _answer(send: Send, status: int, message: str, field: str | None = None) -> None:
    body = JSONResponse(error_body(message, field), status_code=status)
    await send({"type": "http.response.start", "status": status, "headers": body.raw_headers})
    await send({"type": "http.response.body", "body": body.body})


class PoisonError(ValueError):
    """A request value no endpoint accepts; ``where`` names it (``body.chain.elements[2]``)."""

    def __init__(self, message: str, where: str) -> None:
        super().__init__(message)
        self.where = where


def _reject_constant(name: str) -> Any:
    raise PoisonError(f"{name} is not a JSON number (non-finite numbers are refused)", "body")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise PoisonError("a number overflows to infinity (non-finite numbers are refused)", "body")
    return value


def check_text(text: str, where: str) -> None:
    """Refuse NUL bytes and lone surrogates (not UTF-8, and refused by PostgreSQL)."""
    if "\x00" in text:
        raise PoisonError(f"{where}: NUL characters are not allowed", where)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise PoisonError(f"{where}: lone surrogates are not valid Unicode text", where) from err


def check_json(value: Any, where: str = "body") -> None:
    """Walk a parsed JSON value and refuse poison strings (keys too); iterative, so deep nesting is safe."""
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, str):
            check_text(item, at)
        elif isinstance(item, dict):
            for key, inner in item.items():
                check_text(key, at)
                stack.append((inner, f"{at}.{key}" if key.isprintable() else at))
        elif isinstance(item, list):
            stack.extend((inner, f"{at}[{index}]") for index, inner in enumerate(item))


def parse_strict_json(body: bytes) -> Any:
    """``body`` parsed as strict JSON (no NaN or Infinity), its strings checked by :func:`check_json`.

    Raises
    ------
    PoisonError
        Not UTF-8, not JSON, a non-finite number, a NUL or a lone surrogate.

    """
    try:
        text = body.decode("utf-8")
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except PoisonError:
        raise
    except json.JSONDecodeError as err:
        raise PoisonError(f"request body is not JSON: {err.msg} at line {err.lineno}", "body") from err
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise PoisonError("request body is not UTF-8 JSON within limits", "body") from err
    check_json(value)
    return value


_NUMERAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _check_query(raw: bytes) -> None:
    for name, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            raise PoisonError("query: NUL characters are not allowed", "query")
        if not _NUMERAL.fullmatch(value):
            continue  # "nan" or "inf" in a query is a word (a node search), not a number
        if not math.isfinite(float(value)):
            raise PoisonError(f"query parameter {name[:40]!r}: non-finite numbers are refused", name)


def _is_json(headers: dict[bytes, bytes]) -> bool:
    kind = headers.get(b"content-type")
    if kind is None:
        return True  # FastAPI parses a body without a content type as JSON
    subtype = kind.split(b";")[0].strip().lower()
    return subtype.endswith(b"/json") or subtype.endswith(b"+json")


class InputGuard:
    """Refuse poison input with 422 on every endpoint (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        try:
            path = scope.get("path", "")
            if "\x00" in path or b"\x00" in unquote_to_bytes(scope.get("raw_path") or b""):
                raise PoisonError("path: NUL characters are not allowed", "path")
            _check_query(scope.get("query_string") or b"")
        except PoisonError as err:
            await _answer(send, 422, str(err), err.where)
            return
        if scope.get("method") not in ("POST", "PUT", "PATCH") or not _is_json(headers):
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)  # disconnected: let the app see it
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body:
            try:
                parse_strict_json(body)
            except PoisonError as err:
                await _answer(send, 422, str(err), err.where)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


__all__ = ["BodyLimit", "InputGuard", "PoisonError", "check_json", "check_text", "parse_strict_json"]
