"""SQLAlchemy engines for the node's store: one for the writer, one pool for readers.

SQLite runs in WAL mode, where readers never block the writer nor each other
and each read transaction sees one snapshot.  pysqlite's own transaction
handling is switched off (it delays BEGIN and would break snapshots); we emit
``BEGIN IMMEDIATE`` on the writer, so a write transaction takes the write lock
up front instead of failing half-way, and a plain (deferred) ``BEGIN`` on
readers that need several statements to agree.  A read of one statement runs
without BEGIN (``SINGLE_STATEMENT``): SQLite gives it its own snapshot.  WAL
checkpoints run off the commit path (``node.storage.checkpoint``).

``synchronous=NORMAL`` is safe for process crashes in WAL mode: a commit has
been appended to the WAL file (in the OS page cache) before COMMIT returns,
and a killed process does not take the page cache with it, so every returned
commit survives a SIGKILL and no transaction is ever seen half-applied (the
WAL is replayed up to its last complete commit record).  What NORMAL gives up
is durability of the last commits on power loss or an OS crash, because the
WAL is fsynced only at checkpoints; the database is still consistent, just a
few blocks older, and finalised blocks are fetched again from peers.  Pass
``durable=True`` to get ``synchronous=FULL`` (an fsync per commit).

On PostgreSQL, a read of several statements runs in a REPEATABLE READ
read-only transaction (one snapshot), a read of one statement in autocommit
(no BEGIN/COMMIT round trips); the writer uses READ COMMITTED and serialises
itself on the ``latest_height`` row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

#: How long a SQLite connection waits for a lock before giving up (ms).
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Size the WAL file is truncated back to after a checkpoint (bytes).
SQLITE_JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024
#: Page cache of the SQLite writer connection (KiB): a block's inserts stay in memory.
SQLITE_WRITER_CACHE_KIB = 64 * 1024


#: Execution option: this SQLite connection runs single statements, each its own transaction.
SINGLE_STATEMENT = "depot_single_statement"


@dataclass(frozen=True, slots=True)
class Engines:
    """The writer engine and the reader engine of one store (the same one for in-memory SQLite)."""

    writer: Engine
    reader: Engine
    url: URL
    sqlite_path: str | None = None
    """The database file of a file-backed SQLite store (its WAL is this + ``-wal``)."""

    @property
    def is_sqlite(self) -> bool:
        """Whether the store is SQLite (otherwise PostgreSQL)."""
        return self.url.get_backend_name() == "sqlite"

    @property
    def shared(self) -> bool:
        """Whether reader and writer share one connection (in-memory SQLite)."""
        return self.writer is self.reader

    @property
    def single_statement_options(self) -> dict[str, Any]:
        """Execution options for a reader running one statement outside a transaction."""
        if self.is_sqlite:
            return {SINGLE_STATEMENT: True}  # _on_begin then emits no BEGIN
        return {"isolation_level": "AUTOCOMMIT"}

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.writer.dispose()
        if not self.shared:
            self.reader.dispose()


def normalize_url(url: str | URL) -> URL:
    """Parse ``url``, choosing psycopg 3 for a bare ``postgresql://`` URL."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_memory_sqlite(url: URL) -> bool:
    """Whether ``url`` names a private in-memory SQLite database."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def make_engines(url: str | URL, *, durable: bool = False, pool_size: int = 8) -> Engines:
    """Create the writer and reader engines for ``url`` (SQLite or PostgreSQL)."""
    parsed = normalize_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engines(parsed, durable=durable, pool_size=pool_size)
    if backend == "postgresql":
        writer = create_engine(parsed, pool_size=2, max_overflow=2, pool_pre_ping=True)
        _install_postgres_hooks(writer)
        # No pre-ping on readers (a round trip per read); a dead connection fails one
        # read with StoreUnavailable and SQLAlchemy then recycles the pool.
        reader = create_engine(
            parsed,
            pool_size=pool_size,
            max_overflow=pool_size,
            isolation_level="REPEATABLE READ",
            execution_options={"postgresql_readonly": True},
        )
        _install_postgres_hooks(reader)
        return Engines(writer, reader, parsed)
    raise ValueError(f"unsupported database backend {backend!r} (use sqlite or postgresql)")


def _sqlite_engines(url: URL, *, durable: bool, pool_size: int) -> Engines:
    synchronous = "FULL" if durable else "NORMAL"
    if is_memory_sqlite(url):
        # One private database lives in one connection; the store serialises its use.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        _install_sqlite_hooks(engine, synchronous=synchronous, begin="BEGIN IMMEDIATE", cache_kib=0)
        return Engines(engine, engine, url)
    writer = create_engine(
        url, pool_size=1, max_overflow=1, connect_args={"check_same_thread": False}
    )
    # Checkpoints run in node.storage.checkpoint's thread, not inside the writer's COMMIT.
    _install_sqlite_hooks(
        writer,
        synchronous=synchronous,
        begin="BEGIN IMMEDIATE",
        cache_kib=SQLITE_WRITER_CACHE_KIB,
        extra=("PRAGMA wal_autocheckpoint = 0",),
    )
    reader = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        connect_args={"check_same_thread": False},
    )
    _install_sqlite_hooks(reader, synchronous=synchronous, begin="BEGIN", cache_kib=0)
    return Engines(writer, reader, url, sqlite_path=url.database)


def _install_sqlite_hooks(
    engine: Engine, *, synchronous: str, begin: str, cache_kib: int, extra: tuple[str, ...] = ()
) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite; _on_begin emits BEGIN.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute(f"PRAGMA synchronous = {synchronous}")
            cur.execute("PRAGMA foreign_keys = ON")
            # Shrink the WAL file back after checkpoints instead of keeping its peak size.
            cur.execute(f"PRAGMA journal_size_limit = {SQLITE_JOURNAL_SIZE_LIMIT}")
            for pragma in extra:
                cur.execute(pragma)
            if cache_kib:
                cur.execute(f"PRAGMA cache_size = -{cache_kib}")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if not conn.get_execution_options().get(SINGLE_STATEMENT):
            conn.exec_driver_sql(begin)


def _install_postgres_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Send Python lists as binary arrays: the bulk writer passes one array per
        # column (60,000 items), and psycopg's text array format costs ~5x more.
        from psycopg.types.array import ListBinaryDumper

        dbapi_connection.adapters.register_dumper(list, ListBinaryDumper)
