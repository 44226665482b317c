"""Carrier links, API key prefixes, and ids that are never reused.

- ``carrier_link``: the carriers an admin has allowed a shipper to name.
- ``api_key.prefix``: the first characters of a key, to tell keys apart in a list (keys made before
  this revision have none).
- On SQLite, ``organisation`` and ``api_key`` are rebuilt with AUTOINCREMENT, so a deleted row's id
  is never handed out again (PostgreSQL sequences never reuse ids). The rebuild runs with foreign
  keys off (see ``env.py``): dropping the old table must not cascade to the keys.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 07:40:00
"""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    recreate: Literal["always", "auto"] = "always" if sqlite else "auto"
    with op.batch_alter_table("organisation", recreate=recreate, table_kwargs={"sqlite_autoincrement": True}):
        pass
    with op.batch_alter_table(
        "api_key", recreate=recreate, table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        batch.add_column(sa.Column("prefix", sa.String(length=12), nullable=True))
    op.create_table(
        "carrier_link",
        sa.Column("shipper_id", sa.Integer(), nullable=False),
        sa.Column("carrier_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shipper_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["carrier_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("shipper_id", "carrier_id"),
    )


def downgrade() -> None:
    op.drop_table("carrier_link")
    with op.batch_alter_table("api_key") as batch:
        batch.drop_column("prefix")
