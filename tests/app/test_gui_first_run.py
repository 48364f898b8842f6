"""The app's start with no settings yet: the first-run dialog comes first; quitting it starts nothing, and
joining a consortium from its network file opens the main window on that network's node."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app import gui  # noqa: E402
from app.dialogs.first_run_dialog import FirstRunDialog  # noqa: E402
from app.main_window import MainWindow  # noqa: E402
from app.settings_store import SettingsStore  # noqa: E402
from node.client import NodeClient  # noqa: E402


def top_level(kind: type) -> Any:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def start_main(tmp_path: Path, store: SettingsStore, networks: list[Any]) -> asyncio.Task[int]:
    return asyncio.ensure_future(
        gui._main(
            rpc=None,
            home=tmp_path / "demo",
            store=store,
            app_settings=store.load_or_default(),
            automated=False,
            screenshot=None,
            quit_after_s=None,
            networks=networks,
        )
    )


def test_quitting_the_first_run_starts_nothing(tmp_path, qtbot, aloop) -> None:
    store = SettingsStore(tmp_path / "config")
    networks: list[Any] = []
    task = start_main(tmp_path, store, networks)
    qtbot.waitUntil(lambda: top_level(FirstRunDialog) is not None, timeout=10_000)
    dialog = top_level(FirstRunDialog)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=10_000)
    assert task.result() == 1
    assert networks == [] and not store.exists()


def test_joining_a_consortium_opens_the_main_window_on_its_node(
    tmp_path, qtbot, aloop, devnet, monkeypatch
) -> None:
    monkeypatch.setenv("DEPOT_WALLET_HOME", str(tmp_path / "wallet"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # no data folder of this machine is read
    with NodeClient(devnet.rpc) as c:
        status = c.status()
    network = tmp_path / "network.json"
    network.write_text(
        json.dumps({"chain_id": status["chain_id"], "genesis_hash": status["genesis_hash"], "peers": [devnet.rpc]})
    )
    store = SettingsStore(tmp_path / "config")
    networks: list[Any] = []
    task = start_main(tmp_path, store, networks)
    qtbot.waitUntil(lambda: top_level(FirstRunDialog) is not None, timeout=10_000)
    dialog = top_level(FirstRunDialog)
    dialog.join_radio.setChecked(True)
    dialog.network_edit.setText(str(network))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.current_step() == dialog.KEY, timeout=10_000)
    dialog.key_form.key_name_edit.setText("clerk")
    dialog.key_form.password_edit.setText("first run password")
    dialog.key_form.repeat_edit.setText("first run password")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.current_step() == dialog.NODE, timeout=10_000)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)  # Finish: the key is made off the GUI thread

    qtbot.waitUntil(lambda: top_level(MainWindow) is not None, timeout=150_000)  # Argon2id MODERATE on a busy machine
    window = top_level(MainWindow)
    saved = store.load()
    assert (saved.first_run_done, saved.network, saved.consortium.peers, saved.wallet_key) == (
        True,
        "consortium",
        (devnet.rpc,),
        "clerk",
    )
    assert networks == []  # no demo network was started
    assert [a.key_name for a in window.services.accounts] == ["clerk"]
    qtbot.waitUntil(lambda: window.connection_status.text() == "Connected", timeout=20_000)
    window.close()
    qtbot.waitUntil(task.done, timeout=120_000)
    assert task.result() == 0
