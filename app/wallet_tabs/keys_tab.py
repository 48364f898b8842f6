"""The wallet's Keys tab: the accounts' keys and where each lives; add, unlock, lock, and replace (rotate) a key.

"New key…" and "Import key…" open ``AddKeyDialog`` (the first run's fields);
the added key's account joins the account list.  "Back up wallet…" and
"Restore from backup…" seal every key and the address book into one file, and
add a backup's keys and contacts back (``BackupDialog``, ``RestoreDialog``).

Rotation: the new key is created off the GUI thread (file or token), then
``account.rotate_key`` goes through the signing dialog, signed by the current
key; once final, the old key is retired in the wallet (kept for the record,
no longer offered for signing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dialogs.add_key_dialog import IMPORT_KEY, NEW, AddKeyDialog
from app.dialogs.backup_dialog import BackupDialog
from app.dialogs.restore_dialog import RestoreDialog, RestoreResult
from app.dialogs.rotate_key_dialog import NewKeyChoice, RotateKeyDialog
from app.dialogs.unlock_dialog import UnlockDialog
from app.error_text import describe
from app.models.keys_model import KeysModel
from app.node_bridge import spawn
from app.services import AppServices, NoAccount
from node.core.errors import DepotError
from wallet.keystore import KeyEntry
from wallet.pst import AccountSnapshot


class KeysTab(QWidget):
    """Keys, their backends and states; Unlock…, Lock, Replace key…; back up and restore."""

    restored = Signal(object)
    """A backup was restored (its ``RestoreResult``): the address book may have new contacts."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.model = KeysModel(services.key_manager, services.unlocked, self)
        self.table = QTableView()
        self.table.setObjectName("keysTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.new_button = QPushButton(self.tr("New key…"))
        self.new_button.setObjectName("newKey")
        self.new_button.setToolTip(self.tr("Make a new key: an encrypted key file, or a key on a security token"))
        self.new_button.clicked.connect(lambda: self.on_add_key(NEW))
        self.import_button = QPushButton(self.tr("Import key…"))
        self.import_button.setObjectName("importKey")
        self.import_button.setToolTip(self.tr("Add an existing key: a Depot key file, or a key on a security token"))
        self.import_button.clicked.connect(lambda: self.on_add_key(IMPORT_KEY))
        self.unlock_button = QPushButton(self.tr("Unlock…"))
        self.unlock_button.setObjectName("unlockKey")
        self.unlock_button.clicked.connect(self.on_unlock)
        self.lock_button = QPushButton(self.tr("Lock"))
        self.lock_button.setObjectName("lockKey")
        self.lock_button.clicked.connect(self.on_lock)
        self.rotate_button = QPushButton(self.tr("Replace the current account's key…"))
        self.rotate_button.setObjectName("rotateKey")
        self.rotate_button.clicked.connect(self.on_rotate)
        self.backup_button = QPushButton(self.tr("Back up wallet…"))
        self.backup_button.setObjectName("backupWallet")
        self.backup_button.setToolTip(
            self.tr("Save every key and the address book in one file sealed with a passphrase")
        )
        self.backup_button.clicked.connect(self.on_backup)
        self.restore_button = QPushButton(self.tr("Restore from backup…"))
        self.restore_button.setObjectName("restoreWallet")
        self.restore_button.setToolTip(self.tr("Add the keys and contacts of a wallet backup to this wallet"))
        self.restore_button.clicked.connect(self.on_restore)
        self.status_label = QLabel("")
        self.status_label.setObjectName("keysStatus")
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.lock_button)
        buttons.addWidget(self.rotate_button)

        intro = QLabel(
            self.tr(
                "Each key signs for an account. Keys in files are encrypted with their password; "
                "keys on a security token never leave it."
            )
        )
        intro.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)
        backups = QHBoxLayout()
        backups.addStretch(1)
        backups.addWidget(self.backup_button)
        backups.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(backups)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        services.unlocked.changed.connect(self.model.refresh_states)
        services.unlocked.changed.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._busy = False
        self.add_dialog: AddKeyDialog | None = None
        self.backup_dialog: BackupDialog | None = None
        self.restore_dialog: RestoreDialog | None = None
        self._update_buttons()

    def selected_entry(self) -> KeyEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def select_key(self, name: str) -> None:
        row = self.model.row_of(name)
        if row is not None:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        e = self.selected_entry()
        usable = e is not None and e.backend != "watch" and not e.retired_ms
        unlocked = usable and self._services.unlocked.get(e.name) is not None  # type: ignore[union-attr]
        self.unlock_button.setEnabled(usable and not unlocked and not self._busy)
        self.lock_button.setEnabled(bool(unlocked))
        self.rotate_button.setEnabled(self._services.account is not None and not self._busy)
        has_wallet = self._services.key_manager is not None
        for button in (self.new_button, self.import_button, self.restore_button):
            button.setEnabled(has_wallet and not self._busy)
            if not has_wallet:
                button.setToolTip(self.tr("This session has no wallet to add keys to."))
        self.backup_button.setEnabled(has_wallet and not self._busy)
        if not has_wallet:
            self.backup_button.setToolTip(self.tr("This session has no wallet to back up."))

    def on_unlock(self) -> None:
        e = self.selected_entry()
        if e is not None:
            spawn(UnlockDialog(self._services, e, self).run(), name="unlock-dialog")

    def on_lock(self) -> None:
        e = self.selected_entry()
        if e is not None:
            self._services.unlocked.lock(e.name)

    # --- adding keys ----------------------------------------------------------------------------

    def on_add_key(self, mode: str) -> None:
        if self._busy or self._services.key_manager is None:
            return
        self._busy = True
        self._update_buttons()
        spawn(self._add_key(mode), name="add-key-dialog")

    async def _add_key(self, mode: str) -> KeyEntry | None:
        try:
            return await self.add_key(mode)
        finally:
            self._busy = False
            self._update_buttons()

    async def add_key(self, mode: str) -> KeyEntry | None:
        """Open "New key…" (``NEW``) or "Import key…" (``IMPORT_KEY``); the added key, or None."""
        km = self._services.key_manager
        if km is None:
            return None
        self.add_dialog = AddKeyDialog(
            km,
            mode=mode,
            run_blocking=self._services.run_blocking,
            pkcs11_module=self._services.app_settings.pkcs11_module,
            parent=self,
        )
        entry = await self.add_dialog.run()
        self.add_dialog = None
        if entry is None:
            return None
        self.model.reload()
        self.select_key(entry.name)
        if self._services.add_key_account(entry) is not None:
            spawn(self._services.refresh_roles(), name="account-roles")
        self.status_label.setText(
            self.tr("“{0}” is in the wallet; its account is {1}.").format(entry.name, entry.address)
        )
        return entry

    # --- backups --------------------------------------------------------------------------------

    def on_backup(self) -> None:
        self._run_exclusive(self.backup_wallet(), "wallet-backup-dialog")

    def on_restore(self) -> None:
        self._run_exclusive(self.restore_backup(), "wallet-restore-dialog")

    def _run_exclusive(self, work: Any, name: str) -> None:
        if self._busy or self._services.key_manager is None:
            work.close()
            return
        self._busy = True
        self._update_buttons()

        async def run() -> None:
            try:
                await work
            finally:
                self._busy = False
                self._update_buttons()

        spawn(run(), name=name)

    async def backup_wallet(self) -> Path | None:
        """Open "Back up wallet…"; the backup's path once written, or None."""
        km = self._services.key_manager
        if km is None:
            return None
        self.backup_dialog = BackupDialog(
            km, run_blocking=self._services.run_blocking, default_folder=Path.home(), parent=self
        )
        path = await self.backup_dialog.run()
        self.backup_dialog = None
        if path is not None:
            self.status_label.setText(
                self.tr("Backup written to {0}. Keep it and its passphrase in separate safe places.").format(path)
            )
        return path

    async def restore_backup(self) -> RestoreResult | None:
        """Open "Restore from backup…"; what was restored, or None when cancelled."""
        km = self._services.key_manager
        if km is None:
            return None
        self.restore_dialog = RestoreDialog(
            km, run_blocking=self._services.run_blocking, default_folder=Path.home(), parent=self
        )
        result = await self.restore_dialog.run()
        self.restore_dialog = None
        if result is None:
            return None
        self.model.reload()
        new_accounts = [self._services.add_key_account(e) for e in result.added]
        if any(a is not None for a in new_accounts):
            spawn(self._services.refresh_roles(), name="account-roles")
        if result.added:
            self.select_key(result.added[0].name)
        names = ", ".join(f"“{e.name}”" for e in result.added) or "—"
        self.status_label.setText(
            self.tr("Keys restored: {0} ({1}). Contacts added: {2}. Keys already here, skipped: {3}.").format(
                len(result.added), names, result.contacts_added, result.skipped
            )
        )
        self.restored.emit(result)
        return result

    # --- rotation ----------------------------------------------------------------------------

    def on_rotate(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._update_buttons()
        spawn(self._rotate(), name="rotate-key")

    async def _rotate(self) -> bool:
        try:
            return await self.rotate()
        finally:
            self._busy = False
            self._update_buttons()

    async def current_entry(self) -> tuple[Any, KeyEntry]:
        account = self._services.account
        if account is None:
            raise NoAccount("no account is selected")
        answer = await self._services.client.account(account.address)
        rec = answer.get("account") if answer.get("exists") else None
        snapshot = AccountSnapshot.from_api(rec) if isinstance(rec, dict) else None
        return account, self._services.signing_entry(account, snapshot)

    async def rotate(self, choice: NewKeyChoice | None = None) -> bool:
        """Replace the current account's key; ``choice`` skips the dialog (tests)."""
        km = self._services.key_manager
        if km is None or self._services.account is None:
            return False
        try:
            account, old = await self.current_entry()
        except DepotError as e:
            self.status_label.setText(describe(e))
            return False
        if choice is None:
            dialog = RotateKeyDialog(
                getattr(account, "name", ""),
                taken_names={e.name for e in km.entries()},
                pkcs11_module=self._services.app_settings.pkcs11_module,
                parent=self,
            )
            choice = await dialog.run()
            if choice is None:
                return False
        self.status_label.setText(self.tr("Creating the new key…"))
        try:
            if choice.backend == "pkcs11":
                new = await self._services.run_blocking(
                    km.create_pkcs11_key,
                    choice.name,
                    module=choice.module,
                    token_label=choice.token_label,
                    pin=choice.pin,
                )
            else:
                new = await self._services.run_blocking(km.create_file_key, choice.name, choice.password)
        except DepotError as e:
            self.status_label.setText(describe(e))
            return False
        self.model.reload()
        fields = {
            "old": {"scheme": int(old.scheme_enum), "public_key": old.public_key},
            "new": {"scheme": int(new.scheme_enum), "public_key": new.public_key},
        }
        committed = await self._services.sign_and_submit("account.rotate_key", fields, self)
        if committed is None:
            self.status_label.setText(
                self.tr("Not replaced. The new key “{0}” stays in the wallet, unused.").format(new.name)
            )
            return False
        self._services.unlocked.lock(old.name)
        try:
            await self._services.run_blocking(km.retire, old.name)
        except DepotError as e:
            self.status_label.setText(describe(e))
        self.model.reload()
        self.select_key(new.name)
        self.status_label.setText(
            self.tr("The account now signs with “{0}”; “{1}” is retired.").format(new.name, old.name)
        )
        return True
