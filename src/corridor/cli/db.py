"""``corridor db`` and ``corridor admin``: the shipment database, its organisations and API keys."""

from __future__ import annotations

from typing import Annotated

import typer

db_app = typer.Typer(no_args_is_help=True, help="Create or migrate the shipment database.")
admin_app = typer.Typer(no_args_is_help=True, help="Organisations and API keys of the shipment service.")

UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="Database URL (default: CORRIDOR_DATABASE_URL, else a SQLite file in the user data directory).",
    ),
]


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@db_app.command("upgrade")
def db_upgrade(url: UrlOption = None) -> None:
    """Create the shipment database's schema, or migrate it to the latest revision."""
    from corridor.shipments.db import database_url, upgrade

    target = database_url(url)
    upgrade(target)
    typer.echo(f"database at {_redacted(target)} is up to date", err=True)


@admin_app.command("create-org")
def admin_create_org(
    name: Annotated[str, typer.Argument(help="Organisation name.", metavar="NAME")], url: UrlOption = None
) -> None:
    """Add an organisation (a shipper, a carrier, the platform operator)."""
    from corridor.shipments.db import database_url, session_factory
    from corridor.shipments.store import create_organisation

    with session_factory(database_url(url))() as session, session.begin():
        create_organisation(session, name)
    typer.echo(f"organisation {name!r} created", err=True)


@admin_app.command("create-key")
def admin_create_key(
    org: Annotated[str, typer.Option("--org", help="Organisation name.")],
    role: Annotated[str, typer.Option("--role", help="shipper, operator or admin.")],
    url: UrlOption = None,
) -> None:
    """Create an API key and print it once (only its hash is stored)."""
    from corridor.shipments.db import database_url, session_factory
    from corridor.shipments.store import create_api_key

    with session_factory(database_url(url))() as session, session.begin():
        key = create_api_key(session, org, role)
    typer.echo(key)
