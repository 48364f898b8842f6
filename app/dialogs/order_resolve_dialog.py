"""Resolve a disputed order (arbiter): the quantity that counts as delivered and the amount paid from escrow."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from app.amount_input import parse_amount_text
from app.dialogs.order_action_dialog import FieldError, OrderActionDialog, check_note, parse_litres
from app.formatting import format_amount_locale, format_count
from app.models.dapp_common import format_litres


class OrderResolveDialog(OrderActionDialog):
    """``order.resolve``: quantity (litres), amount (units, at most the escrow) and a note."""

    kind = "order.resolve"

    def __init__(self, order: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(order, parent)
        self.setObjectName("orderResolveDialog")
        self.setWindowTitle(self.tr("Resolve the dispute"))
        self.heading.setText(self.tr("Resolve {0}").format(order["order_id"]))
        reason = str(order.get("dispute_reason") or "—")
        self.explanation.setText(self.tr(
            "Disputed: “{0}”. Decide the quantity that counts as delivered (it leaves the supplier's stock) and "
            "the amount paid to the supplier from escrow; the rest of the escrow goes back to the buyer.")
            .format(reason))
        self.max_quantity = int(order["quantity_l"]) if order.get("reserved") else 0
        delivered = min(int(order.get("delivered_l") or order.get("dispatched_l") or 0), self.max_quantity)
        self.quantity_edit = self.line_edit(format_count(delivered), self.tr("litres"))
        self.quantity_error = self.add_field(self.tr("Quantity (L):"), self.quantity_edit, "quantity")
        if self.max_quantity == 0:
            self.quantity_edit.setText("0")
            self.quantity_edit.setEnabled(False)
            self.quantity_edit.setToolTip(self.tr("No stock was reserved for this order: the quantity is 0."))
        self.amount_edit = self.line_edit("", self.tr("for example 1250.50"))
        self.amount_error = self.add_field(self.tr("Amount paid:"), self.amount_edit, "amount")
        self.hint_label = QLabel("")
        self.hint_label.setObjectName("priceHint")
        self.form.addRow("", self.hint_label)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setFixedHeight(70)
        self.note_error = self.add_field(self.tr("Note:"), self.note_edit, "note")
        self.quantity_edit.textChanged.connect(self._hint)
        self._hint()

    def _parse_quantity(self) -> int:
        return parse_litres(self.quantity_edit.text(), maximum=self.max_quantity, minimum=0,
                            what_max=self.tr("{0} (the ordered quantity)").format(format_litres(self.max_quantity)))

    def _hint(self) -> None:
        try:
            q = self._parse_quantity()
        except ValueError:
            self.hint_label.setText("")
            return
        self.hint_label.setText(self.tr("At the agreed price {0} costs {1}; the escrow holds {2}.").format(
            format_litres(q), format_amount_locale(q * int(self.order["unit_price"])),
            format_amount_locale(int(self.order["escrow"]))))

    def _parse_amount(self) -> int:
        escrow = int(self.order["escrow"])
        value = parse_amount_text(self.amount_edit.text())
        if value > escrow:
            raise FieldError(self.tr("At most the escrow, {0}.").format(format_amount_locale(escrow)))
        return value

    def collect(self) -> dict[str, Any] | None:
        q = self.check(self.quantity_edit, self.quantity_error, self._parse_quantity)
        amount = self.check(self.amount_edit, self.amount_error, self._parse_amount)
        note = self.check(self.note_edit, self.note_error,
                          lambda: check_note(self.note_edit.toPlainText(), required=False))
        if q is None or amount is None or note is None:
            return None
        return {"order_id": self.order["order_id"], "quantity_l": q, "amount": amount, "note": note}
