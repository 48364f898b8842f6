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
import json
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
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
from app.widgets.key_source_form import (
    CREATE,
    IMPORT,
    LATER,
    TOKEN,
    KeyRequest,
    KeySourceForm,
    add_key,
    token_keys_of,
)
from node.core.errors import DepotError
from wallet.keystore import KeyEntry, Wallet
from wallet.signers import TokenKey


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
        self.key_form = KeySourceForm(
            (CREATE, IMPORT, TOKEN, LATER),
            pkcs11_module=self._base.pkcs11_module,
            taken_names=self._wallet_key_names,
            token_keys=self._token_keys,
        )
        layout = QVBoxLayout(page)
        layout.addWidget(self.key_form)
        return page

    def _wallet_key_names(self) -> set[str]:
        """The names in the wallet folder already (a first run that was quit after its key was made)."""
        index = self.wallet_home / "wallet.json"
        try:
            doc = json.loads(index.read_text(encoding="utf-8"))
            return {str(k["name"]) for k in doc.get("keys", [])}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return set()

    def _token_keys(self, module: str, token_label: str, pin: str) -> list[TokenKey]:
        """Blocking (executor): the token's keys, marked against the wallet folder if one exists already
        (a listing alone does not create the folder)."""
        wallet = Wallet(self.wallet_home) if (self.wallet_home / "wallet.json").is_file() else None
        return token_keys_of(wallet)(module, token_label, pin)

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
        return self.key_form.check()

    # --- finishing ----------------------------------------------------------------------------

    async def _finish(self) -> bool:
        self.status_label.setText(self.tr("Setting up…"))
        request = KeyRequest(LATER) if self.demo_radio.isChecked() else self.key_form.request()
        loop = asyncio.get_running_loop()
        try:
            entry = await loop.run_in_executor(None, _make_key, self.wallet_home, request)
        except DepotError as e:
            self._show_step(self.KEY)
            if self.key_form.show_failure(e):
                self.status_label.setText("")
            else:
                self.status_label.setText(describe(e))
            return False
        except OSError as e:
            self._show_step(self.KEY)
            self.status_label.setText(self.tr("The wallet folder cannot be written: {0}").format(e.strerror or str(e)))
            return False
        finally:
            self.key_form.clear_secrets()
        key_name = entry.name if entry is not None else ""
        consortium = self.join_radio.isChecked()
        self.result_settings = dataclasses.replace(
            self._base,
            first_run_done=True,
            network="consortium" if consortium else "demo",
            consortium=self.network if consortium and self.network else self._base.consortium,
            node_mode="full" if self.full_radio.isChecked() else "light",
            wallet_key=key_name,
            pkcs11_module=self.key_form.module_edit.text().strip() or self._base.pkcs11_module,
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


def _make_key(wallet_home: Path, request: KeyRequest) -> KeyEntry | None:
    """Blocking (executor): the key the person asked for, in the wallet folder (None: later, or the demo)."""
    if request.source == LATER:
        return None
    return add_key(Wallet(wallet_home), request)
