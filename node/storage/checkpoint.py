"""Background WAL checkpoints for the SQLite store, off the block-commit path.

In WAL mode a commit appends to the ``-wal`` file; a checkpoint later copies
those pages into the database file and fsyncs.  SQLite normally runs the
checkpoint inside the COMMIT that crossed ``wal_autocheckpoint`` pages, which
adds 30-50 % to committing a big block.  The writer connection therefore
turns automatic checkpoints off and this thread runs a PASSIVE checkpoint
(which never blocks the writer or readers) after each commit.  Should the
thread fall behind, the writer checkpoints inline once the WAL exceeds
``inline_limit`` bytes, so the WAL cannot grow without bound.  Checkpoints
are crash-safe at any moment: SQLite replays or discards the WAL on open.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from sqlalchemy import Engine

log = logging.getLogger(__name__)

#: WAL size above which the writer checkpoints itself after a commit.
DEFAULT_INLINE_LIMIT = 512 * 1024 * 1024


class WalCheckpointer:
    """A daemon thread that checkpoints the WAL of one SQLite database."""

    def __init__(
        self,
        background: Engine,
        writer: Engine,
        db_path: str,
        *,
        inline_limit: int = DEFAULT_INLINE_LIMIT,
    ) -> None:
        """Checkpoint through ``background``'s connections (``writer``'s when far behind).

        ``db_path`` locates the WAL file.
        """
        self._background = background
        self._writer = writer
        self._wal_path = db_path + "-wal"
        self._inline_limit = inline_limit
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def committed(self) -> None:
        """Called by the writer after each commit: schedule (or, if far behind, run) a checkpoint."""
        try:
            wal_size = os.path.getsize(self._wal_path)
        except OSError:
            wal_size = 0
        if wal_size > self._inline_limit:
            _checkpoint_with(self._writer)
        self._wake.set()

    def stop(self) -> None:
        """Stop the thread (a checkpoint in progress finishes first)."""
        self._stop.set()
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(timeout=30.0)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                _checkpoint_with(self._background)
            except Exception:  # keep checkpointing later; the writer's inline limit is the backstop
                log.exception("background WAL checkpoint failed")


def _checkpoint_with(engine: Engine) -> None:
    # A raw pooled connection: outside any transaction (pysqlite never begins one for us).
    conn = engine.raw_connection()
    try:
        cur: Any = conn.cursor()
        try:
            cur.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            cur.close()
    finally:
        conn.close()
