"""Fan-out of finalised blocks and their events to stream subscribers and transaction waiters.

Runs on the node's asyncio loop.  Subscribers get bounded queues: one that
falls too far behind is dropped rather than letting a slow client grow the
node's memory.  A dropped subscriber's queue is emptied before its end mark,
so it never sees a stream with a hole in the middle: what it did see is a
prefix of the truth, and it reconnects and catches up from the last block it
saw (a block's summary comes before its events, so from that block on).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass(slots=True, eq=False)
class Subscriber:
    chain_events: bool = True
    """Whether this subscriber wants every chain event, or only block summaries."""
    queue: asyncio.Queue[tuple[str, dict[str, Any]] | None] = field(
        default_factory=lambda: asyncio.Queue(maxsize=10_000)
    )


class EventHub:
    """Publishes block summaries and chain events; resolves waits for transactions."""

    def __init__(self) -> None:
        self._subs: set[Subscriber] = set()
        self.closed = False
        self._waiters: dict[bytes, list[asyncio.Future[int]]] = {}

    def subscribe(self, chain_events: bool = True) -> Subscriber:
        s = Subscriber(chain_events)
        self._subs.add(s)
        return s

    def unsubscribe(self, s: Subscriber) -> None:
        self._subs.discard(s)

    @property
    def subscriber_count(self) -> int:
        return len(self._subs)

    def wants_chain_events(self) -> bool:
        return any(s.chain_events for s in self._subs)

    def publish(self, name: str, data: dict[str, Any]) -> None:
        for s in list(self._subs):
            if name == "chain_event" and not s.chain_events:
                continue
            try:
                s.queue.put_nowait((name, data))
            except asyncio.QueueFull:
                log.warning("dropping a stream subscriber that fell behind")
                self._subs.discard(s)
                _end(s)

    def wait_for(self, tx_id: bytes) -> asyncio.Future[int]:
        fut: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(tx_id, []).append(fut)
        return fut

    def cancel_wait(self, tx_id: bytes, fut: asyncio.Future[int]) -> None:
        lst = self._waiters.get(tx_id)
        if lst and fut in lst:
            lst.remove(fut)
            if not lst:
                del self._waiters[tx_id]

    def committed(self, tx_ids: list[bytes], height: int) -> None:
        if not self._waiters:
            return
        for tid in tx_ids:
            for fut in self._waiters.pop(tid, ()):
                if not fut.done():
                    fut.set_result(height)

    def close(self) -> None:
        self.closed = True
        for s in list(self._subs):
            try:
                s.queue.put_nowait(None)
            except asyncio.QueueFull:
                _end(s)
        self._subs.clear()


def _end(s: Subscriber) -> None:
    """End ``s``'s stream now: drop what it has not read yet (never a hole in the middle), then the end mark."""
    while True:
        try:
            s.queue.get_nowait()
        except asyncio.QueueEmpty:
            break
    s.queue.put_nowait(None)
