"""Top up an order's escrow (customer): retry freezing the estimated cost once the balance covers it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from app.dialogs.order_action_dialog import OrderActionDialog
from app.formatting import format_amount_locale


class OrderTopUpDialog(OrderActionDialog):
    """``order.top_up``: no fields; says whether the available balance covers the estimated cost."""

    kind = "order.top_up"

    def __init__(self, order: dict[str, Any], available: int | None, parent: QWidget | None = None) -> None:
        super().__init__(order, parent)
        self.setObjectName("orderTopUpDialog")
        self.setWindowTitle(self.tr("Top up the escrow"))
        needed = int(order["estimated_cost"])
        self.heading.setText(self.tr("Freeze {0} for {1}").format(format_amount_locale(needed), order["order_id"]))
        self.explanation.setText(self.tr(
            "The order waits for its estimated cost to be frozen in escrow. Once it is (and the supplier's stock "
            "is reserved) the order is confirmed and the supplier can dispatch."))
        self.available = available
        self.available_label = QLabel(format_amount_locale(available) if available is not None else "—")
        self.available_label.setObjectName("availableLabel")
        self.form.addRow(self.tr("Your available balance:"), self.available_label)
        if available is not None and available < needed:
            self.show_banner(self.tr("Your available balance does not cover the escrow: {0} more is needed. "
                                     "Receive tokens first (the bank issues them against payment).").format(
                format_amount_locale(needed - available)))
            self.continue_button.setEnabled(False)
