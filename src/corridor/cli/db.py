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


@admin_app.command("link-carrier")
def admin_link_carrier(
    shipper: Annotated[str, typer.Option("--shipper", help="The shipper organisation.")],
    carrier: Annotated[str, typer.Option("--carrier", help="The carrier organisation it may name.")],
    url: UrlOption = None,
) -> None:
    """Let a shipper name a carrier on its bookings (a shipper may name only linked carriers)."""
    from corridor.shipments.accounts import link_carrier
    from corridor.shipments.db import database_url, session_factory

    with session_factory(database_url(url))() as session, session.begin():
        new = link_carrier(session, shipper, carrier)
    typer.echo(f"{carrier!r} {'linked to' if new else 'was already linked to'} {shipper!r}", err=True)


@admin_app.command("unlink-carrier")
def admin_unlink_carrier(
    shipper: Annotated[str, typer.Option("--shipper", help="The shipper organisation.")],
    carrier: Annotated[str, typer.Option("--carrier", help="The carrier organisation.")],
    url: UrlOption = None,
) -> None:
    """Stop a shipper naming a carrier on new bookings."""
    from corridor.shipments.accounts import unlink_carrier
    from corridor.shipments.db import database_url, session_factory

    with session_factory(database_url(url))() as session, session.begin():
        removed = unlink_carrier(session, shipper, carrier)
    typer.echo(f"{carrier!r} {'unlinked from' if removed else 'was not linked to'} {shipper!r}", err=True)


@admin_app.command("list-keys")
def admin_list_keys(
    org: Annotated[str | None, typer.Option("--org", help="Only this organisation's keys.")] = None,
    url: UrlOption = None,
) -> None:
    """List API keys: id, organisation, role, the key's first characters and when it was made."""
    from corridor.shipments.accounts import list_api_keys
    from corridor.shipments.db import database_url, session_factory

    with session_factory(database_url(url))() as session, session.begin():
        keys = list_api_keys(session, organisation=org)
    for key in keys:
        typer.echo(f"{key.id}\t{key.organisation}\t{key.role}\t{key.prefix}…\t{key.created_at.isoformat()}")


@admin_app.command("rotate-key")
def admin_rotate_key(
    key_id: Annotated[int, typer.Argument(help="Id of the key (corridor admin list-keys).", metavar="ID")],
    url: UrlOption = None,
) -> None:
    """Replace a key with a new one of the same organisation and role; print the new key once."""
    from corridor.shipments.accounts import rotate_api_key
    from corridor.shipments.db import database_url, session_factory

    with session_factory(database_url(url))() as session, session.begin():
        new_id, key = rotate_api_key(session, key_id)
    typer.echo(f"key {key_id} revoked; new key id {new_id}:", err=True)
    typer.echo(key)


@admin_app.command("revoke-key")
def admin_revoke_key(
    key_id: Annotated[int, typer.Argument(help="Id of the key (corridor admin list-keys).", metavar="ID")],
    url: UrlOption = None,
) -> None:
    """Revoke a key: it no longer authenticates."""
    from corridor.shipments.accounts import revoke_api_key
    from corridor.shipments.db import database_url, session_factory

    with session_factory(database_url(url))() as session, session.begin():
        revoke_api_key(session, key_id)
    typer.echo(f"key {key_id} revoked", err=True)
