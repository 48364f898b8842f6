"""The key rotation's "Replace the signing key" dialog: every refusal under its field, nothing chosen until the
answers are good, and the choice for a key file or a token key (the rotation itself is in test_wallet_page)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402

from app.dialogs.rotate_key_dialog import NewKeyChoice, RotateKeyDialog  # noqa: E402


def dialog(qtbot: Any, module: str = "") -> RotateKeyDialog:
    d = RotateKeyDialog("Northmill customer", taken_names={"customer", "old-key"}, pkcs11_module=module)
    qtbot.addWidget(d)
    d.show()
    return d


def press_ok(qtbot: Any, d: RotateKeyDialog) -> None:
    qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)


def test_a_file_key_is_refused_field_by_field_then_chosen(qtbot, english_locale) -> None:
    d = dialog(qtbot)
    assert d.windowTitle() == "Replace the signing key" and d.ok_button.text() == "Continue…"
    press_ok(qtbot, d)
    assert d.isVisible() and d.choice is None
    assert d.name_error.text() == "Name the new key."
    assert d.password_error.text() == "At least 10 characters."
    assert d.repeat_error.isHidden()

    d.name_edit.setText("customer")
    d.password_edit.setText("a long enough password")
    d.repeat_edit.setText("a long enough passw0rd")
    press_ok(qtbot, d)
    assert d.name_error.text() == "The wallet already has a key with this name."
    assert d.password_error.isHidden() and d.repeat_error.text() == "The two passwords differ."

    d.name_edit.setText("new key!")
    press_ok(qtbot, d)
    assert d.name_error.text().startswith("Use 1–64 letters")

    d.name_edit.setText("customer-2026")
    d.repeat_edit.setText("a long enough password")
    with qtbot.waitSignal(d.accepted, timeout=2_000):
        press_ok(qtbot, d)
    assert d.choice == NewKeyChoice("customer-2026", "file", password="a long enough password")
    assert d.name_error.isHidden() and d.repeat_error.isHidden()


def test_a_token_key_needs_a_module_that_exists_a_label_and_a_pin(qtbot, tmp_path: Path, english_locale) -> None:
    d = dialog(qtbot)
    d.backend_combo.setCurrentIndex(d.backend_combo.findData("pkcs11"))
    assert d.stack.currentIndex() == 1
    d.name_edit.setText("customer-token")
    press_ok(qtbot, d)
    assert d.module_error.text() == "Give the path of the PKCS#11 module."
    assert d.token_error.text() == "Give the token's label."
    assert d.pin_error.text() == "Enter the token's PIN."
    d.module_edit.setText(str(tmp_path / "no-such-module.so"))
    d.token_edit.setText("clerk token")
    d.pin_edit.setText("1234")
    press_ok(qtbot, d)
    assert d.module_error.text() == "There is no file at this path." and d.choice is None

    module = tmp_path / "libpkcs11.so"
    module.write_bytes(b"\x7fELF")
    d.module_edit.setText(str(module))
    with qtbot.waitSignal(d.accepted, timeout=2_000):
        press_ok(qtbot, d)
    assert d.choice == NewKeyChoice("customer-token", "pkcs11", module=str(module), token_label="clerk token", pin="1234")


def test_cancel_chooses_nothing(qtbot, run_async) -> None:
    d = dialog(qtbot)
    d.name_edit.setText("customer-2026")

    async def run_and_cancel() -> NewKeyChoice | None:
        import asyncio

        task = asyncio.ensure_future(d.run())
        await asyncio.sleep(0.05)
        d.reject()
        return await task

    assert run_async(run_and_cancel()) is None
