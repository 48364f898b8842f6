"""Dispute an order before settlement (customer or supplier): the reason, for the other side and the arbiter."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.dialogs.order_action_dialog import OrderActionDialog, check_note


class OrderDisputeDialog(OrderActionDialog):
    """``order.dispute``: a reason (required, at most 256 bytes)."""

    kind = "order.dispute"

    def __init__(self, order: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(order, parent)
        self.setObjectName("orderDisputeDialog")
        self.setWindowTitle(self.tr("Dispute the order"))
        self.heading.setText(self.tr("Dispute {0}").format(order["order_id"]))
        self.explanation.setText(self.tr(
            "The order stops where it is: escrow stays frozen, nothing settles and the deadline no longer "
            "applies until an arbiter decides the quantity and the amount paid."))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("For example: the meter at the site shows 4,200 L, not 5,650 L"))
        self.reason_edit.setFixedHeight(90)
        self.reason_error = self.add_field(self.tr("Reason:"), self.reason_edit, "reason")

    def collect(self) -> dict[str, Any] | None:
        reason = self.check(self.reason_edit, self.reason_error,
                            lambda: check_note(self.reason_edit.toPlainText(), required=True))
        if reason is None:
            return None
        return {"order_id": self.order["order_id"], "reason": reason}
