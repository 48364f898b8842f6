"""The Explorer page in light mode on the real devnet: no index on this computer, so blocks come from the node's
API in a lazily loaded table whose rows on screen the light client verifies, and the search box answers a
height, a transaction id or an address with a verified header, inclusion proof or state proof ("verified
against block N"); a tampered answer shows the red failure mark, never the value."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QTreeWidgetItem  # noqa: E402

from tests.app.test_explorer_models import protect_bools  # noqa: E402

protect_bools()

from app.formatting import format_amount_locale  # noqa: E402
from app.models import explorer_remote  # noqa: E402
from app.models.explorer_remote import VERIFIED, Query, RemoteBlocksModel, classify  # noqa: E402
from app.services import AppServices  # noqa: E402
from node.client import NodeClient  # noqa: E402
from tests.app.services_kit import close_explorer_services, show_page  # noqa: E402
from tests.app.test_explorer_page import make_explorer_services  # noqa: E402

pytestmark = pytest.mark.e2e


def light_home(devnet: Any, where: Path) -> Path:
    """A demo folder as a light node's computer has it: the network (devnet.json, genesis) but no node data."""
    where.mkdir(parents=True, exist_ok=True)
    doc = json.loads((Path(devnet.home) / "devnet.json").read_text(encoding="utf-8"))
    node_home = Path(doc["nodes"][0]["home"])
    genesis = Path(devnet.home) / "genesis.json"
    shutil.copy(genesis if genesis.is_file() else node_home / "genesis.json", where / "genesis.json")
    doc["nodes"][0]["home"] = str(where / "no-node-data")
    (where / "devnet.json").write_text(json.dumps(doc), encoding="utf-8")
    return where


@pytest.fixture
def light_services(devnet: Any, chain: Any, tmp_path: Path, run_async: Any) -> Iterator[AppServices]:
    chain.grow_to(12)
    s = make_explorer_services(devnet, tmp_path / "s", home=light_home(devnet, tmp_path / "demo"))
    s.bridge.start()
    yield s
    run_async(_close(s), timeout_s=20)


async def _close(s: AppServices) -> None:
    await close_explorer_services(s)


def _page(qtbot: Any, services: AppServices) -> Any:
    from app.pages.explorer_page import ExplorerPage

    return show_page(qtbot, ExplorerPage(services))


def tree_values(tree: Any) -> dict[str, str]:
    """The detail tree as ``{"payload.amount": "0.01 (in minor units: 1)", ...}``."""
    out: dict[str, str] = {}

    def walk(item: QTreeWidgetItem, prefix: str) -> None:
        key = f"{prefix}{item.toolTip(0) or item.text(0)}"  # the raw field name (the label may be translated)
        out[key] = item.text(1)
        for i in range(item.childCount()):
            walk(item.child(i), key + ".")

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i), "")
    return out


def _search(qtbot: Any, page: Any, text: str) -> None:
    page.search_edit.setText(text)
    page.search()
    qtbot.waitUntil(lambda: not page.busy.isVisibleTo(page), timeout=30_000)


def test_the_recogniser_classifies_what_was_typed() -> None:
    assert classify("") is Query.EMPTY
    assert classify("42") is Query.HEIGHT
    assert classify("ab" * 32) is Query.ID
    assert classify("0x" + "AB" * 32) is Query.ID
    assert classify("abcdef12") is Query.ID_PREFIX
    assert classify("depot1qqq") is Query.ADDRESS
    assert classify("T-7#00000003") is Query.UNKNOWN


