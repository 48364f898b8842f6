"""The explorer index the app reads: which node data folder, how far it is indexed, and keeping it up to date.

One ``ExplorerSource`` per session (``source_for(services)``) is shared by
the Explorer page, its detail dialogs and the Node page's participation
column.  It opens ``explorer.Explorer`` over a node's data folder off the GUI
thread, builds and catches up the index with an ``IndexJob`` (a child
process for a long build, the executor for a few new blocks, throttled
while blocks keep arriving), and runs every query through
``services.run_blocking`` so that no SQLite read ever happens on the GUI
thread.

Where the rows come from is part of what is shown: a folder the app's own
node re-executed (the demo's first node, or the full node Depot synced) is
``full_node``; a folder opened by hand (an auditor's copy) is
``data_folder``: its blocks were executed elsewhere and not re-verified here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from PySide6.QtCore import QObject, QTimer, Signal

from app.models.explorer_jobs import (
    MIGRATIONS_LOCK,
    IndexJob,
    JobFailure,
    JobProgress,
    heavy_imports,
)
from app.node_bridge import spawn
from node.core.errors import DepotError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Least time between two automatic catch-ups while blocks arrive.
CATCH_UP_EVERY_S = 2.0
#: Latest-state records are compared at most this often during catch-ups (each comparison reads them all).
RECORDS_EVERY_S = 20.0

FULL_NODE = "full_node"
DATA_FOLDER = "data_folder"

_sources: weakref.WeakKeyDictionary[Any, ExplorerSource] = weakref.WeakKeyDictionary()


def source_for(services: Any) -> ExplorerSource:
    """The session's one explorer source (made on first use, owned by ``services``)."""
    src = _sources.get(services)
    if src is None:
        src = ExplorerSource(services)
        _sources[services] = src
    return src


def index_path_for(home: Path) -> Path:
    """``HOME/explorer.db`` if the folder is writable, else a file in the user cache (read-only media)."""
    if os.access(home, os.W_OK):
        return home / "explorer.db"
    digest = hashlib.sha256(str(home.resolve()).encode()).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("Depot", appauthor=False)) / "explorer" / f"{digest}.db"


def default_folder(services: Any) -> tuple[Path, str] | None:
    """Blocking: the node data folder to explore by default, with its provenance, or None.

    The demo: the first demo node's home (``devnet.json``).  A full node:
    ``<data folder>/node``, where Depot's full sync writes.
    """
    home = getattr(services, "home", None)
    if home is not None:
        devnet = Path(home) / "devnet.json"
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError, IndexError):
            doc = json.loads(devnet.read_text(encoding="utf-8"))
            node_home = Path(doc["nodes"][0]["home"])
            if (node_home / "node.db").is_file():
                return node_home, FULL_NODE
    settings = getattr(services, "app_settings", None)
    if settings is not None and getattr(settings, "node_mode", "") == "full":
        folder = full_node_folder(services)
        if (folder / "node.db").is_file():
            return folder, FULL_NODE
    return None


def full_node_folder(services: Any) -> Path:
    """Where Depot's own full node keeps its data: ``<data folder>/node`` (the demo: ``<demo folder>/full-node``)."""
    home = getattr(services, "home", None)
    if getattr(services, "demo", False) and home is not None:
        return Path(home) / "full-node"
    settings = getattr(services, "app_settings", None)
    data_dir = getattr(settings, "data_dir", "") if settings is not None else ""
    base = Path(data_dir) if data_dir else Path(platformdirs.user_data_dir("Depot", appauthor=False))
    return base / "node"


