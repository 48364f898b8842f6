"""The node's store: finalised blocks, their index and the latest state, committed atomically.

The store deals in bytes and plain values only; encoding blocks and
transactions is the chain core's job.  Each finalised block arrives as one
``BlockRecord`` and is written in one database transaction together with the
``latest_height`` pointer, so after a crash at any moment a block is either
wholly there or not at all, and a read (one statement, or one snapshot for
the few reads that take several) never sees half a block.  Genesis is
height 0 and has no block row: its bytes, hash and state root live in
``meta``.

Writes come from one thread (the node); reads may come from any number of
threads (API handlers) through their own pooled connections.  See
``node.storage.engine`` for the SQLite (WAL) and PostgreSQL settings.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypedDict

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    any_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError

from node.storage import migrate
from node.storage.bulk import SQLITE_IN_CHUNK, OnConflict, array_of, bulk_writer
from node.storage.checkpoint import WalCheckpointer
from node.storage.engine import Engines, make_engines
from node.storage.errors import (
    GenesisMismatch,
    HeightGap,
    HeightUnavailable,
    NoGenesis,
    SchemaTooNew,
    StoreConflict,
    StoreCorrupt,
    StoreUnavailable,
)
from node.storage.schema import (
    blocks,
    commits,
    events,
    meta,
    state,
    state_nodes,
    txs,
    validator_sets,
)

# Names of the rows in ``meta``.
_GENESIS = "genesis"
_GENESIS_HASH = "genesis_hash"
_GENESIS_STATE_ROOT = "genesis_state_root"
_LATEST_HEIGHT = "latest_height"

#: Any constant: the PostgreSQL advisory lock that serialises concurrent migrations.
_MIGRATION_LOCK_ID = 0x4465706F74  # "Depot"


# The hottest reads, built once (the authenticated tree reads nodes one by one).
_GET_NODE = select(state_nodes.c.node).where(state_nodes.c.node_hash == bindparam("h"))
_GET_STATE = select(state.c.value).where(state.c.key == bindparam("k"))


@dataclass(frozen=True, slots=True)
class TxRow:
    """One transaction of a committed block, as the index keeps it."""

    tx_id: bytes
    """The transaction id (32 bytes)."""
    index: int
    """Position of the transaction in its block, from 0."""
    sender: bytes
    """The sender's account address (20 bytes)."""
    kind: str
    """The transaction kind, e.g. ``"token.transfer"``."""
    ok: bool
    """Whether it executed successfully (failed transactions are still included)."""
    result_code: str
    """``"ok"`` or the error code it failed with."""


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event emitted while executing a block."""

    tx_index: int | None
    """Index of the transaction that emitted it; None for block-level events."""
    kind: str
    """The event kind, e.g. ``"token.transferred"``."""
    attrs: str
    """The event's attributes as JSON text (already serialised, deterministic)."""


@dataclass(frozen=True, slots=True)
class BlockRecord:
    """Everything committed atomically for one finalised block."""

    height: int
    """Height of the block (the first block is 1; genesis is 0 and has no block)."""
    block_id: bytes
    """The block id (hash of the header)."""
    time_ms: int
    """Block time, milliseconds since the Unix epoch."""
    header: bytes
    """Canonical header encoding."""
    block: bytes
    """Canonical full block encoding (header, txs, last commit, evidence)."""
    commit: bytes
    """Canonical encoding of the commit that finalised this block."""
    state_root: bytes
    """The state root recorded for this block."""
    txs: Sequence[TxRow]
    """The block's transactions, in block order."""
    events: Sequence[EventRow]
    """The events emitted by the block, in emission order."""
    state_changes: Mapping[bytes, bytes | None]
    """Latest-state changes: key -> new value, None = deleted."""
    tree_nodes: Mapping[bytes, bytes]
    """New authenticated tree nodes: node hash -> node record (content-addressed)."""
    validator_set: bytes | None
    """Encoded validator set in force from ``height + 1``; None = unchanged."""


