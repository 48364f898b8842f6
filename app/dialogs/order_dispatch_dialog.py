"""Dispatch an order (supplier): how many litres leave for the customer's tank."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.dialogs.order_action_dialog import OrderActionDialog, parse_litres
from app.formatting import format_count, format_time_ms
from app.models.dapp_common import format_litres


class OrderDispatchDialog(OrderActionDialog):
    """``order.dispatch``: the quantity (whole litres, 1 to the ordered quantity)."""

    kind = "order.dispatch"

    def __init__(self, order: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(order, parent)
        self.setObjectName("orderDispatchDialog")
        self.setWindowTitle(self.tr("Dispatch the order"))
        self.heading.setText(self.tr("Dispatch {0}").format(order["order_id"]))
        self.explanation.setText(self.tr(
            "The truck leaves now. The tank's readings show the delivery when the level rises; "
            "it must arrive before {0} or the order is cancelled and refunded.").format(
            format_time_ms(int(order["deadline_ms"]))))
        self.quantity_edit = self.line_edit(format_count(int(order["quantity_l"])), self.tr("litres"))
        self.quantity_error = self.add_field(self.tr("Quantity (L):"), self.quantity_edit, "quantity")

    def collect(self) -> dict[str, Any] | None:
        maximum = int(self.order["quantity_l"])
        q = self.check(self.quantity_edit, self.quantity_error, lambda: parse_litres(
            self.quantity_edit.text(), maximum=maximum,
            what_max=self.tr("{0} (the ordered quantity)").format(format_litres(maximum))))
        if q is None:
            return None
        return {"order_id": self.order["order_id"], "quantity_l": q}
