"""Tables of the gateway's SQLite buffer (also used by the MQTT bridge), as SQLAlchemy Core metadata.

The buffer is an outbox: every reading taken (gateway) or received (bridge)
is a row before anything is sent, and a row changes state only after the
other side acknowledged it.  Revision 0001 in ``node/gateway/migrations``
creates exactly these tables; the version table is ``gw_alembic_version`` so
the buffer never collides with another store's migrations.
"""

from __future__ import annotations

import enum

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
)

VERSION_TABLE = "gw_alembic_version"

metadata = MetaData()


class HttpState(enum.IntEnum):
    """Where a reading is on the way to the chain (``gw_reading.http_state``)."""

    NOT_SENT = 0
    """This path is not configured for the reading (MQTT only)."""
    PENDING = 1
    """Waiting for a batch."""
    IN_BATCH = 2
    """In the open batch (``batch_id``), submitted or about to be."""
    DELIVERED = 3
    """In a ``tank.report`` that the node reported committed and successful (final)."""
    ON_CHAIN = 4
    """The chain refused its sequence number as already used: it arrived earlier (a retry)."""
    REJECTED = 5
    """The chain refused the reading itself for good (``code`` says why); never retried."""


class MqttState(enum.IntEnum):
    """Where a reading is on the way to the broker (``gw_reading.mqtt_state``)."""

    NOT_SENT = 0
    PENDING = 1
    PUBLISHED = 3
    """The broker acknowledged it (PUBACK, QoS 1)."""


class BatchState(enum.IntEnum):
    """A ``tank.report`` transaction of the relaying account (``gw_batch.state``)."""

    OPEN = 0
    """Built and maybe submitted; not yet known to be committed."""
    COMMITTED = 1
    """Committed and successful: its readings are delivered."""
    FAILED = 2
    """Committed but failed (its nonce is used); its readings went back to pending."""
    DISSOLVED = 3
    """Refused at submission (its nonce is free) or unusable; its readings went back to pending."""


reading = Table(
    "gw_reading",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tank_id", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("time_ms", BigInteger, nullable=False),
    Column("level_mm", BigInteger, nullable=False),
    Column("current_ua", BigInteger, nullable=False),
    Column("fault", SmallInteger, nullable=False),
    Column("signed", LargeBinary, nullable=False, doc="canonical encoding of the SignedReading"),
    Column("http_state", SmallInteger, nullable=False),
    Column("mqtt_state", SmallInteger, nullable=False),
    Column("batch_id", Integer, nullable=True),
    Column("code", String(64), nullable=True, doc="the chain's refusal code, if any"),
    Column("taken_ms", BigInteger, nullable=False, doc="when it entered the buffer (local clock)"),
    Column("done_ms", BigInteger, nullable=True, doc="when the chain acknowledged it"),
    UniqueConstraint("tank_id", "seq", name="uq_gw_reading_tank_seq"),
    Index("ix_gw_reading_http", "http_state", "id"),
    Index("ix_gw_reading_mqtt", "mqtt_state", "id"),
)

batch = Table(
    "gw_batch",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nonce", BigInteger, nullable=False),
    Column("tx_id", String(64), nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("expires_ms", BigInteger, nullable=False),
    Column("state", SmallInteger, nullable=False),
    Column("readings", Integer, nullable=False),
    Column("created_ms", BigInteger, nullable=False),
    Column("finished_ms", BigInteger, nullable=True),
    Column("height", BigInteger, nullable=True),
    Column("code", String(64), nullable=True),
    Index("ix_gw_batch_state", "state", "id"),
)

tank = Table(
    "gw_tank",
    metadata,
    Column("tank_id", String(64), primary_key=True),
    Column("last_seq", BigInteger, nullable=False, doc="gateway: last seq assigned; bridge: last seq received"),
)

meta = Table(
    "gw_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(1024), nullable=False),
)
