"""Alembic plumbing shared by every SQL store of Depot.

The node's store, the light client's store, the gateway's buffer and the
explorer's index each ship their own revisions (``<package>/migrations``) and
their own version table; everything else about running them is here, once:

* :class:`Migrations`: the config bound to a connection, head/known/current
  revisions, and ``upgrade``.
* :func:`run_env`: the body of every ``migrations/env.py``.

Alembic's ``context`` is a process-wide proxy, so two upgrades running at once
in different threads (the app opens several stores from executor threads)
would step on each other; ``upgrade`` holds one process-wide lock.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, create_engine, pool

# One upgrade at a time in this process (alembic.context is global).
_UPGRADE_LOCK = threading.RLock()


class Migrations:
    """The revisions in ``script_location``, recorded in ``version_table``."""

    def __init__(self, script_location: Path, version_table: str) -> None:
        self.script_location = Path(script_location)
        self.version_table = version_table

    def config(self, connection: Connection | None = None, url: str | None = None) -> Config:
        """An Alembic config for these migrations, bound to ``connection`` (or ``url``) if given."""
        cfg = Config()
        cfg.set_main_option("script_location", str(self.script_location))
        if url is not None:
            cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        if connection is not None:
            cfg.attributes["connection"] = connection
        return cfg

    @cached_property
    def _script(self) -> ScriptDirectory:
        return ScriptDirectory.from_config(self.config())

    @cached_property
    def head(self) -> str:
        """The newest revision this release knows."""
        head = self._script.get_current_head()
        if head is None:  # pragma: no cover - every package ships its first revision
            raise RuntimeError(f"no migrations found in {self.script_location}")
        return head

    @cached_property
    def known(self) -> frozenset[str]:
        """Every revision this release knows."""
        return frozenset(rev.revision for rev in self._script.walk_revisions())

    def current(self, connection: Connection) -> str | None:
        """The revision the database on ``connection`` is at; None if it was never migrated."""
        ctx = MigrationContext.configure(connection, opts={"version_table": self.version_table})
        return ctx.get_current_revision()

    def upgrade(self, connection: Connection, revision: str = "head") -> None:
        """Migrate the database on ``connection`` up to ``revision``."""
        with _UPGRADE_LOCK:
            command.upgrade(self.config(connection), revision)


def run_env(metadata: MetaData, version_table: str) -> None:
    """What every ``migrations/env.py`` does: run the revisions on the connection it was handed.

    The store puts an open connection in ``config.attributes["connection"]``
    (so its SQLite pragmas and transaction handling apply); without one, an
    engine is made from ``sqlalchemy.url``; ``--sql`` (offline) mode renders
    the DDL for that URL.  SQLite cannot ALTER most things, so on SQLite batch
    mode rebuilds tables instead.
    """
    config = context.config
    url = config.get_main_option("sqlalchemy.url")

    def configure(connection: Connection | None) -> None:
        dialect = connection.dialect.name if connection is not None else (url or "").split(":")[0]
        context.configure(
            connection=connection,
            url=None if connection is not None else url,
            target_metadata=metadata,
            version_table=version_table,
            render_as_batch=dialect.startswith("sqlite"),
            compare_type=True,
            literal_binds=connection is None,
        )

    def run(connection: Connection | None) -> None:
        configure(connection)
        with context.begin_transaction():
            context.run_migrations()

    if context.is_offline_mode():
        run(None)
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = create_engine(url or "", poolclass=pool.NullPool)
    try:
        with engine.begin() as conn:
            run(conn)
    finally:
        engine.dispose()
