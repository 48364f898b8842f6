"""Alembic environment of the node's store (see node/storage/alembic_support.py)."""

from __future__ import annotations

from node.storage.alembic_support import run_env
from node.storage.schema import VERSION_TABLE, metadata

run_env(metadata, VERSION_TABLE)
