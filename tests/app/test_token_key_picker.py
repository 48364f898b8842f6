"""The key form's "List keys on the token": a real SoftHSM2 token's keys in a picker (label, key id, type,
whether the wallet has it), the token asked off the GUI thread, its refusals under their fields; and a
name clash told apart from a key clash where the form shows them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from app.dialogs.add_key_dialog import IMPORT_KEY, NEW, AddKeyDialog  # noqa: E402
from app.dialogs.first_run_dialog import FirstRunDialog  # noqa: E402
from app.error_text import describe  # noqa: E402
from app.widgets.key_source_form import TOKEN, KeySourceForm  # noqa: E402
from node.core.crypto import PrivateKey, Scheme  # noqa: E402
from node.keyfile import create_keyfile  # noqa: E402
from tests.wallet.hsm import SoftHsm, softhsm  # noqa: E402,F401 - session fixture
from wallet.errors import KeyAlreadyHeld, KeyNameTaken  # noqa: E402
from wallet.keystore import Wallet  # noqa: E402
from wallet.signers import Pkcs11Token  # noqa: E402

pytestmark = pytest.mark.timeout(300)


def token_with_keys(softhsm: SoftHsm) -> str:  # noqa: F811
    """A token holding an Ed25519 and a P-256 key made for the chain, and an RSA key that cannot sign for it."""
    label = softhsm.new_token()
    with Pkcs11Token(softhsm.module, label, softhsm.pin, rw=True) as token:
        token.generate(Scheme.ED25519, bytes.fromhex("e1"), "desk ed25519")
        token.generate(Scheme.P256, bytes.fromhex("a1b2"), "clerk p256")
        from pkcs11 import KeyType

        token._session.generate_keypair(KeyType.RSA, 2048, store=True, id=b"\x05", label="vpn rsa")
    return label


def run_blocking_spy(threads: list[str]) -> Any:
    """The dialogs' executor, noting the thread each blocking call runs on."""
    import asyncio

    async def run_blocking(fn: Any, *args: Any) -> Any:
        def work() -> Any:
            threads.append(threading.current_thread().name)
            return fn(*args)

        return await asyncio.get_running_loop().run_in_executor(None, work)

    return run_blocking


def fill_token(form: KeySourceForm, softhsm: SoftHsm, label: str, pin: str | None = None) -> None:  # noqa: F811
    form.set_source(TOKEN)
    form.module_edit.setText(softhsm.module)
    form.token_label_edit.setText(label)
    form.pin_edit.setText(softhsm.pin if pin is None else pin)


def list_keys(form: KeySourceForm, qtbot: Any) -> bool:
    qtbot.mouseClick(form.list_keys_button, Qt.MouseButton.LeftButton)
    task = form.listing
    assert task is not None
    qtbot.waitUntil(task.done, timeout=60_000)
    return bool(task.result())


def combo_items(form: KeySourceForm) -> list[tuple[str, str, bool]]:
    model = form.token_keys_combo.model()
    return [
        (form.token_keys_combo.itemText(i), form.token_keys_combo.itemData(i),
         bool(model.flags(model.index(i, 0)) & Qt.ItemFlag.ItemIsEnabled))
        for i in range(form.token_keys_combo.count())
    ]


def test_import_picks_a_key_from_the_list_on_a_real_token(qtbot, aloop, tmp_path: Path, softhsm: SoftHsm) -> None:  # noqa: F811
    label = token_with_keys(softhsm)
    wallet = Wallet(tmp_path / "wallet")
    wallet.add_pkcs11_key("desk", module=softhsm.module, token_label=label, pin=softhsm.pin, key_id=bytes.fromhex("e1"))
    threads: list[str] = []
    d = AddKeyDialog(wallet, mode=IMPORT_KEY, run_blocking=run_blocking_spy(threads))
    qtbot.addWidget(d)
    d.show()
    form = d.form
    form.set_source(TOKEN)
    assert form.list_keys_button.isVisible() and form.key_id_edit.isVisible()
    assert not form.token_keys_combo.isVisible()

    # Nothing to log in with yet: said under the fields, the token is not asked.
    form.module_edit.setText(softhsm.module)
    assert not list_keys(form, qtbot)
    assert form.token_label_error.text() == "Give the token's label."
    assert form.pin_error.text() == "Enter the token's PIN."
    assert threads == []

    # A wrong PIN, and a token that is not there: under their fields, no picker.
    fill_token(form, softhsm, label, pin="0000-wrong")
    assert not list_keys(form, qtbot)
    assert form.pin_error.text() == "The token PIN is not correct."
    assert not form.token_keys_combo.isVisible()
    fill_token(form, softhsm, "no-such-token")
    assert not list_keys(form, qtbot)
    assert form.token_label_error.text() == "The security token is not connected."

    fill_token(form, softhsm, label)
    assert list_keys(form, qtbot)
    assert threads and all(t != threading.main_thread().name for t in threads)  # the token was asked off the GUI thread
    assert form.pin_error.isHidden() and form.token_label_error.isHidden()
    assert form.token_keys_combo.isVisible() and form.token_keys_status.isVisible()
    assert form.token_keys_status.text() == "Keys on the token: 3; 1 can be added."
    items = combo_items(form)
    assert items[0] == ("Choose a key…", "", True)
    assert items[1:] == [
        ("clerk p256 · id a1b2 · P-256", "a1b2", True),
        ("desk ed25519 · id e1 · Ed25519 · in the wallet as “desk”", "e1", False),
        ("vpn rsa · id 05 · RSA · cannot sign for the chain", "05", False),
    ]
    assert form.pin_edit.text() == softhsm.pin  # kept for the import that follows

    # Choosing fills the key id, and the name from the token's label when none was typed.
    form.token_keys_combo.setCurrentIndex(1)
    assert form.key_id_edit.text() == "a1b2" and form.key_name_edit.text() == "clerk-p256"
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    assert d.attempt is not None
    qtbot.waitUntil(d.attempt.done, timeout=60_000)
    assert d.attempt.result() is True
    entry = wallet.entry("clerk-p256")
    assert entry.backend == "pkcs11" and entry.pkcs11 is not None and entry.pkcs11.key_id == "a1b2"
    assert entry.scheme == "p256"


