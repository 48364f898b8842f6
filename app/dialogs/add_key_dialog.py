"""Add a key to the wallet after the first run: "New key…" (a key file or a key made on a token) or
"Import key…" (an encrypted key file, or a key already on a PKCS#11 token).

The fields are the first run's (``app.widgets.key_source_form``).  Pressing
the button checks them, then seals, unlocks or asks the token in the app's
executor behind a busy bar; a refusal is shown next to the field at fault and
the dialog stays open.  ``run`` awaits the added ``KeyEntry`` (None if the
person cancelled).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.dialogs import WorkDialog
from app.error_text import describe
from app.node_bridge import spawn
from app.widgets.key_source_form import CREATE, IMPORT, TOKEN, KeySourceForm, add_key, token_keys_of
from node.core.errors import DepotError
from wallet.keystore import KeyEntry, Wallet

NEW = "new"
IMPORT_KEY = "import"

RunBlocking = Callable[..., Awaitable[Any]]


class AddKeyDialog(WorkDialog):
    """One key into the wallet: ``mode`` is ``NEW`` or ``IMPORT_KEY``."""

    def __init__(
        self,
        wallet: Wallet,
        *,
        mode: str,
        run_blocking: RunBlocking,
        pkcs11_module: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addKeyDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        self.wallet = wallet
        self.mode = mode
        self._run_blocking = run_blocking
        self.entry: KeyEntry | None = None
        self.attempt: asyncio.Task[bool] | None = None
        """The last press of the button, running or done."""
        if mode == NEW:
            self.setWindowTitle(self.tr("New key"))
            intro_text = self.tr(
                "A new key for a new account: sealed in a key file on this computer with a password "
                "of your choice, or made on a security token, where it never leaves the token."
            )
            sources: tuple[str, ...] = (CREATE, TOKEN)
            key_id = "hidden"
            action = self.tr("Create")
        else:
            self.setWindowTitle(self.tr("Import a key"))
            intro_text = self.tr(
                "An existing key: a Depot key file (it is opened with its password before it is copied "
                "into the wallet), or a key already on a security token."
            )
            sources = (IMPORT, TOKEN)
            key_id = "required"
            action = self.tr("Import")
        intro = QLabel(intro_text)
        intro.setWordWrap(True)
        self.form = KeySourceForm(
            sources,
            pkcs11_module=pkcs11_module,
            token_key_id=key_id,
            taken_names=lambda: {e.name for e in wallet.entries()},
            default_name="",
            token_keys=token_keys_of(wallet),
            run_blocking=run_blocking,
        )
        if mode == NEW:
            self.form.create_radio.setText(self.tr("An encrypted key file on this computer"))
            self.form.token_radio.setText(self.tr("A new key on a security token (PKCS#11)"))
        else:
            self.form.import_radio.setText(self.tr("A Depot key file"))
            self.form.token_radio.setText(self.tr("A key on a security token (PKCS#11)"))

        self.progress = QProgressBar()
        self.progress.setObjectName("addKeyProgress")
        self.progress.setRange(0, 0)  # busy, with no measurable progress
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.status_label = QLabel("")
        self.status_label.setObjectName("addKeyStatus")
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("addKeyOk")
        self.ok_button.setText(action)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.on_ok)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form, 1)
        layout.addLayout(bottom)
        self.form.key_name_edit.setFocus()

    def on_ok(self) -> None:
        if not self.busy:
            self.attempt = spawn(self.submit(), name="add-key")

    async def submit(self) -> bool:
        """Check, then add the key off the GUI thread; True (and the dialog accepted) once it is in."""
        if self.busy:
            return False
        self.status_label.setText("")
        if not self.form.check():
            return False
        request = self.form.request()
        self.set_busy(True, self._busy_text(request.source))
        try:
            entry = await self._run_blocking(add_key, self.wallet, request)
        except DepotError as e:
            if not self.form.show_failure(e):
                self.status_label.setText(describe(e))
            return False
        except OSError as e:
            self.status_label.setText(self.tr("The wallet folder cannot be written: {0}").format(e.strerror or str(e)))
            return False
        finally:
            self.form.clear_secrets()
            if shiboken6.isValid(self):
                self.set_busy(False)
        self.entry = entry
        self.accept()
        return True

    def _busy_text(self, source: str) -> str:
        if source == CREATE:
            return self.tr("Sealing the new key with your password…")
        if source == IMPORT:
            return self.tr("Opening the key file with its password…")
        return self.tr("Asking the security token…")

    def enable_inputs(self, enabled: bool) -> None:
        self.form.set_inputs_enabled(enabled)
        self.ok_button.setEnabled(enabled)
        self.cancel_button.setEnabled(enabled)

    async def run(self) -> KeyEntry | None:
        """Show the dialog (non-blocking) and await the added key; None when cancelled."""
        await self.show_until_finished()
        return self.entry