def test_the_blocks_model_passes_the_model_tester_and_pages_as_it_scrolls(
    qtbot: Any, qtmodeltester: Any, light_services: AppServices, chain: Any, monkeypatch: Any, english_locale: None
) -> None:
    from app.models.explorer_light import light_for

    monkeypatch.setattr(explorer_remote, "PAGE", 5)
    model = RemoteBlocksModel(light_services.client, light_for(light_services))
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 5 and not model.loading, timeout=10_000)
    tip = model.row(0).height
    assert tip >= 12
    assert [model.row(r).height for r in range(5)] == list(range(tip, tip - 5, -1))  # newest first
    assert model.canFetchMore()
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 10 and not model.loading, timeout=10_000)
    assert [model.row(r).height for r in range(10)] == list(range(tip, tip - 10, -1))
    assert model.cells_at(0)[-1] == "⚠ unverified: from the node's API"
    qtmodeltester.check(model)
    model.verify_rows(0, 2)
    qtbot.waitUntil(lambda: all(model.row(r).status == VERIFIED for r in range(3)), timeout=30_000)
    assert model.cells_at(1)[-1] == f"✔ verified against block {tip - 1:,}"
    assert model.row(3).status == "unverified"  # only the rows asked for (those on screen)
    qtmodeltester.check(model)


def test_light_mode_lists_blocks_and_verifies_those_on_screen(
    qtbot: Any, light_services: AppServices, english_locale: None
) -> None:
    page = _page(qtbot, light_services)
    assert page.stack.currentIndex() == 0 and not page.source.is_open
    assert "light node" in page.empty_text.text()
    model = page.light_model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    qtbot.waitUntil(lambda: model.row(0).status == VERIFIED, timeout=30_000)
    assert model.cells_at(0)[-1].startswith("✔ verified against block ")
    last_on_screen = page.light.view.rowAt(page.light.view.viewport().height() - 1)
    if 0 <= last_on_screen < model.rowCount() - 1:
        assert model.row(model.rowCount() - 1).status == "unverified"  # off screen: not verified


def test_a_transaction_search_shows_it_verified_with_its_decoded_values(
    qtbot: Any, light_services: AppServices, chain: Any, devnet: Any, english_locale: None
) -> None:
    view = chain.make_blocks(1)[0]
    page = _page(qtbot, light_services)
    _search(qtbot, page, view["tx_id"])
    light = page.light
    assert page.search_error.text() == ""
    assert light.mark.provenance.kind == "verified", light.mark.text()
    assert light.mark.text() == f"✔ Verified against block {view['height']:,}"
    values = tree_values(light.tree)
    assert values["kind"].endswith("(token.transfer)")
    assert values["sender"] == devnet.account("supplier")["address"]
    assert values["height"] == str(view["height"])
    assert any(v.startswith("app test") for k, v in values.items() if k.startswith("payload."))
    assert "as the node reports it" in light.note.text()


def test_an_address_search_shows_the_verified_balance(
    qtbot: Any, light_services: AppServices, devnet: Any, english_locale: None
) -> None:
    address = devnet.account("logistics")["address"]
    page = _page(qtbot, light_services)
    _search(qtbot, page, address)
    light = page.light
    assert light.mark.provenance.kind == "verified", light.mark.text()
    assert light.mark.text().startswith("✔ Verified against block ")
    with NodeClient(devnet.rpc) as c:
        balance = int(c.account(address)["account"]["balance"])
    values = tree_values(light.tree)
    assert values["balance"].startswith(format_amount_locale(balance))
    assert light.subject.text() == f"Account {address}"


def test_a_height_search_shows_the_verified_header_and_a_too_high_one_says_so(
    qtbot: Any, light_services: AppServices, chain: Any, english_locale: None
) -> None:
    page = _page(qtbot, light_services)
    _search(qtbot, page, "3")
    assert page.light.mark.text() == "✔ Verified against block 3"
    assert tree_values(page.light.header_tree)["height"] == "3"
    block_id = tree_values(page.light.header_tree)["block_id"]
    _search(qtbot, page, block_id)  # a 64-hex id that is no transaction: the block of that id
    assert page.light.mark.text() == "✔ Verified against block 3"
    assert page.light.subject.text() == "Block 3"
    _search(qtbot, page, str(chain.tip() + 10_000))
    assert "There is no block" in page.search_error.text()
    _search(qtbot, page, "ab" * 32)
    assert page.search_error.text() == "The node knows no transaction or block with this id."


