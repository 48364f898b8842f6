"""BlocksModel: Qt model rules, paging backwards, prepending new blocks, and fetching from a node."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

from PySide6.QtCore import QModelIndex, Qt  # noqa: E402

from app.models.blocks_model import BlocksModel  # noqa: E402
from node.client import AsyncNodeClient, NodeClient  # noqa: E402
from node.core.address import format_address  # noqa: E402

PROPOSER = format_address(bytes(range(20)))


def summary(height: int) -> dict[str, Any]:
    return {
        "height": height,
        "block_id": f"{height:064x}",
        "time": 1_700_000_000_000 + height * 1000,
        "num_txs": height % 4,
        "proposer": PROPOSER,
        "state_root": "00" * 32,
        "txs_root": "11" * 32,
    }


def page(top: int, n: int) -> list[dict[str, Any]]:
    """``n`` summaries from ``top`` downwards, newest first, as /v1/blocks answers."""
    return [summary(h) for h in range(top, max(top - n, 0), -1)]


def heights(model: BlocksModel) -> list[int]:
    return [model.block_at(r)["height"] for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester) -> None:
    model = BlocksModel(None)
    qtmodeltester.check(model)
    model.set_blocks(page(30, 10))
    qtmodeltester.check(model)
    model.add_older(page(20, 10))
    model.add_newer([summary(31), summary(32)])
    qtmodeltester.check(model)


def test_display_columns_and_roles(english_locale) -> None:
    model = BlocksModel(None)
    model.set_blocks([summary(12345)])
    idx = model.index(0, BlocksModel.HEIGHT)
    assert model.data(idx) == "12,345"
    assert model.data(model.index(0, BlocksModel.TXS)) == "1"
    proposer = model.data(model.index(0, BlocksModel.PROPOSER))
    assert proposer.startswith(PROPOSER[:10]) and "…" in proposer
    assert model.data(model.index(0, BlocksModel.PROPOSER), Qt.ItemDataRole.ToolTipRole) == PROPOSER
    block_id = model.data(model.index(0, BlocksModel.BLOCK_ID))
    assert block_id == f"{12345:064x}"[:8] + "…" + f"{12345:064x}"[-8:]
    assert model.data(idx, BlocksModel.BlockRole)["height"] == 12345
    assert model.data(model.index(0, BlocksModel.TIME)).count(":") == 2
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Height", "Time", "Transactions", "Proposer", "Block ID"]


def test_paging_backwards_until_genesis() -> None:
    model = BlocksModel(None)
    model.set_blocks(page(120, 50))
    assert heights(model)[:2] == [120, 119] and model.oldest_height == 71
    assert model.has_older
    assert model.add_older(page(70, 50)) == 50
    assert model.oldest_height == 21 and model.has_older
    # The last page is short: nothing older exists.
    assert model.add_older(page(20, 50), exhausted=True) == 20
    assert model.oldest_height == 1 and not model.has_older
    assert heights(model) == list(range(120, 0, -1))


def test_older_page_overlapping_rows_is_not_duplicated() -> None:
    model = BlocksModel(None)
    model.set_blocks(page(10, 5))
    assert model.add_older(page(8, 5)) == 2  # only 5 and 4 are older than the last row
    assert heights(model) == [10, 9, 8, 7, 6, 5, 4]


def test_prepend_new_blocks_signals_inserted_rows(qtbot) -> None:
    model = BlocksModel(None)
    model.set_blocks(page(10, 3))
    with qtbot.waitSignal(model.rowsInserted) as blocker:
        assert model.add_newer([summary(12), summary(11), summary(10)]) == 2
    parent, first, last = blocker.args
    assert (parent.isValid(), first, last) == (False, 0, 1)
    assert heights(model) == [12, 11, 10, 9, 8]
    assert model.add_newer([summary(12)]) == 0


def test_prepend_caps_rows_and_reopens_paging() -> None:
    model = BlocksModel(None, max_rows=5)
    model.set_blocks(page(5, 5), exhausted=True)
    assert not model.has_older
    model.add_newer(page(8, 3))
    assert heights(model) == [8, 7, 6, 5, 4]
    assert model.has_older  # 3..1 were dropped but can be paged back in


def test_malformed_summaries_from_a_node_are_skipped() -> None:
    model = BlocksModel(None)
    model.set_blocks([summary(3), {"height": "x"}, {"block_id": "aa"}, summary(2), summary(2)])
    assert heights(model) == [3, 2]


def test_missing_optional_fields_show_a_dash(qtmodeltester) -> None:
    model = BlocksModel(None)
    model.set_blocks([{"height": 4, "block_id": "ab" * 32}])
    assert [model.data(model.index(0, c)) for c in (1, 2, 3)] == ["—", "—", "—"]
    qtmodeltester.check(model)


def test_contiguous_block_event_with_all_fields_is_prepended_without_fetching() -> None:
    model = BlocksModel(None)
    model.set_blocks(page(10, 3))
    model.on_block_added(summary(11))
    assert heights(model)[0] == 11
    model.on_block_added({"height": 11})  # already shown
    assert heights(model)[0] == 11


def test_no_fetch_more_without_a_node() -> None:
    model = BlocksModel(None)
    model.set_blocks(page(100, 10))
    assert not model.canFetchMore(QModelIndex())


# --- fetching from a real node --------------------------------------------------------------


def test_pages_a_real_chain_back_to_its_first_block_then_prepends_new_ones(
    chain, qtbot, run_async, qtmodeltester
) -> None:
    tip = chain.grow_to(9)
    # Three or four pages, whatever the height the shared chain has reached.
    page_size = min(100, max(3, tip // 3))
    client = AsyncNodeClient(chain.rpc)
    model = BlocksModel(client, page_size=page_size)
    no_parent = QModelIndex()
    try:
        model.on_block_added({"height": tip})  # empty model: loads the page ending at that tip
        qtbot.waitUntil(lambda: model.rowCount() == page_size)
        assert heights(model) == list(range(tip, tip - page_size, -1))
        pages = 1
        while model.canFetchMore(no_parent):
            rows = model.rowCount()
            model.fetchMore(no_parent)
            assert not model.canFetchMore(no_parent)  # one page at a time
            qtbot.waitUntil(lambda rows=rows: model.rowCount() > rows or not model.has_older)
            pages += 1
        assert heights(model) == list(range(tip, 0, -1))
        assert pages >= 3
        qtmodeltester.check(model)
        with NodeClient(chain.rpc) as c:
            validator = c.status()["validators"][0]["address"]
            assert model.block_at(0) == c.blocks(before=tip + 1, limit=1)["blocks"][0]
        assert (
            model.data(model.index(0, BlocksModel.PROPOSER), Qt.ItemDataRole.ToolTipRole)
            == validator
        )

        new_tip = chain.make_blocks(2)[-1]["height"]
        with qtbot.waitSignal(model.rowsInserted) as inserted:
            model.on_block_added({"height": new_tip})  # a coalesced tip: the gap is fetched
        assert inserted.args[1] == 0
        assert model.tip_height == new_tip
        assert heights(model) == list(range(new_tip, 0, -1))
        qtmodeltester.check(model)
    finally:
        run_async(client.aclose())


def test_fetch_failure_is_reported_not_raised(qtbot, run_async) -> None:
    client = AsyncNodeClient("http://127.0.0.1:9")  # discard port: nothing listens
    model = BlocksModel(client)
    try:
        with qtbot.waitSignal(model.fetchFailed, timeout=10_000) as blocker:
            model.refresh()
        assert "does not answer" in blocker.args[0]
        assert model.rowCount() == 0
    finally:
        run_async(client.aclose())
