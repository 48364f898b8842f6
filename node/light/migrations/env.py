"""Alembic environment of the light client's store (see node/storage/alembic_support.py)."""

from __future__ import annotations

from node.light.schema import VERSION_TABLE, metadata
from node.storage.alembic_support import run_env

run_env(metadata, VERSION_TABLE)
