"""Choose the new key for a key rotation: its name and where it lives (key file with a password, or a token).

The dialog only gathers and checks the answers (each refusal next to its
field); the wallet page creates the key off the GUI thread and sends
``account.rotate_key`` through the signing dialog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.dialogs import until_finished
from app.form_errors import error_label, set_field_error

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MIN_PASSWORD = 10


@dataclass(frozen=True, slots=True)
class NewKeyChoice:
    """What the person chose for the new key (the password and PIN are never stored)."""

    name: str
    backend: str
    """"file" or "pkcs11"."""
    password: str = ""
    module: str = ""
    token_label: str = ""
    pin: str = ""


def check_key_name(name: str, taken: set[str]) -> str:
    """"" if ``name`` can name a new key, else the reason (translated by the caller's context)."""
    if not name:
        return "empty"
    if not _NAME.match(name):
        return "invalid"
    if name in taken:
        return "taken"
    return ""


class RotateKeyDialog(QDialog):
    """"Replace the key of ACCOUNT": new key name, file or token, and the secret for it."""

    def __init__(
        self,
        account_name: str,
        *,
        taken_names: set[str],
        pkcs11_module: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rotateKeyDialog")
        self.setWindowTitle(self.tr("Replace the signing key"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._taken = taken_names
        self.choice: NewKeyChoice | None = None
        intro = QLabel(
            self.tr(
                "A new key replaces the current one for “{0}”. Balances and records stay with the "
                "account; the old key stops signing once the change is final."
            ).format(account_name)
        )
        intro.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("newKeyName")
        self.name_error = error_label("newKeyNameError")
        self.backend_combo = QComboBox()
        self.backend_combo.setObjectName("newKeyBackend")
        self.backend_combo.addItem(self.tr("Encrypted key file on this computer"), "file")
        self.backend_combo.addItem(self.tr("Security token (PKCS#11)"), "pkcs11")

        file_page = QWidget()
        file_form = QFormLayout(file_page)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("newPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = error_label("newPasswordError")
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("repeatPassword")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_error = error_label("repeatPasswordError")
        file_form.addRow(self.tr("Password:"), self.password_edit)
        file_form.addRow("", self.password_error)
        file_form.addRow(self.tr("Repeat:"), self.repeat_edit)
        file_form.addRow("", self.repeat_error)

        token_page = QWidget()
        token_form = QFormLayout(token_page)
        self.module_edit = QLineEdit(pkcs11_module)
        self.module_edit.setObjectName("pkcs11Module")
        self.module_error = error_label("pkcs11ModuleError")
        self.token_edit = QLineEdit()
        self.token_edit.setObjectName("tokenLabel")
        self.token_error = error_label("tokenLabelError")
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("tokenPin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_error = error_label("tokenPinError")
        token_form.addRow(self.tr("PKCS#11 module:"), self.module_edit)
        token_form.addRow("", self.module_error)
        token_form.addRow(self.tr("Token label:"), self.token_edit)
        token_form.addRow("", self.token_error)
        token_form.addRow(self.tr("Token PIN:"), self.pin_edit)
        token_form.addRow("", self.pin_error)

        self.stack = QStackedWidget()
        self.stack.addWidget(file_page)
        self.stack.addWidget(token_page)
        self.backend_combo.currentIndexChanged.connect(self.stack.setCurrentIndex)

        form = QFormLayout()
        form.addRow(self.tr("New key name:"), self.name_edit)
        form.addRow("", self.name_error)
        form.addRow(self.tr("Keep it in:"), self.backend_combo)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Continue…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.on_ok)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.stack)
        layout.addWidget(self.buttons)

    def validate(self) -> NewKeyChoice | None:
        ok = True
        name = self.name_edit.text().strip()
        problem = check_key_name(name, self._taken)
        messages = {
            "empty": self.tr("Name the new key."),
            "invalid": self.tr("Use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit."),
            "taken": self.tr("The wallet already has a key with this name."),
        }
        set_field_error(self.name_edit, self.name_error, messages.get(problem, ""))
        ok = ok and not problem
        backend = self.backend_combo.currentData()
        if backend == "file":
            pw, again = self.password_edit.text(), self.repeat_edit.text()
            pw_msg = (
                self.tr("At least {0} characters.").format(MIN_PASSWORD) if len(pw) < MIN_PASSWORD else ""
            )
            set_field_error(self.password_edit, self.password_error, pw_msg)
            rep_msg = self.tr("The two passwords differ.") if not pw_msg and pw != again else ""
            set_field_error(self.repeat_edit, self.repeat_error, rep_msg)
            ok = ok and not pw_msg and not rep_msg
            return NewKeyChoice(name, "file", password=pw) if ok else None
        module, token, pin = self.module_edit.text().strip(), self.token_edit.text().strip(), self.pin_edit.text()
        module_msg = (
            self.tr("Give the path of the PKCS#11 module.")
            if not module
            else ("" if Path(module).is_file() else self.tr("There is no file at this path."))
        )
        set_field_error(self.module_edit, self.module_error, module_msg)
        set_field_error(self.token_edit, self.token_error, "" if token else self.tr("Give the token's label."))
        set_field_error(self.pin_edit, self.pin_error, "" if pin else self.tr("Enter the token's PIN."))
        ok = ok and not module_msg and bool(token and pin)
        return NewKeyChoice(name, "pkcs11", module=module, token_label=token, pin=pin) if ok else None

    def on_ok(self) -> None:
        choice = self.validate()
        if choice is not None:
            self.choice = choice
            self.accept()

    async def run(self) -> NewKeyChoice | None:
        waiting = until_finished(self)
        self.open()
        try:
            await waiting
        finally:
            if shiboken6.isValid(self):  # its parent may have gone first (the window closed)
                self.deleteLater()
        return self.choice
