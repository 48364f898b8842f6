"""MainWindow and its Overview page: pages from the registry, role switcher, lock state, balance
formatting, live status bar."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from app.demo import DemoAccount  # noqa: E402
from app.main_window import MainWindow, load_page_class  # noqa: E402
from app.node_bridge import NodeBridge  # noqa: E402
from app.services import AppServices  # noqa: E402
from node.client import AsyncNodeClient  # noqa: E402
from node.core.address import format_address  # noqa: E402

ACCOUNT = DemoAccount(
    name="Acme Fuels (customer)",
    address=format_address(bytes(range(1, 21))),
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


OTHER = DemoAccount(
    name="Acme Fuel (supplier)",
    address=format_address(bytes(range(2, 22))),
    role="supplier",
    keystore=Path("keys/supplier.json"),
    password="demo",
    organisation="acme-fuel",
)


def make_window(
    bridge: NodeBridge, settings: QSettings, account: DemoAccount | None = None, accounts: tuple = ()
) -> MainWindow:
    services = AppServices(
        client=bridge.client, bridge=bridge, accounts=accounts, account=account, settings=settings
    )
    return MainWindow(services)


@pytest.fixture
def offline_window(qtbot, aloop, settings, offline_bridge: NodeBridge) -> Iterator[MainWindow]:
    window = make_window(offline_bridge, settings, ACCOUNT, (ACCOUNT, OTHER))
    qtbot.addWidget(window)
    yield window


def test_title_and_navigation(offline_window: MainWindow) -> None:
    assert offline_window.windowTitle() == "Depot"
    nav = offline_window.navigation
    titles = [nav.item(i).text() for i in range(nav.count())]
    assert {"Overview", "Wallet", "Settings"} <= set(titles)
    assert offline_window.show_page("wallet")
    assert offline_window.pages.currentWidget() is offline_window.page("wallet")
    assert offline_window.show_page("overview")
    assert offline_window.pages.currentWidget() is offline_window.overview


def test_a_page_module_not_written_yet_is_skipped() -> None:
    assert load_page_class("app.pages.no_such_page:NoSuchPage") is None
    assert load_page_class("app.pages.overview_page:OverviewPage").__name__ == "OverviewPage"


def test_role_switcher_changes_the_account_everywhere(offline_window: MainWindow) -> None:
    combo = offline_window.role_switcher.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Customer — Acme Fuels (customer)",
        "Supplier — Acme Fuel (supplier)",
    ]
    seen = []
    offline_window.services.accountChanged.connect(seen.append)
    combo.setCurrentIndex(1)
    assert offline_window.services.account == OTHER
    assert offline_window.services.role == "supplier"
    assert seen == [OTHER]
    assert offline_window.overview.address_label.text() == OTHER.address
    assert offline_window.overview.account_role_label.text() == "Supplier"
    offline_window.services.set_account(ACCOUNT)
    assert combo.currentIndex() == 0


def test_lock_state_is_shown_and_the_lock_action_locks(offline_window: MainWindow) -> None:
    from node.core.crypto import PrivateKey, Scheme
    from wallet.signers import FileSigner

    services = offline_window.services
    assert offline_window.lock_status.text() == "Keys locked"
    assert not offline_window.lock_action.isEnabled()
    signer = FileSigner(PrivateKey.generate(Scheme.ED25519))
    services.unlocked.put("k", signer)
    assert offline_window.lock_status.text() == "Key unlocked"
    offline_window.lock_action.trigger()
    assert offline_window.lock_status.text() == "Keys locked"
    assert signer._signer is None  # the in-memory key is dropped


def test_balance_is_formatted_from_minor_units(offline_window: MainWindow, english_locale) -> None:
    page = offline_window.overview
    page.show_account({"exists": True, "account": {"balance": 123456, "escrow": 5}})
    assert page.balance_label.text() == "1,234.56"
    assert page.minor_units_label.text() == "In minor units: 123,456"
    assert page.escrow_label.text() == "0.05"
    assert page.address_label.text() == ACCOUNT.address
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


def shown_height(text: str) -> int:
    """The number in "Height: 1,234"."""
    return int(text.removeprefix("Height: ").replace(",", ""))


def test_status_bar_follows_a_live_node(
    chain, qtbot, aloop, run_async, settings, english_locale
) -> None:
    client = AsyncNodeClient(chain.rpc)
    bridge = NodeBridge(client, status_interval_s=0.2)
    window = make_window(bridge, settings)
    qtbot.addWidget(window)
    assert (window.height_status.text(), window.connection_status.text()) == (
        "Height: —",
        "Connecting…",
    )
    try:
        bridge.start()
        qtbot.waitUntil(lambda: window.connection_status.text() == "Connected", timeout=10_000)
        assert window.overview.connection_label.text() == "Connected"
        qtbot.waitUntil(lambda: window.height_status.text() != "Height: —", timeout=10_000)
        new = run_async(asyncio.to_thread(chain.make_blocks, 2), timeout_s=60)[-1]["height"]
        qtbot.waitUntil(lambda: shown_height(window.height_status.text()) >= new, timeout=10_000)
        assert int(window.overview.height_label.text().replace(",", "")) >= new
    finally:
        run_async(bridge.stop())
        run_async(client.aclose())


def test_status_bar_shows_an_unreachable_node(
    offline_window: MainWindow, offline_bridge, qtbot, run_async
) -> None:
    try:
        offline_bridge.start()  # nothing listens on the discard port
        qtbot.waitUntil(
            lambda: offline_window.connection_status.text() == "Not connected", timeout=10_000
        )
        assert offline_window.overview.connection_label.text() == "Not connected"
        assert offline_window.height_status.text() == "Height: —"
    finally:
        run_async(offline_bridge.stop())


def test_geometry_is_restored_from_settings(qtbot, aloop, settings) -> None:
    client = AsyncNodeClient("http://127.0.0.1:9")
    first = make_window(NodeBridge(client), settings)
    qtbot.addWidget(first)
    # A size the offscreen screen (800x800) holds and the pages' minimum allows.
    wanted = first.minimumSizeHint().expandedTo(first.minimumSize())
    wanted.setWidth(min(wanted.width() + 1, 800))
    wanted.setHeight(min(wanted.height() + 7, 800))
    first.resize(wanted)
    first.show()
    first.close()
    second = make_window(NodeBridge(client), settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (wanted.width(), wanted.height())
    assert settings.allKeys() == ["MainWindow/geometry", "MainWindow/state"]


def test_overview_goes_live_with_a_node(
    devnet, chain, qtbot, aloop, run_async, settings, english_locale
) -> None:
    arbiter = devnet.account("arbiter")  # no test moves its tokens
    account = DemoAccount(
        name="Arbiter",
        address=arbiter["address"],
        role=arbiter["role"],
        keystore=Path(arbiter["keystore"]),
        password=arbiter["password"],
        organisation=arbiter["organisation"],
    )
    client = AsyncNodeClient(chain.rpc)
    bridge = NodeBridge(client, status_interval_s=0.2)
    window = make_window(bridge, settings, account)
    qtbot.addWidget(window)
    window.show()
    page = window.overview
    try:
        bridge.start()
        qtbot.waitUntil(page.has_data, timeout=10_000)
        assert page.chain_id_label.text() == chain.chain_id
        assert page.balance_label.text() == "1,000,000.00"  # the devnet's opening balance
        assert page.minor_units_label.text() == "In minor units: 100,000,000"
        assert page.escrow_label.text() == "0.00"
        assert (page.account_role_label.text(), page.organisation_label.text()) == (
            "Arbiter",
            "core-corp",
        )
        new = run_async(asyncio.to_thread(chain.make_blocks, 3), timeout_s=60)[-1]["height"]
        qtbot.waitUntil(lambda: (page.blocks_model.tip_height or 0) >= new, timeout=10_000)
        qtbot.waitUntil(lambda: shown_height(window.height_status.text()) >= new, timeout=10_000)
        assert window.connection_status.text() == "Connected"
        model = page.blocks_view.model()
        rows = [model.block_at(r)["height"] for r in range(model.rowCount())]
        assert rows == list(range(rows[0], rows[0] - len(rows), -1))  # newest first, no gaps
        assert rows[-1] >= 1 and len(rows) >= min(rows[0], 50)
    finally:
        run_async(bridge.stop())
        run_async(client.aclose())