def test_the_picker_forgets_keys_of_another_token_and_typed_hex_still_works(qtbot, aloop, tmp_path: Path,
                                                                             softhsm: SoftHsm) -> None:  # noqa: F811
    label = token_with_keys(softhsm)
    wallet = Wallet(tmp_path / "wallet")
    d = AddKeyDialog(wallet, mode=IMPORT_KEY, run_blocking=run_blocking_spy([]))
    qtbot.addWidget(d)
    d.show()
    form = d.form
    form.key_id_edit.setText("E1")  # typed before listing: the picker shows it chosen
    fill_token(form, softhsm, label)
    assert list_keys(form, qtbot)
    assert form.token_keys_combo.currentData() == "e1"
    qtbot.keyClicks(form.token_label_edit, "-other")  # another token now: the list is not its
    assert not form.token_keys_combo.isVisible() and form.listed_keys == []
    form.token_label_edit.setText(label)
    form.key_name_edit.setText("typed")
    form.key_id_edit.setText("E1")
    form.pin_edit.setText(softhsm.pin)
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
    assert d.attempt is not None
    qtbot.waitUntil(d.attempt.done, timeout=60_000)
    assert d.attempt.result() is True and wallet.entry("typed").pkcs11.key_id == "e1"  # type: ignore[union-attr]


def test_an_empty_token_says_so(qtbot, aloop, tmp_path: Path, softhsm: SoftHsm) -> None:  # noqa: F811
    label = softhsm.new_token()
    d = AddKeyDialog(Wallet(tmp_path / "wallet"), mode=IMPORT_KEY, run_blocking=run_blocking_spy([]))
    qtbot.addWidget(d)
    d.show()
    fill_token(d.form, softhsm, label)
    assert list_keys(d.form, qtbot)
    assert d.form.token_keys_status.text() == "There are no keys on this token."
    assert not d.form.token_keys_combo.isVisible()


def test_a_new_key_is_always_made_on_the_token_so_there_is_no_list(qtbot, tmp_path: Path) -> None:
    d = AddKeyDialog(Wallet(tmp_path / "wallet"), mode=NEW, run_blocking=run_blocking_spy([]))
    qtbot.addWidget(d)
    d.show()
    d.form.set_source(TOKEN)
    assert not d.form.list_keys_button.isVisible() and not d.form.key_id_edit.isVisible()


def test_first_run_lists_a_tokens_keys_without_making_the_wallet_folder(qtbot, aloop, tmp_path: Path,
                                                                          softhsm: SoftHsm) -> None:  # noqa: F811
    label = token_with_keys(softhsm)
    home = tmp_path / "wallet"
    d = FirstRunDialog(wallet_home=home)
    qtbot.addWidget(d)
    d.show()
    d.join_radio.setChecked(True)
    d.stack.setCurrentIndex(d.KEY)
    form = d.key_form
    form.key_name_edit.clear()
    fill_token(form, softhsm, label)
    assert form.list_keys_button.isVisible()
    assert list_keys(form, qtbot)
    assert not home.exists()
    assert [enabled for _t, _d, enabled in combo_items(form)] == [True, True, True, False]
    form.token_keys_combo.setCurrentIndex(2)
    assert (form.key_id_edit.text(), form.key_name_edit.text()) == ("e1", "desk-ed25519")


def test_a_name_clash_and_a_key_clash_are_said_apart(qtbot, tmp_path: Path) -> None:
    """``Wallet.import_keyfile`` raises ``KeyNameTaken`` or ``KeyAlreadyHeld``; the form says which, where."""
    wallet = Wallet(tmp_path / "wallet")
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    create_keyfile(first, PrivateKey.generate(), "a file password", strength="interactive")
    create_keyfile(second, PrivateKey.generate(), "a file password", strength="interactive")
    wallet.import_keyfile("laptop", first)
    with pytest.raises(KeyNameTaken) as taken:
        wallet.import_keyfile("laptop", second)
    with pytest.raises(KeyAlreadyHeld) as held:
        wallet.import_keyfile("laptop-2", first)
    assert describe(taken.value) == "The wallet already has a key with this name."
    assert describe(held.value) == "The wallet already holds this key (under another name)."

    d = AddKeyDialog(wallet, mode=IMPORT_KEY, run_blocking=run_blocking_spy([]))
    qtbot.addWidget(d)
    d.show()
    form = d.form
    assert form.show_failure(taken.value)
    assert form.key_name_error.text() == "The wallet already has a key with this name."
    assert form.keyfile_error.isHidden()
    form.clear_errors()
    assert form.show_failure(held.value)
    assert form.keyfile_error.text() == "This key is in the wallet already, as “laptop”."
    assert form.key_name_error.isHidden()
