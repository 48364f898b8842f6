"""The order dialogs: every bad input gets a specific message next to its field and nothing is sent."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit  # noqa: E402

from app.dialogs.order_action_dialog import (  # noqa: E402
    FieldError,
    OrderConfirmDialog,
    check_note,
    parse_litres,
    run_order_action,
)
from app.dialogs.order_confirm_delivery_dialog import OrderConfirmDeliveryDialog  # noqa: E402
from app.dialogs.order_dispatch_dialog import OrderDispatchDialog  # noqa: E402
from app.dialogs.order_dispute_dialog import OrderDisputeDialog  # noqa: E402
from app.dialogs.order_resolve_dialog import OrderResolveDialog  # noqa: E402
from app.dialogs.order_top_up_dialog import OrderTopUpDialog  # noqa: E402
from app.models.dapp_common import Identity  # noqa: E402
from tests.app.test_dapp_models import BUYER, order  # noqa: E402


def error_text(dialog: Any, name: str) -> str:
    label = dialog.findChild(QLabel, f"{name}Error")
    assert label is not None
    return label.text() if label.isVisible() or label.text() else ""


def submit(dialog: Any, qtbot: Any) -> None:
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a quantity in litres."),
        ("abc", "Type the quantity as a whole number of litres, for example 8550."),
        ("-5", "The quantity cannot be negative."),
        ("1.5", "Whole litres only (no decimals)."),
        ("0", "The quantity must be at least 1 L."),
        ("6,001", "At most 6,000 L (the ordered quantity)."),
        ("99999999999999999999999", "At most 6,000 L (the ordered quantity)."),
    ],
)
def test_dispatch_refuses_bad_quantities(qtbot, english_locale, text: str, message: str) -> None:
    dialog = OrderDispatchDialog(order(3))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.quantity_edit.setText(text)
    submit(dialog, qtbot)
    assert dialog.result_fields is None and dialog.isVisible()
    assert error_text(dialog, "quantity") == message
    assert dialog.quantity_edit.property("invalid") == "true"


def test_dispatch_accepts_whole_litres_with_separators(qtbot, english_locale) -> None:
    dialog = OrderDispatchDialog(order(3))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.quantity_edit.text() == "6,000"
    dialog.quantity_edit.setText("5,500 L")
    submit(dialog, qtbot)
    assert dialog.result_fields == {"order_id": "t1#00000001", "quantity_l": 5500}
    assert dialog.cancel_button.isDefault()


def test_confirm_delivery_is_bounded_by_the_dispatched_quantity(qtbot, english_locale) -> None:
    dialog = OrderConfirmDeliveryDialog(order(4, dispatched_l=5000, dispatched_ms=1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.cost_label.text() == "6,000.00"
    dialog.quantity_edit.setText("5001")
    submit(dialog, qtbot)
    assert error_text(dialog, "quantity") == "At most 5,000 L (the dispatched quantity)."
    assert dialog.cost_label.text() == "—"
    dialog.quantity_edit.setText("4200")
    assert dialog.cost_label.text() == "5,040.00"
    submit(dialog, qtbot)
    assert dialog.result_fields == {"order_id": "t1#00000001", "quantity_l": 4200}


def test_dispute_needs_a_reason_of_at_most_256_bytes(qtbot, english_locale) -> None:
    dialog = OrderDisputeDialog(order(5))
    qtbot.addWidget(dialog)
    dialog.show()
    submit(dialog, qtbot)
    assert error_text(dialog, "reason") == "Say why, so the other side and the arbiter understand."
    dialog.reason_edit.setPlainText("短" * 90)  # 270 bytes of UTF-8
    submit(dialog, qtbot)
    assert error_text(dialog, "reason") == "Too long: 270 bytes; at most 256 (a Chinese character takes 3)."
    assert dialog.result_fields is None
    dialog.reason_edit.setPlainText("  meter shows 4,200 L  ")
    submit(dialog, qtbot)
    assert dialog.result_fields == {"order_id": "t1#00000001", "reason": "meter shows 4,200 L"}


@pytest.mark.parametrize(
    ("quantity", "amount", "field", "message"),
    [
        ("7000", "10", "quantity", "At most 6,000 L (the ordered quantity)."),
        ("100", "", "amount", "Enter an amount."),
        ("100", "12.345", "amount", "At most 2 decimal places (the smallest unit is 0.01)."),
        ("100", "ten", "amount", "Type the amount as a number, for example 1250.50."),
        ("100", "-3", "amount", "The amount cannot be negative."),
        ("100", "7,200.01", "amount", "At most the escrow, 7,200.00."),
    ],
)
def test_resolve_checks_quantity_and_amount(qtbot, english_locale, quantity: str, amount: str, field: str,
                                            message: str) -> None:
    dialog = OrderResolveDialog(order(8, dispute_reason="short delivery", delivered_l=5000))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.quantity_edit.setText(quantity)
    dialog.amount_edit.setText(amount)
    submit(dialog, qtbot)
    assert dialog.result_fields is None
    assert error_text(dialog, field) == message


def test_resolve_sends_minor_units(qtbot, english_locale) -> None:
    dialog = OrderResolveDialog(order(8, dispute_reason="short delivery", delivered_l=5000))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.quantity_edit.text() == "5,000"
    assert "6,000.00" in dialog.hint_label.text()
    dialog.quantity_edit.setText("4,200")
    dialog.amount_edit.setText("5,040.5")
    dialog.note_edit.setPlainText("meter reading accepted")
    submit(dialog, qtbot)
    assert dialog.result_fields == {"order_id": "t1#00000001", "quantity_l": 4200, "amount": 504050,
                                    "note": "meter reading accepted"}


def test_resolve_of_an_order_without_stock_is_quantity_zero(qtbot, english_locale) -> None:
    dialog = OrderResolveDialog(order(8, reserved=False))
    qtbot.addWidget(dialog)
    assert not dialog.quantity_edit.isEnabled() and dialog.quantity_edit.text() == "0"


def test_top_up_says_when_the_balance_is_short(qtbot, english_locale) -> None:
    short = OrderTopUpDialog(order(1), 500_000)
    qtbot.addWidget(short)
    short.show()
    assert not short.continue_button.isEnabled()
    assert "2,200.00 more is needed" in short.banner.text()
    enough = OrderTopUpDialog(order(1), 800_000)
    qtbot.addWidget(enough)
    enough.show()
    assert enough.continue_button.isEnabled() and not enough.banner.isVisible()
    submit(enough, qtbot)
    assert enough.result_fields == {"order_id": "t1#00000001"}


def test_settle_dialog_states_the_figures(qtbot, english_locale) -> None:
    dialog = OrderConfirmDialog(order(5, delivered_l=5000, delivered_ms=1), "order.settle")
    qtbot.addWidget(dialog)
    assert "6,000.00 is paid" in dialog.explanation.text() and "1,200.00" in dialog.explanation.text()


def test_parsers_directly(english_locale) -> None:
    assert parse_litres(" 8 550 ", maximum=9000) == 8550
    assert parse_litres("0", maximum=10, minimum=0) == 0
    with pytest.raises(FieldError):
        parse_litres("8.550,5", maximum=9000)
    assert check_note("", required=False) == ""
    with pytest.raises(FieldError):
        check_note("   ", required=True)


class FakeServices:
    """What ``run_order_action`` uses of ``AppServices``."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.account = type("A", (), {"address": BUYER, "role": "customer", "name": "customer"})()
        self.role = "customer"

        class Client:
            async def account(self, address: str) -> dict[str, Any]:
                return {"account": {"balance": 10_000_000}}

        self.client = Client()

    async def sign_and_submit(self, kind: str, fields: dict[str, Any], parent: Any) -> dict[str, Any] | None:
        self.sent.append((kind, fields))
        return {"height": 7}


