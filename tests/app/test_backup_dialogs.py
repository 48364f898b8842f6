"""The Keys tab's "Back up wallet…" and "Restore from backup…" against real wallet folders and sealed backups
(wallet/backup.py): every refusal under its field with nothing written, the SENSITIVE sealing off the GUI
thread with the loop live, a wrong passphrase or a damaged or altered file changing nothing, and what a
restore would add or skip shown before it is done."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, Qt, QTimer  # noqa: E402

from app.dialogs.backup_dialog import BackupDialog  # noqa: E402
from app.dialogs.restore_dialog import RestoreDialog  # noqa: E402
from app.node_bridge import NodeBridge  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.settings_store import AppSettings, SettingsStore  # noqa: E402
from app.wallet_tabs.keys_tab import KeysTab  # noqa: E402
from node.client import AsyncNodeClient  # noqa: E402
from node.core.address import format_address  # noqa: E402
from node.keyfile import STRENGTHS  # noqa: E402
from wallet.backup import open_backup  # noqa: E402
from wallet.keystore import Wallet  # noqa: E402

pytestmark = pytest.mark.timeout(300)

KEY_PASSWORD = "the key's own password"
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def services(tmp_path: Path, aloop: Any, run_async: Any) -> Iterator[AppServices]:
    """A session over a real wallet folder with one key file and one contact; no node is asked."""
    wallet = Wallet(tmp_path / "wallet")
    wallet.create_file_key("clerk", KEY_PASSWORD, strength="interactive", label="Finance clerk")
    wallet.addressbook.add(format_address(bytes(range(20))), "Swift Logistics", "swift-logistics")
    client = AsyncNodeClient("http://127.0.0.1:9")  # nothing listens: role look-ups fail quietly
    s = AppServices(
        client=client,
        bridge=NodeBridge(client),
        key_manager=wallet,
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


def open_backup_dialog(tab: KeysTab, qtbot: Any) -> BackupDialog:
    qtbot.mouseClick(tab.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.backup_dialog is not None and tab.backup_dialog.isVisible(), timeout=5_000)
    assert tab.backup_dialog is not None
    return tab.backup_dialog


def open_restore_dialog(tab: KeysTab, qtbot: Any) -> RestoreDialog:
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.restore_dialog is not None and tab.restore_dialog.isVisible(), timeout=5_000)
    assert tab.restore_dialog is not None
    return tab.restore_dialog


def press_ok(d: BackupDialog | RestoreDialog, qtbot: Any, timeout_ms: int = 120_000) -> None:
    """Press the dialog's button and wait until that attempt is over."""
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    attempt = d.attempt
    assert attempt is not None
    qtbot.waitUntil(attempt.done, timeout=timeout_ms)


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file under the wallet folder and its bytes: what "nothing changed" means."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def interactive_backup(wallet: Wallet, path: Path, passphrase: str = PASSPHRASE) -> Path:
    """A backup sealed quickly (the tests of restoring need no SENSITIVE derivation; opening reads the header)."""
    wallet.export_backup(path, passphrase, strength="interactive")
    return path


# --- backing up ----------------------------------------------------------------------------------


def test_backup_refusals_are_said_under_their_fields_and_nothing_is_written(tab, services, qtbot, tmp_path, monkeypatch) -> None:
    wallet = services.key_manager
    calls: list[Any] = []
    original = wallet.export_backup

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(wallet, "export_backup", spy)
    d = open_backup_dialog(tab, qtbot)
    assert d.windowTitle() == "Back up the wallet" and d.ok_button.text() == "Back up"
    assert d.summary_label.text() == "Keys in this wallet: 1 (0 on security tokens). Contacts: 1."

    press_ok(d, qtbot)
    assert d.path_error.text() == "Choose where to save the backup."
    assert d.passphrase_error.text() == "Choose a passphrase for the backup."

    d.path_edit.setText(str(tmp_path / "no-such-folder" / "backup.json"))
    d.passphrase_edit.setText("short")
    press_ok(d, qtbot)
    assert d.path_error.text() == "There is no folder at this path."
    assert d.passphrase_error.text() == "At least 10 characters."

    existing = tmp_path / "taken.json"
    existing.write_text("{}")
    d.path_edit.setText(str(existing))
    d.passphrase_edit.setText(PASSPHRASE)
    d.repeat_edit.setText(PASSPHRASE + "!")
    press_ok(d, qtbot)
    assert d.path_error.text() == "A file already exists here; choose another name."
    assert d.repeat_error.text() == "The two passphrases differ."
    assert d.passphrase_error.isHidden()

    d.path_edit.setText(str(tmp_path))
    press_ok(d, qtbot)
    assert d.path_error.text() == "This is a folder; give the backup a file name."

    assert calls == [] and existing.read_text() == "{}"
    assert not any(p.suffix == ".json" and p.name != "taken.json" for p in tmp_path.rglob("*") if "wallet" not in p.parts)
    d.reject()
    qtbot.waitUntil(lambda: tab.backup_dialog is None, timeout=5_000)
    assert tab.backup_button.isEnabled()


