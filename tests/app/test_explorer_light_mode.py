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
    """The detail tree as ``{"payload.amount": "0.01 (1 minor units)", ...}``."""
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
    assert values["kind"] == "token.transfer"
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
    assert tree_values(page.light.tree)["height"] == "3"
    block_id = tree_values(page.light.tree)["block_id"]
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
