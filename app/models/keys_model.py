"""The wallet's keys as a table: name, the account address, where the key lives, its scheme and state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.formatting import format_time_ms, short_id
from app.tx_text import backend_text
from wallet.keystore import KeyEntry, Wallet

KeyRole = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


class KeysModel(QAbstractTableModel):
    """A snapshot of ``Wallet.entries()``; ``reload`` after keys are added, unlocked, locked or retired."""

    COLUMNS = ("name", "address", "backend", "scheme", "state")

    def __init__(self, wallet: Wallet | None, unlocked: Any = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._wallet = wallet
        self._unlocked = unlocked
        self._rows: list[KeyEntry] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._wallet.entries() if self._wallet is not None else []
        self.endResetModel()

    def refresh_states(self) -> None:
        if self._rows:
            col = self.COLUMNS.index("state")
            self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))

    def entry(self, row: int) -> KeyEntry:
        return self._rows[row]

    def row_of(self, name: str) -> int | None:
        return next((i for i, e in enumerate(self._rows) if e.name == name), None)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        return (self.tr("Key"), self.tr("Own account"), self.tr("Kept in"), self.tr("Scheme"), self.tr("State"))[section]

    def state_text(self, e: KeyEntry) -> str:
        if e.retired_ms:
            return self.tr("Retired {0}").format(format_time_ms(e.retired_ms))
        if e.backend == "watch":
            return self.tr("Watch-only")
        if self._unlocked is not None and self._unlocked.get(e.name) is not None:
            return self.tr("Unlocked")
        if e.remember:
            return self.tr("Locked (remembered in the keyring)")
        return self.tr("Locked")

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.COLUMNS):
            return None
        e = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == KeyRole:
            return e
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "name":
                return e.label or e.name
            if col == "address":
                return short_id(e.address, 10, 6)
            if col == "backend":
                return backend_text(e.backend)
            if col == "scheme":
                return {"ed25519": "Ed25519", "p256": "P-256"}.get(e.scheme, "—")
            if col == "state":
                return self.state_text(e)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "address":
                return e.address
            if col == "name":
                return e.name
        return None
