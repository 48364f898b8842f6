"""MainWindow and its Overview page: title, navigation, balance formatting, live status bar."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from stub_node import CHAIN_ID, CUSTOMER, StubNode  # noqa: E402

from app.demo import DemoAccount  # noqa: E402
from app.main_window import MainWindow  # noqa: E402
from app.node_bridge import NodeBridge  # noqa: E402
from node.client import AsyncNodeClient  # noqa: E402

ACCOUNT = DemoAccount(
    name="Acme Fuels (customer)",
    address=CUSTOMER,
    role="customer",
    keystore=Path("keys/customer.json"),
    password="demo",
    organisation="northmill",
)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "depot.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def offline_bridge() -> NodeBridge:
    """A bridge whose node never answers (nothing listens on the discard port); never started."""
    return NodeBridge(AsyncNodeClient("http://127.0.0.1:9"))


@pytest.fixture
def offline_window(qtbot, aloop, settings, offline_bridge: NodeBridge) -> Iterator[MainWindow]:
    window = MainWindow(
        client=offline_bridge.client, bridge=offline_bridge, account=ACCOUNT, settings=settings
    )
    qtbot.addWidget(window)
    yield window


def test_title_and_navigation(offline_window: MainWindow) -> None:
    assert offline_window.windowTitle() == "Depot"
    nav = offline_window.navigation
    assert [nav.item(i).text() for i in range(nav.count())] == ["Overview"]
    assert offline_window.pages.currentWidget() is offline_window.overview


def test_balance_is_formatted_from_minor_units(offline_window: MainWindow, english_locale) -> None:
    page = offline_window.overview
    page.show_account({"exists": True, "account": {"balance": 123456, "escrow": 5}})
    assert page.balance_label.text() == "1,234.56"
    assert page.minor_units_label.text() == "123,456 minor units"
    assert page.escrow_label.text() == "0.05"
    assert page.address_label.text() == CUSTOMER
    assert page.account_role_label.text() == "Customer"
    assert page.organisation_label.text() == "northmill"


def test_unreadable_account_answer_is_not_shown_as_zero(
    offline_window: MainWindow, english_locale
) -> None:
    page = offline_window.overview
    page.show_account({"key": "61", "value": "00", "height": 3, "proof": ""})
    assert page.balance_label.text() == "—"
    assert "unreadable" in page.account_note_label.text()


def test_account_not_on_chain(offline_window: MainWindow, english_locale) -> None:
    page = offline_window.overview
    page.show_account({"exists": False, "account": None})
    assert page.balance_label.text() == "0.00"
    assert "not on the chain" in page.account_note_label.text()


def test_status_bar_follows_the_bridge(
    offline_window: MainWindow, offline_bridge: NodeBridge, qtbot, english_locale
) -> None:
    bridge = offline_bridge
    with qtbot.waitSignal(bridge.blockAdded):
        bridge.ingest("block", {"height": 1234, "block_id": "ab" * 32, "time": 0, "num_txs": 0})
    assert offline_window.height_status.text() == "Height: 1,234"
    assert offline_window.overview.height_label.text() == "1,234"
    bridge.set_connected(True)
    assert offline_window.connection_status.text() == "Connected"
    bridge.set_connected(False)
    assert offline_window.connection_status.text() == "Not connected"
    assert offline_window.overview.connection_label.text() == "Not connected"


def test_geometry_is_restored_from_settings(qtbot, aloop, settings) -> None:
    client = AsyncNodeClient("http://127.0.0.1:9")
    first = MainWindow(client=client, bridge=NodeBridge(client), settings=settings)
    qtbot.addWidget(first)
    first.resize(777, 555)
    first.show()
    first.close()
    second = MainWindow(client=client, bridge=NodeBridge(client), settings=settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (777, 555)
    assert settings.allKeys() == ["MainWindow/geometry", "MainWindow/state"]


def test_overview_goes_live_with_a_node(
    stub_node: StubNode, qtbot, aloop, run_async, settings, english_locale
) -> None:
    client = AsyncNodeClient(stub_node.url)
    bridge = NodeBridge(client, status_interval_s=0.2)
    window = MainWindow(client=client, bridge=bridge, account=ACCOUNT, settings=settings)
    qtbot.addWidget(window)
    window.show()
    page = window.overview
    try:
        bridge.start()
        qtbot.waitUntil(page.has_data, timeout=10_000)
        assert page.chain_id_label.text() == CHAIN_ID
        assert page.balance_label.text() == "1,234.56"
        assert page.blocks_model.tip_height == 3
        stub_node.add_blocks(4)
        qtbot.waitUntil(lambda: page.blocks_model.tip_height == 7, timeout=10_000)
        assert window.height_status.text() == "Height: 7"
        assert window.connection_status.text() == "Connected"
        assert page.blocks_view.model().rowCount() == 7
    finally:
        run_async(bridge.stop())
        run_async(client.aclose())