@dataclass(frozen=True, slots=True)
class TxLocation:
    """Where a transaction landed and how it ended."""

    height: int
    """Height of the block that includes it."""
    index: int
    """Position in that block."""
    ok: bool
    """Whether it executed successfully."""
    result_code: str
    """``"ok"`` or the error code."""
    kind: str
    """The transaction kind."""
    sender: bytes
    """The sender's account address."""


@dataclass(frozen=True, slots=True)
class EventView:
    """A stored event with its position in the chain; ``(height, seq)`` is its key."""

    height: int
    """Height of the block that emitted it."""
    seq: int
    """Position among that block's events, from 0."""
    tx_index: int | None
    """Index of the emitting transaction; None for block-level events."""
    kind: str
    """The event kind."""
    attrs: str
    """The attributes as JSON text."""


class BlockMeta(TypedDict):
    """The summary of a block that lists and pages show."""

    height: int
    block_id: bytes
    time_ms: int
    num_txs: int
    state_root: bytes


@cache
def _head_revision() -> str:
    return migrate.head_revision()


@cache
def _known_revisions() -> frozenset[str]:
    return frozenset(migrate.known_revisions())


@contextlib.contextmanager
def _db_errors() -> Iterator[None]:
    """Turn the database errors a caller can act on into ``StoreError``s."""
    try:
        yield
    except IntegrityError as exc:
        raise StoreConflict(f"record clashes with stored data: {exc.orig}") from exc
    except OperationalError as exc:
        raise StoreUnavailable(f"database unavailable: {exc.orig}") from exc


def _prefix_end(prefix: bytes) -> bytes | None:
    """The smallest byte string greater than every string starting with ``prefix``."""
    trimmed = prefix.rstrip(b"\xff")
    if not trimmed:
        return None
    return trimmed[:-1] + bytes([trimmed[-1] + 1])


def _first(item: tuple[bytes, Any]) -> bytes:
    return item[0]


def _tx_id_of(row: TxRow) -> bytes:
    return row.tx_id


