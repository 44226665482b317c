"""Where the shipment service keeps its data: database URLs, engines, sessions and migrations.

SQLite (a file in the user's data directory) is the default; ``CORRIDOR_DATABASE_URL``
selects another database, e.g. ``postgresql+psycopg://user@host:5432/corridor``.
The schema is created and migrated by Alembic (``corridor db upgrade``).

The rule for opening a database (:func:`session_factory`): the embedded default
is created and migrated to the latest revision on first use, so a fresh install
works without a setup step. Any other database (one named by a URL, which may be
shared by several servers) is never changed behind its owner's back: if it is
missing, empty or at an older revision, opening it fails with a
:class:`SchemaError` that says to run ``corridor db upgrade``.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from corridor.errors import DatabaseError, MissingDependencyError, SchemaError

SessionFactory = Callable[[], Session]
#: The database backends Corridor is built and tested for.
SUPPORTED = ("sqlite", "postgresql")


def unreachable(url: str, err: DBAPIError) -> DatabaseError:
    """One line for a database that cannot be reached or refused the statement (no parameters shown)."""
    first = (str(err.orig) if err.orig is not None else str(err)).strip().splitlines()
    return DatabaseError(
        f"cannot use the database at {_redacted(url)}: {first[0] if first else type(err).__name__}"
    )


def default_database_url() -> str:
    """A SQLite file in the user's data directory (the directory is created if missing)."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("corridor", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'corridor.db'}"


def database_in_use(url: str | None = None) -> bool:
    """Whether the database may hold data already: a URL is named, or the embedded default file exists.

    Asks without creating anything (no folder, no file).
    """
    if url or os.environ.get("CORRIDOR_DATABASE_URL"):
        return True
    from platformdirs import user_data_dir

    return (Path(user_data_dir("corridor", appauthor=False)) / "corridor.db").is_file()


def database_url(url: str | None = None) -> str:
    """``url``, else ``CORRIDOR_DATABASE_URL``, else :func:`default_database_url`."""
    return url or os.environ.get("CORRIDOR_DATABASE_URL") or default_database_url()


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def engine_from_url(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys enforced and a 30 s lock timeout.

    Statement parameters are never shown in errors or logs (``hide_parameters``), and
    statements are not echoed.

    Raises
    ------
    DatabaseError
        ``url`` is not a database URL SQLAlchemy understands.

    """
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise DatabaseError(f"invalid database URL {url!r}: {err}") from err
    if parsed.get_backend_name() not in SUPPORTED:
        raise DatabaseError(
            f"database {parsed.get_backend_name()!r} is not supported (use SQLite or PostgreSQL): "
            f"{_redacted(url)}"
        )
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        # hide_parameters: a failing statement's values (webhook secrets, key hashes) never reach a log
        return create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    except ImportError as err:  # the driver is an extra
        extra = "postgres" if parsed.get_backend_name() == "postgresql" else None
        hint = f": pip install 'corridor[{extra}]'" if extra else ""
        raise MissingDependencyError(
            f"the database driver for {parsed.drivername} is not installed ({err.name}){hint}"
        ) from err


def session_factory(url: str) -> sessionmaker[Session]:
    """Sessions on the database at ``url``, whose schema is made ready or checked first.

    The embedded default (:func:`default_database_url`) is created and migrated
    if needed; any other database must be at the latest revision already.

    Raises
    ------
    SchemaError
        ``url`` is not the embedded default and its database is missing, empty
        or at another revision.

    """
    return sessionmaker(_ready_engine(url), expire_on_commit=False)


def prepare_database(url: str | None = None) -> str:
    """Make ``database_url(url)`` ready to use (see :func:`session_factory`) and return it.

    For a server to call at start-up, so that a database in need of
    ``corridor db upgrade`` is reported before the first request.

    Raises
    ------
    SchemaError
        As :func:`session_factory`.

    """
    target = database_url(url)
    _ready_engine(target).dispose()
    return target


def _redacted(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _ready_engine(url: str) -> Engine:
    embedded = url == default_database_url()
    parsed = make_url(url)
    file = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if not embedded and file not in (None, "", ":memory:") and not Path(str(file)).is_file():
        # Connecting would create an empty file, and the next person would wonder why.
        raise SchemaError(f"no database at {file}; create it with: corridor db upgrade --url '{url}'")
    engine = engine_from_url(url)
    try:
        try:
            current, head = schema_revision(engine), head_revision()
        except DBAPIError as err:
            raise unreachable(url, err) from err
        if current != head and embedded:
            _upgrade_once(url, engine, head)
        elif current != head:
            hint = f"corridor db upgrade --url '{_redacted(url)}'"
            if current is None:
                problem = "has no Corridor schema"
            elif current in _known_revisions():
                problem = f"is at schema revision {current}, this Corridor needs {head}"
            else:
                raise SchemaError(
                    f"the database at {_redacted(url)} is at schema revision {current}, unknown to this "
                    f"Corridor (which needs {head}): it was migrated by a newer version"
                )
            raise SchemaError(f"the database at {_redacted(url)} {problem}; run: {hint}")
    except BaseException:
        engine.dispose()
        raise
    return engine


def _upgrade_once(url: str, engine: Engine, head: str) -> None:
    """Migrate; if another process migrated at the same time and won, that is fine too."""
    try:
        upgrade(url)
    except Exception:
        if schema_revision(engine) != head:
            raise


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision of the database behind ``engine`` (``None``: no schema)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        revision: str | None = MigrationContext.configure(connection).get_current_revision()
    return revision


def _script_directory() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config("sqlite://"))


def head_revision() -> str:
    """The schema revision this version of Corridor works with."""
    head: str = _script_directory().get_current_head()
    return head


def _known_revisions() -> set[str]:
    return {script.revision for script in _script_directory().walk_revisions()}


class LazySessions:
    """Sessions on ``database_url(url)``: the engine is made on the first call, closed by :meth:`dispose`."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._lock = threading.Lock()
        self._maker: sessionmaker[Session] | None = None
        #: Held around write transactions on SQLite, which admits one writer at a time: waiting here,
        #: writers go in turn as soon as the one before commits, instead of polling the file lock
        #: with SQLite's growing sleeps (tens of milliseconds each), which made the latency's tail.
        self.sqlite_writes = threading.Lock()

    @functools.cached_property
    def sqlite(self) -> bool:
        """Whether the database is SQLite."""
        return make_url(database_url(self.url)).get_backend_name() == "sqlite"

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
    try:
        command.upgrade(_alembic_config(url), revision)
    except DBAPIError as err:
        raise unreachable(url, err) from err


def downgrade(url: str, revision: str = "base") -> None:
    """Migrate the schema of the database at ``url`` down to ``revision`` (``base``: drop it all)."""
    from alembic import command

    command.downgrade(_alembic_config(url), revision)
