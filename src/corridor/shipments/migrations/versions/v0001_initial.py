"""Initial schema: organisations, API keys, shipments, tracking events.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-29 00:03:24.373681
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_sha256", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_sha256"),
    )
    op.create_table(
        "shipment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("carrier_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=40), nullable=False),
        sa.Column("destination", sa.String(length=40), nullable=False),
        sa.Column("shipper_name", sa.String(length=200), nullable=False),
        sa.Column("consignee_name", sa.String(length=200), nullable=False),
        sa.Column("containers", sa.JSON(), nullable=False),
        sa.Column("chain", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["carrier_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_shipment_carrier_id"), "shipment", ["carrier_id"], unique=False)
    op.create_index(op.f("ix_shipment_owner_id"), "shipment", ["owner_id"], unique=False)
    op.create_table(
        "tracking_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shipment_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=False),
        sa.Column("event_type", sa.String(length=20), nullable=False),
        sa.Column("classifier", sa.String(length=3), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("node_id", sa.String(length=40), nullable=False),
        sa.Column("element_index", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shipment_id", "event_id", name="uq_tracking_event_shipment_event"),
    )


def downgrade() -> None:
    op.drop_table("tracking_event")
    op.drop_index(op.f("ix_shipment_owner_id"), table_name="shipment")
    op.drop_index(op.f("ix_shipment_carrier_id"), table_name="shipment")
    op.drop_table("shipment")
    op.drop_table("api_key")
    op.drop_table("organisation")
