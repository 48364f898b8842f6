"""Alembic migrations of the light client's store (run by ``node.light.store``)."""
