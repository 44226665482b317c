"""A stopped server opens no new database engine: a thread still finishing is refused, not given a pool
nobody will close (its connections would be left open until garbage collection)."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridor.errors import DatabaseError
from corridor.shipments.db import LazySessions, upgrade


def test_no_session_after_dispose(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'corridor.db'}"
    upgrade(url)
    sessions = LazySessions(url)
    with sessions() as session:
        assert session.connection() is not None
    sessions.dispose()
    with pytest.raises(DatabaseError, match="stopping"):
        sessions()
