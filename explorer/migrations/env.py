"""Alembic environment of the explorer's index (see node/storage/alembic_support.py)."""

from __future__ import annotations

from explorer.schema import VERSION_TABLE, metadata
from node.storage.alembic_support import run_env

run_env(metadata, VERSION_TABLE)
