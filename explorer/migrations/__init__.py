"""Alembic revisions of the explorer's index."""
