"""Alembic migrations of the node's store, run from code (no alembic.ini needed).

The revisions ship inside the package (``node/storage/migrations``).  From a
shell: ``python -m node.storage.migrate URL upgrade [REV]``, ``downgrade REV``,
``current`` or ``history``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from node.storage.alembic_support import Migrations
from node.storage.engine import make_engines
from node.storage.schema import VERSION_TABLE

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
MIGRATIONS = Migrations(MIGRATIONS_DIR, VERSION_TABLE)


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config for the store's migrations, bound to ``connection`` if given."""
    return MIGRATIONS.config(connection, url)


def head_revision() -> str:
    """The newest revision this release knows."""
    return MIGRATIONS.head


def known_revisions() -> frozenset[str]:
    """Every revision this release knows."""
    return MIGRATIONS.known


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None for a database never migrated."""
    return MIGRATIONS.current(connection)


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Migrate the database on ``connection`` up to ``revision``."""
    MIGRATIONS.upgrade(connection, revision)


def downgrade(connection: Connection, revision: str) -> None:
    """Migrate the database on ``connection`` down to ``revision`` (``"base"``: empty)."""
    command.downgrade(alembic_config(connection), revision)


def main(argv: list[str] | None = None) -> int:
    """Command line: run a migration command against a database URL."""
    parser = argparse.ArgumentParser(prog="python -m node.storage.migrate", description=__doc__)
    parser.add_argument("url", help="SQLAlchemy URL of the node's store")
    parser.add_argument("action", choices=["upgrade", "downgrade", "current", "history"])
    parser.add_argument("revision", nargs="?", default=None)
    args = parser.parse_args(argv)
    if args.action == "history":
        for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions():
            print(f"{rev.revision}  {rev.doc}")
        return 0
    engines = make_engines(args.url)
    try:
        with engines.writer.begin() as conn:
            if args.action == "upgrade":
                upgrade(conn, args.revision or "head")
            elif args.action == "downgrade":
                if args.revision is None:
                    parser.error("downgrade needs a revision (e.g. base)")
                downgrade(conn, args.revision)
            print(current_revision(conn) or "base")
    finally:
        engines.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
