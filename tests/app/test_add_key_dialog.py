"""Adding keys after the first run: the Keys tab's "New key…" and "Import key…" with real key files
(node/keyfile.py) and a real PKCS#11 token (SoftHSM2); every refusal next to its field, the slow work
in an executor behind a busy bar, and the new key's account offered at once."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
import json  # noqa: E402
import threading  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, Qt  # noqa: E402

from app.dialogs.add_key_dialog import IMPORT_KEY, AddKeyDialog  # noqa: E402
from app.node_bridge import NodeBridge  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.settings_store import AppSettings, SettingsStore  # noqa: E402
from app.wallet_tabs.keys_tab import KeysTab  # noqa: E402
from app.widgets.key_source_form import IMPORT, TOKEN  # noqa: E402
from node.client import AsyncNodeClient  # noqa: E402
from node.core.crypto import PrivateKey, Scheme  # noqa: E402
from node.keyfile import create_keyfile  # noqa: E402
from tests.wallet.hsm import SoftHsm, softhsm  # noqa: E402,F401 - session fixture
from wallet.keystore import Wallet  # noqa: E402

pytestmark = pytest.mark.timeout(300)

FILE_PASSWORD = "the file's own password"


@pytest.fixture
def services(tmp_path: Path, aloop: Any, run_async: Any) -> Iterator[AppServices]:
    """A session with an empty wallet and no account (a first run that chose "later"); no node is asked."""
    client = AsyncNodeClient("http://127.0.0.1:9")  # nothing listens: role look-ups fail quietly
    s = AppServices(
        client=client,
        bridge=NodeBridge(client),
        key_manager=Wallet(tmp_path / "wallet"),
        settings=QSettings(str(tmp_path / "depot.ini"), QSettings.Format.IniFormat),
        store=SettingsStore(tmp_path / "config"),
        app_settings=AppSettings(first_run_done=True),
        home=tmp_path,
    )
    yield s
    run_async(client.aclose(), timeout_s=20)
    s.shutdown()


@pytest.fixture
def tab(services: AppServices, qtbot: Any) -> KeysTab:
    t = KeysTab(services)
    qtbot.addWidget(t)
    t.show()
    return t


def key_file(tmp_path: Path, name: str = "mine.json") -> tuple[Path, PrivateKey]:
    key = PrivateKey.generate(Scheme.ED25519)
    path = tmp_path / name
    create_keyfile(path, key, FILE_PASSWORD, strength="interactive", label="from the old laptop")
    return path, key


def open_dialog(tab: KeysTab, qtbot: Any, button: Any) -> AddKeyDialog:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.add_dialog is not None and tab.add_dialog.isVisible(), timeout=5_000)
    assert tab.add_dialog is not None
    return tab.add_dialog


def press_ok(d: AddKeyDialog, qtbot: Any, timeout_ms: int = 120_000) -> None:
    """Press the dialog's button and wait until the attempt is over (refused, or the dialog closed)."""
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    attempt = d.attempt
    assert attempt is not None
    qtbot.waitUntil(attempt.done, timeout=timeout_ms)


# --- new key -----------------------------------------------------------------------------------


def test_new_key_file_is_checked_then_sealed_off_the_gui_thread(tab, services, qtbot, monkeypatch) -> None:
    wallet = services.key_manager
    threads: list[str] = []
    original = wallet.create_file_key

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(wallet, "create_file_key", spy)
    assert tab.new_button.isEnabled() and tab.import_button.isEnabled()
    d = open_dialog(tab, qtbot, tab.new_button)
    form = d.form
    assert d.windowTitle() == "New key" and d.ok_button.text() == "Create"
    assert not form.import_radio.isVisible() and not form.later_radio.isVisible()
    assert not form.key_id_edit.isVisible()  # a new key on a token is always made there

    press_ok(d, qtbot)
    assert form.key_name_error.text() == "Name the key."
    assert form.password_error.text() == "At least 10 characters."
    form.key_name_edit.setText("bad name!")
    form.password_edit.setText("a long enough password")
    form.repeat_edit.setText("another long password")
    press_ok(d, qtbot)
    assert form.key_name_error.text().startswith("Use 1–64 letters")
    assert form.repeat_error.text() == "The two passwords differ."
    assert form.password_error.isHidden()
    assert threads == []  # nothing was made

    form.key_name_edit.setText("clerk-2")
    form.password_edit.setText("a long enough password")
    form.repeat_edit.setText("a long enough password")
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.busy, timeout=5_000)  # Argon2id sealing: the busy bar, the inputs frozen
    assert d.progress.isVisible() and not d.ok_button.isEnabled() and not d.cancel_button.isEnabled()
    assert d.status_label.text() == "Sealing the new key with your password…"
    d.reject()  # refused while the key is being written
    assert d.isVisible()
    qtbot.waitUntil(lambda: tab.add_dialog is None, timeout=120_000)

    assert threads and threads[0] != threading.main_thread().name
    entry = wallet.entry("clerk-2")
    assert entry.backend == "file"
    assert tab.model.row_of("clerk-2") is not None and tab.selected_entry() == entry
    assert [a.key_name for a in services.accounts] == ["clerk-2"]
    assert services.account is not None and services.account.address == entry.address  # there was none
    assert "clerk-2" in tab.status_label.text()

    d = open_dialog(tab, qtbot, tab.new_button)
    d.form.key_name_edit.setText("clerk-2")
    d.form.password_edit.setText("a long enough password")
    d.form.repeat_edit.setText("a long enough password")
    press_ok(d, qtbot)
    assert d.form.key_name_error.text() == "The wallet already has a key with this name."
    qtbot.mouseClick(d.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.add_dialog is None, timeout=5_000)
    assert len(wallet.entries()) == 1


