"""The event hub: a subscriber that falls behind sees a prefix of the stream and then its end, never a hole."""

from __future__ import annotations

import asyncio
from typing import Any

from node.hub import EventHub


def _drain(q: asyncio.Queue[Any]) -> list[Any]:
    out = []
    while not q.empty():
        out.append(q.get_nowait())
    return out


def test_a_subscriber_that_falls_behind_is_ended_without_a_hole() -> None:
    async def main() -> None:
        hub = EventHub()
        slow = hub.subscribe()
        fast = hub.subscribe()
        cap = slow.queue.maxsize
        for i in range(cap):
            hub.publish("block", {"height": i})
        assert _drain(fast.queue) == [("block", {"height": i}) for i in range(cap)]
        hub.publish("block", {"height": cap})  # slow is full: it is dropped
        seen = _drain(slow.queue)
        # Whatever it still gets is a prefix of what was published, then the end mark.
        assert seen[-1] is None
        got = [d["height"] for _, d in seen[:-1]]
        assert got == list(range(len(got)))
        assert hub.subscriber_count == 1
        hub.publish("block", {"height": cap + 1})
        assert _drain(fast.queue) == [("block", {"height": cap}), ("block", {"height": cap + 1})]
        assert slow.queue.empty()

    asyncio.run(main())


def test_close_ends_every_stream_even_a_full_one() -> None:
    async def main() -> None:
        hub = EventHub()
        full = hub.subscribe()
        idle = hub.subscribe(chain_events=False)
        for i in range(full.queue.maxsize):
            hub.publish("chain_event", {"i": i})
        hub.close()
        assert _drain(full.queue)[-1] is None
        assert _drain(idle.queue) == [None]
        assert hub.subscriber_count == 0

    asyncio.run(main())
