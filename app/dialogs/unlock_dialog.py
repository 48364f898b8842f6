"""Unlock a key: asks its password (or its token's PIN) and opens it in an executor, never on the GUI thread.

Used after the auto-lock and from the wallet's Keys tab.  A wrong password is
said under the field and the dialog stays open; the key then stays unlocked
in ``services.unlocked`` until the next lock.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.dialogs import until_finished
from app.error_text import describe, unlock_reason_text
from app.form_errors import error_label, set_field_error
from app.node_bridge import spawn
from app.services import AppServices
from node.core.errors import DepotError
from wallet.keystore import KeyEntry


class UnlockDialog(QDialog):
    """"Unlock key NAME": one secret field, Unlock and Cancel."""

    def __init__(self, services: AppServices, entry: KeyEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("Unlock key"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._services = services
        self.entry = entry
        self.unlocked = False
        request = services.unlock_request(entry, services.account)
        self.method = request.method
        intro = QLabel(self.tr("Unlock “{0}” to sign with it.").format(entry.label or entry.name))
        intro.setWordWrap(True)
        self.setMinimumWidth(420)
        self.reason_label = QLabel(unlock_reason_text(request.reason))
        self.reason_label.setProperty("role", "hint")
        self.reason_label.setWordWrap(True)
        self.secret_edit = QLineEdit()
        self.secret_edit.setObjectName("secretEdit")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        if request.prefill:
            self.secret_edit.setText(request.prefill)
        self.secret_error = error_label("secretError")
        form = QFormLayout()
        form.addRow(self.tr("Token PIN:") if self.method == "pin" else self.tr("Password:"), self.secret_edit)
        form.addRow("", self.secret_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.unlock_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setText(self.tr("Unlock"))
        self.unlock_button.setObjectName("unlockButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.on_unlock)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if request.reason:
            layout.addWidget(self.reason_label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._busy = False

    def on_unlock(self) -> None:
        if self._busy:
            return
        secret = self.secret_edit.text()
        if self.method in ("password", "pin") and not secret:
            set_field_error(
                self.secret_edit,
                self.secret_error,
                self.tr("Enter the PIN.") if self.method == "pin" else self.tr("Enter the password."),
            )
            return
        set_field_error(self.secret_edit, self.secret_error, "")
        self._busy = True
        self.unlock_button.setEnabled(False)
        self.secret_edit.setEnabled(False)
        spawn(self._unlock(secret), name="unlock-key")

    async def _unlock(self, secret: str) -> None:
        try:
            await self._services.unlock(self.entry, secret)
        except DepotError as e:
            set_field_error(self.secret_edit, self.secret_error, describe(e))
            self.secret_edit.setEnabled(True)
            self.secret_edit.selectAll()
            self.secret_edit.setFocus()
            return
        finally:
            self._busy = False
            self.unlock_button.setEnabled(True)
        self.unlocked = True
        self.accept()

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    async def run(self) -> bool:
        waiting = until_finished(self)
        self.open()
        try:
            await waiting
        finally:
            if shiboken6.isValid(self):  # its parent may have gone first (the window closed)
                self.deleteLater()
        return self.unlocked
