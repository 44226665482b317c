"""``corridor serve``: the web page and the API."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer

from corridor.optional import import_optional

#: Seconds the server waits for requests under way when asked to stop.
SHUTDOWN_GRACE_S = 2


def serve_command(
    host: Annotated[str | None, typer.Option(help="Bind address (CORRIDOR_HOST, default 127.0.0.1).")] = None,
    port: Annotated[
        int | None, typer.Option(help="Port (CORRIDOR_PORT, default 8000).", min=1, max=65535)
    ] = None,
) -> None:
    """Serve the web page at http://HOST:PORT/ and the API under /v1 (docs at /docs)."""
    uvicorn = import_optional("uvicorn", "server")

    from corridor.api import Settings, create_app
    from corridor.shipments.db import prepare_database

    settings = Settings.from_env()
    settings = dataclasses.replace(settings, host=host or settings.host, port=port or settings.port)
    prepare_database(settings.database_url)  # a database in need of migration fails here, in one line
    typer.echo(
        f"Corridor on http://{settings.host}:{settings.port}/ (API docs at /docs); Ctrl-C stops", err=True
    )
    # On SIGTERM or Ctrl-C: requests under way get SHUTDOWN_GRACE_S to finish, then are cancelled (a
    # routing question stops at its next check); webhooks not yet sent stay in the outbox for the next start.
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
    )
