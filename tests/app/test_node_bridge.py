"""NodeBridge: throttles and coalesces node events into Qt signals, and follows a live node."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time  # noqa: E402

from stub_node import CHAIN_ID, StubNode  # noqa: E402

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


def test_follows_a_live_node(stub_node: StubNode, qtbot, run_async) -> None:
    client = AsyncNodeClient(stub_node.url)
    bridge = NodeBridge(client, status_interval_s=0.2)
    heights: list[int] = []
    bridge.blockAdded.connect(lambda b: heights.append(b["height"]))
    try:
        with qtbot.waitSignals([bridge.connectionChanged, bridge.statusChanged], timeout=5000):
            bridge.start()
        assert bridge.connected is True
        assert bridge.last_status["chain_id"] == CHAIN_ID
        stub_node.add_blocks(5)
        qtbot.waitUntil(lambda: bool(heights) and heights[-1] == 8, timeout=5000)
        assert len(heights) <= 2  # coalesced
        qtbot.waitUntil(lambda: bridge.last_status["height"] == 8, timeout=5000)
    finally:
        run_async(bridge.stop())
        run_async(client.aclose())


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
