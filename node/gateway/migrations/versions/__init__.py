"""Alembic revisions of the gateway's buffer, oldest first."""
