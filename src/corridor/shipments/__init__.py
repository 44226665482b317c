"""Shipments booked on planned chains, their tracking events, transport documents and ETAs.

Persistence is SQLAlchemy 2 (SQLite by default, PostgreSQL in production and
CI); the schema is migrated with Alembic (``corridor db upgrade``).
"""

from __future__ import annotations

from corridor.errors import ShipmentInputError
from corridor.shipments.db import database_url, lazy_session_factory, session_factory, upgrade
from corridor.shipments.validation import iso6346_check_digit, validate_container_number

__all__ = [
    "ShipmentInputError",
    "database_url",
    "iso6346_check_digit",
    "lazy_session_factory",
    "session_factory",
    "upgrade",
    "validate_container_number",
]