def test_the_table_pages_as_the_view_scrolls(
    qtbot: Any, light_services: AppServices, monkeypatch: Any, english_locale: None
) -> None:
    monkeypatch.setattr(explorer_remote, "PAGE", 5)
    page = _page(qtbot, light_services)
    model, view = page.light_model, page.light.view
    # The view asks for pages until its viewport is full, then one more each time it is scrolled to the end.
    qtbot.waitUntil(lambda: model.rowCount() > 5 and not model.loading, timeout=10_000)
    for _ in range(100):
        if not model.has_more:
            break
        before = model.rowCount()
        view.scrollToBottom()
        qtbot.waitUntil(lambda before=before: model.rowCount() > before or not model.has_more, timeout=10_000)
    heights = [model.row(r).height for r in range(model.rowCount())]
    assert heights == list(range(heights[0], 0, -1))  # every block, newest first, none twice


def test_a_mistyped_address_and_unsearchable_text_get_their_specific_messages(
    qtbot: Any, light_services: AppServices, devnet: Any, english_locale: None
) -> None:
    address = devnet.account("logistics")["address"]
    mistyped = address[:-1] + ("q" if address[-1] != "q" else "p")
    page = _page(qtbot, light_services)
    page.search_edit.setText(mistyped)
    page.search()
    assert "mistyped" in page.search_error.text()
    assert not page.light.detail.isVisibleTo(page)
    page.search_edit.setText("abcdef12")
    page.search()
    assert "64-character id" in page.search_error.text()
    page.search_edit.setText("T-7#00000003")
    page.search()
    assert "need a node data folder" in page.search_error.text()


def test_a_tampered_balance_shows_the_failure_mark_not_the_value(
    qtbot: Any, light_services: AppServices, devnet: Any, monkeypatch: Any, english_locale: None
) -> None:
    from node.core.encoding import decode, encode
    from node.light.provider import HttpProvider
    from node.modules.accounts.records import Account

    real_state = HttpProvider.state

    def lying_state(self: Any, key: bytes, height: int) -> Any:
        answer = real_state(self, key, height)
        if answer.value is None:
            return answer
        acc = decode(Account, answer.value)
        forged = dataclasses.replace(acc, balance=type(acc.balance)(int(acc.balance) + 1_000_000))
        return dataclasses.replace(answer, value=encode(forged))

    monkeypatch.setattr(HttpProvider, "state", lying_state)
    address = devnet.account("logistics")["address"]
    page = _page(qtbot, light_services)
    _search(qtbot, page, address)
    light = page.light
    assert light.mark.provenance.kind == "failed", light.mark.text()
    assert light.mark.text().startswith("✖ Not verified: verification failed")
    assert light.tree.topLevelItemCount() == 0  # nothing of the lying answer is shown
    assert "did not match its proof" in light.note.text()


def test_an_unreachable_node_says_so_and_shows_nothing_as_fact(
    qtbot: Any, devnet: Any, tmp_path: Path, run_async: Any, english_locale: None
) -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    from PySide6.QtCore import QSettings

    from app.node_bridge import NodeBridge
    from app.settings_store import SettingsStore
    from node.client import AsyncNodeClient
    from tests.app.services_kit import demo_accounts

    client = AsyncNodeClient(f"http://127.0.0.1:{port}", timeout_s=2)
    s = AppServices(
        client=client,
        bridge=NodeBridge(client, status_interval_s=0.2),
        accounts=demo_accounts(devnet),
        settings=QSettings(str(tmp_path / "depot.ini"), QSettings.Format.IniFormat),
        store=SettingsStore(tmp_path / "config"),
        home=light_home(devnet, tmp_path / "demo"),
        demo=True,
    )
    s.bridge.start()
    try:
        page = _page(qtbot, s)
        qtbot.waitUntil(lambda: "cannot be reached" in page.light.status.text(), timeout=20_000)
        assert page.light_model.rowCount() == 0
        _search(qtbot, page, devnet.account("logistics")["address"])
        assert "cannot be reached" in page.search_error.text()
        assert not page.light.detail.isVisibleTo(page)
    finally:
        run_async(_close(s), timeout_s=20)


# --- a block's transactions, each proven ----------------------------------------------------------------


