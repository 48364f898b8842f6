"""The frame of every order action dialog: what the order is, the fields of the action, each refusal next to its field.

A dialog collects and checks the action's fields and returns them (the JSON
form ``wallet.builder`` takes); nothing is sent from here.  The page passes
them to ``services.sign_and_submit``, which shows the signing dialog.  Bad
input never leaves the dialog: ``Continue`` checks every field and shows a
specific sentence under each one that is wrong.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.form_errors import error_label, set_field_error
from app.formatting import format_amount_locale, format_time_ms
from app.models.dapp_common import format_litres
from app.models.orders_model import status_name

translate = QCoreApplication.translate

MAX_NOTE_BYTES = 256
"""Dispute reasons and resolution notes: at most 256 bytes of UTF-8 (tanks.md §6.7)."""


class FieldError(ValueError):
    """A refused field value; ``str(e)`` is the translated sentence shown under the field."""


def parse_litres(text: str, *, maximum: int, minimum: int = 1, what_max: str = "") -> int:
    """Whole litres typed by a person ("8,550" or "8550 L"), between ``minimum`` and ``maximum``."""
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if t.lower().endswith("l"):
        t = t[:-1]
    if not t:
        raise FieldError(translate("order_dialogs", "Enter a quantity in litres."))
    if t.startswith(("-", "\u2212")):
        raise FieldError(translate("order_dialogs", "The quantity cannot be negative."))
    loc = QLocale()
    for g in {",", loc.groupSeparator()} - {loc.decimalPoint()}:
        t = t.replace(g, "")
    if "." in t or loc.decimalPoint() in t:
        raise FieldError(translate("order_dialogs", "Whole litres only (no decimals)."))
    if not (t.isascii() and t.isdigit()):
        raise FieldError(translate("order_dialogs", "Type the quantity as a whole number of litres, for example 8550."))
    if len(t.lstrip("0")) > 19:
        raise FieldError(translate("order_dialogs", "At most {0}.").format(what_max or format_litres(maximum)))
    value = int(t)
    if value < minimum:
        if minimum == 1:
            raise FieldError(translate("order_dialogs", "The quantity must be at least 1 L."))
        raise FieldError(translate("order_dialogs", "At least {0}.").format(format_litres(minimum)))
    if value > maximum:
        raise FieldError(translate("order_dialogs", "At most {0}.").format(what_max or format_litres(maximum)))
    return value


def check_note(text: str, *, required: bool) -> str:
    """A reason or note: not blank when ``required``, at most 256 bytes of UTF-8."""
    t = text.strip()
    if required and not t:
        raise FieldError(translate("order_dialogs", "Say why, so the other side and the arbiter understand."))
    size = len(t.encode("utf-8"))
    if size > MAX_NOTE_BYTES:
        raise FieldError(translate("order_dialogs", "Too long: {0} bytes; at most {1} (a Chinese character takes 3).")
                         .format(size, MAX_NOTE_BYTES))
    return t


class OrderActionDialog(QDialog):
    """Base of the order dialogs: the order's facts on top, the action's fields below, Cancel as the default."""

    kind = ""
    """The transaction kind this dialog prepares (``order.dispatch``, ...)."""

    def __init__(self, order: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.order = order
        self.result_fields: dict[str, Any] | None = None
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(480)
        self.heading = QLabel()
        self.heading.setObjectName("orderActionHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setObjectName("orderActionExplanation")
        self.explanation.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setObjectName("orderActionBanner")
        self.banner.setProperty("role", "errorBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        facts = QGroupBox(self.tr("Order"))
        facts_form = QFormLayout(facts)
        facts_form.addRow(self.tr("Order:"), QLabel(str(order["order_id"])))
        facts_form.addRow(self.tr("Tank:"), QLabel(str(order.get("tank_id", ""))))
        facts_form.addRow(self.tr("Status:"), QLabel(status_name(int(order["status"]))))
        facts_form.addRow(self.tr("Ordered:"), QLabel(self.tr("{0} at {1} per litre").format(
            format_litres(int(order["quantity_l"])), format_amount_locale(int(order["unit_price"])))))
        if order.get("dispatched_ms"):
            facts_form.addRow(self.tr("Dispatched:"), QLabel(self.tr("{0} on {1}").format(
                format_litres(int(order["dispatched_l"])), format_time_ms(int(order["dispatched_ms"])))))
        if order.get("delivered_ms"):
            facts_form.addRow(self.tr("Delivered:"), QLabel(format_litres(int(order["delivered_l"]))))
        facts_form.addRow(self.tr("Estimated cost:"), QLabel(format_amount_locale(int(order["estimated_cost"]))))
        facts_form.addRow(self.tr("In escrow:"), QLabel(format_amount_locale(int(order["escrow"]))))

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.continue_button = QPushButton(self.tr("Continue to signing…"))
        self.continue_button.setObjectName("continueButton")
        self.buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button.setDefault(True)
        self.continue_button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        self.continue_button.clicked.connect(self._continue)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(facts)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    # --- fields ----------------------------------------------------------------------------

    def add_field(self, label: str, widget: QWidget, name: str) -> QLabel:
        """A field with its error label under it; returns the error label."""
        err = error_label(f"{name}Error")
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        v.addWidget(widget)
        v.addWidget(err)
        widget.setObjectName(f"{name}Field")
        self.form.addRow(label, box)
        return err

    def line_edit(self, text: str = "", placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setPlaceholderText(placeholder)
        return edit

    def collect(self) -> dict[str, Any] | None:
        """The action's fields (JSON form), or None after showing what is wrong. Subclasses override."""
        return {"order_id": self.order["order_id"]}

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    @staticmethod
    def check(field: QWidget, label: QLabel, parse: Any) -> Any:
        """``parse()`` or None, showing its ``FieldError`` under ``field``."""
        try:
            value = parse()
        except FieldError as e:
            set_field_error(field, label, str(e))
            return None
        except ValueError as e:  # AmountInputError and friends carry a translated message
            set_field_error(field, label, getattr(e, "message", str(e)))
            return None
        set_field_error(field, label, "")
        return value

    def _continue(self) -> None:
        fields = self.collect()
        if fields is None:
            return
        self.result_fields = fields
        self.accept()

    async def run(self) -> dict[str, Any] | None:
        """Open (window-modal, non-blocking) and await the checked fields, or None if cancelled."""
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.finished.connect(lambda r: done.done() or done.set_result(r))
        self.open()
        self.cancel_button.setFocus()
        try:
            await done
        finally:
            self.deleteLater()
        return self.result_fields


