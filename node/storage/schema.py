"""The tables of the node's store, as SQLAlchemy Core metadata.

This is the schema the code reads and writes; the Alembic revisions under
``migrations/versions`` create it (a test checks the two agree).  Heights and
times are 64-bit integers; hashes, keys and encodings are raw bytes (BLOB on
SQLite, bytea on PostgreSQL), which both backends compare bytewise, so prefix
scans and keyset pages behave the same on each.  Kinds and codes are unbounded
TEXT, since SQLite would not enforce a VARCHAR length that PostgreSQL does.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

#: A 64-bit integer key; on SQLite plain INTEGER so a primary key is the rowid.
HeightKey = BigInteger().with_variant(Integer(), "sqlite")

#: Name of the table Alembic keeps the schema revision in (not ``alembic_version``,
#: so another component's migrations can share a PostgreSQL database safely).
VERSION_TABLE = "node_alembic_version"

#: Single values: genesis, genesis hash, genesis state root, latest height.
meta = Table(
    "meta",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("blob", LargeBinary, nullable=True),
    Column("num", BigInteger, nullable=True),
)

#: One row per finalised block (height >= 1; genesis lives in ``meta``).
blocks = Table(
    "blocks",
    metadata,
    Column("height", HeightKey, primary_key=True, autoincrement=False),
    Column("block_id", LargeBinary, nullable=False),
    Column("time_ms", BigInteger, nullable=False),
    Column("num_txs", Integer, nullable=False),
    Column("state_root", LargeBinary, nullable=False),
    Column("header", LargeBinary, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Index("blocks_block_id", "block_id", unique=True),
)

#: The commit (validator signatures) that finalised the block at ``height``.
commits = Table(
    "commits",
    metadata,
    Column(
        "height",
        HeightKey,
        ForeignKey("blocks.height", name="commits_height_fk"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("body", LargeBinary, nullable=False),
)

#: Where each transaction landed and how it ended.
txs = Table(
    "txs",
    metadata,
    Column("tx_id", LargeBinary, primary_key=True),
    Column(
        "height",
        BigInteger,
        ForeignKey("blocks.height", name="txs_height_fk"),
        nullable=False,
    ),
    Column("idx", Integer, nullable=False),
    Column("sender", LargeBinary, nullable=False),
    Column("kind", Text, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("result_code", Text, nullable=False),
    Index("txs_height_idx", "height", "idx", unique=True),
)

#: Events emitted by each block, in emission order (``seq``) within the block.
events = Table(
    "events",
    metadata,
    Column(
        "height",
        BigInteger,
        ForeignKey("blocks.height", name="events_height_fk"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("tx_index", Integer, nullable=True),
    Column("kind", Text, nullable=False),
    Column("attrs", Text, nullable=False),
    Index("events_kind_height", "kind", "height", "seq"),
)

#: The latest value of every state key (history lives in the tree nodes).
state = Table(
    "state",
    metadata,
    Column("key", LargeBinary, primary_key=True),
    Column("value", LargeBinary, nullable=False),
)

#: Content-addressed nodes of the authenticated state tree; append-only.
state_nodes = Table(
    "state_nodes",
    metadata,
    Column("node_hash", LargeBinary, primary_key=True),
    Column("node", LargeBinary, nullable=False),
)

#: Each validator set with the first height it is in force for (genesis: 0).
validator_sets = Table(
    "validator_sets",
    metadata,
    Column("height", HeightKey, primary_key=True, autoincrement=False),
    Column("vset", LargeBinary, nullable=False),
)