def test_backup_is_sealed_at_the_sensitive_setting_off_the_gui_thread(tab, services, qtbot, tmp_path, monkeypatch) -> None:
    """The real SENSITIVE Argon2id (about 1 GiB, seconds): the loop keeps ticking and the dialog cannot be closed."""
    wallet = services.key_manager
    threads: list[str] = []
    original = wallet.export_backup

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(wallet, "export_backup", spy)
    d = open_backup_dialog(tab, qtbot)
    assert d.strength == "sensitive"
    target = tmp_path / "wallet-backup.json"
    d.path_edit.setText(str(target))
    d.passphrase_edit.setText(PASSPHRASE)
    d.repeat_edit.setText(PASSPHRASE)

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.busy, timeout=5_000)
    assert d.progress.isVisible() and not d.ok_button.isEnabled() and not d.cancel_button.isEnabled()
    assert d.status_label.text().startswith("Sealing the backup")
    d.reject()  # refused while the file is being written
    assert d.isVisible()
    attempt = d.attempt
    assert attempt is not None
    qtbot.waitUntil(attempt.done, timeout=120_000)
    timer.stop()
    assert attempt.result() is True
    assert threads and threads[0] != threading.main_thread().name
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > 50 and max(gaps) < 0.25, f"the GUI loop stalled for {max(gaps) * 1000:.0f} ms"

    qtbot.waitUntil(lambda: tab.backup_dialog is None, timeout=5_000)
    assert tab.status_label.text().startswith(f"Backup written to {target}.")
    header = json.loads(target.read_text())
    assert (header["kdf"]["opslimit"], header["kdf"]["memlimit"]) == STRENGTHS["sensitive"]
    content = open_backup(target, PASSPHRASE)
    assert [k["entry"]["name"] for k in content["keys"]] == ["clerk"]
    assert [c["label"] for c in content["addressbook"]["contacts"]] == ["Swift Logistics"]


# --- restoring -----------------------------------------------------------------------------------


def test_restore_refuses_bad_input_wrong_passphrases_and_damaged_or_altered_files_changing_nothing(
    tab, services, qtbot, tmp_path
) -> None:
    source = Wallet(tmp_path / "old-laptop")
    source.create_file_key("old-clerk", KEY_PASSWORD, strength="interactive")
    backup = interactive_backup(source, tmp_path / "backup.json")
    home = services.key_manager.home
    before = folder_state(home)
    d = open_restore_dialog(tab, qtbot)
    assert d.windowTitle() == "Restore from a backup" and d.ok_button.text() == "Open backup"

    press_ok(d, qtbot)
    assert d.path_error.text() == "Choose the backup file."
    assert d.passphrase_error.text() == "Enter the backup's passphrase."
    d.path_edit.setText(str(tmp_path / "missing.json"))
    press_ok(d, qtbot)
    assert d.path_error.text() == "There is no file at this path."

    d.path_edit.setText(str(backup))
    d.passphrase_edit.setText("not the passphrase")
    press_ok(d, qtbot)
    assert d.passphrase_error.text() == "This passphrase does not open the backup."
    assert d.path_error.isHidden() and d.plan is None

    not_a_backup = tmp_path / "notes.json"
    not_a_backup.write_text('{"hello": "world"}')
    d.path_edit.setText(str(not_a_backup))
    d.passphrase_edit.setText(PASSPHRASE)
    press_ok(d, qtbot)
    assert d.path_error.text() == "This file is not a Depot wallet backup, or it is damaged."
    assert d.passphrase_error.isHidden()

    doc = json.loads(backup.read_text())
    ct = doc["ciphertext"]
    doc["ciphertext"] = ct[:40] + ("0" if ct[40] != "0" else "1") + ct[41:]
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps(doc))
    d.path_edit.setText(str(altered))
    press_ok(d, qtbot)
    assert d.path_error.text() == (
        "This backup was altered after it was written and cannot be trusted; nothing was restored."
    )
    assert d.plan is None and d.ok_button.text() == "Open backup"

    assert folder_state(home) == before
    assert [e.name for e in services.key_manager.entries()] == ["clerk"]
    assert len(services.key_manager.addressbook.contacts()) == 1
    d.reject()


