"""Reading a node's store for the indexer: blocks, commits, transaction outcomes, events, latest state.

The node's database is opened read-only (on SQLite ``mode=ro``: the
explorer never writes a node's data and works on an auditor's copy with no
node running).  Rows of committed blocks never change, so each read of them
needs no snapshot; the latest-state scan runs in one read transaction so
that the records it sees belong to one height.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, select
from sqlalchemy.exc import OperationalError

from explorer.errors import NodeDataMissing, NodeSchemaUnknown
from node.core.encoding import decode
from node.core.genesis import Genesis
from node.storage import migrate as node_migrate
from node.storage.engine import normalize_url
from node.storage.schema import VERSION_TABLE as NODE_VERSION_TABLE
from node.storage.schema import blocks, commits, events, meta, state, txs

#: File name of the node's store inside its data folder.
NODE_DB_FILE = "node.db"


def node_url_for_home(home: Path | str) -> str:
    """The SQLAlchemy URL of the store in a node's data folder."""
    return f"sqlite:///{Path(home).resolve() / NODE_DB_FILE}"


@dataclass(frozen=True, slots=True)
class NodeBlock:
    """One stored block as the indexer needs it."""

    height: int
    block_id: bytes
    time_ms: int
    state_root: bytes
    header: bytes
    body: bytes
    commit: bytes | None


@dataclass(frozen=True, slots=True)
class NodeTx:
    """A transaction's outcome as the node's index recorded it."""

    height: int
    index: int
    tx_id: bytes
    ok: bool
    code: str


@dataclass(frozen=True, slots=True)
class NodeEvent:
    height: int
    seq: int
    tx_index: int | None
    kind: str
    attrs: str


