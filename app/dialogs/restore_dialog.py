"""Restore from a backup: open it with its passphrase, show what it would add and skip, then restore on request.

Opening derives the backup's Argon2id key (SENSITIVE: seconds and about a
gigabyte) once: ``Wallet.open_backup`` checks the whole content and keeps it
in memory (key files still sealed under their own passwords, no passphrase
or derived key kept), ``Wallet.plan_restore`` says what a restore would add
and skip by the wallet's own rules, and Restore runs
``Wallet.import_opened_backup`` on that same opened content.  Both steps run
in the app's executor behind a busy bar.  A wrong passphrase, a damaged file,
one altered after it was written or one with a malformed entry is said under
its field and the wallet is not touched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
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
from app.formatting import format_time_ms
from app.node_bridge import spawn
from node.core.errors import DepotError
from wallet.keystore import (
    SKIP_ALREADY_HELD,
    SKIP_HELD_AS,
    KeyEntry,
    OpenedBackup,
    RestorePlan,
    SkippedKey,
    Wallet,
)

RunBlocking = Callable[..., Awaitable[Any]]

__all__ = ["RestoreDialog", "RestorePlan", "RestoreResult", "SkippedKey", "open_and_plan", "restore"]


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did: the keys added and how many contacts the address book gained."""

    added: tuple[KeyEntry, ...]
    contacts_added: int
    skipped: int


def open_and_plan(wallet: Wallet, path: Path, passphrase: str) -> tuple[OpenedBackup, RestorePlan]:
    """Open the backup (the one slow key derivation) and the wallet's plan for it.  Blocking."""
    opened = wallet.open_backup(path, passphrase)
    return opened, wallet.plan_restore(opened)


def restore(wallet: Wallet, opened: OpenedBackup) -> RestoreResult:
    """``Wallet.import_opened_backup`` of the content opened for the plan (no second derivation).  Blocking."""
    done = wallet.import_opened_backup(opened)
    return RestoreResult(done.add, len(done.new_contacts), len(done.skip))


def _backend_name(backend: str) -> str:
    return {
        "file": QCoreApplication.translate("RestoreDialog", "key file"),
        "pkcs11": QCoreApplication.translate("RestoreDialog", "security token"),
        "watch": QCoreApplication.translate("RestoreDialog", "watch-only"),
    }.get(backend, backend)


