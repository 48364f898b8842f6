"""The first schema of the explorer's index.

Revision ID: ex0001
Revises:
Create Date: 2025-06-01

Frozen history: this file spells out its DDL instead of importing
``explorer.schema``, so later changes to the schema need a new revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ex0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _pos_key() -> sa.types.TypeEngine[int]:
    # INTEGER on SQLite so a single-column primary key is the rowid.
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "explorer_meta",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("num", sa.BigInteger, nullable=True),
        sa.Column("blob", sa.LargeBinary, nullable=True),
        sa.Column("text", sa.Text, nullable=True),
    )
    op.create_table(
        "kinds",
        sa.Column("kind_no", _pos_key(), primary_key=True, autoincrement=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("known", sa.Boolean, nullable=False),
        sa.Column("n_txs", sa.BigInteger, nullable=False),
    )
    op.create_index("kinds_name", "kinds", ["name"], unique=True)
    op.create_table(
        "blocks",
        sa.Column("height", _pos_key(), primary_key=True, autoincrement=False),
        sa.Column("block_id", sa.LargeBinary, nullable=False),
        sa.Column("time_ms", sa.BigInteger, nullable=False),
        sa.Column("interval_ms", sa.BigInteger, nullable=False),
        sa.Column("num_txs", sa.Integer, nullable=False),
        sa.Column("num_failed", sa.Integer, nullable=False),
        sa.Column("num_events", sa.Integer, nullable=False),
        sa.Column("proposer", sa.LargeBinary, nullable=False),
        sa.Column("state_root", sa.LargeBinary, nullable=False),
        sa.Column("signed", sa.Integer, nullable=False),
        sa.Column("validators", sa.Integer, nullable=False),
    )
    op.create_index("blocks_block_id", "blocks", ["block_id"], unique=True)
    op.create_index("blocks_time", "blocks", ["time_ms"])
    op.create_table(
        "commit_sigs",
        sa.Column("height", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("validator", sa.LargeBinary, primary_key=True),
        sa.Column("flag", sa.SmallInteger, nullable=False),
        sa.Column("signed_total", sa.BigInteger, nullable=False),
        sa.Column("expected_total", sa.BigInteger, nullable=False),
        sa.Column("proposed_total", sa.BigInteger, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("commit_sigs_validator", "commit_sigs", ["validator", "height"])
    op.create_table(
        "validators",
        sa.Column("validator", sa.LargeBinary, primary_key=True),
        sa.Column("first_height", sa.BigInteger, nullable=False),
        sa.Column("last_height", sa.BigInteger, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "txs",
        sa.Column("pos", _pos_key(), primary_key=True, autoincrement=False),
        sa.Column("tx_id", sa.LargeBinary, nullable=False),
        sa.Column("height", sa.BigInteger, nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("time_ms", sa.BigInteger, nullable=False),
        sa.Column("sender", sa.LargeBinary, nullable=False),
        sa.Column("nonce", sa.BigInteger, nullable=False),
        sa.Column("kind_no", sa.Integer, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=True),
        sa.Column("decode_error", sa.Text, nullable=True),
        sa.Column("raw_payload", sa.LargeBinary, nullable=True),
        sa.Column("tx_offset", sa.Integer, nullable=False),
        sa.Column("tx_len", sa.Integer, nullable=False),
    )
    op.create_index("txs_tx_id", "txs", ["tx_id"], unique=True)
    op.create_index("txs_kind", "txs", ["kind_no", "pos"])
    op.create_table(
        "address_txs",
        sa.Column("addr", sa.LargeBinary, primary_key=True),
        sa.Column("pos", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("kind_no", sa.Integer, nullable=False),
        sa.Column("role", sa.SmallInteger, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("address_txs_kind", "address_txs", ["addr", "kind_no", "pos"])
    op.create_table(
        "ref_txs",
        sa.Column("ref", sa.Text, primary_key=True),
        sa.Column("pos", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("field", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "events",
        sa.Column("epos", _pos_key(), primary_key=True, autoincrement=False),
        sa.Column("height", sa.BigInteger, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("tx_pos", sa.BigInteger, nullable=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("attrs", sa.Text, nullable=False),
    )
    op.create_index("events_kind", "events", ["kind", "epos"])
    op.create_index("events_tx", "events", ["tx_pos"])
    op.create_table(
        "address_events",
        sa.Column("addr", sa.LargeBinary, primary_key=True),
        sa.Column("epos", sa.BigInteger, primary_key=True, autoincrement=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "ref_events",
        sa.Column("ref", sa.Text, primary_key=True),
        sa.Column("epos", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("field", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "addresses",
        sa.Column("addr", sa.LargeBinary, primary_key=True),
        sa.Column("n_txs", sa.BigInteger, nullable=False),
        sa.Column("n_sent", sa.BigInteger, nullable=False),
        sa.Column("n_events", sa.BigInteger, nullable=False),
        sa.Column("first_pos", sa.BigInteger, nullable=True),
        sa.Column("last_pos", sa.BigInteger, nullable=True),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "records",
        sa.Column("key", sa.LargeBinary, primary_key=True),
        sa.Column("type", sa.Text, nullable=True),
        sa.Column("value", sa.LargeBinary, nullable=False),
        sa.Column("data", sa.Text, nullable=True),
        sa.Column("decode_error", sa.Text, nullable=True),
        sa.Column("changed_height", sa.BigInteger, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("records_type", "records", ["type", "key"])
    op.create_table(
        "address_records",
        sa.Column("addr", sa.LargeBinary, primary_key=True),
        sa.Column("key", sa.LargeBinary, primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_index("address_records_key", "address_records", ["key"])
    op.create_table(
        "ref_records",
        sa.Column("ref", sa.Text, primary_key=True),
        sa.Column("key", sa.LargeBinary, primary_key=True),
        sa.Column("field", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("ref_records_key", "ref_records", ["key"])


def downgrade() -> None:
    """Drop every table of the first schema."""
    for name in (
        "ref_records",
        "address_records",
        "records",
        "addresses",
        "ref_events",
        "address_events",
        "events",
        "ref_txs",
        "address_txs",
        "txs",
        "validators",
        "commit_sigs",
        "blocks",
        "kinds",
        "explorer_meta",
    ):
        op.drop_table(name)
