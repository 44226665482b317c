"""Where the shipment service keeps its data: database URLs, engines, sessions and migrations.

SQLite (a file in the user's data directory) is the default; ``CORRIDOR_DATABASE_URL``
selects another database, e.g. ``postgresql+psycopg://user@host:5432/corridor``.
The schema is created and migrated by Alembic (``corridor db upgrade``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from corridor.errors import (
    DatabaseError,
)

SessionFactory = Callable[[], Session]


def default_database_url() -> str:
    """A SQLite file in the user's data directory (the directory is created if missing)."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("corridor", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'corridor.db'}"


def database_url(url: str | None = None) -> str:
    """``url``, else ``CORRIDOR_DATABASE_URL``, else :func:`default_database_url`."""
    return url or os.environ.get("CORRIDOR_DATABASE_URL") or default_database_url()


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def engine_from_url(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys enforced and a 30 s lock timeout.

    Raises
    ------
    DatabaseError
        ``url`` is not a database URL SQLAlchemy understands.

    """
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise DatabaseError(f"invalid database URL {url!r}: {err}") from err
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def session_factory(url: str) -> sessionmaker[Session]:
    """Sessions on the database at ``url``."""
    return sessionmaker(engine_from_url(url), expire_on_commit=False)


class LazySessions:
    """Sessions on ``database_url(url)``: the engine is made on the first call, closed by :meth:`dispose`."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._lock = threading.Lock()
        self._maker: sessionmaker[Session] | None = None

    def __call__(self) -> Session:
        with self._lock:
            if self._maker is None:
                self._maker = session_factory(database_url(self.url))
            maker = self._maker
        return maker()

    def dispose(self) -> None:
        """Close the engine's pooled connections (the server is stopping)."""
        with self._lock:
            if self._maker is not None:
                engine = self._maker.kw.get("bind")
                if engine is not None:
                    engine.dispose()
                self._maker = None


def lazy_session_factory(url: str | None) -> LazySessions:
    """Sessions on ``database_url(url)``; the engine is made on the first call, not before."""
    return LazySessions(url)


def _alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("corridor.shipments") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Create or migrate the schema of the database at ``url`` to ``revision``."""
    from alembic import command

    engine_from_url(url).dispose()  # validates the URL and creates a SQLite file's folder
    command.upgrade(_alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the schema of the database at ``url`` down to ``revision`` (``base``: drop it all)."""
    from alembic import command

    command.downgrade(_alembic_config(url), revision)
