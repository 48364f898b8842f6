"""The simulator's refills after a dropped event stream: no dispatch is lost between a block's summary and its events.

A node's stream sends a block's summary before the block's events, so a connection that drops in
between leaves that block half read.  Found while writing the 4-validator loop test
(tests/e2e/test_tank_network.py): the catch-up started after the last summary seen, so a truck dispatched in
that block never left, and a catch-up that failed was given up for good.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

import node.client
from node.client import NodeUnreachable
from node.sim.tanks import SimulatorServer, TankSimulator, TankSpec

DISPATCH = {"order_id": "t-1#00000001", "tank_id": "t-1", "quantity_l": 500, "buyer": "b", "supplier": "s",
            "storage_id": "S", "product": "diesel"}


class FakeNode:
    """A stream given as a script (``None`` ends a connection) and ``/v1/events`` over a fixed chain."""

    def __init__(self, script: list[tuple[str, dict[str, Any]] | None], chain_events: list[dict[str, Any]],
                 fail_events: int = 0) -> None:
        self.script = script
        self.chain_events = chain_events
        self.fail_events = fail_events
        self.event_queries: list[tuple[int, int]] = []

    def __call__(self, base_url: str, **_kw: Any) -> FakeNode:
        return self

    async def __aenter__(self) -> FakeNode:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        return None

    async def stream(self, **_kw: Any) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        for item in self.script:
            if item is not None:  # None: the connection dropped and the client reconnected
                yield item
            await asyncio.sleep(0)

    async def events(self, *, from_height: int, to_height: int, kind: str, limit: int,
                     after: str | None = None) -> dict[str, Any]:
        """As /v1/events does: chain order, a full page carries ``next`` ("height:seq") to go on after."""
        self.event_queries.append((from_height, to_height))
        if self.fail_events:
            self.fail_events -= 1
            raise NodeUnreachable("http://fake", "connection refused")
        cursor = tuple(int(x) for x in after.split(":")) if after else (-1, -1)
        seq: dict[int, int] = {}
        keyed = []
        for e in self.chain_events:
            seq[e["height"]] = seq.get(e["height"], -1) + 1
            keyed.append(((e["height"], seq[e["height"]]), e))
        page = [(k, e) for k, e in keyed
                if e["kind"] == kind and from_height <= e["height"] <= to_height and k > cursor][:limit]
        nxt = f"{page[-1][0][0]}:{page[-1][0][1]}" if len(page) == limit else None
        return {"events": [e for _, e in page], "next": nxt}


def run_watch(monkeypatch: pytest.MonkeyPatch, fake: FakeNode) -> SimulatorServer:
    monkeypatch.setattr(node.client, "AsyncNodeClient", fake)
    sim = TankSimulator([TankSpec("t-1", 2000, 10_000, 1_000, 500)], seed=1, start_ms=0)
    server = SimulatorServer(sim, rpc="http://fake")
    asyncio.run(server.watch_dispatches("http://fake"))
    return server


def test_a_dispatch_in_the_block_whose_events_were_cut_off_is_caught_up(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeNode(
        [("hello", {"height": 5}), ("block", {"height": 6}), None,  # dropped before block 6's events
         ("hello", {"height": 7})],
        [{"height": 6, "kind": "order.dispatched", "attrs": DISPATCH}],
    )
    server = run_watch(monkeypatch, fake)
    assert server.dispatches_seen == 1
    assert server.sim.tanks["t-1"].deliveries[0].order_id == "t-1#00000001"
    assert fake.event_queries == [(6, 7)]


def test_a_block_read_twice_sends_one_truck(monkeypatch: pytest.MonkeyPatch) -> None:
    event = ("chain_event", {"height": 6, "tx_index": 0, "kind": "order.dispatched", "attrs": DISPATCH})
    fake = FakeNode([("hello", {"height": 5}), ("block", {"height": 6}), event, None, ("hello", {"height": 6})],
                    [{"height": 6, "kind": "order.dispatched", "attrs": DISPATCH}])
    server = run_watch(monkeypatch, fake)
    assert server.dispatches_seen == 1 and len(server.sim.tanks["t-1"].deliveries) == 1


def test_a_failed_catch_up_is_retried_with_the_next_block(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeNode(
        [("hello", {"height": 5}), ("block", {"height": 6}), None, ("hello", {"height": 8}), ("block", {"height": 9})],
        [{"height": 6, "kind": "order.dispatched", "attrs": DISPATCH}],
        fail_events=1,
    )
    server = run_watch(monkeypatch, fake)
    assert fake.event_queries == [(6, 8), (6, 9)]
    assert server.dispatches_seen == 1


def test_a_block_with_more_dispatches_than_a_page_is_read_to_its_end(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1,000 dispatches to other sites' tanks fill the first page; ours is the 1,001st event of block 6.
    others = [{"height": 6, "kind": "order.dispatched", "attrs": {**DISPATCH, "tank_id": f"far-{i}",
                                                                   "order_id": f"far-{i}#1"}} for i in range(1000)]
    fake = FakeNode(
        [("hello", {"height": 5}), ("block", {"height": 6}), None, ("hello", {"height": 7})],
        [*others, {"height": 6, "kind": "order.dispatched", "attrs": DISPATCH}],
    )
    server = run_watch(monkeypatch, fake)
    assert server.dispatches_seen == 1
    assert server.sim.tanks["t-1"].deliveries[0].order_id == "t-1#00000001"
