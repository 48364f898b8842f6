"""NodeBridge: throttles and coalesces node events into Qt signals, and follows a live node."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
import time  # noqa: E402

from app.node_bridge import NodeBridge  # noqa: E402
from node.client import AsyncNodeClient  # noqa: E402


def block(h: int) -> dict:
    return {"height": h, "block_id": f"{h:064x}", "time": 1_700_000_000_000 + h, "num_txs": 0}


def test_burst_of_blocks_is_one_update_with_the_newest(qtbot) -> None:
    bridge = NodeBridge(AsyncNodeClient("http://127.0.0.1:9"), max_updates_per_s=4)
    got: list[dict] = []
    bridge.blockAdded.connect(got.append)
    bridge.flush()  # an update just happened: the next one waits for the interval
    started = time.monotonic()
    for h in range(1, 501):
        bridge.ingest("block", block(h))
    bridge.ingest("block", block(7))  # late duplicate of an older block: ignored
    qtbot.waitUntil(lambda: bool(got), timeout=2000)
    assert time.monotonic() - started >= 0.2
    assert [b["height"] for b in got] == [500]
    qtbot.wait(400)
    assert len(got) == 1


def test_chain_events_are_delivered_in_order_in_bounded_batches(qtbot) -> None:
    bridge = NodeBridge(
        AsyncNodeClient("http://127.0.0.1:9"), max_updates_per_s=20, max_events_per_update=10
    )
    got: list[int] = []
    bridge.chainEvent.connect(lambda e: got.append(e["tx_index"]))
    for i in range(35):
        bridge.ingest("chain_event", {"height": 1, "tx_index": i, "kind": "transfer"})
    bridge.flush()
    assert got == list(range(10))
    qtbot.waitUntil(lambda: len(got) == 35, timeout=2000)
    assert got == list(range(35))


def test_queue_overflow_drops_oldest_events(qtbot) -> None:
    bridge = NodeBridge(AsyncNodeClient("http://127.0.0.1:9"), max_queued_events=5)
    got: list[int] = []
    bridge.chainEvent.connect(lambda e: got.append(e["tx_index"]))
    for i in range(8):
        bridge.ingest("chain_event", {"tx_index": i})
    bridge.flush()
    assert got == [3, 4, 5, 6, 7]


def test_malformed_and_unknown_events_are_ignored(qtbot) -> None:
    bridge = NodeBridge(AsyncNodeClient("http://127.0.0.1:9"))
    got: list[dict] = []
    bridge.blockAdded.connect(got.append)
    bridge.ingest("block", {"height": "ten"})
    bridge.ingest("something_new", {"x": 1})
    bridge.flush()
    assert got == []


def test_connection_changes_are_emitted_once(qtbot) -> None:
    bridge = NodeBridge(AsyncNodeClient("http://127.0.0.1:9"))
    got: list[bool] = []
    bridge.connectionChanged.connect(got.append)
    for up in (False, False, True, True, False):
        bridge.set_connected(up)
    assert got == [False, True, False]


def test_follows_a_live_node_and_coalesces_its_blocks(chain, qtbot, run_async) -> None:
    client = AsyncNodeClient(chain.rpc)
    bridge = NodeBridge(client, max_updates_per_s=1, status_interval_s=0.2)
    updates: list[tuple[float, int]] = []
    events: list[dict] = []
    bridge.blockAdded.connect(lambda b: updates.append((time.monotonic(), b["height"])))
    bridge.chainEvent.connect(events.append)
    try:
        with qtbot.waitSignals([bridge.connectionChanged, bridge.statusChanged], timeout=10_000):
            bridge.start()
        assert bridge.connected is True
        assert bridge.last_status["chain_id"] == chain.chain_id
        start = chain.tip()
        # Ten blocks, one transfer each, about 0.1 s apart: the stream announces every one.
        views = run_async(asyncio.to_thread(chain.make_blocks, 10), timeout_s=60)
        final = views[-1]["height"]
        qtbot.waitUntil(lambda: bool(updates) and updates[-1][1] >= final, timeout=5000)
        qtbot.waitUntil(lambda: bridge.last_status["height"] >= final, timeout=5000)
        ours = [v["tx_id"] for v in views]
        qtbot.waitUntil(lambda: sum(e.get("tx_id") in ours for e in events) == 10, timeout=5000)
    finally:
        run_async(bridge.stop())
        run_async(client.aclose())
    heights = [h for _, h in updates]
    assert heights == sorted(set(heights))  # newest only, never backwards
    during = [(t, h) for t, h in updates if h > start]
    produced = final - start
    assert produced >= 10
    # Coalesced: at most one update a second (Qt timers may fire up to 5 % early).
    gaps = [b[0] - a[0] for a, b in zip(updates, updates[1:], strict=False)]
    assert all(gap >= 0.9 for gap in gaps), gaps
    assert len(during) < produced
    # Chain events are not coalesced: every transfer's event arrives, in order.
    assert [e["tx_id"] for e in events if e.get("tx_id") in ours] == ours
    assert {e["kind"] for e in events if e.get("tx_id") in ours} == {"token.transferred"}


def test_reports_a_node_that_is_down(qtbot, run_async) -> None:
    client = AsyncNodeClient("http://127.0.0.1:9")
    bridge = NodeBridge(client)
    try:
        with qtbot.waitSignal(bridge.connectionChanged, timeout=5000) as blocker:
            bridge.start()
        assert blocker.args == [False]
    finally:
        run_async(bridge.stop())
        run_async(client.aclose())