def make_block_with_txs(chain: Any, n: int = 3) -> tuple[int, list[str]]:
    """Submit ``n`` transfers at once so that they share a block (retried until they do); ``(height, tx ids)``."""
    from wallet.send import build_transfer

    with NodeClient(chain.rpc) as c:
        for _ in range(5):
            ids = []
            for _ in range(n):
                tx = build_transfer(chain.chain_id, chain._signer, chain._nonce, chain._payee, 1, "block test")
                chain._nonce += 1
                ids.append(c.submit_tx(encode_tx(tx))["tx_id"])
            views = [c.wait_tx(t, timeout_s=20) for t in ids]
            heights = {v["height"] for v in views}
            if len(heights) == 1:
                height = heights.pop()
                return height, list(c.block_tx_ids(height)["tx_ids"])
    raise AssertionError("the transfers never shared a block")


def encode_tx(tx: Any) -> bytes:
    from node.core.encoding import encode

    return encode(tx)


def double_click(qtbot: Any, view: Any, row: int) -> None:
    """A person's double-click on ``row`` (a press first: the view opens what the press selected)."""
    from PySide6.QtCore import QPoint, Qt

    pos = QPoint(view.visualRect(view.model().index(row, 0)).center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _open_block(qtbot: Any, page: Any, height: int) -> Any:
    """Double-click the block's row in the light table (paging down to it) and wait for its transactions."""

    from app.models import explorer_block_txs as bt

    model, view = page.light_model, page.light.view
    qtbot.waitUntil(lambda: model.rowCount() > 0 and not model.loading, timeout=10_000)
    if model.row(0).height < height:
        model.reload()  # the block is newer than the first page
        qtbot.waitUntil(lambda: model.rowCount() > 0 and model.row(0).height >= height and not model.loading, timeout=10_000)
    while not any(model.row(r).height == height for r in range(model.rowCount())):
        assert model.canFetchMore()
        n = model.rowCount()
        model.fetchMore()
        qtbot.waitUntil(lambda n=n: model.rowCount() > n and not model.loading, timeout=10_000)
    r = next(r for r in range(model.rowCount()) if model.row(r).height == height)
    view.scrollTo(model.index(r, 0))
    double_click(qtbot, view, r)
    light = page.light
    qtbot.waitUntil(lambda: light._block is not None and light.txs_model.height == height, timeout=30_000)
    qtbot.waitUntil(lambda: light.txs_model.state not in (bt.RUNNING, bt.IDLE), timeout=60_000)
    return light


def test_a_double_clicked_block_shows_its_transactions_each_proven_and_the_list_complete(
    qtbot: Any, light_services: AppServices, chain: Any, devnet: Any, english_locale: None
) -> None:
    from app.models import explorer_block_txs as bt

    height, tx_ids = make_block_with_txs(chain)
    page = _page(qtbot, light_services)
    light = _open_block(qtbot, page, height)
    m = light.txs_model
    assert m.state == bt.DONE, (m.state, light.txs_status.text())
    assert [m.row(r).tx_id_hex for r in range(m.rowCount())] == tx_ids
    assert all(m.row(r).status == VERIFIED for r in range(m.rowCount()))
    assert m.cells_at(0)[-1] == f"✔ in block {height:,}, verified"
    assert m.cells_at(0)[4] == "succeeded"  # the node's word, its column says so
    assert light.mark.text() == f"✔ Verified against block {height:,}"
    assert light.subject.text() == f"Block {height:,}"
    assert f"Transactions proven to be in block {height:,}: {len(tx_ids)} of {len(tx_ids)}." in light.txs_status.text()
    assert light.block_tabs.tabText(0) == f"Transactions ({len(tx_ids)})"
    assert tree_values(light.header_tree)["height"] == str(height)
    assert not light.txs_cancel.isVisibleTo(light)

    # Double-click a transaction: its decoded detail, as a search for it shows it; then back to the block.

    double_click(qtbot, light.txs_view, 1)
    assert light.content.currentWidget() is light.tree
    assert light.mark.text() == f"✔ Verified against block {height:,}"
    values = tree_values(light.tree)
    assert values["tx_id"] == tx_ids[1]
    assert values["index"] == "1"  # from 0, as the table's Position column
    assert values["kind"].endswith("(token.transfer)")
    assert values["sender"] == devnet.account("supplier")["address"]
    assert "not verified" in values["result_code"]  # headers do not commit to outcomes: said beside it
    assert light.back_button.isVisibleTo(light)
    light.back_button.click()
    assert light.content.currentWidget() is light.block_tabs
    assert light.subject.text() == f"Block {height:,}"
    assert m.state == bt.DONE and m.rowCount() == len(tx_ids)  # not asked again


def test_the_block_transactions_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, light_services: AppServices, chain: Any, run_async: Any, english_locale: None
) -> None:
    from app.models import explorer_block_txs as bt
    from app.models.explorer_block_txs import BlockTxsModel
    from app.models.explorer_light import light_for

    height, tx_ids = make_block_with_txs(chain, 2)
    light = light_for(light_services)
    model = BlockTxsModel(light_services.client, light)
    qtmodeltester.check(model)
    lb = run_async(light.verify_header(height), timeout_s=30)
    model.load(lb)
    qtbot.waitUntil(lambda: model.state == bt.DONE, timeout=30_000)
    assert model.rowCount() == len(tx_ids)
    qtmodeltester.check(model)
    model.clear()
    assert model.rowCount() == 0 and model.state == bt.IDLE
    qtmodeltester.check(model)


