"""The tables of the explorer's index (SQLAlchemy Core), kept in their own SQLite file beside the node's.

The index is derived data: everything in it can be rebuilt from the node's
store, so it is shaped for the explorer's reads, not for normalisation.

Positions are single integers so that one ordered column serves as the
keyset cursor of every listing:

* a transaction's ``pos`` is ``height << 16 | index`` (a block holds at most
  20,000 transactions, protocol.md §8.2), so chain order is integer order;
* an event's ``epos`` is ``height << 24 | seq``.

Addresses are the 20 raw bytes; ids taken from payloads, events and records
(``order_id``, ``tank_id``, ...) are text.  The version table is
``explorer_alembic_version`` so the index could share a database with other
components without their migration histories touching.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

metadata = MetaData()

#: Name of the table Alembic keeps the index's schema revision in.
VERSION_TABLE = "explorer_alembic_version"

#: A 64-bit integer key; on SQLite plain INTEGER so a primary key is the rowid.
PosKey = BigInteger().with_variant(Integer(), "sqlite")

#: Bits of a transaction's position taken by its index in the block.
TX_INDEX_BITS = 16
#: Bits of an event's position taken by its sequence number in the block.
EVENT_SEQ_BITS = 24

#: Single values: chain id, genesis hash and time, heights indexed, totals.
explorer_meta = Table(
    "explorer_meta",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("num", BigInteger, nullable=True),
    Column("blob", LargeBinary, nullable=True),
    Column("text", Text, nullable=True),
)

#: Transaction kinds seen (and registered ones), numbered to keep the big indexes small.
kinds = Table(
    "kinds",
    metadata,
    Column("kind_no", PosKey, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("known", Boolean, nullable=False),
    Column("n_txs", BigInteger, nullable=False),
    Index("kinds_name", "name", unique=True),
)

#: One row per indexed block.
blocks = Table(
    "blocks",
    metadata,
    Column("height", PosKey, primary_key=True, autoincrement=False),
    Column("block_id", LargeBinary, nullable=False),
    Column("time_ms", BigInteger, nullable=False),
    Column("interval_ms", BigInteger, nullable=False),
    Column("num_txs", Integer, nullable=False),
    Column("num_failed", Integer, nullable=False),
    Column("num_events", Integer, nullable=False),
    Column("proposer", LargeBinary, nullable=False),
    Column("state_root", LargeBinary, nullable=False),
    Column("signed", Integer, nullable=False),
    Column("validators", Integer, nullable=False),
    Index("blocks_block_id", "block_id", unique=True),
    Index("blocks_time", "time_ms"),
)

#: Each validator's entry in the stored commit of each block, with the validator's running totals
#: up to and including that block, so participation over any range is two index probes per validator.
commit_sigs = Table(
    "commit_sigs",
    metadata,
    Column("height", BigInteger, primary_key=True, autoincrement=False),
    Column("validator", LargeBinary, primary_key=True),
    Column("flag", SmallInteger, nullable=False),
    Column("signed_total", BigInteger, nullable=False),
    Column("expected_total", BigInteger, nullable=False),
    Column("proposed_total", BigInteger, nullable=False),
    Index("commit_sigs_validator", "validator", "height"),
    sqlite_with_rowid=False,
)

#: Every validator that has an entry in a stored commit, with the heights of its first and last.
validators = Table(
    "validators",
    metadata,
    Column("validator", LargeBinary, primary_key=True),
    Column("first_height", BigInteger, nullable=False),
    Column("last_height", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

#: Every transaction, in chain order.
txs = Table(
    "txs",
    metadata,
    Column("pos", PosKey, primary_key=True, autoincrement=False),
    Column("tx_id", LargeBinary, nullable=False),
    Column("height", BigInteger, nullable=False),
    Column("idx", Integer, nullable=False),
    Column("time_ms", BigInteger, nullable=False),
    Column("sender", LargeBinary, nullable=False),
    Column("nonce", BigInteger, nullable=False),
    Column("kind_no", Integer, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("code", Text, nullable=False),
    Column("payload", Text, nullable=True),
    Column("decode_error", Text, nullable=True),
    Column("raw_payload", LargeBinary, nullable=True),
    Column("tx_offset", Integer, nullable=False),
    Column("tx_len", Integer, nullable=False),
    Index("txs_tx_id", "tx_id", unique=True),
    Index("txs_kind", "kind_no", "pos"),
)

#: Every address a transaction touches: its sender (role bit 1) and payload parties (bit 2).
address_txs = Table(
    "address_txs",
    metadata,
    Column("addr", LargeBinary, primary_key=True),
    Column("pos", BigInteger, primary_key=True, autoincrement=False),
    Column("kind_no", Integer, nullable=False),
    Column("role", SmallInteger, nullable=False),
    Index("address_txs_kind", "addr", "kind_no", "pos"),
    sqlite_with_rowid=False,
)

#: Ids named in a transaction's payload (any ``*_id`` text field, at any depth).
ref_txs = Table(
    "ref_txs",
    metadata,
    Column("ref", Text, primary_key=True),
    Column("pos", BigInteger, primary_key=True, autoincrement=False),
    Column("field", Text, nullable=False),
    sqlite_with_rowid=False,
)

#: Every event, in chain order.
events = Table(
    "events",
    metadata,
    Column("epos", PosKey, primary_key=True, autoincrement=False),
    Column("height", BigInteger, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("tx_pos", BigInteger, nullable=True),
    Column("kind", Text, nullable=False),
    Column("attrs", Text, nullable=False),
    Index("events_kind", "kind", "epos"),
    Index("events_tx", "tx_pos"),
)

#: Addresses named in an event's attributes.
address_events = Table(
    "address_events",
    metadata,
    Column("addr", LargeBinary, primary_key=True),
    Column("epos", BigInteger, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

#: Ids named in an event's attributes (``order_id``, ``tank_id``, ...).
ref_events = Table(
    "ref_events",
    metadata,
    Column("ref", Text, primary_key=True),
    Column("epos", BigInteger, primary_key=True, autoincrement=False),
    Column("field", Text, nullable=False),
    sqlite_with_rowid=False,
)

#: Every address seen, with its activity (the accounts list and the search's summary).
addresses = Table(
    "addresses",
    metadata,
    Column("addr", LargeBinary, primary_key=True),
    Column("n_txs", BigInteger, nullable=False),
    Column("n_sent", BigInteger, nullable=False),
    Column("n_events", BigInteger, nullable=False),
    Column("first_pos", BigInteger, nullable=True),
    Column("last_pos", BigInteger, nullable=True),
    sqlite_with_rowid=False,
)

#: The latest value of every state record, decoded through the registry's record types.
records = Table(
    "records",
    metadata,
    Column("key", LargeBinary, primary_key=True),
    Column("type", Text, nullable=True),
    Column("value", LargeBinary, nullable=False),
    Column("data", Text, nullable=True),
    Column("decode_error", Text, nullable=True),
    Column("changed_height", BigInteger, nullable=False),
    Index("records_type", "type", "key"),
    sqlite_with_rowid=False,
)

#: Addresses named in a record (an order's buyer and supplier, a bill's payer and payee).
address_records = Table(
    "address_records",
    metadata,
    Column("addr", LargeBinary, primary_key=True),
    Column("key", LargeBinary, primary_key=True),
    Index("address_records_key", "key"),
    sqlite_with_rowid=False,
)

#: Ids named in a record (``order_id``, ``tank_id``, ``storage_id``, ...).
ref_records = Table(
    "ref_records",
    metadata,
    Column("ref", Text, primary_key=True),
    Column("key", LargeBinary, primary_key=True),
    Column("field", Text, nullable=False),
    Index("ref_records_key", "key"),
    sqlite_with_rowid=False,
)