def test_the_busy_bar_stays_until_the_executor_is_done(services, qtbot, aloop, tmp_path) -> None:
    """A controlled executor: the dialog is busy exactly while the work is out, and the GUI keeps running."""
    release = threading.Event()
    seen: list[bool] = []

    async def slow_run_blocking(fn: Any, *args: Any) -> Any:
        def work() -> Any:
            release.wait(30)
            return fn(*args)

        return await asyncio.get_running_loop().run_in_executor(None, work)

    path, key = key_file(tmp_path)
    d = AddKeyDialog(services.key_manager, mode=IMPORT_KEY, run_blocking=slow_run_blocking)
    qtbot.addWidget(d)
    d.show()
    d.form.key_name_edit.setText("laptop")
    d.form.keyfile_edit.setText(str(path))
    d.form.keyfile_password_edit.setText(FILE_PASSWORD)
    task = aloop.create_task(d.submit())
    qtbot.waitUntil(lambda: d.busy, timeout=5_000)
    qtbot.wait(200)  # the loop goes on while the work waits
    seen.append(d.progress.isVisible())
    assert d.status_label.text() == "Opening the key file with its password…"
    assert not d.form.keyfile_edit.isEnabled()
    release.set()
    qtbot.waitUntil(task.done, timeout=60_000)
    assert task.result() is True and seen == [True]
    assert d.entry is not None and d.entry.public_key == key.public_key.hex()
    assert not d.isVisible()  # accepted


# --- importing a key file -------------------------------------------------------------------------


def test_import_of_a_key_file_refuses_each_problem_next_to_its_field(tab, services, qtbot, tmp_path) -> None:
    wallet = services.key_manager
    path, key = key_file(tmp_path)
    d = open_dialog(tab, qtbot, tab.import_button)
    form = d.form
    assert d.windowTitle() == "Import a key" and d.ok_button.text() == "Import"
    assert form.source() == IMPORT and not form.create_radio.isVisible()

    press_ok(d, qtbot)
    assert form.keyfile_error.text() == "Choose the key file."
    assert form.keyfile_password_error.text() == "Enter the key file's password."
    form.key_name_edit.setText("laptop")
    form.keyfile_edit.setText(str(tmp_path / "missing.json"))
    form.keyfile_password_edit.setText(FILE_PASSWORD)
    press_ok(d, qtbot)
    assert form.keyfile_error.text() == "There is no file at this path."

    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"not": "a key file"}')
    form.keyfile_edit.setText(str(garbage))
    form.keyfile_password_edit.setText(FILE_PASSWORD)
    press_ok(d, qtbot)
    assert form.keyfile_error.text() == "The key file is damaged or not a key file."

    form.keyfile_edit.setText(str(path))
    form.keyfile_password_edit.setText("not the password")
    press_ok(d, qtbot)
    assert form.keyfile_password_error.text() == "The password is not correct."
    assert form.keyfile_password_edit.text() == ""  # secrets are not kept in the widgets
    assert form.keyfile_error.isHidden()

    tampered = tmp_path / "tampered.json"
    doc = json.loads(path.read_text())
    doc["label"] = "someone else's"  # authenticated with the key: any change breaks the tag
    tampered.write_text(json.dumps(doc))
    form.keyfile_edit.setText(str(tampered))
    form.keyfile_password_edit.setText(FILE_PASSWORD)
    press_ok(d, qtbot)
    assert form.keyfile_error.text() == "The key file was altered and cannot be trusted."
    assert wallet.entries() == []  # nothing was copied for any of these

    form.keyfile_edit.setText(str(path))
    form.keyfile_password_edit.setText(FILE_PASSWORD)
    press_ok(d, qtbot)
    qtbot.waitUntil(lambda: tab.add_dialog is None, timeout=5_000)
    entry = wallet.entry("laptop")
    assert entry.public_key == key.public_key.hex() and entry.label == "from the old laptop"
    assert [a.name for a in services.accounts] == ["from the old laptop"]

    # The same key again, under another name: said next to the file.
    d = open_dialog(tab, qtbot, tab.import_button)
    d.form.key_name_edit.setText("laptop-again")
    d.form.keyfile_edit.setText(str(path))
    d.form.keyfile_password_edit.setText(FILE_PASSWORD)
    press_ok(d, qtbot)
    assert d.form.keyfile_error.text() == "This key is in the wallet already, as “laptop”."
    # Another key under a name in use: said next to the name.
    other, _ = key_file(tmp_path, "other.json")
    d.form.key_name_edit.setText("laptop")
    d.form.keyfile_edit.setText(str(other))
    d.form.keyfile_password_edit.setText(FILE_PASSWORD)
    press_ok(d, qtbot)
    assert d.form.key_name_error.text() == "The wallet already has a key with this name."
    assert d.form.keyfile_error.isHidden()
    d.reject()
    qtbot.waitUntil(lambda: tab.add_dialog is None, timeout=5_000)
    assert [e.name for e in wallet.entries()] == ["laptop"]


