"""The Settings page: each wrong field says why under it and nothing is saved; good edits are saved
atomically, the theme changes at once, the language after a restart."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.node_bridge import NodeBridge  # noqa: E402
from app.pages.settings_page import SettingsPage  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.settings_store import AppSettings, NetworkSpec, SettingsStore  # noqa: E402
from app.themes import apply_theme  # noqa: E402
from node.client import AsyncNodeClient  # noqa: E402

CONSORTIUM = dataclasses.replace(
    AppSettings(),
    first_run_done=True,
    network="consortium",
    consortium=NetworkSpec("Northmill", "depot-main", "ab" * 32, ("https://node.core.example",)),
)


@pytest.fixture
def services(tmp_path: Path, aloop) -> Iterator[AppServices]:
    client = AsyncNodeClient("http://127.0.0.1:9")
    s = AppServices(
        client=client,
        bridge=NodeBridge(client),
        settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat),
        store=SettingsStore(tmp_path / "config"),
        app_settings=CONSORTIUM,
    )
    yield s
    s.shutdown()
    app = QApplication.instance()
    apply_theme(app, "light")


@pytest.fixture
def page(services, qtbot) -> SettingsPage:
    p = SettingsPage(services)
    qtbot.addWidget(p)
    p.show()
    return p


def test_shows_the_current_settings(page: SettingsPage) -> None:
    assert "Northmill" in page.network_label.text() and "depot-main" in page.network_label.text()
    assert page.peers_edit.toPlainText() == "https://node.core.example"
    assert page.light_radio.isChecked()
    assert page.auto_lock_combo.currentData() == 5


@pytest.mark.parametrize(
    ("peers", "message"),
    [
        ("ftp://node.example", "“ftp://node.example” must start with http:// or https://."),
        ("https://", "“https://” has no host name."),
        ("https://node.example:99999", "“https://node.example:99999” has an impossible port."),
        ("", "List at least one peer to connect to."),
    ],
)
def test_bad_peer_is_refused_under_the_field(page, services, qtbot, peers, message) -> None:
    page.peers_edit.setPlainText(peers)
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert page.peers_error.text() == message
    assert page.status_label.text() == "Not saved: correct the fields marked above."
    assert not services.store.exists()


def test_bad_data_folder_and_module_are_refused(page, services, qtbot, tmp_path) -> None:
    a_file = tmp_path / "x.txt"
    a_file.write_text("x")
    page.data_dir_edit.setText("relative/folder")
    page.pkcs11_edit.setText(str(tmp_path / "missing.so"))
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert page.data_dir_error.text() == "Give the full path of the folder."
    assert page.pkcs11_error.text() == "There is no file at this path."
    page.data_dir_edit.setText(str(a_file))
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert page.data_dir_error.text() == "This is a file, not a folder."
    assert not services.store.exists()


def test_good_settings_are_saved_and_the_theme_changes_at_once(page, services, qtbot, tmp_path) -> None:
    module = tmp_path / "libtoken.so"
    module.write_bytes(b"\x7fELF")
    page.peers_edit.setPlainText("https://node.core.example\nhttps://node.bank.example/\n")
    page.theme_combo.setCurrentIndex(page.theme_combo.findData("dark"))
    page.language_combo.setCurrentIndex(page.language_combo.findData("zh_CN"))
    page.auto_lock_combo.setCurrentIndex(page.auto_lock_combo.findData(15))
    page.pkcs11_edit.setText(str(module))
    page.full_radio.setChecked(True)
    with qtbot.waitSignal(services.settingsChanged, timeout=5000):
        qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    saved = services.store.load()
    assert saved.consortium.peers == ("https://node.core.example", "https://node.bank.example")
    assert (saved.theme, saved.language, saved.auto_lock_minutes, saved.node_mode) == ("dark", "zh_CN", 15, "full")
    assert saved.pkcs11_module == str(module)
    assert services.app_settings == saved
    window = QApplication.instance().palette().color(QPalette.ColorRole.Window)
    assert window.lightness() < 80  # dark now, without a restart
    assert page.restart_label.isVisible()
    assert "language" in page.restart_label.text() and "node type" in page.restart_label.text()
    assert page.status_label.text() == "Saved."
