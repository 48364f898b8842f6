"""The first schema of the gateway buffer: readings outbox, relayed batches, per-tank sequence, meta.

Revision ID: gw0001
Revises:
Create Date: 2025-06-01

Frozen history: the DDL is spelled out here instead of importing
``node.gateway.schema``, so later schema changes need a new revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "gw0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the buffer's tables."""
    op.create_table(
        "gw_reading",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tank_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("time_ms", sa.BigInteger, nullable=False),
        sa.Column("level_mm", sa.BigInteger, nullable=False),
        sa.Column("current_ua", sa.BigInteger, nullable=False),
        sa.Column("fault", sa.SmallInteger, nullable=False),
        sa.Column("signed", sa.LargeBinary, nullable=False),
        sa.Column("http_state", sa.SmallInteger, nullable=False),
        sa.Column("mqtt_state", sa.SmallInteger, nullable=False),
        sa.Column("batch_id", sa.Integer, nullable=True),
        sa.Column("code", sa.String(64), nullable=True),
        sa.Column("taken_ms", sa.BigInteger, nullable=False),
        sa.Column("done_ms", sa.BigInteger, nullable=True),
        sa.UniqueConstraint("tank_id", "seq", name="uq_gw_reading_tank_seq"),
    )
    op.create_index("ix_gw_reading_http", "gw_reading", ["http_state", "id"])
    op.create_index("ix_gw_reading_mqtt", "gw_reading", ["mqtt_state", "id"])
    op.create_table(
        "gw_batch",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("nonce", sa.BigInteger, nullable=False),
        sa.Column("tx_id", sa.String(64), nullable=False),
        sa.Column("raw", sa.LargeBinary, nullable=False),
        sa.Column("expires_ms", sa.BigInteger, nullable=False),
        sa.Column("state", sa.SmallInteger, nullable=False),
        sa.Column("readings", sa.Integer, nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("finished_ms", sa.BigInteger, nullable=True),
        sa.Column("height", sa.BigInteger, nullable=True),
        sa.Column("code", sa.String(64), nullable=True),
    )
    op.create_index("ix_gw_batch_state", "gw_batch", ["state", "id"])
    op.create_table(
        "gw_tank",
        sa.Column("tank_id", sa.String(64), primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "gw_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(1024), nullable=False),
    )


def downgrade() -> None:
    """Drop the buffer's tables."""
    op.drop_table("gw_meta")
    op.drop_table("gw_tank")
    op.drop_index("ix_gw_batch_state", "gw_batch")
    op.drop_table("gw_batch")
    op.drop_index("ix_gw_reading_mqtt", "gw_reading")
    op.drop_index("ix_gw_reading_http", "gw_reading")
    op.drop_table("gw_reading")