class OrderConfirmDialog(OrderActionDialog):
    """Actions without fields: confirm with stock (supplier), settle now; the order's facts and what will happen."""

    def __init__(self, order: dict[str, Any], kind: str, parent: QWidget | None = None) -> None:
        super().__init__(order, parent)
        self.kind = kind
        self.setObjectName("orderConfirmDialog")
        if kind == "order.confirm":
            self.setWindowTitle(self.tr("Confirm the order with stock"))
            self.heading.setText(self.tr("Reserve stock for {0}").format(order["order_id"]))
            self.explanation.setText(self.tr(
                "Your storage tank now holds enough: the chain reserves {0} for this order and freezes the "
                "buyer's estimated cost in escrow if it can.").format(format_litres(int(order["quantity_l"]))))
        else:
            self.setWindowTitle(self.tr("Settle the order now"))
            self.heading.setText(self.tr("Settle {0} now").format(order["order_id"]))
            paid = int(order["delivered_l"]) * int(order["unit_price"])
            self.explanation.setText(self.tr(
                "{0} delivered × the agreed price: {1} is paid from escrow to the supplier and the rest ({2}) "
                "is released to the buyer. A settlement bill is issued to both. This cannot be undone.").format(
                format_litres(int(order["delivered_l"])), format_amount_locale(paid),
                format_amount_locale(max(0, int(order["escrow"]) - paid))))


# --- running an action ----------------------------------------------------------------------------


def dialog_for(order: dict[str, Any], kind: str, parent: QWidget | None, *,
               available: int | None = None) -> OrderActionDialog:
    """The dialog of one order action (``Action.kind``)."""
    from app.dialogs.order_confirm_delivery_dialog import OrderConfirmDeliveryDialog
    from app.dialogs.order_dispatch_dialog import OrderDispatchDialog
    from app.dialogs.order_dispute_dialog import OrderDisputeDialog
    from app.dialogs.order_resolve_dialog import OrderResolveDialog
    from app.dialogs.order_top_up_dialog import OrderTopUpDialog

    if kind == "order.dispatch":
        return OrderDispatchDialog(order, parent)
    if kind == "order.confirm_delivery":
        return OrderConfirmDeliveryDialog(order, parent)
    if kind == "order.dispute":
        return OrderDisputeDialog(order, parent)
    if kind == "order.resolve":
        return OrderResolveDialog(order, parent)
    if kind == "order.top_up":
        return OrderTopUpDialog(order, available, parent)
    return OrderConfirmDialog(order, kind, parent)


async def run_order_action(services: Any, order: dict[str, Any], kind: str,
                           parent: QWidget | None) -> dict[str, Any] | None:
    """Ask for the action's fields, then sign and submit through ``services``; the committed view or None."""
    from app.models.dapp_common import identity_of
    from node.core.errors import DepotError

    available = None
    if kind == "order.top_up":
        who = identity_of(services)
        try:
            answer = await services.client.account(who.address)
            record = answer.get("account") or {}
            available = int(record.get("balance", 0))
        except (DepotError, ValueError, TypeError):
            available = None
    dialog = dialog_for(order, kind, parent, available=available)
    fields = await dialog.run()
    if fields is None:
        return None
    result: dict[str, Any] | None = await services.sign_and_submit(kind, fields, parent)
    return result
