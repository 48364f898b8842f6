"""The gateway's SQLite buffer: an outbox of signed readings that survives restarts and power cuts.

Blocking calls (SQLAlchemy Core over SQLite in WAL mode); the gateway runs
them on one worker thread, never on its asyncio loop.  Every change that
matters for exactly-once delivery is one database transaction:

- ``take``: the next sequence number of each tank *and* the signed reading
  carrying it are written together, so a crash can neither reuse a sequence
  number nor lose a reading that was given one;
- ``create_batch``: a ``tank.report`` transaction (its nonce, id and bytes) is
  recorded *before* it is submitted, with its readings, so after a restart the
  gateway knows every transaction it may have sent;
- ``commit_batch`` / ``release_batch``: a batch's readings become delivered
  only when the node said the transaction is final and successful; otherwise
  they go back to pending, in their original order, or are settled one by one
  (already on chain, or rejected for good) when the chain said so.

The same tables serve the MQTT bridge, where ``receive`` takes readings that
arrived from the broker instead of ``take``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from node.core.encoding import encode
from node.gateway.errors import ChainMismatch, GatewayBufferError
from node.gateway.schema import (
    VERSION_TABLE,
    BatchState,
    HttpState,
    MqttState,
    batch,
    meta,
    reading,
    tank,
)
from node.modules.tanks.readings import SignedReading
from node.storage.alembic_support import Migrations

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
_IN_CHUNK = 500
"""Ids per ``IN (...)`` list (SQLite's variable limit is far above; this keeps statements small)."""


@dataclass(frozen=True, slots=True)
class BufferedReading:
    """A reading as the buffer holds it."""

    id: int
    """Buffer order: readings are delivered in increasing id."""
    tank_id: str
    seq: int
    signed: bytes
    """Canonical encoding of the ``SignedReading``."""


@dataclass(frozen=True, slots=True)
class Batch:
    """An open ``tank.report`` transaction of the relaying account and the readings it carries."""

    id: int
    nonce: int
    tx_id: str
    raw: bytes
    expires_ms: int
    reading_ids: tuple[int, ...]
    """In delivery order."""


MIGRATIONS = Migrations(MIGRATIONS_DIR, VERSION_TABLE)


def alembic_config(connection: Connection | None = None) -> Config:
    return MIGRATIONS.config(connection)


def head_revision() -> str:
    return MIGRATIONS.head


def current_revision(connection: Connection) -> str | None:
    return MIGRATIONS.current(connection)


def make_engine(path: Path | str, *, durable: bool) -> Engine:
    """A SQLite engine in WAL mode with ``BEGIN IMMEDIATE`` transactions (one writer at a time)."""
    url = "sqlite://" if str(path) == ":memory:" else f"sqlite:///{Path(path)}"
    engine = create_engine(url, connect_args={"check_same_thread": False}, pool_size=1, max_overflow=1)
    synchronous = "FULL" if durable else "NORMAL"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute(f"PRAGMA synchronous = {synchronous}")
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _inserted_id(result: Any) -> int:
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - SQLite always reports the rowid
        raise RuntimeError("the database did not report the new row's id")
    return int(key[0])


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _IN_CHUNK):
        yield ids[i : i + _IN_CHUNK]