def test_restore_shows_what_it_would_add_and_skip_then_adds_keys_contacts_and_accounts(
    tab, services, qtbot, tmp_path
) -> None:
    here = services.key_manager
    source = Wallet(tmp_path / "old-laptop")
    source.create_file_key("clerk", "another key's password", strength="interactive")  # a name clash
    shared = source.create_file_key("shared", KEY_PASSWORD, strength="interactive")  # held here under another name
    fresh = source.create_file_key("fresh", KEY_PASSWORD, strength="interactive", label="Second clerk")
    source.add_watch_only("customer-watch", format_address(bytes(range(40, 60))))
    source.addressbook.add(format_address(bytes(range(20))), "Swift (old label)")  # already in the book here
    source.addressbook.add(format_address(bytes(range(20, 40))), "East Warehouse", "east-warehouse")
    here.import_keyfile("shared-here", source.home / source.entry("shared").file)
    backup = interactive_backup(source, tmp_path / "backup.json")
    before = folder_state(here.home)
    accounts_before = len(services.accounts)

    d = open_restore_dialog(tab, qtbot)
    d.path_edit.setText(str(backup))
    d.passphrase_edit.setText(PASSPHRASE)
    press_ok(d, qtbot)
    plan = d.plan
    assert plan is not None
    assert [e.name for e in plan.add] == ["fresh", "customer-watch"]
    assert [(k.entry.name, k.existing, k.same_key) for k in plan.skip] == [
        ("clerk", "clerk", False),
        ("shared", "shared-here", True),
    ]
    assert ([c.label for c in plan.new_contacts], [c.label for c in plan.known_contacts]) == (
        ["East Warehouse"],
        ["Swift (old label)"],
    )
    text = d.plan_label.text()
    assert "Keys to add (2):" in text and f"fresh — key file — {fresh.address}" in text
    assert "customer-watch — watch-only" in text
    assert "clerk — the wallet has another key with this name" in text
    assert "shared — the same key is here as “shared-here”" in text
    assert "Address book: new contacts to add: 1; already there, kept as they are: 1." in text
    assert d.ok_button.text() == "Restore" and d.ok_button.isEnabled()
    assert d.status_label.text() == "Nothing has changed yet. Press Restore to add these."
    assert folder_state(here.home) == before  # opening changed nothing

    # Editing the passphrase forgets the plan: the backup must be opened again.
    d.passphrase_edit.setText(PASSPHRASE + "x")
    d.passphrase_edit.textEdited.emit(PASSPHRASE + "x")
    assert d.plan is None and d.ok_button.text() == "Open backup"
    d.passphrase_edit.setText(PASSPHRASE)
    press_ok(d, qtbot)
    assert d.plan is not None

    with qtbot.waitSignal(tab.restored, timeout=60_000) as restored:
        press_ok(d, qtbot)
    result = restored.args[0]
    assert [e.name for e in result.added] == ["fresh", "customer-watch"]
    assert (result.contacts_added, result.skipped) == (1, 2)
    qtbot.waitUntil(lambda: tab.restore_dialog is None, timeout=5_000)
    assert tab.status_label.text() == (
        "Keys restored: 2 (“fresh”, “customer-watch”). Contacts added: 1. Keys already here, skipped: 2."
    )
    assert tab.model.row_of("fresh") is not None and tab.model.row_of("customer-watch") is not None
    # The restored key file opens with its own password and is the same key.
    signer = here.signer("fresh", password=KEY_PASSWORD)
    assert signer.public_key == bytes.fromhex(fresh.public_key)
    assert here.entry("shared-here").public_key == shared.public_key and "shared" not in {e.name for e in here.entries()}
    labels = {c.label for c in here.addressbook.contacts()}
    assert labels == {"Swift Logistics", "East Warehouse"}  # the known contact kept its label here
    # The new key's account is offered (the watch-only address is not an account to sign for).
    assert len(services.accounts) == accounts_before + 1 and services.accounts[-1].address == fresh.address

    # The same backup again: nothing left to restore.
    d = open_restore_dialog(tab, qtbot)
    d.path_edit.setText(str(backup))
    d.passphrase_edit.setText(PASSPHRASE)
    press_ok(d, qtbot)
    assert d.plan is not None and not d.plan.add and d.plan.new_contacts == ()
    assert "fresh — already in this wallet" in d.plan_label.text()
    assert not d.ok_button.isEnabled()
    assert d.status_label.text() == "Nothing to restore: this wallet already has everything in the backup."
    d.reject()


