"""The tool bar's account combo: in the demo, one entry per demo account by role; it sets ``services.account``."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from app.formatting import role_name
from app.services import AppServices


def account_name(account: Any) -> str:
    """What people call the account: its name, or for a demo account named after its role, its organisation."""
    name = str(getattr(account, "name", "") or "")
    role = str(getattr(account, "role", "") or "")
    organisation = str(getattr(account, "organisation", "") or "")
    if organisation and (not name or name == role):
        return organisation
    return name


class RoleSwitcher(QWidget):
    """"Acting as: [Customer — Acme Fuels ▾]"; hidden when there is nothing to switch between."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.label = QLabel(self.tr("Acting as:"))
        self.combo = QComboBox()
        self.combo.setObjectName("roleSwitcher")
        self.combo.setMinimumContentsLength(28)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setToolTip(self.tr("Switch the account (and so the role) you act as"))
        self.label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self.reload()
        self.combo.currentIndexChanged.connect(self._on_index_changed)
        services.accountChanged.connect(self._select)

    @staticmethod
    def entry_text(account: Any) -> str:
        role = getattr(account, "role", "")
        return f"{role_name(role)} — {account_name(account)}" if role else account_name(account)

    def reload(self) -> None:
        """Refill from ``services.accounts`` (e.g. after a key was added)."""
        self.combo.blockSignals(True)
        self.combo.clear()
        for account in self._services.accounts:
            self.combo.addItem(self.entry_text(account), account)
        self.combo.blockSignals(False)
        self._select(self._services.account)
        self.setVisible(self.combo.count() > 0)

    def _select(self, account: Any) -> None:
        for i in range(self.combo.count()):
            if self.combo.itemData(i) == account:
                if self.combo.currentIndex() != i:
                    self.combo.blockSignals(True)
                    self.combo.setCurrentIndex(i)
                    self.combo.blockSignals(False)
                return

    def _on_index_changed(self, index: int) -> None:
        if index >= 0:
            self._services.set_account(self.combo.itemData(index))
