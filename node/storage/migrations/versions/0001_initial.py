"""The first schema of the node's store.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Frozen history: this file spells out its DDL instead of importing
``node.storage.schema``, so later changes to the schema need a new revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _height_key() -> sa.types.TypeEngine[int]:
    # INTEGER on SQLite so a single-column primary key is the rowid.
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "meta",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("blob", sa.LargeBinary, nullable=True),
        sa.Column("num", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "blocks",
        sa.Column("height", _height_key(), primary_key=True, autoincrement=False),
        sa.Column("block_id", sa.LargeBinary, nullable=False),
        sa.Column("time_ms", sa.BigInteger, nullable=False),
        sa.Column("num_txs", sa.Integer, nullable=False),
        sa.Column("state_root", sa.LargeBinary, nullable=False),
        sa.Column("header", sa.LargeBinary, nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
    )
    op.create_index("blocks_block_id", "blocks", ["block_id"], unique=True)
    op.create_table(
        "commits",
        sa.Column(
            "height",
            _height_key(),
            sa.ForeignKey("blocks.height", name="commits_height_fk"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("body", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "txs",
        sa.Column("tx_id", sa.LargeBinary, primary_key=True),
        sa.Column(
            "height",
            sa.BigInteger,
            sa.ForeignKey("blocks.height", name="txs_height_fk"),
            nullable=False,
        ),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("sender", sa.LargeBinary, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("result_code", sa.Text, nullable=False),
    )
    op.create_index("txs_height_idx", "txs", ["height", "idx"], unique=True)
    op.create_table(
        "events",
        sa.Column(
            "height",
            sa.BigInteger,
            sa.ForeignKey("blocks.height", name="events_height_fk"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("tx_index", sa.Integer, nullable=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("attrs", sa.Text, nullable=False),
    )
    op.create_index("events_kind_height", "events", ["kind", "height", "seq"])
    op.create_table(
        "state",
        sa.Column("key", sa.LargeBinary, primary_key=True),
        sa.Column("value", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "state_nodes",
        sa.Column("node_hash", sa.LargeBinary, primary_key=True),
        sa.Column("node", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "validator_sets",
        sa.Column("height", _height_key(), primary_key=True, autoincrement=False),
        sa.Column("vset", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    """Drop every table of the first schema."""
    op.drop_table("validator_sets")
    op.drop_table("state_nodes")
    op.drop_table("state")
    op.drop_index("events_kind_height", table_name="events")
    op.drop_table("events")
    op.drop_index("txs_height_idx", table_name="txs")
    op.drop_table("txs")
    op.drop_table("commits")
    op.drop_index("blocks_block_id", table_name="blocks")
    op.drop_table("blocks")
    op.drop_table("meta")