def _read_only_engine(url: str) -> Engine:
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "sqlite":
        # PostgreSQL (a validator's or archive node's store): read-only transactions.
        return create_engine(
            parsed, pool_size=2, max_overflow=2, execution_options={"postgresql_readonly": True}
        )
    path = parsed.database
    if not path or path == ":memory:":
        raise NodeDataMissing("the explorer reads a node's store from a file", url=url)
    if not Path(path).is_file():
        raise NodeDataMissing(f"no node store at {path}", path=path)
    engine = create_engine(
        f"sqlite:///file:{Path(path).resolve()}?mode=ro&uri=true",
        pool_size=2,
        max_overflow=2,
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        try:
            cur.execute("PRAGMA busy_timeout = 30000")
            cur.execute("PRAGMA query_only = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


class NodeSource:
    """Read access to one node's store (``NodeSource.open(url)``; ``close()`` when done)."""

    def __init__(self, engine: Engine, url: str) -> None:
        self._engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str) -> NodeSource:
        """Open the node's store at ``url`` read-only and check this release can read it.

        Raises ``NodeDataMissing`` if there is no store (or no genesis in it)
        and ``NodeSchemaUnknown`` if a newer release wrote it.
        """
        engine = _read_only_engine(url)
        try:
            with engine.connect() as conn:
                names = set(inspect(conn).get_table_names())
                if NODE_VERSION_TABLE not in names or "blocks" not in names:
                    raise NodeDataMissing("this database holds no node store", url=url)
                rev = node_migrate.current_revision(conn)
                if rev is not None and rev not in node_migrate.known_revisions():
                    raise NodeSchemaUnknown(
                        f"the node's store has schema {rev}, newer than this release knows",
                        revision=rev,
                    )
        except OperationalError as exc:
            engine.dispose()
            raise NodeDataMissing(f"cannot read the node's store: {exc.orig}", url=url) from exc
        except BaseException:
            engine.dispose()
            raise
        src = cls(engine, url)
        if src.genesis() is None:
            src.close()
            raise NodeDataMissing("the node's store holds no genesis yet", url=url)
        return src

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> NodeSource:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def connect(self, snapshot: bool = False) -> Iterator[Connection]:
        """A connection; with ``snapshot`` every statement sees the same committed state."""
        try:
            with self._engine.connect() as conn:
                if snapshot:
                    with conn.begin():
                        yield conn
                else:
                    yield conn
        except OperationalError as exc:
            raise NodeDataMissing(f"cannot read the node's store: {exc.orig}", url=self.url) from exc

    # --- reads ------------------------------------------------------------------------

    def genesis(self) -> tuple[Genesis, bytes] | None:
        """The stored genesis document and its hash, or None."""
        with self.connect() as conn:
            rows = dict(
                conn.execute(
                    select(meta.c.name, meta.c.blob).where(meta.c.name.in_(["genesis", "genesis_hash"]))
                ).all()
            )
        if "genesis" not in rows or "genesis_hash" not in rows:
            return None
        return decode(Genesis, bytes(rows["genesis"])), bytes(rows["genesis_hash"])

    def latest_height(self, conn: Connection | None = None) -> int:
        """The node's latest committed height (0: genesis only)."""
        stmt = select(meta.c.num).where(meta.c.name == "latest_height")
        if conn is not None:
            num = conn.execute(stmt).scalar()
        else:
            with self.connect() as c:
                num = c.execute(stmt).scalar()
        return 0 if num is None else int(num)

    def num_txs_between(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """``(height, num_txs)`` of blocks ``lo`` .. ``hi``: to plan batches before reading bodies."""
        with self.connect() as conn:
            return [
                (int(h), int(n))
                for h, n in conn.execute(
                    select(blocks.c.height, blocks.c.num_txs)
                    .where(blocks.c.height >= lo, blocks.c.height <= hi)
                    .order_by(blocks.c.height)
                )
            ]

    def block_id_at(self, height: int) -> bytes | None:
        """The id of the stored block at ``height``, or None."""
        with self.connect() as conn:
            raw = conn.execute(select(blocks.c.block_id).where(blocks.c.height == height)).scalar()
        return None if raw is None else bytes(raw)

    def blocks_between(self, lo: int, hi: int) -> list[NodeBlock]:
        """The blocks ``lo`` .. ``hi`` with their commits, by height."""
        with self.connect() as conn:
            cm = {
                int(h): bytes(b)
                for h, b in conn.execute(
                    select(commits.c.height, commits.c.body).where(
                        commits.c.height >= lo, commits.c.height <= hi
                    )
                )
            }
            return [
                NodeBlock(
                    int(r.height), bytes(r.block_id), int(r.time_ms), bytes(r.state_root),
                    bytes(r.header), bytes(r.body), cm.get(int(r.height)),
                )
                for r in conn.execute(
                    select(
                        blocks.c.height, blocks.c.block_id, blocks.c.time_ms, blocks.c.state_root,
                        blocks.c.header, blocks.c.body,
                    )
                    .where(blocks.c.height >= lo, blocks.c.height <= hi)
                    .order_by(blocks.c.height)
                )
            ]

    def txs_between(self, lo: int, hi: int) -> list[NodeTx]:
        """The node's transaction index rows of blocks ``lo`` .. ``hi``, in chain order."""
        with self.connect() as conn:
            return [
                NodeTx(int(r.height), int(r.idx), bytes(r.tx_id), bool(r.ok), r.result_code)
                for r in conn.execute(
                    select(txs.c.height, txs.c.idx, txs.c.tx_id, txs.c.ok, txs.c.result_code)
                    .where(txs.c.height >= lo, txs.c.height <= hi)
                    .order_by(txs.c.height, txs.c.idx)
                )
            ]

    def events_between(self, lo: int, hi: int) -> list[NodeEvent]:
        """The events of blocks ``lo`` .. ``hi``, in chain order."""
        with self.connect() as conn:
            return [
                NodeEvent(int(r.height), int(r.seq), None if r.tx_index is None else int(r.tx_index), r.kind, r.attrs)
                for r in conn.execute(
                    select(events.c.height, events.c.seq, events.c.tx_index, events.c.kind, events.c.attrs)
                    .where(events.c.height >= lo, events.c.height <= hi)
                    .order_by(events.c.height, events.c.seq)
                )
            ]

    def tx_bytes(self, height: int, offset: int, length: int) -> bytes | None:
        """``length`` bytes of the stored block at ``height`` from ``offset``: one transaction's encoding."""
        with self.connect() as conn:
            raw = conn.execute(
                select(func.substr(blocks.c.body, offset + 1, length)).where(blocks.c.height == height)
            ).scalar()
        return None if raw is None else bytes(raw)

    def state_root(self, height: int, conn: Connection | None = None) -> bytes | None:
        stmt = select(blocks.c.state_root).where(blocks.c.height == height)
        if height == 0:
            stmt = select(meta.c.blob).where(meta.c.name == "genesis_state_root")
        if conn is not None:
            raw = conn.execute(stmt).scalar()
        else:
            with self.connect() as c:
                raw = c.execute(stmt).scalar()
        return None if raw is None else bytes(raw)

    @staticmethod
    def state_chunk(conn: Connection, after: bytes | None, limit: int) -> list[tuple[bytes, bytes]]:
        """Up to ``limit`` latest-state ``(key, value)`` pairs after key ``after``, by key."""
        stmt = select(state.c.key, state.c.value)
        if after is not None:
            stmt = stmt.where(state.c.key > after)
        return [(bytes(k), bytes(v)) for k, v in conn.execute(stmt.order_by(state.c.key).limit(limit))]