class ExplorerSource(QObject):
    """One explorer index over one node data folder, its updates, and its queries."""

    changed = Signal()
    """A folder was opened or closed (models reset)."""
    indexProgress = Signal(object)
    """A ``JobProgress`` of the running index build."""
    indexUpdated = Signal(object)
    """The index grew: the new ``explorer.IndexStatus``."""
    indexFailed = Signal(object)
    """A ``JobFailure`` (``index_mismatch`` means: rebuild)."""
    indexRunning = Signal(bool)

    def __init__(self, services: Any, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else services if isinstance(services, QObject) else None)
        self.services = services
        self.explorer: Any = None
        self.home: Path | None = None
        self.index_path: Path | None = None
        self.provenance = ""
        self.status: Any = None
        """The ``IndexStatus`` after the last open or run."""
        self.node_height: int | None = None
        """The node store's latest height as last read."""
        self.generation = 0
        """Bumped on every open and close: a query started before belongs to another folder."""
        self.job: IndexJob | None = None
        self.last_failure: JobFailure | None = None
        self.auto_update = True
        self._opening = False
        self._last_run = 0.0
        self._last_records = 0.0
        self._again = False
        self._catch_up_timer = QTimer(self)
        self._catch_up_timer.setSingleShot(True)
        self._catch_up_timer.timeout.connect(self.catch_up)
        self._tried_default = False
        self._refreshing = False
        bridge = getattr(services, "bridge", None)
        if bridge is not None and hasattr(bridge, "blockAdded"):
            bridge.blockAdded.connect(self._on_block_added)

    # --- state -------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.explorer is not None

    @property
    def indexing(self) -> bool:
        return self.job is not None and self.job.running

    @property
    def indexed_height(self) -> int:
        return 0 if self.status is None else int(self.status.height)

    # --- opening --------------------------------------------------------------------------------

    def open_default(self) -> None:
        """Open the default folder once (demo node, or Depot's full node) if nothing is open."""
        if self._tried_default or self.is_open or self._opening:
            return
        self._tried_default = True
        spawn(self._open_default(), name="explorer-open-default")

    async def _open_default(self) -> None:
        found = await self.services.run_blocking(default_folder, self.services)
        if found is not None and not self.is_open:
            await self.open_folder(found[0], found[1])

    async def open_folder(self, home: Path, provenance: str = DATA_FOLDER) -> None:
        """Open the explorer of the node data folder ``home`` and bring its index up to date.

        Raises ``DepotError`` (``node_data_missing``, ``index_schema_too_new``...) for the page to show.
        """
        home = Path(home)
        self._opening = True
        try:
            explorer, status, (node_height, gap_txs), index_path = await self.services.run_blocking(_open, home)
        finally:
            self._opening = False
        await self.close()
        self.adopt(explorer, home=home, provenance=provenance, status=status, node_height=node_height, index_path=index_path)
        self.update_index(gap_txs=gap_txs)

    def adopt(
        self,
        explorer: Any,
        *,
        home: Path,
        provenance: str,
        status: Any,
        node_height: int | None,
        index_path: Path | None = None,
    ) -> None:
        """Use an opened ``explorer`` (tests give one of their own; ``index_path`` None: no index job)."""
        self.explorer, self.status, self.node_height = explorer, status, node_height
        self.home, self.index_path, self.provenance = Path(home), index_path, provenance
        self.generation += 1
        self.last_failure = None
        if index_path is not None:
            self.job = IndexJob(_node_url(Path(home)), index_path, self.services.run_blocking, self)
            self.job.progressed.connect(self._on_progress)
            self.job.finished.connect(self._on_finished)
            self.job.failed.connect(self._on_failed)
            self.job.indexed.connect(self._on_indexed)
        self.changed.emit()

    async def close(self) -> None:
        """Stop indexing and close the folder."""
        if self.job is not None:
            self.job.cancel()
            self.job.deleteLater()
            self.job = None
            self.indexRunning.emit(False)
        ex, self.explorer = self.explorer, None
        if ex is not None:
            self.generation += 1
            self.status = None
            self.home = None
            await self.services.run_blocking(ex.close)
            self.changed.emit()

    # --- indexing ---------------------------------------------------------------------------------

    def update_index(self, *, records: bool = True, child: bool | None = None, gap_txs: int | None = None) -> bool:
        """Index what is new in the node's store (False if a run is going or nothing is open).

        A long gap is indexed in a child process, a short one in the executor (``gap_txs``: the
        transactions to index, when known; unknown counts as long).
        """
        if self.job is None:
            return False
        if self.job.running:
            self._again = True
            return False
        gap = None if self.node_height is None else max(0, self.node_height - self.indexed_height)
        now = time.monotonic()
        self._last_run = now
        if records:
            self._last_records = now
        started = self.job.start(gap_blocks=gap, gap_txs=gap_txs, records=records, child=child)
        if started:
            self.indexRunning.emit(True)
        return started

    def cancel_index(self) -> None:
        self._again = False
        if self.job is not None:
            self.job.cancel()

    def catch_up(self) -> None:
        """Throttled update after new blocks: at most every ``CATCH_UP_EVERY_S``, records now and then."""
        if not self.auto_update or self.job is None or self.provenance != FULL_NODE:
            return
        wait = CATCH_UP_EVERY_S - (time.monotonic() - self._last_run)
        if wait > 0:
            if not self._catch_up_timer.isActive():
                self._catch_up_timer.start(int(wait * 1000) + 10)
            return
        if self.indexing:
            self._again = True
            return
        self._last_run = time.monotonic()
        spawn(self._catch_up(), name="explorer-catch-up")

    async def _catch_up(self) -> None:
        ex, gen = self.explorer, self.generation
        if ex is None or ex.source is None:
            return
        try:
            height, gap_txs = await self.services.run_blocking(_gap, ex, self.indexed_height)
        except DepotError as e:
            log.info("cannot read the node's height: %s", e)
            return
        if gen != self.generation:
            return
        self.node_height = int(height)
        if self.node_height <= self.indexed_height and time.monotonic() - self._last_records < RECORDS_EVERY_S:
            return  # nothing new (the API announced a block the store has not written yet)
        records = time.monotonic() - self._last_records >= RECORDS_EVERY_S
        self.update_index(records=records, gap_txs=gap_txs)

    def node_grew(self, home: Path) -> None:
        """The node store in ``home`` took new blocks (Depot's own full sync): catch up if it is the one open."""
        if self.is_open and self.home is not None and Path(home).resolve() == self.home.resolve():
            self.catch_up()

    def _on_block_added(self, block: dict[str, Any]) -> None:
        if self.is_open and self.provenance == FULL_NODE:
            self.catch_up()

    def _on_progress(self, p: JobProgress) -> None:
        self.node_height = max(self.node_height or 0, p.target)
        self.indexProgress.emit(p)

    def _on_finished(self, report: dict[str, Any]) -> None:
        node_height = report.get("node_height")
        if isinstance(node_height, int):
            self.node_height = node_height
        spawn(self._after_run(bool(report.get("cancelled"))), name="explorer-after-index")

    def _on_indexed(self, report: dict[str, Any]) -> None:
        """A following child indexer finished one run and goes on: show what it added."""
        node_height = report.get("node_height")
        if isinstance(node_height, int):
            self.node_height = node_height
        if not self._refreshing:
            spawn(self._refresh_status(), name="explorer-status")

    async def _refresh_status(self) -> None:
        ex, gen = self.explorer, self.generation
        if ex is None:
            return
        self._refreshing = True
        try:
            status = await self.services.run_blocking(ex.status)
        except DepotError as e:
            log.warning("explorer status after indexing: %s", e)
            return
        finally:
            self._refreshing = False
        if gen == self.generation:
            grew = self.status is None or status.height != self.status.height or status.records_height != self.status.records_height
            self.status = status
            if grew:
                self.indexUpdated.emit(status)

    async def _after_run(self, cancelled: bool) -> None:
        await self._refresh_status()
        self.indexRunning.emit(False)
        if self._again and not cancelled:
            self._again = False
            self.catch_up()

    def _on_failed(self, failure: JobFailure) -> None:
        self.last_failure = failure
        self._again = False
        self.indexRunning.emit(False)
        self.indexFailed.emit(failure)

    # --- queries --------------------------------------------------------------------------------------

    async def query(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(explorer, *args, **kwargs)`` in the executor (``NoExplorer`` if nothing is open)."""
        ex = self.explorer
        if ex is None:
            raise NoExplorer("no node data folder is open in the explorer")
        return await self.services.run_blocking(fn, ex, *args, **kwargs)


class NoExplorer(DepotError):
    """The explorer has no data folder open."""

    code = "explorer_not_open"


def _node_url(home: Path) -> str:
    from explorer import node_url_for_home

    return node_url_for_home(home)


def _gap(ex: Any, indexed: int) -> tuple[int, int | None]:
    """Blocking: the node store's height and the transactions above ``indexed`` (None when many blocks)."""
    from app.models.explorer_jobs import CHILD_INDEX_BLOCKS

    height = int(ex.source.latest_height())
    if height - indexed > CHILD_INDEX_BLOCKS:
        return height, None
    return height, sum(n for _h, n in ex.source.num_txs_between(indexed + 1, height))


def _open(home: Path) -> tuple[Any, Any, tuple[int, int | None], Path]:
    """Blocking: the Explorer over ``home``, its status, the node store's height and the gap, the index path."""
    heavy_imports()
    from explorer import Explorer
    from explorer.errors import NodeDataMissing

    if not (home / "node.db").is_file():
        raise NodeDataMissing(f"{home} holds no node data (node.db)", path=str(home))
    index_path = index_path_for(home)
    with MIGRATIONS_LOCK:
        ex = Explorer.open(index_path, _node_url(home))
    try:
        status = ex.status()
        gap = _gap(ex, status.height) if ex.source is not None else (status.height, 0)
    except BaseException:
        ex.close()
        raise
    return ex, status, gap, index_path