class RestoreDialog(WorkDialog):
    """"Restore from backup…": the file and its passphrase, the plan, then Restore; ``run`` awaits the result."""

    def __init__(
        self,
        wallet: Wallet,
        *,
        run_blocking: RunBlocking,
        default_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(600)
        self.wallet = wallet
        self._run_blocking = run_blocking
        self._default_folder = default_folder or Path.home()
        self.plan: RestorePlan | None = None
        self.opened: OpenedBackup | None = None
        """The backup opened for ``plan``; Restore imports it (dropped when the file or passphrase changes)."""
        self.result_: RestoreResult | None = None
        self.attempt: asyncio.Task[bool] | None = None
        """The last press of the button (open or restore), running or done."""

        intro = QLabel(
            self.tr(
                "Adds the keys and contacts of a Depot wallet backup to this wallet. First the backup is opened "
                "and you see what it would add; nothing changes until you press Restore. Keys and contacts "
                "this wallet already has are left as they are."
            )
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("restorePathEdit")
        self.path_edit.setPlaceholderText(self.tr("the backup file"))
        self.path_error = error_label("restorePathError")
        self.browse_button = QPushButton(self.tr("Choose…"))
        self.browse_button.setObjectName("restoreBrowse")
        self.browse_button.clicked.connect(self._choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("restorePassphraseEdit")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("the passphrase the backup was sealed with"))
        self.passphrase_error = error_label("restorePassphraseError")
        form = QFormLayout()
        form.addRow(self.tr("Backup file:"), field_block(path_row, self.path_error))
        form.addRow(self.tr("Passphrase:"), field_block(self.passphrase_edit, self.passphrase_error))
        for edit in (self.path_edit, self.passphrase_edit):
            edit.textEdited.connect(lambda _t: self._forget_plan())

        self.plan_label = QLabel("")
        self.plan_label.setObjectName("restorePlan")
        self.plan_label.setWordWrap(True)
        self.plan_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan_label.hide()

        self.progress = QProgressBar()
        self.progress.setObjectName("restoreProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        self.status_label = QLabel("")
        self.status_label.setObjectName("restoreStatus")
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("restoreOk")
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
        layout.addLayout(form)
        layout.addWidget(self.plan_label)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self._forget_plan()
        self.path_edit.setFocus()

    def _choose_path(self) -> None:
        dialog = QFileDialog(self, self.tr("Open a backup"), str(self._default_folder))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Depot backups (*.json);;All files (*)"))
        dialog.fileSelected.connect(self._chosen)
        dialog.open()

    def _chosen(self, path: str) -> None:
        self.path_edit.setText(path)
        self._forget_plan()

    def _forget_plan(self) -> None:
        """The file or passphrase changed: the backup must be opened (again) before a restore."""
        self.plan = None
        self.opened = None
        self.plan_label.hide()
        self.plan_label.setText("")
        self.ok_button.setText(self.tr("Open backup"))
        self.ok_button.setEnabled(not self.busy)

    # --- checks and work ----------------------------------------------------------------------------

    def check(self) -> bool:
        for field, label in ((self.path_edit, self.path_error), (self.passphrase_edit, self.passphrase_error)):
            set_field_error(field, label, "")
        problems: list[tuple[QLineEdit, QLabel, str]] = []
        text = self.path_edit.text().strip()
        if not text:
            problems.append((self.path_edit, self.path_error, self.tr("Choose the backup file.")))
        elif not Path(text).expanduser().is_file():
            problems.append((self.path_edit, self.path_error, self.tr("There is no file at this path.")))
        if not self.passphrase_edit.text():
            problems.append((self.passphrase_edit, self.passphrase_error, self.tr("Enter the backup's passphrase.")))
        for field, label, message in problems:
            set_field_error(field, label, message)
        if problems:
            problems[0][0].setFocus()
        return not problems

    def show_failure(self, error: DepotError) -> None:
        """A refusal of the backup, under the field at fault."""
        code = error.code
        if code == "backup_wrong_password":
            set_field_error(self.passphrase_edit, self.passphrase_error, self.tr("This passphrase does not open the backup."))
        elif code == "backup_tampered":
            set_field_error(
                self.path_edit,
                self.path_error,
                self.tr("This backup was altered after it was written and cannot be trusted; nothing was restored."),
            )
        elif code == "backup_corrupt":
            set_field_error(
                self.path_edit, self.path_error, self.tr("This file is not a Depot wallet backup, or it is damaged.")
            )
        elif code == "backup_content_invalid":
            set_field_error(
                self.path_edit,
                self.path_error,
                self.tr("This backup opens, but an entry in it is damaged ({0}); nothing was restored.").format(
                    error.data.get("where", "?")
                ),
            )
        elif code == "keyfile_exists":
            self.status_label.setText(
                self.tr(
                    "A file in this wallet's key folder that the wallet does not list is in the way of a key "
                    "of the backup ({0}); move it aside and try again. Nothing was restored."
                ).format(error.data.get("path", "?"))
            )
        elif code in ("keyfile_corrupt", "invalid_key_name", "wallet_corrupt"):
            set_field_error(self.path_edit, self.path_error, self.tr("A key in this backup is damaged: {0}").format(describe(error)))
        else:
            self.status_label.setText(describe(error))

    def on_ok(self) -> None:
        if not self.busy:
            self.attempt = spawn(self.submit(), name="wallet-restore")

    async def submit(self) -> bool:
        """Open the backup and show the plan; pressed again with a plan, restore.  True once restored."""
        if self.busy:
            return False
        if self.status_label.text() != self._busy_shown:
            self.status_label.setText("")
        opened = self.opened if self.plan is not None else None
        if opened is None and not self.check():
            return False
        path = Path(self.path_edit.text().strip()).expanduser()
        passphrase = "" if opened is not None else self.passphrase_edit.text()
        self.set_busy(
            True,
            self.tr("Restoring the keys and contacts…")
            if opened is not None
            else self.tr("Opening the backup (this takes a few seconds on purpose, to resist guessing)…"),
        )
        try:
            if opened is not None:
                result = await self._run_blocking(restore, self.wallet, opened)
            else:
                opened_now, plan = await self._run_blocking(open_and_plan, self.wallet, path, passphrase)
        except DepotError as e:
            if shiboken6.isValid(self):
                self.set_busy(False)
                self._forget_plan()
                self.show_failure(e)
            return False
        except OSError as e:
            if shiboken6.isValid(self):
                self.set_busy(False)
                self._forget_plan()
                set_field_error(
                    self.path_edit, self.path_error, self.tr("The backup cannot be read: {0}").format(e.strerror or str(e))
                )
            return False
        finally:
            del passphrase
        if not shiboken6.isValid(self):
            return False
        self.set_busy(False)
        if opened is not None:
            self.result_ = result
            self.opened = None
            self.passphrase_edit.clear()
            self.accept()
            return True
        self.show_plan(plan, opened_now)
        return False

    def show_plan(self, plan: RestorePlan, opened: OpenedBackup | None = None) -> None:
        self.plan = plan
        self.opened = opened
        lines: list[str] = []
        if opened is not None and opened.created_ms:
            lines.append(self.tr("Backup made {0}.").format(format_time_ms(opened.created_ms)))
        if plan.add:
            lines.append(self.tr("Keys to add ({0}):").format(len(plan.add)))
            lines += [f"  • {e.name} — {_backend_name(e.backend)} — {e.address}" for e in plan.add]
        else:
            lines.append(self.tr("No key to add."))
        if plan.skip:
            lines.append(self.tr("Skipped, already in this wallet ({0}):").format(len(plan.skip)))
            for k in plan.skip:
                if k.reason == SKIP_ALREADY_HELD:
                    lines.append("  • " + self.tr("{0} — already in this wallet").format(k.entry.name))
                elif k.reason == SKIP_HELD_AS:
                    lines.append("  • " + self.tr("{0} — the same key is here as “{1}”").format(k.entry.name, k.existing))
                else:
                    lines.append("  • " + self.tr("{0} — the wallet has another key with this name").format(k.entry.name))
        lines.append(
            self.tr("Address book: new contacts to add: {0}; already there, kept as they are: {1}.").format(
                len(plan.new_contacts), len(plan.known_contacts)
            )
        )
        if plan.payment_counts_raised:
            lines.append(
                self.tr("Payment history: addresses the backup records more payments to: {0}; their counts are raised.").format(
                    plan.payment_counts_raised
                )
            )
        self.plan_label.setText("\n".join(lines))
        self.plan_label.show()
        if plan.changes_anything:
            self.ok_button.setText(self.tr("Restore"))
            self.ok_button.setEnabled(True)
            self.status_label.setText(self.tr("Nothing has changed yet. Press Restore to add these."))
        else:
            self.opened = None  # nothing to import: do not keep the content
            self.ok_button.setEnabled(False)
            self.status_label.setText(self.tr("Nothing to restore: this wallet already has everything in the backup."))

    def enable_inputs(self, enabled: bool) -> None:
        for w in (self.path_edit, self.browse_button, self.passphrase_edit, self.ok_button, self.cancel_button):
            w.setEnabled(enabled)

    def reject(self) -> None:
        if not self.busy:
            self.opened = None
        super().reject()

    async def run(self) -> RestoreResult | None:
        """Show the dialog (non-blocking) and await what was restored; None when cancelled."""
        await self.show_until_finished()
        return self.result_