# --- a PKCS#11 token -----------------------------------------------------------------------------------


def test_new_key_and_import_on_a_real_token(tab, services, qtbot, tmp_path, softhsm: SoftHsm) -> None:  # noqa: F811
    wallet = services.key_manager
    label = softhsm.new_token()
    # A key made on the token elsewhere (another wallet), to be imported by its id.
    elsewhere = Wallet(tmp_path / "elsewhere").create_pkcs11_key(
        "made-elsewhere", module=softhsm.module, token_label=label, pin=softhsm.pin, key_id=bytes.fromhex("0a0b0c")
    )

    d = open_dialog(tab, qtbot, tab.new_button)
    d.form.set_source(TOKEN)
    d.form.key_name_edit.setText("on-token")
    d.form.module_edit.setText(softhsm.module)
    d.form.token_label_edit.setText("no-such-token")
    d.form.pin_edit.setText(softhsm.pin)
    press_ok(d, qtbot)
    assert d.form.token_label_error.text() == "The security token is not connected."
    d.form.token_label_edit.setText(label)
    d.form.pin_edit.setText("wrong-pin")
    press_ok(d, qtbot)
    assert d.form.pin_error.text() == "The token PIN is not correct."
    d.form.pin_edit.setText(softhsm.pin)
    press_ok(d, qtbot)
    qtbot.waitUntil(lambda: tab.add_dialog is None, timeout=5_000)
    assert wallet.entry("on-token").backend == "pkcs11"

    d = open_dialog(tab, qtbot, tab.import_button)
    d.form.set_source(TOKEN)
    d.form.key_name_edit.setText("imported-from-token")
    d.form.module_edit.setText(softhsm.module)
    d.form.token_label_edit.setText(label)
    d.form.pin_edit.setText(softhsm.pin)
    press_ok(d, qtbot)
    assert d.form.key_id_error.text() == "Give the id of the key on the token."
    d.form.key_id_edit.setText("ffee")
    d.form.pin_edit.setText(softhsm.pin)
    press_ok(d, qtbot)
    assert d.form.key_id_error.text() == "The key is not on this token."
    d.form.key_id_edit.setText("0A0B0C")
    d.form.pin_edit.setText(softhsm.pin)
    press_ok(d, qtbot)
    qtbot.waitUntil(lambda: tab.add_dialog is None, timeout=5_000)
    imported = wallet.entry("imported-from-token")
    assert imported.public_key == elsewhere.public_key and imported.backend == "pkcs11"

    d = open_dialog(tab, qtbot, tab.import_button)
    d.form.set_source(TOKEN)
    d.form.key_name_edit.setText("twice")
    d.form.module_edit.setText(softhsm.module)
    d.form.token_label_edit.setText(label)
    d.form.pin_edit.setText(softhsm.pin)
    d.form.key_id_edit.setText("0a0b0c")
    press_ok(d, qtbot)
    assert d.form.key_id_error.text() == "This key is in the wallet already, as “imported-from-token”."
    d.reject()
    qtbot.waitUntil(lambda: tab.add_dialog is None, timeout=5_000)
    assert {a.key_name for a in services.accounts} == {"on-token", "imported-from-token"}


def test_an_unreadable_key_file_is_said_next_to_the_file(services, qtbot, tmp_path, monkeypatch) -> None:
    import app.widgets.key_source_form as form_module

    path, _key = key_file(tmp_path)

    def unreadable(_path: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(form_module, "read_keyfile_info", unreadable)
    d = AddKeyDialog(services.key_manager, mode=IMPORT_KEY, run_blocking=services.run_blocking)
    qtbot.addWidget(d)
    d.show()
    d.form.key_name_edit.setText("laptop")
    d.form.keyfile_edit.setText(str(path))
    d.form.keyfile_password_edit.setText(FILE_PASSWORD)
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.attempt is not None and d.attempt.done(), timeout=30_000)
    assert d.form.keyfile_error.text() == "The key file cannot be read."
    assert d.isVisible() and services.key_manager.entries() == []
