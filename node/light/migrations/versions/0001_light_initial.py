"""The first schema of the light client's store.

Revision ID: light0001
Revises:
Create Date: 2026-01-01

Frozen history: the DDL is spelled out here instead of importing
``node.light.schema``, so later schema changes need a new revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "light0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _height_key() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the light client's tables."""
    op.create_table(
        "light_meta",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("blob", sa.LargeBinary, nullable=True),
    )
    op.create_table(
        "light_headers",
        sa.Column("height", _height_key(), primary_key=True, autoincrement=False),
        sa.Column("block_id", sa.LargeBinary, nullable=False),
        sa.Column("time_ms", sa.BigInteger, nullable=False),
        sa.Column("header", sa.LargeBinary, nullable=False),
        sa.Column("commit", sa.LargeBinary, nullable=False),
        sa.Column("validators_hash", sa.LargeBinary, nullable=False),
        sa.Column("verified_at_ms", sa.BigInteger, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
    )
    op.create_table(
        "light_validator_sets",
        sa.Column("hash", sa.LargeBinary, primary_key=True),
        sa.Column("vset", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "light_evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("height", sa.BigInteger, nullable=False),
        sa.Column("common_height", sa.BigInteger, nullable=False),
        sa.Column("detected_at_ms", sa.BigInteger, nullable=False),
        sa.Column("primary_url", sa.Text, nullable=False),
        sa.Column("witness_url", sa.Text, nullable=False),
        sa.Column("primary_header", sa.LargeBinary, nullable=False),
        sa.Column("primary_commit", sa.LargeBinary, nullable=False),
        sa.Column("primary_vset", sa.LargeBinary, nullable=False),
        sa.Column("witness_header", sa.LargeBinary, nullable=False),
        sa.Column("witness_commit", sa.LargeBinary, nullable=False),
        sa.Column("witness_vset", sa.LargeBinary, nullable=False),
        sa.Column("acknowledged", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    """Drop the light client's tables."""
    for table in ("light_evidence", "light_validator_sets", "light_headers", "light_meta"):
        op.drop_table(table)
