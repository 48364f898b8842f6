"""Flow A through a clerk's eyes: a tank falls below its line, the order appears, escrow is frozen, the truck is
dispatched, the fill is seen, the order settles and the bill is there -- on a real devnet, with signed readings.

The readings are signed by a device key bound to the tank and relayed by the demo ``gateway`` account, exactly
as a gateway sends them.  Everything a clerk does happens in the GUI: switching the acting account with the
role switcher, choosing pages in the navigation, pressing the order's action buttons, filling the order dialog
and confirming in the signing dialog.  Screenshots of each step go to artifacts/.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
import time  # noqa: E402
from collections.abc import Coroutine, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QLocale, Qt  # noqa: E402

from app.dialogs.order_action_dialog import OrderConfirmDialog  # noqa: E402
from app.dialogs.order_dispatch_dialog import OrderDispatchDialog  # noqa: E402
from app.formatting import format_amount_locale  # noqa: E402
from app.main_window import MainWindow  # noqa: E402
from app.models.orders_model import Action  # noqa: E402
from tests.app.services_kit import close_services, make_services  # noqa: E402
from tests.app.test_dapp_kit import TankChain, confirm_signing, continue_dialog  # noqa: E402
from tests.kit import DevnetProcess  # noqa: E402

pytestmark = pytest.mark.e2e


@pytest.fixture
def run_async(qtbot: Any, gui_loop: asyncio.AbstractEventLoop) -> Any:
    def run(coro: Coroutine[Any, Any, Any], timeout_s: float = 20.0) -> Any:
        task = gui_loop.create_task(coro)
        qtbot.waitUntil(task.done, timeout=int(timeout_s * 1000))
        return task.result()

    return run


@pytest.fixture
def english() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TankChain]:
    net = DevnetProcess(tmp_path_factory.mktemp("ui-tank-flow") / "net", extra=["--block-time-ms", "100"])
    try:
        yield TankChain(net)
    finally:
        code = net.stop()
        assert code == 0, net.log_text()[-3000:]


def show_page(window: MainWindow, key: str) -> Any:
    """Click the page's entry in the navigation, as a clerk does."""
    nav = window.navigation
    for row in range(nav.count()):
        if nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
            nav.setCurrentRow(row)
            return window.page(key)
    raise AssertionError(f"no {key} page in the navigation")


def act_as(window: MainWindow, name: str) -> None:
    """Pick the account in the role switcher."""
    combo = window.role_switcher.combo
    for i in range(combo.count()):
        if getattr(combo.itemData(i), "name", "") == name:
            combo.setCurrentIndex(i)
            assert window.services.account.name == name
            return
    raise AssertionError(f"no {name} in the role switcher")


