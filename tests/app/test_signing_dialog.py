"""The signing dialog: the decoded view in people's words, Cancel as default, Confirm only after a delay."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog  # noqa: E402

from app.dialogs.signing_dialog import SigningDialog  # noqa: E402
from app.services import UnlockRequest  # noqa: E402
from node.core.address import format_address  # noqa: E402
from node.core.encoding import encode  # noqa: E402
from wallet.addressbook import AddressBook  # noqa: E402
from wallet.builder import build_body  # noqa: E402
from wallet.view import view_body  # noqa: E402

SENDER = bytes(range(1, 21))
PAYEE = format_address(bytes(range(21, 41)))


def transfer_view(tmp_path: Path, *, contact: bool = False, memo: str = "invoice 7") -> Any:
    tmp_path.mkdir(parents=True, exist_ok=True)
    book = AddressBook(tmp_path / "addressbook.json")
    if contact:
        book.add(PAYEE, "Acme Fuels", "acme")
    body = build_body(
        chain_id="depot-test",
        sender=SENDER,
        nonce=4,
        kind="token.transfer",
        fields={"to": PAYEE, "amount": 1250, "memo": memo},
    )
    return view_body(encode(body), address_book=book, expected_chain_id="depot-test")


def make_dialog(qtbot: Any, view: Any, delay_ms: int = 300, **kw: Any) -> SigningDialog:
    dialog = SigningDialog(view, confirm_delay_ms=delay_ms, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_cancel_is_default_and_confirm_waits_for_the_delay(qtbot, tmp_path, english_locale) -> None:
    dialog = make_dialog(qtbot, transfer_view(tmp_path), delay_ms=400)
    assert dialog.cancel_button.isDefault()
    assert not dialog.confirm_button.isDefault() and not dialog.confirm_button.autoDefault()
    assert dialog.confirm_timer.interval() == 400
    started = time.monotonic()
    assert not dialog.confirm_button.isEnabled()
    qtbot.waitUntil(dialog.confirm_button.isEnabled, timeout=3000)
    assert time.monotonic() - started >= 0.35


def test_enter_presses_cancel_not_confirm(qtbot, tmp_path) -> None:
    dialog = make_dialog(qtbot, transfer_view(tmp_path), delay_ms=0)
    qtbot.waitUntil(dialog.confirm_button.isEnabled, timeout=3000)
    with qtbot.assertNotEmitted(dialog.confirmed):
        with qtbot.waitSignal(dialog.finished, timeout=3000) as blocker:
            qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert blocker.args == [QDialog.DialogCode.Rejected.value]


def test_every_field_in_peoples_terms(qtbot, tmp_path, english_locale) -> None:
    view = transfer_view(tmp_path)
    dialog = make_dialog(qtbot, view)
    assert dialog.action_label.text() == "Pay settlement tokens to another account"
    assert dialog.field_labels["amount"].text() == "12.50 (in minor units: 1,250)"
    assert PAYEE in dialog.field_labels["to"].text()
    assert dialog.field_labels["memo"].text() == "invoice 7"
    assert dialog.fingerprint_label.text() == view.fingerprint
    assert len(view.fingerprint.split()) == 4


def test_first_time_recipient_is_warned(qtbot, tmp_path) -> None:
    dialog = make_dialog(qtbot, transfer_view(tmp_path))
    assert any("First-time recipient" in w.text() for w in dialog.warning_labels)
    known = make_dialog(qtbot, transfer_view(tmp_path / "b", contact=True))
    assert known.warning_labels == []
    assert "Acme Fuels" in known.field_labels["to"].text()


def test_direction_changing_characters_are_warned(qtbot, tmp_path) -> None:
    dialog = make_dialog(qtbot, transfer_view(tmp_path, memo="pay\u202eevil"))
    assert any("U+202E" in w.text() for w in dialog.warning_labels)


def test_refused_view_offers_only_cancel(qtbot) -> None:
    dialog = make_dialog(qtbot, None, delay_ms=0, refused="The transaction was altered after it was built; it is refused.")
    assert dialog.refused_label.isVisible()
    qtbot.wait(100)
    assert not dialog.confirm_button.isEnabled()
    assert dialog.cancel_button.isEnabled()


def test_password_is_asked_and_checked_before_confirm(qtbot, tmp_path) -> None:
    dialog = make_dialog(
        qtbot, transfer_view(tmp_path), delay_ms=0, unlock=UnlockRequest("password", "not remembered")
    )
    qtbot.waitUntil(dialog.confirm_button.isEnabled, timeout=3000)
    with qtbot.assertNotEmitted(dialog.confirmed):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.secret_error.isVisible()
    assert "password" in dialog.secret_error.text()
    qtbot.keyClicks(dialog.secret_edit, "hunter2hunter2")
    with qtbot.waitSignal(dialog.confirmed, timeout=1000) as blocker:
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["hunter2hunter2"]
    dialog.set_busy("Signing…")
    assert not dialog.confirm_button.isEnabled() and not dialog.cancel_button.isEnabled()
    dialog.show_secret_error("The password is not correct.")
    assert dialog.secret_error.text() == "The password is not correct."
    assert dialog.confirm_button.isEnabled()


def test_error_after_sending_keeps_confirm_off(qtbot, tmp_path) -> None:
    dialog = make_dialog(qtbot, transfer_view(tmp_path), delay_ms=0)
    qtbot.waitUntil(dialog.confirm_button.isEnabled, timeout=3000)
    dialog.show_error("The balance is not sufficient.", sent=True)
    assert not dialog.confirm_button.isEnabled()
    assert dialog.cancel_button.text() == "Close"
    assert dialog.error_label.text() == "The balance is not sufficient."