def test_restore_opens_the_backup_once_in_the_executor_and_restores_that_content(
    tab, services, qtbot, tmp_path, monkeypatch
) -> None:
    """One key derivation for the plan and the restore: Restore imports the content opened for the plan."""
    import wallet.keystore as keystore

    source = Wallet(tmp_path / "old-laptop")
    fresh = source.create_file_key("fresh", KEY_PASSWORD, strength="interactive")
    source.addressbook.add(format_address(bytes(range(20, 40))), "East Warehouse", "east-warehouse")
    backup = interactive_backup(source, tmp_path / "backup.json")
    openings: list[str] = []
    real = keystore.open_backup_with_header

    def counting(*args: Any) -> Any:
        openings.append(threading.current_thread().name)
        return real(*args)

    monkeypatch.setattr(keystore, "open_backup_with_header", counting)
    d = open_restore_dialog(tab, qtbot)
    d.path_edit.setText(str(backup))
    d.passphrase_edit.setText(PASSPHRASE)
    press_ok(d, qtbot)
    assert d.plan is not None and d.opened is not None and [e.name for e in d.plan.add] == ["fresh"]
    assert "Backup made " in d.plan_label.text()
    with qtbot.waitSignal(tab.restored, timeout=60_000) as restored:
        press_ok(d, qtbot)
    assert len(openings) == 1 and openings[0] != threading.main_thread().name
    result = restored.args[0]
    assert [e.name for e in result.added] == ["fresh"] and (result.contacts_added, result.skipped) == (1, 0)
    assert services.key_manager.signer("fresh", password=KEY_PASSWORD).public_key.hex() == fresh.public_key


def test_restore_refuses_a_backup_with_a_malformed_entry_after_a_good_one_changing_nothing(
    tab, services, qtbot, tmp_path, monkeypatch
) -> None:
    """Authenticated content (sealed by the export's own code) whose second key is malformed."""
    import wallet.keystore as keystore

    source = Wallet(tmp_path / "old-laptop")
    source.create_file_key("good", KEY_PASSWORD, strength="interactive")
    source.create_file_key("bad", KEY_PASSWORD, strength="interactive")
    real_seal = keystore.seal_backup

    def seal(path: Path, content: dict[str, Any], password: str, *, strength: str) -> None:
        content["keys"][1]["entry"]["public_key"] = "00" * 32
        real_seal(path, content, password, strength=strength)

    with monkeypatch.context() as m:
        m.setattr(keystore, "seal_backup", seal)
        backup = interactive_backup(source, tmp_path / "backup.json")
    home = services.key_manager.home
    before = folder_state(home)
    d = open_restore_dialog(tab, qtbot)
    d.path_edit.setText(str(backup))
    d.passphrase_edit.setText(PASSPHRASE)
    press_ok(d, qtbot)
    assert d.path_error.text() == (
        "This backup opens, but an entry in it is damaged (keys[1] (bad).entry.public_key); nothing was restored."
    )
    assert d.plan is None and d.opened is None and d.ok_button.text() == "Open backup"
    assert folder_state(home) == before
    assert [e.name for e in services.key_manager.entries()] == ["clerk"]
    d.reject()


def test_a_session_without_a_wallet_offers_no_backup(services, qtbot) -> None:
    services.key_manager = None
    t = KeysTab(services)
    qtbot.addWidget(t)
    assert not t.backup_button.isEnabled() and not t.restore_button.isEnabled()
    assert t.backup_button.toolTip() == "This session has no wallet to back up."
