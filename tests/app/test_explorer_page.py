"""The Explorer page and its detail dialog on the real devnet: lazily loaded tables over the first node's data,
search (with the specific message for a mistyped address), filters, decoded details, the light client's
"verified against block N" mark, and the honest marks when nothing can be verified."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from tests.app.test_explorer_models import protect_bools  # noqa: E402

protect_bools()

from app.dialogs.explorer_detail_dialog import ExplorerDetailDialog  # noqa: E402
from app.models.explorer_source import FULL_NODE  # noqa: E402
from app.node_bridge import NodeBridge  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.settings_store import SettingsStore  # noqa: E402
from app.widgets.decoded_tree import DecodedTree  # noqa: E402
from node.client import AsyncNodeClient  # noqa: E402
from tests.app.services_kit import (  # noqa: E402
    close_explorer_services,
    demo_accounts,  # noqa: E402
    show_page,
)

pytestmark = pytest.mark.e2e


def make_explorer_services(devnet: Any, tmp_path: Path, *, home: Path | None) -> AppServices:
    """Services as the demo app has them: ``home`` is the demo folder (devnet.json, genesis) or None."""
    client = AsyncNodeClient(devnet.rpc)
    bridge = NodeBridge(client, status_interval_s=0.2)
    return AppServices(
        client=client,
        bridge=bridge,
        accounts=demo_accounts(devnet),
        settings=QSettings(str(tmp_path / "depot.ini"), QSettings.Format.IniFormat),
        store=SettingsStore(tmp_path / "config"),
        home=home if home is not None else tmp_path / "app-home",
        demo=home is not None,
    )


@pytest.fixture
def services_factory(devnet: Any, chain: Any, tmp_path: Path, run_async: Any) -> Iterator[Any]:
    made: list[AppServices] = []

    def make(home: Path | None = None, name: str = "s") -> AppServices:
        s = make_explorer_services(devnet, tmp_path / name, home=home)
        s.bridge.start()
        made.append(s)
        return s

    chain.grow_to(6)  # a few transfers to list
    yield make
    for s in made:
        run_async(_close(s), timeout_s=20)


async def _close(s: AppServices) -> None:
    await close_explorer_services(s)


def _page(qtbot: Any, services: AppServices) -> Any:
    from app.pages.explorer_page import ExplorerPage

    return show_page(qtbot, ExplorerPage(services))


def _dialog(qtbot: Any, page: Any, n: int) -> ExplorerDetailDialog:
    qtbot.waitUntil(lambda: len(page.dialogs) >= n, timeout=10_000)
    d = page.dialogs[n - 1]
    qtbot.waitUntil(lambda: d.loaded is not None or d.status_label.text() not in ("", d.tr("Loading…")), timeout=10_000)
    return d


def test_explorer_lists_the_first_nodes_data_from_local_full_node(qtbot: Any, services_factory: Any, devnet: Any, english_locale: None) -> None:
    page = _page(qtbot, services_factory(devnet.home))
    src = page.source
    qtbot.waitUntil(lambda: src.is_open and page.blocks_model.rowCount() > 0, timeout=20_000)
    assert src.provenance == FULL_NODE and src.home == Path(devnet.info["nodes"][0]["home"])
    assert page.mark.text().startswith("From local full node, re-executed")
    top = page.blocks_model.row(0).height
    assert top == src.indexed_height or top <= src.indexed_height
    for model in (page.txs_model, page.accounts_model, page.records_model):
        qtbot.waitUntil(lambda m=model: m.rowCount() > 0, timeout=10_000)
    assert any(r.type == "account" for r in page.records_model.rows())
    # The chain moves on: the index catches up and new blocks slide in at the top.
    chain_tip = top
    qtbot.waitUntil(lambda: page.blocks_model.rowCount() > 0 and page.blocks_model.row(0).height > chain_tip, timeout=20_000)


def test_search_opens_what_was_typed_and_says_what_is_wrong(qtbot: Any, services_factory: Any, devnet: Any, english_locale: None) -> None:
    page = _page(qtbot, services_factory(devnet.home))
    qtbot.waitUntil(lambda: page.txs_model.rowCount() > 0, timeout=20_000)
    tx = page.txs_model.row(0)

    page.search_edit.setText(str(tx.height))
    page.search()
    d = _dialog(qtbot, page, 1)
    assert d.loaded is not None and d.loaded.title_kind == "block" and d.title_label.text() == f"Block {tx.height:,}"

    page.search_edit.setText(tx.tx_id_hex[:12])
    page.search()
    d = _dialog(qtbot, page, 2)
    assert d.loaded is not None and d.loaded.title_kind == "tx" and d.loaded.main.tx.tx_id == tx.tx_id

    address = devnet.account("supplier")["address"]
    page.search_edit.setText(address)
    page.search()
    d = _dialog(qtbot, page, 3)
    assert d.loaded is not None and d.loaded.main.address == address

    # A mistyped address: the specific message next to the box, and nothing opened.
    typo = address[:12] + ("q" if address[12] != "q" else "p") + address[13:]
    page.search_edit.setText(typo)
    page.search()
    assert "checksum" in page.search_error.text() and page.search_error.isVisible()
    assert len(page.dialogs) == 3
    page.search_edit.setText(address[:-1])
    page.search()
    assert "characters" in page.search_error.text()

    page.search_edit.setText("99999999")
    page.search()
    qtbot.waitUntil(lambda: "not in the index yet" in page.search_error.text(), timeout=10_000)

    page.search_edit.setText("token.transfer")
    page.search()
    qtbot.waitUntil(lambda: page.txs_kind.currentData() == "token.transfer", timeout=10_000)
    assert page.tabs.currentWidget() is page.txs_tab
    qtbot.waitUntil(lambda: page.txs_model.rowCount() > 0, timeout=10_000)
    assert all(t.kind == "token.transfer" for t in page.txs_model.rows())


def test_filters_narrow_the_transactions(qtbot: Any, services_factory: Any, devnet: Any, english_locale: None) -> None:
    page = _page(qtbot, services_factory(devnet.home))
    page.tabs.setCurrentWidget(page.txs_tab)
    qtbot.waitUntil(lambda: page.txs_model.rowCount() > 0, timeout=20_000)
    payee = devnet.account("logistics")["address"]
    page.txs_party.setText(payee[:-2] + "zz")
    page.txs_party.returnPressed.emit()
    err = page.txs_tab.findChild(type(page.search_error), "partyError")
    assert err is not None and err.text() and err.isVisible()
    page.txs_party.setText(payee)
    page.txs_party.returnPressed.emit()
    qtbot.waitUntil(lambda: not page.txs_model.loading and page.txs_model.filters.get("party") == payee, timeout=10_000)
    qtbot.waitUntil(lambda: page.txs_model.rowCount() > 0, timeout=10_000)
    assert all(t.sender == payee or payee in (t.payload_json or "") for t in page.txs_model.rows())
    page.txs_failed.setChecked(True)
    qtbot.waitUntil(lambda: not page.txs_model.loading and page.txs_model.filters.get("failed") is True, timeout=10_000)
    assert all(not t.ok for t in page.txs_model.rows())
    page.txs_failed.setChecked(False)
    page.txs_time.set_range_ms(0, 1)  # a range before the chain began
    qtbot.waitUntil(lambda: not page.txs_model.loading and page.txs_model.filters.get("to_ms") == 1, timeout=10_000)
    assert page.txs_model.rowCount() == 0 and page.txs_tab.status.text() == "Nothing to show."
    page.txs_time.from_edit.setDateTime(page.txs_time.to_edit.dateTime().addSecs(60))
    assert page.txs_time.error_label.text() == "The end must be after the start."


def test_details_are_decoded_linked_and_verified_by_the_light_client(qtbot: Any, services_factory: Any, devnet: Any, english_locale: None) -> None:
    page = _page(qtbot, services_factory(devnet.home))
    qtbot.waitUntil(lambda: page.txs_model.rowCount() > 0, timeout=20_000)
    tx = page.txs_model.row(0)
    d = page.open_target(("tx", tx.tx_id_hex))
    qtbot.waitUntil(lambda: d.loaded is not None, timeout=10_000)
    qtbot.waitUntil(lambda: d.mark.provenance.kind in ("verified", "failed"), timeout=30_000)
    assert d.mark.text() == f"✔ Verified against block {tx.height:,}", d.mark.text()
    assert "Whether it succeeded is as the node reports it" in d.note_label.text()
    payload = d.content.findChild(DecodedTree, "payloadTree")
    links = payload.links()
    assert ("address", tx.payload["to"]) in links
    texts = [payload.topLevelItem(i).text(1) for i in range(payload.topLevelItemCount())]
    assert any("minor units" in t for t in texts)  # the amount, in major and minor units
    # Walk to the sender's account and back.
    d.on_link("address", tx.sender)
    qtbot.waitUntil(lambda: d.loaded is not None and d.loaded.title_kind == "address", timeout=10_000)
    qtbot.waitUntil(lambda: d.mark.provenance.kind in ("verified", "failed"), timeout=30_000)
    assert d.mark.provenance.kind == "verified"
    d.go_back()
    qtbot.waitUntil(lambda: d.loaded is not None and d.loaded.title_kind == "tx", timeout=10_000)
    assert d.forward_button.isEnabled()
    d.on_link("block", str(tx.height))
    qtbot.waitUntil(lambda: d.loaded is not None and d.loaded.title_kind == "block", timeout=10_000)
    qtbot.waitUntil(lambda: d.mark.provenance.kind in ("verified", "failed"), timeout=30_000)
    assert d.mark.text() == f"✔ Verified against block {tx.height:,}"
    d.close()


def test_a_copied_folder_without_a_root_of_trust_is_marked_and_not_verified(qtbot: Any, services_factory: Any, devnet: Any, run_async: Any, english_locale: None) -> None:
    services = services_factory(None, name="auditor")
    page = _page(qtbot, services)
    assert page.stack.currentIndex() == 0  # nothing on this computer to explore: the empty state says so
    assert "light node" in page.empty_text.text()
    page.open_folder(str(tmp_missing := Path(services.home) / "nowhere"))
    qtbot.waitUntil(lambda: "Could not open" in page.empty_error.text(), timeout=10_000)
    assert str(tmp_missing) in page.empty_error.text()
    node_home = devnet.info["nodes"][0]["home"]
    page.open_folder(node_home)
    qtbot.waitUntil(lambda: page.source.is_open and page.blocks_model.rowCount() > 0, timeout=20_000)
    assert page.mark.text().startswith("From a copied data folder, not re-verified here")
    d = page.open_target(("block", page.blocks_model.row(0).height))
    qtbot.waitUntil(lambda: d.loaded is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not d.verify_button.isEnabled() and "root of trust" in d.verify_button.toolTip(), timeout=10_000)
    assert d.mark.provenance.kind == "data_folder"
    d.close()


def test_the_index_is_built_in_a_child_process_with_progress(qtbot: Any, devnet: Any, chain: Any, tmp_path: Path, aloop: Any) -> None:
    from app.models.explorer_jobs import IndexJob, JobProgress
    from explorer import Explorer, node_url_for_home

    chain.grow_to(3)
    node_home = Path(devnet.info["nodes"][0]["home"])

    async def run_blocking(fn: Any, *args: Any) -> Any:
        return await aloop.run_in_executor(None, lambda: fn(*args))

    job = IndexJob(node_url_for_home(node_home), tmp_path / "explorer.db", run_blocking)
    progress: list[JobProgress] = []
    runs: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    job.progressed.connect(progress.append)
    job.indexed.connect(runs.append)
    job.finished.connect(results.append)
    assert job.start(child=True)
    assert job.mode == "child" and job.running
    qtbot.waitUntil(lambda: bool(runs), timeout=60_000)  # the first run; the child then follows the store
    assert runs[0]["height"] > 0 and not runs[0]["cancelled"]
    assert progress and progress[-1].height >= runs[0]["height"] - 1
    with Explorer.open(tmp_path / "explorer.db") as ex:
        assert ex.status().height >= runs[0]["height"]
    job.cancel()  # end of its input: it stops at once
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    assert not job.running and results[0].get("total_blocks", 0) >= runs[0]["blocks"]
    # In the executor the same job catches up (nothing to do is fine), and cancel is honoured.
    results.clear()
    assert job.start(child=False)
    job.cancel()
    qtbot.waitUntil(lambda: bool(results), timeout=30_000)
    assert not job.running
