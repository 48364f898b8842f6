"""Alembic revisions of the light client's store, oldest first."""
