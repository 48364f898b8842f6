"""The index's Alembic revisions build exactly the schema the code uses, under their own version table."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from explorer import Explorer, IndexSchemaTooNew
from explorer.db import alembic_config, current_revision, head_revision, open_index
from explorer.schema import VERSION_TABLE, metadata


def test_migrations_build_the_schema_and_go_back(tmp_path: Path) -> None:
    engine = open_index(tmp_path / "x.db")
    try:
        with engine.connect().execution_options(write=True) as conn, conn.begin():
            assert current_revision(conn) == head_revision()
            names = set(inspect(conn).get_table_names())
            assert set(metadata.tables) | {VERSION_TABLE} == names
            assert "alembic_version" not in names and "node_alembic_version" not in names
            ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
            assert compare_metadata(ctx, metadata) == []
            command.downgrade(alembic_config(conn), "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {VERSION_TABLE}
    finally:
        engine.dispose()
    engine = open_index(tmp_path / "x.db")  # upgrades again on open
    engine.dispose()
    with Explorer.open(tmp_path / "x.db") as ex:
        assert ex.status().height == 0 and ex.txs().items == ()


def test_an_index_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    open_index(tmp_path / "x.db").dispose()
    engine = open_index(tmp_path / "x.db")
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = 'ex9999'"))
    engine.dispose()
    with pytest.raises(IndexSchemaTooNew):
        open_index(tmp_path / "x.db")
