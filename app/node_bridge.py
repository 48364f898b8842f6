"""The one bridge from a node's event stream to Qt signals, throttled so a fast chain cannot flood the GUI.

Like Bitcoin Core's notification queue: stream events are queued on the GUI
thread and delivered by a timer at most ``max_updates_per_s`` times a second.
A burst of blocks is coalesced into one ``blockAdded`` carrying the newest
block (receivers that need every block fetch the gap from the node); chain
events are delivered in order, a bounded number per update.

``spawn`` also lives here: it is how Qt code starts asyncio work on the single
qasync loop without blocking a slot and without losing the task to the
garbage collector.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from node.client import AsyncNodeClient, NodeApiError
from node.core.errors import DepotError

log = logging.getLogger(__name__)

_tasks: set[asyncio.Task[Any]] = set()


_app_loop: asyncio.AbstractEventLoop | None = None


def set_app_loop(loop: asyncio.AbstractEventLoop) -> None:
    """The app's one qasync loop (``app.gui.make_event_loop``), for ``spawn`` from a Qt slot
    that runs while no asyncio loop is marked running (a timer firing during Qt's own wait)."""
    global _app_loop
    _app_loop = loop


def spawn(coro: Coroutine[Any, Any, Any], *, name: str | None = None) -> asyncio.Task[Any]:
    """Run ``coro`` on the qasync loop in the background; its failure is logged, never lost."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = _app_loop  # type: ignore[assignment]
        if loop is None or loop.is_closed():
            coro.close()
            raise RuntimeError("no asyncio loop to run a background task on") from None
    task = loop.create_task(coro)
    if name:
        task.set_name(name)
    _tasks.add(task)
    task.add_done_callback(_task_done)
    return task


async def cancel_background_tasks(timeout_s: float = 10.0) -> None:
    """Cancel every task started with ``spawn`` and wait for them (at shutdown), at most ``timeout_s``.

    A task that cleans up after its cancellation (closing a database that a
    worker thread still uses, say) must not keep the app from quitting: after
    the timeout the stragglers are logged and left behind.
    """
    tasks = [t for t in _tasks if not t.done()]
    for task in tasks:
        task.cancel()
    if not tasks:
        return
    _done, pending = await asyncio.wait(tasks, timeout=timeout_s)
    for task in pending:
        log.warning("background task %s did not stop within %.0f s of its cancellation", task.get_name(), timeout_s)


def _task_done(task: asyncio.Task[Any]) -> None:
    _tasks.discard(task)
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        log.error("background task %s failed", task.get_name(), exc_info=exc)


class NodeBridge(QObject):
    """Consumes ``AsyncNodeClient.stream()`` and polls ``status()``; emits Qt signals on the GUI thread."""

    blockAdded = Signal(dict)
    """The newest finalised block of a burst: ``{"height", "block_id", "time", "num_txs"}``."""

    chainEvent = Signal(dict)
    """One chain event (``{"height", "tx_index", "tx_id", "kind", "attrs"}``), in order."""

    connectionChanged = Signal(bool)
    """The event stream connected (True) or dropped (False); emitted on changes only."""

    statusChanged = Signal(dict)
    """A fresh ``/v1/status`` answer that differs from the previous one."""

    def __init__(
        self,
        client: AsyncNodeClient,
        *,
        max_updates_per_s: float = 4.0,
        max_events_per_update: int = 200,
        max_queued_events: int = 10_000,
        status_interval_s: float = 2.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._interval_ms = max(1, int(1000 / max_updates_per_s))
        self._max_events_per_update = max_events_per_update
        self._status_interval_s = status_interval_s
        self._pending_block: dict[str, Any] | None = None
        self._pending_events: deque[dict[str, Any]] = deque(maxlen=max_queued_events)
        self._dropped_events = 0
        self._last_flush = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        self._connected: bool | None = None
        self._last_block: dict[str, Any] | None = None
        self._last_status: dict[str, Any] | None = None
        self._status_wakeup = asyncio.Event()
        self._tasks: list[asyncio.Task[Any]] = []

    # --- state --------------------------------------------------------------

    @property
    def client(self) -> AsyncNodeClient:
        return self._client

    @property
    def connected(self) -> bool | None:
        """True/False once known; None before the first connection attempt finished."""
        return self._connected

    @property
    def last_block(self) -> dict[str, Any] | None:
        """The newest block delivered through ``blockAdded``."""
        return self._last_block

    @property
    def last_status(self) -> dict[str, Any] | None:
        return self._last_status

    # --- life cycle ------------------------------------------------------------

    def start(self) -> None:
        """Start consuming the stream and polling the status (needs the running qasync loop)."""
        if self._tasks:
            return
        self._tasks = [
            spawn(self._consume_stream(), name="node-stream"),
            spawn(self._poll_status(), name="node-status"),
        ]

    async def stop(self) -> None:
        """Stop both background tasks and the throttle timer."""
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._timer.stop()

    # --- input (GUI thread) ----------------------------------------------------

    def ingest(self, name: str, data: dict[str, Any]) -> None:
        """Queue one stream event; the throttle timer delivers it."""
        if name == "block":
            height = data.get("height")
            if not isinstance(height, int) or isinstance(height, bool):
                log.warning("ignoring a block event without an integer height: %.120r", data)
                return
            newest = self._pending_block or self._last_block
            if newest is None or height > newest.get("height", -1):
                self._pending_block = data
        elif name == "chain_event":
            if len(self._pending_events) == self._pending_events.maxlen:
                self._dropped_events += 1
            self._pending_events.append(data)
        else:
            return  # unknown event kinds of a newer node are ignored
        self._schedule_flush()

    def set_connected(self, up: bool) -> None:
        if up is self._connected:
            return
        self._connected = up
        self.connectionChanged.emit(up)
        if up:
            self._status_wakeup.set()  # catch up on what happened while disconnected

    def set_status(self, status: dict[str, Any]) -> None:
        if status == self._last_status:
            return
        self._last_status = status
        self.statusChanged.emit(status)

    # --- output ------------------------------------------------------------------

    def _schedule_flush(self) -> None:
        if self._timer.isActive():
            return
        since_ms = (time.monotonic() - self._last_flush) * 1000
        self._timer.start(max(0, int(self._interval_ms - since_ms)))

    def flush(self) -> None:
        """Deliver what is queued: at most one ``blockAdded`` and a bounded batch of ``chainEvent``."""
        self._last_flush = time.monotonic()
        block, self._pending_block = self._pending_block, None
        if block is not None:
            self._last_block = block
            self.blockAdded.emit(block)
        if self._dropped_events:
            log.warning(
                "dropped %d chain events the GUI could not keep up with", self._dropped_events
            )
            self._dropped_events = 0
        for _ in range(min(self._max_events_per_update, len(self._pending_events))):
            self.chainEvent.emit(self._pending_events.popleft())
        if self._pending_events:
            self._schedule_flush()

    # --- background tasks ----------------------------------------------------------

    def _on_connection(self, up: bool, error: DepotError | None) -> None:
        if error is not None:
            log.info("node stream: %s", error)
        self.set_connected(up)

    async def _consume_stream(self) -> None:
        try:
            async for name, data in self._client.stream(on_connection=self._on_connection):
                self.ingest(name, data)
        except NodeApiError as e:
            log.error("the node refuses the event stream: %r", e)
            self.set_connected(False)

    async def _poll_status(self) -> None:
        while True:
            try:
                self.set_status(await self._client.status())
            except DepotError as e:
                log.debug("status poll failed: %s", e)
            self._status_wakeup.clear()
            # Until the interval passes or a wake-up comes, in short sleeps: a plain sleep is
            # cancelled at once at shutdown (wait_for's cancellation of its inner wait could
            # be left pending under qasync, and the app's close then never finished).
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self._status_interval_s
            while not self._status_wakeup.is_set() and loop.time() < deadline:
                await asyncio.sleep(min(0.1, max(0.0, deadline - loop.time())))