def test_a_long_check_shows_progress_and_can_be_cancelled(
    qtbot: Any, light_services: AppServices, chain: Any, monkeypatch: Any, english_locale: None
) -> None:
    import asyncio

    from app.models import explorer_block_txs as bt
    from app.models.explorer_light import LightReader

    height, tx_ids = make_block_with_txs(chain, 3)
    real = LightReader.verify_tx

    async def slow_verify_tx(self: Any, tx_id: bytes) -> Any:
        await asyncio.sleep(0.4)  # a slow node: the loop keeps running meanwhile
        return await real(self, tx_id)

    monkeypatch.setattr(LightReader, "verify_tx", slow_verify_tx)
    page = _page(qtbot, light_services)
    light = page.light
    page.light_search(str(height))
    qtbot.waitUntil(lambda: light.txs_model.rowCount() == len(tx_ids), timeout=30_000)
    m = light.txs_model
    assert m.state == bt.RUNNING
    assert light.txs_cancel.isVisibleTo(light) and light.txs_bar.isVisibleTo(light)
    assert "Checking transaction " in light.txs_status.text()
    light.txs_cancel.click()
    qtbot.waitUntil(lambda: m.state == bt.CANCELLED, timeout=10_000)
    assert m.checked < len(tx_ids)
    assert m.row(len(tx_ids) - 1).status == "unverified"
    assert m.cells_at(len(tx_ids) - 1)[-1] == "⚠ unverified"
    assert m.cells_at(len(tx_ids) - 1)[2] == ""  # nothing of an unproven transaction is shown
    assert "the others are unverified" in light.txs_status.text()
    assert light.txs_retry.isVisibleTo(light) and not light.txs_cancel.isVisibleTo(light)
    monkeypatch.setattr(LightReader, "verify_tx", real)
    light.txs_retry.click()
    qtbot.waitUntil(lambda: m.state == bt.DONE, timeout=30_000)


