"""The explorer's and node page's models and pure pieces: keyset paging over a million rows, live rows, peers,
validators, sync estimates and job progress — without a node (a virtual explorer answers the pages)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def protect_bools() -> None:
    """Work around PySide6 6.12.0 on Python 3.11: every Python ``Signal.emit()`` drops a reference to ``True``
    it never took (3.12+ has immortal bools, so the bug hides there), and after a few hundred emits the
    interpreter aborts with "bool_dealloc".  Giving both bools a huge reference count makes them as good
    as immortal, as 3.12 does.  (The app's entry point needs the same; see the lead's note.)"""
    import ctypes
    import sys

    if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
        for b in (True, False):
            ref = ctypes.c_ssize_t.from_address(id(b))
            if ref.value < 1 << 40:
                ref.value += 1 << 40


protect_bools()

import asyncio  # noqa: E402
import functools  # noqa: E402
import json  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QObject, Signal  # noqa: E402
from PySide6.QtWidgets import QTableView  # noqa: E402

from app.models.explorer_jobs import JobProgress  # noqa: E402
from app.models.explorer_node import PeerRow, PeersModel, ValidatorRow, ValidatorsModel  # noqa: E402
from app.models.explorer_source import FULL_NODE, ExplorerSource  # noqa: E402
from app.models.explorer_tables import (  # noqa: E402
    AccountsTableModel,
    BlocksTableModel,
    EventsTableModel,
    RecordsTableModel,
    TxsTableModel,
    describe_explorer_error,
    tx_summary,
)
from app.widgets.sync_overlay import SyncRate, format_duration  # noqa: E402
from explorer.errors import AmbiguousPrefix, MistypedAddress, PrefixTooShort  # noqa: E402
from explorer.schema import TX_INDEX_BITS  # noqa: E402
from explorer.stats import Participation  # noqa: E402
from explorer.views import AddressSummary, Block, Event, IndexStatus, Page, Record, Tx  # noqa: E402
from node.core.address import format_address  # noqa: E402

TXS_PER_BLOCK = 100
ADDR = [format_address(bytes([i]) * 20) for i in range(1, 9)]


class VirtualExplorer:
    """``explorer.Explorer``'s listing methods over a virtual chain of ``blocks`` x 100 transactions.

    Rows are made on request, so a million-row chain costs nothing until a page is asked for;
    ``calls`` counts the pages served (the model must never ask for the whole chain).
    """

    def __init__(self, blocks: int) -> None:
        self.top = blocks
        self.calls: list[tuple[str, Any, int]] = []
        self.lock = threading.Lock()

    def _block(self, h: int) -> Block:
        return Block(h, h.to_bytes(32, "big"), 1_700_000_000_000 + h * 1000, 1000, TXS_PER_BLOCK, 0, TXS_PER_BLOCK,
                     ADDR[h % 4], bytes(32), 3, 4)

    def _tx(self, pos: int) -> Tx:
        h, i = pos >> TX_INDEX_BITS, pos & ((1 << TX_INDEX_BITS) - 1)
        payload = {"to": ADDR[(pos + 1) % 8], "amount": 100 + i, "memo": ""}
        return Tx(pos, pos.to_bytes(32, "big"), h, i, 1_700_000_000_000 + h * 1000, ADDR[pos % 8], h, "token.transfer",
                  True, i % 50 != 7, "ok" if i % 50 != 7 else "insufficient_funds", json.dumps(payload), None, None)

    def blocks(self, *, after: int | None = None, limit: int = 50, newest_first: bool = True, **_: Any) -> Page:
        with self.lock:
            self.calls.append(("blocks", after, limit))
        if newest_first:
            start = self.top if after is None else after - 1
            hs = list(range(start, max(0, start - limit), -1))
        else:
            start = 1 if after is None else after + 1
            hs = list(range(start, min(self.top, start + limit - 1) + 1))
        items = tuple(self._block(h) for h in hs)
        return Page(items, items[-1].height if len(items) == limit else None)

    def txs(self, *, after: int | None = None, limit: int = 50, newest_first: bool = True, **filters: Any) -> Page:
        with self.lock:
            self.calls.append(("txs", after, limit))
        last = (self.top << TX_INDEX_BITS) | (TXS_PER_BLOCK - 1)
        out: list[Tx] = []
        pos = (last if after is None else after - 1) if newest_first else (after + 1 if after is not None else 1 << TX_INDEX_BITS)
        while len(out) < limit and (pos >> TX_INDEX_BITS) >= 1 and pos <= last:
            if (pos & 0xFFFF) < TXS_PER_BLOCK:
                t = self._tx(pos)
                if filters.get("failed") is None or (not t.ok) == filters["failed"]:
                    out.append(t)
                pos += -1 if newest_first else 1
            else:
                pos = ((pos >> TX_INDEX_BITS) << TX_INDEX_BITS) | (TXS_PER_BLOCK - 1) if newest_first else ((pos >> TX_INDEX_BITS) + 1) << TX_INDEX_BITS
        return Page(tuple(out), out[-1].pos if len(out) == limit else None)

    def events(self, *, after: int | None = None, limit: int = 50, newest_first: bool = True, **_: Any) -> Page:
        page = self.txs(after=None if after is None else after, limit=limit, newest_first=newest_first)
        items = tuple(Event(t.pos, t.height, t.index, t.pos, t.tx_id, "token.transferred", json.dumps({"from": t.sender})) for t in page.items)
        return Page(items, page.next)

    def addresses(self, *, after: bytes | None = None, limit: int = 50) -> Page:
        items = [AddressSummary(a, 10, 5, 3, 1 << 16, 9 << 16, None) for a in sorted(ADDR, key=lambda a: a)]
        return Page(tuple(items[:limit]), None)

    def records(self, *, after: bytes | None = None, limit: int = 50, **_: Any) -> Page:
        items = [Record(f"acct/{a}".encode(), f"acct/{a}", "account", json.dumps({"address": a, "balance": 1234}), None, b"\x01", 5)
                 for a in ADDR]
        return Page(tuple(items[:limit]), None)

    def close(self) -> None:
        pass


class _Bridge(QObject):
    blockAdded = Signal(dict)


class FakeServices(QObject):
    """What ``ExplorerSource`` uses of ``AppServices``: the executor and the bridge."""

    def __init__(self) -> None:
        super().__init__()
        self.bridge = _Bridge()
        self.home = None

    async def run_blocking(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, functools.partial(fn, *args, **kwargs))


@pytest.fixture
def virtual(aloop: Any) -> tuple[ExplorerSource, VirtualExplorer]:
    services = FakeServices()
    source = ExplorerSource(services)
    ex = VirtualExplorer(blocks=10_000)  # a million transactions
    status = IndexStatus("depot-test", bytes(32), ex.top, ex.top * TXS_PER_BLOCK, 0, ex.top)
    source.adopt(ex, home=Path("/virtual/node"), provenance=FULL_NODE, status=status, node_height=ex.top)
    source._services_ref = services  # keep the fake alive as long as the source
    return source, ex


def _loaded(qtbot: Any, model: Any, n: int) -> None:
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() >= n, timeout=10_000)


@pytest.mark.parametrize("cls", [BlocksTableModel, TxsTableModel, AccountsTableModel, RecordsTableModel, EventsTableModel])
def test_every_listing_model_passes_the_model_tester(qtbot: Any, qtmodeltester: Any, virtual: Any, cls: type) -> None:
    source, _ex = virtual
    model = cls(source, page_size=50)
    model.reload()
    _loaded(qtbot, model, 1)
    qtmodeltester.check(model, force_py=True)
    assert model.columnCount() == len(model.columns)
    assert all(isinstance(model.headerData(c, _horizontal()), str) for c in range(model.columnCount()))


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_a_million_transactions_load_a_page_at_a_time_as_the_view_scrolls(qtbot: Any, virtual: Any) -> None:
    source, ex = virtual
    model = TxsTableModel(source, page_size=200, max_rows=1_000)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(800, 400)
    view.show()
    model.reload()
    _loaded(qtbot, model, 200)
    assert model.rowCount() == 200  # one page, not the chain
    assert model.row(0).height == ex.top and model.row(0).index == TXS_PER_BLOCK - 1  # newest first
    assert model.canFetchMore(_root())
    limits: list[int] = []
    model.limitReached.connect(limits.append)
    for _ in range(20):
        view.scrollToBottom()
        qtbot.wait(20)
        if model.rowCount() >= 1_000:
            break
        _loaded(qtbot, model, min(1_000, model.rowCount()))
    qtbot.waitUntil(lambda: model.rowCount() == 1_000, timeout=10_000)
    positions = [model.row(i).pos for i in range(model.rowCount())]
    assert positions == sorted(positions, reverse=True) and len(set(positions)) == len(positions)  # no repeats, no gaps
    assert not model.canFetchMore(_root()) and model.at_limit and model.has_more
    assert limits == [1_000]
    tx_pages = [c for c in ex.calls if c[0] == "txs"]
    assert len(tx_pages) == 5 and all(limit == 200 for _k, _a, limit in tx_pages)


def _root() -> Any:
    from PySide6.QtCore import QModelIndex

    return QModelIndex()


def test_go_to_height_starts_the_listing_there_and_a_filter_change_drops_a_page_in_flight(qtbot: Any, virtual: Any) -> None:
    source, ex = virtual
    model = BlocksTableModel(source, page_size=100)
    model.reload()
    _loaded(qtbot, model, 100)
    model.go_to_height(5_000)
    _loaded(qtbot, model, 100)
    assert model.row(0).height == 5_000 and model.row(99).height == 4_901
    txs = TxsTableModel(source, page_size=50)
    txs.go_to_height(42)
    _loaded(qtbot, txs, 50)
    assert txs.row(0).height == 42
    # Two filter changes in a row: only the last one's rows are shown.
    txs.set_filters(failed=True)
    txs.set_filters(failed=None)
    _loaded(qtbot, txs, 50)
    qtbot.wait(100)
    assert txs.rowCount() == 50 and any(t.ok for t in txs.rows())


def test_new_rows_slide_in_at_the_top_and_too_many_offer_a_reload(qtbot: Any, virtual: Any) -> None:
    source, ex = virtual
    model = BlocksTableModel(source, page_size=100)
    model.reload()
    _loaded(qtbot, model, 100)
    ex.top += 3
    model.refresh_newer()
    qtbot.waitUntil(lambda: model.rowCount() == 103, timeout=5_000)
    assert [model.row(i).height for i in range(4)] == [ex.top, ex.top - 1, ex.top - 2, ex.top - 3]
    stale: list[bool] = []
    model.staleChanged.connect(stale.append)
    ex.top += 500
    model.refresh_newer()
    qtbot.waitUntil(lambda: stale == [True], timeout=5_000)
    assert model.rowCount() == 103  # nothing shifted under the reader
    model.reload()
    _loaded(qtbot, model, 100)
    assert model.row(0).height == ex.top and not model.stale


def test_rows_read_as_people_expect(english_locale: None) -> None:
    ex = VirtualExplorer(10)
    tx = ex._tx((3 << TX_INDEX_BITS) | 5)
    text = tx_summary(tx)
    assert text.startswith("Pay settlement tokens to another account") and "1.05" in text and "to depot1" in text
    failed = ex._tx((3 << TX_INDEX_BITS) | 7)
    from app.models.explorer_tables import tx_result

    assert tx_result(failed) == "Failed: insufficient_funds"


def test_explorer_errors_become_specific_sentences() -> None:
    assert "checksum" in describe_explorer_error(MistypedAddress("x", reason="the address checksum does not match (mistyped?)"))
    assert "8" in describe_explorer_error(PrefixTooShort("short"))
    assert "more characters" in describe_explorer_error(AmbiguousPrefix("many"))


# --- node page models -------------------------------------------------------------------------------


def test_peers_model_tells_how_far_each_node_is_behind(qtmodeltester: Any) -> None:
    model = PeersModel()
    model.set_peers([("http://a", "node0", True), ("http://b", "node1", False), ("http://c", "", False)])
    model.update_peer(PeerRow("http://a", "node0", True, 120, True, 3.0, "0.1.0", "validator"))
    model.update_peer(PeerRow("http://b", "node1", True, 100, True, 9.0, "0.1.0", "validator"))
    model.update_peer(PeerRow("http://c", "", False, error="The node does not answer. Is it running?"))
    qtmodeltester.check(model, force_py=True)
    assert model.head() == 120
    assert model.data(model.index(0, 0)) == "node0 (this app reads from it)"
    assert model.data(model.index(0, 3)) == "in step"
    assert model.data(model.index(1, 3)) == "20 blocks"
    assert model.data(model.index(2, 1)) == "not answering"
    model.update_peer(PeerRow("http://b", "node1", True, 500, False))
    assert model.head() == 120  # a node of another chain does not set the head
    assert model.data(model.index(1, 1)) == "another chain!"


def test_validators_model_shows_power_share_and_participation(qtmodeltester: Any) -> None:
    model = ValidatorsModel()
    model.set_validators([ValidatorRow(ADDR[0], 10, ADDR[4]), ValidatorRow(ADDR[1], 30, ADDR[5])])
    model.set_organisations({ADDR[4]: "City Commercial Bank"})
    model.set_participation([Participation(ADDR[0], 80, 100, 25), Participation(ADDR[1], 100, 100, 75)], 100)
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(0, 1)) == "City Commercial Bank"
    assert model.data(model.index(0, 2)) == "10 (25 %)"
    assert model.data(model.index(0, 3)) == "80.0 % (80 of 100)"
    assert model.data(model.index(1, 4)) == "75"
    model.set_validators([ValidatorRow(ADDR[0], 10, ADDR[4])])  # a refresh keeps what is known
    assert model.rows()[0].signed == 80 and model.rows()[0].organisation == "City Commercial Bank"


# --- sync estimates and job progress --------------------------------------------------------------------


def test_sync_rate_gives_progress_per_hour_and_time_left() -> None:
    rate = SyncRate()
    rate.add(0.0, 1_000, 11_000)
    est = rate.add(10.0, 1_100, 11_000)  # 10 blocks a second over a 10,000-block sync
    assert est.blocks_left == 9_900
    assert est.fraction == pytest.approx(0.1)  # of the whole chain
    assert est.percent_per_hour == pytest.approx(10 * 3600 / 11_000 * 100)
    assert est.eta_s == pytest.approx(990.0)
    hinted = rate.estimate(eta_hint_s=42.0)
    assert hinted.eta_s == 42.0
    assert format_duration(42) == "42 s" and format_duration(990) == "16 min" and format_duration(3 * 3600 + 600) == "3 h 10 min"


def test_job_progress_reads_the_full_sync_and_indexer_forms() -> None:
    p = JobProgress.from_sync({"height": 50, "target": 200, "blocks_left": 150, "blocks_per_s": 5.0, "txs_per_s": 500.0,
                               "eta_s": 30.0, "blocks": 50, "txs": 5000})
    assert (p.phase, p.fraction, p.eta_s, p.txs_done) == ("sync", 0.25, 30.0, 5000)
    q = JobProgress.from_index({"phase": "blocks", "blocks_done": 10, "blocks_left": 30, "height": 10, "target_height": 40,
                                "txs_done": 1000, "elapsed_s": 2.0})
    assert q.blocks_per_s == 5.0 and q.eta_s == 6.0 and q.txs_per_s == 500.0
