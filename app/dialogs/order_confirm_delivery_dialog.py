"""Confirm a delivery (customer): the litres that actually arrived; settles at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from app.dialogs.order_action_dialog import OrderActionDialog, parse_litres
from app.formatting import format_amount_locale, format_count
from app.models.dapp_common import format_litres


class OrderConfirmDeliveryDialog(OrderActionDialog):
    """``order.confirm_delivery``: the quantity received (1 to the dispatched quantity)."""

    kind = "order.confirm_delivery"

    def __init__(self, order: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(order, parent)
        self.setObjectName("orderConfirmDeliveryDialog")
        self.setWindowTitle(self.tr("Confirm the delivery"))
        self.heading.setText(self.tr("Confirm the delivery of {0}").format(order["order_id"]))
        self.explanation.setText(self.tr(
            "Enter what actually arrived. The order settles at once: quantity × the agreed price is paid "
            "from escrow, the rest is released to you, and a bill is issued."))
        self.quantity_edit = self.line_edit(format_count(int(order["dispatched_l"])), self.tr("litres"))
        self.quantity_error = self.add_field(self.tr("Received (L):"), self.quantity_edit, "quantity")
        self.cost_label = QLabel("")
        self.cost_label.setObjectName("costPreview")
        self.form.addRow(self.tr("To pay:"), self.cost_label)
        self.quantity_edit.textChanged.connect(self._preview)
        self._preview()

    def _preview(self) -> None:
        try:
            q = parse_litres(self.quantity_edit.text(), maximum=int(self.order["dispatched_l"]))
        except ValueError:
            self.cost_label.setText("—")
            return
        self.cost_label.setText(format_amount_locale(q * int(self.order["unit_price"])))

    def collect(self) -> dict[str, Any] | None:
        maximum = int(self.order["dispatched_l"])
        q = self.check(self.quantity_edit, self.quantity_error, lambda: parse_litres(
            self.quantity_edit.text(), maximum=maximum,
            what_max=self.tr("{0} (the dispatched quantity)").format(format_litres(maximum))))
        if q is None:
            return None
        return {"order_id": self.order["order_id"], "quantity_l": q}
