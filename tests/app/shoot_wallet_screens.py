"""Screenshots of the shell, wallet, signing, settings, first-run and unlock screens (run as a child process).

``python -m tests.app.shoot_wallet_screens --rpc URL --devnet-home DIR --out DIR --qm DIR --lang L --theme T``
opens the real main window against the node at URL (with the devnet's demo
accounts, acting as the supplier), walks the screens and saves one PNG each as
``<screen>_<lang>_<theme>.png``.  A child process because the test process
renders offscreen and these pictures need the real X platform (Xvfb).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget


async def wait_for(cond: Callable[[], bool], timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def settle(ms: int = 400) -> None:
    """Let Qt lay out and paint (the qasync loop runs Qt's events while this sleeps)."""
    await asyncio.sleep(ms / 1000)


def save(widget: QWidget, out: Path, name: str, lang: str, theme: str, shots: list[str]) -> None:
    path = out / f"{name}_{lang}_{theme}.png"
    if not widget.grab().save(str(path), "PNG"):
        raise RuntimeError(f"could not save {path}")
    shots.append(path.name)


async def shoot(args: argparse.Namespace) -> list[str]:
    from app.demo import read_devnet_info
    from app.dialogs.add_key_dialog import IMPORT_KEY, NEW
    from app.dialogs.first_run_dialog import FirstRunDialog
    from app.dialogs.signing_dialog import SigningDialog
    from app.dialogs.unlock_dialog import UnlockDialog
    from app.form_errors import set_field_error
    from app.main_window import MainWindow
    from app.node_bridge import NodeBridge
    from app.services import AppServices, adopt_demo_keys
    from app.settings_store import AppSettings, SettingsStore
    from app.widgets.key_source_form import IMPORT, TOKEN
    from node.client import AsyncNodeClient
    from node.core.crypto import PrivateKey, Scheme
    from node.keyfile import create_keyfile
    from wallet.keystore import Wallet

    out, lang, theme = Path(args.out), args.lang, args.theme
    shots: list[str] = []
    info = read_devnet_info(Path(args.devnet_home))
    assert info is not None
    accounts = info.accounts
    tmp = Path(tempfile.mkdtemp(prefix="depot-shots-"))
    wallet = Wallet(tmp / "wallet")
    adopt_demo_keys(wallet, accounts)
    by_name = {a.name: a for a in accounts}
    wallet.addressbook.add(by_name["logistics"].address, "Swift Logistics", "swift-logistics")
    wallet.addressbook.add(by_name["customer"].address, "Northmill (customer)", "northmill")
    client = AsyncNodeClient(args.rpc)
    bridge = NodeBridge(client, status_interval_s=0.5)
    from PySide6.QtCore import QSettings

    services = AppServices(
        client=client,
        bridge=bridge,
        accounts=accounts,
        account=by_name["supplier"],
        key_manager=wallet,
        settings=QSettings(str(tmp / "w.ini"), QSettings.Format.IniFormat),
        store=SettingsStore(tmp / "config"),
        app_settings=AppSettings(first_run_done=True, theme=theme, language=lang),
        home=tmp,
        demo=True,
    )
    services.confirm_delay_ms = 300
    window = MainWindow(services)
    window.resize(1280, 820)
    window.show()
    bridge.start()
    try:
        wallet_page: Any = window.page("wallet")
        window.show_page("wallet")
        await wait_for(lambda: wallet_page.watch.balance is not None)
        tabs = wallet_page.tabs

        # Send, filled in.
        tabs.setCurrentWidget(wallet_page.send_tab)
        send = wallet_page.send_tab
        send.to_edit.setText(by_name["logistics"].address)
        send.amount_edit.setText("1250.50")
        send.memo_edit.setText("INV-2024-0117")
        await settle()
        save(window, out, "wallet_send", lang, theme, shots)

        # Send, refused input: a mistyped address and too many decimals, each said next to its field.
        typo = by_name["logistics"].address
        typo = typo[:10] + ("q" if typo[10] != "q" else "p") + typo[11:]
        send.to_edit.setText(typo)
        send.amount_edit.setText("12.345")
        send.on_send()
        await settle()
        save(window, out, "wallet_send_errors", lang, theme, shots)
        send.clear()

        tabs.setCurrentWidget(wallet_page.receive_tab)
        await settle()
        save(window, out, "wallet_receive", lang, theme, shots)

        tabs.setCurrentWidget(wallet_page.history_tab)
        history = wallet_page.history_tab
        await wait_for(lambda: not history.model.loading and history.model.rowCount() > 0, 30)
        await settle()
        save(window, out, "wallet_history", lang, theme, shots)

        tabs.setCurrentWidget(wallet_page.contacts_tab)
        await settle()
        save(window, out, "wallet_contacts", lang, theme, shots)

        tabs.setCurrentWidget(wallet_page.approvals_tab)
        await wait_for(lambda: not wallet_page.approvals_tab.model.loading, 10)
        await settle()
        save(window, out, "wallet_approvals", lang, theme, shots)

        tabs.setCurrentWidget(wallet_page.keys_tab)
        await settle()
        save(window, out, "wallet_keys", lang, theme, shots)

        # Adding keys after the first run: each refusal under its field, then the busy state.
        keys = wallet_page.keys_tab
        task = asyncio.ensure_future(keys.add_key(NEW))
        if not await wait_for(lambda: keys.add_dialog is not None and keys.add_dialog.isVisible()):
            raise RuntimeError("the new-key dialog did not open")
        add = keys.add_dialog
        add.form.key_name_edit.setText("clerk 2")
        add.form.password_edit.setText("short")
        await add.submit()
        await settle()
        add.adjustSize()
        await settle()
        save(add, out, "add_key_new", lang, theme, shots)
        add.reject()
        await task

        old_file = tmp / "old-laptop.json"
        create_keyfile(old_file, PrivateKey.generate(Scheme.ED25519), "the old laptop's password", strength="interactive")
        task = asyncio.ensure_future(keys.add_key(IMPORT_KEY))
        if not await wait_for(lambda: keys.add_dialog is not None and keys.add_dialog.isVisible()):
            raise RuntimeError("the import-key dialog did not open")
        add = keys.add_dialog
        add.form.key_name_edit.setText("old-laptop")
        add.form.keyfile_edit.setText(str(old_file))
        add.form.keyfile_password_edit.setText("not the password")
        await add.submit()
        await settle()
        add.adjustSize()
        await settle()
        save(add, out, "add_key_import_error", lang, theme, shots)
        add.form.clear_errors()  # as a new attempt does
        add.set_busy(True, add._busy_text(IMPORT))
        await settle(250)
        save(add, out, "add_key_busy", lang, theme, shots)
        add.set_busy(False)
        add.form.set_source(TOKEN)
        add.form.module_edit.setText("")
        await add.submit()
        await settle()
        add.adjustSize()
        await settle()
        save(add, out, "add_key_import_token", lang, theme, shots)
        add.reject()
        await task

        # Backing up: refusals under their fields, then the busy state of the SENSITIVE sealing.
        task = asyncio.ensure_future(keys.backup_wallet())
        if not await wait_for(lambda: keys.backup_dialog is not None and keys.backup_dialog.isVisible()):
            raise RuntimeError("the backup dialog did not open")
        backup = keys.backup_dialog
        backup.path_edit.setText(str(tmp / "no-such-folder" / "depot-wallet-backup.json"))
        backup.passphrase_edit.setText("correct horse battery staple")
        backup.repeat_edit.setText("correct horse battery stapel")
        await backup.submit()
        await settle()
        backup.adjustSize()
        await settle()
        save(backup, out, "backup_dialog_errors", lang, theme, shots)
        backup.path_edit.setText(str(tmp / "depot-wallet-backup.json"))
        for field, label in backup._fields():
            set_field_error(field, label, "")
        backup.set_busy(True, backup.busy_text())
        await settle(250)
        save(backup, out, "backup_dialog_busy", lang, theme, shots)
        backup.set_busy(False)
        backup.reject()
        await task

        # Restoring: what the backup would add and skip, then a wrong passphrase.
        old = Wallet(tmp / "old-laptop")
        old.create_file_key("clerk-2", "the old laptop's password", strength="interactive", label="Second clerk")
        held = next(e for e in wallet.entries() if e.backend == "file")
        old.import_keyfile(held.name, wallet.home / held.file)
        old.add_watch_only("northmill-watch", by_name["customer"].address, label="Northmill (watch-only)")
        old.addressbook.add(by_name["logistics"].address, "Swift Logistics", "swift-logistics")
        old.addressbook.add(by_name["warehouse_manager"].address, "East Warehouse", "east-warehouse")
        old.export_backup(tmp / "old-laptop-backup.json", "correct horse battery staple", strength="interactive")
        task = asyncio.ensure_future(keys.restore_backup())
        if not await wait_for(lambda: keys.restore_dialog is not None and keys.restore_dialog.isVisible()):
            raise RuntimeError("the restore dialog did not open")
        restore = keys.restore_dialog
        restore.path_edit.setText(str(tmp / "old-laptop-backup.json"))
        restore.passphrase_edit.setText("correct horse battery staple")
        await restore.submit()
        if restore.plan is None:
            raise RuntimeError("the backup did not open: " + restore.status_label.text() + restore.path_error.text())
        await settle()
        restore.adjustSize()
        await settle()
        save(restore, out, "restore_dialog_plan", lang, theme, shots)
        restore.passphrase_edit.setText("not the passphrase")
        restore.passphrase_edit.textEdited.emit("not the passphrase")
        await restore.submit()
        await settle()
        restore.adjustSize()
        await settle()
        save(restore, out, "restore_dialog_wrong_passphrase", lang, theme, shots)
        restore.reject()
        await task

        # The signing dialog, over the window, before and after its Confirm delay.
        tabs.setCurrentWidget(wallet_page.send_tab)
        task = asyncio.ensure_future(
            services.sign_and_submit(
                "token.transfer",
                {"to": by_name["customer"].address, "amount": 125050, "memo": "INV-2024-0117"},
                window,
            )
        )
        found: list[SigningDialog] = []

        def dialog_open() -> bool:
            found[:] = [d for d in window.findChildren(SigningDialog) if d.isVisible()]
            return bool(found)

        if not await wait_for(dialog_open):
            raise RuntimeError("the signing dialog did not open")
        dialog = found[0]
        await wait_for(dialog.confirm_button.isEnabled, 5)
        await settle()
        dialog.adjustSize()
        await settle()
        save(dialog, out, "signing_dialog", lang, theme, shots)
        dialog.reject()
        await task

        # A first-time recipient, shown with the warning.
        unknown = "depot1" + "q" * 32
        from node.core.address import format_address

        unknown = format_address(bytes(range(40, 60)))
        task = asyncio.ensure_future(
            services.sign_and_submit("token.transfer", {"to": unknown, "amount": 990, "memo": ""}, window)
        )
        if await wait_for(dialog_open):
            dialog = found[0]
            await settle()
            dialog.adjustSize()
            await settle()
            save(dialog, out, "signing_dialog_first_time", lang, theme, shots)
            dialog.reject()
        await task

        window.show_page("settings")
        await settle()
        save(window, out, "settings", lang, theme, shots)

        window.show_page("overview")
        await wait_for(lambda: window.overview.has_data(), 20)
        await settle()
        save(window, out, "overview", lang, theme, shots)

        unlock = UnlockDialog(services, wallet.entries()[0], window)
        unlock.show()
        unlock.secret_edit.clear()
        unlock.on_unlock()
        await settle()
        save(unlock, out, "unlock_dialog", lang, theme, shots)
        unlock.reject()

        first = FirstRunDialog(AppSettings(), wallet_home=tmp / "fr-wallet")
        first.show()
        await settle()
        save(first, out, "first_run_network", lang, theme, shots)
        first.join_radio.setChecked(True)
        first.network_edit.setText(str(tmp / "no-such-network.json"))
        await first.advance()
        await settle()
        save(first, out, "first_run_network_error", lang, theme, shots)
        good = tmp / "network.json"
        good.write_text(
            '{"name": "Northmill consortium", "chain_id": "depot-main", "genesis_hash": "'
            + "ab" * 32
            + '", "peers": ["https://node.core-corp.example", "https://node.city-bank.example"]}'
        )
        first.network_edit.setText(str(good))
        await first.advance()
        first.key_form.password_edit.setText("short")
        await first.advance()
        await settle()
        save(first, out, "first_run_key", lang, theme, shots)
        first.reject()
    finally:
        await bridge.stop()
        await client.aclose()
        services.shutdown()
        window.close()
    return shots


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in ("--rpc", "--devnet-home", "--out", "--qm", "--lang", "--theme"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    from app.gui import install_translators, make_event_loop
    from app.themes import apply_theme

    install_translators(app, args.lang, Path(args.qm))
    apply_theme(app, args.theme)
    loop = make_event_loop(app)
    try:
        shots = loop.run_until_complete(shoot(args))
    finally:
        loop.close()
    print("\n".join(shots))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
