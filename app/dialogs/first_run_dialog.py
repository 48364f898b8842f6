"""The first run: the demo network or a consortium (from its network file), the signing key, light or full node.

Three steps with Back/Next.  The network file is read and checked off the GUI
thread and each mistake is said under the file field; the key is created or
imported in the wallet folder in an executor when the person presses
Finish, and a failure sends them back to the key step with the reason under
the field at fault.  The answers become ``AppSettings`` (no secret in them).
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.dialogs import until_finished
from app.error_text import describe
from app.form_errors import error_label, set_field_error
from app.network_file import NetworkFileError, read_network_file
from app.node_bridge import spawn
from app.settings_store import AppSettings, NetworkSpec
from node.core.errors import DepotError
from wallet.keystore import Wallet

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MIN_PASSWORD = 10


class FirstRunDialog(QDialog):
    """Welcome to Depot: three questions before the first start."""

    NETWORK, KEY, NODE = range(3)

    def __init__(
        self,
        settings: AppSettings | None = None,
        *,
        wallet_home: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setWindowTitle(self.tr("Welcome to Depot"))
        self.setMinimumWidth(620)
        self._base = settings or AppSettings()
        self.wallet_home = Path(wallet_home)
        self.result_settings: AppSettings | None = None
        self.network: NetworkSpec | None = None
        self._busy = False
        self._file_dialog: QFileDialog | None = None

        self.step_label = QLabel()
        self.step_label.setObjectName("stepLabel")
        bold = self.step_label.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        self.step_label.setFont(bold)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._network_page())
        self.stack.addWidget(self._key_page())
        self.stack.addWidget(self._node_page())

        self.status_label = QLabel("")
        self.status_label.setObjectName("firstRunStatus")
        self.status_label.setWordWrap(True)
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setObjectName("nextButton")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.cancel_button = QPushButton(self.tr("Quit"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self._show_step(self.NETWORK)

    # --- pages ----------------------------------------------------------------------------

    def _network_page(self) -> QWidget:
        page = QWidget()
        self.demo_radio = QRadioButton(self.tr("Try the demo network"))
        self.demo_radio.setObjectName("demoRadio")
        demo_note = QLabel(
            self.tr(
                "Four validators on this computer with sample companies, tanks that drain and orders that "
                "settle by themselves. Nothing leaves this computer."
            )
        )
        demo_note.setWordWrap(True)
        demo_note.setProperty("role", "hint")
        self.join_radio = QRadioButton(self.tr("Join a consortium with its network file"))
        self.join_radio.setObjectName("joinRadio")
        self.network_group = QButtonGroup(self)
        self.network_group.addButton(self.demo_radio)
        self.network_group.addButton(self.join_radio)
        (self.join_radio if self._base.network == "consortium" else self.demo_radio).setChecked(True)
        self.network_edit = QLineEdit()
        self.network_edit.setObjectName("networkFileEdit")
        self.network_edit.setPlaceholderText(self.tr("network.json from your consortium's operator"))
        self.network_browse = QPushButton(self.tr("Choose…"))
        self.network_browse.clicked.connect(self._choose_network_file)
        row = QHBoxLayout()
        row.addWidget(self.network_edit, 1)
        row.addWidget(self.network_browse)
        self.network_error = error_label("networkFileError")
        self.network_summary = QLabel("")
        self.network_summary.setObjectName("networkSummary")
        self.network_summary.setWordWrap(True)
        self.network_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        join_box = QWidget()
        join_layout = QVBoxLayout(join_box)
        join_layout.setContentsMargins(24, 0, 0, 0)
        join_note = QLabel(
            self.tr("The file names the chain, pins its genesis hash (the root of trust) and lists the nodes to ask.")
        )
        join_note.setWordWrap(True)
        join_note.setProperty("role", "hint")
        join_layout.addWidget(join_note)
        join_layout.addLayout(row)
        join_layout.addWidget(self.network_error)
        join_layout.addWidget(self.network_summary)
        layout = QVBoxLayout(page)
        layout.addWidget(self.demo_radio)
        layout.addWidget(demo_note)
        layout.addSpacing(8)
        layout.addWidget(self.join_radio)
        layout.addWidget(join_box)
        layout.addStretch(1)
        self.join_radio.toggled.connect(join_box.setEnabled)
        join_box.setEnabled(self.join_radio.isChecked())
        self.network_edit.textChanged.connect(lambda _t: self._clear_network())
        return page

    def _key_page(self) -> QWidget:
        page = QWidget()
        self.create_radio = QRadioButton(self.tr("Create a new key (an encrypted key file on this computer)"))
        self.create_radio.setObjectName("createKeyRadio")
        self.import_radio = QRadioButton(self.tr("Import a key file"))
        self.import_radio.setObjectName("importKeyRadio")
        self.token_radio = QRadioButton(self.tr("Use a security token (PKCS#11)"))
        self.token_radio.setObjectName("tokenKeyRadio")
        self.later_radio = QRadioButton(self.tr("Later (browse only)"))
        self.later_radio.setObjectName("laterKeyRadio")
        self.key_group = QButtonGroup(self)
        for r in (self.create_radio, self.import_radio, self.token_radio, self.later_radio):
            self.key_group.addButton(r)
        self.create_radio.setChecked(True)

        self.key_name_edit = QLineEdit("my-key")
        self.key_name_edit.setObjectName("keyNameEdit")
        self.key_name_error = error_label("keyNameError")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error = error_label("passwordError")
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("repeatEdit")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_error = error_label("repeatError")
        self.keyfile_edit = QLineEdit()
        self.keyfile_edit.setObjectName("keyfileEdit")
        self.keyfile_error = error_label("keyfileError")
        keyfile_browse = QPushButton(self.tr("Choose…"))
        keyfile_browse.clicked.connect(self._choose_key_file)
        keyfile_row = QHBoxLayout()
        keyfile_row.addWidget(self.keyfile_edit, 1)
        keyfile_row.addWidget(keyfile_browse)
        self.module_edit = QLineEdit(self._base.pkcs11_module)
        self.module_edit.setObjectName("moduleEdit")
        self.module_error = error_label("moduleError")
        self.token_label_edit = QLineEdit()
        self.token_label_edit.setObjectName("tokenLabelEdit")
        self.token_label_error = error_label("tokenLabelError")
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("pinEdit")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_error = error_label("pinError")
        self.key_id_edit = QLineEdit()
        self.key_id_edit.setObjectName("keyIdEdit")
        self.key_id_edit.setPlaceholderText(self.tr("empty: make a new key on the token"))
        self.key_id_error = error_label("keyIdError")

        self.create_box = QGroupBox()
        f = QFormLayout(self.create_box)
        f.addRow(self.tr("Password:"), self.password_edit)
        f.addRow("", self.password_error)
        f.addRow(self.tr("Repeat:"), self.repeat_edit)
        f.addRow("", self.repeat_error)
        self.import_box = QGroupBox()
        f = QFormLayout(self.import_box)
        f.addRow(self.tr("Key file:"), keyfile_row)
        f.addRow("", self.keyfile_error)
        self.token_box = QGroupBox()
        f = QFormLayout(self.token_box)
        f.addRow(self.tr("PKCS#11 module:"), self.module_edit)
        f.addRow("", self.module_error)
        f.addRow(self.tr("Token label:"), self.token_label_edit)
        f.addRow("", self.token_label_error)
        f.addRow(self.tr("Token PIN:"), self.pin_edit)
        f.addRow("", self.pin_error)
        f.addRow(self.tr("Key id (hex):"), self.key_id_edit)
        f.addRow("", self.key_id_error)

        name_form = QFormLayout()
        name_form.addRow(self.tr("Key name:"), self.key_name_edit)
        name_form.addRow("", self.key_name_error)
        layout = QVBoxLayout(page)
        layout.addLayout(name_form)
        layout.addWidget(self.create_radio)
        layout.addWidget(self.create_box)
        layout.addWidget(self.import_radio)
        layout.addWidget(self.import_box)
        layout.addWidget(self.token_radio)
        layout.addWidget(self.token_box)
        layout.addWidget(self.later_radio)
        layout.addStretch(1)
        for radio, box in (
            (self.create_radio, self.create_box),
            (self.import_radio, self.import_box),
            (self.token_radio, self.token_box),
        ):
            radio.toggled.connect(box.setVisible)
            box.setVisible(radio.isChecked())
        self.later_radio.toggled.connect(lambda on: self.key_name_edit.setEnabled(not on))
        return page

    def _node_page(self) -> QWidget:
        page = QWidget()
        self.light_radio = QRadioButton(self.tr("Light node (recommended)"))
        self.light_radio.setObjectName("lightRadio")
        light_note = QLabel(
            self.tr(
                "Checks every block header and proof against the validators' signatures and keeps only "
                "what you need. Small and fast."
            )
        )
        light_note.setWordWrap(True)
        light_note.setProperty("role", "hint")
        self.full_radio = QRadioButton(self.tr("Full node"))
        self.full_radio.setObjectName("fullRadio")
        full_note = QLabel(
            self.tr(
                "Keeps a full copy of the chain and re-executes every transaction: for auditors and "
                "anyone who must verify everything, also offline. Needs more disk space."
            )
        )
        full_note.setWordWrap(True)
        full_note.setProperty("role", "hint")
        group = QButtonGroup(self)
        group.addButton(self.light_radio)
        group.addButton(self.full_radio)
        (self.full_radio if self._base.node_mode == "full" else self.light_radio).setChecked(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.light_radio)
        layout.addWidget(light_note)
        layout.addSpacing(8)
        layout.addWidget(self.full_radio)
        layout.addWidget(full_note)
        layout.addStretch(1)
        return page

    # --- navigation -----------------------------------------------------------------------

    def current_step(self) -> int:
        return self.stack.currentIndex()

    def _steps(self) -> list[int]:
        if self.demo_radio.isChecked():
            return [self.NETWORK, self.NODE]  # the demo brings its own keys
        return [self.NETWORK, self.KEY, self.NODE]

    def _show_step(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        steps = self._steps()
        titles = {
            self.NETWORK: self.tr("Which network?"),
            self.KEY: self.tr("Your signing key"),
            self.NODE: self.tr("How much of the chain to keep?"),
        }
        n = steps.index(step) + 1 if step in steps else 1
        self.step_label.setText(self.tr("Step {0} of {1}: {2}").format(n, len(steps), titles[step]))
        self.back_button.setEnabled(step != self.NETWORK and not self._busy)
        self.next_button.setText(self.tr("Finish") if step == steps[-1] else self.tr("Next"))

    def back(self) -> None:
        steps = self._steps()
        i = steps.index(self.current_step()) if self.current_step() in steps else 0
        if i > 0:
            self._show_step(steps[i - 1])

    def next(self) -> None:
        if self._busy:
            return
        spawn(self.advance(), name="first-run-next")

    async def advance(self) -> bool:
        """Check the current step and go on (or finish); False when something was refused."""
        self._set_busy(True)
        try:
            step = self.current_step()
            if step == self.NETWORK and not await self._check_network():
                return False
            if step == self.KEY and not self._check_key_fields():
                return False
            steps = self._steps()
            if step != steps[-1]:
                self._show_step(steps[steps.index(step) + 1])
                return True
            return await self._finish()
        finally:
            self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.next_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy and self.current_step() != self.NETWORK)

    # --- checks -----------------------------------------------------------------------------

    def _clear_network(self) -> None:
        self.network = None
        self.network_summary.setText("")
        set_field_error(self.network_edit, self.network_error, "")

    async def _check_network(self) -> bool:
        if self.demo_radio.isChecked():
            return True
        text = self.network_edit.text().strip()
        if not text:
            set_field_error(self.network_edit, self.network_error, self.tr("Choose the network file."))
            return False
        loop = asyncio.get_running_loop()
        try:
            spec = await loop.run_in_executor(None, read_network_file, Path(text))
        except NetworkFileError as e:
            set_field_error(self.network_edit, self.network_error, e.message)
            return False
        set_field_error(self.network_edit, self.network_error, "")
        self.network = spec
        self.network_summary.setText(
            self.tr("Chain {0}, genesis {1}…, {2} peer(s): {3}").format(
                spec.chain_id, spec.genesis_hash[:16], len(spec.peers), ", ".join(spec.peers)
            )
        )
        return True

    def _check_key_fields(self) -> bool:
        if self.later_radio.isChecked():
            return True
        ok = True
        name = self.key_name_edit.text().strip()
        msg = ""
        if not name:
            msg = self.tr("Name the key.")
        elif not _NAME.match(name):
            msg = self.tr("Use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit.")
        set_field_error(self.key_name_edit, self.key_name_error, msg)
        ok = ok and not msg
        if self.create_radio.isChecked():
            pw = self.password_edit.text()
            pw_msg = self.tr("At least {0} characters.").format(MIN_PASSWORD) if len(pw) < MIN_PASSWORD else ""
            set_field_error(self.password_edit, self.password_error, pw_msg)
            rep = self.tr("The two passwords differ.") if not pw_msg and pw != self.repeat_edit.text() else ""
            set_field_error(self.repeat_edit, self.repeat_error, rep)
            ok = ok and not pw_msg and not rep
        elif self.import_radio.isChecked():
            path = self.keyfile_edit.text().strip()
            kmsg = ""
            if not path:
                kmsg = self.tr("Choose the key file.")
            elif not Path(path).is_file():
                kmsg = self.tr("There is no file at this path.")
            set_field_error(self.keyfile_edit, self.keyfile_error, kmsg)
            ok = ok and not kmsg
        elif self.token_radio.isChecked():
            module = self.module_edit.text().strip()
            mmsg = "" if module else self.tr("Give the path of the PKCS#11 module.")
            if module and not Path(module).is_file():
                mmsg = self.tr("There is no file at this path.")
            set_field_error(self.module_edit, self.module_error, mmsg)
            tmsg = "" if self.token_label_edit.text().strip() else self.tr("Give the token's label.")
            set_field_error(self.token_label_edit, self.token_label_error, tmsg)
            pmsg = "" if self.pin_edit.text() else self.tr("Enter the token's PIN.")
            set_field_error(self.pin_edit, self.pin_error, pmsg)
            kid = self.key_id_edit.text().strip()
            imsg = ""
            if kid and (len(kid) % 2 or any(c not in "0123456789abcdefABCDEF" for c in kid)):
                imsg = self.tr("The key id is an even number of hexadecimal characters.")
            set_field_error(self.key_id_edit, self.key_id_error, imsg)
            ok = ok and not (mmsg or tmsg or pmsg or imsg)
        return ok

    # --- finishing ----------------------------------------------------------------------------

    def _make_key(self) -> str:
        """Blocking (executor): create or import the key in the wallet; its name ("" for later)."""
        if self.later_radio.isChecked() or self.demo_radio.isChecked():
            return ""
        wallet = Wallet(self.wallet_home)
        name = self.key_name_edit.text().strip()
        if self.create_radio.isChecked():
            wallet.create_file_key(name, self.password_edit.text())
        elif self.import_radio.isChecked():
            wallet.import_keyfile(name, Path(self.keyfile_edit.text().strip()))
        else:
            kid = self.key_id_edit.text().strip()
            common: dict[str, Any] = {
                "module": self.module_edit.text().strip(),
                "token_label": self.token_label_edit.text().strip(),
                "pin": self.pin_edit.text(),
            }
            if kid:
                wallet.add_pkcs11_key(name, key_id=bytes.fromhex(kid), **common)
            else:
                wallet.create_pkcs11_key(name, **common)
        return name

    async def _finish(self) -> bool:
        self.status_label.setText(self.tr("Setting up…"))
        loop = asyncio.get_running_loop()
        try:
            key_name = await loop.run_in_executor(None, self._make_key)
        except DepotError as e:
            self._show_step(self.KEY)
            target = {
                "wallet_key_exists": (self.key_name_edit, self.key_name_error),
                "invalid_key_name": (self.key_name_edit, self.key_name_error),
                "weak_password": (self.password_edit, self.password_error),
                "keyfile_corrupt": (self.keyfile_edit, self.keyfile_error),
                "keyfile_tampered": (self.keyfile_edit, self.keyfile_error),
                "pkcs11_module_error": (self.module_edit, self.module_error),
                "token_not_found": (self.token_label_edit, self.token_label_error),
                "wrong_pin": (self.pin_edit, self.pin_error),
                "pin_locked": (self.pin_edit, self.pin_error),
                "token_key_not_found": (self.key_id_edit, self.key_id_error),
            }.get(e.code)
            if target is not None:
                set_field_error(target[0], target[1], describe(e))
                self.status_label.setText("")
            else:
                self.status_label.setText(describe(e))
            return False
        except OSError as e:
            self._show_step(self.KEY)
            self.status_label.setText(self.tr("The wallet folder cannot be written: {0}").format(e.strerror or str(e)))
            return False
        finally:
            self.password_edit.clear()
            self.repeat_edit.clear()
            self.pin_edit.clear()
        consortium = self.join_radio.isChecked()
        self.result_settings = dataclasses.replace(
            self._base,
            first_run_done=True,
            network="consortium" if consortium else "demo",
            consortium=self.network if consortium and self.network else self._base.consortium,
            node_mode="full" if self.full_radio.isChecked() else "light",
            wallet_key=key_name,
            pkcs11_module=self.module_edit.text().strip() or self._base.pkcs11_module,
        )
        self.status_label.setText("")
        self.accept()
        return True

    # --- files ----------------------------------------------------------------------------------

    def _choose(self, title: str, name_filter: str, target: QLineEdit) -> None:
        dialog = QFileDialog(self, title)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(name_filter)
        dialog.fileSelected.connect(target.setText)
        self._file_dialog = dialog
        dialog.open()

    def _choose_network_file(self) -> None:
        self._choose(self.tr("The consortium's network file"), self.tr("Network files (*.json)"), self.network_edit)

    def _choose_key_file(self) -> None:
        self._choose(self.tr("A key file"), self.tr("Key files (*.json)"), self.keyfile_edit)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    async def run(self) -> AppSettings | None:
        """Show the dialog (non-blocking) and await the answers; None when the person quits."""
        waiting = until_finished(self)
        self.show()
        try:
            await waiting
        finally:
            if shiboken6.isValid(self):  # its parent may have gone first (the window closed)
                self.deleteLater()
        return self.result_settings
