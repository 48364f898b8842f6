"""The wallet's Send tab: recipient, amount in units, note; each refused field says why right under it.

Nothing is built or sent while a field is wrong.  The amount is read with
integer arithmetic (``app.amount_input``) into minor units; the address is
checked for its checksum (``app.address_input``).  A valid form goes to
``services.sign_and_submit``, which shows the signing dialog.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.account_watch import AccountWatch
from app.address_input import AddressInputError, parse_address_text
from app.amount_input import AmountInputError, parse_amount_text
from app.form_errors import error_label, field_block, set_field_error
from app.formatting import format_amount_locale, format_count
from app.node_bridge import spawn
from app.services import AppServices
from node.core.address import format_address, parse_address

MAX_MEMO = 256


class SendTab(QWidget):
    """Pay settlement tokens to another account."""

    sent = Signal(dict)
    """A payment was committed: its transaction view."""

    def __init__(self, services: AppServices, watch: AccountWatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._watch = watch
        self._sending = False

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.to_edit = QLineEdit()
        self.to_edit.setObjectName("toEdit")
        self.to_edit.setFont(mono)
        self.to_edit.setPlaceholderText(self.tr("depot1… (paste the recipient's address)"))
        self.to_edit.setClearButtonEnabled(True)
        self.to_error = error_label("toError")
        self.to_contact = QLabel("")
        self.to_contact.setObjectName("toContact")
        self.to_contact.setProperty("role", "hint")
        self.to_contact.hide()

        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amountEdit")
        self.amount_edit.setPlaceholderText(self.tr("0.00"))
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount_edit.setMaximumWidth(220)
        self.amount_unit = QLabel(self.tr("units"))
        self.max_button = QPushButton(self.tr("Whole balance"))
        self.max_button.setObjectName("maxButton")
        self.max_button.clicked.connect(self._fill_balance)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount_edit)
        amount_row.addWidget(self.amount_unit)
        amount_row.addWidget(self.max_button)
        amount_row.addStretch(1)
        self.amount_error = error_label("amountError")
        self.amount_minor = QLabel("")
        self.amount_minor.setObjectName("amountMinor")
        self.amount_minor.setProperty("role", "hint")
        self.amount_minor.hide()
        self.available_label = QLabel("—")
        self.available_label.setObjectName("availableLabel")

        self.memo_edit = QLineEdit()
        self.memo_edit.setObjectName("memoEdit")
        self.memo_edit.setPlaceholderText(self.tr("e.g. invoice number, for the recipient's records"))
        self.memo_error = error_label("memoError")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Pay to:"), field_block(self.to_edit, self.to_contact, self.to_error))
        form.addRow(self.tr("Amount:"), field_block(amount_row, self.amount_minor, self.amount_error))
        form.addRow(self.tr("Available:"), self.available_label)
        form.addRow(self.tr("Note:"), field_block(self.memo_edit, self.memo_error))

        self.send_button = QPushButton(self.tr("Review and send…"))
        self.send_button.setObjectName("sendButton")
        self.send_button.clicked.connect(self.on_send)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.send_button)

        self.result_label = QLabel("")
        self.result_label.setObjectName("sendResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        layout.addStretch(1)

        self.to_edit.editingFinished.connect(self.check_address)
        self.to_edit.textChanged.connect(self._address_typed)
        self.amount_edit.textChanged.connect(self._amount_typed)
        self.memo_edit.textChanged.connect(lambda _t: self.check_memo())
        watch.changed.connect(lambda _a: self._show_available())
        self.refresh_completer()
        self._show_available()

    # --- the fields -------------------------------------------------------------------

    def _own_address(self) -> str | None:
        account = self._services.account
        return getattr(account, "address", None)

    def refresh_completer(self) -> None:
        """Offer the address book's contacts while typing (label or address)."""
        km = self._services.key_manager
        contacts = km.addressbook.contacts() if km is not None else []
        completer = QCompleter([format_address(c.address) for c in contacts], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.to_edit.setCompleter(completer)

    def _address_typed(self, text: str) -> None:
        # Mistakes are told when the person leaves the field; a correction clears them at once.
        if self.to_error.isVisible():
            self.check_address()
        self._show_contact(text)

    def _show_contact(self, text: str) -> None:
        km = self._services.key_manager
        self._hint(self.to_contact, "")
        if km is None:
            return
        try:
            address = parse_address_text(text)
        except AddressInputError:
            return
        contact = km.addressbook.get(parse_address(address))
        if contact is not None:
            org = f" ({contact.organisation})" if contact.organisation else ""
            self._hint(self.to_contact, self.tr("Contact: {0}").format(contact.label + org))
        elif km.addressbook.is_first_time(parse_address(address)):
            self._hint(
                self.to_contact, self.tr("Not in your address book: you have never paid this address.")
            )

    @staticmethod
    def _hint(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def check_address(self) -> str | None:
        """The checked recipient, or None with the message shown under the field."""
        try:
            address = parse_address_text(self.to_edit.text(), own=self._own_address())
        except AddressInputError as e:
            set_field_error(self.to_edit, self.to_error, e.message)
            return None
        set_field_error(self.to_edit, self.to_error, "")
        return address

    def _amount_typed(self, _text: str) -> None:
        if self.amount_error.isVisible():
            self.check_amount()
        else:
            self._show_minor(quiet=True)

    def _show_minor(self, *, quiet: bool) -> int | None:
        try:
            minor = parse_amount_text(self.amount_edit.text())
        except AmountInputError:
            self._hint(self.amount_minor, "")
            return None
        self._hint(self.amount_minor, self.tr("= {0} in minor units").format(format_count(minor)))
        return minor

    def check_amount(self) -> int | None:
        """The amount in minor units, or None with the message shown under the field."""
        try:
            minor = parse_amount_text(self.amount_edit.text(), balance=self._watch.balance)
        except AmountInputError as e:
            set_field_error(self.amount_edit, self.amount_error, e.message)
            self._hint(self.amount_minor, "")
            return None
        set_field_error(self.amount_edit, self.amount_error, "")
        self._show_minor(quiet=True)
        return minor

    def check_memo(self) -> str | None:
        memo = self.memo_edit.text()
        if len(memo.encode("utf-8")) > MAX_MEMO:
            set_field_error(
                self.memo_edit,
                self.memo_error,
                self.tr("The note is too long: at most {0} bytes.").format(MAX_MEMO),
            )
            return None
        if any(ord(c) < 32 for c in memo):
            set_field_error(self.memo_edit, self.memo_error, self.tr("The note cannot contain control characters."))
            return None
        set_field_error(self.memo_edit, self.memo_error, "")
        return memo

    def _show_available(self) -> None:
        balance = self._watch.balance
        self.available_label.setText(format_amount_locale(balance) if balance is not None else "—")
        self.max_button.setEnabled(bool(balance))

    def _fill_balance(self) -> None:
        balance = self._watch.balance
        if balance:
            self.amount_edit.setText(format_amount_locale(balance).replace(",", ""))

    def clear(self) -> None:
        for edit, label in (
            (self.to_edit, self.to_error),
            (self.amount_edit, self.amount_error),
            (self.memo_edit, self.memo_error),
        ):
            edit.clear()
            set_field_error(edit, label, "")
        self._hint(self.amount_minor, "")
        self._hint(self.to_contact, "")

    # --- sending ------------------------------------------------------------------------

    def validate(self) -> dict[str, Any] | None:
        """The transfer's fields, or None when any field is wrong (each one says why)."""
        to = self.check_address()
        amount = self.check_amount()
        memo = self.check_memo()
        if to is None or amount is None or memo is None:
            return None
        return {"to": to, "amount": amount, "memo": memo}

    def on_send(self) -> None:
        if self._sending:
            return
        fields = self.validate()
        if fields is None:
            self.result_label.setText("")
            return
        self._sending = True
        self.send_button.setEnabled(False)
        spawn(self._send(fields), name="wallet-send")

    async def _send(self, fields: dict[str, Any]) -> None:
        try:
            committed = await self._services.sign_and_submit("token.transfer", fields, self)
        finally:
            self._sending = False
            self.send_button.setEnabled(True)
        if committed is None:
            self.result_label.setText(self.tr("Not sent."))
            return
        self.result_label.setText(
            self.tr("Sent {0} to {1}: final in block {2} (transaction {3}).").format(
                format_amount_locale(int(fields["amount"])),
                fields["to"],
                format_count(int(committed.get("height", 0))),
                str(committed.get("tx_id", ""))[:16] + "…",
            )
        )
        self.clear()
        self._watch.refresh()
        self.refresh_completer()
        self.sent.emit(committed)