class Buffer:
    """The outbox of one gateway or bridge (thread-safe: every call holds one lock)."""

    def __init__(self, path: Path | str, *, durable: bool = True, clock_ms: Callable[[], int]) -> None:
        self.path = path
        self._clock_ms = clock_ms
        self._lock = threading.RLock()
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(path, durable=durable)
        self._last_seq: dict[str, int] = {}
        try:
            self._migrate()
            self._load_last_seq()
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise GatewayBufferError(f"cannot open the buffer {str(path)!r}: {exc.__class__.__name__}: {exc}") from exc

    def _migrate(self) -> None:
        head = head_revision()
        known = MIGRATIONS.known
        with self.engine.begin() as conn:
            current = current_revision(conn)
            if current is not None and current not in known:
                raise GatewayBufferError(
                    f"the buffer {str(self.path)!r} is at revision {current!r}, newer than this release "
                    f"knows (head {head!r}); run a newer Depot or move the file aside",
                    revision=current,
                )
            if current != head:
                MIGRATIONS.upgrade(conn)

    def _load_last_seq(self) -> None:
        with self.engine.connect() as conn:
            self._last_seq = {r.tank_id: int(r.last_seq) for r in conn.execute(select(tank))}

    def close(self) -> None:
        with self._lock:
            self.engine.dispose()

    # --- meta ----------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self._lock, self.engine.connect() as conn:
            return conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()

    def set_meta(self, key: str, value: str) -> None:
        with self._lock, self.engine.begin() as conn:
            stmt = sqlite_insert(meta).values(key=key, value=value)
            conn.execute(stmt.on_conflict_do_update(index_elements=[meta.c.key], set_={"value": value}))

    def bind_chain(self, chain_id: str) -> None:
        """Remember the chain this buffer's readings are signed for; refuse to mix chains."""
        with self._lock:
            stored = self.get_meta("chain_id")
            if stored is None:
                self.set_meta("chain_id", chain_id)
            elif stored != chain_id:
                raise ChainMismatch(
                    f"this buffer holds readings for chain {stored!r}, but the node serves {chain_id!r}; "
                    "use another data_dir for another chain",
                    buffered=stored,
                    node=chain_id,
                )

    # --- sequence numbers ------------------------------------------------------------------------

    def last_seq(self, tank_id: str) -> int:
        """The last sequence number given (gateway) or received (bridge) for ``tank_id``; 0 if none."""
        with self._lock:
            return self._last_seq.get(tank_id, 0)

    def raise_seq_floor(self, floors: dict[str, int]) -> dict[str, int]:
        """Make each tank's next sequence number exceed the chain's last one; returns what changed.

        After a restored backup or a lost buffer the chain may know higher
        sequence numbers than this buffer: new readings must go above them.
        """
        with self._lock:
            changed = {t: s for t, s in floors.items() if s > self._last_seq.get(t, 0)}
            if changed:
                with self.engine.begin() as conn:
                    self._upsert_seq(conn, changed)
                self._last_seq.update(changed)
            return changed

    @staticmethod
    def _upsert_seq(conn: Connection, values: dict[str, int]) -> None:
        stmt = sqlite_insert(tank)
        stmt = stmt.on_conflict_do_update(index_elements=[tank.c.tank_id], set_={"last_seq": stmt.excluded.last_seq})
        conn.execute(stmt, [{"tank_id": t, "last_seq": s} for t, s in values.items()])

    # --- taking readings (gateway) -------------------------------------------------------------

    def take(
        self,
        builders: Sequence[tuple[str, Callable[[int], SignedReading]]],
        *,
        http: bool,
        mqtt: bool,
    ) -> list[BufferedReading]:
        """Give each tank its next sequence number, build (sign) its reading and store it, atomically.

        ``builders`` pairs a tank id with a function from the sequence number
        to the signed reading.  Nothing is stored if anything fails.  A tank
        this buffer has never seen starts at the current time in milliseconds,
        so a gateway whose buffer was lost or replaced still numbers above
        everything its predecessor sent (one reading per millisecond at most).
        """
        if not builders:
            return []
        now = self._clock_ms()
        with self._lock:
            seqs: dict[str, int] = {}
            rows: list[dict[str, Any]] = []
            for tank_id, build in builders:
                last = seqs.get(tank_id, self._last_seq.get(tank_id, 0))
                seq = max(last + 1, now) if last == 0 else last + 1
                seqs[tank_id] = seq
                sr = build(seq)
                if sr.reading.tank_id != tank_id or int(sr.reading.seq) != seq:
                    raise ValueError("a reading builder returned a reading for another tank or sequence number")
                rows.append(self._row(sr, HttpState.PENDING if http else HttpState.NOT_SENT,
                                      MqttState.PENDING if mqtt else MqttState.NOT_SENT, now))
            with self.engine.begin() as conn:
                ids = [_inserted_id(conn.execute(reading.insert().values(**row))) for row in rows]
                self._upsert_seq(conn, seqs)
            self._last_seq.update(seqs)
            return [BufferedReading(int(i), r["tank_id"], r["seq"], r["signed"]) for i, r in zip(ids, rows, strict=True)]

    @staticmethod
    def _row(sr: SignedReading, http: HttpState, mqtt: MqttState, now: int) -> dict[str, Any]:
        r = sr.reading
        return {
            "tank_id": r.tank_id, "seq": int(r.seq), "time_ms": int(r.time_ms), "level_mm": int(r.level_mm),
            "current_ua": int(r.current_ua), "fault": int(r.fault), "signed": encode(sr),
            "http_state": int(http), "mqtt_state": int(mqtt), "batch_id": None, "code": None,
            "taken_ms": now, "done_ms": None,
        }  # fmt: skip

    # --- receiving readings (bridge) -----------------------------------------------------------

    def receive(self, sr: SignedReading) -> str:
        """Store a reading that arrived over MQTT: ``"stored"``, or ``"duplicate"`` if its seq was seen.

        Gateways publish each tank's readings in order, one at a time, so a
        sequence number at or below the last one received is a redelivery
        (QoS 1 is at-least-once), never a reading still to come.
        """
        r = sr.reading
        seq = int(r.seq)
        with self._lock:
            if seq <= self._last_seq.get(r.tank_id, 0):
                return "duplicate"
            with self.engine.begin() as conn:
                conn.execute(reading.insert().values(**self._row(sr, HttpState.PENDING, MqttState.NOT_SENT, self._clock_ms())))
                self._upsert_seq(conn, {r.tank_id: seq})
            self._last_seq[r.tank_id] = seq
            return "stored"

    # --- delivery to a node (HTTP) -------------------------------------------------------------

    def pending_http(self, limit: int) -> list[BufferedReading]:
        """The oldest readings waiting for a batch, in delivery order."""
        q = (
            select(reading.c.id, reading.c.tank_id, reading.c.seq, reading.c.signed)
            .where(reading.c.http_state == int(HttpState.PENDING))
            .order_by(reading.c.id)
            .limit(limit)
        )
        with self._lock, self.engine.connect() as conn:
            return [BufferedReading(r.id, r.tank_id, int(r.seq), bytes(r.signed)) for r in conn.execute(q)]

    def readings(self, ids: Sequence[int]) -> list[BufferedReading]:
        """Readings by id, in id order."""
        out: list[BufferedReading] = []
        with self._lock, self.engine.connect() as conn:
            for chunk in _chunks(list(ids)):
                q = (
                    select(reading.c.id, reading.c.tank_id, reading.c.seq, reading.c.signed)
                    .where(reading.c.id.in_(chunk))
                    .order_by(reading.c.id)
                )
                out += [BufferedReading(r.id, r.tank_id, int(r.seq), bytes(r.signed)) for r in conn.execute(q)]
        return sorted(out, key=lambda b: b.id)

    def open_batch(self) -> Batch | None:
        """The batch whose fate is not known yet (at most one), with its readings."""
        with self._lock, self.engine.connect() as conn:
            row = conn.execute(
                select(batch).where(batch.c.state == int(BatchState.OPEN)).order_by(batch.c.id).limit(1)
            ).first()
            if row is None:
                return None
            ids = conn.execute(
                select(reading.c.id).where(reading.c.batch_id == row.id).order_by(reading.c.id)
            ).scalars().all()
            return Batch(row.id, int(row.nonce), row.tx_id, bytes(row.raw), int(row.expires_ms), tuple(ids))

    def create_batch(self, reading_ids: Sequence[int], *, nonce: int, tx_id: str, raw: bytes, expires_ms: int) -> Batch:
        """Record a transaction and put its (pending) readings in it, before it is submitted."""
        ids = list(reading_ids)
        with self._lock, self.engine.begin() as conn:
            if conn.execute(select(func.count()).select_from(batch).where(batch.c.state == int(BatchState.OPEN))).scalar_one():
                raise RuntimeError("a batch is already open; resolve it first")
            bid = _inserted_id(conn.execute(
                batch.insert().values(nonce=nonce, tx_id=tx_id, raw=raw, expires_ms=expires_ms, state=int(BatchState.OPEN),
                                      readings=len(ids), created_ms=self._clock_ms())
            ))
            moved = 0
            for chunk in _chunks(ids):
                moved += conn.execute(
                    reading.update()
                    .where(reading.c.id.in_(chunk), reading.c.http_state == int(HttpState.PENDING))
                    .values(http_state=int(HttpState.IN_BATCH), batch_id=bid)
                ).rowcount
            if moved != len(ids):
                raise RuntimeError("a batch may only take pending readings")
        return Batch(int(bid), nonce, tx_id, raw, expires_ms, tuple(ids))

    def rebuild_batch(self, batch_id: int, *, nonce: int, tx_id: str, raw: bytes, expires_ms: int) -> Batch:
        """Replace the transaction of an open batch that can never be committed (expired, nonce taken)."""
        with self._lock:
            with self.engine.begin() as conn:
                n = conn.execute(
                    batch.update()
                    .where(batch.c.id == batch_id, batch.c.state == int(BatchState.OPEN))
                    .values(nonce=nonce, tx_id=tx_id, raw=raw, expires_ms=expires_ms)
                ).rowcount
                if n != 1:
                    raise RuntimeError(f"batch {batch_id} is not open")
            b = self.open_batch()
        if b is None or b.id != batch_id:  # pragma: no cover - guarded above
            raise RuntimeError(f"batch {batch_id} vanished")
        return b

    def commit_batch(self, batch_id: int, *, height: int) -> int:
        """The node reported the batch committed and successful: its readings are delivered."""
        now = self._clock_ms()
        with self._lock, self.engine.begin() as conn:
            conn.execute(
                batch.update().where(batch.c.id == batch_id)
                .values(state=int(BatchState.COMMITTED), finished_ms=now, height=height, code="ok")
            )
            return int(conn.execute(
                reading.update()
                .where(reading.c.batch_id == batch_id, reading.c.http_state == int(HttpState.IN_BATCH))
                .values(http_state=int(HttpState.DELIVERED), done_ms=now)
            ).rowcount)

    def release_batch(
        self,
        batch_id: int,
        *,
        state: BatchState,
        code: str,
        height: int | None = None,
        settle: dict[int, tuple[HttpState, str]] | None = None,
    ) -> None:
        """Close a batch that did not deliver: settle the readings in ``settle``, the rest go back to pending."""
        if state not in (BatchState.FAILED, BatchState.DISSOLVED):
            raise ValueError("release_batch closes a batch as FAILED or DISSOLVED")
        now = self._clock_ms()
        settle = settle or {}
        with self._lock, self.engine.begin() as conn:
            conn.execute(
                batch.update().where(batch.c.id == batch_id)
                .values(state=int(state), finished_ms=now, height=height, code=code[:64])
            )
            for rid, (rstate, rcode) in settle.items():
                conn.execute(
                    reading.update()
                    .where(reading.c.id == rid, reading.c.batch_id == batch_id)
                    .values(http_state=int(rstate), code=rcode[:64], done_ms=now, batch_id=None)
                )
            conn.execute(
                reading.update()
                .where(reading.c.batch_id == batch_id, reading.c.http_state == int(HttpState.IN_BATCH))
                .values(http_state=int(HttpState.PENDING), batch_id=None)
            )

    # --- publishing to a broker (MQTT) ---------------------------------------------------------

    def pending_mqtt(self, limit: int, *, after_id: int = 0) -> list[BufferedReading]:
        q = (
            select(reading.c.id, reading.c.tank_id, reading.c.seq, reading.c.signed)
            .where(reading.c.mqtt_state == int(MqttState.PENDING), reading.c.id > after_id)
            .order_by(reading.c.id)
            .limit(limit)
        )
        with self._lock, self.engine.connect() as conn:
            return [BufferedReading(r.id, r.tank_id, int(r.seq), bytes(r.signed)) for r in conn.execute(q)]

    def mark_published(self, ids: Sequence[int]) -> None:
        if not ids:
            return
        now = self._clock_ms()
        with self._lock, self.engine.begin() as conn:
            for chunk in _chunks(list(ids)):
                conn.execute(
                    reading.update()
                    .where(reading.c.id.in_(chunk), reading.c.mqtt_state == int(MqttState.PENDING))
                    .values(mqtt_state=int(MqttState.PUBLISHED), done_ms=now)
                )

    # --- housekeeping --------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Readings per state: ``http_pending``, ``http_in_batch``, ``delivered``, ``on_chain``, ``rejected``, ``mqtt_pending``, ``published``."""
        with self._lock, self.engine.connect() as conn:
            http = {int(s): int(n) for s, n in conn.execute(
                select(reading.c.http_state, func.count()).group_by(reading.c.http_state))}
            mqtt = {int(s): int(n) for s, n in conn.execute(
                select(reading.c.mqtt_state, func.count()).group_by(reading.c.mqtt_state))}
        return {
            "http_pending": int(http.get(int(HttpState.PENDING), 0)),
            "http_in_batch": int(http.get(int(HttpState.IN_BATCH), 0)),
            "delivered": int(http.get(int(HttpState.DELIVERED), 0)),
            "on_chain": int(http.get(int(HttpState.ON_CHAIN), 0)),
            "rejected": int(http.get(int(HttpState.REJECTED), 0)),
            "mqtt_pending": int(mqtt.get(int(MqttState.PENDING), 0)),
            "published": int(mqtt.get(int(MqttState.PUBLISHED), 0)),
        }

    def backlog(self) -> int:
        """Readings not yet acknowledged on some configured path."""
        c = self.counts()
        return max(c["http_pending"] + c["http_in_batch"], c["mqtt_pending"])

    def prune(self, older_than_ms: int) -> int:
        """Delete readings done on every path and taken before ``older_than_ms``, and closed batches."""
        done_http = [int(HttpState.NOT_SENT), int(HttpState.DELIVERED), int(HttpState.ON_CHAIN), int(HttpState.REJECTED)]
        done_mqtt = [int(MqttState.NOT_SENT), int(MqttState.PUBLISHED)]
        with self._lock, self.engine.begin() as conn:
            n = conn.execute(
                reading.delete().where(
                    reading.c.http_state.in_(done_http), reading.c.mqtt_state.in_(done_mqtt),
                    reading.c.taken_ms < older_than_ms,
                )
            ).rowcount
            conn.execute(batch.delete().where(batch.c.state != int(BatchState.OPEN), batch.c.created_ms < older_than_ms))
        return int(n)

    def http_states(self, tank_id: str) -> list[tuple[int, int, str | None]]:
        """(seq, http_state, code) of every buffered reading of a tank, by seq (tests and diagnostics)."""
        with self._lock, self.engine.connect() as conn:
            rows = conn.execute(
                select(reading.c.seq, reading.c.http_state, reading.c.code)
                .where(reading.c.tank_id == tank_id).order_by(reading.c.seq)
            )
            return [(int(r.seq), int(r.http_state), r.code) for r in rows]
