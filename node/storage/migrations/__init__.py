"""Alembic migrations of the node's store (run by ``node.storage.migrate``)."""