class TamperingServer:
    """A node API in front of the real one that forges one transaction's amount in ``/v1/txs/{id}``."""

    def __init__(self, upstream: str, forge_tx_id: str) -> None:
        import http.server
        import threading

        import httpx

        self.upstream = upstream.rstrip("/")
        self.forge = forge_tx_id
        self.forged = 0
        outer = self
        client = httpx.Client(timeout=10)

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                try:
                    r = client.get(outer.upstream + self.path)
                except (httpx.HTTPError, RuntimeError):  # upstream gone, or this server closing
                    self.send_error(502)
                    return
                body = r.content
                if self.path.startswith(f"/v1/txs/{outer.forge}") and r.status_code == 200:
                    body = json.dumps(outer.forge_answer(r.json())).encode()
                    outer.forged += 1
                self.send_response(r.status_code)
                self.send_header("Content-Type", r.headers.get("content-type", "application/json"))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._client = client
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def forge_answer(a: dict[str, Any]) -> dict[str, Any]:
        from node.core.encoding import decode, encode
        from node.core.transactions import decode_transaction
        from node.modules.accounts.transitions import Transfer

        tx = decode_transaction(bytes.fromhex(a["raw"]))
        pay = decode(Transfer, bytes(tx.body.payload))
        forged_pay = dataclasses.replace(pay, amount=type(pay.amount)(FORGED_AMOUNT))
        body = dataclasses.replace(tx.body, payload=encode(forged_pay))
        return {**a, "raw": encode(dataclasses.replace(tx, body=body)).hex()}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._client.close()


FORGED_AMOUNT = 777_000_001


def test_a_tampered_transaction_in_a_block_shows_the_failure_mark_never_its_value(
    qtbot: Any, light_services: AppServices, chain: Any, devnet: Any, monkeypatch: Any, english_locale: None
) -> None:
    from app.models import explorer_block_txs as bt
    from app.models import explorer_light

    height, tx_ids = make_block_with_txs(chain, 3)
    server = TamperingServer(devnet.rpc, tx_ids[1])
    real_setup = explorer_light.light_setup

    def via_tampering_server(services: Any) -> Any:
        s = real_setup(services)  # the light client reads through the liar; the real node is its witness
        return dataclasses.replace(s, primary=server.url, witnesses=(devnet.rpc,))

    monkeypatch.setattr(explorer_light, "light_setup", via_tampering_server)
    try:
        page = _page(qtbot, light_services)
        light = _open_block(qtbot, page, height)
        m = light.txs_model
        assert server.forged >= 1
        assert m.state == bt.INCOMPLETE
        assert [m.row(r).status for r in range(3)] == [VERIFIED, "failed", VERIFIED]
        assert m.cells_at(1)[-1] == "✖ verification failed"
        assert m.cells_at(1)[2] == "" and m.cells_at(1)[3] == ""  # nothing of the forged transaction
        tip = m.data(m.index(1, len(m.columns) - 1), 3)  # ToolTipRole: the reason, in the app's words
        assert tip == "The node answered with another transaction than the one asked for."
        assert "Transactions that failed verification: 1 of 3;" in light.txs_status.text()

        double_click(qtbot, light.txs_view, 1)
        assert light.mark.provenance.kind == "failed"
        assert light.mark.text() == "✖ Not verified: verification failed"
        assert light.tree.topLevelItemCount() == 0
        assert "another transaction than the one asked for" in light.note.text()
        forged = format_amount_locale(FORGED_AMOUNT)
        shown = [m.cells_at(r) for r in range(m.rowCount())]
        assert not any(forged in c or str(FORGED_AMOUNT) in c for row in shown for c in row)
    finally:
        server.close()


# --- every field label and every failure reason in the app's words ----------------------------------------


def _registered_field_names() -> set[str]:
    import typing

    from node.modules import default_registry

    names: set[str] = set()
    seen: set[Any] = set()

    def walk(t: Any) -> None:
        if t in seen:
            return
        seen.add(t)
        hints = typing.get_type_hints(t, include_extras=True)
        for f in dataclasses.fields(t):
            names.add(f.name)
            hint(hints.get(f.name))

    def hint(h: Any) -> None:
        if h is None:
            return
        if dataclasses.is_dataclass(h):
            walk(h)
            return
        for a in typing.get_args(h) or ():
            hint(a)

    r = default_registry()
    for k in r.kinds.values():
        walk(k.payload_type)
    for rt in r.records:
        walk(rt.record_type)
    for a in r.actions.values():
        if getattr(a, "payload_type", None) is not None:
            walk(a.payload_type)
    return names