def _chunks(items: list[bytes], size: int) -> Iterator[list[bytes]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Store:
    """The node's database: open with ``Store.open(url)``, close with ``close()``.

    Safe to share between threads: one thread writes (``init_genesis``,
    ``commit_block``), any number read.
    """

    def __init__(self, engines: Engines) -> None:
        """Wrap already migrated engines; use ``Store.open`` instead."""
        self._engines = engines
        self._closed = False
        self._write_lock = threading.RLock()
        # In-memory SQLite has one connection: readers must take turns with the writer.
        self._read_lock: contextlib.AbstractContextManager[Any] = (
            self._write_lock if engines.shared else contextlib.nullcontext()
        )
        self._bulk = bulk_writer(engines.writer.dialect)
        self._checkpointer: WalCheckpointer | None = None
        if engines.sqlite_path is not None:
            self._checkpointer = WalCheckpointer(
                engines.reader, engines.writer, engines.sqlite_path
            )

    # --- opening and closing ------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, durable: bool = False) -> Store:
        """Open (creating or migrating if needed) the store at ``url`` and check it.

        ``url`` is a SQLAlchemy URL: ``sqlite:///path/to/node.db`` or
        ``postgresql://user@host/db`` (psycopg 3 is chosen automatically).
        The schema is brought to this release's head revision with Alembic.
        ``durable=True`` makes SQLite fsync every commit (``synchronous=FULL``)
        instead of only at checkpoints; it changes nothing on PostgreSQL.

        Raises ``StoreCorrupt`` if the stored data break the store's invariants,
        ``SchemaTooNew`` if a newer release migrated the database, and
        ``StoreUnavailable`` if the database cannot be reached.
        """
        engines = make_engines(url, durable=durable)
        store: Store | None = None
        try:
            with _db_errors():
                _migrate_to_head(engines)
                store = cls(engines)
                store._check_invariants()
        except BaseException:
            if store is not None:
                store.close()
            else:
                engines.dispose()
            raise
        return store

    def close(self) -> None:
        """Release every database connection; the store cannot be used afterwards."""
        if not self._closed:
            self._closed = True
            if self._checkpointer is not None:
                self._checkpointer.stop()
            self._engines.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return "sqlite" if self._engines.is_sqlite else "postgresql"

    # --- transactions ---------------------------------------------------------------

    @contextlib.contextmanager
    def _read(self, snapshot: bool = False) -> Iterator[Connection]:
        """A reader connection, for one statement or (``snapshot``) a read transaction.

        A single statement sees one committed state by itself, so it runs without
        BEGIN/COMMIT (two fewer statements, or round trips on PostgreSQL); with
        ``snapshot`` every statement sees the same committed state.
        """
        if self._closed:
            raise RuntimeError("store is closed")
        with self._read_lock, _db_errors(), self._engines.reader.connect() as conn:
            if snapshot:
                with conn.begin():
                    yield conn
            else:
                conn.execution_options(**self._engines.single_statement_options)
                yield conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """The write transaction; committed on normal exit, rolled back on any exception."""
        if self._closed:
            raise RuntimeError("store is closed")
        with self._write_lock, _db_errors(), self._engines.writer.begin() as conn:
            yield conn

    def _latest_for_update(self, conn: Connection) -> int:
        # FOR UPDATE serialises writers on PostgreSQL; SQLite's BEGIN IMMEDIATE already did.
        row = conn.execute(
            select(meta.c.num).where(meta.c.name == _LATEST_HEIGHT).with_for_update()
        ).first()
        return -1 if row is None else int(row.num)

    # --- writes ---------------------------------------------------------------------

    def init_genesis(
        self,
        genesis: bytes,
        genesis_hash: bytes,
        state_changes: Mapping[bytes, bytes | None],
        tree_nodes: Mapping[bytes, bytes],
        state_root: bytes,
        validator_set: bytes,
    ) -> None:
        """Store the genesis (height 0) with its initial state, tree and validator set.

        Idempotent for the genesis already stored (nothing is rewritten); raises
        ``GenesisMismatch`` if a different genesis is stored.
        """
        with self._write() as conn:
            stored = dict(
                conn.execute(
                    select(meta.c.name, meta.c.blob).where(
                        meta.c.name.in_([_GENESIS, _GENESIS_HASH])
                    )
                ).all()
            )
            if stored:
                if stored.get(_GENESIS_HASH) == genesis_hash and stored.get(_GENESIS) == genesis:
                    return
                raise GenesisMismatch(
                    "the database holds a different genesis",
                    stored_hash=stored.get(_GENESIS_HASH) or b"",
                    offered_hash=genesis_hash,
                )
            if self._latest_for_update(conn) != -1:
                raise StoreCorrupt("latest height is set but no genesis is stored")
            conn.execute(
                insert(meta),
                [
                    {"name": _GENESIS, "blob": genesis, "num": None},
                    {"name": _GENESIS_HASH, "blob": genesis_hash, "num": None},
                    {"name": _GENESIS_STATE_ROOT, "blob": state_root, "num": None},
                    {"name": _LATEST_HEIGHT, "blob": None, "num": 0},
                ],
            )
            self._apply_state(conn, state_changes)
            self._insert_nodes(conn, tree_nodes)
            conn.execute(insert(validator_sets), {"height": 0, "vset": validator_set})

    def commit_block(self, rec: BlockRecord) -> None:
        """Commit one finalised block and everything that goes with it, atomically.

        In one database transaction: the block and its commit, the transaction
        index, the events, the latest-state upserts and deletes, the new tree
        nodes (kept if already present: they are content-addressed), the next
        validator set and the latest-height pointer.  Raises ``NoGenesis``
        before genesis, ``HeightGap`` unless ``rec.height`` is latest + 1, and
        ``StoreConflict`` if a tx id or block id is already stored; in every
        failure nothing of the block is stored.
        """
        with self._write() as conn:
            latest = self._latest_for_update(conn)
            if latest < 0:
                raise NoGenesis("store the genesis before any block")
            if rec.height != latest + 1:
                raise HeightGap(
                    f"block height {rec.height} does not follow latest height {latest}",
                    expected=latest + 1,
                    got=rec.height,
                )
            conn.execute(
                insert(blocks),
                {
                    "height": rec.height,
                    "block_id": rec.block_id,
                    "time_ms": rec.time_ms,
                    "num_txs": len(rec.txs),
                    "state_root": rec.state_root,
                    "header": rec.header,
                    "body": rec.block,
                },
            )
            conn.execute(insert(commits), {"height": rec.height, "body": rec.commit})
            n_txs = len(rec.txs)
            # In tx id order (random keys): the primary-key index is filled page by page.
            tx_rows = sorted(rec.txs, key=_tx_id_of)
            self._bulk.insert(
                conn,
                txs,
                [
                    [t.tx_id for t in tx_rows],
                    [rec.height] * n_txs,
                    [t.index for t in tx_rows],
                    [t.sender for t in tx_rows],
                    [t.kind for t in tx_rows],
                    [t.ok for t in tx_rows],
                    [t.result_code for t in tx_rows],
                ],
                OnConflict.ERROR,
            )
            n_events = len(rec.events)
            self._bulk.insert(
                conn,
                events,
                [
                    [rec.height] * n_events,
                    list(range(n_events)),
                    [e.tx_index for e in rec.events],
                    [e.kind for e in rec.events],
                    [e.attrs for e in rec.events],
                ],
                OnConflict.ERROR,
            )
            self._apply_state(conn, rec.state_changes)
            self._insert_nodes(conn, rec.tree_nodes)
            if rec.validator_set is not None:
                conn.execute(
                    insert(validator_sets), {"height": rec.height + 1, "vset": rec.validator_set}
                )
            conn.execute(update(meta).where(meta.c.name == _LATEST_HEIGHT).values(num=rec.height))

    def _apply_state(self, conn: Connection, changes: Mapping[bytes, bytes | None]) -> None:
        keys: list[bytes] = []
        values: list[bytes] = []
        deletes: list[bytes] = []
        for key, value in sorted(changes.items(), key=_first):
            if value is None:
                deletes.append(key)
            else:
                keys.append(key)
                values.append(value)
        self._bulk.insert(conn, state, [keys, values], OnConflict.UPDATE)
        self._bulk.delete_keys(conn, state.c.key, deletes)

    def _insert_nodes(self, conn: Connection, nodes: Mapping[bytes, bytes]) -> None:
        # Content-addressed: a node already stored is the same node, so keep it.  Sorted by
        # hash, the random keys fill the index page by page instead of all over it.
        items = sorted(nodes.items(), key=_first)
        self._bulk.insert(
            conn, state_nodes, [[h for h, _ in items], [n for _, n in items]], OnConflict.IGNORE
        )

    @staticmethod
    def _key_any(column: Any) -> ColumnElement[bool]:
        # PostgreSQL: one bytea[] parameter, so one statement whatever the number of keys.
        return column == any_(bindparam("keys", type_=array_of(column.type)))  # type: ignore[no-any-return]

    # --- reads: chain -------------------------------------------------------------------

    def genesis(self) -> tuple[bytes, bytes] | None:
        """The stored genesis as ``(genesis bytes, genesis hash)``, or None."""
        with self._read() as conn:
            stored = dict(
                conn.execute(
                    select(meta.c.name, meta.c.blob).where(
                        meta.c.name.in_([_GENESIS, _GENESIS_HASH])
                    )
                ).all()
            )
        if _GENESIS not in stored or _GENESIS_HASH not in stored:
            return None
        return stored[_GENESIS], stored[_GENESIS_HASH]

    def latest_height(self) -> int:
        """Height of the latest committed block: 0 if only genesis, -1 if nothing."""
        with self._read() as conn:
            num = conn.execute(select(meta.c.num).where(meta.c.name == _LATEST_HEIGHT)).scalar()
        return -1 if num is None else int(num)

    def header(self, height: int) -> bytes | None:
        """The canonical header encoding of the block at ``height``, or None."""
        return self._block_column(blocks.c.header, height)

    def block(self, height: int) -> bytes | None:
        """The canonical full block encoding at ``height``, or None."""
        return self._block_column(blocks.c.body, height)

    def commit(self, height: int) -> bytes | None:
        """The commit that finalised the block at ``height``, or None."""
        with self._read() as conn:
            return conn.execute(  # type: ignore[no-any-return]
                select(commits.c.body).where(commits.c.height == height)
            ).scalar()

    def _block_column(self, column: Any, height: int) -> Any:
        with self._read() as conn:
            return conn.execute(select(column).where(blocks.c.height == height)).scalar()

    def height_of_block(self, block_id: bytes) -> int | None:
        """Height of the block with id ``block_id``, or None."""
        with self._read() as conn:
            h = conn.execute(select(blocks.c.height).where(blocks.c.block_id == block_id)).scalar()
        return None if h is None else int(h)

    _META_COLUMNS = (
        blocks.c.height,
        blocks.c.block_id,
        blocks.c.time_ms,
        blocks.c.num_txs,
        blocks.c.state_root,
    )

    @staticmethod
    def _meta_of(row: Any) -> BlockMeta:
        return BlockMeta(
            height=int(row.height),
            block_id=row.block_id,
            time_ms=int(row.time_ms),
            num_txs=int(row.num_txs),
            state_root=row.state_root,
        )

    def block_meta(self, height: int) -> BlockMeta | None:
        """Height, block id, time, number of txs and state root of a block, or None."""
        with self._read() as conn:
            row = conn.execute(select(*self._META_COLUMNS).where(blocks.c.height == height)).first()
        return None if row is None else self._meta_of(row)

    def recent_blocks(self, before: int | None, limit: int) -> list[BlockMeta]:
        """Up to ``limit`` blocks below height ``before`` (None: from the latest), newest first.

        Page on by passing the last height returned as the next ``before``.
        """
        if limit <= 0:
            return []
        stmt = select(*self._META_COLUMNS)
        if before is not None:
            stmt = stmt.where(blocks.c.height < before)
        stmt = stmt.order_by(blocks.c.height.desc()).limit(limit)
        with self._read() as conn:
            return [self._meta_of(row) for row in conn.execute(stmt)]

    def tx_location(self, tx_id: bytes) -> TxLocation | None:
        """Where the transaction ``tx_id`` landed and how it ended, or None."""
        with self._read() as conn:
            row = conn.execute(
                select(
                    txs.c.height, txs.c.idx, txs.c.ok, txs.c.result_code, txs.c.kind, txs.c.sender
                ).where(txs.c.tx_id == tx_id)
            ).first()
        if row is None:
            return None
        return TxLocation(
            height=int(row.height),
            index=int(row.idx),
            ok=bool(row.ok),
            result_code=row.result_code,
            kind=row.kind,
            sender=row.sender,
        )

    def tx_ids_in_block(self, height: int) -> list[bytes]:
        """The ids of the block's transactions in block order (empty if no such block)."""
        with self._read() as conn:
            return list(
                conn.execute(
                    select(txs.c.tx_id).where(txs.c.height == height).order_by(txs.c.idx)
                ).scalars()
            )

    def events(
        self,
        from_height: int,
        to_height: int | None = None,
        kind: str | None = None,
        limit: int = 1000,
        *,
        after: tuple[int, int] | None = None,
    ) -> list[EventView]:
        """Events of blocks ``from_height`` .. ``to_height`` (inclusive), in chain order.

        ``kind`` keeps only that kind.  To page on, pass the ``(height, seq)`` of
        the last event returned as ``after``.
        """
        if limit <= 0:
            return []
        conds: list[ColumnElement[bool]] = [events.c.height >= from_height]
        if to_height is not None:
            conds.append(events.c.height <= to_height)
        if kind is not None:
            conds.append(events.c.kind == kind)
        if after is not None:
            a_height, a_seq = after
            conds.append(
                or_(
                    events.c.height > a_height,
                    and_(events.c.height == a_height, events.c.seq > a_seq),
                )
            )
        stmt = (
            select(events.c.height, events.c.seq, events.c.tx_index, events.c.kind, events.c.attrs)
            .where(*conds)
            .order_by(events.c.height, events.c.seq)
            .limit(limit)
        )
        with self._read() as conn:
            return [
                EventView(
                    height=int(r.height),
                    seq=int(r.seq),
                    tx_index=None if r.tx_index is None else int(r.tx_index),
                    kind=r.kind,
                    attrs=r.attrs,
                )
                for r in conn.execute(stmt)
            ]

    def state_root(self, height: int) -> bytes | None:
        """The state root at ``height`` (0: the genesis root), or None."""
        with self._read() as conn:
            if height == 0:
                return conn.execute(  # type: ignore[no-any-return]
                    select(meta.c.blob).where(meta.c.name == _GENESIS_STATE_ROOT)
                ).scalar()
            return conn.execute(  # type: ignore[no-any-return]
                select(blocks.c.state_root).where(blocks.c.height == height)
            ).scalar()

    def validator_set_at(self, height: int) -> bytes:
        """The encoded validator set in force at ``height`` (0 and 1: the genesis set).

        Known up to latest height + 1; raises ``HeightUnavailable`` beyond that,
        for a negative height, or before genesis.
        """
        with self._read(snapshot=True) as conn:
            latest = conn.execute(select(meta.c.num).where(meta.c.name == _LATEST_HEIGHT)).scalar()
            if latest is None or height < 0 or height > int(latest) + 1:
                raise HeightUnavailable(
                    f"no validator set known for height {height}",
                    height=height,
                    latest=-1 if latest is None else int(latest),
                )
            vset = conn.execute(
                select(validator_sets.c.vset)
                .where(validator_sets.c.height <= height)
                .order_by(validator_sets.c.height.desc())
                .limit(1)
            ).scalar()
        if vset is None:
            raise StoreCorrupt("no validator set stored at or before the height", height=height)
        return vset  # type: ignore[no-any-return]

    # --- reads: state -------------------------------------------------------------------

    def get_state(self, key: bytes) -> bytes | None:
        """The latest value of state ``key``, or None."""
        with self._read() as conn:
            return conn.execute(_GET_STATE, {"k": key}).scalar()  # type: ignore[no-any-return]

    def get_state_many(self, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        """The latest values of the present ``keys`` (absent keys are left out), one snapshot."""
        return self._get_many(state.c.key, state.c.value, keys)

    def _get_many(self, key_col: Any, value_col: Any, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        wanted = list(dict.fromkeys(keys))
        out: dict[bytes, bytes] = {}
        if not wanted:
            return out
        with self._read(snapshot=len(wanted) > SQLITE_IN_CHUNK) as conn:
            if self._engines.is_sqlite:
                stmt = select(key_col, value_col).where(
                    key_col.in_(bindparam("keys", expanding=True))
                )
                for chunk in _chunks(wanted, SQLITE_IN_CHUNK):
                    out.update(conn.execute(stmt, {"keys": chunk}).all())
            else:
                stmt = select(key_col, value_col).where(self._key_any(key_col))
                out.update(conn.execute(stmt, {"keys": wanted}).all())
        return out

    def iter_state(
        self, prefix: bytes, after: bytes | None = None, limit: int = 1000
    ) -> list[tuple[bytes, bytes]]:
        """Up to ``limit`` ``(key, value)`` pairs whose key starts with ``prefix``, by key.

        Keys compare bytewise.  To page on, pass the last key returned as ``after``.
        """
        if limit <= 0:
            return []
        conds: list[ColumnElement[bool]] = [state.c.key >= prefix]
        end = _prefix_end(prefix)
        if end is not None:
            conds.append(state.c.key < end)
        if after is not None:
            conds.append(state.c.key > after)
        stmt = select(state.c.key, state.c.value).where(*conds).order_by(state.c.key).limit(limit)
        with self._read() as conn:
            return [(bytes(k), bytes(v)) for k, v in conn.execute(stmt)]

    def get_node(self, node_hash: bytes) -> bytes | None:
        """The authenticated-tree node stored under ``node_hash``, or None."""
        with self._read() as conn:
            return conn.execute(_GET_NODE, {"h": node_hash}).scalar()  # type: ignore[no-any-return]

    def get_nodes_many(self, node_hashes: Iterable[bytes]) -> dict[bytes, bytes]:
        """The stored tree nodes among ``node_hashes`` (absent ones are left out)."""
        return self._get_many(state_nodes.c.node_hash, state_nodes.c.node, node_hashes)

    # --- invariants -----------------------------------------------------------------------

    def _check_invariants(self) -> None:
        """Cheap checks (index lookups only) of what every committed state satisfies."""
        with self._read(snapshot=True) as conn:
            names = dict(
                conn.execute(
                    select(meta.c.name, meta.c.num).where(
                        meta.c.name.in_(
                            [_GENESIS, _GENESIS_HASH, _GENESIS_STATE_ROOT, _LATEST_HEIGHT]
                        )
                    )
                ).all()
            )
            min_h, max_h = conn.execute(
                select(func.min(blocks.c.height), func.max(blocks.c.height))
            ).one()
            if _LATEST_HEIGHT not in names:
                if names or max_h is not None:
                    raise StoreCorrupt("blocks or genesis stored without a latest-height pointer")
                return
            latest = names[_LATEST_HEIGHT]
            missing = {_GENESIS, _GENESIS_HASH, _GENESIS_STATE_ROOT} - names.keys()
            if latest is None or missing:
                raise StoreCorrupt("genesis incompletely stored", missing=sorted(missing))
            latest = int(latest)
            if latest == 0:
                if max_h is not None:
                    raise StoreCorrupt("blocks stored above a latest height of 0", max_height=max_h)
            else:
                if max_h is None or int(max_h) != latest or int(min_h) != 1:
                    raise StoreCorrupt(
                        "latest-height pointer does not match the stored blocks",
                        latest=latest,
                        min_height=min_h,
                        max_height=max_h,
                    )
                if (
                    conn.execute(select(commits.c.height).where(commits.c.height == latest)).first()
                    is None
                ):
                    raise StoreCorrupt("the latest block has no commit", latest=latest)
            if (
                conn.execute(
                    select(validator_sets.c.height).where(validator_sets.c.height == 0)
                ).first()
                is None
            ):
                raise StoreCorrupt("the genesis validator set is missing")


def _migrate_to_head(engines: Engines) -> None:
    """Bring the schema to this release's head revision; a no-op when it is there."""
    head = _head_revision()
    with engines.writer.begin() as conn:
        if not engines.is_sqlite:
            # Two processes opening a fresh database must not both create it.
            conn.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK_ID)))
        current = migrate.current_revision(conn)
        if current == head:
            return
        if current is not None and current not in _known_revisions():
            raise SchemaTooNew(
                f"database schema {current} is newer than this release ({head})",
                current=current,
                head=head,
            )
        migrate.upgrade(conn, "head")
