"""Every SQL store migrates through node/storage/alembic_support.py; several at once in threads must not collide.

Alembic's ``context`` is process-global: the app opens the node store, the light store,
the explorer index and a gateway buffer from executor threads, possibly at the same time.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine

from explorer import db as explorer_db
from node.gateway import buffer as gateway_buffer
from node.light import store as light_store
from node.storage import migrate as node_migrate
from node.storage.store import Store


def _revision(path: Path, reader) -> str | None:  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as c:
            return reader(c)  # type: ignore[no-any-return]
    finally:
        engine.dispose()


def _open_all(folder: Path) -> dict[str, str | None]:
    """Create each kind of store in ``folder`` (closing each); return each one's revision afterwards."""
    folder.mkdir()
    Store.open(f"sqlite:///{folder / 'node.sqlite3'}").close()
    light_store.LightStore.open(f"sqlite:///{folder / 'light.sqlite3'}").close()
    explorer_db.open_index(folder / "explorer.db").dispose()
    gateway_buffer.Buffer(folder / "buffer.sqlite3", durable=False, clock_ms=lambda: int(time.time() * 1000)).close()
    return {
        "node": _revision(folder / "node.sqlite3", node_migrate.current_revision),
        "light": _revision(folder / "light.sqlite3", light_store.current_revision),
        "explorer": _revision(folder / "explorer.db", explorer_db.current_revision),
        "gateway": _revision(folder / "buffer.sqlite3", gateway_buffer.current_revision),
    }


def test_stores_of_every_kind_migrate_at_once_in_threads(tmp_path: Path) -> None:
    heads = {
        "node": node_migrate.head_revision(),
        "light": light_store.head_revision(),
        "explorer": explorer_db.head_revision(),
        "gateway": gateway_buffer.head_revision(),
    }
    assert len(set(heads.values())) == 4  # four separate revision histories
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: _open_all(tmp_path / f"s{i}"), range(16)))
    assert results == [heads] * 16


def test_each_store_knows_its_own_revisions_only() -> None:
    assert node_migrate.head_revision() in node_migrate.known_revisions()
    assert explorer_db.head_revision() in explorer_db.known_revisions()
    assert explorer_db.head_revision() not in node_migrate.known_revisions()
    assert light_store.MIGRATIONS.head in light_store.MIGRATIONS.known
    assert gateway_buffer.MIGRATIONS.head not in light_store.MIGRATIONS.known