def test_every_field_the_light_mode_shows_has_a_human_label() -> None:
    from app.widgets.decoded_tree import FIELD_LABELS
    from node.core.blocks import Header

    envelope = {"tx_id", "height", "index", "block_id", "chain_id", "sender", "nonce", "expires_at", "kind",
                "payload", "payload_raw", "signatures", "result_code", "scheme", "public_key", "signature"}
    header = {f.name for f in dataclasses.fields(Header)}
    missing = sorted((_registered_field_names() | envelope | header) - set(FIELD_LABELS))
    assert not missing, f"fields without a label in app/widgets/decoded_tree.py FIELD_LABELS: {missing}"


def test_every_light_client_error_code_has_a_sentence() -> None:
    import inspect

    import node.light.errors as errors
    from app.models.explorer_light_errors import light_codes, light_failure_text, mismatch_reasons
    from app.models.explorer_remote import VerificationMismatch

    codes = {c.code for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.DepotError) and c.__module__ == errors.__name__}
    assert codes - light_codes() == set()
    for reason in mismatch_reasons():
        text = light_failure_text(VerificationMismatch("english", reason=reason))
        assert text and text != "english"


@pytest.fixture
def chinese() -> Iterator[None]:
    """The explorer's Simplified Chinese catalogue (and the app's), compiled and installed."""
    import subprocess
    import tempfile

    from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

    from tests.app.test_translations import TRANSLATIONS, _tool

    out = Path(tempfile.mkdtemp(prefix="depot-zh-"))
    translators = []
    for area in ("explorer", "depot"):
        subprocess.run(
            [_tool("pyside6-lrelease"), str(TRANSLATIONS / f"{area}_zh_CN.ts"), "-qm", str(out / f"{area}_zh_CN.qm")],
            check=True, capture_output=True,
        )
        t = QTranslator()
        assert t.load(QLocale("zh_CN"), area, "_", str(out))
        QCoreApplication.installTranslator(t)
        translators.append(t)
    try:
        yield
    finally:
        for t in translators:
            QCoreApplication.removeTranslator(t)


def _has_latin_word(text: str) -> bool:
    import re

    return re.search(r"[A-Za-z]{3,}", text) is not None


def test_in_chinese_the_block_detail_has_no_english_labels_or_reasons(
    qtbot: Any, light_services: AppServices, chain: Any, devnet: Any, monkeypatch: Any, chinese: None
) -> None:
    from app.models import explorer_block_txs as bt
    from app.models import explorer_light

    height, tx_ids = make_block_with_txs(chain, 2)
    server = TamperingServer(devnet.rpc, tx_ids[0])
    real_setup = explorer_light.light_setup
    monkeypatch.setattr(
        explorer_light, "light_setup",
        lambda services: dataclasses.replace(real_setup(services), primary=server.url, witnesses=(devnet.rpc,)),
    )
    try:
        page = _page(qtbot, light_services)
        light = _open_block(qtbot, page, height)
        m = light.txs_model
        assert m.state == bt.INCOMPLETE
        labels = [light.header_tree.topLevelItem(i).text(0) for i in range(light.header_tree.topLevelItemCount())]
        assert labels and not [x for x in labels if _has_latin_word(x)], labels
        assert not _has_latin_word(light.txs_status.text()), light.txs_status.text()
        assert not _has_latin_word(light.block_tabs.tabText(0))
        from PySide6.QtCore import Qt

        headers = [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]
        assert not [h for h in headers if _has_latin_word(h)], headers
        tip = m.data(m.index(0, len(m.columns) - 1), 3)
        assert tip and not _has_latin_word(tip), tip
        # The verified transaction's detail: every field label in Chinese.
        light.open_block_tx(1)
        labels = []

        def walk(item: QTreeWidgetItem) -> None:
            if not item.text(0).startswith("["):
                labels.append(item.text(0))
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(light.tree.topLevelItemCount()):
            walk(light.tree.topLevelItem(i))
        assert labels and not [x for x in labels if _has_latin_word(x)], labels
        # The forged one: the reason in Chinese too.
        light.back_to_block()
        light.open_block_tx(0)
        assert light.mark.provenance.kind == "failed"
        assert not _has_latin_word(light.note.text()), light.note.text()
    finally:
        server.close()
