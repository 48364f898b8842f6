"""The Settings page: network and peers, data folder, language, theme, key backends and the auto-lock.

Edits are checked field by field (the reason under the field) and saved
together with Apply, atomically and off the GUI thread.  The theme and the
auto-lock take effect at once; the language, the network and the data
folder at the next start (the page says so).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.error_text import describe
from app.form_errors import error_label, field_block, set_field_error
from app.network_file import peer_problem
from app.node_bridge import spawn
from app.services import AppServices
from app.settings_store import AUTO_LOCK_CHOICES_MIN, AppSettings, NetworkSpec
from app.themes import apply_theme
from node.core.errors import DepotError


class SettingsPage(QWidget):
    """Everything a person may change, in one scrollable form."""

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("SettingsPage", "Settings")

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._dialog: QFileDialog | None = None

        # Network.
        self.network_label = QLabel()
        self.network_label.setObjectName("networkLabel")
        self.network_label.setWordWrap(True)
        self.peers_edit = QPlainTextEdit()
        self.peers_edit.setObjectName("peersEdit")
        self.peers_edit.setPlaceholderText(self.tr("One node URL per line, e.g. https://node.core-corp.example"))
        self.peers_edit.setFixedHeight(80)
        self.peers_error = error_label("peersError")
        self.light_radio = QRadioButton(self.tr("Light node"))
        self.light_radio.setObjectName("lightRadio")
        self.full_radio = QRadioButton(self.tr("Full node"))
        self.full_radio.setObjectName("fullRadio")
        mode_group = QButtonGroup(self)
        mode_group.addButton(self.light_radio)
        mode_group.addButton(self.full_radio)
        mode_row = QHBoxLayout()
        mode_row.addWidget(self.light_radio)
        mode_row.addWidget(self.full_radio)
        mode_row.addStretch(1)
        network_box = QGroupBox(self.tr("Network"))
        nf = QFormLayout(network_box)
        nf.addRow(self.tr("Network:"), self.network_label)
        self.peers_caption = QLabel(self.tr("Peers:"))
        self.peers_block = field_block(self.peers_edit, self.peers_error)
        nf.addRow(self.peers_caption, self.peers_block)
        nf.addRow(self.tr("Node type:"), mode_row)

        # Data folder.
        self.data_dir_edit = QLineEdit()
        self.data_dir_edit.setObjectName("dataDirEdit")
        self.data_dir_edit.setPlaceholderText(self.tr("Default folder"))
        self.data_dir_error = error_label("dataDirError")
        data_browse = QPushButton(self.tr("Choose…"))
        data_browse.clicked.connect(self._choose_data_dir)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_dir_edit, 1)
        data_row.addWidget(data_browse)
        storage_box = QGroupBox(self.tr("Data"))
        sf = QFormLayout(storage_box)
        sf.addRow(self.tr("Data folder:"), data_row)
        sf.addRow("", self.data_dir_error)

        # Appearance.
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem(self.tr("System language"), "")
        self.language_combo.addItem("English", "en")
        self.language_combo.addItem("简体中文", "zh_CN")
        self.theme_combo = QComboBox()
        self.theme_combo.setObjectName("themeCombo")
        self.theme_combo.addItem(self.tr("Follow the system"), "system")
        self.theme_combo.addItem(self.tr("Light"), "light")
        self.theme_combo.addItem(self.tr("Dark"), "dark")
        appearance_box = QGroupBox(self.tr("Appearance"))
        af = QFormLayout(appearance_box)
        af.addRow(self.tr("Language:"), self.language_combo)
        af.addRow(self.tr("Theme:"), self.theme_combo)

        # Keys.
        self.pkcs11_edit = QLineEdit()
        self.pkcs11_edit.setObjectName("pkcs11Edit")
        self.pkcs11_edit.setPlaceholderText(self.tr("e.g. /usr/lib/softhsm/libsofthsm2.so, opensc-pkcs11.dll"))
        self.pkcs11_error = error_label("pkcs11Error")
        pkcs11_browse = QPushButton(self.tr("Choose…"))
        pkcs11_browse.clicked.connect(self._choose_pkcs11)
        pkcs11_row = QHBoxLayout()
        pkcs11_row.addWidget(self.pkcs11_edit, 1)
        pkcs11_row.addWidget(pkcs11_browse)
        self.auto_lock_combo = QComboBox()
        self.auto_lock_combo.setObjectName("autoLockCombo")
        for minutes in AUTO_LOCK_CHOICES_MIN:
            text = self.tr("Never") if minutes == 0 else self.tr("After {0} min without use").format(minutes)
            self.auto_lock_combo.addItem(text, minutes)
        keys_box = QGroupBox(self.tr("Keys"))
        kf = QFormLayout(keys_box)
        kf.addRow(self.tr("PKCS#11 module:"), pkcs11_row)
        kf.addRow("", self.pkcs11_error)
        kf.addRow(self.tr("Lock keys:"), self.auto_lock_combo)

        self.restart_label = QLabel("")
        self.restart_label.setObjectName("restartLabel")
        self.restart_label.setProperty("role", "warningBanner")
        self.restart_label.setWordWrap(True)
        self.restart_label.hide()
        self.status_label = QLabel("")
        self.status_label.setObjectName("settingsStatus")
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("applyButton")
        self.apply_button.clicked.connect(self.on_apply)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.clicked.connect(lambda: self.load(self._services.app_settings))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)

        content = QWidget()
        body = QVBoxLayout(content)
        for box in (network_box, storage_box, appearance_box, keys_box):
            body.addWidget(box)
        body.addWidget(self.restart_label)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.load(services.app_settings)
        services.settingsChanged.connect(self.load)

    # --- showing ------------------------------------------------------------------------------

    def load(self, settings: AppSettings) -> None:
        if settings.network == "consortium":
            spec = settings.consortium
            self.network_label.setText(
                self.tr("Consortium “{0}”, chain {1}, genesis {2}…").format(
                    spec.name or spec.chain_id, spec.chain_id, spec.genesis_hash[:16]
                )
            )
            consortium = True
        else:
            self.network_label.setText(self.tr("The demo network on this computer"))
            consortium = False
        # The demo's nodes run here; peers are a consortium's.
        self.peers_block.setVisible(consortium)
        self.peers_caption.setVisible(consortium)
        self.peers_edit.setPlainText("\n".join(settings.consortium.peers))
        (self.full_radio if settings.node_mode == "full" else self.light_radio).setChecked(True)
        self.data_dir_edit.setText(settings.data_dir)
        self._select(self.language_combo, settings.language)
        self._select(self.theme_combo, settings.theme)
        self.pkcs11_edit.setText(settings.pkcs11_module)
        self._select(self.auto_lock_combo, settings.auto_lock_minutes)
        for field, label in (
            (self.peers_edit, self.peers_error),
            (self.data_dir_edit, self.data_dir_error),
            (self.pkcs11_edit, self.pkcs11_error),
        ):
            set_field_error(field, label, "")

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        i = combo.findData(value)
        if i < 0 and isinstance(value, int):  # a saved value that is not offered: the nearest above
            offered = [combo.itemData(j) for j in range(combo.count())]
            i = next((j for j, m in enumerate(offered) if m >= value), combo.count() - 1)
        combo.setCurrentIndex(max(0, i))

    # --- checking -------------------------------------------------------------------------------

    def edited(self) -> AppSettings | None:
        """The settings as edited, or None with each wrong field's reason shown under it."""
        ok = True
        current = self._services.app_settings
        typed = [p.strip() for p in self.peers_edit.toPlainText().splitlines() if p.strip()]
        problem = next((peer_problem(p) for p in typed if peer_problem(p)), "")
        peers = tuple(dict.fromkeys(p.rstrip("/") for p in typed))
        if not problem and current.network == "consortium" and not peers:
            problem = self.tr("List at least one peer to connect to.")
        set_field_error(self.peers_edit, self.peers_error, problem)
        ok = ok and not problem

        data_dir = self.data_dir_edit.text().strip()
        dmsg = ""
        if data_dir:
            p = Path(data_dir).expanduser()
            if not p.is_absolute():
                dmsg = self.tr("Give the full path of the folder.")
            elif p.exists() and not p.is_dir():
                dmsg = self.tr("This is a file, not a folder.")
        set_field_error(self.data_dir_edit, self.data_dir_error, dmsg)
        ok = ok and not dmsg

        module = self.pkcs11_edit.text().strip()
        mmsg = ""
        if module and not Path(module).expanduser().is_file():
            mmsg = self.tr("There is no file at this path.")
        set_field_error(self.pkcs11_edit, self.pkcs11_error, mmsg)
        ok = ok and not mmsg
        if not ok:
            return None
        return dataclasses.replace(
            current,
            consortium=NetworkSpec(
                current.consortium.name, current.consortium.chain_id, current.consortium.genesis_hash, peers
            ),
            node_mode="full" if self.full_radio.isChecked() else "light",
            data_dir=str(Path(data_dir).expanduser()) if data_dir else "",
            language=self.language_combo.currentData(),
            theme=self.theme_combo.currentData(),
            pkcs11_module=module,
            auto_lock_minutes=int(self.auto_lock_combo.currentData()),
        )

    def on_apply(self) -> None:
        settings = self.edited()
        if settings is None:
            self.status_label.setText(self.tr("Not saved: correct the fields marked above."))
            return
        spawn(self.apply(settings), name="settings-apply")

    async def apply(self, settings: AppSettings) -> bool:
        before = self._services.app_settings
        self.apply_button.setEnabled(False)
        try:
            await self._services.save_app_settings(settings)
        except DepotError as e:
            self.status_label.setText(describe(e))
            return False
        finally:
            self.apply_button.setEnabled(True)
        app = QApplication.instance()
        if isinstance(app, QApplication) and settings.theme != before.theme:
            apply_theme(app, settings.theme)
        restart = [
            name
            for name, changed in (
                (self.tr("language"), settings.language != before.language),
                (self.tr("peers"), settings.consortium.peers != before.consortium.peers),
                (self.tr("node type"), settings.node_mode != before.node_mode),
                (self.tr("data folder"), settings.data_dir != before.data_dir),
            )
            if changed
        ]
        if restart:
            self.restart_label.setText(
                self.tr("Saved. The change of {0} takes effect when Depot starts again.").format(", ".join(restart))
            )
            self.restart_label.show()
        self.status_label.setText(self.tr("Saved."))
        return True

    # --- choosing files ----------------------------------------------------------------------------

    def _choose_data_dir(self) -> None:
        dialog = QFileDialog(self, self.tr("Data folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.data_dir_edit.setText)
        self._dialog = dialog
        dialog.open()

    def _choose_pkcs11(self) -> None:
        dialog = QFileDialog(self, self.tr("PKCS#11 module"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.pkcs11_edit.setText)
        self._dialog = dialog
        dialog.open()