def _dialog(qtbot: Any, cls: type) -> Any:
    from PySide6.QtWidgets import QApplication

    found: list[Any] = []

    def visible() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(visible, timeout=3000)
    return found[0]


def test_nothing_is_sent_on_cancel_or_bad_input(qtbot, run_async, aloop, english_locale) -> None:
    services = FakeServices()
    task = aloop.create_task(run_order_action(services, order(4, dispatched_l=5000, dispatched_ms=1),
                                              "order.confirm_delivery", None))
    dialog = _dialog(qtbot, OrderConfirmDeliveryDialog)
    dialog.quantity_edit.setText("lots")
    submit(dialog, qtbot)
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=3000)
    assert task.result() is None and services.sent == []


def test_good_input_goes_to_signing(qtbot, run_async, aloop, english_locale) -> None:
    services = FakeServices()
    task = aloop.create_task(run_order_action(services, order(1), "order.top_up", None))
    dialog = _dialog(qtbot, OrderTopUpDialog)
    assert dialog.available_label.text() == "100,000.00"
    submit(dialog, qtbot)
    qtbot.waitUntil(task.done, timeout=3000)
    assert task.result() == {"height": 7}
    assert services.sent == [("order.top_up", {"order_id": "t1#00000001"})]
    assert Identity(BUYER, "customer").signed_in


def test_fields_have_names_for_tests_and_accessibility(qtbot) -> None:
    dialog = OrderResolveDialog(order(8))
    qtbot.addWidget(dialog)
    assert isinstance(dialog.findChild(QLineEdit, "quantityField"), QLineEdit)
    assert isinstance(dialog.findChild(QLineEdit, "amountField"), QLineEdit)
    assert isinstance(dialog.findChild(QPlainTextEdit, "noteField"), QPlainTextEdit)
    assert asyncio.iscoroutinefunction(dialog.run)
