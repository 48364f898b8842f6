"""Alembic environment of the gateway buffer: runs revisions on the connection it is handed.

``node.gateway.buffer`` puts an open SQLAlchemy connection in
``config.attributes["connection"]``; the version table is ``gw_alembic_version``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from node.gateway.schema import VERSION_TABLE, metadata

config = context.config


def _configure(connection: Connection | None = None) -> None:
    context.configure(
        connection=connection,
        url=None if connection is not None else config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=True,  # SQLite rebuilds tables to alter them
        compare_type=True,
        literal_binds=connection is None,
    )


def run_offline() -> None:
    """Render the migrations as SQL text."""
    _configure()
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations on a live database."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "", poolclass=pool.NullPool)
    try:
        with engine.begin() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
