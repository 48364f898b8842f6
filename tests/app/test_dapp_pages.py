"""The Tanks, Orders, Dashboard and Bills pages on a real devnet with real signed readings, acting through the GUI."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import csv  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from app.dialogs.order_dispatch_dialog import OrderDispatchDialog  # noqa: E402
from app.dialogs.order_dispute_dialog import OrderDisputeDialog  # noqa: E402
from app.dialogs.order_resolve_dialog import OrderResolveDialog  # noqa: E402
from app.models.dapp_common import Identity  # noqa: E402
from app.models.orders_model import Action  # noqa: E402
from app.notifications import AlertCenter, TrayNotifier  # noqa: E402
from app.services import AppServices  # noqa: E402
from tests.app.services_kit import close_services, make_services  # noqa: E402
from tests.app.test_dapp_kit import TankChain, confirm_signing, continue_dialog, tank_chain  # noqa: E402

pytestmark = pytest.mark.e2e


@pytest.fixture
def tanks(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> TankChain:
    return tank_chain(request, tmp_path_factory)


@pytest.fixture
def session(tanks: TankChain, tmp_path: Path, run_async: Any) -> Iterator[Any]:
    """``session(who)``: AppServices acting as the demo account ``who``, bridge running; closed at the end."""
    made: list[AppServices] = []

    def make(who: str) -> AppServices:
        s = make_services(tanks.devnet, tmp_path / who, account=who, confirm_delay_ms=50)
        s.bridge.start()
        made.append(s)
        return s

    yield make
    for s in made:
        run_async(close_services(s), timeout_s=20)


def order_of(tanks: TankChain, tank_id: str) -> str:
    oid = tanks.open_order(tank_id)
    assert oid, f"no open order for {tank_id}"
    return oid


def test_tanks_page_shows_levels_history_and_live_readings(qtbot, session, tanks: TankChain, english_locale) -> None:
    from app.pages.tanks_page import TanksPage

    tank_id = tanks.new_tank("hist", warning_mm=800, critical_mm=400)
    tanks.report(tank_id, [2600 - 20 * i for i in range(40)], step_ms=3000)  # falling 20 mm / 3 s
    page = TanksPage(session("customer"))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitUntil(lambda: page.model.row_of(tank_id) is not None, timeout=15_000)
    assert page.mine_check.isChecked()  # a customer sees its own tanks first
    assert page.select_tank(tank_id)
    qtbot.waitUntil(lambda: len(page.chart.points) >= 40 and not page.chart.loading, timeout=20_000)
    row = page.model.row_of(tank_id)
    assert row is not None and row.level_mm == 2600 - 20 * 39
    assert page.detail_labels["lines"].text().startswith("warning 800 mm, critical 400 mm")
    # 1820 mm, falling 400 mm a minute towards 800 mm: about 2.5 minutes.
    assert "Estimated time to the warning line: in 2 min" in page.chart.eta_label.text() or \
        "in 153 s" in page.chart.eta_label.text() or "in 15" in page.chart.eta_label.text()
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))
    tanks.report(tank_id, [1700, 1600, 1500])
    qtbot.waitUntil(lambda: page.model.row_of(tank_id).level_mm == 1500, timeout=15_000)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.chart.points[-1][1] == 1500, timeout=5000)
    assert resets == []  # live updates, no reload
    assert "1500 mm" in page.detail_labels["level"].text()


def test_a_supplier_dispatches_and_an_arbiter_resolves_through_the_pages(
    qtbot, session, tanks: TankChain, english_locale
) -> None:
    from app.pages.orders_page import OrdersPage

    tank_id = tanks.new_tank("act", warning_mm=1500, reorder_l=5000, dispute_window_ms=600_000)
    tanks.report(tank_id, [1800, 1400])  # below the line: the chain orders, reserves and freezes
    oid = order_of(tanks, tank_id)
    assert tanks.order(oid)["status"] == 3  # type: ignore[index]

    supplier = OrdersPage(session("supplier"))
    qtbot.addWidget(supplier)
    supplier.resize(1200, 760)
    supplier.show()
    qtbot.waitUntil(lambda: supplier.select_order(oid), timeout=15_000)
    qtbot.waitUntil(lambda: supplier.action_buttons[Action.DISPATCH].isVisible(), timeout=5000)
    assert not supplier.action_buttons[Action.CONFIRM_DELIVERY].isVisible()
    qtbot.waitUntil(lambda: "available" in supplier.buyer_balance.text(), timeout=10_000)
    qtbot.mouseClick(supplier.action_buttons[Action.DISPATCH], Qt.MouseButton.LeftButton)
    continue_dialog(qtbot, OrderDispatchDialog, lambda d: d.quantity_edit.setText("4,800"))
    confirm_signing(qtbot)
    qtbot.waitUntil(lambda: supplier.model.order(oid)["status"] == 4, timeout=15_000)  # type: ignore[index]
    assert tanks.order(oid)["dispatched_l"] == 4800  # type: ignore[index]
    assert "Dispatched" in supplier.heading.text()

    # The customer disputes before any fill is seen.
    customer = OrdersPage(session("customer"))
    qtbot.addWidget(customer)
    customer.show()
    qtbot.waitUntil(lambda: customer.select_order(oid), timeout=15_000)
    qtbot.waitUntil(lambda: customer.action_buttons[Action.DISPUTE].isVisible(), timeout=5000)
    assert not customer.action_buttons[Action.DISPATCH].isVisible()
    qtbot.mouseClick(customer.action_buttons[Action.DISPUTE], Qt.MouseButton.LeftButton)
    continue_dialog(qtbot, OrderDisputeDialog, lambda d: d.reason_edit.setPlainText("truck never arrived"))
    confirm_signing(qtbot)
    qtbot.waitUntil(lambda: customer.model.order(oid)["status"] == 8, timeout=15_000)  # type: ignore[index]

    # The arbiter pays nothing for the litres and refunds most of the escrow.
    arbiter = OrdersPage(session("arbiter"))
    qtbot.addWidget(arbiter)
    arbiter.show()
    assert not arbiter.mine_check.isChecked()
    qtbot.waitUntil(lambda: arbiter.select_order(oid), timeout=15_000)
    qtbot.waitUntil(lambda: arbiter.action_buttons[Action.RESOLVE].isVisible(), timeout=5000)
    before = tanks.balance("customer")
    qtbot.mouseClick(arbiter.action_buttons[Action.RESOLVE], Qt.MouseButton.LeftButton)

    def fill(d: OrderResolveDialog) -> None:
        d.quantity_edit.setText("0")
        d.amount_edit.setText("100")
        d.note_edit.setPlainText("no delivery; a call-out fee only")

    continue_dialog(qtbot, OrderResolveDialog, fill)
    confirm_signing(qtbot)
    qtbot.waitUntil(lambda: arbiter.model.order(oid)["status"] == 9, timeout=15_000)  # type: ignore[index]
    final = tanks.order(oid)
    assert final is not None and final["paid"] == 100_00 and final["released"] == 5000 * 120 - 100_00
    after = tanks.balance("customer")
    assert after[0] - before[0] == final["released"]
    qtbot.waitUntil(lambda: "resolved" in arbiter.labels["dispute"].text(), timeout=5000)


def test_dashboard_shows_money_actions_and_tanks(qtbot, session, tanks: TankChain, english_locale) -> None:
    from app.pages.dashboard_page import DashboardPage

    tank_id = tanks.new_tank("dash", warning_mm=1500)
    tanks.report(tank_id, [2000, 1400])
    oid = order_of(tanks, tank_id)
    services = session("supplier")
    page = DashboardPage(services)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    available, frozen = tanks.balance("supplier")
    from app.formatting import format_amount_locale

    qtbot.waitUntil(lambda: page.available_label.text() != "—", timeout=15_000)
    assert page.escrow_label.text() == format_amount_locale(frozen)
    qtbot.waitUntil(lambda: any(page.actions_model.item(r)[0]["order_id"] == oid
                                for r in range(page.actions_model.rowCount())), timeout=20_000)
    row = next(r for r in range(page.actions_model.rowCount()) if page.actions_model.item(r)[0]["order_id"] == oid)
    assert page.actions_model.item(row)[1] is Action.DISPATCH
    assert "dispatch 6,000 L" in page.actions_model.data(page.actions_model.index(row, 0))
    shown = {page.tank_proxy.data(page.tank_proxy.index(r, 0)) for r in range(page.tank_proxy.rowCount())}
    assert tank_id in shown
    qtbot.waitUntil(lambda: page.alert_list.count() > 0, timeout=10_000)


def test_bills_page_lists_the_statement_and_saves_pdf_and_csv(
    qtbot, session, tanks: TankChain, tmp_path: Path, run_async, english_locale
) -> None:
    from PySide6.QtPdf import QPdfDocument

    from app.pages.bills_page import BillsPage
    from node.modules.tanks.payloads import ConfirmDelivery, Dispatch

    tank_id = tanks.new_tank("bill", warning_mm=1500, reorder_l=4000)
    tanks.report(tank_id, [2000, 1400])
    oid = order_of(tanks, tank_id)
    tanks.send("supplier", "order.dispatch", Dispatch(oid, 4000))
    tanks.send("customer", "order.confirm_delivery", ConfirmDelivery(oid, 3900))
    settled = tanks.order(oid)
    assert settled is not None and settled["status"] == 6 and settled["bill_no"] > 0
    page = BillsPage(session("customer"))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitUntil(lambda: page.statements.rowCount() > 0, timeout=15_000)
    qtbot.waitUntil(lambda: any(b["reference"] == oid for b in page.bills.bills) or page.bills.canFetchMore(),
                    timeout=15_000)
    run_async(page.bills.load_all(), timeout_s=20)
    bill = next(b for b in page.bills.bills if b["reference"] == oid)
    assert bill["quantity"] == 3900 and bill["amount"] == 3900 * 120 and bill["payer"] == tanks.address("customer")
    pdf = run_async(page.export("statement_pdf", tmp_path / "statement.pdf"), timeout_s=30)
    assert pdf is not None and pdf.exists()
    doc = QPdfDocument()
    doc.load(str(pdf))
    assert doc.pageCount() >= 1
    csv_path = run_async(page.export("statement_csv", tmp_path / "statement.csv"), timeout_s=30)
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:3] == ["bill_no", "time", "month"]
    mine = [r for r in rows[1:] if r[3] == oid]
    assert mine and mine[0][9] == str(3900 * 120) and mine[0][10] == "4680.00" and mine[0][11] == "paid"
    row = next(i for i, b in enumerate(page.bills.bills) if b["reference"] == oid)
    page.bills_view.selectRow(row)
    one = run_async(page.export("bill_pdf", tmp_path / "bill.pdf"), timeout_s=30)
    assert one is not None and one.stat().st_size > 1000
    assert page.status_label.text().startswith("Saved ")


def test_tray_notifications_are_throttled(qtbot) -> None:
    me = Identity("depot1me", "customer")
    center = AlertCenter(None, lambda: me)
    tray = TrayNotifier(center, available=True, per_subject_s=600, min_gap_s=0.3)
    ev = {"kind": "order.awaiting_funds", "attrs": {"order_id": "x#1", "buyer": "depot1me", "supplier": "s",
                                                      "needed": 1000, "available": 10}}
    center.on_chain_event(ev)
    center.on_chain_event(ev)  # the same subject again: no second message
    center.on_chain_event({**ev, "attrs": {**ev["attrs"], "order_id": "x#2"}})
    center.on_chain_event({**ev, "attrs": {**ev["attrs"], "order_id": "x#3"}})
    center.on_chain_event({"kind": "order.created", "attrs": {"order_id": "x#4", "buyer": "depot1me"}})  # info only
    center.on_chain_event({"kind": "order.awaiting_funds", "attrs": {"order_id": "y#1", "buyer": "other"}})
    qtbot.waitUntil(lambda: len(tray.shown) == 2, timeout=3000)
    assert "x#1" in tray.shown[0][1]
    assert "x#2" in tray.shown[1][1] and "More alerts on the dashboard: 1" in tray.shown[1][1]
    assert len(center.alerts) == 4
    silent = TrayNotifier(AlertCenter(None, lambda: me), available=False)
    silent.on_alert(next(iter(center.alerts)))
    assert silent.shown == [] and silent.tray is None


def test_bills_page_follows_a_new_bill_live(qtbot, session, tanks: TankChain, english_locale) -> None:
    from app.pages.bills_page import BillsPage
    from node.modules.tanks.payloads import ConfirmDelivery, Dispatch

    page = BillsPage(session("supplier"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.statements.loading, timeout=15_000)
    tank_id = tanks.new_tank("live", warning_mm=1500, reorder_l=3000)
    tanks.report(tank_id, [2000, 1400])
    oid = order_of(tanks, tank_id)
    tanks.send("supplier", "order.dispatch", Dispatch(oid, 3000))
    tanks.send("customer", "order.confirm_delivery", ConfirmDelivery(oid, 3000))
    qtbot.waitUntil(lambda: page.statements.rowCount() > 0, timeout=15_000)
    qtbot.waitUntil(lambda: any(b["reference"] == oid for b in page.bills.bills), timeout=15_000)
    bill = next(b for b in page.bills.bills if b["reference"] == oid)
    assert bill["payee"] == tanks.address("supplier") and bill["amount"] == 3000 * 120
