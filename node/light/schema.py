"""The tables of the light client's store (SQLAlchemy Core), created by its own Alembic revisions.

Verified headers with their commits, the validator sets that signed them (by
hash), the root of trust, and the evidence of any fork detected.  The version
table is ``light_alembic_version`` so the light store can share a database
with the node's store without either migration history touching the other.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

#: Name of the table Alembic keeps the light store's revision in.
VERSION_TABLE = "light_alembic_version"

#: A 64-bit integer key; on SQLite plain INTEGER so a primary key is the rowid.
HeightKey = BigInteger().with_variant(Integer(), "sqlite")

#: Single values: chain id, pinned genesis hash, the genesis document.
light_meta = Table(
    "light_meta",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("text", Text, nullable=True),
    Column("blob", LargeBinary, nullable=True),
)

#: Every header the client verified, with the commit it verified and how.
light_headers = Table(
    "light_headers",
    metadata,
    Column("height", HeightKey, primary_key=True, autoincrement=False),
    Column("block_id", LargeBinary, nullable=False),
    Column("time_ms", BigInteger, nullable=False),
    Column("header", LargeBinary, nullable=False),
    Column("commit", LargeBinary, nullable=False),
    Column("validators_hash", LargeBinary, nullable=False),
    Column("verified_at_ms", BigInteger, nullable=False),
    Column("source", Text, nullable=False),
)

#: Validator sets by hash (headers name theirs by ``validators_hash``).
light_validator_sets = Table(
    "light_validator_sets",
    metadata,
    Column("hash", LargeBinary, primary_key=True),
    Column("vset", LargeBinary, nullable=False),
)

#: Evidence of a fork: two signed headers at one height, both verifying from ``common_height``.
light_evidence = Table(
    "light_evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("height", BigInteger, nullable=False),
    Column("common_height", BigInteger, nullable=False),
    Column("detected_at_ms", BigInteger, nullable=False),
    Column("primary_url", Text, nullable=False),
    Column("witness_url", Text, nullable=False),
    Column("primary_header", LargeBinary, nullable=False),
    Column("primary_commit", LargeBinary, nullable=False),
    Column("primary_vset", LargeBinary, nullable=False),
    Column("witness_header", LargeBinary, nullable=False),
    Column("witness_commit", LargeBinary, nullable=False),
    Column("witness_vset", LargeBinary, nullable=False),
    Column("acknowledged", Boolean, nullable=False, default=False),
)
