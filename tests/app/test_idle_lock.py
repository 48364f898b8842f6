"""Auto-lock after idle (input resets the clock, other events do not), and unlocking again in a dialog
whose password check runs off the GUI thread."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QEvent, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

from app.dialogs.unlock_dialog import UnlockDialog  # noqa: E402
from app.idle_lock import IdleLock  # noqa: E402
from app.node_bridge import NodeBridge  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.settings_store import SettingsStore  # noqa: E402
from node.client import AsyncNodeClient  # noqa: E402
from wallet.keystore import Wallet  # noqa: E402

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def services(tmp_path: Path, aloop) -> Iterator[AppServices]:
    wallet = Wallet(tmp_path / "wallet")
    wallet.create_file_key("clerk", PASSWORD, strength="interactive")
    client = AsyncNodeClient("http://127.0.0.1:9")
    s = AppServices(
        client=client,
        bridge=NodeBridge(client),
        key_manager=wallet,
        settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat),
        store=SettingsStore(tmp_path / "cfg"),
    )
    yield s
    s.shutdown()


def unlock(services: AppServices, run_async) -> None:
    run_async(services.unlock(services.key_manager.entry("clerk"), PASSWORD), timeout_s=30)


def test_keys_lock_after_the_idle_time(services, run_async) -> None:
    clock = Clock()
    lock = IdleLock(services, 5, clock=clock)
    unlock(services, run_async)
    signer = services.unlocked.get("clerk")
    assert signer is not None
    clock.now += 4 * 60
    assert not lock.check()
    clock.now += 61
    assert lock.check()
    assert not services.unlocked.any_unlocked()
    assert signer._signer is None  # the key material is dropped, not just forgotten


def test_input_resets_the_idle_clock_other_events_do_not(services, run_async, qtbot) -> None:
    clock = Clock()
    lock = IdleLock(services, 1, clock=clock)
    app = QApplication.instance()
    app.installEventFilter(lock)
    try:
        unlock(services, run_async)
        edit = QLineEdit()
        qtbot.addWidget(edit)
        edit.show()
        clock.now += 50
        QApplication.sendEvent(edit, QEvent(QEvent.Type.UpdateRequest))  # not input
        assert lock.idle_s() == 50
        QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
        assert lock.idle_s() == 0
        clock.now += 59
        assert not lock.check()
        clock.now += 2
        assert lock.check()
    finally:
        app.removeEventFilter(lock)


def test_never_lock_and_the_timer_runs_only_while_unlocked(services, run_async) -> None:
    clock = Clock()
    lock = IdleLock(services, 0, clock=clock)
    unlock(services, run_async)
    clock.now += 10 * 3600
    assert not lock.check()
    assert not lock._timer.isActive()
    lock.set_minutes(2)
    assert lock._timer.isActive()
    services.unlocked.lock_all()
    assert not lock._timer.isActive()


def test_the_real_timer_locks(services, run_async, qtbot) -> None:
    lock = IdleLock(services, 1, check_interval_ms=50)
    lock.timeout_s = 0.3
    unlock(services, run_async)
    with qtbot.waitSignal(services.lockedChanged, timeout=5000) as blocker:
        pass
    assert blocker.args == [True]


def test_unlock_dialog_says_a_wrong_password_then_unlocks(services, qtbot, run_async) -> None:
    entry = services.key_manager.entry("clerk")
    dialog = UnlockDialog(services, entry)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.secret_error.text() == "Enter the password."
    dialog.secret_edit.setText("wrong password")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not dialog.secret_edit.isEnabled()  # checked off the GUI thread meanwhile
    qtbot.waitUntil(dialog.secret_error.isVisible, timeout=30_000)
    assert dialog.secret_error.text() == "The password is not correct."
    assert not services.unlocked.any_unlocked()
    dialog.secret_edit.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.unlocked and services.unlocked.get("clerk") is not None
