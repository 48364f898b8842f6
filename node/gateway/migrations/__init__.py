"""Alembic migrations of the gateway's SQLite buffer (run by ``node.gateway.buffer``)."""
