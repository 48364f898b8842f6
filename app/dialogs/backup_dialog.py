"""Back up the wallet: every key and the address book sealed into one file under a passphrase typed twice.

The backup is ``Wallet.export_backup`` at the SENSITIVE Argon2id setting
(about a gigabyte and a few seconds), so it runs in the app's executor behind
a busy bar while the window stays live.  Each refusal (no file, an existing
file, a missing folder, an empty, short or mistyped passphrase) is said under
its field and nothing is written.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dialogs import WorkDialog
from app.error_text import describe
from app.form_errors import error_label, field_block, set_field_error
from app.node_bridge import spawn
from app.widgets.key_source_form import MIN_PASSWORD
from node.core.errors import DepotError
from wallet.keystore import BACKUP_STRENGTH, Wallet

RunBlocking = Callable[..., Awaitable[Any]]


def _secret(object_name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class BackupDialog(WorkDialog):
    """"Back up wallet…": where to write the backup and its passphrase; ``run`` awaits the written path."""

    def __init__(
        self,
        wallet: Wallet,
        *,
        run_blocking: RunBlocking,
        default_folder: Path | None = None,
        strength: str = BACKUP_STRENGTH,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(self.tr("Back up the wallet"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        self.wallet = wallet
        self.strength = strength
        self._run_blocking = run_blocking
        self._default_folder = default_folder or Path.home()
        self.written: Path | None = None
        self.attempt: asyncio.Task[bool] | None = None
        """The last press of "Back up", running or done."""

        keys = [e for e in wallet.entries() if not e.retired_ms]
        tokens = sum(1 for e in keys if e.backend == "pkcs11")
        intro = QLabel(
            self.tr(
                "One file with every key of this wallet and the address book, sealed with a passphrase. "
                "Key files stay encrypted with their own passwords inside it; keys on a security token "
                "never leave the token, the backup only records where to find them. Keep the file and "
                "its passphrase apart."
            )
        )
        intro.setWordWrap(True)
        self.summary_label = QLabel(
            self.tr("Keys in this wallet: {0} ({1} on security tokens). Contacts: {2}.").format(
                len(wallet.entries()), tokens, len(wallet.addressbook.contacts())
            )
        )
        self.summary_label.setObjectName("backupSummary")
        self.summary_label.setProperty("role", "hint")

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("backupPathEdit")
        self.path_edit.setPlaceholderText(self.tr("where to save the backup file"))
        self.path_error = error_label("backupPathError")
        self.browse_button = QPushButton(self.tr("Choose…"))
        self.browse_button.setObjectName("backupBrowse")
        self.browse_button.clicked.connect(self._choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.passphrase_edit = _secret("backupPassphraseEdit")
        self.passphrase_error = error_label("backupPassphraseError")
        self.repeat_edit = _secret("backupRepeatEdit")
        self.repeat_error = error_label("backupRepeatError")
        hint = QLabel(self.tr("At least {0} characters; it cannot be recovered if forgotten.").format(MIN_PASSWORD))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Backup file:"), field_block(path_row, self.path_error))
        form.addRow(self.tr("Passphrase:"), field_block(self.passphrase_edit, hint, self.passphrase_error))
        form.addRow(self.tr("Repeat:"), field_block(self.repeat_edit, self.repeat_error))

        self.progress = QProgressBar()
        self.progress.setObjectName("backupProgress")
        self.progress.setRange(0, 0)  # busy, with no measurable progress
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.status_label = QLabel("")
        self.status_label.setObjectName("backupStatus")
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("backupOk")
        self.ok_button.setText(self.tr("Back up"))
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
        layout.addWidget(self.summary_label)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self.path_edit.setFocus()

    def _choose_path(self) -> None:
        dialog = QFileDialog(self, self.tr("Save the backup"), str(self._default_folder / "depot-wallet-backup.json"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Depot backups (*.json)"))
        dialog.fileSelected.connect(self.path_edit.setText)
        dialog.open()  # not exec: the app's loop keeps running

    def _fields(self) -> list[tuple[QLineEdit, QLabel]]:
        return [
            (self.path_edit, self.path_error),
            (self.passphrase_edit, self.passphrase_error),
            (self.repeat_edit, self.repeat_error),
        ]

    def check(self) -> bool:
        """Refuse what is wrong before any work, each message under its field."""
        for field, label in self._fields():
            set_field_error(field, label, "")
        problems: list[tuple[QLineEdit, QLabel, str]] = []
        text = self.path_edit.text().strip()
        path = Path(text).expanduser()
        if not text:
            problems.append((self.path_edit, self.path_error, self.tr("Choose where to save the backup.")))
        elif path.is_dir():
            problems.append((self.path_edit, self.path_error, self.tr("This is a folder; give the backup a file name.")))
        elif path.exists():
            problems.append(
                (self.path_edit, self.path_error, self.tr("A file already exists here; choose another name."))
            )
        elif not path.parent.is_dir():
            problems.append((self.path_edit, self.path_error, self.tr("There is no folder at this path.")))
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            problems.append((self.passphrase_edit, self.passphrase_error, self.tr("Choose a passphrase for the backup.")))
        elif len(passphrase) < MIN_PASSWORD:
            problems.append(
                (self.passphrase_edit, self.passphrase_error, self.tr("At least {0} characters.").format(MIN_PASSWORD))
            )
        elif passphrase != self.repeat_edit.text():
            problems.append((self.repeat_edit, self.repeat_error, self.tr("The two passphrases differ.")))
        for field, label, message in problems:
            set_field_error(field, label, message)
        if problems:
            problems[0][0].setFocus()
        return not problems

    def on_ok(self) -> None:
        if not self.busy:
            self.attempt = spawn(self.submit(), name="wallet-backup")

    async def submit(self) -> bool:
        """Check, then seal the backup off the GUI thread; True (and the dialog accepted) once written."""
        if self.busy:
            return False
        self.status_label.setText("")
        if not self.check():
            return False
        path = Path(self.path_edit.text().strip()).expanduser()
        passphrase = self.passphrase_edit.text()
        self.set_busy(True, self.busy_text())
        try:
            await self._run_blocking(self.wallet.export_backup, path, passphrase, strength=self.strength)
        except DepotError as e:
            if e.code == "backup_corrupt":  # the only one export raises: a file appeared at the path meanwhile
                set_field_error(self.path_edit, self.path_error, self.tr("A file already exists here; choose another name."))
            elif e.code == "weak_password":
                set_field_error(self.passphrase_edit, self.passphrase_error, describe(e))
            else:
                self.status_label.setText(describe(e))
            return False
        except OSError as e:
            set_field_error(
                self.path_edit,
                self.path_error,
                self.tr("The backup cannot be written here: {0}").format(e.strerror or str(e)),
            )
            return False
        finally:
            del passphrase
            if shiboken6.isValid(self):
                self.passphrase_edit.clear()
                self.repeat_edit.clear()
                self.set_busy(False)
        self.written = path
        self.accept()
        return True

    def busy_text(self) -> str:
        return self.tr("Sealing the backup (this takes a few seconds on purpose, to resist guessing)…")

    def enable_inputs(self, enabled: bool) -> None:
        for w in (self.path_edit, self.browse_button, self.passphrase_edit, self.repeat_edit, self.ok_button, self.cancel_button):
            w.setEnabled(enabled)

    async def run(self) -> Path | None:
        """Show the dialog (non-blocking) and await the backup's path; None when cancelled."""
        await self.show_until_finished()
        return self.written
