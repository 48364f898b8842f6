"""The wallet's Address book tab: contacts with their organisations; add (checked) and remove; pay one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.address_input import AddressInputError, parse_address_text
from app.error_text import describe
from app.form_errors import error_label, set_field_error
from app.models.contacts_model import ContactsModel
from app.node_bridge import spawn
from app.services import AppServices
from node.core.address import format_address
from node.core.errors import DepotError

MAX_LABEL = 100


class ContactsTab(QWidget):
    """Who this wallet pays: named, so the signing dialog shows names instead of bare addresses."""

    payRequested = Signal(str)
    """Pay this address (the page switches to the Send tab with it filled in)."""
    contactsChanged = Signal()

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        book = services.key_manager.addressbook if services.key_manager is not None else None
        self.model = ContactsModel(book, self)
        self.table = QTableView()
        self.table.setObjectName("contactsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self._pay_selected())

        self.pay_button = QPushButton(self.tr("Pay…"))
        self.pay_button.clicked.connect(self._pay_selected)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeContact")
        self.remove_button.clicked.connect(self._remove_selected)
        row_buttons = QHBoxLayout()
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.pay_button)
        row_buttons.addWidget(self.remove_button)

        add_box = QGroupBox(self.tr("Add a contact"))
        form = QFormLayout(add_box)
        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("contactAddress")
        self.address_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.address_edit.setPlaceholderText(self.tr("depot1…"))
        self.address_error = error_label("contactAddressError")
        self.label_edit = QLineEdit()
        self.label_edit.setObjectName("contactLabel")
        self.label_edit.setPlaceholderText(self.tr("e.g. Acme Fuels — receivables"))
        self.label_error = error_label("contactLabelError")
        self.org_edit = QLineEdit()
        self.org_edit.setObjectName("contactOrganisation")
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("addContact")
        self.add_button.clicked.connect(self.on_add)
        self.status_label = QLabel("")
        self.status_label.setObjectName("contactsStatus")
        form.addRow(self.tr("Address:"), self.address_edit)
        form.addRow("", self.address_error)
        form.addRow(self.tr("Name:"), self.label_edit)
        form.addRow("", self.label_error)
        form.addRow(self.tr("Organisation:"), self.org_edit)
        add_row = QHBoxLayout()
        add_row.addWidget(self.status_label, 1)
        add_row.addWidget(self.add_button)
        form.addRow(add_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(add_box)
        enabled = book is not None
        for w in (self.add_button, self.remove_button, self.pay_button):
            w.setEnabled(enabled)
        if not enabled:
            self.status_label.setText(self.tr("There is no wallet in this session."))

    def validate(self) -> tuple[str, str, str] | None:
        ok = True
        try:
            address = parse_address_text(self.address_edit.text())
            set_field_error(self.address_edit, self.address_error, "")
        except AddressInputError as e:
            set_field_error(self.address_edit, self.address_error, e.message)
            address, ok = "", False
        label = self.label_edit.text().strip()
        if not label:
            set_field_error(self.label_edit, self.label_error, self.tr("Give the contact a name."))
            ok = False
        elif len(label) > MAX_LABEL:
            set_field_error(
                self.label_edit, self.label_error, self.tr("At most {0} characters.").format(MAX_LABEL)
            )
            ok = False
        else:
            set_field_error(self.label_edit, self.label_error, "")
        return (address, label, self.org_edit.text().strip()) if ok else None

    def on_add(self) -> None:
        values = self.validate()
        if values is None:
            return
        spawn(self.add(*values), name="contact-add")

    async def add(self, address: str, label: str, organisation: str) -> bool:
        km = self._services.key_manager
        if km is None:
            return False
        try:
            await self._services.run_blocking(km.addressbook.add, address, label, organisation)
        except DepotError as e:
            self.status_label.setText(describe(e))
            return False
        self.status_label.setText(self.tr("Added {0}.").format(label))
        for edit in (self.address_edit, self.label_edit, self.org_edit):
            edit.clear()
        self.model.reload()
        self.contactsChanged.emit()
        return True

    def _selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _pay_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.payRequested.emit(format_address(self.model.contact(row).address))

    def _remove_selected(self) -> None:
        row = self._selected_row()
        km = self._services.key_manager
        if row is None or km is None:
            return
        contact = self.model.contact(row)

        async def remove() -> None:
            await self._services.run_blocking(km.addressbook.remove, contact.address)
            self.model.reload()
            self.status_label.setText(self.tr("Removed {0}.").format(contact.label))
            self.contactsChanged.emit()

        spawn(remove(), name="contact-remove")


_ = Qt  # keep the import for flags used by subclasses