def test_a_tank_orders_settles_and_bills_under_the_clerks_eyes(
    qtbot, run_async, chain: TankChain, tmp_path: Path, artifacts_dir: Path, english
) -> None:
    price, reorder = 150, 5000  # 1.50 per litre
    tank_id = chain.new_tank("ui", warning_mm=1500, critical_mm=700, reorder_l=reorder, unit_price=price,
                             debounce=2, dispute_window_ms=600_000)
    chain.report(tank_id, [2400 - 40 * i for i in range(20)], step_ms=4000)  # a day of use, 2400 → 1640 mm
    services = make_services(chain.devnet, tmp_path, account="customer", confirm_delay_ms=50)
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    services.bridge.start()

    def shot(name: str) -> None:
        window.grab().save(str(artifacts_dir / f"e2e_tank_flow_{name}.png"))

    try:
        # 1. The customer's clerk watches the tank drain on the Tanks page.
        tanks = show_page(window, "tanks")
        qtbot.waitUntil(lambda: tanks.select_tank(tank_id), timeout=20_000)
        qtbot.waitUntil(lambda: len(tanks.chart.points) >= 20 and not tanks.chart.loading, timeout=20_000)
        assert tanks.model.row_of(tank_id).state == "ok"  # type: ignore[union-attr]
        assert "Estimated time to the warning line: in" in tanks.chart.eta_label.text()
        shot("1_draining")

        # 2. Two readings below the warning line: the chain orders by itself, no clerk clicks.
        available_before, escrow_before = chain.balance("customer")
        chain.report(tank_id, [1450, 1420])
        qtbot.waitUntil(lambda: tanks.model.row_of(tank_id).state == "warning", timeout=15_000)  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: tanks.model.row_of(tank_id).open_order != "", timeout=15_000)  # type: ignore[union-attr]
        order_id = tanks.model.row_of(tank_id).open_order  # type: ignore[union-attr]
        assert tanks.chart.points[-1][1] == 1420
        assert "Below the warning line now." == tanks.chart.eta_label.text()
        shot("2_below_the_line")

        # 3. The dashboard: the order is there and the escrow is frozen.
        dashboard = show_page(window, "dashboard")
        estimated = reorder * price
        qtbot.waitUntil(lambda: dashboard.escrow_label.text() == format_amount_locale(escrow_before + estimated),
                        timeout=20_000)
        assert chain.balance("customer") == (available_before - estimated, escrow_before + estimated)
        qtbot.waitUntil(lambda: any(a.subject == tank_id and a.kind == "tank_below_warning"
                                    for a in dashboard.alerts.alerts), timeout=10_000)
        orders = show_page(window, "orders")
        qtbot.waitUntil(lambda: orders.select_order(order_id), timeout=20_000)
        qtbot.waitUntil(lambda: orders.model.order(order_id)["status"] == 3, timeout=10_000)  # type: ignore[index]
        assert orders.labels["escrow"].text() == f"{format_amount_locale(estimated)} frozen"
        assert orders.labels["estimated"].text() == format_amount_locale(estimated)
        qtbot.waitUntil(lambda: "in escrow" in orders.buyer_balance.text(), timeout=10_000)
        assert [s.key for s in orders.timeline.steps][:3] == ["created", "confirmed", "dispatched"]
        assert not orders.action_buttons[Action.DISPATCH].isVisible()  # the customer cannot dispatch
        shot("3_order_confirmed_escrow_frozen")

        # 4. The supplier's clerk dispatches it.
        act_as(window, "supplier")
        qtbot.waitUntil(lambda: orders.select_order(order_id), timeout=20_000)
        qtbot.waitUntil(lambda: orders.action_buttons[Action.DISPATCH].isVisible(), timeout=10_000)
        qtbot.mouseClick(orders.action_buttons[Action.DISPATCH], Qt.MouseButton.LeftButton)
        continue_dialog(qtbot, OrderDispatchDialog)  # the ordered quantity, as proposed
        confirm_signing(qtbot)
        qtbot.waitUntil(lambda: orders.model.order(order_id)["status"] == 4, timeout=15_000)  # type: ignore[index]
        shot("4_dispatched")

        # 5. The truck pumps: the readings rise and stop rising; the chain sees the fill as the delivery.
        chain.report(tank_id, [1400, 2000, 2600, 2610, 2600])
        qtbot.waitUntil(lambda: orders.model.order(order_id)["status"] == 5, timeout=20_000)  # type: ignore[index]
        delivered = orders.model.order(order_id)["delivered_l"]  # type: ignore[index]
        assert 0 < delivered <= reorder
        assert "fill seen in the readings" in orders.labels["delivery"].text()

        # 6. The customer's clerk checks the delivery and settles now (waiving the dispute window).
        act_as(window, "customer")
        qtbot.waitUntil(lambda: orders.select_order(order_id), timeout=20_000)
        qtbot.waitUntil(lambda: orders.action_buttons[Action.SETTLE].isVisible(), timeout=10_000)
        assert "it settles by itself in" in orders.next_label.text()
        shot("5_delivered")
        qtbot.mouseClick(orders.action_buttons[Action.SETTLE], Qt.MouseButton.LeftButton)
        continue_dialog(qtbot, OrderConfirmDialog)
        confirm_signing(qtbot)
        qtbot.waitUntil(lambda: orders.model.order(order_id)["status"] == 6, timeout=15_000)  # type: ignore[index]
        settled = orders.model.order(order_id)
        assert settled is not None and settled["escrow"] == 0 and settled["paid"] == delivered * price
        assert orders.labels["actual"].text() == format_amount_locale(delivered * price)
        assert f"bill no. {settled['bill_no']}" in orders.labels["settlement"].text()
        assert chain.balance("customer")[1] == escrow_before  # escrow released
        shot("6_settled")

        # 7. The bill is on the Bills page and prints.
        bills = show_page(window, "bills")
        qtbot.waitUntil(lambda: bills.statements.rowCount() > 0, timeout=15_000)
        qtbot.waitUntil(lambda: bills.bills.rowCount() > 0 or bills.bills.canFetchMore(), timeout=15_000)
        run_async(bills.bills.load_all(), timeout_s=30)
        bill = next(b for b in bills.bills.bills if b["reference"] == order_id)
        assert bill["bill_no"] == settled["bill_no"] and bill["amount"] == delivered * price
        assert bill["quantity"] == delivered and bill["payer"] == chain.address("customer")
        row = next(i for i, b in enumerate(bills.bills.bills) if b["reference"] == order_id)
        bills.bills_view.selectRow(row)
        pdf = run_async(bills.export("bill_pdf", tmp_path / "bill.pdf"), timeout_s=30)
        assert pdf is not None and pdf.stat().st_size > 1000
        shot("7_bill")
    finally:
        run_async(close_services(services), timeout_s=30)
        window.close()
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        qtbot.wait(50)
