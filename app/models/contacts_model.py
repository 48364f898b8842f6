"""The address book as a table: label, organisation, address, times paid."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.formatting import format_count
from node.core.address import format_address
from wallet.addressbook import AddressBook, Contact

ContactRole = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


class ContactsModel(QAbstractTableModel):
    """A snapshot of ``AddressBook.contacts()``; ``reload`` after a change."""

    COLUMNS = ("label", "organisation", "address", "paid")

    def __init__(self, book: AddressBook | None, parent: Any = None) -> None:
        super().__init__(parent)
        self._book = book
        self._rows: list[Contact] = []
        self._paid: list[int] = []
        self.reload()

    def set_book(self, book: AddressBook | None) -> None:
        self._book = book
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._book.contacts() if self._book is not None else []
        self._paid = [self._book.times_paid(c.address) for c in self._rows] if self._book is not None else []
        self.endResetModel()

    def contact(self, row: int) -> Contact:
        return self._rows[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        return (self.tr("Name"), self.tr("Organisation"), self.tr("Address"), self.tr("Times paid"))[section]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.COLUMNS):
            return None
        c = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == ContactRole:
            return c
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == "label":
                return c.label
            if col == "organisation":
                return c.organisation
            if col == "address":
                return format_address(c.address)
            if col == "paid":
                return format_count(self._paid[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and col == "paid":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
