"""Opening the explorer's own SQLite file (WAL, migrated with its own Alembic revisions).

One writer (the indexer) and any number of readers (the explorer's queries)
share the file; in WAL mode readers never block the writer nor each other.
pysqlite's own transaction handling is switched off and we emit ``BEGIN``
ourselves, as the node's store does, so a read transaction is one snapshot.
The index is derived data: ``synchronous=NORMAL`` may lose the last blocks
indexed on power loss, which the next run indexes again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError

from explorer.errors import ExplorerError, IndexSchemaTooNew
from explorer.schema import VERSION_TABLE
from node.storage.alembic_support import Migrations

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: File name of the index inside a node's data folder.
INDEX_FILE = "explorer.db"

BUSY_TIMEOUT_MS = 30_000
#: Page cache of each connection (KiB).
CACHE_KIB = 64 * 1024
#: Memory-mapped I/O window (bytes): reads of a warm index skip the read() copies.
MMAP_BYTES = 1 << 30


MIGRATIONS = Migrations(MIGRATIONS_DIR, VERSION_TABLE)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the index's migrations, bound to ``connection`` if given."""
    return MIGRATIONS.config(connection)


def head_revision() -> str:
    """The newest revision of the index this release knows."""
    return MIGRATIONS.head


def known_revisions() -> frozenset[str]:
    """Every revision of the index this release knows."""
    return MIGRATIONS.known


def current_revision(connection: Connection) -> str | None:
    """The revision the index is at, or None for a file never migrated."""
    return MIGRATIONS.current(connection)


def sqlite_engine(path: Path | str, *, pool_size: int = 4) -> Engine:
    """An engine on the SQLite file at ``path`` in WAL mode, with explicit BEGINs."""
    engine = create_engine(
        f"sqlite:///{Path(path)}",
        pool_size=pool_size,
        max_overflow=pool_size,
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            cur.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


def open_index(path: Path | str) -> Engine:
    """The engine of the index at ``path``, created or migrated to this release's schema.

    Raises ``IndexSchemaTooNew`` if a newer release migrated it, and
    ``ExplorerError`` if the file cannot be opened.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = sqlite_engine(path)
    try:
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            current = current_revision(conn)
            if current != head_revision():
                if current is not None and current not in known_revisions():
                    raise IndexSchemaTooNew(
                        f"the index was written by a newer release (schema {current}); rebuild it",
                        current=current,
                        head=head_revision(),
                    )
                MIGRATIONS.upgrade(conn)
    except OperationalError as exc:
        engine.dispose()
        raise ExplorerError(f"cannot open the index {path}: {exc.orig}", path=str(path)) from exc
    except BaseException:
        engine.dispose()
        raise
    return engine
